"""Handouts: lessons and plans as single HTML files, checked in a real, offline Chromium.

The browser tests open each file from file:// with every network request blocked
(conftest ``OfflinePage``): nothing may be fetched, nothing may log an error, axe
must find nothing, sliders must give lumbar_load's numbers, demos must move, print
must work on A4 and Letter, and a 390 px phone must not scroll sideways.
"""

from __future__ import annotations

import base64
import functools
import html
import http.server
import json
import math
import os
import subprocess
import sys
import threading
import zlib
from pathlib import Path
from typing import ClassVar

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from eduwidgets import cli
from eduwidgets.files import atomic_path, write_text_atomic
from eduwidgets.handout import (
    is_static_fragment,
    output_html,
    render_markdown,
)
from eduwidgets.model import lumbar_load
from eduwidgets.widgets.spine_figure import split_inputs

from conftest import NOTEBOOKS_DIR, ROOT, OfflinePage, axe_violations

EVIL = "<script>alert(1)</script>"
READOUTS = ("compression_n", "shear_n", "disc_pressure_mpa", "extensor_effort")
MAX_HANDOUT_BYTES = 1_500_000
# Printable area in CSS px (96 per inch) with the 15 mm margins handouts print with.
MM = 96 / 25.4
PAPER_CSS_PX = {"A4": (210 * MM - 30 * MM, 297 * MM - 30 * MM)}
PAPER_CSS_PX["Letter"] = (8.5 * 96 - 30 * MM, 11 * 96 - 30 * MM)


def tiny_png() -> bytes:
    """A valid 1 x 1 PNG, built here so the test needs no image file."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return len(data).to_bytes(4, "big") + body + zlib.crc32(body).to_bytes(4, "big")

    header = (1).to_bytes(4, "big") * 2 + bytes([8, 2, 0, 0, 0])
    pixels = zlib.compress(b"\x00\x0b\x5c\xad")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def lesson_notebook() -> nbformat.NotebookNode:
    """A lesson with one of each widget."""
    cells = [
        new_markdown_cell(
            "# Test lesson: your back muscles\n\nThis lesson shows how your back works.\n\n"
            "## This week\n\n- [ ] Walk for 10 minutes each day\n- [ ] Do the bird dog\n"
        ),
        new_code_cell("import eduwidgets", metadata={"tags": ["remove-input"]}),
        new_code_cell("print('raw code must never appear')", metadata={"tags": ["remove-cell"]}),
    ]
    widgets = {
        "eduwidgets.widgets.muscle_balance": "from eduwidgets import MuscleBalance\n"
        "MuscleBalance(controls=['extensors', 'obliques', 'hip_flexors', 'abdominals', "
        "'trunk_flexion_deg', 'load_kg'])",
        "eduwidgets.widgets.spine_figure": "from eduwidgets import SpineFigure\nSpineFigure()",
        "eduwidgets.widgets.exercise_demo": "from eduwidgets import ExerciseDemo\n"
        "ExerciseDemo('bird-dog', reps=2, hold_s=3)",
        "eduwidgets.widgets.knowledge_check": "from eduwidgets.widgets.knowledge_check import "
        "KnowledgeCheck, check_ids\nKnowledgeCheck(check_ids()[0])",
        "eduwidgets.widgets.red_flags": "from eduwidgets import RedFlags\nRedFlags()",
    }
    for module, source in widgets.items():
        title = module.rsplit(".", 1)[1].replace("_", " ").capitalize()
        cells.append(new_markdown_cell(f"## {title}\n\nTry it."))
        cells.append(new_code_cell(source))
    cells.append(new_markdown_cell("## A chart\n\nThe push on your back in three tasks."))
    cells.append(
        new_code_cell(
            "eduwidgets.figures.setup_notebook()\neduwidgets.figures.task_comparison_figure()"
        )
    )
    cells.append(new_code_cell("SECRET_CODE = 41 + 1\nSECRET_CODE"))
    notebook = new_notebook(cells=cells)
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    return notebook


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("inputs")
    lessons = folder / "lessons"
    lessons.mkdir()
    nbformat.write(lesson_notebook(), lessons / "01-test.ipynb")
    second = new_notebook(
        cells=[
            new_markdown_cell("# Second lesson\n\nA short one. See [the first](01-test.ipynb)."),
            new_code_cell("print('Keep moving.')"),
        ]
    )
    nbformat.write(second, lessons / "02-second.ipynb")
    nbformat.write(
        new_notebook(cells=[new_markdown_cell("# For authors")]), lessons / "gallery.ipynb"
    )
    (folder / "logo.png").write_bytes(tiny_png())
    (folder / "clinic.toml").write_text(
        'name = "Riverside <b>Physio</b>"\nphone = "020 7946 0000"\nlogo = "logo.png"\n'
    )
    (folder / "profile.toml").write_text(
        f'first_name = "{EVIL}"\nnote = "{EVIL} Walk every day."\n'
        '[muscles.extensors]\nstrength = 3\n[muscles.hip_flexors]\nlength = "mildly tight"\n'
        '[muscles.abdominals]\nbracing = "mild"\n'
        '[[exercises]]\nid = "bird-dog"\nsets = 2\nreps = 2\nhold_s = 3\n'
        '[[exercises]]\nid = "half-kneeling-hip-flexor-stretch"\n'
    )
    return folder


@pytest.fixture(scope="module")
def site(inputs) -> dict:
    """``eduwidgets handout --all`` and ``eduwidgets plan --pdf``, run as a user would."""
    out = inputs / "site"
    result = subprocess.run(
        [sys.executable, "-m", "eduwidgets.cli", "handout", "--all", "-o", str(out),
         "--notebooks", str(inputs / "lessons"), "--clinic", str(inputs / "clinic.toml")],
        capture_output=True, text=True, cwd=inputs, timeout=600,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    plan = inputs / "plan.html"
    code = cli.main(
        ["plan", str(inputs / "profile.toml"), "-o", str(plan), "--clinic",
         str(inputs / "clinic.toml"), "--pdf"]
    )  # fmt: skip
    assert code == 0
    return {
        "lesson": out / "01-test.html",
        "second": out / "02-second.html",
        "index": out / "index.html",
        "plan": plan,
        "stderr": result.stderr,
    }


# ------------------------------------------------------------------ the files themselves


def test_all_builds_every_lesson_and_an_index_with_progress(site):
    folder = site["lesson"].parent
    assert sorted(p.name for p in folder.iterdir()) == [
        "01-test.html",
        "02-second.html",
        "icons",  # the site as an app on a phone (handout/offline.py, tests/test_offline.py)
        "index.html",
        "manifest.webmanifest",
        "plan.html",  # the plan made in the browser from its address (issue 24)
        "sw.js",
    ]  # gallery.ipynb is for authors; no temporary files are left behind
    assert "2/2 lessons built" in site["stderr"]
    # Every page the build writes is a site page: the manifest, the worker and their CSP.
    for name in ("01-test.html", "index.html", "plan.html"):
        page = html.unescape((folder / name).read_text())
        assert '<link rel="manifest" href="manifest.webmanifest">' in page, name
        assert '<script data-edu-worker="sw.js">' in page, name
        assert "worker-src 'self'; manifest-src 'self'" in page, name
    index = site["index"].read_text()  # the clinic's landing page: lesson list and patient form
    assert 'href="01-test.html" data-lesson="01-test"' in index
    assert 'href="02-second.html" data-lesson="02-second"' in index
    assert "Test lesson: your back muscles" in index and "Second lesson" in index
    # "Save as a profile file" is made in the browser (issue 24), so the site's form has it too.
    assert 'class="patient-form"' in index and 'id="edu-save"' in index
    assert 'href="01-test.html">the first</a>' in site["second"].read_text()


def test_handout_holds_no_code_no_cdn_and_the_clinic(site):
    text = site["lesson"].read_text()
    assert len(text.encode()) <= MAX_HANDOUT_BYTES
    for absent in (
        "SECRET_CODE",
        "raw code must never appear",
        "import eduwidgets",
        "require.js",
        "requirejs",
        "MathJax",
        "application/vnd.jupyter.widget",
        "cdn.",
        "unpkg",
        "plotly.min.js",
        "window.PlotlyConfig",
    ):
        assert absent not in text, absent
    assert "Content-Security-Policy" in text and "default-src 'none'" in text
    assert "Riverside &lt;b&gt;Physio&lt;/b&gt;" in text
    assert 'href="tel:02079460000"' in text
    assert 'src="data:image/png;base64,' in text
    assert text.count("EduWidgets.boot(document)") == 1  # assets once, not per widget


def test_plan_escapes_typed_text_and_is_private(site):
    text = site["plan"].read_text()
    assert EVIL not in text
    # The patient is baked into the page as JSON that no tag can end early; the page
    # shows the name as text (test_typed_text_shows_as_text_and_never_runs).
    assert "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e" in text
    assert oct(site["plan"].stat().st_mode & 0o777) == "0o600"
    pdf = site["plan"].with_suffix(".pdf")
    assert pdf.read_bytes()[:5] == b"%PDF-"
    assert oct(pdf.stat().st_mode & 0o777) == "0o600"


@pytest.mark.browser
def test_plan_explains_each_exercise_from_the_ratings(opened):
    # The plan is made on the page (handout/plan_page.js): read what the page shows.
    text = opened("plan").page.locator("main").inner_html()
    assert "Your back muscles scored 3 out of 5 for strength. This exercise works them." in text
    assert "Your hip flexors are mildly tight. This exercise gently stretches them." in text
    # The week: two exercises + "stay active"; the four-week log: three a day (exercises,
    # a walk or other movement, a step toward the goal).
    assert text.count('class="handout-tick"') == 7 * 3 + 3 * 7 * 4


# ------------------------------------------------------------------ in the browser

PAGES = ("lesson", "second", "index", "plan")


@pytest.fixture
def opened(browser, site, request):
    def open_page(name: str, clock: bool = False, **context):
        holder = OfflinePage(browser, **context)
        request.addfinalizer(holder.close)
        dialogs: list[str] = []
        holder.page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        holder.dialogs = dialogs
        if clock:  # the page's timers and frames run on Playwright's clock (page.clock)
            holder.page.clock.install()
        holder.page.goto(site[name].as_uri(), wait_until="load")
        holder.page.wait_for_timeout(200)
        if name == "plan":  # the reader taps each demo and "about your muscles" open
            holder.page.evaluate(
                "document.querySelectorAll('main details').forEach((d) => { d.open = true; })"
            )
        return holder

    return open_page


@pytest.mark.browser
@pytest.mark.parametrize("name", PAGES)
def test_opens_offline_clean_and_accessible(opened, name):
    holder = opened(name)
    assert holder.network_requests == []
    assert holder.console_errors == []
    assert axe_violations(holder.page) == []
    widgets = holder.page.locator("[data-eduwidget]")
    assert widgets.count() == holder.page.locator("[data-edu-mounted]").count()


@pytest.mark.browser
@pytest.mark.parametrize("name", PAGES)
def test_phone_width_has_no_sideways_scroll(opened, name):
    holder = opened(name, viewport={"width": 390, "height": 844})
    width = holder.page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390


# One widget's inputs (its config's values with the sliders' own) and every readout it
# shows, read in one call after each key press.
READ_WIDGET = """(widget) => {
  const values = JSON.parse(widget.querySelector("script.edu-config").textContent).values;
  for (const slider of widget.querySelectorAll('input[type="range"]'))
    values[slider.getAttribute("name")] = parseFloat(slider.value);
  const readouts = [...widget.querySelectorAll("[data-quantity]")].map((readout) =>
    [readout.getAttribute("data-quantity"), readout.getAttribute("data-value")]);
  return { values, readouts };
}"""


def _expected(values: dict):
    return lumbar_load(*split_inputs(values))


@pytest.mark.browser
@pytest.mark.parametrize("name", ["lesson", "plan"])
def test_every_slider_from_the_keyboard_gives_the_models_numbers(opened, name):
    holder = opened(name)
    widgets = holder.page.locator('[data-eduwidget="muscle-balance"]').all()
    assert widgets
    checked = 0
    for widget in widgets:
        for slider in widget.locator('input[type="range"]').all():
            slider.focus()  # then the keys, as a keyboard user presses them
            for key in ("ArrowLeft", "ArrowLeft", "End", "ArrowLeft", "Home", "ArrowRight"):
                holder.page.keyboard.press(key)
                shown = widget.evaluate(READ_WIDGET)
                expected = _expected(shown["values"])
                for quantity, value in shown["readouts"]:
                    if quantity not in READOUTS:
                        continue
                    want = getattr(expected, quantity)
                    assert math.isclose(float(value), want, rel_tol=1e-6, abs_tol=1e-9), (
                        f"{slider.get_attribute('name')} {key}: {quantity} {value} != {want}"
                    )
                    checked += 1
    assert checked >= 4 * 6 * 4
    assert holder.network_requests == [] and holder.console_errors == []


@pytest.mark.browser
@pytest.mark.parametrize("name", ["lesson", "plan"])
def test_demos_animate_and_timers_count(opened, name):
    # The demo's own frames (requestAnimationFrame, performance.now) run unchanged; the
    # clock moves them on 200 ms at a time instead of the test waiting that long for real.
    holder = opened(name, clock=True)
    page = holder.page
    demos = page.locator('[data-eduwidget="exercise-demo"]').all()
    assert demos
    for demo in demos:
        demo.scroll_into_view_if_needed()
        frame_before = demo.get_attribute("data-frame")
        demo.locator("button.edu-ex-play").click()
        timer_values: set[str] = set()
        for _ in range(80):  # up to 16 s of the page's time: reach the hold, watch it count
            page.clock.run_for(200)
            holding, timer_s = demo.evaluate("(d) => [d.dataset.holding, d.dataset.timerS]")
            if holding == "true":
                timer_values.add(timer_s)
            if len(timer_values) >= 2:
                break
        assert demo.get_attribute("data-frame") != frame_before
        assert len(timer_values) >= 2, f"hold timer did not count: {timer_values}"
        demo.locator("button.edu-ex-play").click()  # pause
    assert holder.network_requests == [] and holder.console_errors == []


@pytest.mark.browser
def test_typed_text_shows_as_text_and_never_runs(opened):
    holder = opened("plan")
    page = holder.page
    assert page.locator("h1").first.text_content() == f"{EVIL}'s back plan"
    assert EVIL in page.locator(".handout-note").text_content()
    for button in page.locator("button:visible").all()[:10]:
        button.click()
    page.wait_for_timeout(300)
    assert holder.dialogs == []
    assert holder.console_errors == [] and holder.network_requests == []


@pytest.mark.browser
@pytest.mark.parametrize("paper", ["A4", "Letter"])
@pytest.mark.parametrize("name", ["lesson", "plan"])
def test_prints_on_paper_without_cut_figures(opened, tmp_path, name, paper):
    width, height = PAPER_CSS_PX[paper]
    holder = opened(name, viewport={"width": int(width), "height": int(height)})
    page = holder.page
    page.emulate_media(media="print")
    page.wait_for_timeout(100)
    layout = page.evaluate(
        """() => {
          const style = (el) => getComputedStyle(el);
          const shown = (el) => style(el).display !== 'none' && el.getClientRects().length;
          // Pictures, rows and readouts must never be cut: each fits a page and avoids breaks.
          const whole = [...document.querySelectorAll(
            'main svg, main img, main figure, main tr, main .edu-readout')].filter(shown)
            .filter((el) => !el.parentElement.closest('svg'));
          return {
            tallest: Math.max(0, ...whole.map((b) => b.getBoundingClientRect().height)),
            breakable: whole.filter((b) => style(b).breakInside !== 'avoid'
              && !['svg', 'img'].includes(b.localName)).map((b) => b.outerHTML.slice(0, 80)),
            // A lesson's long widgets (muscle balance, exercise demo, warning signs)
            // may break between their parts to keep to 8 pages (lesson.css); their
            // parts are in "whole" above. Every other output stays whole.
            outputs: [...document.querySelectorAll('.handout-output')]
              .filter((b) => !b.querySelector(
                '.edu-muscle-balance, .edu-exercise-demo, .edu-red-flags'))
              .filter((b) => style(b).breakInside !== 'avoid').length,
            wholeOutputs: [...document.querySelectorAll('.handout-output')]
              .filter((b) => style(b).breakInside === 'avoid').length,
            sectionBreaks: [...document.querySelectorAll('.handout-section')]
              .map((s) => style(s).breakBefore),
            visibleRanges: [...document.querySelectorAll('input[type="range"]')]
              .filter(shown).length,
            valueTexts: [...document.querySelectorAll('.handout-print-value, .edu-mb-value')]
              .filter((v) => shown(v) && v.textContent.trim()).length,
            ranges: document.querySelectorAll('input[type="range"]').length,
            boxes: [...document.querySelectorAll('.handout-tick')]
              .filter((b) => shown(b) && b.getBoundingClientRect().width >= 16).length,
            scrollWidth: document.documentElement.scrollWidth,
          };
        }"""
    )
    assert layout["tallest"] <= height, f"a picture is {layout['tallest']:.0f} px on {paper}"
    assert layout["breakable"] == []
    assert layout["visibleRanges"] == 0
    if name == "plan":
        # The plan's paper keeps to four A4 pages (tests/test_plan_page.py): its sections
        # run on, the warning signs may go on to the next page, and "about your muscles"
        # (the sliders) stays on screen.
        assert layout["sectionBreaks"] and "page" not in layout["sectionBreaks"]
    else:
        assert layout["outputs"] == 0 and layout["wholeOutputs"] > 0
        # Sections run on (at most 8 A4 pages, tests/test_plan_page.py).
        assert layout["sectionBreaks"] and "page" not in layout["sectionBreaks"]
        # The sliders and their numbers stay on screen (lesson.css, 8 pages): the
        # figures print at the patient's values instead.
        assert layout["ranges"] > 0 and layout["valueTexts"] == 0
    assert layout["boxes"] >= 2  # checklists print with boxes to tick
    assert layout["scrollWidth"] <= math.ceil(width)
    pdf = tmp_path / f"{name}-{paper}.pdf"
    page.pdf(
        path=str(pdf), format=paper, margin={k: "15mm" for k in ("top", "bottom", "left", "right")}
    )
    data = pdf.read_bytes()
    assert data[:5] == b"%PDF-" and data.count(b"/Type /Page") >= 2
    assert holder.network_requests == [] and holder.console_errors == []


# ------------------------------------------------------------------ bad input and failures


def _leftovers(folder: Path, keep: set[str]) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name not in keep)


@pytest.mark.parametrize(
    ("case", "text", "message"),
    [
        ("unknown field", "age = 40\n", "line 1: age: unknown field"),
        ("bad grade", "[muscles.extensors]\nstrength = 0\n", "line 2: muscles.extensors"),
        ("unknown exercise", '[[exercises]]\nid = "sit-up"\n', "not a known exercise"),
        ("broken toml", 'first_name = "Ann\n', "not valid TOML"),
    ],
)
def test_bad_profile_exits_2_and_writes_nothing(tmp_path, capsys, case, text, message):
    (tmp_path / "profile.toml").write_text(text)
    (tmp_path / "plan.html").write_text("the old plan")
    code = cli.main(["plan", str(tmp_path / "profile.toml"), "-o", str(tmp_path / "plan.html")])
    assert code == 2
    err = capsys.readouterr().err
    assert message in err and "profile.toml" in err
    assert (tmp_path / "plan.html").read_text() == "the old plan"
    assert _leftovers(tmp_path, {"profile.toml", "plan.html"}) == []


@pytest.mark.parametrize(
    "clinic",
    ['name = "A"\nfax = "1"\n', 'phone = "call me"\n', 'name = "A"\nlogo = "missing.png"\n', "x ="],
)
def test_bad_clinic_config_exits_2_before_any_work(tmp_path, capsys, clinic):
    (tmp_path / "clinic.toml").write_text(clinic)
    for command in (
        ["plan", str(ROOT / "examples" / "profile.toml"), "-o", str(tmp_path / "plan.html")],
        ["handout", str(tmp_path / "none.ipynb"), "-o", str(tmp_path / "lesson.html")],
        ["handout", "--all", "-o", str(tmp_path / "site")],
    ):
        assert cli.main([*command, "--clinic", str(tmp_path / "clinic.toml")]) == 2
        assert "clinic.toml" in capsys.readouterr().err
    assert _leftovers(tmp_path, {"clinic.toml"}) == []


def test_missing_notebook_and_bad_arguments_exit_2(tmp_path, capsys):
    assert cli.main(["handout", str(tmp_path / "nope.ipynb"), "-o", str(tmp_path / "x.html")]) == 2
    assert "does not exist" in capsys.readouterr().err
    assert cli.main(["handout", str(NOTEBOOKS_DIR / "00-welcome.ipynb"), "-o", str(tmp_path)]) == 2
    with pytest.raises(SystemExit) as exited:
        cli.main(["handout", "x.ipynb", "--all", "-o", str(tmp_path / "x.html")])
    assert exited.value.code == 2
    assert _leftovers(tmp_path, set()) == []


@pytest.mark.slow
def test_failing_notebook_exits_1_naming_the_cell_and_writes_nothing(tmp_path, capsys):
    notebook = new_notebook(
        cells=[
            new_markdown_cell("# Broken"),
            new_code_cell("x = 1"),
            new_code_cell("x / 0"),
            new_code_cell("print('never')"),
        ]
    )
    nbformat.write(notebook, tmp_path / "01-broken.ipynb")
    code = cli.main(["handout", str(tmp_path / "01-broken.ipynb"), "-o", str(tmp_path / "b.html")])
    assert code == 1
    err = capsys.readouterr().err
    assert "cell 3 (x / 0)" in err and "ZeroDivisionError: division by zero" in err
    assert _leftovers(tmp_path, {"01-broken.ipynb"}) == []


def _handout_with_kernel(tmp_path: Path, kernel_code: str) -> subprocess.CompletedProcess:
    """``eduwidgets handout 01-lesson.ipynb -o page.html`` in its own process, the lesson's
    kernel being ``python -c kernel_code {connection_file}`` (a kernelspec of its own)."""
    spec = tmp_path / "jupyter" / "kernels" / "eduwidgets-planted"
    spec.mkdir(parents=True)
    argv = [sys.executable, "-c", kernel_code, "{connection_file}"]
    kernel = {"argv": argv, "display_name": "planted", "language": "python"}
    (spec / "kernel.json").write_text(json.dumps(kernel))
    notebook = new_notebook(cells=[new_markdown_cell("# Planted"), new_code_cell("x = 1")])
    notebook.metadata["kernelspec"] = {"name": "eduwidgets-planted", "display_name": "planted"}
    nbformat.write(notebook, tmp_path / "01-lesson.ipynb")
    return subprocess.run(
        [sys.executable, "-m", "eduwidgets.cli", "handout", "01-lesson.ipynb", "-o", "page.html"],
        cwd=tmp_path,
        env={**os.environ, "JUPYTER_PATH": str(tmp_path / "jupyter")},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.slow
def test_a_kernel_that_dies_gives_its_last_line_as_the_reason_and_nothing_else(tmp_path):
    """A kernel that cannot start printed its own traceback on the console, apart from
    the error that named the lesson, and nbclient's exit hook printed another as the
    command ended. Now the command's whole stderr is the one message, with the kernel's
    last line as its reason, and nothing is written."""
    dies = (
        "import sys; sys.stderr.write('Traceback (most recent call last):\\n"
        "ModuleNotFoundError: planted, no kernel here\\n'); sys.exit(3)"
    )
    result = _handout_with_kernel(tmp_path, dies)
    assert result.returncode == 1, result.stderr
    (line,) = result.stderr.strip().splitlines()
    assert "01-lesson.ipynb: the kernel failed to run" in line, line
    assert line.endswith("The kernel said: ModuleNotFoundError: planted, no kernel here"), line
    assert _leftovers(tmp_path, {"01-lesson.ipynb", "jupyter"}) == []


# A kernel whose first ``fails`` starts die as one whose port another process took, and
# which then starts for real (ipykernel, on the same connection file).
PORT_TAKEN_KERNEL = """
import os, sys
from pathlib import Path
starts = Path({starts!r})
count = len(starts.read_text()) + 1 if starts.exists() else 1
starts.write_text("x" * count)
if count <= {fails}:
    sys.stderr.write("zmq.error.ZMQError: Address already in use (addr='tcp://127.0.0.1:1')\\n")
    sys.exit(1)
os.execv(sys.executable, [sys.executable, "-m", "ipykernel_launcher", "-f", sys.argv[1]])
"""


@pytest.mark.slow
def test_a_kernel_whose_port_was_taken_is_started_again(tmp_path):
    """Jupyter's port race (the client picks free ports, the kernel binds them later)
    failed a lesson in the Binder test once: the kernel died saying 'Address already in
    use'. A new kernel gets new ports: the lesson is made, and nothing is said."""
    starts = tmp_path / "starts"
    result = _handout_with_kernel(tmp_path, PORT_TAKEN_KERNEL.format(starts=str(starts), fails=1))
    assert result.returncode == 0, result.stderr
    assert starts.read_text() == "xx"
    assert "Address already in use" not in result.stderr, result.stderr
    assert "Planted" in (tmp_path / "page.html").read_text()


@pytest.mark.slow
def test_a_kernel_whose_ports_stay_taken_fails_after_three_starts(tmp_path):
    starts = tmp_path / "starts"
    result = _handout_with_kernel(tmp_path, PORT_TAKEN_KERNEL.format(starts=str(starts), fails=9))
    assert result.returncode == 1, result.stderr
    assert starts.read_text() == "xxx"
    (line,) = result.stderr.strip().splitlines()
    assert "the kernel failed to run" in line and "Address already in use" in line, line
    assert _leftovers(tmp_path, {"01-lesson.ipynb", "jupyter", "starts"}) == []


@pytest.mark.slow
def test_what_a_kernel_writes_on_its_console_stays_off_ours(tmp_path, capfd):
    """A kernel writes on its own console, which was the command's or the clinic's:
    ipykernel echoes there what a cell writes to stderr, and its libraries log there as
    it shuts down (a zmq callback's traceback, planted here at the kernel's exit). The
    author is told of a cell's stderr once, in the command's warning; the page and the
    console hold nothing else. (Under pytest ipykernel leaves a cell's fd 2 uncaptured,
    PYTEST_CURRENT_TEST, so the cell writes through sys.stderr.)"""
    noisy = (
        "import atexit, os, sys\n"
        "sys.stderr.write('planted on stderr\\n')\n"
        "atexit.register(os.write, 2, b'Uncaught exception in zmqstream callback\\n')"
    )
    notebook = new_notebook(cells=[new_markdown_cell("# Noisy"), new_code_cell(noisy)])
    nbformat.write(notebook, tmp_path / "01-noisy.ipynb")
    out = tmp_path / "n.html"
    assert cli.main(["handout", str(tmp_path / "01-noisy.ipynb"), "-o", str(out)]) == 0
    err = capfd.readouterr().err
    assert "zmqstream" not in err, err
    assert err.count("planted on stderr") == 1, err
    assert "cell 2: wrote to stderr (left out of the page): planted on stderr" in err, err
    assert "planted" not in out.read_text() and "zmqstream" not in out.read_text()


# ------------------------------------------------------------------ the pieces


def test_atomic_writes_leave_nothing_behind_on_failure(tmp_path):
    target = tmp_path / "a.html"
    write_text_atomic(target, "one")
    with pytest.raises(RuntimeError), atomic_path(target) as tmp:
        tmp.write_text("half")
        raise RuntimeError("stopped")
    assert target.read_text() == "one"
    assert _leftovers(tmp_path, {"a.html"}) == []
    write_text_atomic(target, "two")
    assert target.read_text() == "two" and oct(target.stat().st_mode & 0o777) == "0o644"


def test_static_fragments_keep_data_scripts_only():
    assert is_static_fragment('<section><script type="application/json">{}</script></section>')
    assert is_static_fragment("<svg><rect width='3'/></svg>")
    assert not is_static_fragment("<div></div><script>require(['plotly'])</script>")
    assert not is_static_fragment('<script src="https://cdn.plot.ly/plotly.js"></script>')
    assert not is_static_fragment('<img src="https://example.org/a.png">')
    assert not is_static_fragment('<img src="x" onerror="alert(1)">')


def test_outputs_take_the_static_html_and_drop_the_rest(tmp_path):
    static = '<section data-eduwidget="x"><script type="application/json">{}</script></section>'
    widget = {
        "output_type": "display_data",
        "data": {
            "text/plain": "MuscleBalance(...)",
            "application/vnd.jupyter.widget-view+json": {"model_id": "abc"},
            "text/html": static,
        },
    }
    assert output_html(widget, tmp_path, set()) == (static, None)
    view = {"model_id": "a"}
    bare_widget = {
        "output_type": "display_data",
        "data": {"text/plain": "VBox()", "application/vnd.jupyter.widget-view+json": view},
    }
    assert output_html(bare_widget, tmp_path, set()) == ("", None)
    plotly = {
        "output_type": "display_data",
        "data": {"text/html": "<script>window.PlotlyConfig={}</script>",
                 "application/vnd.plotly.v1+json": {}},
    }  # fmt: skip
    html_text, warning = output_html(plotly, tmp_path, set())
    assert "live lesson" in html_text and "application/vnd.plotly.v1+json" in warning
    result = {"output_type": "execute_result", "data": {"text/plain": "42"}}
    assert output_html(result, tmp_path, set()) == ("", None)
    stderr = {"output_type": "stream", "name": "stderr", "text": "\nDeprecationWarning: x\nmore"}
    assert output_html(stderr, tmp_path, set()) == (
        "",
        "wrote to stderr (left out of the page): DeprecationWarning: x",
    )
    blank = {"output_type": "stream", "name": "stderr", "text": " \n"}
    assert output_html(blank, tmp_path, set()) == ("", None)
    stdout = {"output_type": "stream", "name": "stdout", "text": "<b>hi</b>"}
    assert "&lt;b&gt;hi&lt;/b&gt;" in output_html(stdout, tmp_path, set())[0]
    png = {
        "output_type": "display_data",
        "data": {"image/png": base64.b64encode(tiny_png()).decode()},
    }
    assert output_html(png, tmp_path, set())[0].startswith('<img src="data:image/png;base64,')


def test_markdown_checklists_images_and_raw_html(tmp_path):
    (tmp_path / "pic.png").write_bytes(tiny_png())
    text = (
        "## Do this\n\n- [ ] Walk\n- [x] Stretch\n\n"
        "![a spine](pic.png) ![remote](https://example.org/x.png)\n\n"
        "<script>alert(1)</script>\n\n<div class='note'>kept</div>\n\n[next](02-next.ipynb)"
    )
    out = render_markdown(text, tmp_path, set())
    assert out.count('<input type="checkbox" class="handout-tick"') == 2
    assert '<label><input type="checkbox" class="handout-tick"><span>Walk</span></label>' in out
    assert 'src="data:image/png;base64,' in out and 'alt="a spine"' in out
    assert "example.org" not in out and "[Picture: remote]" in out
    assert "<script>" not in out and "&lt;script&gt;" in out
    assert "<div class='note'>kept</div>" in out
    assert 'href="02-next.html"' in out
    assert '<h2 id="do-this">' in out


# ------------------------------------------------------------------ the real lessons


@pytest.mark.slow
@pytest.mark.browser
def test_every_real_lesson_builds_small_offline_and_accessible(browser, english_site):
    # conftest's english_site checks that every output has a static form (none left out).
    lessons = sorted(english_site.glob("[0-9]*.html"))
    assert len(lessons) == len(list(NOTEBOOKS_DIR.glob("[0-9]*.ipynb")))
    # One phone, lesson after lesson, as a patient reads them: opening a page writes
    # nothing that the next could read (progress is kept only when a patient acts).
    holder = OfflinePage(browser, viewport={"width": 390, "height": 844})
    try:
        for path in [*lessons, english_site / "index.html"]:
            assert path.stat().st_size <= MAX_HANDOUT_BYTES, path.name
            holder.page.goto(path.as_uri(), wait_until="load")
            holder.page.wait_for_timeout(200)
            assert holder.page.evaluate("document.documentElement.scrollWidth") <= 390, path.name
            assert holder.page.evaluate("localStorage.length") == 0, path.name
            assert holder.network_requests == [], path.name
            assert holder.console_errors == [], path.name
            assert axe_violations(holder.page) == [], path.name
    finally:
        holder.close()


class _QuietStaticHandler(http.server.SimpleHTTPRequestHandler):
    """A plain static file server, as GitHub Pages is; its log is kept for the test."""

    log_lines: ClassVar[list[str]] = []

    def log_message(self, format, *args):
        self.log_lines.append(format % args)


def _open_site_with_a_patient(browser, base: str) -> None:
    """Index, form, a lesson and back, on a site at ``base``; nothing leaves the site."""
    sent: list[str] = []
    outside: list[str] = []

    def route(request_route):
        url = request_route.request.url
        sent.append(url)
        if url.startswith((base, "data:", "about:", "blob:")):
            request_route.continue_()
        else:
            outside.append(url)
            request_route.abort()

    holder = OfflinePage(browser)
    holder.context.unroute("**/*")
    holder.context.route("**/*", route)
    page = holder.page
    try:
        page.goto(base + "index.html")
        page.get_by_text("For the clinician").click()
        page.get_by_label("First name").fill("Rowan")
        page.locator("#extensors_strength").select_option("2")
        page.get_by_role("button", name="Open the lessons with these values").click()
        assert page.locator("#patient-heading").inner_text() == "Set for Rowan"
        page.locator('a.card[data-lesson="01-test"]').click()
        page.wait_for_selector("main [data-eduwidget][data-edu-mounted]")
        assert page.locator("#edu-patient").inner_text() == "Set for Rowan"
        extensors = page.locator('main input[type=range][name="extensors"]')
        assert float(extensors.input_value()) == pytest.approx(0.3)
        page.get_by_role("link", name="All lessons").click()
        page.wait_for_selector("a.card")
        assert page.locator("#patient-heading").inner_text() == "Set for Rowan"
        assert outside == [], base
        assert holder.console_errors == [], (base, holder.console_errors)
        assert [url for url in sent if "Rowan" in url or "extensors" in url] == []
    finally:
        holder.close()


@pytest.mark.slow
@pytest.mark.browser
def test_the_site_works_from_a_static_server_and_from_file_with_a_patient(site, browser):
    """``handout --all`` is a whole site: the form writes the fragment, lessons apply it,
    with no request off the site, no console error, and no patient value in any request."""
    folder = site["index"].parent
    handler = functools.partial(_QuietStaticHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        _open_site_with_a_patient(browser, f"http://127.0.0.1:{server.server_port}/")
    finally:
        server.shutdown()
        thread.join()
    _open_site_with_a_patient(browser, folder.as_uri() + "/")
    assert _QuietStaticHandler.log_lines
    assert [line for line in _QuietStaticHandler.log_lines if "Rowan" in line] == []


def test_the_pages_workflow_builds_and_publishes_the_site():
    workflow = (ROOT / ".github" / "workflows" / "pages.yml").read_text()
    assert "eduwidgets.cli handout --all -o site/" in workflow
    assert "actions/upload-pages-artifact" in workflow and "path: site/" in workflow
    assert "actions/deploy-pages" in workflow
    assert "pip install -r binder/requirements.txt" in workflow  # the pins of uv.lock

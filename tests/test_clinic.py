"""The clinic app (``eduwidgets clinic``): a real server on a free loopback port, a real browser.

Lessons are discovered from ``notebooks/``. The module's server serves a copy of them
plus one test-only explorer (``99-test-explorer``) that shows every slider, so a test
can compute ``lumbar_load`` from what is on screen and compare it exactly.
"""

from __future__ import annotations

import math
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from eduwidgets import clinic, session
from eduwidgets.errors import InputError
from eduwidgets.model import Body, Muscles, Posture, lumbar_load
from eduwidgets.profile import load_profile

from conftest import lesson_widgets, page_kernel_id

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS_DIR = ROOT / "notebooks"
LESSONS = sorted(NOTEBOOKS_DIR.glob(clinic.LESSON_PATTERN))
LESSON_SLUGS = [path.stem for path in LESSONS]
EXPLORER = "99-test-explorer"
LIVE_LESSON = "98-test-live-widget"
VOILA_FRONT_END = "/voila/static/voila.js"
EXAMPLE_PROFILE = ROOT / "examples" / "profile.toml"
MUSCLE_FIELDS = (
    "extensors",
    "obliques",
    "hip_flexors",
    "abdominals",
    "obliques_tension",
    "abdominals_tension",
)
POSTURE_FIELDS = ("trunk_flexion_deg", "load_kg", "load_distance_m", "hip_flexor_activation")
READY = "#rendered_cells:not([style*='none'])"
VOILA_CELL_ERROR = "There was an error when executing cell"
START_TIMEOUT_S = 180
OPEN_TIMEOUT_MS = 90_000


# ------------------------------------------------------------------ helpers


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def kernel_pids(parent_pid: int) -> set[int]:
    """Kernel processes started by the server (children running ipykernel), via /proc."""
    found = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().decode(errors="replace")
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        if ppid == parent_pid and "ipykernel" in cmdline:
            found.add(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


class Clinic:
    """``eduwidgets clinic`` in a subprocess, on a free loopback port."""

    def __init__(self, log_path: Path, *args: str):
        self.port = free_port()
        self.notebooks_dir = (
            Path(args[args.index("--notebooks") + 1]) if "--notebooks" in args else NOTEBOOKS_DIR
        )
        self.url = f"http://127.0.0.1:{self.port}/"
        self.log_path = log_path
        self.log = open(log_path, "w")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "eduwidgets.cli", "clinic", "--port", str(self.port), *args],
            cwd=ROOT,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        self.seen_kernels: set[int] = set()
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"the clinic app exited early:\n{self.output()}")
            try:
                if fetch(self.url)[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.5)
        self.stop()
        pytest.fail(f"the clinic app did not answer within {START_TIMEOUT_S} s:\n{self.output()}")

    def output(self) -> str:
        self.log.flush()
        return self.log_path.read_text()

    def kernels(self) -> set[int]:
        pids = kernel_pids(self.process.pid)
        self.seen_kernels |= pids
        return pids

    def stop(self, sig: int = signal.SIGINT, timeout_s: float = 90) -> int | None:
        if self.process.poll() is None:
            self.kernels()
            self.process.send_signal(sig)
            try:
                self.process.wait(timeout=timeout_s)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
                return None
        self.log.close()
        return self.process.returncode


def write_explorer(folder: Path) -> None:
    """A test-only lesson: one explorer showing every slider, so every input is on screen."""
    import nbformat

    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    hidden = {"tags": ["remove-input"]}
    notebook.cells = [
        nbformat.v4.new_markdown_cell(
            "# Test explorer\n\n## What this lesson will help you do\n\nCheck every slider."
        ),
        nbformat.v4.new_code_cell(
            "from eduwidgets.muscle_balance import MuscleBalance", metadata=hidden
        ),
        nbformat.v4.new_code_cell(
            f"MuscleBalance(controls={list(MUSCLE_FIELDS + POSTURE_FIELDS)!r})", metadata=hidden
        ),
    ]
    nbformat.write(notebook, folder / f"{EXPLORER}.ipynb")


def write_live_lesson(folder: Path) -> None:
    """A test-only lesson with another library's widget, which only a live kernel can draw."""
    import nbformat

    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    notebook.cells = [
        nbformat.v4.new_markdown_cell(
            "# Test live widget\n\n## What this lesson will help you do\n\nMove a slider."
        ),
        nbformat.v4.new_code_cell(
            "import ipywidgets\nipywidgets.IntSlider(value=3, description='Live slider')",
            metadata={"tags": ["remove-input"]},
        ),
    ]
    nbformat.write(notebook, folder / f"{LIVE_LESSON}.ipynb")


def kernel_exists(server, kernel_id: str) -> bool:
    return fetch(server.url + f"api/kernels/{kernel_id}")[0] == 200


def wait_until(condition, timeout_s: float = 30) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return condition()


def has_muscle_balance() -> bool:
    try:
        import eduwidgets.muscle_balance  # noqa: F401
    except ImportError:
        return False
    return True


def axe_in(page, selector: str) -> list[dict]:
    """axe-core (WCAG 2.1 AA and best practice) inside one element: the lesson content."""
    import axe_playwright_python

    script = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text()
    page.evaluate(script)
    result = page.evaluate(
        """async (selector) => await axe.run(selector, {runOnly: {type: 'tag',
        values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}})""",
        selector,
    )
    return [
        {"id": v["id"], "help": v["help"], "nodes": [n["html"][:200] for n in v["nodes"][:3]]}
        for v in result["violations"]
    ]


class Visit:
    """One browser context on the clinic, recording console errors and off-machine requests."""

    def __init__(self, browser, **options):
        self.context = browser.new_context(**options)
        self.errors: list[str] = []
        self.outside: list[str] = []
        self.requested: list[str] = []
        self.page = self.context.new_page()
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else 0)
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("request", self._request)

    def _request(self, request):
        self.requested.append(request.url)
        if not request.url.startswith(("http://127.0.0.1", "data:", "blob:", "about:")):
            self.outside.append(request.url)

    def open_lesson(self, url: str) -> float:
        started = time.perf_counter()
        self.page.goto(url, wait_until="commit")
        self.page.wait_for_selector(READY, timeout=OPEN_TIMEOUT_MS)
        if self.page.locator("[data-eduwidget], .jupyter-widgets, .widget-subarea").count():
            self.page.wait_for_load_state("networkidle", timeout=OPEN_TIMEOUT_MS)
        return time.perf_counter() - started

    def close(self):
        self.context.close()


def readouts(page, scope: str = "") -> dict[str, float]:
    return page.evaluate(
        """(scope) => Object.fromEntries(Array.from(document.querySelectorAll(
            scope + ' [data-quantity][data-value]')).map(
            (node) => [node.dataset.quantity, Number(node.dataset.value)]))""",
        scope,
    )


def slider_values(page) -> dict[str, float]:
    page.wait_for_selector("#rendered_cells input[type=range][name]", timeout=OPEN_TIMEOUT_MS)
    return page.evaluate(
        """() => Object.fromEntries(Array.from(document.querySelectorAll(
            '#rendered_cells input[type=range][name]')).map((s) => [s.name, Number(s.value)]))"""
    )


def wait_for_readout(page, quantity: str, expected: float, timeout_s: float = 20) -> float:
    deadline = time.monotonic() + timeout_s
    value = math.nan
    while time.monotonic() < deadline:
        value = readouts(page).get(quantity, math.nan)
        if math.isclose(value, expected, rel_tol=1e-6):
            return value
        page.wait_for_timeout(50)
    return value


def expected_load(values: dict[str, float], body: Body) -> dict[str, float]:
    load = lumbar_load(
        body=body,
        posture=Posture(**{name: values[name] for name in POSTURE_FIELDS}),
        muscles=Muscles(**{name: values[name] for name in MUSCLE_FIELDS}),
    )
    return load.as_dict()


# ------------------------------------------------------------------ fixtures


@pytest.fixture(scope="module")
def lesson_dir(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("lessons")
    for path in LESSONS:
        shutil.copy(path, folder / path.name)
    if has_muscle_balance():
        write_explorer(folder)
    write_live_lesson(folder)
    return folder


@pytest.fixture(scope="module")
def server(lesson_dir, tmp_path_factory):
    log = tmp_path_factory.mktemp("clinic") / "clinic.log"
    app = Clinic(log, "--notebooks", str(lesson_dir), "--max-sessions", "24")
    yield app
    app.stop()


# ------------------------------------------------------------------ fast checks (no server)


def test_every_lesson_is_found_with_a_title_and_one_line():
    assert LESSONS, "no lessons in notebooks/"
    lessons = clinic.discover_lessons(NOTEBOOKS_DIR)
    assert [lesson.slug for lesson in lessons] == LESSON_SLUGS
    for lesson in lessons:
        assert lesson.title and len(lesson.title) < 100, lesson
        assert lesson.summary and len(lesson.summary) <= clinic.SUMMARY_MAX_CHARS, lesson
        assert clinic.lesson_picture(lesson.picture).startswith("<svg")


def test_current_patient_outside_voila_is_quick_and_none(monkeypatch):
    monkeypatch.delenv("VOILA_PREHEAT", raising=False)
    monkeypatch.delenv("QUERY_STRING", raising=False)
    monkeypatch.delenv("EDUWIDGETS_PROFILE", raising=False)
    monkeypatch.setattr(session, "_request_query_known", False)
    started = time.perf_counter()
    assert session.current_patient() is None
    assert time.perf_counter() - started < 0.1


def test_current_patient_reads_the_query_then_the_profile(monkeypatch):
    monkeypatch.delenv("VOILA_PREHEAT", raising=False)
    monkeypatch.setattr(session, "_request_query_known", False)
    monkeypatch.setenv("EDUWIDGETS_PROFILE", str(EXAMPLE_PROFILE))
    monkeypatch.setenv("QUERY_STRING", "extensors_strength=2&first_name=Ann&large=1")
    patient = session.current_patient()
    assert patient.first_name == "Ann"
    assert patient.muscles == Muscles(extensors=0.3)
    assert patient.body == Body()

    monkeypatch.setattr(session, "_request_query_known", False)
    monkeypatch.setenv("QUERY_STRING", "large=1")
    from_file = session.current_patient()
    profile = load_profile(EXAMPLE_PROFILE)
    assert from_file.first_name == profile.first_name
    assert from_file.muscles == profile.muscles()
    assert from_file.body == profile.body()


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("extensors_strength=0", "extensors_strength"),
        ("extensors_strength=4.5", "extensors_strength"),
        ("obliques_bracing=lots", "obliques_bracing"),
        ("hip_flexors_length=short", "hip_flexors_length"),
        ("mass_kg=nan", "mass_kg"),
        ("height_m=3", "height_m"),
        ("first_name=" + "x" * 41, "first_name"),
        ("shoe_size=9", "shoe_size"),
    ],
)
def test_bad_patient_values_name_the_field_and_what_is_allowed(query, field):
    with pytest.raises(InputError) as caught:
        session.patient_from_query(query)
    message = str(caught.value)
    assert field in message and "allowed" in message


def test_patient_values_round_trip_through_a_saved_profile(tmp_path):
    fields = {
        "first_name": 'Zoë "Z" <b>',
        "extensors_strength": "3",
        "obliques_strength": "4",
        "abdominals_bracing": "mild",
        "hip_flexors_length": "very tight",
        "mass_kg": "82.5",
        "height_m": "1.7",
    }
    patient = session.patient_from_query(fields)
    path = tmp_path / "saved.toml"
    path.write_text(clinic.profile_toml(patient.profile), encoding="utf-8")
    again = load_profile(path)
    assert again.first_name == fields["first_name"]
    assert again.muscles() == patient.muscles
    assert again.body() == patient.body
    assert session.patient_query(again) == fields


def test_a_broken_profile_gives_the_plan_commands_message_and_exit_2(tmp_path):
    broken = tmp_path / "broken.toml"
    broken.write_text('first_name = "Sam"\n[muscles.extensors]\nstrength = 7\n')
    with pytest.raises(InputError) as caught:
        load_profile(broken)
    command = [sys.executable, "-m", "eduwidgets.cli", "clinic", "--port", str(free_port())]
    result = subprocess.run(
        [*command, "--profile", str(broken)], capture_output=True, text=True, cwd=ROOT, timeout=60
    )
    assert result.returncode == 2
    assert result.stderr.strip() == f"eduwidgets: {caught.value}"
    plan = subprocess.run(
        [sys.executable, "-m", "eduwidgets.cli", "plan", str(broken), "-o", str(tmp_path / "p")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    if "invalid choice" not in plan.stderr:  # the plan command exists: same words, same code
        assert (plan.returncode, plan.stderr.strip()) == (2, result.stderr.strip())


def test_a_port_in_use_gives_a_clear_message_and_exit_2():
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "-m", "eduwidgets.cli", "clinic", "--port", str(port)],
            capture_output=True,
            text=True,
            cwd=ROOT,
            timeout=60,
        )
    assert result.returncode == 2
    assert f"--port {port} is already in use" in result.stderr


# ------------------------------------------------------------------ real server, real browser


@pytest.mark.slow
def test_unknown_addresses_give_a_friendly_page(server):
    for path in ("lessons/no-such-lesson", "voila/render/no-such.ipynb", "no/such/page"):
        status, body = fetch(server.url + path)
        assert status == 404, path
        assert "We could not find that" in body and "Go to all lessons" in body
        assert "Traceback" not in body


@pytest.mark.slow
def test_bad_values_in_a_lesson_address_give_a_clear_page(server):
    status, body = fetch(server.url + f"lessons/{LESSON_SLUGS[0]}?extensors_strength=9")
    assert status == 400
    assert "extensors_strength" in body and "allowed" in body


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.parametrize("width", [390, 1200])
def test_landing_page_lists_every_lesson(server, browser, width):
    visit = Visit(browser, viewport={"width": width, "height": 900})
    page = visit.page
    page.goto(server.url)
    for slug in LESSON_SLUGS:
        card = page.locator(f'a.card[data-lesson="{slug}"]')
        assert card.count() == 1, slug
        assert card.inner_text().strip()
        assert card.locator("svg").count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert axe_in(page, "body") == []
    # Larger text: one click, kept in every lesson's address.
    base_size = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    page.get_by_role("button", name="Larger text").click()
    assert page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)") > base_size
    assert "large=1" in page.locator("a.card").first.get_attribute("href")
    assert visit.errors == [] and visit.outside == []
    visit.close()


@pytest.mark.slow
@pytest.mark.browser
def test_the_form_escapes_a_typed_name_and_presets_every_lesson(server, browser):
    visit = Visit(browser)
    page = visit.page
    page.goto(server.url)
    page.get_by_text("For the clinician").click()
    page.get_by_label("First name").fill("<script>alert(1)</script>")
    page.locator("#extensors_strength").select_option("3")
    page.locator("#hip_flexors_length").select_option("very tight")
    page.get_by_role("button", name="Open the lessons with these values").click()
    page.wait_for_load_state()
    assert page.get_by_text("Set for <script>alert(1)</script>").count() == 1
    href = page.locator(f'a.card[data-lesson="{LESSON_SLUGS[0]}"]').get_attribute("href")
    assert "extensors_strength=3" in href and "hip_flexors_length=very+tight" in href
    assert "first_name=" not in page.url or "%3Cscript%3E" in page.url
    assert visit.errors == []
    visit.close()


def _check_lesson(visit: Visit, url: str) -> float:
    page = visit.page
    seconds = visit.open_lesson(url)
    content = page.locator("#rendered_cells")
    text = content.inner_text()
    assert VOILA_CELL_ERROR not in text, f"{url}: a cell failed"
    assert "Traceback" not in text
    # No code on screen: no input areas, no editors, no prompts.
    code = ".jp-InputArea-editor:visible, .jp-CodeMirrorEditor:visible, .jp-CodeCell pre:visible"
    assert page.locator(code).count() == 0
    assert page.locator(".jp-InputPrompt:visible, .jp-OutputPrompt:visible").count() == 0
    return seconds


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.parametrize("slug", LESSON_SLUGS)
def test_each_lesson_opens_code_free_and_answers_the_keyboard(server, browser, slug):
    visit = Visit(browser, viewport={"width": 1200, "height": 900})
    page = visit.page
    _check_lesson(visit, server.url + f"lessons/{slug}")
    sliders = page.locator("#rendered_cells input[type=range]")
    if sliders.count():
        slider = sliders.first
        before_value = slider.input_value()
        before = readouts(page)
        slider.focus()
        page.keyboard.press(
            "End" if float(before_value) < float(slider.get_attribute("max")) else "Home"
        )
        assert slider.input_value() != before_value
        deadline = time.monotonic() + 20
        while readouts(page) == before and time.monotonic() < deadline:
            page.wait_for_timeout(50)
        assert readouts(page) != before, f"{slug}: the readouts did not follow the slider"
    violations = axe_in(page, "#rendered_cells")
    assert violations == [], violations
    assert visit.errors == [], visit.errors
    assert visit.outside == [], visit.outside
    visit.close()


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.skipif(not has_muscle_balance(), reason="MuscleBalance is not in the package yet")
def test_a_keyboard_slider_move_gives_lumbar_loads_value(server, browser):
    visit = Visit(browser)
    page = visit.page
    _check_lesson(visit, server.url + f"lessons/{EXPLORER}")
    values = slider_values(page)
    assert set(values) == set(MUSCLE_FIELDS + POSTURE_FIELDS)
    for name, key in (("trunk_flexion_deg", "End"), ("hip_flexors", "ArrowRight")):
        page.locator(f'#rendered_cells input[type=range][name="{name}"]').focus()
        page.keyboard.press(key)
        values = slider_values(page)
        expected = expected_load(values, Body())
        for quantity in ("compression_n", "extensor_effort"):
            got = wait_for_readout(page, quantity, expected[quantity])
            assert math.isclose(got, expected[quantity], rel_tol=1e-6), (name, quantity)
    assert visit.errors == []
    visit.close()


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.skipif(not has_muscle_balance(), reason="MuscleBalance is not in the package yet")
def test_form_values_reach_a_lesson_in_large_type(server, browser):
    visit = Visit(browser, viewport={"width": 390, "height": 844})
    page = visit.page
    query = "first_name=%3Cb%3EAnn%3C%2Fb%3E&extensors_strength=3&obliques_bracing=strong&large=1"
    _check_lesson(visit, server.url + f"lessons/{EXPLORER}?{query}")
    values = slider_values(page)
    assert values["extensors"] == pytest.approx(0.5)
    # Bracing is tension, apart from strength (eduwidgets.profile, step 2).
    assert values["obliques"] == pytest.approx(1.0)
    assert values["obliques_tension"] == pytest.approx(0.15)
    assert page.locator("#edu-patient").inner_text() == "Set for <b>Ann</b>"
    assert page.evaluate("document.body.classList.contains('edu-large')")
    expected = expected_load(values, Body())
    assert wait_for_readout(page, "compression_n", expected["compression_n"]) == pytest.approx(
        expected["compression_n"], rel=1e-6
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    home = page.locator("#edu-home").get_attribute("href")
    assert "extensors_strength=3" in home and "large=1" in home
    visit.close()


@pytest.mark.slow
@pytest.mark.browser
def test_a_lesson_draws_itself_and_gives_its_kernel_back(server, browser):
    """Our lessons need no kernel once shown: no Voilà front end, and the kernel is shut down."""
    visit = Visit(browser)
    page = visit.page
    _check_lesson(visit, server.url + f"lessons/{LESSON_SLUGS[1]}")
    widgets, drawn = lesson_widgets(page)
    assert widgets >= 3 and drawn == widgets
    assert not [url for url in visit.requested if VOILA_FRONT_END in url]
    assert not [url for url in visit.requested if "/api/kernels/" in url]
    kernel_id = page_kernel_id(page)
    assert wait_until(lambda: not kernel_exists(server, kernel_id)), "the kernel was kept"
    # The page still works with its kernel gone: the widgets compute in the browser.
    slider = page.locator("#rendered_cells input[type=range]").first
    before = readouts(page)
    slider.focus()
    page.keyboard.press("ArrowLeft" if float(slider.input_value()) > 0.5 else "ArrowRight")
    assert wait_until(lambda: readouts(page) != before, 5)
    assert visit.errors == [], visit.errors
    visit.close()


@pytest.mark.slow
@pytest.mark.browser
def test_a_lesson_with_another_librarys_widget_runs_live(server, browser):
    """An output only a kernel can draw turns on Voilà's front end, and the kernel stays."""
    visit = Visit(browser)
    page = visit.page
    _check_lesson(visit, server.url + f"lessons/{LIVE_LESSON}")
    page.wait_for_selector(".widget-slider", timeout=OPEN_TIMEOUT_MS)
    assert "Live slider" in page.locator("#rendered_cells").inner_text()
    assert [url for url in visit.requested if VOILA_FRONT_END in url]
    kernel_id = page_kernel_id(page)
    page.wait_for_timeout(2000)
    assert kernel_exists(server, kernel_id), "a live page lost its kernel"
    assert visit.errors == [], visit.errors
    visit.close()


@pytest.mark.slow
@pytest.mark.browser
def test_ten_visitors_at_once_then_a_clean_shutdown(server, browser):
    """Bounded load: ten visitors open lessons at the same moment; all get working pages."""
    targets = [LESSON_SLUGS[i % len(LESSON_SLUGS)] for i in range(10)]
    visits = [Visit(browser) for _ in targets]
    kernel_ids: list[str] = []

    # Playwright's sync API is bound to this thread: start all ten navigations at once,
    # then wait for each page in turn (they load in parallel in the browser).
    started = time.perf_counter()
    for index, visit in enumerate(visits):
        visit.page.goto(server.url + f"lessons/{targets[index]}", wait_until="commit")
    for index, visit in enumerate(visits):
        page = visit.page
        page.wait_for_selector(f"{READY}, h1", timeout=OPEN_TIMEOUT_MS * 2)
        assert page.title() != "The lessons are busy right now", targets[index]
        page.wait_for_selector(READY, timeout=OPEN_TIMEOUT_MS * 2)
        text = page.locator("#rendered_cells").inner_text()
        assert VOILA_CELL_ERROR not in text and "busy" not in text, targets[index]
        widgets, drawn = lesson_widgets(page)
        assert widgets and drawn == widgets, targets[index]
        assert visit.errors == [], (targets[index], visit.errors)
        kernel_ids.append(page_kernel_id(page))
        server.kernels()
    elapsed = time.perf_counter() - started
    assert len(set(kernel_ids)) == len(targets), "two visitors shared a kernel"

    # Every visitor's kernel is given back once the page is shown.
    def kept() -> list[str]:
        return [kernel_id for kernel_id in kernel_ids if kernel_exists(server, kernel_id)]

    assert wait_until(lambda: not kept(), 60), kept()
    for visit in visits:
        visit.close()
    code = server.stop(signal.SIGINT)
    assert code == 0, server.output()
    leftover = [pid for pid in server.seen_kernels if alive(pid)]
    assert leftover == [], f"kernel processes left after shutdown: {leftover}"
    print(f"ten visitors served in {elapsed:.1f} s; {len(server.seen_kernels)} kernels seen")


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.skipif(not has_muscle_balance(), reason="MuscleBalance is not in the package yet")
def test_profile_preset_and_a_clear_busy_page(lesson_dir, browser, tmp_path):
    """--profile reaches the lessons; past --max-sessions a visitor gets a clear page at once."""
    app = Clinic(
        tmp_path / "clinic.log",
        *("--notebooks", str(lesson_dir), "--profile", str(EXAMPLE_PROFILE)),
        *("--max-sessions", "1", "--pool-size", "0"),
    )
    try:
        profile = load_profile(EXAMPLE_PROFILE)
        landing = fetch(app.url)[1]
        assert f"Set for {profile.first_name}" in landing
        first = Visit(browser)
        _check_lesson(first, app.url + f"lessons/{EXPLORER}")
        values = slider_values(first.page)
        for name in MUSCLE_FIELDS:
            assert values[name] == pytest.approx(getattr(profile.muscles(), name)), name
        expected = expected_load(values, profile.body())
        got = wait_for_readout(first.page, "compression_n", expected["compression_n"])
        assert got == pytest.approx(expected["compression_n"], rel=1e-6)
        # That page gave its kernel back, so the one session is free again ...
        assert wait_until(lambda: not app.kernels()), app.kernels()
        # ... until a live page holds it.
        live = Visit(browser)
        _check_lesson(live, app.url + f"lessons/{LIVE_LESSON}")
        started = time.perf_counter()
        status, body = fetch(app.url + f"lessons/{LESSON_SLUGS[0]}")
        assert status == 503 and "busy" in body and "Close a lesson" in body
        assert time.perf_counter() - started < 5
        first.close()
        live.close()
    finally:
        assert app.stop(signal.SIGTERM) == 0, app.output()
    assert [pid for pid in app.seen_kernels if alive(pid)] == []


def test_message_pages_escape_what_they_show():
    html = clinic.message_page("/", "Title <x>", "Message & more")
    assert "Title &lt;x&gt;" in html and "Message &amp; more" in html
    assert os.path.isdir(clinic.DATA_DIR / "voila" / "templates" / clinic.TEMPLATE_NAME)

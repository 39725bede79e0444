"""The clinic app against stock Voilà: opening lessons, start to ready, memory, round trip.

Ours: ``eduwidgets clinic``: every lesson page made once (cached on disk) and served from
memory, the patient's values in the URL fragment. Stock: ``voila lesson.ipynb`` started for
that one notebook, which starts a kernel and runs the notebook on each visit. Round trip:
a key press on a slider until the page shows the new value, measured in the page, for our
``MuscleBalance`` and for ``ipywidgets.interact`` rebuilding a plotly figure (which opens
through the clinic's Voilà path, since it needs a live kernel).
"""

from __future__ import annotations

import json
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from eduwidgets.handout.browser import launch

ROOT = Path(__file__).resolve().parents[1]
LESSONS = sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))
# A lesson on screen: our page made once, or a Voilà page once shown.
READY = "main#main, #rendered_cells:not([style*='none'])"
# A widget someone can use: ours once mounted in the page (static) or rendered by
# anywidget (live, stock Voilà), or any other library's widget.
WIDGETS = (
    "[data-edu-mounted] button, [data-edu-mounted] input, [data-edu-mounted] summary, "
    ".edu-widget:not([data-eduwidget]) button, .edu-widget:not([data-eduwidget]) summary, "
    ".js-plotly-plot, .widget-subarea"
)
OFF_MACHINE = re.compile(r"^(https?|wss?)://(?!127\.0\.0\.1[:/])")
# Runs in each page before its own scripts: the moment (ms after navigation start) the
# lesson is on screen with a usable widget.
FIRST_WIDGET_CLOCK = """
new MutationObserver((changes, observer) => {
  if (document.querySelector(%(ready)s) && document.querySelector(%(widgets)s)) {
    window.__eduFirstWidgetMs = performance.now();
    observer.disconnect();
  }
}).observe(document, {subtree: true, childList: true, attributes: true});
"""
OPEN_ROUNDS = 3
REOPENS = 10
AT_ONCE = 10
ROUND_TRIPS = 40
CLINIC = [sys.executable, "-m", "eduwidgets.cli", "clinic"]
STOCK_VOILA = [sys.executable, "-m", "voila", "--no-browser"]
OPEN_GOAL_S = 0.3
READY_GOAL_S = 3.0
TEN_VISITORS_GOAL_MB = 250
ROUND_TRIP_GOAL_MS = 50.0
# A start slower than this prints its clinic's log: one run of 2 December took 121.7 s
# where the next took 5.3 s, and the log that would have said why was deleted with
# the run's folder.
SLOW_START_S = 30.0
PATIENT_FRAGMENT = "#first_name=Ann&extensors_strength=3&hip_flexors_length=mildly+tight"

TITLE = "Clinic app: opening lessons, start to ready, memory, slider round trip"
NOTE = (
    "Open = navigation start to the lesson on screen with its first widget usable, timed "
    "in the page (headless Chromium, off-machine requests blocked, each server already "
    "running), with a patient in the URL fragment for ours. Ours: the page made once at "
    f"start, from memory. Per lesson: {OPEN_ROUNDS} visits. Reopen: the same lesson "
    f"{REOPENS} times back to back with no pause. At once: {AT_ONCE} browser contexts "
    "navigate at the same moment (one Chromium on the same two cores, so this measures the "
    "machine as well as the server). Stock is `voila lesson.ipynb`, which starts a kernel "
    "and runs the notebook on every visit. Start to ready: process start to the clinic's "
    '"ready" line (every lesson page made), with an empty page cache (cold) and again '
    "with it filled (cached): for the kit's own lessons in English and Spanish, which "
    "need no kernel (a plain server, no Voilà), and for the folder with the interact "
    "lesson added, which starts Voilà too; stock: `voila lesson.ipynb` answering for one "
    "lesson. Ten at once: the "
    "server alone answers ten requests in milliseconds (the row without a browser); the "
    "rest is ten Chromium pages laying out and running their scripts on the same two "
    "cores, which ten visitors on ten devices do not share. Memory "
    "= resident set size from /proc, of the server and every kernel it started. Round trip "
    f"= key press on a slider to the page showing the answer, {ROUND_TRIPS} presses."
)

# The common pattern: interact re-runs the function and builds a new plotly figure
# (a FigureWidget, which plotly 6+ draws through anywidget) on every change.
INTERACT_SOURCE = """
import numpy as np
import plotly.graph_objects as go
from IPython.display import display
from ipywidgets import FloatSlider, interact
from eduwidgets.model import Muscles, Posture, lumbar_load

angles = np.linspace(0, 90, 46)

@interact(extensors=FloatSlider(value=1.0, min=0.2, max=2.0, step=0.05, description="extensors"))
def show(extensors):
    posture = Posture(trunk_flexion_deg=angles)
    load = lumbar_load(posture=posture, muscles=Muscles(extensors=extensors))
    figure = go.FigureWidget(go.Scatter(x=angles, y=load.compression_n, name="compression"))
    figure.update_layout(height=320, title=f"extensors {extensors:.2f}")
    display(figure)
"""

EXPLORER_SOURCE = """
from eduwidgets.widgets.muscle_balance import MuscleBalance
MuscleBalance(controls=["extensors", "trunk_flexion_deg"])
"""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_http(url: str, process: subprocess.Popen, timeout_s: float = 180) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer")


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _kernels(parent: int) -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if ppid == parent and b"ipykernel" in cmdline:
            pids.append(int(entry.name))
    return pids


def _write_notebook(path: Path, title: str, source: str) -> None:
    import nbformat

    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    notebook.cells = [
        nbformat.v4.new_markdown_cell(f"# {title}"),
        nbformat.v4.new_code_cell(source.strip(), metadata={"tags": ["remove-input"]}),
    ]
    nbformat.write(notebook, path)


def _clocked_context(browser):
    context = browser.new_context()
    # Stock Voilà asks CDNs for fonts; a clinic may be offline, so both are offline here.
    # A pattern, not a catch-all: the browser intercepts only off-machine requests.
    context.route(OFF_MACHINE, lambda route: route.abort())
    selectors = {"ready": json.dumps(READY), "widgets": json.dumps(WIDGETS)}
    context.add_init_script(FIRST_WIDGET_CLOCK % selectors)
    return context


def _first_widget_seconds(page) -> float:
    page.wait_for_selector(READY, timeout=120_000)
    try:
        page.wait_for_selector(WIDGETS, timeout=60_000)
        page.wait_for_function("window.__eduFirstWidgetMs !== undefined", timeout=5_000)
        milliseconds = page.evaluate("window.__eduFirstWidgetMs")
    except Exception:  # a lesson with no widget: the text is the first render
        milliseconds = page.evaluate("performance.now()")
    return milliseconds / 1000


def _open_seconds(browser, url: str, context=None) -> float:
    """Navigation start to the first usable widget on a shown page, timed by the page itself."""
    own = context is None
    context = context or _clocked_context(browser)
    page = context.new_page()
    page.goto(url, wait_until="commit")
    seconds = _first_widget_seconds(page)
    page.close()
    if own:
        context.close()
    return seconds


def _at_once(browser, urls: list[str], sample=None) -> tuple[list[float], list]:
    """Every url opened at the same moment, each in its own context; pages left open."""
    contexts = [_clocked_context(browser) for _ in urls]
    pages = [context.new_page() for context in contexts]
    for page, url in zip(pages, urls, strict=True):
        page.goto(url, wait_until="commit")
    seconds = []
    for page in pages:
        while not page.locator(READY).count():
            if sample:
                sample()
            page.wait_for_timeout(50)
        seconds.append(_first_widget_seconds(page))
    return seconds, contexts


def _round_trips(
    browser, url: str, slider: str, watch: str, done: str = "", ready_timeout_ms: int = 120_000
) -> list[float]:
    """Key presses through Playwright (real key events), timed inside the page.

    ``done`` is a JavaScript expression, true once the answer to this press is on
    screen; without it, the first change to ``watch`` after the key press counts.
    """
    context = browser.new_context()
    page = context.new_page()
    page.goto(url, wait_until="commit")
    page.wait_for_selector(READY, timeout=ready_timeout_ms)
    page.wait_for_selector(slider, timeout=60_000)
    page.wait_for_selector(watch, timeout=60_000)
    page.wait_for_timeout(1000)
    times = []
    for index in range(ROUND_TRIPS):
        page.evaluate(
            """([watchSelector, doneExpression]) => {
              window.__eduDone = new Promise((resolve) => {
                const start = performance.now();
                window.__eduStart = start;
                const observer = new MutationObserver(() => {
                  // Only changes after this key press, and only once the answer is shown.
                  if (window.__eduKeyAt === null) return;
                  if (doneExpression && !eval(doneExpression)) return;
                  observer.disconnect(); resolve(performance.now());
                });
                observer.observe(document.querySelector(watchSelector), {subtree: true,
                  childList: true, attributes: true, characterData: true});
                setTimeout(() => resolve(NaN), 5000);
              });
              window.__eduKeyAt = null;
              document.addEventListener('keydown', () => {
                if (window.__eduKeyAt === null) window.__eduKeyAt = performance.now();
              }, {capture: true, once: true}); }""",
            [watch, done],
        )
        page.focus(slider)
        page.keyboard.press("ArrowRight" if index % 2 == 0 else "ArrowLeft")
        elapsed = page.evaluate("async () => (await window.__eduDone) - window.__eduKeyAt")
        times.append(elapsed)
        page.wait_for_timeout(80)
    context.close()
    return [t for t in times if t == t]  # drop time-outs (NaN)


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def _start_clinic(lessons_dir: Path, cache_dir: Path, log_path: Path):
    port = _free_port()
    started = time.monotonic()
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            [
                *CLINIC,
                "--port",
                str(port),
                "--notebooks",
                str(lessons_dir),
                "--cache-dir",
                str(cache_dir),
            ],
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    ready_s = _wait_ready(log_path, process) - started
    if ready_s > SLOW_START_S:
        print(
            f"bench_clinic: {log_path.name}: ready after {ready_s:.1f} s; the clinic said:\n"
            + log_path.read_text(),
            file=sys.stderr,
        )
    return process, f"http://127.0.0.1:{port}/", ready_s


def _stop(process: subprocess.Popen) -> None:
    process.send_signal(signal.SIGINT)
    try:
        process.wait(timeout=120)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _p95(values: list[float]) -> float:
    return _percentile(values, 0.95) if values else float("nan")


def _stock_server(path: Path):
    port = _free_port()
    started = time.monotonic()
    process = subprocess.Popen(
        [*STOCK_VOILA, str(path), f"--port={port}", "--Voila.ip=127.0.0.1"],
        cwd=path.parent,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/"
    _wait_http(url + "voila/static/voila.js", process)
    return process, url, time.monotonic() - started


def run() -> list[dict]:
    from playwright.sync_api import sync_playwright

    work = Path(tempfile.mkdtemp(prefix="bench-clinic-"))
    lessons_dir = work / "lessons"
    lessons_dir.mkdir()
    for path in LESSONS:
        shutil.copy(path, lessons_dir / path.name)
    _write_notebook(lessons_dir / "98-bench-interact.ipynb", "interact", INTERACT_SOURCE)
    _write_notebook(lessons_dir / "99-bench-explorer.ipynb", "explorer", EXPLORER_SOURCE)
    cache_dir = work / "page-cache"
    reopen_lesson = LESSONS[1].stem
    ours: dict[str, list[float]] = {path.stem: [] for path in LESSONS}
    stock: dict[str, float] = {}
    # The kit's own lessons, in every language (none needs a kernel), as dev.py start serves.
    kit_dir = work / "kit-lessons"
    shutil.copytree(ROOT / "notebooks", kit_dir, ignore=shutil.ignore_patterns(".*"))
    try:
        # The kit's lessons, as a clinic runs them: cold (an empty page cache), then
        # stopped and started again with the cache filled (no Voilà: no kernel lesson).
        clinic, _, kit_cold_s = _start_clinic(kit_dir, cache_dir, work / "kit-cold.log")
        _stop(clinic)
        clinic, _, kit_cached_s = _start_clinic(kit_dir, cache_dir, work / "kit-cached.log")
        _stop(clinic)
        # With a lesson that needs a kernel (the interact comparison): Voilà starts too.
        clinic, base, cold_s = _start_clinic(lessons_dir, cache_dir, work / "cold.log")
        _stop(clinic)
        clinic, base, cached_s = _start_clinic(lessons_dir, cache_dir, work / "clinic.log")
        try:
            kernels_after_start = len(_kernels(clinic.pid))
            server_idle_mb = _rss_mb(clinic.pid)
            with sync_playwright() as playwright:
                browser = launch(playwright)
                for _ in range(OPEN_ROUNDS):
                    for path in LESSONS:
                        url = base + f"lessons/{path.stem}{PATIENT_FRAGMENT}"
                        ours[path.stem].append(_open_seconds(browser, url))
                context = _clocked_context(browser)
                reopen = [
                    _open_seconds(
                        browser, base + f"lessons/{reopen_lesson}{PATIENT_FRAGMENT}", context
                    )
                    for _ in range(REOPENS)
                ]
                context.close()
                peak = {"kernels": 0, "kernel_mb": 0.0, "server_mb": 0.0}
                urls = [
                    base + f"lessons/{LESSONS[i % len(LESSONS)].stem}{PATIENT_FRAGMENT}"
                    for i in range(AT_ONCE)
                ]
                at_once, contexts = _at_once(browser, urls, lambda: _sample_peak(clinic.pid, peak))
                _sample_peak(clinic.pid, peak)
                ten_open_mb = _rss_mb(clinic.pid) + sum(_rss_mb(k) for k in _kernels(clinic.pid))
                kernels_with_ten = len(_kernels(clinic.pid))
                for context in contexts:
                    context.close()
                http_served_s = _ten_requests_at_once(base)

                explorer = _round_trips(
                    browser,
                    base + "lessons/99-bench-explorer",
                    "main input[type=range][name=extensors]",
                    'main [data-quantity="extensor_effort"]',
                )
                interact_failure = ""
                try:
                    interact = _round_trips(
                        browser,
                        base + "lessons/98-bench-interact",
                        "#rendered_cells .noUi-handle, "
                        "#rendered_cells .slider-container .ui-slider-handle, "
                        "#rendered_cells input[type=range]",
                        "#rendered_cells .widget-output, #rendered_cells .jp-OutputArea",
                        # The new figure is drawn with the slider's new value in its title.
                        "(() => { const h = document.querySelector('#rendered_cells .noUi-handle');"
                        " const v = Number(h.getAttribute('aria-valuenow')).toFixed(2);"
                        " return [...document.querySelectorAll('#rendered_cells .js-plotly-plot')]"
                        ".some((p) => p.textContent.includes('extensors ' + v)); })()",
                        ready_timeout_ms=60_000,
                    )
                except Exception as error:  # the common pattern may not render at all: say so
                    interact = []
                    interact_failure = f"did not render in Voilà ({type(error).__name__})"
        finally:
            _stop(clinic)

        with sync_playwright() as playwright:
            browser = launch(playwright)
            stock_ready = []
            for path in LESSONS:
                server, url, answers_s = _stock_server(path)
                stock_ready.append(answers_s)
                try:
                    stock[path.stem] = _open_seconds(browser, url)
                finally:
                    _stop(server)
            server, url, _ = _stock_server(lessons_dir / f"{reopen_lesson}.ipynb")
            try:
                context = _clocked_context(browser)
                stock_reopen = [_open_seconds(browser, url, context) for _ in range(REOPENS)]
                context.close()
                time.sleep(5)  # let the reopened pages' kernels go
                stock_peak = {"kernels": 0, "kernel_mb": 0.0, "server_mb": 0.0}
                stock_at_once, contexts = _at_once(
                    browser, [url] * AT_ONCE, lambda: _sample_peak(server.pid, stock_peak)
                )
                stock_ten_mb = _rss_mb(server.pid) + sum(_rss_mb(k) for k in _kernels(server.pid))
                stock_kernels = len(_kernels(server.pid))
                for context in contexts:
                    context.close()
            finally:
                _stop(server)
            browser.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)

    def row(measure, ours_text, stock_text="", goal="", met=None):
        return {
            "measure": measure,
            "ours": ours_text,
            "stock Voilà / interact": stock_text,
            "goal": goal,
            "met": "" if met is None else ("yes" if met else "no"),
        }

    every_visit = [s for seconds in ours.values() for s in seconds] + reopen + at_once
    rows = [
        row(
            "start to ready, the kit's lessons: cold (empty page cache) / cached",
            f"{kit_cold_s:.1f} s / {kit_cached_s:.1f} s",
            f"{statistics.median(stock_ready):.1f} s (one lesson answers)",
            f"cached < {READY_GOAL_S:.0f} s",
            kit_cached_s < READY_GOAL_S,
        ),
        row(
            "start to ready, with a lesson that needs a kernel (Voilà too): cold / cached",
            f"{cold_s:.1f} s / {cached_s:.1f} s",
        ),
        row(
            "kernel processes alive after start / with ten lesson pages open",
            f"{kernels_after_start} / {kernels_with_ten}",
            f"- / {stock_kernels}",
            "0",
            kernels_after_start == 0 and kernels_with_ten == 0,
        ),
    ]
    for name, seconds in ours.items():
        rows.append(
            row(
                f"open {name}: median (slowest) of {len(seconds)}",
                f"{statistics.median(seconds):.2f} s ({max(seconds):.2f} s)",
                f"{stock[name]:.2f} s",
            )
        )
    rows += [
        row(
            f"reopen {reopen_lesson} {REOPENS} times back to back: p50 / p95",
            f"{statistics.median(reopen):.2f} s / {_p95(reopen):.2f} s",
            f"{statistics.median(stock_reopen):.2f} s / {_p95(stock_reopen):.2f} s",
            f"p95 < {OPEN_GOAL_S} s",
            _p95(reopen) < OPEN_GOAL_S,
        ),
        row(
            f"{AT_ONCE} browsers at once: p50 / p95",
            f"{statistics.median(at_once):.2f} s / {_p95(at_once):.2f} s",
            f"{statistics.median(stock_at_once):.2f} s / {_p95(stock_at_once):.2f} s",
            f"p95 < {OPEN_GOAL_S} s",
            _p95(at_once) < OPEN_GOAL_S,
        ),
        row(
            f"every visit above ({len(every_visit)}): p95",
            f"{_p95(every_visit):.2f} s",
            "",
            f"< {OPEN_GOAL_S} s",
            _p95(every_visit) < OPEN_GOAL_S,
        ),
        row(
            "ten page requests at once, no browser: slowest",
            f"{max(http_served_s) * 1000:.0f} ms",
        ),
        row(
            f"resident memory, {AT_ONCE} visitors on lesson pages: server + kernels",
            f"{ten_open_mb:.0f} MB (idle server {server_idle_mb:.0f} MB)",
            f"{stock_ten_mb:.0f} MB (peak {stock_peak['server_mb']:.0f} MB + "
            f"{stock_peak['kernels']} kernels {stock_peak['kernel_mb']:.0f} MB)",
            f"< {TEN_VISITORS_GOAL_MB} MB",
            ten_open_mb < TEN_VISITORS_GOAL_MB,
        ),
    ]
    for label, share in (("p50", 0.5), ("p95", 0.95)):
        ours_ms = _percentile(explorer, share) if explorer else float("nan")
        theirs_ms = _percentile(interact, share) if interact else float("nan")
        rows.append(
            row(
                f"slider round trip {label} ({len(explorer)} / {len(interact)} presses)",
                f"{ours_ms:.0f} ms",
                interact_failure or f"{theirs_ms:.0f} ms",
                f"p95 < {ROUND_TRIP_GOAL_MS:.0f} ms" if label == "p95" else "",
                (ours_ms < ROUND_TRIP_GOAL_MS) if label == "p95" else None,
            )
        )
    return rows


def _ten_requests_at_once(base: str) -> list[float]:
    """Seconds until each of ten simultaneous lesson requests is fully served."""
    from concurrent.futures import ThreadPoolExecutor

    def fetch(index: int) -> float:
        started = time.perf_counter()
        url = base + f"lessons/{LESSONS[index % len(LESSONS)].stem}"
        with urllib.request.urlopen(url, timeout=300) as response:
            response.read()
        return time.perf_counter() - started

    with ThreadPoolExecutor(max_workers=10) as pool:
        return list(pool.map(fetch, range(10)))


def _wait_ready(log_path: Path, process: subprocess.Popen, timeout_s: float = 300) -> float:
    """The moment the clinic says every lesson is prepared (its "ready" line)."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"clinic exited with {process.returncode}")
        if "eduwidgets clinic: ready" in log_path.read_text():
            return time.monotonic()
        time.sleep(0.1)
    raise RuntimeError("the clinic never said it was ready")


def _sample_peak(server_pid: int, peak: dict) -> None:
    kernels = _kernels(server_pid)
    peak["kernels"] = max(peak["kernels"], len(kernels))
    peak["kernel_mb"] = max(peak["kernel_mb"], sum(_rss_mb(pid) for pid in kernels))
    peak["server_mb"] = max(peak["server_mb"], _rss_mb(server_pid))

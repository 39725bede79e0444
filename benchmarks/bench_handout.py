"""Handouts against the stock export: size, build time, offline use and first paint.

Stock = ``jupyter nbconvert --execute --to html`` run over each lesson one by one,
with plotly's inline notebook renderer set so its figures appear at all (a first
cell sets ``plotly_mimetype+notebook`` and keeps the lesson from changing it).
Ours = ``eduwidgets handout --all``. Both build the same lessons in the same run.
Each file is then opened in headless Chromium from file:// with every network
request refused and counted.

The Spanish handouts (``handout --all --lang es``, notebooks/es/) are held to the same
budgets (issue 15): their rows are labelled "Español" and have no stock column, since
the stock export is the comparison for the build, not for a language.
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from eduwidgets.handout import lesson_paths  # noqa: E402
from eduwidgets.handout.browser import launch  # noqa: E402

TITLE = "Handouts: eduwidgets handout vs stock nbconvert"
NOTE = (
    "Stock: `jupyter nbconvert --execute --to html`, one lesson after another, with "
    "plotly's inline renderer (`plotly_mimetype+notebook`) set so figures appear. Ours: "
    "`eduwidgets handout --all` (kernels run in parallel). Files opened in headless "
    "Chromium from file:// with every network request refused; 'works offline' means "
    "every figure and widget drew with no console error; first paint is the slowest "
    "lesson's median of 5 loads, from navigation start to the first figure on screen. "
    "Rows marked Español: the Spanish handouts (`eduwidgets handout --all --lang es`), "
    "held to the same goals; the stock export is built in English only."
)
# The languages whose handouts are measured: (label, --lang, lessons folder).
LANGUAGES = (("English", "en", ROOT / "notebooks"), ("Español", "es", ROOT / "notebooks" / "es"))
NOT_BUILT = "not built"
PAINT_RUNS = 5
PAINT_TIMEOUT_MS = 5000
MAX_BYTES = 300_000  # issue 12: a whole handout, widgets and all, under 0.3 MB
STOCK_RENDERER_CELL = (
    "import plotly.io as _pio\n"
    "import eduwidgets.figures as _figures\n"
    "_pio.renderers.default = 'plotly_mimetype+notebook'\n"
    "_figures.setup_notebook = lambda: None  # the stock export keeps plotly's own renderer"
)
# What counts as a figure in each export, and what proves it drew.
OUR_FIGURE = "[data-eduwidget] svg, .handout-output svg, .handout-output img"
STOCK_FIGURE = ".plotly-graph-div .main-svg, .jp-OutputArea-output svg, .jp-OutputArea-output img"


def _stock_copies(paths: list[Path], folder: Path) -> list[Path]:
    copies = []
    for path in paths:
        notebook = nbformat.read(path, as_version=4)
        notebook.cells.insert(0, new_code_cell(STOCK_RENDERER_CELL))
        copy = folder / path.name
        nbformat.write(notebook, copy)
        copies.append(copy)
    for extra in path.parent.iterdir():  # pictures and data the lessons read
        if extra.is_file() and extra.suffix != ".ipynb":
            shutil.copy(extra, folder / extra.name)
    return copies


def _build_stock(copies: list[Path], out: Path) -> float:
    started = time.perf_counter()
    for copy in copies:
        subprocess.run(
            [sys.executable, "-m", "jupyter", "nbconvert", "--execute", "--to", "html",
             "--output-dir", str(out), str(copy)],
            check=True, capture_output=True, cwd=copy.parent,
        )  # fmt: skip
    return time.perf_counter() - started


def _build_ours(notebooks: Path, out: Path, language: str = "en") -> float:
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "eduwidgets.cli", "handout", "--all", "-o", str(out),
         "--notebooks", str(notebooks), "--lang", language],
        check=True, capture_output=True, cwd=ROOT,
    )  # fmt: skip
    return time.perf_counter() - started


def _inspect(browser, path: Path, figure_selector: str) -> dict:
    """Open one file offline: requests tried, errors, figures and sliders, first paint."""
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    requests: list[str] = []
    errors: list[str] = []

    def route(route):
        url = route.request.url
        if url.startswith(("file:", "data:", "blob:", "about:")):
            route.continue_()
        else:
            requests.append(url)
            route.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.on("pageerror", lambda e: errors.append(str(e)))
    paints = []
    for _ in range(PAINT_RUNS):
        page.goto(path.as_uri(), wait_until="commit")
        try:
            page.wait_for_selector(figure_selector, state="visible", timeout=PAINT_TIMEOUT_MS)
            # Two animation frames after the figure exists: it has been painted.
            paints.append(
                page.evaluate(
                    "() => new Promise((done) => requestAnimationFrame(() => "
                    "requestAnimationFrame(() => done(performance.now()))))"
                )
            )
        except Exception:  # no figure drew: that is the measurement
            paints.append(float("inf"))
    page.wait_for_load_state("load")
    page.wait_for_timeout(500)
    state = page.evaluate(
        """() => ({
          plotlyDivs: document.querySelectorAll('.plotly-graph-div').length,
          plotlyDrawn: document.querySelectorAll('.plotly-graph-div .main-svg').length,
          widgetViews: document.querySelectorAll(
            'script[type="application/vnd.jupyter.widget-view+json"]').length,
          widgetsDrawn: document.querySelectorAll('.jupyter-widgets, .widget-slider').length,
          ours: document.querySelectorAll('[data-eduwidget]').length,
          oursMounted: document.querySelectorAll('[data-edu-mounted]').length,
          sliders: document.querySelectorAll('input[type="range"]').length,
        })"""
    )
    slider_works = False
    slider = page.locator('input[type="range"]')
    if slider.count():
        before = page.evaluate(
            "() => [...document.querySelectorAll('[data-value], output')]"
            ".map((e) => e.dataset.value || e.textContent).join('|')"
        )
        slider.first.focus()
        slider.first.press("Home")
        slider.first.press("ArrowRight")
        after = page.evaluate(
            "() => [...document.querySelectorAll('[data-value], output')]"
            ".map((e) => e.dataset.value || e.textContent).join('|')"
        )
        slider_works = before != after
    context.close()
    works = (
        not errors
        and state["plotlyDrawn"] >= state["plotlyDivs"]
        and (state["widgetViews"] == 0 or state["widgetsDrawn"] > 0)
        and state["oursMounted"] == state["ours"]
    )
    return {
        "requests": len(requests),
        "works": works,
        "sliders": state["sliders"],
        "slider_works": slider_works,
        "paint_ms": statistics.median(paints),
    }


def _size(n_bytes: float) -> str:
    return f"{n_bytes / 1e6:.2f} MB" if n_bytes >= 1e5 else f"{n_bytes / 1e3:.0f} kB"


def _ms(value: float) -> str:
    return "never" if value == float("inf") else f"{value:.0f} ms"


def _yes(ok: bool) -> str:
    return "yes" if ok else "no"


def run() -> list[dict]:
    from playwright.sync_api import sync_playwright

    paths = lesson_paths(ROOT / "notebooks")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        (tmp / "stock-in").mkdir()
        copies = _stock_copies(paths, tmp / "stock-in")
        stock_s = _build_stock(copies, tmp / "stock")
        ours_s = _build_ours(ROOT / "notebooks", tmp / "ours")
        other_languages = [
            (label, code, folder, _build_ours(folder, tmp / f"ours-{code}", code))
            for label, code, folder in LANGUAGES[1:]
        ]

        rows = []
        results = {"stock": [], "ours": []}
        with sync_playwright() as playwright:
            browser = launch(playwright)
            for path in paths:
                name = path.with_suffix(".html").name
                stock_file, our_file = tmp / "stock" / name, tmp / "ours" / name
                stock_bytes, our_bytes = stock_file.stat().st_size, our_file.stat().st_size
                results["stock"].append(_inspect(browser, stock_file, STOCK_FIGURE))
                results["ours"].append(_inspect(browser, our_file, OUR_FIGURE))
                rows.append(
                    {
                        "measure": f"size of {name} ({LANGUAGES[0][0]})",
                        "stock nbconvert": _size(stock_bytes),
                        "eduwidgets handout": _size(our_bytes),
                        "goal": "≤ 0.3 MB",
                        "met": _yes(our_bytes <= MAX_BYTES),
                    }
                )
            language_rows = [
                row
                for label, code, folder, build_s in other_languages
                for row in _language_rows(
                    browser, label, lesson_paths(folder), tmp / f"ours-{code}", build_s, stock_s
                )
            ]
            browser.close()

    stock, ours = results["stock"], results["ours"]
    n = len(paths)
    rows.append(
        {
            "measure": f"build time, all {n} lessons ({LANGUAGES[0][0]})",
            "stock nbconvert": f"{stock_s:.1f} s (one by one)",
            "eduwidgets handout": f"{ours_s:.1f} s (--all)",
            "goal": "≤ half of stock",
            "met": _yes(ours_s <= stock_s / 2),
        }
    )
    rows.append(
        {
            "measure": "works offline (every figure and widget drew, no console error) "
            f"({LANGUAGES[0][0]})",
            "stock nbconvert": f"{_yes(all(r['works'] for r in stock))} "
            f"({sum(r['works'] for r in stock)}/{n} lessons)",
            "eduwidgets handout": f"{_yes(all(r['works'] for r in ours))} "
            f"({sum(r['works'] for r in ours)}/{n} lessons)",
            "goal": "yes",
            "met": _yes(all(r["works"] for r in ours)),
        }
    )
    with_sliders = [r for r in ours if r["sliders"]]
    rows.append(
        {
            "measure": f"sliders interactive offline ({LANGUAGES[0][0]})",
            "stock nbconvert": f"{_yes(any(r['slider_works'] for r in stock))} "
            f"({sum(r['sliders'] for r in stock)} sliders drawn)",
            "eduwidgets handout": f"{_yes(bool(with_sliders) and all(r['slider_works'] for r in with_sliders))} "  # noqa: E501
            f"({sum(r['sliders'] for r in ours)} sliders drawn)",
            "goal": "yes",
            "met": _yes(bool(with_sliders) and all(r["slider_works"] for r in with_sliders)),
        }
    )
    rows.append(
        {
            "measure": f"network requests on open, all {n} lessons ({LANGUAGES[0][0]})",
            "stock nbconvert": str(sum(r["requests"] for r in stock)),
            "eduwidgets handout": str(sum(r["requests"] for r in ours)),
            "goal": "0",
            "met": _yes(sum(r["requests"] for r in ours) == 0),
        }
    )
    # Why handouts draw the bend chart themselves: plotly.js alone would break the budget.
    import plotly

    plotly_js = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    chart_js = ROOT / "src" / "eduwidgets" / "widgets" / "bend_chart.js"
    rows.append(
        {
            "measure": "code to draw the bend chart",
            "stock nbconvert": f"plotly.min.js {_size(plotly_js.stat().st_size)}",
            "eduwidgets handout": f"bend_chart.js {chart_js.stat().st_size / 1e3:.1f} kB",
            "goal": "fits in 0.3 MB",
            "met": _yes(chart_js.stat().st_size < MAX_BYTES),
        }
    )
    worst_stock = max(r["paint_ms"] for r in stock)
    worst_ours = max(r["paint_ms"] for r in ours)
    rows.append(
        {
            "measure": f"first figure painted (slowest lesson, median of {PAINT_RUNS}) "
            f"({LANGUAGES[0][0]})",
            "stock nbconvert": _ms(worst_stock),
            "eduwidgets handout": _ms(worst_ours),
            "goal": "< 1 s",
            "met": _yes(worst_ours < 1000),
        }
    )
    return rows + language_rows


def _language_rows(
    browser, label: str, paths: list[Path], out: Path, build_s: float, stock_s: float
) -> list[dict]:
    """One language's handouts against the same goals as English (no stock column)."""
    rows, results = [], []
    for path in paths:
        our_file = out / path.with_suffix(".html").name
        our_bytes = our_file.stat().st_size
        results.append(_inspect(browser, our_file, OUR_FIGURE))
        rows.append(
            {
                "measure": f"size of {path.parent.name}/{our_file.name} ({label})",
                "stock nbconvert": NOT_BUILT,
                "eduwidgets handout": _size(our_bytes),
                "goal": "≤ 0.3 MB",
                "met": _yes(our_bytes <= MAX_BYTES),
            }
        )
    n = len(paths)
    works = sum(r["works"] for r in results)
    requests = sum(r["requests"] for r in results)
    worst = max(r["paint_ms"] for r in results)
    with_sliders = [r for r in results if r["sliders"]]
    sliders_work = bool(with_sliders) and all(r["slider_works"] for r in with_sliders)
    summary = [
        (f"build time, all {n} lessons", f"{build_s:.1f} s (--all --lang)",
         "≤ half of stock (English)", build_s <= stock_s / 2),
        ("works offline (every figure and widget drew, no console error)",
         f"{_yes(works == n)} ({works}/{n} lessons)", "yes", works == n),
        ("sliders interactive offline",
         f"{_yes(sliders_work)} ({sum(r['sliders'] for r in results)} sliders drawn)", "yes",
         sliders_work),
        (f"network requests on open, all {n} lessons", str(requests), "0", requests == 0),
        (f"first figure painted (slowest lesson, median of {PAINT_RUNS})", _ms(worst), "< 1 s",
         worst < 1000),
    ]  # fmt: skip
    for measure, ours, goal, met in summary:
        rows.append(
            {
                "measure": f"{measure} ({label})",
                "stock nbconvert": NOT_BUILT,
                "eduwidgets handout": ours,
                "goal": goal,
                "met": _yes(met),
            }
        )
    return rows


if __name__ == "__main__":
    for row in run():
        print(row)

"""Screenshots of every widget in its default state, for the README and docs.

Each widget's static form is opened in headless Chromium (no network) at a phone
width (390 px) and a laptop width (1280 px), and saved to docs/screenshots/ as
PNG. A reader sees the kit before installing it; a change to a widget's look
shows in the diff of these pictures.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from eduwidgets import (  # noqa: E402
    ExerciseDemo,
    KnowledgeCheck,
    MuscleBalance,
    RedFlags,
    SpineFigure,
)
from eduwidgets.handout.browser import launch  # noqa: E402
from eduwidgets.widgets import static  # noqa: E402

TITLE = "Screenshots: every widget in its default state"
NOTE = (
    "Written to docs/screenshots/ (shown in the README): each widget's static form in "
    "headless Chromium at 390 px and 1280 px wide, every network request refused."
)
OUTPUT_DIR = ROOT / "docs" / "screenshots"
WIDTHS = (390, 1280)
# One call each, as a lesson cell would make it; the ones that need a name get the gallery's.
WIDGETS = {
    "muscle-balance": lambda: MuscleBalance(),
    "spine-figure": lambda: SpineFigure(),
    "exercise-demo": lambda: ExerciseDemo("bird-dog"),
    "knowledge-check": lambda: KnowledgeCheck("gallery-lifting"),
    "red-flags": lambda: RedFlags(),
}


def run() -> list[dict]:
    from playwright.sync_api import sync_playwright

    OUTPUT_DIR.mkdir(parents=True, exist_ok=True)
    rows = []
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        browser = launch(playwright)
        for width in WIDTHS:
            context = browser.new_context(viewport={"width": width, "height": 800})
            context.route("**/*", _offline)
            page = context.new_page()
            for name, make in WIDGETS.items():
                path = Path(folder) / f"{name}.html"
                path.write_text(static.page(make().static_html(), title=name))
                page.goto(path.as_uri())
                page.wait_for_selector("[data-edu-mounted]")
                shot = OUTPUT_DIR / f"{name}-{width}.png"
                page.locator("[data-eduwidget]").first.screenshot(
                    path=str(shot), animations="disabled"
                )
                rows.append(
                    {
                        "widget": name,
                        "width": f"{width} px",
                        "file": f"docs/screenshots/{shot.name}",
                        "size": f"{shot.stat().st_size / 1024:.0f} kB",
                    }
                )
            context.close()
        browser.close()
    return rows


def _offline(route) -> None:
    url = route.request.url
    if url.startswith(("file:", "data:", "about:", "blob:")):
        route.continue_()
    else:
        route.abort()


if __name__ == "__main__":
    for row in run():
        print(row)

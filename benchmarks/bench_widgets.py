"""Widget responsiveness: live (kernel side) and static (in Chromium), against `interact`."""

from __future__ import annotations

import json
import tempfile
import time
from pathlib import Path

import numpy as np
import plotly.graph_objects as go

from eduwidgets import MuscleBalance
from eduwidgets.handout.browser import launch
from eduwidgets.model import Muscles, Posture, lumbar_load
from eduwidgets.widgets import static

TITLE = "Widgets: slider response"
NOTE = (
    "Live: time in the kernel from a slider value arriving to every synced trait of the "
    "widget (readouts, sentence, figure data) computed and serialised for the front end, "
    "over 300 moves. The `interact` row does what the common notebook pattern does on "
    "each move: build a new plotly figure and serialise it. Static: in headless Chromium, "
    "from an `input` event on a slider to the page's style and layout being up to date "
    "(handler, model, readouts, figure, forced layout), over 200 moves: the work that must "
    "fit in one 16.7 ms frame before the browser can paint."
)


def _percentiles(samples_s: list[float]) -> tuple[float, float]:
    ms = np.array(samples_s) * 1e3
    return float(np.percentile(ms, 50)), float(np.percentile(ms, 95))


def _live_muscle_balance() -> list[float]:
    widget = MuscleBalance(controls=["extensors", "trunk_flexion_deg"])
    samples = []
    for i in range(300):
        started = time.perf_counter()
        widget.sliders["extensors"].value = 0.2 + (i % 37) * 0.05
        widget.get_state(["values"])  # the kernel syncs only the values; the page computes
        samples.append(time.perf_counter() - started)
    return samples


def _interact_rebuild() -> list[float]:
    samples = []
    for i in range(300):
        started = time.perf_counter()
        load = lumbar_load(posture=Posture(20), muscles=Muscles(extensors=0.2 + (i % 37) * 0.05))
        figure = go.Figure(go.Bar(x=[load.compression_n, load.shear_n], y=["compression", "shear"]))
        figure.update_layout(title=f"{load.compression_n:.0f} N")
        figure.to_json()
        samples.append(time.perf_counter() - started)
    return samples


def _static_repaint() -> list[float]:
    from playwright.sync_api import sync_playwright

    widget = MuscleBalance(controls=["extensors", "trunk_flexion_deg"])
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.html"
        path.write_text(static.page(widget.static_html(), title="bench"))
        with sync_playwright() as playwright:
            browser = launch(playwright)
            page = browser.new_page()
            page.goto(path.as_uri())
            samples_ms = page.evaluate(
                """async () => {
                  const slider = document.querySelector('input[name="extensors"]');
                  const frame = () => new Promise((r) => requestAnimationFrame(() => r()));
                  const out = [];
                  for (let i = 0; i < 200; i++) {
                    await frame();
                    const started = performance.now();
                    slider.value = String(0.2 + (i % 37) * 0.05);
                    slider.dispatchEvent(new Event('input', {bubbles: true}));
                    document.querySelector('.edu-spine-svg').getBoundingClientRect();
                    document.body.offsetHeight;
                    out.push(performance.now() - started);
                  }
                  return out;
                }"""
            )
            browser.close()
    return [ms / 1e3 for ms in samples_ms]


def run() -> list[dict]:
    rows = []
    for case, samples, goal_ms in (
        ("live MuscleBalance (kernel side)", _live_muscle_balance(), 30),
        ("live `interact` rebuilding a plotly figure", _interact_rebuild(), None),
        ("static MuscleBalance, input to layout done", _static_repaint(), 16.7),
    ):
        p50, p95 = _percentiles(samples)
        rows.append(
            {
                "case": case,
                "p50": f"{p50:.2f} ms",
                "p95": f"{p95:.2f} ms",
                "goal (p95)": f"< {goal_ms} ms" if goal_ms else "comparison",
                "met": ("yes" if p95 < goal_ms else "no") if goal_ms else "",
            }
        )
    return rows


if __name__ == "__main__":
    print(json.dumps(run(), indent=2))

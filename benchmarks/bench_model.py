"""Speed of the model: one call, and a 10,000-point grid in one vectorised call."""

from __future__ import annotations

import statistics
import timeit

import numpy as np

from eduwidgets.model import Muscles, Posture, lumbar_load, lumbar_load_range

TITLE = "Model: lumbar_load"
NOTE = (
    "Seven `timeit` repeats; the goal is judged on the fastest, as the `timeit` docs advise "
    "(slower repeats measure other work on the machine: on this shared two-core machine the "
    "median of a whole run has moved from 32 to 55 µs between two runs a minute apart). "
    "The grid is 100 flexion angles x 100 loads."
)


def _seconds(statement, number: int, repeat: int = 7) -> tuple[float, float]:
    """Per call: the fastest repeat and the median repeat."""
    times = timeit.repeat(statement, number=number, repeat=repeat)
    return min(times) / number, statistics.median(times) / number


def run() -> list[dict]:
    posture = Posture(trunk_flexion_deg=30.0, load_kg=10.0, load_distance_m=0.4)
    muscles = Muscles(extensors=0.7, obliques=1.2)
    one_s, one_median_s = _seconds(
        lambda: lumbar_load(posture=posture, muscles=muscles), number=2000
    )
    range_s, range_median_s = _seconds(
        lambda: lumbar_load_range(posture=posture, muscles=muscles), number=1000
    )
    flexion, load = np.meshgrid(np.linspace(0, 90, 100), np.linspace(0, 50, 100))
    grid_posture = Posture(trunk_flexion_deg=flexion, load_kg=load, load_distance_m=0.4)
    grid_s, grid_median_s = _seconds(
        lambda: lumbar_load(posture=grid_posture, muscles=muscles), number=20
    )
    return [
        {
            "case": "one call",
            "fastest (median)": f"{one_s * 1e6:.1f} µs ({one_median_s * 1e6:.1f} µs)",
            "goal": "< 50 µs",
            "met": "yes" if one_s < 50e-6 else "no",
        },
        {
            "case": "one range (low and high: two calls)",
            "fastest (median)": f"{range_s * 1e6:.1f} µs ({range_median_s * 1e6:.1f} µs)",
            "goal": "< 100 µs",
            "met": "yes" if range_s < 100e-6 else "no",
        },
        {
            "case": "10,000-point grid",
            "fastest (median)": f"{grid_s * 1e3:.2f} ms ({grid_median_s * 1e3:.2f} ms)",
            "goal": "< 10 ms",
            "met": "yes" if grid_s < 10e-3 else "no",
        },
    ]

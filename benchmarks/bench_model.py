"""Speed of the model: one call, and a 10,000-point grid in one vectorised call."""

from __future__ import annotations

import statistics
import timeit

import numpy as np

from eduwidgets.model import Muscles, Posture, lumbar_load

TITLE = "Model: lumbar_load"
NOTE = "Median of repeated timings with `timeit`; the grid is 100 flexion angles x 100 loads."


def _median_seconds(statement, number: int, repeat: int = 7) -> float:
    return statistics.median(timeit.repeat(statement, number=number, repeat=repeat)) / number


def run() -> list[dict]:
    posture = Posture(trunk_flexion_deg=30.0, load_kg=10.0, load_distance_m=0.4)
    muscles = Muscles(extensors=0.7, obliques=1.2)
    one_s = _median_seconds(lambda: lumbar_load(posture=posture, muscles=muscles), number=2000)
    flexion, load = np.meshgrid(np.linspace(0, 90, 100), np.linspace(0, 50, 100))
    grid_posture = Posture(trunk_flexion_deg=flexion, load_kg=load, load_distance_m=0.4)
    grid_s = _median_seconds(lambda: lumbar_load(posture=grid_posture, muscles=muscles), number=20)
    return [
        {
            "case": "one call",
            "median": f"{one_s * 1e6:.1f} µs",
            "goal": "< 50 µs",
            "met": "yes" if one_s < 50e-6 else "no",
        },
        {
            "case": "10,000-point grid",
            "median": f"{grid_s * 1e3:.2f} ms",
            "goal": "< 10 ms",
            "met": "yes" if grid_s < 10e-3 else "no",
        },
    ]

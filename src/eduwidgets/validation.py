"""The model against intradiscal pressures measured in living people.

Each row is one task from a published in-vivo study: what was measured, where,
and how this kit reads the task as model inputs (the rows are in
``validation_data.toml`` beside this module). The readings are written down
before the comparison and are never adjusted to fit it; where a paper does not
give a posture's angle or distance, ``reading`` says what was assumed and why.

Two independent sources:

* Wilke et al. (1999), a pressure transducer in the L4/L5 nucleus of one healthy
  man (45 years, 70 kg) through a day of ordinary tasks: absolute values in MPa.
* Nachemson (1981), a review of 20 years of needle measurements in more than 100
  people (L3/L4 and L4/L5): changes relative to relaxed standing, given as
  ranges or bounds ("reclining reduces the pressure by 50 to 80%").

They disagree about sitting: Nachemson found unsupported sitting 40% above
standing, Wilke et al. found it slightly below. The model sits between them; the
lessons say the evidence is mixed.

``compare()`` runs the model on every row; ``benchmarks/bench_model.py`` prints
the table into BENCHMARKS.md and ``tests/test_validation.py`` holds the goals.

References
----------
Wilke HJ, Neef P, Caimi M, Hoogland T, Claes LE (1999). New in vivo measurements
of pressures in the intervertebral disc in daily life. Spine 24(8):755-762.
Nachemson AL (1981). Disc pressure measurements. Spine 6(1):93-97.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from eduwidgets.model import Body, Posture, lumbar_load, shoulder_forward_distance_m

__all__ = [
    "NACHEMSON_1981",
    "WILKE_1999",
    "compare",
    "markdown_table",
    "measurements",
    "misordered_pairs",
    "summary",
    "table_rows",
]

WILKE_1999 = "Wilke et al. 1999, Spine 24:755 (L4/L5, one man, 70 kg)"
NACHEMSON_1981 = "Nachemson 1981, Spine 6:93 (review, >100 people)"
# The rows, with each task's reading as model inputs, live in a data file beside this one.
DATA_FILE = "validation_data.toml"
SOURCES = {"wilke_1999": WILKE_1999, "nachemson_1981": NACHEMSON_1981}

# Wilke's volunteer: 70 kg; his height is not reported, so the kit's default stature.
WILKE_BODY = Body(mass_kg=70.0, height_m=1.75)
STANDING = Posture()


@dataclass(frozen=True)
class Measurement:
    """One published in-vivo measurement and how the kit reads it as model inputs.

    ``measured_mpa`` is an absolute pressure; ``ratio_low``/``ratio_high`` bound
    the pressure relative to relaxed standing (None: no bound on that side).
    """

    task: str
    source: str
    posture: Posture
    reading: str
    measured_mpa: float | None = None
    ratio_low: float | None = None
    ratio_high: float | None = None
    body: Body = field(default=WILKE_BODY)


def _posture(reading: dict) -> Posture:
    """A row's posture; a load hanging from straight arms sits below the shoulders."""
    inputs = dict(reading)
    if inputs.pop("load_hangs_from_shoulders", False):
        inputs["load_distance_m"] = shoulder_forward_distance_m(
            inputs.get("trunk_flexion_deg", 0.0), WILKE_BODY.height_m
        )
    return Posture(**inputs)


@cache
def measurements() -> tuple[Measurement, ...]:
    """The validation table, in the order the papers list the tasks (``validation_data.toml``)."""
    text = resources.files("eduwidgets").joinpath(DATA_FILE).read_text(encoding="utf-8")
    rows = []
    for row in tomllib.loads(text)["measurement"]:
        row = dict(row)
        source, posture = SOURCES[row.pop("source")], _posture(row.pop("posture"))
        rows.append(Measurement(row.pop("task"), source, posture, row.pop("reading"), **row))
    return tuple(rows)


@dataclass(frozen=True)
class Comparison:
    """The model's value for one row, and how far it is from the measurement.

    ``deviation`` is relative: model / measured - 1 for an absolute value, and
    for a ratio its distance from the nearest bound (0 inside the bounds).
    """

    measurement: Measurement
    model_mpa: float
    model_ratio: float
    measured_ratio: float | None
    deviation: float
    ratio_deviation: float | None


def _outside(value: float, low: float | None, high: float | None) -> float:
    if low is not None and value < low:
        return value / low - 1.0
    if high is not None and value > high:
        return value / high - 1.0
    return 0.0


def compare() -> tuple[Comparison, ...]:
    """Run the model on every row of ``measurements()``."""
    table = measurements()
    # Ratios are to relaxed standing: Wilke's own standing row, and the model's standing
    # for each body in the table (one body today).
    measured_standing_mpa = next(
        r.measured_mpa for r in table if r.source == WILKE_1999 and r.posture == STANDING
    )
    model_standing_mpa = {
        body: lumbar_load(body, STANDING).disc_pressure_mpa for body in {r.body for r in table}
    }
    rows = []
    for row in table:
        model_mpa = lumbar_load(row.body, row.posture).disc_pressure_mpa
        model_ratio = model_mpa / model_standing_mpa[row.body]
        if row.measured_mpa is not None:
            measured_ratio = row.measured_mpa / measured_standing_mpa
            deviation = model_mpa / row.measured_mpa - 1.0
            ratio_deviation = model_ratio / measured_ratio - 1.0
        else:
            measured_ratio = None
            deviation = ratio_deviation = _outside(model_ratio, row.ratio_low, row.ratio_high)
        rows.append(
            Comparison(row, model_mpa, model_ratio, measured_ratio, deviation, ratio_deviation)
        )
    return tuple(rows)


def misordered_pairs(rows: tuple[Comparison, ...], margin_mpa: float = 0.1) -> list[tuple]:
    """Pairs of absolute rows the model puts in the other order than the measurements.

    Only pairs whose measurements differ by more than ``margin_mpa`` count: a
    smaller difference is within the scatter of repeated measurements.
    """
    absolute = [r for r in rows if r.measurement.measured_mpa is not None]
    wrong = []
    for i, a in enumerate(absolute):
        for b in absolute[i + 1 :]:
            measured = a.measurement.measured_mpa - b.measurement.measured_mpa
            if abs(measured) > margin_mpa and measured * (a.model_mpa - b.model_mpa) <= 0:
                wrong.append((a.measurement.task, b.measurement.task))
    return wrong


def summary(rows: tuple[Comparison, ...] | None = None) -> dict[str, float]:
    """Mean and largest absolute deviations: absolute rows, and every row as a ratio."""
    rows = compare() if rows is None else rows
    absolute = [abs(r.deviation) for r in rows if r.measurement.measured_mpa is not None]
    ratios = [abs(r.ratio_deviation) for r in rows if r.measurement.task != "Standing, relaxed"]
    return {
        "mean_abs_deviation": sum(absolute) / len(absolute),
        "max_abs_deviation": max(absolute),
        "mean_abs_ratio_deviation": sum(ratios) / len(ratios),
        "max_abs_ratio_deviation": max(ratios),
        "misordered_pairs": len(misordered_pairs(rows)),
    }


def _bounds_text(row: Measurement) -> str:
    low, high = row.ratio_low, row.ratio_high
    if high is None:
        return f"at least {low:g}"
    return f"{low:g}" if low == high else f"{low:g} to {high:g}"


def table_rows(rows: tuple[Comparison, ...] | None = None) -> list[dict[str, str]]:
    """One formatted row a task, the columns of the benchmark table and of the docs."""
    rows = compare() if rows is None else rows
    table = []
    for r in rows:
        m = r.measurement
        absolute = m.measured_mpa is not None
        table.append(
            {
                "task": m.task,
                "source": "Wilke 1999" if m.source == WILKE_1999 else "Nachemson 1981",
                "model": f"{r.model_mpa:.2f} MPa",
                "measured": f"{m.measured_mpa:.2f} MPa" if absolute else "-",
                "deviation": f"{r.deviation:+.0%}" if absolute else "-",
                "model / standing": f"{r.model_ratio:.2f}",
                "measured / standing": f"{r.measured_ratio:.2f}" if absolute else _bounds_text(m),
                "deviation as ratio": f"{r.ratio_deviation:+.0%}",
            }
        )
    return table


def summary_text(rows: tuple[Comparison, ...] | None = None) -> str:
    """The summary figures and the goals, in one sentence."""
    rows = compare() if rows is None else rows
    s = summary(rows)
    return (
        f"Mean absolute deviation {s['mean_abs_deviation']:.0%} (goal: 15% or less), "
        f"largest {s['max_abs_deviation']:.0%} (goal: 30% or less), over the "
        f"{sum(r.measurement.measured_mpa is not None for r in rows)} absolute rows; "
        f"as ratios to standing, over every row: mean {s['mean_abs_ratio_deviation']:.0%}, "
        f"largest {s['max_abs_ratio_deviation']:.0%}. "
        f"Pairs of tasks in the wrong order: {s['misordered_pairs']}."
    )


def markdown_table(rows: tuple[Comparison, ...] | None = None) -> str:
    """The validation table and its summary as Markdown, for the clinician notes."""
    rows = compare() if rows is None else rows
    formatted = table_rows(rows)
    lines = [
        "| " + " | ".join(formatted[0]) + " |",
        "| " + " | ".join("---" for _ in formatted[0]) + " |",
    ]
    lines += ["| " + " | ".join(row.values()) + " |" for row in formatted]
    return "\n".join([*lines, "", summary_text(rows)])

"""The model against published in-vivo intradiscal pressures (eduwidgets.validation).

The goals of the model issue are a mean absolute deviation of 15% or less and no
task beyond 30%. The model misses them (20% and 39% when this test was written);
the figures are reported in BENCHMARKS.md and docs/clinician-notes.md rather than
met by tuning a constant. These tests hold what the model does meet, and stop it
from getting worse unnoticed.
"""

from pathlib import Path

import pytest

from eduwidgets.model import Posture
from eduwidgets.validation import (
    NACHEMSON_1981,
    WILKE_1999,
    compare,
    markdown_table,
    measurements,
    misordered_pairs,
    summary,
)

ROOT = Path(__file__).resolve().parents[1]


def test_table_uses_two_independent_studies_and_says_how_each_task_was_read():
    rows = measurements()
    assert {row.source for row in rows} == {WILKE_1999, NACHEMSON_1981}
    for row in rows:
        assert row.reading, row.task
        assert (row.measured_mpa is None) != (row.ratio_low is None and row.ratio_high is None)
    positions = {row.posture.position for row in rows}
    assert positions == {"standing", "sitting", "lying"}


@pytest.mark.parametrize("row", compare(), ids=lambda r: r.measurement.task)
def test_every_row_runs_and_lands_within_a_factor_of_two(row):
    assert row.model_mpa > 0
    assert abs(row.ratio_deviation) < 0.5
    if row.measurement.measured_mpa is not None:
        assert 0.5 < row.model_mpa / row.measurement.measured_mpa < 2.0


def test_order_of_tasks_is_preserved():
    assert misordered_pairs(compare()) == []


def test_relaxed_standing_and_bending_forward_agree_within_ten_percent():
    by_task = {row.measurement.task: row for row in compare()}
    for task in ("Standing, relaxed", "Standing, bent forward"):
        assert abs(by_task[task].deviation) <= 0.10, task


def test_deviation_does_not_grow_past_todays_figures():
    # Today: mean 20%, largest 39% (absolute); ratios mean 20%, largest 38%.
    s = summary()
    assert s["mean_abs_deviation"] <= 0.21
    assert s["max_abs_deviation"] <= 0.40
    assert s["mean_abs_ratio_deviation"] <= 0.21
    assert s["max_abs_ratio_deviation"] <= 0.39


def test_clinician_notes_carry_the_current_table():
    notes = (ROOT / "docs" / "clinician-notes.md").read_text()
    assert markdown_table() in notes, "regenerate the table in docs/clinician-notes.md"


def test_lifting_reading_hangs_the_load_below_the_shoulders():
    lift = next(r for r in measurements() if r.task == "Lifting 20 kg with a round back")
    assert isinstance(lift.posture, Posture)
    assert 0.3 < lift.posture.load_distance_m < 0.45

"""The model against published in-vivo measurements (eduwidgets.validation).

The goals of issue 22: mean absolute deviation of 12% or less over every row of every
source, none beyond 25%, as absolute values and as ratios to each study's standing;
every pair of tasks in the measured order; every measured value inside the model's
range. The model meets some of them and not others (see BENCHMARKS.md and
docs/clinician-notes.md); no constant is tuned to meet them. These tests hold what the
model meets, and hold today's figures for the rest so they cannot silently get worse.
"""

from pathlib import Path

import pytest

from eduwidgets.model import Posture
from eduwidgets.validation import (
    DREISCHARF_2015,
    NACHEMSON_1981,
    SATO_1999,
    TAKAHASHI_2006,
    WILKE_1999,
    WILKE_2001,
    compare,
    left_out,
    markdown_table,
    measurements,
    misordered_pairs,
    summary,
)

ROOT = Path(__file__).resolve().parents[1]


def test_table_uses_three_independent_groups_and_says_how_each_task_was_read():
    rows = measurements()
    assert {row.source for row in rows} == {
        WILKE_1999,
        WILKE_2001,
        NACHEMSON_1981,
        DREISCHARF_2015,
    }
    for row in rows:
        assert row.reading, row.task
        assert (row.measured_mpa is None) != (row.ratio_low is None and row.ratio_high is None)
    positions = {row.posture.position for row in rows}
    assert positions == {"standing", "sitting", "lying"}
    assert any(row.posture.backrest == 1 for row in rows)


def test_tasks_left_out_each_say_why():
    rows = left_out()
    assert len(rows) >= 5
    for row in rows:
        assert row["why"] and row["task"], row
    # The hardest task for the model is in the table, not left out.
    assert "Holding 20 kg at arm's length" in {m.task for m in measurements()}


@pytest.mark.parametrize("row", compare(), ids=lambda r: r.measurement.task)
def test_every_row_runs_and_lands_within_forty_percent(row):
    assert row.model_mpa > 0
    assert abs(row.ratio_deviation) < 0.4
    if row.measurement.measured_mpa is not None:
        assert abs(row.deviation) <= 0.25


# Today's rows outside the model's range, each for a reason the notes give: the
# backrest reading (a typical chair) runs high; Nachemson's sitting disagrees with
# Wilke's; the implant forces level off more than the model does.
KNOWN_OUTSIDE_RANGE = {
    "Sitting slouched against a backrest",
    "Sitting without support",
    "Upper body bent 53 degrees, against 33 degrees",
}


def test_measured_values_fall_inside_the_models_range():
    outside = {r.measurement.task for r in compare() if not r.measured_inside_range}
    assert outside <= KNOWN_OUTSIDE_RANGE, outside - KNOWN_OUTSIDE_RANGE


def test_order_of_tasks_is_held_to_todays_one_known_pair():
    # Holding 20 kg at arm's length comes out above lifting with a round back; the model
    # leaves out the backward lean that balances a load held out in front.
    assert misordered_pairs(compare()) == [
        ("Holding 20 kg at arm's length", "Lifting 20 kg with a round back")
    ]


def test_relaxed_standing_and_bending_forward_agree_within_twenty_percent():
    by_task = {row.measurement.task: row for row in compare()}
    for task in (
        "Standing, relaxed",
        "Standing, bent forward",
        "Standing, bent forward 36 degrees",
    ):
        assert abs(by_task[task].deviation) <= 0.20, task


def test_deviation_does_not_grow_past_todays_figures():
    # Today (issue-22 follow-up, no model change): absolute mean 9.9%, largest 23.6%;
    # ratios mean 12.3%, largest 36.7% (arm's length); 3 rows outside the range, 11
    # measured ratios outside the ratio range; mean range width 61.7% of the single figure.
    s = summary()
    assert s["mean_abs_deviation"] <= 0.100
    assert s["max_abs_deviation"] <= 0.237
    assert s["mean_abs_ratio_deviation"] <= 0.124
    assert s["max_abs_ratio_deviation"] <= 0.368
    assert s["misordered_pairs"] <= 1
    assert s["rows_outside_range"] <= 3
    assert s["ratios_outside_range"] <= 11
    assert s["mean_range_width"] <= 0.618


def test_studies_not_used_are_listed_with_the_reason():
    # Sato 1999 and Takahashi 2006 were read for the table; their numbers could not be.
    # They stay visible (in the notes' left-out table) until someone reads them.
    not_used = {row["source"] for row in left_out() if row["why"].startswith("not used:")}
    assert not_used == {SATO_1999, TAKAHASHI_2006}
    assert not not_used & {m.source for m in measurements()}


def test_values_seen_only_second_hand_stay_marked():
    # Wilke 1999's abstract does not give lying on the back or the arm's-length hold.
    marked = {m.task for m in measurements() if not m.checked}
    assert marked >= {"Lying on the back", "Holding 20 kg at arm's length"}


def test_clinician_notes_carry_the_current_table():
    notes = (ROOT / "docs" / "clinician-notes.md").read_text()
    assert markdown_table() in notes, "regenerate the table in docs/clinician-notes.md"


def test_lifting_reading_hangs_the_load_below_the_shoulders():
    lift = next(r for r in measurements() if r.task == "Lifting 20 kg with a round back")
    assert isinstance(lift.posture, Posture)
    assert 0.3 < lift.posture.load_distance_m < 0.45


# Everyday tasks that are also rows of the validation table: one reading for both.
SAME_TASKS = {
    "box_close": "Holding 20 kg close to the body",
    "box_far": "Holding 20 kg at arm's length",
}


@pytest.mark.parametrize("language", ["en", "es"])
def test_everyday_tasks_use_the_validation_tables_readings(language):
    import tomllib

    folder = ROOT / "src" / "eduwidgets" / "content"
    path = (
        folder / "everyday_tasks.toml"
        if language == "en"
        else folder / "es" / "everyday_tasks.toml"
    )
    content = tomllib.loads(path.read_text(encoding="utf-8"))
    tasks = {t["key"]: t for t in (*content["tasks"], *content["other_tasks"])}
    rows = {m.task: m for m in measurements()}
    for key, task in SAME_TASKS.items():
        posture = Posture(**{k: v for k, v in tasks[key].items() if k not in ("key", "label")})
        assert posture == rows[task].posture, (language, key)
    # Every load held "close" is read as the table reads the 20 kg box held close.
    close_m = rows[SAME_TASKS["box_close"]].posture.load_distance_m
    for key, task in tasks.items():
        if key.endswith("_close"):
            assert task["load_distance_m"] == close_m, (language, key)


def test_a_chart_with_a_load_says_the_model_runs_high():
    from eduwidgets.figures import task_comparison_figure

    chart = task_comparison_figure()
    assert chart.loaded
    assert "too high" in chart.to_html()
    # The range shows where its two ends round apart: at arm's length, not standing.
    assert "(about 4 to 6)" in chart.to_html()
    assert "Standing up straight: 1.0 times;" in chart.summary()


def test_patients_see_a_range_where_it_matters():
    from eduwidgets.everyday import multiple_range, range_sentence

    low, high = multiple_range(Posture(load_kg=20, load_distance_m=0.6))
    assert 3.0 < low < high < 7.0
    assert range_sentence(low, high) == "The model cannot be exact: it is about 4 to 6 times."
    assert range_sentence(*multiple_range(Posture())) == ""  # standing is the unit itself

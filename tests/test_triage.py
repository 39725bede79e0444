"""Triage: every warning sign and every reason to stop points to one of three levels.

The levels follow NICE NG59, the NHS and the US AHCPR guideline: get help now
(emergency), see a clinician within a day (urgent), book an appointment (routine).
These tests read the raw content files, so a sign or a stop_if line that loses its
level fails here even if a loader were to fill in a default.
"""

from __future__ import annotations

import re
import tomllib

import nbformat
import pytest

from eduwidgets.content.red_flags import LEVELS, load_red_flags
from eduwidgets.patient.config import ClinicConfig
from eduwidgets.widgets.red_flags import RedFlags

from conftest import NOTEBOOKS_DIR, ROOT

CONTENT = ROOT / "src" / "eduwidgets" / "content"

# Every content id and its level. Adding, removing or moving a sign must change this
# table too: a deliberate, reviewed step (see docs/hazard-log.md, H2 and H3).
EXPECTED_LEVELS = {
    # red_flags.toml
    "saddle-numbness": "emergency",
    "bladder-bowel-change": "emergency",
    "sexual-function": "emergency",
    "both-legs": "emergency",
    "leg-weakness-worsening": "emergency",
    "serious-accident": "emergency",
    "fever": "urgent",
    "recent-infection": "urgent",
    "weak-immune-system": "urgent",
    "minor-fall-weak-bones": "urgent",
    "cancer-history": "urgent",
    "weight-loss": "urgent",
    "constant-worsening-pain": "urgent",
    "lump-or-shape-change": "urgent",
    "new-pain-age": "routine",
    "not-better-4-to-6-weeks": "routine",
    "stops-daily-life": "routine",
}
# Each exercise: one stop line per level (exercises.toml), most urgent first.
EXERCISE_STOP_LEVELS = ["emergency", "urgent", "routine"]

# The emergency level must keep each of these, by id and in words a patient knows.
EMERGENCY_MUST_HAVE = {
    "saddle numbness": ("saddle-numbness", ("numb", "bottom", "genitals")),
    "bladder or bowel change": ("bladder-bowel-change", ("pee", "poo")),
    "both legs": ("both-legs", ("both legs",)),
    "worsening leg weakness": ("leg-weakness-worsening", ("weak legs", "getting worse")),
    "sexual function": ("sexual-function", ("genitals", "sex")),
    "serious accident": ("serious-accident", ("serious accident", "car crash")),
}


def raw(name: str) -> dict:
    return tomllib.loads((CONTENT / name).read_text(encoding="utf-8"))


def test_every_red_flag_has_a_level():
    signs = raw("red_flags.toml")["signs"]
    missing = [sign.get("id", sign) for sign in signs if sign.get("level") not in LEVELS]
    assert not missing, f"red flags without a level (one of {LEVELS}): {missing}"


def test_every_stop_if_entry_has_a_level():
    exercises = raw("exercises.toml")["exercises"]
    missing = []
    for exercise_id, record in exercises.items():
        entries = record.get("stop_if")
        if not isinstance(entries, list):
            missing.append(f"{exercise_id}: stop_if is not a list of {{level, text}}")
            continue
        missing += [
            f"{exercise_id}[{i}]"
            for i, entry in enumerate(entries)
            if entry.get("level") not in LEVELS
        ]
    assert not missing, f"stop_if entries without a level: {missing}"


@pytest.mark.parametrize("concept", list(EMERGENCY_MUST_HAVE))
def test_the_emergency_level_keeps_every_cauda_equina_and_trauma_sign(concept):
    sign_id, words = EMERGENCY_MUST_HAVE[concept]
    signs = {sign["id"]: sign for sign in raw("red_flags.toml")["signs"]}
    assert sign_id in signs, f"the emergency level lost {concept!r}"
    assert signs[sign_id]["level"] == "emergency", f"{concept!r} must be 'get help now'"
    for word in words:
        assert word in signs[sign_id]["text"], f"{concept!r}: {word!r} not in the sign's words"


def test_every_content_id_maps_to_its_level():
    found = {sign["id"]: sign["level"] for sign in raw("red_flags.toml")["signs"]}
    assert found == EXPECTED_LEVELS
    for exercise_id, record in raw("exercises.toml")["exercises"].items():
        levels = sorted((e["level"] for e in record["stop_if"]), key=LEVELS.index)
        assert levels == EXERCISE_STOP_LEVELS, exercise_id
        emergency = next(e["text"] for e in record["stop_if"] if e["level"] == "emergency")
        # New numbness or weakness in both legs reaches the emergency level, never
        # only "call your clinician".
        assert "both legs" in emergency and "genitals" in emergency, exercise_id
        urgent = next(e["text"] for e in record["stop_if"] if e["level"] == "urgent")
        assert "numbness" in urgent and "weakness" in urgent, exercise_id


def test_one_pain_rule_in_every_stop_line():
    """Sharp, spreading or lasting pain means stop; a small rise that settles does not."""
    for exercise_id, record in raw("exercises.toml")["exercises"].items():
        routine = next(e["text"] for e in record["stop_if"] if e["level"] == "routine")
        for words in ("sharp", "spreads down your leg", "does not settle"):
            assert words in routine, (exercise_id, words)
        assert "worse" not in routine, f"{exercise_id}: 'any worse pain' contradicts the rule"


def test_levels_carry_plain_actions_and_the_clinic_number():
    levels = {entry["key"]: entry for entry in load_red_flags()["levels"]}
    assert "{emergency}" in levels["emergency"]["intro"]
    assert "emergency room" in levels["emergency"]["intro"]
    assert "today" in levels["urgent"]["intro"]
    assert "book a visit" in levels["routine"]["intro"].lower()
    us = RedFlags(clinic=ClinicConfig(emergency_number="911")).plain_text()
    assert "Call 911 now, or go to the emergency room" in us
    uk = RedFlags(clinic=ClinicConfig(emergency_number="999 or 112")).plain_text()
    assert "Call 999 or 112 now" in uk


def test_exercise_stop_lines_use_the_clinic_emergency_number(monkeypatch):
    from eduwidgets.patient.config import CLINIC_CONFIG_ENV
    from eduwidgets.widgets.exercise_demo import ExerciseDemo

    default = ExerciseDemo("bird-dog").exercise["stop_if"][0]["intro"]
    assert default == "Stop and get help now (call your local emergency number) if you get"
    monkeypatch.setenv(CLINIC_CONFIG_ENV, str(ROOT / "examples" / "clinic.toml"))
    demo = ExerciseDemo("bird-dog")
    assert demo.exercise["stop_if"][0]["intro"].startswith(
        "Stop and get help now (call 999 or 112)"
    )
    assert "(call 999 or 112)" in demo.static_html()
    assert "(call 911)" in ExerciseDemo("bird-dog", emergency_number="911").static_html()
    with pytest.raises(ValueError, match="emergency_number = 'dial me'"):
        ExerciseDemo("bird-dog", emergency_number="dial me")


def section_text(notebook: str, header: str) -> str:
    cells = nbformat.read(NOTEBOOKS_DIR / notebook, as_version=4).cells
    text = "\n".join(cell.source for cell in cells if cell.cell_type == "markdown")
    match = re.search(rf"^{re.escape(header)}\n(.*?)(?=^## |\Z)", text, re.M | re.S)
    assert match, f"{notebook}: no section {header!r}"
    return match.group(1)


def test_lesson_5_not_normal_box_points_to_the_levels():
    box = section_text("05-your-plan.ipynb", "## Soreness: what is normal and what is not")
    not_normal = box.split("**Not normal")[1]
    items = [line for line in not_normal.splitlines() if line.startswith("- ")]
    headings = [re.match(r"- \*\*(.+?)\*\*", item).group(1) for item in items]
    assert headings == ["Get help now", "See a clinician within a day", "Book an appointment"]
    assert "both legs" in items[0] and "genitals" in items[0] and "pee" in items[0]
    assert "one leg" in items[1]
    assert "sharp" in items[2] and "spreads" in items[2] and "settle" in items[2]


def test_living_lesson_names_the_three_levels():
    text = section_text("06-living-with-back-pain.ipynb", "## When to get help")
    for heading in ("Get help now", "See a clinician within a day", "Book an appointment"):
        assert heading in text

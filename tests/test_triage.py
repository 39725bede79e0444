"""Triage: every warning sign and every reason to stop points to one of three levels.

The levels follow NICE NG59, the NHS, the UK cauda equina pathway (GIRFT 2023), the
international red-flag framework (Finucane et al. 2020) and the US AHCPR guideline: get
help now (emergency), see a clinician within a day (urgent), book an appointment
(routine). These tests read the raw content files of EVERY language, so a sign or a
stop_if line that loses its level, or its words, fails here even if a loader were to
fill in a default.
"""

from __future__ import annotations

import re
import tomllib

import nbformat
import pytest

from eduwidgets import content
from eduwidgets.content.red_flags import LEVELS, load_red_flags
from eduwidgets.patient.config import ClinicConfig
from eduwidgets.widgets.red_flags import RedFlags

from conftest import NOTEBOOKS_DIR, ROOT

LANGUAGES = list(content.languages())

# Every content id and its level, the same in every language. Adding, removing or moving
# a sign must change this table too: a deliberate, reviewed step (docs/hazard-log.md,
# H2, H3 and H5).
EXPECTED_LEVELS = {
    # red_flags.toml
    "saddle-numbness": "emergency",
    "bladder-bowel-change": "emergency",
    "sexual-function": "emergency",
    "both-legs": "emergency",
    "leg-weakness-worsening": "emergency",
    "serious-accident": "emergency",
    "one-leg-weakness": "urgent",
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

# Each sign must keep these words, in words a patient knows, in each language (issue 20:
# retention said as a patient notices it; the saddle area between the legs and around the
# back passage, noticed when wiping; steroid tablets named as cortisone or prednisone;
# both legs only when new or worse; which infections matter).
SIGN_WORDS = {
    "en": {
        "saddle-numbness": ("numb", "between your legs", "back passage", "genitals", "wipe"),
        "bladder-bowel-change": (
            "cannot pee",
            "cannot feel when you pee",
            "bladder is full",
            "cannot control your bladder or bowel",
        ),
        "both-legs": ("both legs", "new or worsening"),
        "leg-weakness-worsening": ("weak legs", "getting worse"),
        "sexual-function": ("sexual function", "erection", "feel your genitals during sex"),
        "serious-accident": ("serious accident", "car crash"),
        "one-leg-weakness": ("new or worsening weakness", "one leg or foot"),
        "minor-fall-weak-bones": (
            "small fall",
            "lift",
            "cough",
            "weak bones",
            "steroid tablets",
            "prednisone",
        ),
        "recent-infection": ("bladder", "skin infection", "feel unwell"),
    },
    "es": {
        "saddle-numbness": (
            "dormida",
            "entre las piernas",
            "alrededor del ano",
            "genitales",
            "limpiarse",
        ),
        "bladder-bowel-change": (
            "no puede orinar",
            "no siente cuando orina",
            "vejiga llena",
            "no puede controlar la orina o las heces",
        ),
        "both-legs": ("dos piernas", "nuevos o que empeoran"),
        "leg-weakness-worsening": ("piernas muy débiles", "cada vez más débiles"),
        "sexual-function": ("función sexual", "erección", "no siente los genitales"),
        "serious-accident": ("accidente grave", "choque"),
        "one-leg-weakness": ("debilidad nueva o que empeora", "una pierna o un pie"),
        "minor-fall-weak-bones": (
            "caída pequeña",
            "levantar algo",
            "toser",
            "huesos débiles",
            "cortisona",
            "prednisona",
        ),
        "recent-infection": ("orina", "piel", "se siente mal"),
    },
}
# Words a reader misread (CLINICAL.md, second reading): never in a sign or stop line.
MISREAD = {
    "en": ("trouble when you pee", "steroid pills", "infection in the last few weeks, such"),
    "es": (
        "alrededor de las nalgas",
        "problemas nuevos al orinar",
        "dolor agudo",
        r"\besteroides\b",
    ),
}
# An exercise's stop lines, in each language: the emergency line names retention, the
# saddle area and new or worse symptoms in both legs; the urgent line sends new or worse
# weakness in one leg or foot to a clinician within a day; the routine line is the pain
# rule (sharp, spreading or lasting pain), never "any worse pain".
STOP_WORDS = {
    "en": {
        "emergency": (
            "cannot pee",
            "cannot feel when you pee",
            "bladder or bowel",
            "between your legs",
            "genitals",
            "new or worse",
            "both legs",
        ),
        "urgent": ("new or worse", "weakness", "one leg or foot"),
        "routine": ("sharp", "spreads down your leg", "does not settle"),
    },
    "es": {
        "emergency": (
            "no puede orinar",
            "no siente cuando orina",
            "la orina o las heces",
            "entre las piernas",
            "alrededor del ano",
            "genitales",
            "nuevos o que empeoran",
            "las dos piernas",
        ),
        "urgent": ("nuevos o que empeoran", "debilidad", "una pierna o un pie"),
        "routine": ("punzante", "baja por la pierna", "no se calma"),
    },
}
NOT_IN_ROUTINE = {"en": ("worse",), "es": ("empeor",)}


def raw(name: str, language: str = content.DEFAULT_LANGUAGE) -> dict:
    return tomllib.loads(content.content_path(name, language).read_text(encoding="utf-8"))


def stop_line(record: dict, level: str) -> str:
    return next(e["text"] for e in record["stop_if"] if e["level"] == level)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_red_flag_has_a_level(language):
    signs = raw("red_flags.toml", language)["signs"]
    missing = [sign.get("id", sign) for sign in signs if sign.get("level") not in LEVELS]
    assert not missing, f"{language}: red flags without a level (one of {LEVELS}): {missing}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_stop_if_entry_has_a_level(language):
    exercises = raw("exercises.toml", language)["exercises"]
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
    assert not missing, f"{language}: stop_if entries without a level: {missing}"


@pytest.mark.parametrize(
    ("language", "sign_id"),
    [(code, sign_id) for code in LANGUAGES for sign_id in SIGN_WORDS.get(code, {})],
)
def test_the_emergency_level_keeps_every_cauda_equina_and_trauma_sign(language, sign_id):
    """Each pinned sign keeps its level and the words a patient recognises."""
    signs = {sign["id"]: sign for sign in raw("red_flags.toml", language)["signs"]}
    assert sign_id in signs, f"{language}: the warning signs lost {sign_id!r}"
    assert signs[sign_id]["level"] == EXPECTED_LEVELS[sign_id], (language, sign_id)
    for word in SIGN_WORDS[language][sign_id]:
        assert word in signs[sign_id]["text"], f"{language} {sign_id}: {word!r} not in its words"


def test_every_language_has_its_sign_and_stop_words():
    """A new language must say which words carry each sign (the tables above)."""
    assert set(SIGN_WORDS) == set(STOP_WORDS) == set(MISREAD) == set(LANGUAGES)


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_sign_or_stop_line_uses_words_a_reader_misread(language):
    texts = [sign["text"] for sign in raw("red_flags.toml", language)["signs"]]
    for record in raw("exercises.toml", language)["exercises"].values():
        texts += [entry["text"] for entry in record["stop_if"]]
    for pattern in MISREAD[language]:
        found = [text for text in texts if re.search(pattern, text, re.I)]
        assert not found, f"{language}: {pattern!r} in {found}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_content_id_maps_to_its_level(language):
    found = {sign["id"]: sign["level"] for sign in raw("red_flags.toml", language)["signs"]}
    assert found == EXPECTED_LEVELS, language
    for exercise_id, record in raw("exercises.toml", language)["exercises"].items():
        levels = sorted((e["level"] for e in record["stop_if"]), key=LEVELS.index)
        assert levels == EXERCISE_STOP_LEVELS, (language, exercise_id)
        # The emergency signs reach "get help now", never only "call your clinician";
        # new or worse weakness in one leg or foot reaches "within a day".
        for level in ("emergency", "urgent"):
            text = stop_line(record, level)
            for words in STOP_WORDS[language][level]:
                assert words in text, (language, exercise_id, level, words)


@pytest.mark.parametrize("language", LANGUAGES)
def test_one_pain_rule_in_every_stop_line(language):
    """Sharp, spreading or lasting pain means stop; a small rise that settles does not."""
    for exercise_id, record in raw("exercises.toml", language)["exercises"].items():
        routine = stop_line(record, "routine")
        for words in STOP_WORDS[language]["routine"]:
            assert words in routine, (language, exercise_id, words)
        for words in NOT_IN_ROUTINE[language]:
            assert words not in routine, f"{language} {exercise_id}: 'worse pain' breaks the rule"


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
    assert default == "Stop and get help now (call your local emergency number) if"
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

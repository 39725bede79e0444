"""The personal plan's words: in a content file, plain, and nowhere in code.

The plan's patient prose lives in ``content/plan.toml`` (not in Python or JavaScript
strings), so this test can measure it: every text at Flesch-Kincaid grade 6 or below.
What the plan shows (made in the browser by ``handout/plan_page.js``: the flare-up
plan, the four-week log, the warning signs at three levels, both languages) is
checked on the page in Chromium: ``tests/test_plan_page.py``.
"""

from __future__ import annotations

from eduwidgets.content import in_language, languages, load_content
from eduwidgets.handout import PLAN_FIELDS, plan_words

from conftest import ROOT

MAX_GRADE = 6.0
EXAMPLE_PROFILE = ROOT / "examples" / "profile.toml"
PLACEHOLDER_VALUES = {
    "owner": "Your",
    "label": "back muscles",
    "grade": "3",
    "bracing": "mild",
    "length": "mildly tight",
    "trains": "front stomach muscles",
    "title": "Bird dog",
    "week": "1",
    "day": "Monday",
    "pct": "5",
    "multiple": "1.2",
    "name": "Sam",
    "strength": "strength 3 of 5",
}


def plan_texts(language: str = "en") -> list[tuple[str, str]]:
    """(field, text) for every patient text in plan.toml, placeholders filled."""
    found = []
    for field in PLAN_FIELDS:
        value = load_content("plan.toml", language)
        for part in field.split("."):
            value = value[part]
        for text in value if isinstance(value, list) else [value]:
            found.append((field, text.format(**PLACEHOLDER_VALUES)))
    return found


def test_every_field_is_there_and_plain(fk_grade):
    for language in languages():  # every field in PLAN_FIELDS is present and is text
        with in_language(language):
            assert plan_words()
    worst = max((fk_grade(t), f) for f, t in plan_texts() if len(t.split()) >= 8)
    print(f"plan.toml: hardest text {worst[1]} at FK grade {worst[0]:.1f}")
    for field, text in plan_texts():
        if len(text.split()) >= 8:  # a heading or a column name has no grade worth measuring
            assert fk_grade(text) <= MAX_GRADE, f"{field}: {text!r}"


# What the page builder fills into pages.toml's {placeholders}, as a patient reads it.
PAGE_PLACEHOLDER_VALUES = {
    "kind": "Handout",
    "name": "Riverside Clinic",
    "who": "your clinic",
    "phone": "01234 567890",
    "alt": "a spine",
    "status": "404",
    "count": "20",
    "start": "'Jo'",
    "file": "sam.toml",
    # [checks], the check of a patient's values: a field, a value, what it allows. The
    # Oxford grade's meanings and rounding are texts of their own, graded as they stand.
    "field": "mass_kg",
    "value": "'900'",
    "allowed": "a number from 20 to 250 kg",
    "fields": "first_name, mass_kg, height_m",
    "max": "40",
    "grades": "1, 2, 3, 4, 5",
    "meanings": "5 normal, 1 a flicker",
    "rounding": "round to a whole grade",
    "choices": '"none", "mild", "strong"',
    "low": "20",
    "high": "250",
    "unit": "kg",
    # The short address's parts (issue 24): its version, the ratings' order, the codes.
    "versions": "1",
    "order": "back muscles strength, side muscles strength",
    "codes": "bd (bird-dog), gb (glute bridge)",
    "exercise": "bd",
    "letter": "s",
    "date": "2026-12-02",
    "version": "5",
    "size": "37",
}


def test_every_page_word_is_there_and_plain(fk_grade):
    """The words around every page (headers, footers, the lesson bar, the clinic's
    message pages: content/pages.toml) read at grade 6 or below too."""
    from eduwidgets.content.pages import page_texts, page_words

    assert page_words()  # every field is text
    texts = [(f, t.format(**PAGE_PLACEHOLDER_VALUES)) for f, t in page_texts()]
    assert len(texts) > 20
    for field, text in texts:
        if len(text.split()) >= 8:  # a heading or a button has no grade worth measuring
            assert fk_grade(text) <= MAX_GRADE, f"pages.toml {field}: {text!r}"
    whole = " ".join(text for _, text in texts if text.endswith("."))
    assert fk_grade(whole) <= MAX_GRADE


def test_the_handout_code_holds_no_plan_prose():
    """Patient sentences of the plan live in plan.toml, where the grade test reads them."""
    handout = ROOT / "src" / "eduwidgets" / "handout"
    for path in sorted([*handout.glob("*.py"), *handout.glob("*.js")]):
        source = path.read_text(encoding="utf-8")
        for sentence in (
            "Your clinician",
            "Do them slowly",
            "Tick a box",
            "Ask your clinician",
            "What to do today",
            "scored",
            "strength {grade}",
        ):
            assert sentence not in source, (path.name, sentence)


def test_the_page_code_holds_no_page_prose():
    """The words around pages live in pages.toml, where the grade test reads them."""
    from eduwidgets.content.pages import page_texts

    starts = [text.split("{")[0][:40] for _, text in page_texts() if len(text.split()) >= 5]
    src = ROOT / "src" / "eduwidgets"
    for path in sorted([*(src / "handout").glob("*.py"), *(src / "clinic").glob("*.py")]):
        source = path.read_text(encoding="utf-8")
        for start in starts:
            assert len(start) < 12 or start not in source, (path.name, start)

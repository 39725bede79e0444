"""The personal plan's words: in a content file, plain, and holding what a plan needs.

The plan's patient prose lives in ``content/plan.toml`` (not in Python strings), so
this test can measure it: every text at Flesch-Kincaid grade 6 or below, and the
whole plan as a patient reads it too. The plan must carry a flare-up plan, a
four-week log that works on paper, and the warning signs at three levels.
"""

from __future__ import annotations

import re

import pytest

from eduwidgets.content import load_content
from eduwidgets.handout import (
    DAYS_PER_WEEK,
    LOG_WEEKS,
    PLAN_FIELDS,
    Clinic,
    exercise_reasons,
    plan_body,
    plan_words,
)
from eduwidgets.patient.profile import load_profile

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


def plan_texts() -> list[tuple[str, str]]:
    """(field, text) for every patient text in plan.toml, placeholders filled."""
    found = []
    for field in PLAN_FIELDS:
        value = load_content("plan.toml")
        for part in field.split("."):
            value = value[part]
        for text in value if isinstance(value, list) else [value]:
            found.append((field, text.format(**PLACEHOLDER_VALUES)))
    return found


def visible_text(fragment: str) -> str:
    """The words of an HTML fragment, one sentence per block, without scripts or data."""
    fragment = re.sub(r"<script\b.*?</script>", " ", fragment, flags=re.S)
    fragment = re.sub(r"<noscript\b.*?</noscript>", " ", fragment, flags=re.S)
    fragment = re.sub(r"</(p|li|h\d|caption|th|td|tr)>", ". ", fragment)
    text = re.sub(r"<[^>]+>", " ", fragment)
    text = re.sub(r"&[a-z#0-9]+;", " ", text)
    return re.sub(r"(\.\s*){2,}", ". ", " ".join(text.split()))


@pytest.fixture(scope="module")
def example_plan() -> str:
    profile = load_profile(EXAMPLE_PROFILE)
    return plan_body(profile, Clinic())[1]


def test_every_field_is_there_and_plain(fk_grade):
    assert plan_words()  # every field in PLAN_FIELDS is present and is text
    worst = max((fk_grade(t), f) for f, t in plan_texts() if len(t.split()) >= 8)
    print(f"plan.toml: hardest text {worst[1]} at FK grade {worst[0]:.1f}")
    for field, text in plan_texts():
        if len(text.split()) >= 8:  # a heading or a column name has no grade worth measuring
            assert fk_grade(text) <= MAX_GRADE, f"{field}: {text!r}"


def test_the_whole_plan_reads_at_grade_6(fk_grade, example_plan):
    text = visible_text(example_plan)
    grade = fk_grade(text)
    print(f"example plan: FK grade {grade:.1f} over {len(text.split())} words")
    assert grade <= MAX_GRADE


def test_plan_has_a_flare_up_plan_a_log_and_three_levels(example_plan):
    words = plan_words()
    assert words["flare_up"]["heading"] in example_plan
    for step in words["flare_up"]["steps"]:
        assert step.split(",")[0] in example_plan.replace("&#x27;", "'")
    # The log: four weeks of seven days, each a tick, a 0-10 pain box and a note.
    assert example_plan.count('class="handout-log"') == LOG_WEEKS
    assert example_plan.count('class="handout-log-pain"') == LOG_WEEKS * DAYS_PER_WEEK
    assert example_plan.count('class="handout-log-note"') == LOG_WEEKS * DAYS_PER_WEEK
    assert "0 means no pain. 10 means the worst pain" in example_plan
    for heading in ("Get help now", "See a clinician within a day", "Book an appointment"):
        assert heading in example_plan


def test_the_plan_compares_the_everyday_tasks_of_the_content_file(example_plan):
    """One list of everyday tasks (content/everyday_tasks.toml): the plan's table shows
    the tasks its ``comparisons.plan`` names, with their labels, in order."""
    from eduwidgets.everyday import compared_tasks

    labels = [task["label"] for task in compared_tasks("plan")]
    assert labels and "muscles.tasks" not in PLAN_FIELDS
    table = example_plan[example_plan.index(plan_words()["muscles"]["load_caption"]) :]
    places = [table.index(label) for label in labels]
    assert places == sorted(places)


def test_no_frightening_or_old_model_words(example_plan):
    text = visible_text(example_plan).lower()
    for phrase in ("risk injury", "adds up", "collapse", "tighter or more tense", "unsafe"):
        assert phrase not in text, phrase


def test_reasons_come_from_the_content_file():
    from eduwidgets.content.exercises import get_exercise

    profile = load_profile(EXAMPLE_PROFILE)
    reasons = plan_words()["reasons"]
    cat = exercise_reasons(profile, get_exercise("cat-camel"))
    assert cat == [reasons["mobility"]]  # mobility, not extensor training
    bird = exercise_reasons(profile, get_exercise("bird-dog"))
    assert bird[0] == reasons["weak"].format(label="back muscles", grade=3)


# What the page builder fills into pages.toml's {placeholders}, as a patient reads it.
PAGE_PLACEHOLDER_VALUES = {
    "kind": "Handout",
    "name": "Riverside Clinic",
    "who": "your clinic",
    "phone": "01234 567890",
    "alt": "a spine",
    "status": "404",
    "count": "20",
    "file": "sam.toml",
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
    for path in sorted((ROOT / "src" / "eduwidgets" / "handout").glob("*.py")):
        source = path.read_text(encoding="utf-8")
        for sentence in ("Your clinician", "Do them slowly", "Tick a box", "Ask your clinician"):
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


def test_the_plan_speaks_in_everyday_terms(example_plan):
    """Patients read multiples of standing, not newtons (issue 12); clinicians' boxes aside."""
    patient_part = re.sub(r"<details\b.*?</details>", " ", example_plan, flags=re.S)
    text = visible_text(patient_part)
    assert not re.search(r"\d[\d,.]* ?(N|MPa)\b", text), text
    assert "newton" not in text.lower()
    assert "times" in text

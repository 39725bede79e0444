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
    # The log (issue 20): four weeks of seven days, each day what was done (exercises,
    # activity, a step toward the patient's goal) and a note; pain once a week only.
    assert example_plan.count('class="handout-log"') == LOG_WEEKS
    log = example_plan.split('id="log"')[1].split('id="warning"')[0]
    assert log.count('class="handout-tick"') == 3 * LOG_WEEKS * DAYS_PER_WEEK
    assert log.count('class="handout-log-note"') == LOG_WEEKS * DAYS_PER_WEEK
    assert log.count('class="handout-log-pain"') == LOG_WEEKS  # once a week, not daily
    assert log.count('class="handout-log-goal-input"') == 1
    assert "0 means no pain. 10 means the worst pain" in example_plan
    for heading in ("Get help now", "See a clinician within a day", "Book an appointment"):
        assert heading in example_plan


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_log_records_what_was_done_and_pain_once_a_week(language):
    """issue 20: a log of pain every day keeps attention on pain. Each day the log asks
    what was done (exercises, a walk or other movement, a step toward the patient's own
    goal); pain is asked once a week; the goal is written once, at the top."""
    from eduwidgets.content import in_language, languages

    assert set(languages()) == {"en", "es"}, "add the new language to the parametrize list"
    with in_language(language):
        words = plan_words()["log"]
        body = plan_body(load_profile(EXAMPLE_PROFILE), Clinic())[1]
    log = body.split('id="log"')[1].split('id="warning"')[0]
    days = log.count('<th scope="row">')
    assert days == LOG_WEEKS * DAYS_PER_WEEK
    for label in ("done_label", "active_label", "goal_day_label"):
        shown = words[label].split("}")[-1].strip()  # the words after "{week}, {day}:"
        assert log.count(shown) == days, (language, label)
    assert log.count('class="handout-log-pain"') == LOG_WEEKS  # once a week
    assert words["week_pain"].split(":")[0].split("}")[-1].strip() in log
    assert log.count('class="handout-log-goal-input"') == 1
    assert "pain_label" not in words and "column_pain" not in words, "no daily pain column"


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


# ---------------------------------------------------------------- the plan in Spanish (issue 15)

# Every rating filled, and exercises that show every kind of dose (sets, each side, a
# hold, no hold, a pyramid), so every rating, dose and day word of the plan shows.
EVERY_RATING = """
first_name = "Sam"
[muscles.extensors]
strength = 3
[muscles.obliques]
strength = 4
bracing = "mild"
[muscles.abdominals]
strength = 2
bracing = "strong"
[muscles.hip_flexors]
length = "moderately tight"
[[exercises]]
id = "mcgill-curl-up"
[[exercises]]
id = "bird-dog"
sets = 3
[[exercises]]
id = "dead-bug"
[[exercises]]
id = "cat-camel"
[[exercises]]
id = "half-kneeling-hip-flexor-stretch"
"""
WORD_PLACEHOLDER = re.compile(r"\{[a-z_]+\}")


def every_rating_plan(tmp_path, language: str, first_name: bool = True) -> str:
    from eduwidgets.content import in_language

    text = EVERY_RATING if first_name else EVERY_RATING.replace('first_name = "Sam"\n', "")
    path = tmp_path / f"every-rating-{language}-{first_name}.toml"
    path.write_text(text, encoding="utf-8")
    with in_language(language):
        return plan_body(load_profile(path), Clinic())[1]


def read_text(page: str) -> str:
    """What a reader meets: the visible words, and the names screen readers say (title,
    aria-label, alt). Scripts are left out: their words are the widgets' own content."""
    import html

    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    names = re.findall(r'\b(?:title|aria-label|alt)="([^"]*)"', page)
    return html.unescape(" ".join([re.sub(r"<[^>]+>", " ", page), *names]))


def english_glue(first_name: str | None) -> set[str]:
    """The English words the plan adds around a rating, a dose or a day, read from the
    English content (and Babel's English day names), so the test follows the files."""
    from eduwidgets.content import weekday_names
    from eduwidgets.content.pages import page_words

    form = page_words("en")["form"]
    plan = load_content("plan.toml", "en")
    dose = load_content("dose_words.toml", "en")
    words = {*form["bracing"].values(), *form["hip_flexor_length"].values()}
    templates = [plan["muscles"][key] for key in ("found_strength", "found_bracing", "not_rated")]
    templates += [dose["short_side"], dose["short_hold"], plan["owner_you"]]
    for template in templates:
        words |= {part.strip(" ,:") for part in WORD_PLACEHOLDER.split(template)}
    words |= {name for pair in weekday_names("en") for name in pair}
    if first_name:
        words.add(plan["owner_named"].format(name=first_name))
    words.add("and")  # the join of an exercise's muscle groups
    # "normal" is the same word in Spanish ("fuerza normal"), and a letter is no word.
    return {word for word in words if len(word) > 1} - {"normal"}


def english_left(text: str, words: set[str]) -> list[str]:
    return sorted(w for w in words if re.search(rf"(?<!\w){re.escape(w)}(?!\w)", text))


@pytest.mark.parametrize("first_name", [True, False])
def test_a_spanish_plan_shows_no_english_rating_dose_or_day_words(tmp_path, first_name):
    """issue 15: the words the plan puts around the clinician's ratings, the doses and
    the days come from content in the reader's language, not from English in code."""
    text = read_text(every_rating_plan(tmp_path, "es", first_name))
    glue = english_glue("Sam" if first_name else None)
    assert {"mild", "moderately tight", "each side", "Monday", "Mon", "and"} <= glue
    assert not english_left(text, glue)
    assert "strength" not in text.lower() and "bracing" not in text.lower()


def test_a_spanish_plan_says_the_ratings_doses_and_days_in_spanish(tmp_path):
    from eduwidgets.content.pages import page_words

    page = every_rating_plan(tmp_path, "es")
    text = " ".join(read_text(page).split())
    form = page_words("es")["form"]
    for shown in (
        "Plan para la espalda de Sam",
        "fuerza 3 de 5",
        f"fuerza 4 de 5, tensión: {form['bracing']['mild']}",
        f"fuerza 2 de 5, tensión: {form['bracing']['strong']}",
        f"(tensión {form['bracing']['strong']})",
        f"Sus flexores de la cadera están {form['hip_flexor_length']['moderately tight']}.",
        "3 × 5 de cada lado, sostenga 8 s",
        "5, 3, 1, sostenga 8 s",
        "50 % (más débil de lo típico)",
        "Semana 1: su dolor esta semana, de 0 a 10",
        "Semana 1, lunes: un paso hacia su meta hecho",
    ):
        assert shown in text, shown
    assert '<abbr title="miércoles">mié</abbr>' in page
    # Decimals as Spanish writes them: "1,2 veces", never "1.2 veces".
    assert re.search(r"\d,\d veces", text) and not re.search(r"\d\.\d veces", text)


def test_a_spanish_plan_joins_muscle_groups_in_spanish():
    from eduwidgets.content import in_language
    from eduwidgets.content.exercises import get_exercise
    from eduwidgets.patient.profile import Profile

    with in_language("es"):
        (reason,) = exercise_reasons(Profile(), get_exercise("mcgill-curl-up"))
    assert " y " in reason and " and " not in reason, reason


def test_the_english_plan_reads_as_before(tmp_path):
    """The same words as before the words moved to content, in the same places."""
    page = every_rating_plan(tmp_path, "en")
    text = " ".join(read_text(page).split())
    for shown in (
        "Sam's back plan",
        "strength 3 of 5",
        "strength 4 of 5, bracing: mild",
        "strength 2 of 5, bracing: strong",
        "Your front stomach muscles tend to stay tense (strong bracing).",
        "Your hip flexors are moderately tight. This exercise gently stretches them.",
        "3 × 5 each side, hold 8 s",
        "5, 3, 1, hold 8 s",
        "50% (weaker than typical)",
        "Week 1: your pain this week, from 0 to 10",
        "Week 1, Monday: a step toward your goal done",
    ):
        assert shown in text, shown
    assert '<abbr title="Wednesday">Wed</abbr>' in page
    assert "Your back plan" in read_text(every_rating_plan(tmp_path, "en", first_name=False))
    from eduwidgets.content.exercises import get_exercise
    from eduwidgets.patient.profile import Profile

    (general,) = exercise_reasons(Profile(), get_exercise("mcgill-curl-up"))
    trains = "front stomach muscles and side stomach muscles"
    assert general == plan_words()["reasons"]["general"].format(trains=trains)


def test_the_found_column_says_each_rating_or_not_rated():
    """The found column of the plan (moved here from the profile: it is the plan's words)."""
    from eduwidgets.handout import rating_text
    from eduwidgets.patient.profile import Profile

    bracing_only = Profile(bracing={"obliques": "mild", "abdominals": "none"})
    assert rating_text(bracing_only, "obliques") == "bracing: mild"
    assert rating_text(bracing_only, "abdominals") == "not rated"
    assert rating_text(bracing_only, "hip_flexors") == "not rated"
    assert rating_text(Profile(hip_flexor_length="very tight"), "hip_flexors") == "very tight"

"""No exercise starts without the "check with your clinician first" list (issue 20).

Recent back surgery, pregnancy and weak bones (osteoporosis) change which exercises are
safe, and a clinician's own advice comes first. The list lives in each language's
``content/exercises.toml`` ([check_first]); every ExerciseDemo shows it above its steps
(drawn by ``exercise_demo.js`` and in the no-script fallback), and the plan shows it
once above its exercises. docs/hazard-log.md, H23.
"""

from __future__ import annotations

import html
import json
import re

import pytest
import textstat

from eduwidgets import content
from eduwidgets.content import exercises as exercise_content
from eduwidgets.content.exercises import check_first_words
from eduwidgets.errors import InputError
from eduwidgets.widgets import static
from eduwidgets.widgets.exercise_demo import ExerciseDemo

from conftest import ROOT

LANGUAGES = list(content.languages())
EXAMPLE_PROFILE = ROOT / "examples" / "profile.toml"
MAX_GRADE = 6.0  # Flesch-Kincaid, English
MIN_FERNANDEZ_HUERTA = 70.0  # Spanish
# The four reasons to ask first, in each language's words (one item each, in order).
MUST_NAME = {
    "en": ("back surgery", "pregnant", "osteoporosis", "told you to avoid"),
    "es": ("operaron la espalda", "embarazada", "osteoporosis", "le dijo que evite"),
}
CONFIG = re.compile(
    r'data-eduwidget="exercise-demo"[^>]*><script type="application/json" '
    r'class="edu-config">(.*?)</script>',
    re.S,
)


def as_text(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_language_names_each_reason_to_ask_first(language):
    assert set(MUST_NAME) == set(LANGUAGES), "say which words carry each reason"
    words = check_first_words(language)
    assert len(words["items"]) == len(MUST_NAME[language])
    for item, concept in zip(words["items"], MUST_NAME[language], strict=True):
        assert concept in item, (language, concept, item)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_list_is_plain(language):
    words = check_first_words(language)
    text = f"{words['heading']}. {words['intro']} " + ". ".join(words["items"]) + "."
    if language == "es":
        textstat.set_lang("es")
        try:
            score = textstat.fernandez_huerta(text)
        finally:
            textstat.set_lang("en_US")
        assert score >= MIN_FERNANDEZ_HUERTA, (score, text)
    else:
        assert textstat.flesch_kincaid_grade(text) <= MAX_GRADE, text


def test_a_file_without_the_list_is_refused(monkeypatch):
    """A translator's copy that drops [check_first] stops the build, naming the field."""
    data = dict(content.load_content("exercises.toml"))
    del data["check_first"]
    monkeypatch.setattr(exercise_content, "load_content", lambda name, language=None: data)
    with pytest.raises(InputError, match=r"check_first: is missing"):
        check_first_words("en")


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_exercise_demo_shows_it_in_its_language(language):
    with content.in_language(language):
        words = check_first_words()
        fragment = ExerciseDemo("bird-dog").static_html()
    config = json.loads(CONFIG.search(fragment).group(1))
    assert config["exercise"]["check_first"] == words  # what exercise_demo.js draws
    fallback = as_text(fragment.split("<noscript>")[1].split("</noscript>")[0])
    steps_at = fallback.index(config["exercise"]["steps"][0])
    for text in (words["heading"], words["intro"], *words["items"]):
        assert 0 <= fallback.index(text) < steps_at, (language, text)  # before the steps


@pytest.mark.browser
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_widgets_static_page_draws_it(offline_page, tmp_path, language):
    with content.in_language(language):
        words = check_first_words()
        body = ExerciseDemo("pelvic-tilt").static_html()
        page_html = static.page(body, title="Exercise demo")
    path = tmp_path / f"demo-{language}.html"
    path.write_text(page_html, encoding="utf-8")
    page = offline_page.page
    page.goto(path.as_uri())
    box = page.locator("[data-eduwidget='exercise-demo'] .edu-ex-check-first")
    box.wait_for()
    assert box.count() == 1 and box.is_visible()
    shown = " ".join(box.inner_text().split())
    for text in (words["heading"], words["intro"], *words["items"]):
        assert text in shown, (language, text)
    assert box.get_attribute("role") == "note"
    assert offline_page.console_errors == []


# The plan shows it once, before its first exercise: tests/test_plan_page.py
# (test_the_plan_starts_with_today), on the page Chromium makes.


def _exercise_titles(language: str) -> list[str]:
    with content.in_language(language):
        return [exercise.title for exercise in exercise_content.exercises().values()]


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_lesson_that_lists_exercises_without_a_demo_names_each_reason(language):
    """Lesson 05's starter plan gives doses with no ExerciseDemo (so no drawn list): its
    own words must name every reason to ask first, as the demos and the plan do."""
    import nbformat
    from support import lesson_files

    checked = []
    for path in lesson_files(language):
        notebook = nbformat.read(path, as_version=4)
        code = " ".join(c.source for c in notebook.cells if c.cell_type == "code")
        text = " ".join(c.source for c in notebook.cells if c.cell_type == "markdown")
        names_one = any(f"**{title}**" in text for title in _exercise_titles(language))
        if "ExerciseDemo(" in code or not names_one:
            continue
        checked.append(path.name)
        for concept in MUST_NAME[language]:
            assert concept in text, (path.name, language, concept)
    assert checked, "no lesson lists exercises on its own: is the starter plan still there?"

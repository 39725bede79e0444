"""The widgets' own words (content/widget_words.toml) in every language.

The JavaScript reads its words with ``EduWidgets.say("<table>.<key>")`` from ``EduWidgets.words``,
which ``static.scripts()`` writes for the current language before the asset files; the
Python widgets read the same file with ``static.say``. These tests check that every key
the code names exists in every language and every key in the file is used, that a
page's script carries the words of its language only, and that the browser writes
numbers as Python does. A Spanish page of every widget, drawn and used in Chromium,
shows the Spanish words and no English ones: tests/test_no_english.py.
Plain language is graded in tests/test_lessons.py (English) and test_spanish_text.py.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from support import words

from eduwidgets import content
from eduwidgets.widgets import static

from conftest import OfflinePage

WIDGETS_DIR = Path(static.__file__).parent
LANGUAGES = list(content.languages())
# A key named in code: "<table>.<key>" in quotes, with a table of the words file.
KEY_IN_CODE = re.compile(r"""["']([a-z_]+\.[a-z_]+)["']""")
FILE_ENDINGS = {"js", "css", "py", "toml"}  # "spine.js" is a file, not a key


def file_keys(language: str) -> set[str]:
    """Every "<table>.<key>" of the file (a plural table {one, other} is one key)."""
    return {
        f"{table}.{key}"
        for table, entries in words(language).items()
        if isinstance(entries, dict)
        for key in entries
    }


def code_keys() -> dict[str, set[str]]:
    """The keys each widget file names, by file (JavaScript and Python), and each page
    script of handout/ (progress.js reads the widgets' words too)."""
    tables = {table for table, entries in words("en").items() if isinstance(entries, dict)}
    found = {}
    page_scripts = WIDGETS_DIR.parent.joinpath("handout").glob("*.js")
    for path in sorted([*WIDGETS_DIR.glob("*.js"), *WIDGETS_DIR.glob("*.py"), *page_scripts]):
        keys = {
            key
            for key in KEY_IN_CODE.findall(path.read_text(encoding="utf-8"))
            if key.split(".")[0] in tables and key.split(".")[1] not in FILE_ENDINGS
        }
        if keys:
            found[path.name] = keys
    return found


# ---------------------------------------------------------------- the file and the code


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_key_the_code_says_exists(language):
    known = file_keys(language)
    missing = {name: sorted(keys - known) for name, keys in code_keys().items() if keys - known}
    assert not missing, f"widget_words.toml ({language}) lacks keys the widgets use: {missing}"


def test_every_key_in_the_file_is_used():
    used = set().union(*code_keys().values())
    unused = sorted(file_keys("en") - used)
    assert not unused, f"widget_words.toml keys no widget uses: {unused}"


def test_plurals_name_both_forms_in_every_language():
    for language in LANGUAGES:
        for table, entries in words(language).items():
            if not isinstance(entries, dict):
                continue
            for key, value in entries.items():
                if isinstance(value, dict):
                    assert {"one", "other"} <= set(value), f"{language} {table}.{key}: {value}"


def test_each_language_names_its_number_format():
    assert words("en")["locale"] == "en-US"
    assert words("es")["locale"] == "es"


def test_scripts_carry_the_words_of_their_language(monkeypatch):
    english, spanish = static.scripts("en"), static.scripts("es")
    assert static.json_for_script(words("es"), ascii=True) in spanish
    assert static.json_for_script(words("en"), ascii=True) in english
    assert static.json_for_script(words("en"), ascii=True) not in spanish
    # The words come before every asset, as the model's constants do.
    assert spanish.index(").words = ") < spanish.index(static.asset_text("core.js"))
    monkeypatch.setenv(content.LANGUAGE_ENV, "es")
    assert static.scripts() == spanish
    assert static.esm("spine-figure").startswith(spanish)
    assert 'lang="es"' in static.page("", "t")
    monkeypatch.setenv(content.LANGUAGE_ENV, "en")
    assert static.scripts() == english


def test_python_says_the_same_words(monkeypatch):
    from eduwidgets.widgets.muscle_balance import patient_words

    assert patient_words("Ann") == (
        "Back to Ann's values",
        "These sliders start at Ann's values. Press Reset to typical to compare.",
    )
    assert patient_words(None)[0] == "Back to your values"
    monkeypatch.setenv(content.LANGUAGE_ENV, "es")
    assert patient_words("Ann")[0] == "Volver a los valores de Ann"
    assert static.say("check.region_label", question="¿Qué?") == "Vea lo que aprendió: ¿Qué?"


# ---------------------------------------------------------------- a Spanish page, in Chromium


def test_the_demo_shows_the_content_dose_in_the_current_language(monkeypatch):
    """One dose sentence (content/dose_words.toml) for the demo, the handout and the plan."""
    from eduwidgets import ExerciseDemo
    from eduwidgets.content.exercises import get_exercise

    for language in ("en", "es"):
        monkeypatch.setenv(content.LANGUAGE_ENV, language)
        assert ExerciseDemo("bird-dog").dose_text == get_exercise("bird-dog").dose_in_words()
    assert ExerciseDemo("bird-dog").dose_text.startswith("Haga 1 serie")


def test_a_live_widget_gets_the_words_of_the_language_current_when_made(monkeypatch):
    from eduwidgets import KnowledgeCheck, SpineFigure
    from eduwidgets.content.knowledge_checks import load_checks

    assert SpineFigure()._esm.startswith(static.scripts("en"))
    monkeypatch.setenv(content.LANGUAGE_ENV, "es")
    assert SpineFigure()._esm.startswith(static.scripts("es"))
    check = KnowledgeCheck(next(iter(load_checks())))
    assert check.static_label().startswith("Vea lo que aprendió: ")


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_figure_names_the_groups_as_the_chart_does(language):
    """The spine figure's labels (widget words) are the chart's (muscle_groups.toml)."""
    groups = content.load_content("muscle_groups.toml", language)["labels"]
    muscles = words(language)["muscles"]
    assert {group: muscles[group] for group in groups} == {
        group: labels["figure_label"] for group, labels in groups.items()
    }


@pytest.mark.parametrize(
    ("language", "count", "expected"),
    [("en", 1, "1 second"), ("en", 2, "2 seconds"), ("en", 0, "0 seconds"),
     ("es", 1, "1 segundo"), ("es", 2, "2 segundos"),
     # CLDR gives Spanish a "many" form for a million; a file without it says "other",
     # as EduWidgets.say does with the browser's Intl.PluralRules.
     ("es", 1_000_000, "1.000.000 segundos")],
)  # fmt: skip
def test_python_picks_plurals_by_the_languages_rules(language, count, expected):
    assert content.plural_form(1_000_000, "es") == "many"
    assert static.say("exercise.seconds", language=language, count=count) == expected


# Halves (2.25, 0.35, -2.5, 1631.5) too: both round them away from zero.
NUMBERS = [
    0,
    7,
    999,
    1000,
    1143,
    9999,
    9999.5,
    10000,
    16310,
    123456,
    -1143,
    -2.5,
    2.25,
    0.35,
    0.7,
    1.005,
    1631.5,
    1143.25,
]


@pytest.mark.browser
@pytest.mark.parametrize("language", LANGUAGES)
def test_python_writes_numbers_as_the_browser_does(browser, language):
    """A page shows numbers from both runtimes side by side (a figure's text alternative
    from Python, its readout from the browser): they must be written the same way,
    thousands separators included ("1631 N" and "16.310 N" in Spanish)."""
    holder = OfflinePage(browser)
    locale = words(language)["locale"]
    for digits in (0, 1):
        written = holder.page.evaluate(
            """([numbers, locale, digits]) => numbers.map((n) => n.toLocaleString(locale,
                {minimumFractionDigits: digits, maximumFractionDigits: digits}))""",
            [NUMBERS, locale, digits],
        )
        python = [content.number_text(n, digits, language) for n in NUMBERS]
        differ = [(n, p, b) for n, p, b in zip(NUMBERS, python, written, strict=True) if p != b]
        assert differ == [], differ
    holder.context.close()

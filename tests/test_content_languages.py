"""Every content file exists in every language and passes the same checks as English.

A language is a folder of src/eduwidgets/content/ with a language.toml; the loaders
read it when the language is named (or set in $EDUWIDGETS_LANGUAGE for a kernel).
"""

from __future__ import annotations

import os

import pytest
from support import english_content_texts, visible_text

from eduwidgets import content
from eduwidgets.content import exercises, knowledge_checks, muscle_groups, red_flags
from eduwidgets.errors import InputError

CONTENT_DIR = content.content_path("red_flags.toml", "en").parent
ENGLISH_FILES = sorted(path.name for path in CONTENT_DIR.glob("*.toml"))
OTHER_LANGUAGES = [code for code in content.languages() if code != content.DEFAULT_LANGUAGE]


def test_english_and_spanish_are_known_by_their_own_names():
    assert content.languages() == {"en": "English", "es": "Español"}


@pytest.mark.parametrize("language", OTHER_LANGUAGES)
def test_every_content_file_exists_in_every_language(language):
    folder = CONTENT_DIR / language
    assert sorted(path.name for path in folder.glob("*.toml")) == ENGLISH_FILES


@pytest.mark.parametrize("language", list(content.languages()))
def test_every_language_passes_the_checked_models(language, monkeypatch):
    monkeypatch.setenv(content.LANGUAGE_ENV, language)
    assert set(exercises.exercises()) == set(exercises._packaged_in("en"))
    english_checks = content.load_content(knowledge_checks.CONTENT_FILE, "en")["check"]
    assert list(knowledge_checks.load_checks()) == [check["id"] for check in english_checks]
    flags = red_flags.load_red_flags()
    assert [level["key"] for level in flags["levels"]] == list(red_flags.LEVELS)
    assert list(muscle_groups.group_words()) == list(muscle_groups.GROUP_IDS)
    for name in ENGLISH_FILES:
        assert content.load_content(name, language)


def test_an_unknown_language_is_one_clear_message(monkeypatch):
    monkeypatch.setenv(content.LANGUAGE_ENV, "fr")
    with pytest.raises(InputError) as caught:
        content.current_language()
    message = str(caught.value)
    assert 'EDUWIDGETS_LANGUAGE = "fr" is not allowed' in message
    assert '"en" (English), "es" (Español)' in message


@pytest.mark.parametrize("language", list(content.languages()))
def test_pages_say_their_language_for_screen_readers(language, monkeypatch):
    from eduwidgets import clinic

    monkeypatch.setenv(content.LANGUAGE_ENV, language)
    page = clinic.message_page("/", "Title", "Message")
    assert f'<html lang="{language}">' in page


def test_numbers_and_dates_are_written_as_the_reader_writes_them():
    import datetime

    day = datetime.date(2026, 12, 1)
    assert content.date_text(day, "en") == "1 December 2026"
    assert content.date_text(day, "es") == "1 de diciembre de 2026"
    assert content.number_text(2.2, 1, "en") == "2.2"
    assert content.number_text(2.2, 1, "es") == "2,2"
    assert content.number_text(16310, 0, "en") == "16,310"
    assert content.number_text(16310, 0, "es") == "16.310"


def test_the_task_chart_speaks_the_readers_language(monkeypatch):
    from eduwidgets.figures import task_comparison_figure

    monkeypatch.setenv(content.LANGUAGE_ENV, "es")
    chart = task_comparison_figure()
    assert "veces" in chart.summary() and "times" not in chart.summary()
    assert "Estar de pie" in chart.to_html() or "De pie" in chart.to_html()
    assert chart.figure.layout.title.text.startswith("Qué tan fuerte")


def test_the_spanish_lesson_list_has_no_english_left(monkeypatch):
    from eduwidgets.handout.landing import landing_html
    from eduwidgets.lessons import discover_lessons

    monkeypatch.setenv(content.LANGUAGE_ENV, "es")
    lessons = discover_lessons(CONTENT_DIR.parents[2] / "notebooks" / "es")
    page = landing_html(lessons, lambda lesson: lesson.slug, "/")
    text = visible_text(page)
    left = sorted(sentence for sentence in english_content_texts() if sentence in text)
    assert not left, left
    assert "Lecciones para su espalda" in text and "Busque ayuda ahora" in text


def rating_menus(page: str) -> dict[str, list[tuple[str, str]]]:
    """(value, label) of every option of the form's rating menus, by menu id."""
    import html
    import re

    menus = {}
    for menu_id, body in re.findall(r'<select id="([a-z_]+)"[^>]*>(.*?)</select>', page, re.S):
        options = re.findall(r'<option value="([^"]*)">([^<]*)</option>', body)
        menus[menu_id] = [(html.unescape(v), html.unescape(t).strip()) for v, t in options]
    return menus


def lesson_list(language: str) -> str:
    from eduwidgets.handout.landing import landing_html
    from eduwidgets.lessons import discover_lessons

    notebooks = CONTENT_DIR.parents[2] / "notebooks"
    with content.in_language(language):
        lessons = discover_lessons(notebooks / language if language != "en" else notebooks)
        return landing_html(lessons, lambda lesson: lesson.slug, "/")


def test_the_spanish_lesson_list_names_every_rating_in_spanish():
    """issue 15: the form's menus keep the stored English values (a profile file and a
    lesson address carry them) and show the words of the page's language."""
    from eduwidgets.content.pages import page_words
    from eduwidgets.patient.fields import BRACING_SCALE, HIP_FLEXOR_LENGTH_SCALE

    english, spanish = rating_menus(lesson_list("en")), rating_menus(lesson_list("es"))
    bracing = [value for value in BRACING_SCALE if value != "none"]
    assert [v for v, _ in spanish["obliques_bracing"]] == ["", *bracing]
    assert [v for v, _ in spanish["hip_flexors_length"]] == ["", *HIP_FLEXOR_LENGTH_SCALE]
    for menu, options in spanish.items():
        assert [v for v, _ in options] == [v for v, _ in english[menu]], menu
    english_words = page_words("en")["form"]
    shown = {label for options in spanish.values() for _, label in options}
    left = [
        word
        for scale in ("bracing", "hip_flexor_length")
        for word in english_words[scale].values()
        if word in shown and word != "normal"  # "normal" is Spanish too
    ]
    assert not left, left
    assert ("mild", "leve") in spanish["abdominals_bracing"]
    assert ("moderately tight", "bastante acortados") in spanish["hip_flexors_length"]
    # English reads as before: each word is its value.
    assert english["abdominals_bracing"] == [("", "none"), ("mild", "mild"), ("strong", "strong")]
    assert english["hip_flexors_length"] == [
        ("", "not rated"),
        *((value, value) for value in HIP_FLEXOR_LENGTH_SCALE),
    ]


def test_every_stored_rating_has_words_in_every_language():
    """A translator can leave no stored value without words (the pages.toml model also
    refuses a missing one, naming the field)."""
    from eduwidgets.content.pages import page_words
    from eduwidgets.patient.fields import BRACING_SCALE, HIP_FLEXOR_LENGTH_SCALE

    for language in content.languages():
        form = page_words(language)["form"]
        assert set(form["bracing"]) == set(BRACING_SCALE) - {"none"}, language
        assert set(form["hip_flexor_length"]) == set(HIP_FLEXOR_LENGTH_SCALE), language


def test_a_rating_word_left_out_is_one_clear_message():
    import tomllib

    from eduwidgets.content.pages import PagesFile
    from eduwidgets.errors import InputError

    text = content.content_path("pages.toml", "es").read_text(encoding="utf-8")
    for change, expected in (
        (("very tight", "very tigth"), 'Did you mean "very tight"?'),
        (('\n"very tight" = ', '\n# "very tight" = '), "very tight: is missing; allowed"),
    ):
        bad = text.replace(*change)
        with pytest.raises(InputError) as caught:
            content.validate_toml(PagesFile, tomllib.loads(bad), "pages.toml", bad)
        assert "form.hip_flexor_length.very" in str(caught.value)
        assert expected in str(caught.value)


@pytest.mark.slow
def test_a_third_language_is_files_not_code(tmp_path):
    """issue 15: "adding a third language means adding files, not editing code". A copy
    of the package and one lesson gets a third language by the steps of
    docs/translating.md, files only (Spanish words stand in for a translation here),
    and the unchanged code offers it: the language list, `handout --lang`, the page's
    lang attribute, its number and date formats, and `plan --lang`."""
    import shutil
    import subprocess
    import sys

    root = CONTENT_DIR.parents[2]
    package = tmp_path / "src" / "eduwidgets"
    shutil.copytree(root / "src" / "eduwidgets", package)
    shutil.copytree(package / "content" / "es", package / "content" / "ca")
    (package / "content" / "ca" / "language.toml").write_text(
        'code = "ca"\nname = "Català"\nlocale = "ca"\ndate_pattern = "d MMMM \'de\' y"\n',
        encoding="utf-8",
    )
    lessons = tmp_path / "notebooks"
    (lessons / "ca").mkdir(parents=True)
    lesson = (root / "notebooks" / "es" / "01-extensors.ipynb").read_text(encoding="utf-8")
    (lessons / "ca" / "01-extensors.ipynb").write_text(
        lesson.replace('use_language(\\"es\\")', 'use_language(\\"ca\\")').replace(
            '"language": "es"', '"language": "ca"'
        ),
        encoding="utf-8",
    )
    environment = {**os.environ, "PYTHONPATH": str(tmp_path / "src")}

    def run(*arguments: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, *arguments], capture_output=True, text=True, timeout=300,
            cwd=tmp_path, env=environment,
        )  # fmt: skip

    found = run("-c", "import eduwidgets.content as c; print(c.__file__, c.languages())")
    assert str(package) in found.stdout and "'ca': 'Català'" in found.stdout, found
    site = tmp_path / "lloc"
    made = run("-m", "eduwidgets.cli", "handout", "--all", "--lang", "ca",
               "--notebooks", str(lessons / "ca"), "-o", str(site))  # fmt: skip
    assert made.returncode == 0, made.stderr
    page = (site / "01-extensors.html").read_text(encoding="utf-8")
    assert '<html lang="ca">' in page and "Busque ayuda ahora" in page
    plan = run("-m", "eduwidgets.cli", "plan", str(root / "examples" / "profile.toml"),
               "--lang", "ca", "-o", str(tmp_path / "pla.html"))  # fmt: skip
    assert plan.returncode == 0, plan.stderr
    assert '<html lang="ca">' in (tmp_path / "pla.html").read_text(encoding="utf-8")


def page_units(page: str) -> list[str]:
    """The visible text of a page, one unit per heading, paragraph, list item, label,
    menu option or button: read as the lessons are read (one sentence per unit)."""
    import html
    import re

    body = re.sub(r"<(script|style|svg)\b.*?</\1>", " ", page, flags=re.S)
    blocks = r"</?(?:p|h1|h2|h3|li|label|option|summary|legend|button|span|a|nav|title)\b[^>]*>"
    units = (
        " ".join(html.unescape(re.sub(r"<[^>]+>", " ", u)).split()) for u in re.split(blocks, body)
    )
    return [unit for unit in units if unit]


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_lesson_list_reads_easily(language, fk_grade):
    """issue 20: the lesson list, as rendered (lesson cards, warning signs, the form),
    at Flesch-Kincaid grade 6 or below in English, Fernández-Huerta 70 or more in
    Spanish."""
    import textstat
    from support import MAX_FK_GRADE, MIN_FERNANDEZ_HUERTA, as_sentences, prepare

    units = page_units(lesson_list(language))
    assert len(units) > 20, units  # the whole page, not an empty one
    if language == "en":
        grade = fk_grade(as_sentences(units))
        print(f"lesson list (en): FK grade {grade:.1f}")
        assert grade <= MAX_FK_GRADE, f"the lesson list reads at grade {grade:.1f}"
        return
    textstat.set_lang("es")
    try:
        score = textstat.fernandez_huerta(prepare(units))
    finally:
        textstat.set_lang("en_US")
    print(f"lesson list (es): Fernández-Huerta {score:.1f}")
    assert score >= MIN_FERNANDEZ_HUERTA, f"the Spanish lesson list scores {score:.1f}"

"""Warning signs are never lost in translation (issue 15).

Every warning-sign level and every sign of the English file exists in every language,
with the emergency number from the clinic config, as a patient sees them: the RedFlags
widget of a lesson (the clinic config reaching it through ``EDUWIDGETS_CLINIC_CONFIG``,
as the handout builder and the clinic hand it to a lesson's kernel), the plan handout
(``eduwidgets plan --clinic``), the lesson list of the static site and of the clinic.

"What a patient sees" is checked twice for the widget: the no-script fallback (what a
page shows with scripts off, and what prints) and the values red_flags.js draws from
(its config: ``content`` and ``emergency_words``).
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

from eduwidgets import content
from eduwidgets.content.red_flags import LEVELS, load_red_flags
from eduwidgets.patient.config import CLINIC_CONFIG_ENV

ROOT = Path(__file__).resolve().parents[1]
LANGUAGES = list(content.languages())
NUMBER = "911"
# What each language says when no number is set ("your local emergency number").
UNSET_WORDS = {
    code: content.load_content("red_flags.toml", code)["default_emergency_number"]
    for code in LANGUAGES
}
RED_FLAGS = re.compile(
    r'data-eduwidget="red-flags"[^>]*><script type="application/json" class="edu-config">'
    r"(.*?)</script><noscript>(.*?)</noscript>",
    re.S,
)
# A level's title is an h4 in the full form and bold text in the short one (issue 25).
FALLBACK_LEVEL = re.compile(
    r'<(?:h4|p) class="edu-rf-group-heading">(.*?)</(?:h4|p)><p>(.*?)</p><ul>(.*?)</ul>', re.S
)


# ---------------------------------------------------------------- helpers


def english_levels() -> dict[str, str]:
    """Sign id -> level, from the English file: what every language must carry."""
    return {
        sign["id"]: sign["level"] for sign in content.load_content("red_flags.toml", "en")["signs"]
    }


def written_signs(language: str) -> dict:
    """The language's checked red_flags.toml: its signs by id, and its level texts."""
    with content.in_language(language):
        flags = load_red_flags()
    return {
        "signs": {sign["id"]: sign for sign in flags["signs"]},
        "levels": {entry["key"]: entry for entry in flags["levels"]},
    }


def clinic_file(tmp_path: Path, number: str = NUMBER) -> Path:
    path = tmp_path / "clinic.toml"
    path.write_text(f'emergency_number = "{number}"\n', encoding="utf-8")
    return path


def visible_text(page: str) -> str:
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


def plain(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def check_red_flags(page: str, language: str, emergency: str) -> int:
    """Every RedFlags callout in ``page``: each level, each sign of the English file in
    the language's words, and ``emergency`` in the "get help now" sentence. Returns how
    many callouts the page has."""
    english = english_levels()
    written = written_signs(language)
    callouts = RED_FLAGS.findall(page)
    assert callouts, "no warning signs on the page"
    for config_json, fallback in callouts:
        config = json.loads(config_json)
        # What red_flags.js draws.
        assert config["emergency_words"] == emergency
        drawn = {entry["key"]: entry for entry in config["content"]["levels"]}
        assert list(drawn) == list(LEVELS)
        # What the page shows with scripts off, and prints.
        shown = FALLBACK_LEVEL.findall(fallback)
        assert [plain(heading) for heading, _, _ in shown] == [
            written["levels"][level]["heading"] for level in LEVELS
        ]
        for level, (_, intro, items) in zip(LEVELS, shown, strict=True):
            expected = sorted(
                written["signs"][sign_id]["text"]
                for sign_id, sign_level in english.items()
                if sign_level == level
            )
            listed = sorted(plain(item) for item in re.findall(r"<li>(.*?)</li>", items, re.S))
            assert listed == expected, level
            assert sorted(drawn[level]["signs"]) == expected, level
            if level == "emergency":
                assert emergency in plain(intro)
                # red_flags.js puts emergency_words (checked above) in this place.
                assert "{emergency}" in drawn[level]["intro"]
    return len(callouts)


def check_every_sign_is_written(language: str) -> None:
    """The language's file has every English sign id, at the same level."""
    written = written_signs(language)
    assert {key: sign["level"] for key, sign in written["signs"].items()} == english_levels()
    assert list(written["levels"]) == list(LEVELS)


def no_unset_words(page: str) -> None:
    text = visible_text(page)
    for code, words in UNSET_WORDS.items():
        assert words not in text, (code, words)
    for config_json, _ in RED_FLAGS.findall(page):
        assert json.loads(config_json)["emergency_number"] == NUMBER


def stop_lines(page: str) -> list[str]:
    """The exercises' "get help now" stop lines, as the no-script fallback shows them."""
    configs = [
        json.loads(config)
        for config in re.findall(
            r'data-eduwidget="exercise-demo"[^>]*><script type="application/json" '
            r'class="edu-config">(.*?)</script>',
            page,
            re.S,
        )
    ]
    # The plan's page draws each chosen exercise's demo from its config in the page's
    # data (handout/plan_page.js): every exercise a clinician may choose.
    plan = re.search(r'<script type="application/json" id="edu-plan-data">(.*?)</script>', page)
    if plan:
        configs += [entry["config"] for entry in json.loads(plan.group(1))["exercises"].values()]
    assert configs, "no exercises on the page"
    return [
        line["intro"]
        for config in configs
        for line in config["exercise"]["stop_if"]
        if line["level"] == "emergency"
    ]


@pytest.fixture
def language_env(monkeypatch):
    """Set the process language the way the CLI does; restored after the test."""

    def use(language: str) -> None:
        monkeypatch.setenv(content.LANGUAGE_ENV, language)

    return use


# ---------------------------------------------------------------- with a number set


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_sign_is_written_in_every_language(language):
    check_every_sign_is_written(language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_lessons_warning_signs_carry_the_clinic_number(language, tmp_path, monkeypatch):
    """A lesson's ``RedFlags()`` / ``RedFlags(compact=True)``, in a kernel the handout
    builder or the clinic started with the clinic config and the language."""
    from eduwidgets.widgets.red_flags import RedFlags

    monkeypatch.setenv(CLINIC_CONFIG_ENV, str(clinic_file(tmp_path)))
    monkeypatch.setenv(content.LANGUAGE_ENV, language)
    page = RedFlags().static_html() + RedFlags(compact=True).static_html()
    assert check_red_flags(page, language, NUMBER) == 2
    no_unset_words(page)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_plan_handout_carries_the_clinic_number(language, tmp_path, language_env):
    """``eduwidgets plan --clinic clinic.toml --lang <code>``: the warning signs and every
    exercise's "get help now" line."""
    from eduwidgets.cli import main

    language_env("en")  # main() sets the language for the process; this restores it
    output = tmp_path / "plan.html"
    argv = ["plan", str(ROOT / "examples" / "profile.toml"), "-o", str(output)]
    assert main([*argv, "--clinic", str(clinic_file(tmp_path)), "--lang", language]) == 0
    page = output.read_text(encoding="utf-8")
    assert f'<html lang="{language}">' in page
    check_red_flags(page, language, NUMBER)
    lines = stop_lines(page)
    assert all(NUMBER in line for line in lines), lines
    no_unset_words(page)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_sites_lesson_list_carries_the_clinic_number(language, tmp_path, language_env):
    """The static site's index page (``handout --all``'s last step) with the clinic config."""
    from eduwidgets.handout import load_clinic
    from eduwidgets.handout.site import site_index_html
    from eduwidgets.lessons import lesson_paths

    language_env(language)
    folder = ROOT / "notebooks" / ("" if language == content.DEFAULT_LANGUAGE else language)
    page = site_index_html(lesson_paths(folder), load_clinic(clinic_file(tmp_path)))
    written = written_signs(language)
    emergency = written["levels"]["emergency"]
    text = visible_text(page)
    assert emergency["intro"].replace("{emergency}", NUMBER) in text
    for sign in emergency["signs"]:
        assert sign in text
    no_unset_words(page)


# ---------------------------------------------------------------- no number set


@pytest.mark.parametrize("language", LANGUAGES)
def test_with_no_number_each_language_says_its_own_words(language, tmp_path, language_env):
    """No clinic config: "your local emergency number" in the reader's language, in the
    widget, the plan and the lesson list, and never another language's words."""
    from eduwidgets.cli import main
    from eduwidgets.handout import load_clinic
    from eduwidgets.handout.site import site_index_html
    from eduwidgets.lessons import lesson_paths
    from eduwidgets.widgets.red_flags import RedFlags

    own = UNSET_WORDS[language]
    others = [words for code, words in UNSET_WORDS.items() if code != language]
    language_env(language)
    widget = RedFlags().static_html()
    assert check_red_flags(widget, language, own) == 1

    language_env("en")
    output = tmp_path / "plan.html"
    argv = ["plan", str(ROOT / "examples" / "profile.toml"), "-o", str(output)]
    assert main([*argv, "--lang", language]) == 0
    plan = output.read_text(encoding="utf-8")
    check_red_flags(plan, language, own)
    assert all(own in line for line in stop_lines(plan))

    language_env(language)
    folder = ROOT / "notebooks" / ("" if language == content.DEFAULT_LANGUAGE else language)
    index = site_index_html(lesson_paths(folder), load_clinic(None))
    assert own in visible_text(index)

    for page in (widget, plan, index):
        for words in others:
            assert words not in page  # nowhere: not in the text, not in what scripts draw


def test_a_config_that_says_the_old_words_is_not_set(tmp_path, language_env):
    """Old clinic configs wrote the English words for "not set"; a Spanish page must
    still say the Spanish words, not copy the English ones as if they were a number."""
    from eduwidgets.widgets.red_flags import RedFlags

    old = clinic_file(tmp_path, "your local emergency number")
    language_env("es")
    from eduwidgets.patient.config import load_clinic_config

    page = RedFlags(clinic=load_clinic_config(old)).static_html()
    check_red_flags(page, "es", UNSET_WORDS["es"])
    assert UNSET_WORDS["en"] not in page


# ---------------------------------------------------------------- built for real (slow)


@pytest.mark.slow
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_built_site_carries_the_clinic_number(language, tmp_path):
    """``eduwidgets handout --all --lang <code> --clinic clinic.toml``: the lesson, run in
    a real kernel, and the lesson list."""
    import subprocess
    import sys

    from support import warning_signs_lesson

    lessons = warning_signs_lesson(tmp_path / "lessons", [language])
    folder = lessons if language == content.DEFAULT_LANGUAGE else lessons / language
    site = tmp_path / "site"
    result = subprocess.run(
        [sys.executable, "-m", "eduwidgets.cli", "handout", "--all", "--lang", language,
         "--clinic", str(clinic_file(tmp_path)), "--notebooks", str(folder), "-o", str(site)],
        capture_output=True, text=True, timeout=300, cwd=ROOT,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    lesson = (site / "01-warning-signs.html").read_text(encoding="utf-8")
    assert check_red_flags(lesson, language, NUMBER) == 1
    no_unset_words(lesson)
    index = (site / "index.html").read_text(encoding="utf-8")
    intro = written_signs(language)["levels"]["emergency"]["intro"]
    assert intro.replace("{emergency}", NUMBER) in visible_text(index)
    no_unset_words(index)


@pytest.mark.slow
def test_the_clinic_carries_the_clinic_number_in_every_language(tmp_path_factory, page_cache):
    """``eduwidgets clinic --clinic clinic.toml``: each language's lesson list and lesson.
    (support.config_clinic: its config sets the emergency number NUMBER; its page cache,
    the run's, is shared with test_send's clinic of the same config and lessons.)"""
    from support import CONFIG_CLINIC_TOML, config_clinic, fetch

    assert f'emergency_number = "{NUMBER}"' in CONFIG_CLINIC_TOML
    app = config_clinic(tmp_path_factory, page_cache, "warning-signs-clinic")
    try:
        for language in LANGUAGES:
            home = app.url + ("" if language == content.DEFAULT_LANGUAGE else f"{language}/")
            status, index = fetch(home)
            assert status == 200, home
            assert f'<html lang="{language}">' in index
            intro = written_signs(language)["levels"]["emergency"]["intro"]
            assert intro.replace("{emergency}", NUMBER) in visible_text(index), language
            no_unset_words(index)
            status, lesson = fetch(home + "lessons/01-warning-signs")
            assert status == 200, lesson[:500]
            assert check_red_flags(lesson, language, NUMBER) == 1
            no_unset_words(lesson)
    finally:
        app.stop()


@pytest.mark.browser
@pytest.mark.parametrize(
    ("language", "number"), [(code, NUMBER) for code in LANGUAGES] + [("es", "")]
)
def test_the_plan_as_the_browser_draws_it(language, number, offline_page, tmp_path, language_env):
    """What red_flags.js and the exercise demos draw in a real browser, from the plan."""
    from eduwidgets.cli import main

    language_env("en")
    output = tmp_path / "plan.html"
    argv = ["plan", str(ROOT / "examples" / "profile.toml"), "-o", str(output)]
    clinic = ["--clinic", str(clinic_file(tmp_path, number))] if number else []
    assert main([*argv, *clinic, "--lang", language]) == 0
    emergency = number or UNSET_WORDS[language]
    written = written_signs(language)
    expected = {
        level: sorted(
            written["signs"][key]["text"] for key, at in english_levels().items() if at == level
        )
        for level in LEVELS
    }
    page = offline_page.page
    page.goto(output.as_uri())
    callout = page.locator(".edu-red-flags").last
    assert callout.locator(".edu-rf-group").count() == len(LEVELS)
    for level in LEVELS:
        group = callout.locator(f".edu-rf-{level}")
        assert (
            group.locator(".edu-rf-group-heading").inner_text().strip()
            == (written["levels"][level]["heading"])
        )
        assert sorted(group.locator("li").all_inner_texts()) == expected[level], level
    intro = callout.locator(".edu-rf-emergency .edu-rf-intro").inner_text()
    assert intro == written["levels"]["emergency"]["intro"].replace("{emergency}", emergency)
    text = page.locator("body").inner_text()
    for code, words in UNSET_WORDS.items():
        assert (words in text) == (not number and code == language), code
    assert offline_page.network_requests == [] and offline_page.console_errors == []

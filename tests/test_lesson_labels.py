"""Every button or label a lesson names in quotes exists with that exact text (issue 20).

A lesson tells the reader to press "Reset to typical", or that a muscle is marked
"this lesson" in the picture. The words must be the ones the widget shows in that
language (content/<code>/widget_words.toml, readouts.toml, muscle_balance.toml):
Spanish lesson 00 once named a button "Volver a lo típico" that reads "Volver a lo
normal". Run for every language, in every lesson's markdown and widget prompts.
"""

from __future__ import annotations

import re
import tomllib

import pytest
from support import LANGUAGES, content_dir, file_texts, lesson_files, shown_name

# The files whose words a widget shows as buttons and labels.
WIDGET_WORD_FILES = ("widget_words.toml", "readouts.toml", "muscle_balance.toml")
# A quoted name after a verb that points at something on the screen, in each language:
# English press / tap / click / marked; Spanish pulse / toque / haga clic en / marcados con.
NAMED = re.compile(
    r"\b(?:press|tap|click|marked|pulse|toque|haga\s+clic\s+en|marcad[oa]s\s+con)\s+"
    r"[\"“«]([^\"”»]+)[\"”»]",
    re.I,
)
FILES = [(language, path) for language in LANGUAGES for path in lesson_files(language)]


def strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for item in value.values() for text in strings(item)]
    if isinstance(value, list):
        return [text for item in value for text in strings(item)]
    return []


def shown_words(language: str) -> set[str]:
    """Every button and label text of the language's widgets ("(this lesson)" counts
    as "this lesson": the brackets are drawn around it)."""
    found = set()
    for name in WIDGET_WORD_FILES:
        data = tomllib.loads((content_dir(language) / name).read_text(encoding="utf-8"))
        found |= {text.strip().strip("()").strip() for text in strings(data)}
    return found


def named_labels(texts: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [(where, match) for where, text in texts for match in NAMED.findall(text)]


@pytest.mark.parametrize(
    ("language", "path"), FILES, ids=[f"{lang}:{shown_name(path)}" for lang, path in FILES]
)
def test_every_named_button_or_label_exists(language, path):
    words = shown_words(language)
    missing = [
        f'{where}: "{label}"'
        for where, label in named_labels(file_texts(path))
        if label not in words
    ]
    assert not missing, (
        f"{shown_name(path)} names buttons or labels the widgets do not show in "
        f"{language} (content/{language}/widget_words.toml):\n" + "\n".join(missing)
    )


def test_lessons_name_buttons_in_every_language():
    """The test has something to check: each language's lessons name the reset button."""
    for language in LANGUAGES:
        named = {
            label for path in lesson_files(language) for _, label in named_labels(file_texts(path))
        }
        assert len(named) >= 3, f"{language}: lessons name only {named}"


def test_a_misnamed_button_is_caught():
    texts = [("cell 00-09", 'Para volver, pulse "Volver a lo típico".')]
    assert named_labels(texts) == [("cell 00-09", "Volver a lo típico")]
    assert "Volver a lo típico" not in shown_words("es")
    assert "Volver a lo normal" in shown_words("es")

"""The content word checks, for every language (issue 20).

Each language's glossary (content/<code>/glossary.toml) lists, in that language, the
words that frighten (nocebo framing: a fragile spine, load as damage, muscles "out of
balance") and the claims of the old model (tight hip flexors adding load, "strong or
braced"); no content file or lesson of the language may use them. Where a lesson
discusses a topic on which the evidence is weak or mixed (muscle balance, core
stability, tight hip flexors, lifting technique), the paragraph must say so with the
language's evidence label. tests/test_hazards.py keeps the English lists it had; these
run the same checks on every language, from the language's own words.
"""

from __future__ import annotations

import re

import pytest
from support import (
    LANGUAGES,
    file_texts,
    glossary,
    language_files,
    lessons_dir,
    shown_name,
)

FILES = [(language, path) for language in LANGUAGES for path in language_files(language)]
FILE_IDS = [f"{language}:{shown_name(path)}" for language, path in FILES]


def phrase_hits(language: str, kind: str, texts: list[tuple[str, str]]) -> list[str]:
    patterns = [re.compile(p, re.I) for p in glossary(language)["never_say"][kind]]
    return [
        f"{where}: {hit.group(0)!r}"
        for where, text in texts
        for pattern in patterns
        for hit in pattern.finditer(text)
    ]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_language_lists_its_nocebo_words_claims_and_labels(language):
    data = glossary(language)
    english = glossary("en")
    for kind in ("nocebo", "old_claims"):
        assert len(data["never_say"][kind]) >= len(english["never_say"][kind]) - 2, (
            f"content/{language}/glossary.toml [never_say] {kind}: translate each English entry"
        )
    assert data["evidence"]["label"].strip()
    lessons = [topic["lesson"] for topic in data["evidence"]["topics"]]
    assert lessons == [topic["lesson"] for topic in english["evidence"]["topics"]]


@pytest.mark.parametrize(("language", "path"), FILES, ids=FILE_IDS)
def test_no_fragility_or_damage_words(language, path):
    found = phrase_hits(language, "nocebo", file_texts(path))
    assert not found, f"{shown_name(path)}: words that frighten:\n" + "\n".join(found)


@pytest.mark.parametrize(("language", "path"), FILES, ids=FILE_IDS)
def test_no_old_model_claims(language, path):
    found = phrase_hits(language, "old_claims", file_texts(path))
    assert not found, f"{shown_name(path)}: claims of the old model:\n" + "\n".join(found)


def paragraphs(language: str, lesson: str) -> list[str]:
    texts = [text for where, text in file_texts(lessons_dir(language) / lesson)]
    return [p for text in texts for p in re.split(r"\n\s*\n|\n- ", text)]


TOPICS = [
    (language, topic["lesson"], topic["topic"])
    for language in LANGUAGES
    for topic in glossary(language)["evidence"]["topics"]
]


@pytest.mark.parametrize(
    ("language", "lesson", "topic"), TOPICS, ids=[f"{lang}:{les}" for lang, les, _ in TOPICS]
)
def test_evidence_is_labelled_where_lessons_discuss_it(language, lesson, topic):
    label = re.compile(glossary(language)["evidence"]["label"], re.I)
    found = [p for p in paragraphs(language, lesson) if re.search(topic, p, re.I)]
    assert found, f"{language} {lesson} does not discuss {topic!r}"
    assert any(label.search(p) for p in found), (
        f"{language} {lesson}: label what it says about {topic!r} as evidence "
        f"({glossary(language)['evidence']['label']!r}):\n" + "\n".join(found)
    )


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "A spine without muscles collapses under less than 10 kg."),
        ("en", "Your muscles are out of\nbalance."),
        ("en", "In the Muscle balance explorer, tight hip flexors add load."),
        ("es", "Una columna sin músculos se derrumba con menos de 10 kg."),
        ("es", "Sus músculos están desequilibrados."),
        ("es", "Los flexores de la cadera tensos suman carga."),
    ],
)
def test_planted_phrases_are_caught(language, text):
    hits = phrase_hits(language, "nocebo", [("example", text)])
    hits += phrase_hits(language, "old_claims", [("example", text)])
    assert hits, f"{language}: {text!r} passed"

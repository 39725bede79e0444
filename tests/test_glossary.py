"""One controlled vocabulary per language (issue 20): the glossary's words stay apart.

Each language has ``content/glossary.toml`` (``content/<code>/glossary.toml``): every
clinical concept the kit keeps apart (tight vs tense, a hold vs a rest, sharp vs acute
pain, steroid tablets, erection trouble, the saddle area, not being able to pass urine)
with its one term and the words it must never be confused with (regular expressions).
The test reads every file of the language (content files, lessons) and fails on each
forbidden word, naming the file, the key or cell, the words and the term to use.
"""

from __future__ import annotations

import re

import pytest
from support import (
    LANGUAGES,
    file_texts,
    glossary,
    language_files,
    shown_name,
)

# The concepts every language must keep apart (the list).
REQUIRED_CONCEPTS = {
    "short_muscle",
    "tense_muscle",
    "hold",
    "sharp_pain",
    "steroid_tablets",
    "erection_trouble",
    "saddle_area",
    "urine_retention",
}
FILES = [(language, path) for language in LANGUAGES for path in language_files(language)]


def forbidden_uses(language: str, texts: list[tuple[str, str]]) -> list[str]:
    """One line per forbidden word found in (where, text) pairs."""
    found = []
    for concept in glossary(language)["concepts"]:
        allowed = [re.compile(p, re.I | re.M) for p in concept.get("allow", [])]
        for rule in concept["never"]:
            never = re.compile(rule["pattern"], re.I | re.M)
            for where, text in texts:
                spans = [m.span() for a in allowed for m in a.finditer(text)]
                for hit in never.finditer(text):
                    if any(s <= hit.start() and hit.end() <= e for s, e in spans):
                        continue
                    found.append(
                        f"{where}: {hit.group(0)!r} ({concept['id']}: "
                        f"{rule['because']}; the term is {concept['term']!r})"
                    )
    return found


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_language_has_the_concepts_with_terms_and_valid_patterns(language):
    concepts = glossary(language)["concepts"]
    ids = [concept["id"] for concept in concepts]
    assert len(ids) == len(set(ids)), f"{language}: a concept is listed twice: {ids}"
    missing = REQUIRED_CONCEPTS - set(ids)
    assert not missing, f"content/{language}/glossary.toml: no concept {sorted(missing)}"
    assert set(ids) == {c["id"] for c in glossary("en")["concepts"]}, (
        f"{language}: the glossary's concepts differ from English's"
    )
    for concept in concepts:
        assert concept["term"].strip() and concept["meaning"].strip(), concept["id"]
        assert concept["never"], f"{concept['id']}: no words to keep apart"
        for pattern in [rule["pattern"] for rule in concept["never"]] + concept.get("allow", []):
            re.compile(pattern)  # a bad pattern fails here, with its text
        for rule in concept["never"]:
            assert rule["because"].strip(), f"{concept['id']}: say why {rule['pattern']!r}"


@pytest.mark.parametrize(
    ("language", "path"), FILES, ids=[f"{lang}:{shown_name(path)}" for lang, path in FILES]
)
def test_no_file_uses_a_forbidden_word(language, path):
    found = forbidden_uses(language, file_texts(path))
    assert not found, f"{shown_name(path)} ({language}):\n" + "\n".join(found)


# Each pattern must catch the confusion it names and leave the right use alone.
EXAMPLES = {
    "es": {
        "caught": [
            "Un músculo tenso que está en reposo no tira de su columna.",
            "los flexores de la cadera tensos no suman carga",
            "muy tensos",
            "Use el reloj para cada pausa.",
            "una pausa más, o unos segundos más",
            "Si el dolor es agudo, pare.",
            "toma pastillas de esteroides desde hace mucho",
            "problemas nuevos con el sexo, como lograr una erección",
            "adormecimiento alrededor de las nalgas o los genitales",
            "problemas nuevos al orinar",
            "Tensión quiere decir tenerlos apretados.",
        ],
        "kept": [
            "Ponga tensos los músculos del frente del vientre, hasta 15 %.",
            "Sus músculos del vientre suelen quedarse tensos.",
            "tenso en reposo: 20 % del esfuerzo máximo",
            "Los flexores de la cadera acortados no suman carga.",
            "Pausa",
            "Haga menos cada vez, con pausas.",
            "Mantenga la postura 8 segundos.",
            "Si el dolor es punzante, pare.",
            "toma pastillas de cortisona o prednisona desde hace mucho",
            "músculos de las nalgas",
            "Suba con las nalgas.",
            "no puede orinar, o no siente cuándo tiene la vejiga llena",
        ],
    },
    "en": {
        "caught": [
            "Tension means holding the muscles tight.",
            "is my belly tight for no reason?",
            "tense hip flexors",
            "A tense muscle at rest does not pull on your spine.",
            "acute pain in your back",
            "or take steroids for a long time",
            "new trouble with sex, such as getting hard",
            "numbness around your bottom or genitals",
            "new trouble when you pee",
            "Use the timer for each pause.",
        ],
        "kept": [
            "tight hip flexors",
            "Back muscles that stay tense all the time can feel tight and sore.",
            "Pause",
            "sharp pain",
            "take steroid tablets for a long time",
            "you cannot pee, or you cannot feel when your bladder is full",
            "Squeeze your buttocks.",
        ],
    },
}


@pytest.mark.parametrize("language", sorted(EXAMPLES))
def test_patterns_catch_confusions_and_keep_right_uses(language):
    for text in EXAMPLES[language]["caught"]:
        assert forbidden_uses(language, [("example", text)]), f"{language}: missed {text!r}"
    for text in EXAMPLES[language]["kept"]:
        found = forbidden_uses(language, [("example", text)])
        assert not found, f"{language}: flagged a right use {text!r}: {found}"

"""The Spanish text (issue 15): plain language measured, and nothing lost next to English.

The Spanish lessons are notebooks/es/<same name as English>.ipynb; the Spanish content
texts are src/eduwidgets/content/es/<same name as English>.toml, which the content
loaders read when the language is "es".

Plain language is measured with a Spanish formula from textstat (language "es", syllables
from Pyphen's Spanish dictionary, which ships with Pyphen: no network). A text passes
when it is at least "fairly easy" ("bastante fácil"): Fernández-Huerta 70 or more, or
INFLESZ (Szigriszt-Pazos) 65 or more. The text is prepared as tests/test_lessons.py
prepares English text for Flesch-Kincaid (markdown, links and tags stripped, one
sentence per header or list item, the Sources section left out); tokens with digits
(6 cm, L4/L5, 100 %) are left out too, since a formula cannot count syllables in them.
A lesson is scored on its markdown and on the words its widget calls give (title=,
prompt=). Run ``pytest -s`` to see the table of scores.

Parity: every warning-sign level and sign in English exists in Spanish at the same
level, every content key is kept with its placeholders, ids and numbers unchanged, and
each Spanish lesson has the English lesson's cells with the same code: the same calls
with the same values, where only the words a patient reads (title=, prompt=) differ.
"""

from __future__ import annotations

import re
import tomllib
from functools import cache
from pathlib import Path

import nbformat
import pytest
import textstat
from support import (
    CONTENT_DIR,
    LESSONS,
    MIN_FERNANDEZ_HUERTA,
    NOT_PATIENT_TEXT,
    PLACEHOLDER,
    SPOKEN_ARGUMENTS,
    markdown_to_text,
    prepare,
    spoken_words,
)

from conftest import NOTEBOOKS_DIR, ROOT

ES_NOTEBOOKS_DIR = NOTEBOOKS_DIR / "es"
ES_CONTENT_DIR = ROOT / "src" / "eduwidgets" / "content" / "es"
# language.toml names the language; glossary.toml lists words for translators (its
# patterns are the language's own, checked by tests/test_glossary.py): neither is
# patient text, nor key-for-key the English file.
NOT_PATIENT_FILES = {"language.toml", "glossary.toml"}
ES_CONTENT_FILES = sorted(
    path.name for path in ES_CONTENT_DIR.glob("*.toml") if path.name not in NOT_PATIENT_FILES
)

MIN_INFLESZ = 65.0  # "bastante fácil" on the INFLESZ scale (Barrio-Cantalejo 2008)

# Keys whose values are identifiers, not words a patient reads (besides test_lessons').
# (Pose names live under "key_poses", which test_lessons already leaves out.)
NOT_PATIENT_TEXT_ES = NOT_PATIENT_TEXT | {"level", "key", "position"}
# Clinician-only technical text stays in English for now (readouts.toml [clinicians]):
# checked for parity, not scored with a Spanish formula.
CLINICIAN_ONLY = {"clinicians"}
# An exercise's "trains" list mixes model group ids (kept) with plain words (translated).
MUSCLE_GROUP_IDS = {"extensors", "obliques", "hip_flexors", "abdominals"}


# ---------------------------------------------------------------- reading


@cache
def lesson(folder: Path, name: str) -> nbformat.NotebookNode:
    path = folder / name
    assert path.exists(), f"missing lesson: {path.relative_to(ROOT)}"
    return nbformat.read(path, as_version=4)


@cache
def content(folder: Path, name: str) -> dict:
    path = folder / name
    assert path.exists(), f"missing content file: {path.relative_to(ROOT)}"
    return tomllib.loads(path.read_text(encoding="utf-8"))


def patient_strings(value, key: str = "") -> list[str]:
    """Every piece of text a patient reads in parsed content (ids, levels, sources out)."""
    if key in NOT_PATIENT_TEXT_ES and not isinstance(value, dict):  # a table is a section
        return []
    if key in CLINICIAN_ONLY:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for k, v in value.items() for text in patient_strings(v, k)]
    if isinstance(value, list):
        return [text for item in value for text in patient_strings(item, key)]
    return []


# ---------------------------------------------------------------- scoring


def lesson_text(name: str) -> str:
    lines: list[str] = []
    in_sources = False
    for cell in lesson(ES_NOTEBOOKS_DIR, name).cells:
        if cell.cell_type == "code":
            lines += spoken_words(cell.source)
            continue
        if cell.cell_type != "markdown":
            continue
        kept = []
        for line in cell.source.splitlines():
            if line.startswith("## "):
                in_sources = line.strip() == "## Fuentes"
            if not in_sources:
                kept.append(line)
        lines += markdown_to_text("\n".join(kept))
    return prepare(lines)


def content_text(name: str) -> str:
    texts = patient_strings(content(ES_CONTENT_DIR, name))
    return prepare([line for text in texts for line in markdown_to_text(text)])


@cache
def scores(kind: str, name: str) -> dict[str, float]:
    text = lesson_text(name) if kind == "lesson" else content_text(name)
    textstat.set_lang("es")
    try:
        return {
            "fernandez_huerta": textstat.fernandez_huerta(text),
            "inflesz": textstat.szigriszt_pazos(text),
            "words": textstat.lexicon_count(text),
            "words_per_sentence": textstat.words_per_sentence(text),
        }
    finally:
        textstat.set_lang("en_US")  # the English tests share textstat's state


def score_table() -> str:
    rows = [f"{'text':<34} {'F-Huerta':>8} {'INFLESZ':>8} {'words':>6} {'w/sent':>6}"]
    items = [("lesson", name) for name in LESSONS] + [("content", n) for n in ES_CONTENT_FILES]
    for kind, name in items:
        s = scores(kind, name)
        rows.append(
            f"{name:<34} {s['fernandez_huerta']:>8.1f} {s['inflesz']:>8.1f} {s['words']:>6} "
            f"{s['words_per_sentence']:>6.1f}"
        )
    return "\n".join(rows)


def assert_fairly_easy(label: str, s: dict[str, float]) -> None:
    assert s["fernandez_huerta"] >= MIN_FERNANDEZ_HUERTA or s["inflesz"] >= MIN_INFLESZ, (
        f"{label} is harder than 'fairly easy': Fernández-Huerta {s['fernandez_huerta']:.1f} "
        f"(needs {MIN_FERNANDEZ_HUERTA:.0f}) and INFLESZ {s['inflesz']:.1f} (needs "
        f"{MIN_INFLESZ:.0f}), {s['words_per_sentence']:.1f} words a sentence. Use shorter "
        f"sentences and everyday words.\n{score_table()}"
    )


# ---------------------------------------------------------------- tests: readability


def test_textstat_counts_spanish_syllables_offline():
    # Pyphen's bundled Spanish dictionary: "columna" co-lum-na, "vertebral" ver-te-bral.
    textstat.set_lang("es")
    try:
        assert textstat.syllable_count("columna vertebral") == 6
    finally:
        textstat.set_lang("en_US")


@pytest.mark.parametrize("name", LESSONS)
def test_spanish_lesson_reads_fairly_easy(name):
    assert_fairly_easy(f"notebooks/es/{name}", scores("lesson", name))


@pytest.mark.parametrize("name", ES_CONTENT_FILES)
def test_spanish_content_reads_fairly_easy(name):
    assert_fairly_easy(f"content/es/{name}", scores("content", name))


# ---------------------------------------------------------------- tests: parity


def test_every_warning_sign_level_and_item_is_in_spanish():
    english = content(CONTENT_DIR, "red_flags.toml")
    spanish = content(ES_CONTENT_DIR, "red_flags.toml")
    assert set(spanish["levels"]) == set(english["levels"]), "warning-sign levels differ"
    for level, block in english["levels"].items():
        missing = [key for key in block if not spanish["levels"][level].get(key, "").strip()]
        assert not missing, f"red_flags.toml level {level!r}: no Spanish {missing}"
    english_signs = {sign["id"]: sign["level"] for sign in english["signs"]}
    spanish_signs = {sign["id"]: sign for sign in spanish["signs"]}
    missing = sorted(set(english_signs) - set(spanish_signs))
    assert not missing, f"warning signs missing in Spanish: {missing}"
    for sign_id, level in english_signs.items():
        sign = spanish_signs[sign_id]
        # Never soften a sign: the same level, so the same urgency, in both languages.
        assert sign["level"] == level, f"sign {sign_id}: level {sign['level']!r}, English {level!r}"
        assert sign["text"].strip(), f"sign {sign_id}: no Spanish text"
    assert "{emergency}" in spanish["levels"]["emergency"]["intro"]


@pytest.mark.parametrize("name", ES_CONTENT_FILES)
def test_spanish_content_keeps_keys_ids_numbers_and_placeholders(name):
    english = content(CONTENT_DIR, name)
    spanish = content(ES_CONTENT_DIR, name)

    def compare(en, es, path: str, patient: bool) -> None:
        assert type(en) is type(es), f"{name} {path}: {type(es).__name__}, not {type(en)}"
        if isinstance(en, dict):
            assert set(en) == set(es), f"{name} {path}: keys differ {set(en) ^ set(es)}"
            for key in en:
                # A table named like an id key ("muscles" in plan.toml) is a section.
                identifier = key in NOT_PATIENT_TEXT_ES and not isinstance(en[key], dict)
                if key == "sources" and isinstance(en[key], str):
                    # A sentence a patient reads ("Based on NICE guideline NG59 ..."): in
                    # Spanish, with every guideline's name and year kept.
                    kept = re.compile(r"\b(?:[A-Z]{2,}\w*|\d+)\b")
                    names = set(kept.findall(en[key])) - {"US"}  # "EE. UU." in Spanish
                    assert names <= set(kept.findall(es[key])), f"{name} {key}: {names}"
                    identifier = False
                compare(en[key], es[key], f"{path}.{key}", patient and not identifier)
        elif isinstance(en, list):
            assert len(en) == len(es), f"{name} {path}: {len(es)} items, English {len(en)}"
            for index, (a, b) in enumerate(zip(en, es, strict=True)):
                words = path.endswith(".trains") and a not in MUSCLE_GROUP_IDS
                compare(a, b, f"{path}[{index}]", patient or words)
        elif isinstance(en, str) and patient:
            placeholders = sorted(PLACEHOLDER.findall(en)), sorted(PLACEHOLDER.findall(es))
            assert placeholders[0] == placeholders[1], f"{name} {path}: placeholders {placeholders}"
            assert es.strip(), f"{name} {path}: empty"
        else:
            assert en == es, f"{name} {path}: {es!r} should stay {en!r} (id, number or source)"

    compare(english, spanish, "", True)


def test_red_flags_is_translated_first():
    assert "red_flags.toml" in ES_CONTENT_FILES


def code_shape(source: str) -> str:
    """The code with the spoken words blanked: what must be the same in both languages."""
    import ast

    tree = ast.parse(source)
    for node in ast.walk(tree):
        if isinstance(node, ast.keyword) and node.arg in SPOKEN_ARGUMENTS:
            node.value = ast.Constant(value="")
    return ast.dump(tree)


USE_SPANISH = 'use_language("es")'


@pytest.mark.parametrize("name", LESSONS)
def test_spanish_lesson_matches_its_english_twin(name):
    english = lesson(NOTEBOOKS_DIR, name)
    spanish = lesson(ES_NOTEBOOKS_DIR, name)
    assert len(spanish.cells) == len(english.cells), f"notebooks/es/{name}: cell count differs"
    first_code = next(i for i, cell in enumerate(spanish.cells) if cell.cell_type == "code")
    for index, (en, es) in enumerate(zip(english.cells, spanish.cells, strict=True)):
        assert es.cell_type == en.cell_type, f"notebooks/es/{name} cell {index}: cell type"
        if en.cell_type == "code":
            es_source = es.source
            if index == first_code:
                # The one difference in code: the lesson says its language, so any
                # kernel (Voilà, JupyterLab, a handout's) draws its widgets in Spanish.
                assert USE_SPANISH in es_source, f"notebooks/es/{name}: no {USE_SPANISH}"
                es_source = es_source.replace(USE_SPANISH, "")
            assert code_shape(es_source) == code_shape(en.source), (
                f"notebooks/es/{name} cell {index}: code differs"
            )
            for english_words in spoken_words(en.source):
                assert english_words not in es.source, f"{name} cell {index}: {english_words!r}"
            # Beside the English metadata, a translated cell records which English
            # source it translates (tests/test_lesson_step.py checks that hash).
            es_metadata = {k: v for k, v in es.metadata.items() if k != "eduwidgets"}
            assert es_metadata == en.metadata, f"notebooks/es/{name} cell {index}: metadata"
            assert not es.outputs and es.execution_count is None, f"{name} {index}: outputs"
        else:
            assert es.source.strip() and es.source != en.source, (
                f"notebooks/es/{name} cell {index}: markdown not in Spanish"
            )
    assert spanish.metadata.get("language") == "es"
    english_summary = english.metadata.get("eduwidgets", {}).get("summary")
    if english_summary:
        summary = spanish.metadata.get("eduwidgets", {}).get("summary", "")
        assert summary.strip() and summary != english_summary, f"{name}: summary not in Spanish"


def test_spanish_lessons_are_the_english_ones():
    english = sorted(path.name for path in NOTEBOOKS_DIR.glob("[0-9][0-9]-*.ipynb"))
    spanish = sorted(path.name for path in ES_NOTEBOOKS_DIR.glob("*.ipynb"))
    assert spanish == english, "notebooks/es/ should hold one Spanish twin per English lesson"

"""Every translated lesson in step with its English lesson (issue 20).

A lesson in another language (``notebooks/<code>/NN-name.ipynb``) is its English
twin's cells, one to one, by cell id and kind, in the same order:

- every widget call is the same call with the same values; only the words it shows
  (title=, prompt=) differ, and the first code cell adds ``use_language("<code>")``;
- every number in a markdown cell is in its twin, and no other (2,2 is 2.2);
- every translated cell records the hash of the English cell source it translates
  (``metadata.eduwidgets.source_sha``): when the English changes, this test fails
  until the cell is re-translated and marked with ``tools/translated.py``
  (docs/translating.md).
"""

from __future__ import annotations

import ast
import importlib.util
import re

import nbformat
import pytest
from support import LANGUAGES, SPOKEN_ARGUMENTS, lesson_files, lessons_dir

from conftest import ROOT

_spec = importlib.util.spec_from_file_location("translated", ROOT / "tools" / "translated.py")
translated_tool = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(translated_tool)

PAIRS = [
    (language, english.name)
    for language in LANGUAGES
    if language != "en"
    for english in lesson_files("en")
]
IDS = [f"{language}:{name}" for language, name in PAIRS]
# A number as a lesson writes it: 6, 1.75 or 1,75, 16,310 or 16.310. A separator
# between digits is read as a point in both languages, so 2,2 and 2.2 are one number.
NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def read(language: str, name: str) -> nbformat.NotebookNode:
    path = lessons_dir(language) / name
    assert path.exists(), f"no {path.relative_to(ROOT)}: translate notebooks/{name}"
    return nbformat.read(path, as_version=4)


def twins(language: str, name: str) -> list[tuple]:
    english, other = read("en", name), read(language, name)
    return list(zip(english.cells, other.cells, strict=False))


def numbers(markdown: str) -> set[str]:
    return {re.sub(r"[.,]", ".", found) for found in NUMBER.findall(markdown)}


def call_shape(source: str, language: str) -> str:
    """The code with the shown words blanked and the language line taken out."""
    source = source.replace(f'use_language("{language}")', "")
    tree = ast.parse(source)
    for node in ast.walk(tree):
        if isinstance(node, ast.keyword) and node.arg in SPOKEN_ARGUMENTS:
            node.value = ast.Constant(value="")
    return ast.dump(tree)


@pytest.mark.parametrize(("language", "name"), PAIRS, ids=IDS)
def test_cells_line_up_one_to_one_by_id_and_kind(language, name):
    english, other = read("en", name), read(language, name)
    expected = [(cell.get("id"), cell.cell_type) for cell in english.cells]
    found = [(cell.get("id"), cell.cell_type) for cell in other.cells]
    assert found == expected, (
        f"notebooks/{language}/{name}: cells (id, kind) differ from notebooks/{name}:\n"
        f"only in English: {[c for c in expected if c not in found]}\n"
        f"only in {language}: {[c for c in found if c not in expected]}"
    )


@pytest.mark.parametrize(("language", "name"), PAIRS, ids=IDS)
def test_every_widget_call_is_the_same(language, name):
    first_code = True
    for english, other in twins(language, name):
        if english.cell_type != "code":
            continue
        if first_code:
            assert f'use_language("{language}")' in other.source, (
                f"notebooks/{language}/{name}: the first code cell should say "
                f'use_language("{language}")'
            )
            first_code = False
        assert call_shape(other.source, language) == call_shape(english.source, "en"), (
            f"notebooks/{language}/{name} cell {other.get('id')}: the call differs from "
            f"English:\n{english.source}\n---\n{other.source}"
        )


@pytest.mark.parametrize(("language", "name"), PAIRS, ids=IDS)
def test_every_number_is_in_the_twin(language, name):
    for english, other in twins(language, name):
        if english.cell_type != "markdown":
            continue
        wanted, found = numbers(english.source), numbers(other.source)
        assert wanted == found, (
            f"notebooks/{language}/{name} cell {other.get('id')}: numbers differ from "
            f"English: missing {sorted(wanted - found)}, extra {sorted(found - wanted)}"
        )


@pytest.mark.parametrize(("language", "name"), PAIRS, ids=IDS)
def test_every_cell_is_translated_from_the_current_english(language, name):
    english, other = read("en", name), read(language, name)
    stale = translated_tool.stale_cells(other, english)
    assert not stale, (
        f"notebooks/{language}/{name}: cells {stale} were translated from another version "
        f"of the English cell (or never marked). Re-translate each from notebooks/{name}, "
        f"then run: .venv/bin/python tools/translated.py notebooks/{language}/{name} "
        + " ".join(stale)
    )


def test_the_hash_changes_with_the_english_source():
    one = translated_tool.source_sha("Hold each one for 8 seconds.")
    assert one == translated_tool.source_sha("Hold each one for 8 seconds.")
    assert one != translated_tool.source_sha("Hold each one for 10 seconds.")

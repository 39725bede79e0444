"""Every text of one language, as (where, text) pairs, for the all-language word tests.

A language's texts are its content files (``src/eduwidgets/content/*.toml`` for
English, ``content/<code>/*.toml`` for another language: the widgets' words, the
pages' words, exercises, warning signs, the plan...) and its lessons (``notebooks/``
or ``notebooks/<code>/``): each markdown cell, and the title= and prompt= of each
widget call. Citations (a list line with a year in brackets, or a content file's
sources) are left out: they keep the paper's own words.
"""

from __future__ import annotations

import ast
import re
import tomllib
from functools import cache
from pathlib import Path

import nbformat

from eduwidgets import content
from eduwidgets.content import content_path

from conftest import NOTEBOOKS_DIR

LANGUAGES = list(content.languages())
ENGLISH_CONTENT_DIR = content_path("red_flags.toml", "en").parent
# Files that describe words rather than show them to a patient.
NOT_SHOWN = {"glossary.toml", "language.toml"}
# Keys whose values are citations or identifiers, not words a person reads.
NOT_WORDS = {"sources", "source", "references", "title_en", "journal", "id", "kind"}
CITATION = re.compile(r"^\s*[-*]\s.*\((?:19|20)\d\d[a-z]?[,)]")
SPOKEN_ARGUMENTS = ("title", "prompt")


def content_dir(language: str) -> Path:
    return ENGLISH_CONTENT_DIR if language == "en" else ENGLISH_CONTENT_DIR / language


def lessons_dir(language: str) -> Path:
    return NOTEBOOKS_DIR if language == "en" else NOTEBOOKS_DIR / language


@cache
def glossary(language: str) -> dict:
    return tomllib.loads((content_dir(language) / "glossary.toml").read_text(encoding="utf-8"))


def content_files(language: str) -> list[Path]:
    return sorted(p for p in content_dir(language).glob("*.toml") if p.name not in NOT_SHOWN)


def lesson_files(language: str) -> list[Path]:
    return sorted(lessons_dir(language).glob("[0-9][0-9]-*.ipynb"))


def language_files(language: str) -> list[Path]:
    return content_files(language) + lesson_files(language)


def _values(value, path: str):
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            if key not in NOT_WORDS:
                yield from _values(item, f"{path}.{key}" if path else key)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _values(item, f"{path}[{index}]")


def spoken_words(source: str) -> list[str]:
    """The words a widget call shows a patient: its title= and prompt= strings."""
    return [
        node.value.value
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.keyword)
        and node.arg in SPOKEN_ARGUMENTS
        and isinstance(node.value, ast.Constant)
        and isinstance(node.value.value, str)
    ]


def without_citations(markdown: str) -> str:
    return "\n".join(line for line in markdown.splitlines() if not CITATION.match(line))


@cache
def file_texts(path: Path) -> list[tuple[str, str]]:
    """(where, text) for each text of one content file or lesson. ``where`` names the
    key ("exercises.bird-dog.steps[1]") or the cell ("cell 03-07")."""
    if path.suffix == ".toml":
        return list(_values(tomllib.loads(path.read_text(encoding="utf-8")), ""))
    found = []
    for index, cell in enumerate(nbformat.read(path, as_version=4).cells):
        where = f"cell {cell.get('id', index)}"
        if cell.cell_type == "markdown":
            found.append((where, without_citations(cell.source)))
        elif cell.cell_type == "code":
            found += [(where, words) for words in spoken_words(cell.source)]
    return found


def shown_name(path: Path) -> str:
    return str(path.relative_to(NOTEBOOKS_DIR.parent))

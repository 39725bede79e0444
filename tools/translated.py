"""Record which English text each cell of a translated lesson was translated from.

Each cell of ``notebooks/<code>/NN-name.ipynb`` keeps, in its metadata
(``metadata.eduwidgets.source_sha``), a short hash of the source of the English cell
with the same id. ``tests/test_lesson_step.py`` fails when the English cell changes
and the hash no longer matches: the translation may be stale. After re-translating a
cell, record it:

    .venv/bin/python tools/translated.py notebooks/es/03-hip-flexors.ipynb  # stale cells
    .venv/bin/python tools/translated.py notebooks/es/03-hip-flexors.ipynb 03-07 03-10
    .venv/bin/python tools/translated.py notebooks/es/03-hip-flexors.ipynb --all

Only mark a cell after you have read its English source and changed the translation
to say the same thing. Exit status: 0 done (or nothing stale), 1 stale cells listed,
2 a bad argument (one message naming it).
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS_DIR = ROOT / "notebooks"
SHA_CHARS = 16  # 64 bits: enough to tell two versions of one cell apart


def source_sha(source: str) -> str:
    """The hash a translated cell records for the English cell source it translates."""
    return hashlib.sha256(source.encode("utf-8")).hexdigest()[:SHA_CHARS]


def recorded_sha(cell) -> str | None:
    return cell.get("metadata", {}).get("eduwidgets", {}).get("source_sha")


def english_twin(translated: Path) -> Path:
    return NOTEBOOKS_DIR / translated.name


def stale_cells(translated, english) -> list[str]:
    """Ids of the translated cells whose recorded hash is missing or out of date."""
    sources = {cell.get("id"): cell.source for cell in english.cells}
    return [
        cell.get("id")
        for cell in translated.cells
        if cell.get("id") in sources and recorded_sha(cell) != source_sha(sources[cell.get("id")])
    ]


def mark(translated, english, cell_ids: list[str]) -> None:
    sources = {cell.get("id"): cell.source for cell in english.cells}
    for cell in translated.cells:
        if cell.get("id") in cell_ids:
            cell.metadata.setdefault("eduwidgets", {})["source_sha"] = source_sha(
                sources[cell.get("id")]
            )


def fail(message: str) -> int:
    print(f"translated.py: {message}", file=sys.stderr)
    return 2


def main(argv: list[str]) -> int:
    if not argv or argv[0].startswith("-"):
        return fail("first argument: a translated lesson, such as notebooks/es/03-x.ipynb")
    path = Path(argv[0])
    if not path.is_file():
        return fail(f'lesson = "{argv[0]}" does not exist; allowed: a notebooks/<code>/ file')
    twin = english_twin(path.resolve())
    if path.resolve() == twin or not twin.is_file():
        return fail(f'lesson = "{argv[0]}" has no English twin at notebooks/{path.name}')
    translated = nbformat.read(path, as_version=4)
    english = nbformat.read(twin, as_version=4)
    wanted = argv[1:]
    if not wanted:
        stale = stale_cells(translated, english)
        for cell_id in stale:
            print(f"{path}: cell {cell_id} is not marked as translated from the current English")
        return 1 if stale else 0
    ids = [cell.get("id") for cell in english.cells]
    cell_ids = ids if wanted == ["--all"] else wanted
    unknown = [cell_id for cell_id in cell_ids if cell_id not in ids]
    if unknown:
        allowed = ", ".join(ids)
        return fail(f"cell {unknown[0]!r} is not in notebooks/{path.name}; allowed: {allowed}")
    mark(translated, english, cell_ids)
    from eduwidgets.files import write_text_atomic  # the project's atomic write

    write_text_atomic(path, nbformat.writes(translated) + "\n")
    print(f"{path}: marked {len(cell_ids)} cell(s) as translated from the current English")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

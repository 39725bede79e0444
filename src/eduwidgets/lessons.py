"""Which notebooks are lessons, and what each is called and teaches.

One rule for the handouts, the static site, the clinic and Binder: a lesson is a
notebook named with two digits and a dash (``01-extensors.ipynb``); ``gallery.ipynb``
and other notebooks are for authors. A lesson's title and one-line summary come from
the notebook itself (no network, no kernel): ``metadata.eduwidgets.title`` /
``summary`` when the author set them, else its first heading and the paragraph under
its "What this lesson will help you do" heading (or its first paragraph).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from fnmatch import fnmatch
from pathlib import Path

from eduwidgets.errors import InputError

__all__ = [
    "LESSON_GLOB",
    "SUMMARY_MAX_CHARS",
    "Lesson",
    "discover_lessons",
    "lesson_from_notebook",
    "lesson_paths",
    "read_lesson",
]

LESSON_GLOB = "[0-9][0-9]-*.ipynb"
SUMMARY_MAX_CHARS = 160
_GOAL_HEADING = re.compile(r"help you do|you will learn|in this lesson", re.IGNORECASE)
# The small pictures a lesson card may show (``clinic.lesson_picture``), by slug word.
_PICTURE_KEYS = ("extensors", "obliques", "hip-flexors", "abdominals", "plan", "welcome")


@dataclass(frozen=True)
class Lesson:
    """One lesson notebook: where it is, what it is called, one line on what it teaches."""

    path: Path
    title: str
    summary: str

    @property
    def file(self) -> str:
        """``"01-extensors.ipynb"``"""
        return self.path.name

    @property
    def slug(self) -> str:
        """``"01-extensors"``: the lesson's name in addresses and file names."""
        return self.path.stem

    @property
    def picture(self) -> str:
        """Which small picture fits the lesson (a key of ``_PICTURE_KEYS``)."""
        return next((key for key in _PICTURE_KEYS if key in self.slug), "welcome")


def _is_lesson(path: str | Path) -> bool:
    return fnmatch(Path(path).name, LESSON_GLOB)


def discover_lessons(notebooks_dir: str | Path) -> list[Lesson]:
    """Every lesson in the folder, in order (none when there are none)."""
    return [read_lesson(path) for path in sorted(Path(notebooks_dir).glob(LESSON_GLOB))]


def lesson_paths(notebooks_dir: str | Path = "notebooks") -> list[Path]:
    """The lesson notebooks of a folder, in order; InputError when there are none."""
    folder = Path(notebooks_dir)
    if not folder.is_dir():
        raise InputError("this is not a folder of lessons.", source=str(folder))
    paths = sorted(folder.glob(LESSON_GLOB))
    if not paths:
        raise InputError(
            "this folder holds no lessons (numbered notebooks like 01-extensors.ipynb).",
            source=str(folder),
        )
    return paths


def read_lesson(path: str | Path) -> Lesson:
    """A lesson notebook's title and summary, read from the file (no kernel)."""
    path = Path(path)
    return lesson_from_notebook(path, json.loads(path.read_text(encoding="utf-8")))


def lesson_from_notebook(path: Path, notebook: dict) -> Lesson:
    """The lesson record of a notebook already read (a dict or an nbformat notebook)."""
    meta = notebook.get("metadata", {}).get("eduwidgets", {})
    title, summary = _title_and_summary(_markdown_cells(notebook))
    fallback = path.stem.split("-", 1)[-1].replace("-", " ").capitalize()
    return Lesson(
        path=Path(path),
        title=_plain(str(meta.get("title") or "")) or title or fallback,
        summary=_plain(str(meta.get("summary") or "")) or summary,
    )


def _markdown_cells(notebook: dict) -> list[str]:
    sources = []
    for cell in notebook.get("cells", []):
        if cell.get("cell_type") == "markdown":
            source = cell.get("source", "")
            sources.append("".join(source) if isinstance(source, list) else source)
    return sources


def _title_and_summary(sources: list[str]) -> tuple[str, str]:
    """The first level-one heading, and the goal paragraph (else the first paragraph)."""
    title, first_paragraph, goal = "", "", ""
    after_goal_heading = False
    for source in sources:
        for block in re.split(r"\n\s*\n", source):
            block = block.strip()
            if block.startswith("#"):
                heading, _, block = block.partition("\n")
                if not title and heading.startswith("# "):
                    title = _plain(heading[2:].strip().rstrip("#"))
                after_goal_heading = bool(_GOAL_HEADING.search(heading))
                block = block.strip()
            if not block or block.startswith(("|", "<", "-", "*", ">", "!")):
                continue
            if after_goal_heading and not goal:
                goal = _first_sentence(_plain(block))
            elif title and not first_paragraph:
                first_paragraph = _first_sentence(_plain(block))
        if goal:
            break
    return title, goal or first_paragraph


def _plain(markdown: str) -> str:
    """Markdown to plain text, enough for a title or one line."""
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", markdown)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"<[^>]+>", "", text)
    text = re.sub(r"[*_`]+", "", text)
    return " ".join(text.split())


def _first_sentence(text: str) -> str:
    match = re.match(r"(.+?[.!?])(\s|$)", text)
    sentence = match.group(1) if match else text
    if len(sentence) > SUMMARY_MAX_CHARS:
        sentence = sentence[: SUMMARY_MAX_CHARS - 1].rsplit(" ", 1)[0] + "…"
    return sentence

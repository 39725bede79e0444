"""Lesson pages made once: the disk cache, its key, and rendering again after an edit."""

from __future__ import annotations

import asyncio
import concurrent.futures
import os

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from eduwidgets.clinic import lesson_pages
from eduwidgets.clinic.lesson_pages import LessonPages


def write_lesson(folder, text: str) -> None:
    notebook = new_notebook(
        cells=[
            new_markdown_cell(f"# A lesson\n\n{text}"),
            new_code_cell(
                "from eduwidgets.widgets.red_flags import RedFlags\nRedFlags(compact=True)"
            ),
        ]
    )
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    nbformat.write(notebook, folder / "01-a-lesson.ipynb")


def render(folder, cache_dir) -> LessonPages:
    lines: list[str] = []
    pages = LessonPages(folder, "/", cache_dir=cache_dir, say=lines.append)
    # In a thread of its own: a browser test earlier in the run may hold this thread's loop.
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, pages.render_all()).result()
    pages.lines = lines
    return pages


@pytest.mark.slow
def test_pages_come_from_the_cache_until_the_notebook_or_the_package_changes(tmp_path, monkeypatch):
    folder, cache_dir = tmp_path / "lessons", tmp_path / "cache"
    folder.mkdir()
    write_lesson(folder, "First words.")

    first = render(folder, cache_dir)
    page = first.pages["01-a-lesson"]
    assert not page.from_cache and not page.needs_kernel
    assert "First words." in page.html and "edu-patient-rules" in page.html
    assert any("rendered 1/1" in line for line in first.lines)  # a progress line
    assert [p.name for p in cache_dir.iterdir() if p.name.startswith(".")] == []  # atomic

    stale = cache_dir / "an-old-version.json"
    stale.write_text("{}")
    os.utime(stale, (0, 0))
    again = render(folder, cache_dir)
    assert not stale.exists()  # pruned: no clinic used it for 30 days
    assert again.pages["01-a-lesson"].from_cache and again.lines == []
    assert again.pages["01-a-lesson"].html == page.html

    write_lesson(folder, "Other words.")
    edited = render(folder, cache_dir)
    assert not edited.pages["01-a-lesson"].from_cache
    assert "Other words." in edited.pages["01-a-lesson"].html

    # A new version of the package (or any change to its files): every page again. Asked
    # without running it: cached_needs_kernel() looks each lesson up by the same key and
    # lookup a render does (None: a lesson is not in the cache, so it would be made), and
    # a miss being rendered is checked above; this spares a kernel.
    unchanged = LessonPages(folder, "/", cache_dir=cache_dir, say=print)
    assert unchanged.cached_needs_kernel() is False  # the edited page is a hit as it is
    monkeypatch.setattr(lesson_pages, "package_digest", lambda: "another version")
    assert LessonPages(folder, "/", cache_dir=cache_dir, say=print).cached_needs_kernel() is None

"""The export: a lesson notebook becomes a handout in four named steps.

1. **execute** (``run.py``, nbclient): the notebook runs top to bottom in a fresh kernel.
2. **keep outputs** (``outputs.py``): the markdown cells and, from each code cell, only
   its outputs' static forms; never the code, never a script, require.js or plotly.js.
3. **markdown** (``markdown.py``, mistune): the kept parts as the body HTML, sections at
   each ``##`` heading, pictures inline, task lists as boxes to tick.
4. **page** (``page.py``, Jinja2): the page around the body: the clinic's name and
   phone, the date, every asset inline behind the Content-Security-Policy, print CSS.

``export_lesson`` below is those four calls, top to bottom.

Why not nbconvert
-----------------
nbconvert's ``HTMLExporter`` (which Voilà's ``VoilaExporter`` extends) is a good
pipeline for showing a notebook: code and outputs, its own lab/classic templates, and
every output as the richest form it has, scripts included. A handout is the opposite
on each point: no code, our own templates and CSP, and for each output the first form
that runs nothing and fetches nothing (``outputs.is_static_fragment``), with a warning
for what was left out. On nbconvert we would swap its template, its markdown renderer
(as Voilà does) and its output selection, and disable its preprocessors: a subclass
that keeps nbconvert's names but little of its behaviour. Its execute step is already
nbclient, which we call directly, and its markdown renderer is already mistune. So the
kit uses those two libraries without nbconvert, which is no longer a dependency of
eduwidgets (a core install skips nbconvert, bleach, pandocfilters, defusedxml, ...).
JupyterLab and Voilà (the ``author`` and ``kernel`` extras) still bring it, for
authors who export notebooks themselves.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from eduwidgets.handout.markdown import body_html
from eduwidgets.handout.outputs import keep_outputs, needs_kernel
from eduwidgets.handout.page import Clinic, page_html
from eduwidgets.handout.run import default_jobs, execute_notebook_async, kernel_env
from eduwidgets.lessons import Lesson, lesson_from_notebook

__all__ = ["LessonHandout", "build_lessons_async", "export_lesson"]


@dataclass(frozen=True)
class LessonHandout:
    """A lesson, run and rendered: its handout page and the body the lesson pages reuse."""

    lesson: Lesson
    html: str
    body_html: str
    warnings: tuple[str, ...] = ()
    needs_kernel: bool = False  # an output only a live kernel can draw (another library's widget)

    @property
    def path(self) -> Path:
        return self.lesson.path

    @property
    def title(self) -> str:
        return self.lesson.title


async def export_lesson(
    path: Path, clinic: Clinic, env: dict[str, str], kernels: asyncio.Semaphore | None = None
) -> LessonHandout:
    """One lesson notebook as its handout. ``kernels`` bounds how many run at once."""
    async with kernels or contextlib.nullcontext():
        notebook = await execute_notebook_async(path, env)  # 1. execute
    warnings: list[str] = []
    kept = keep_outputs(notebook, warn=warnings.append)  # 2. keep outputs
    body = body_html(kept, base_dir=path.parent)  # 3. markdown
    lesson = lesson_from_notebook(path, notebook)
    page = page_html(lesson.title, body, clinic, kind="lesson_handout")  # 4. page
    return LessonHandout(
        lesson=lesson,
        html=page,
        body_html=body,
        warnings=tuple(f"{path.name} {warning}" for warning in warnings),
        needs_kernel=needs_kernel(notebook),
    )


async def build_lessons_async(
    paths: list[Path],
    clinic: Clinic,
    profile_path: str | None = None,
    jobs: int | None = None,
    on_done: Callable[[Path], None] | None = None,
) -> list[LessonHandout]:
    """Export several notebooks, at most ``jobs`` kernels at a time, from one event loop."""
    env = kernel_env(clinic, profile_path)
    kernels = asyncio.Semaphore(jobs or default_jobs(len(paths)))

    async def one(path: Path) -> LessonHandout:
        lesson = await export_lesson(path, clinic, env, kernels)
        if on_done:
            on_done(path)
        return lesson

    tasks = [asyncio.ensure_future(one(path)) for path in paths]
    try:
        return list(await asyncio.gather(*tasks))
    except BaseException:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        raise

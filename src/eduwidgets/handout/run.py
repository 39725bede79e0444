"""Running lesson notebooks top to bottom (nbclient) and rendering each as a handout.

The notebook runs in a fresh kernel. The kernel's environment carries
``EDUWIDGETS_CLINIC_CONFIG`` (and ``EDUWIDGETS_PROFILE`` when given), so widgets pick
up the clinic's phone number with no code in the lesson.

Several lessons build at once: each runs in its own kernel process, a few at a time
(``jobs``), all driven from one event loop, so ``--all`` pays the start-up cost of
Python and nbconvert once instead of once per lesson.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from eduwidgets.content import LANGUAGE_ENV, current_language
from eduwidgets.errors import InputError
from eduwidgets.handout.outputs import needs_kernel, notebook_html
from eduwidgets.handout.page import CLINIC_ENV, Clinic, page_html
from eduwidgets.lessons import Lesson, lesson_from_notebook

__all__ = [
    "LessonHandout",
    "NotebookError",
    "build_lessons_async",
    "default_jobs",
    "execute_notebook_async",
    "run_coroutine",
]

PROFILE_ENV = "EDUWIDGETS_PROFILE"
_CELL_TIMEOUT_S = 120


class NotebookError(RuntimeError):
    """A lesson notebook failed to run; the message names the notebook, the cell and the error."""


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


def _kernel_env(clinic: Clinic, profile_path: str | None) -> dict[str, str]:
    env = dict(os.environ)
    env[LANGUAGE_ENV] = current_language()  # the kernel's widgets speak the page's language
    env.pop(CLINIC_ENV, None)
    env.pop(PROFILE_ENV, None)
    if clinic.config_path:
        env[CLINIC_ENV] = clinic.config_path
    if profile_path:
        env[PROFILE_ENV] = str(Path(profile_path).resolve())
    return env


def _first_line(source: str) -> str:
    line = next((ln.strip() for ln in source.splitlines() if ln.strip()), "")
    return line if len(line) <= 60 else line[:57] + "..."


def _read_notebook(path: Path):
    # Imported here, not at the top: nbformat's validator pulls jsonschema's format
    # checkers (about 1.4 s), which a clinic serving cached pages never needs.
    import nbformat

    try:
        return nbformat.read(path, as_version=4)
    except FileNotFoundError:
        raise InputError("the notebook does not exist.", source=str(path)) from None
    except Exception as error:  # nbformat raises several kinds for a broken file
        raise InputError(f"this is not a readable notebook ({error}).", source=str(path)) from None


async def execute_notebook_async(path: Path, env: dict[str, str]):
    """Run a notebook top to bottom in a fresh kernel; NotebookError names the failing cell."""
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    notebook = _read_notebook(path)
    current = {"index": None, "source": ""}

    def started(cell, cell_index):
        current["index"], current["source"] = cell_index + 1, cell.source

    client = NotebookClient(
        notebook,
        timeout=_CELL_TIMEOUT_S,
        kernel_name=notebook.metadata.get("kernelspec", {}).get("name", "python3"),
        resources={"metadata": {"path": str(path.parent)}},
        on_cell_start=started,
        # ipykernel warns on stderr about local TCP on every start; the user can do nothing.
        extra_arguments=["--IPKernelApp.log_level=ERROR"],
    )
    try:
        await client.async_execute(env=env)
    except (CellExecutionError, CellTimeoutError, DeadKernelError, RuntimeError) as error:
        cell = current["index"]
        where = f"cell {cell} ({_first_line(current['source'])})" if cell else "the kernel"
        if isinstance(error, CellExecutionError):
            what = f"{error.ename}: {error.evalue}"
        else:
            first = (str(error).strip().splitlines() or [""])[0]
            what = f"{type(error).__name__}: {first}"
        raise NotebookError(f"{path}: {where} failed to run. {what}") from None
    return notebook


def run_coroutine(coroutine):
    """Run a coroutine to the end, also from inside a running event loop (a notebook)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def _render_lesson(path: Path, notebook, clinic: Clinic) -> LessonHandout:
    """An executed lesson notebook as its handout."""
    warnings: list[str] = []
    lesson = lesson_from_notebook(path, notebook)
    body = notebook_html(notebook, path.parent, warn=warnings.append)
    return LessonHandout(
        lesson=lesson,
        html=page_html(lesson.title, body, clinic, kind="lesson_handout"),
        body_html=body,
        warnings=tuple(f"{path.name} {w}" for w in warnings),
        needs_kernel=needs_kernel(notebook),
    )


async def build_lessons_async(
    paths: list[Path],
    clinic: Clinic,
    profile_path: str | None = None,
    jobs: int | None = None,
    on_done: Callable[[Path], None] | None = None,
) -> list[LessonHandout]:
    """Run and render several notebooks, at most ``jobs`` kernels at a time."""
    env = _kernel_env(clinic, profile_path)
    limit = asyncio.Semaphore(jobs or default_jobs(len(paths)))

    async def one(path: Path) -> LessonHandout:
        async with limit:
            notebook = await execute_notebook_async(path, env)
        lesson = _render_lesson(path, notebook, clinic)
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


def default_jobs(count: int) -> int:
    """Kernels to run at once: one per core, at least two (a kernel often waits on I/O)."""
    return max(1, min(count, max(2, os.cpu_count() or 1)))

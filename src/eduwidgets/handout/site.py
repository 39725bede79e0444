"""Handouts and the static site: ``eduwidgets handout``.

* ``eduwidgets handout notebooks/01-extensors.ipynb -o extensors.html`` (``build_handout``)
* ``eduwidgets handout --all -o site/`` (``build_all``): every lesson and an ``index.html``,
  the same lesson list and patient form as the clinic's, and ``plan.html`` (the plan's
  page, made in the browser from the address's fragment), as static files.

Failure modes: a bad profile or clinic config raises ``InputError`` (exit code 2)
before any work; a notebook that fails raises ``NotebookError`` naming the cell and
the error (exit code 1). Nothing is written unless the whole build succeeds.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

from eduwidgets.content import DEFAULT_LANGUAGE, current_language, languages
from eduwidgets.errors import InputError
from eduwidgets.handout.page import Clinic, lesson_page_html, load_clinic
from eduwidgets.handout.pipeline import LessonHandout, build_lessons_async
from eduwidgets.handout.plan import plan_page_html
from eduwidgets.handout.run import run_coroutine
from eduwidgets.handout.write import (
    check_output_file,
    check_pdf_ready,
    check_writable,
    write_outputs,
)
from eduwidgets.lessons import lesson_paths, read_lesson

__all__ = [
    "build_all",
    "build_handout",
    "site_index_html",
    "site_lesson_html",
]


def _progress(total: int, stream=None) -> Callable[[Path], None]:
    """A progress bar on stderr: redrawn in place on a terminal, one line per step otherwise."""
    stream = stream or sys.stderr
    done = {"count": 0}
    started = time.perf_counter()

    def step(path: Path) -> None:
        done["count"] += 1
        count = done["count"]
        filled = round(20 * count / total)
        line = (
            f"[{'#' * filled}{'.' * (20 - filled)}] {count}/{total} lessons built "
            f"({time.perf_counter() - started:.0f} s) {path.name}"
        )
        if stream.isatty():
            stream.write("\r" + line.ljust(79) + ("\n" if count == total else ""))
        else:
            stream.write(line + "\n")
        stream.flush()

    return step


def _warn(lessons: list[LessonHandout]) -> None:
    for lesson in lessons:
        for warning in lesson.warnings:
            print(f"eduwidgets: warning: {warning}", file=sys.stderr)


def build_handout(
    notebook: str | Path,
    output: str | Path,
    clinic: str | Path | None = None,
    pdf: bool = False,
    paper: str = "A4",
    profile: str | Path | None = None,
) -> Path:
    """One lesson as one self-contained HTML file (and a PDF beside it with ``pdf=True``)."""
    notebook = Path(notebook)
    clinic_info = load_clinic(clinic)  # InputError before any work
    if profile:
        from eduwidgets.patient.profile import load_profile

        load_profile(profile)
    if not notebook.is_file():
        raise InputError("the notebook does not exist.", source=str(notebook))
    output = check_output_file(output)
    if pdf:
        check_pdf_ready()  # before the lesson runs: Playwright and Chromium are there
    lessons = run_coroutine(build_lessons_async([notebook], clinic_info, profile and str(profile)))
    _warn(lessons)
    write_outputs([(output, lessons[0].html)], pdf, paper, private=bool(profile))
    return output


def build_all(
    output_dir: str | Path,
    notebooks_dir: str | Path = "notebooks",
    clinic: str | Path | None = None,
    pdf: bool = False,
    paper: str = "A4",
    jobs: int | None = None,
    progress: bool = True,
) -> list[Path]:
    """Every lesson as a handout in ``output_dir``, plus an ``index.html`` linking them."""
    clinic_info = load_clinic(clinic)
    paths = lesson_paths(notebooks_dir)
    output_dir = Path(output_dir)
    if output_dir.exists() and not output_dir.is_dir():
        raise InputError("this is a file; give a folder for the lessons.", source=str(output_dir))
    for name in [path.with_suffix(".html").name for path in paths] + ["index.html", "plan.html"]:
        check_writable(output_dir / name, "-o")  # before any lesson runs
    if pdf:
        check_pdf_ready()
    on_done = _progress(len(paths)) if progress else None
    lessons = run_coroutine(build_lessons_async(paths, clinic_info, jobs=jobs, on_done=on_done))
    _warn(lessons)
    output_dir.mkdir(parents=True, exist_ok=True)
    items = [
        (output_dir / lesson.path.with_suffix(".html").name, site_lesson_html(lesson, clinic_info))
        for lesson in lessons
    ]
    items.append((output_dir / "index.html", site_index_html(paths, clinic_info)))
    # The plan's page: the same for everyone; it makes the plan from its address's fragment.
    items.append((output_dir / "plan.html", plan_page_html(clinic_info, home_href="index.html")))
    write_outputs(items, pdf, paper, private=False)
    return [path for path, _ in items]


def site_lesson_html(lesson: LessonHandout, clinic: Clinic, home_href: str = "index.html") -> str:
    """A lesson as a page of the site (and of the clinic): it applies the patient's values
    from its address fragment itself and links back to the lesson list."""
    return lesson_page_html(lesson.title, lesson.body_html, clinic, home_href)


def site_index_html(paths: list[Path], clinic: Clinic) -> str:
    """The site's landing page: the lesson list and patient form, as one file."""
    from eduwidgets.handout.landing import landing_html

    return landing_html(
        [read_lesson(path) for path in paths],
        lambda lesson: lesson.path.with_suffix(".html").name,
        "index.html",
        clinic_name=clinic.name,
        emergency_number=clinic.config.emergency_number if clinic.config else "",
        language_links=_site_language_links(current_language()),
        plan_href="plan.html",
    )


def _site_language_links(language: str) -> list[dict]:
    """Links to the same site in every other language.

    The public site keeps English at its root and each other language in a folder named
    by its code (``site/``, ``site/es/``), as ``.github/workflows/pages.yml`` builds it.
    """
    links = []
    for code, name in languages().items():
        if code == language:
            continue
        root = "" if language == DEFAULT_LANGUAGE else "../"
        folder = "" if code == DEFAULT_LANGUAGE else f"{code}/"
        links.append({"code": code, "name": name, "href": f"{root}{folder}index.html"})
    return links

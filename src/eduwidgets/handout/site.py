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

from eduwidgets.content import DEFAULT_LANGUAGE, current_language
from eduwidgets.errors import InputError
from eduwidgets.handout import offline
from eduwidgets.handout.page import Clinic, lesson_page_html, load_clinic
from eduwidgets.handout.pipeline import LessonHandout, build_lessons_async
from eduwidgets.handout.plan import plan_page_html
from eduwidgets.handout.run import run_coroutine
from eduwidgets.handout.switch import lesson_folders, site_switch_links
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
    outputs = [output_dir / path.with_suffix(".html").name for path in paths]
    outputs += [output_dir / name for name in ("index.html", "plan.html", offline.MANIFEST_NAME)]
    outputs.append(offline.site_root(output_dir, current_language()) / offline.WORKER_NAME)
    for path in outputs:
        check_writable(path, "-o")  # before any lesson runs
    if pdf:
        check_pdf_ready()
    on_done = _progress(len(paths)) if progress else None
    lessons = run_coroutine(build_lessons_async(paths, clinic_info, jobs=jobs, on_done=on_done))
    _warn(lessons)
    output_dir.mkdir(parents=True, exist_ok=True)
    language = current_language()
    twins = lesson_folders(notebooks_dir, language)
    # Every page rendered in this block is a site page (manifest, worker, their CSP).
    with offline.offline_site(offline.root_href(output_dir, language)):
        items = []
        for lesson in lessons:
            name = lesson.path.with_suffix(".html").name
            links = site_switch_links(language, name, twins)
            items.append((output_dir / name, site_lesson_html(lesson, clinic_info, links)))
        items.append((output_dir / "index.html", site_index_html(paths, clinic_info)))
        # The plan's page: the same for everyone; it makes the plan from its address's fragment.
        plan = plan_page_html(
            clinic_info,
            home_href="index.html",
            language_links=site_switch_links(language, "plan.html"),
            # The send dialog's address is the site's own; the plan prints itself.
            send={"site_root": "" if language == DEFAULT_LANGUAGE else "../", "print_href": ""},
        )
        items.append((output_dir / "plan.html", plan))
    write_outputs(items, pdf, paper, private=False)
    # Once every page is in place: the manifest, the icons, and the worker listing them all.
    return [path for path, _ in items] + offline.write_site_files(output_dir, language)


def site_lesson_html(
    lesson: LessonHandout,
    clinic: Clinic,
    language_links: list[dict] | None = None,
    home_href: str = "index.html",
) -> str:
    """A lesson as a page of the site (and of the clinic): it applies the patient's values
    from its address fragment itself and links back to the lesson list and to the same
    lesson in the other languages (``handout.switch``)."""
    return lesson_page_html(
        lesson.title, lesson.body_html, clinic, home_href, language_links=language_links
    )


def site_index_html(paths: list[Path], clinic: Clinic) -> str:
    """The site's landing page: the lesson list and patient form, as one file."""
    from eduwidgets.handout.landing import landing_html

    return landing_html(
        [read_lesson(path) for path in paths],
        lambda lesson: lesson.path.with_suffix(".html").name,
        "index.html",
        clinic_name=clinic.name,
        emergency_number=clinic.config.emergency_number if clinic.config else "",
        language_links=site_switch_links(current_language(), "index.html"),
        # The send dialog's address is the site's own: its root, seen from this page.
        send={
            "site_root": "" if current_language() == DEFAULT_LANGUAGE else "../",
            "print_href": "plan.html",
        },
        plan_href="plan.html",
    )

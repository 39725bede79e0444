"""The ``handout`` and ``plan`` commands: arguments in, files out, one clear line each."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from eduwidgets import handout
from eduwidgets.content import LANGUAGE_ENV, check_language, languages

__all__ = ["add_commands"]


def use_language(code: str | None) -> str:
    """Make ``code`` this process's language (pages here, kernels it starts); "en" if None.

    The language is a setting of the whole run, like the clinic config: every page and
    every lesson's kernel reads its words from the content of that language.
    """
    code = check_language(code or "en", "--lang")
    os.environ[LANGUAGE_ENV] = code
    return code


def lessons_folder(notebooks: str | None, language: str) -> str:
    """The lessons of a language: ``notebooks/<code>/`` beside the English ``notebooks/``."""
    if notebooks:
        return notebooks
    return "notebooks" if language == "en" else str(Path("notebooks") / language)


def _run_handout(args: argparse.Namespace) -> int:
    language = use_language(args.lang)
    try:
        if args.all:
            folder = lessons_folder(args.notebooks, language)
            paths = handout.build_all(
                args.output, folder, args.clinic, args.pdf, args.paper, args.jobs
            )
            print(f"wrote {len(paths)} files to {args.output}")
        else:
            path = handout.build_handout(
                args.notebook, args.output, args.clinic, args.pdf, args.paper
            )
            print(f"wrote {path}")
    except (handout.NotebookError, RuntimeError) as error:
        print(f"eduwidgets: {error}", file=sys.stderr)
        return 1
    except OSError as error:  # checked before the work; a disk can still fill up
        return _write_failed(error)
    return 0


def _write_failed(error: OSError) -> int:
    """One line, not a traceback, for a write that failed after the checks."""
    where = f" {error.filename}" if error.filename else ""
    print(f"eduwidgets: could not write{where}: {error.strerror or error}.", file=sys.stderr)
    return 1


def _run_plan(args: argparse.Namespace) -> int:
    if args.lang is None:
        from eduwidgets.patient.profile import load_profile

        args.lang = load_profile(args.profile).language  # the profile's, if it says
    use_language(args.lang)
    try:
        path = handout.build_plan(args.profile, args.output, args.clinic, args.pdf, args.paper)
    except RuntimeError as error:
        print(f"eduwidgets: {error}", file=sys.stderr)
        return 1
    except OSError as error:
        return _write_failed(error)
    print(f"wrote {path}")
    return 0


def _common_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--clinic", metavar="FILE", help="clinic config (TOML): name, phone, logo")
    parser.add_argument("--pdf", action="store_true", help="also write a PDF beside each file")
    parser.add_argument(
        "--paper",
        choices=sorted(handout.PAPER_SIZES),
        default="a4",
        help="PDF paper size (default a4)",
    )
    parser.add_argument(
        "--lang",
        metavar="CODE",
        default=None,
        help=f"language of the pages: {', '.join(f'{c} ({n})' for c, n in languages().items())}"
        " (default en; for plan, the profile's language)",
    )


def add_commands(commands: argparse._SubParsersAction) -> None:
    lesson_parser = commands.add_parser(
        "handout",
        help="a lesson as one HTML file that works offline",
        description="Run a lesson and save it as one HTML file that works offline, "
        "on a phone and on paper.",
    )
    lesson_parser.add_argument("notebook", nargs="?", help="the lesson notebook (.ipynb)")
    lesson_parser.add_argument("--all", action="store_true", help="every lesson, plus index.html")
    lesson_parser.add_argument(
        "-o", "--output", required=True, help="output .html file (a folder with --all)"
    )
    lesson_parser.add_argument(
        "--notebooks",
        default=None,
        help="folder of lessons for --all (default notebooks/, or notebooks/<lang>/)",
    )
    lesson_parser.add_argument("--jobs", type=int, default=None, help="lessons to run at once")
    _common_options(lesson_parser)

    def run_handout(args: argparse.Namespace) -> int:
        if bool(args.notebook) == bool(args.all):
            lesson_parser.error("give one notebook, or --all (not both)")
        if args.jobs is not None and args.jobs < 1:
            lesson_parser.error(
                f"--jobs {args.jobs} is not allowed: give a whole number of 1 or more"
            )
        return _run_handout(args)

    lesson_parser.set_defaults(run=run_handout)

    plan = commands.add_parser(
        "plan",
        help="a patient's personal plan as one HTML file",
        description="Make one patient's plan from a profile (see examples/profile.toml).",
    )
    plan.add_argument("profile", help="the patient's profile (.toml)")
    plan.add_argument("-o", "--output", required=True, help="output .html file")
    _common_options(plan)
    plan.set_defaults(run=_run_plan)

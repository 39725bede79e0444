"""The ``handout`` and ``plan`` commands: arguments in, files out, one clear line each."""

from __future__ import annotations

import argparse
import sys

from eduwidgets import handout


def _run_handout(args: argparse.Namespace) -> int:
    try:
        if args.all:
            paths = handout.build_all(
                args.output, args.notebooks, args.clinic, args.pdf, args.paper, args.jobs
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
    return 0


def _run_plan(args: argparse.Namespace) -> int:
    try:
        path = handout.build_plan(args.profile, args.output, args.clinic, args.pdf, args.paper)
    except RuntimeError as error:
        print(f"eduwidgets: {error}", file=sys.stderr)
        return 1
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
        "--notebooks", default="notebooks", help="folder of lessons for --all"
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

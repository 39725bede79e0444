"""The ``eduwidgets`` command: ``clinic`` (the clinic app), ``handout`` and ``plan``."""

from __future__ import annotations

import argparse
import sys

from eduwidgets.clinic import app as clinic_app
from eduwidgets.errors import InputError, MissingExtra, printable
from eduwidgets.handout import cli as handout_cli

__all__ = ["main"]


def _build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="eduwidgets", description="Back-pain education lessons: clinic app and handouts."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    clinic_app.add_commands(commands)
    handout_cli.add_commands(commands)
    return parser


# jsonschema (under nbformat, nbclient and Jupyter's event schemas) imports rfc3987_syntax
# when it is installed, to check the "iri" format; that module compiles some 35 Earley
# grammars as it is imported: about 1.3 s of CPU in every clinic start and handout build,
# for a format no notebook or Jupyter schema uses (python-jsonschema/jsonschema#1392;
# the lazy fork rfc3987-syntax2 of jsonschema PR #1521 imports in 0.15 s instead of 2.2 s).
# Marked absent, jsonschema leaves "iri" unchecked, as when the package is not installed.
_UNUSED_SLOW_IMPORTS = ("rfc3987_syntax",)


def main(argv: list[str] | None = None) -> int:
    for name in _UNUSED_SLOW_IMPORTS:
        sys.modules.setdefault(name, None)
    args = _build_parser().parse_args(argv)
    try:
        return args.run(args)
    except InputError as error:
        print(f"eduwidgets: {printable(str(error))}", file=sys.stderr)
        return 2
    except MissingExtra as error:  # an optional library (pyproject's extras) is missing
        print(f"eduwidgets: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())

"""The ``eduwidgets`` command. Each feature module adds its own subcommands."""

from __future__ import annotations

import argparse
import importlib
import sys

from eduwidgets.errors import InputError

# Modules that define add_commands(subparsers); each owns its subcommands.
COMMAND_MODULES = ("eduwidgets.clinic_app", "eduwidgets.handout")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="eduwidgets", description="Back-pain education lessons: clinic app and handouts."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as error:
            if error.name != name:
                raise
            continue
        module.add_commands(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except InputError as error:
        print(f"eduwidgets: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())

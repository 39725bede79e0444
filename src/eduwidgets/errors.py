"""Errors that speak to the person who made them: file, field, value, what is allowed."""

from __future__ import annotations

import importlib
import importlib.util
import unicodedata

__all__ = ["InputError", "MissingExtra", "has_extra", "import_extra", "printable"]


class InputError(ValueError):
    """Bad input from a person (a profile, a clinic config, a command-line value).

    The message alone must be enough to fix the problem. The command line prints
    it and exits with code 2.
    """

    def __init__(
        self,
        message: str,
        *,
        source: str | None = None,
        field: str | None = None,
        line: int | None = None,
    ):
        self.source = source
        self.field = field
        self.line = line
        where = ""
        if source:
            where = source + (f", line {line}" if line else "") + ": "
        super().__init__(where + message)


def printable(text: str) -> str:
    """``text`` safe to print on a terminal: control and invisible format characters
    (NUL, BEL, line breaks, escape sequences, right-to-left overrides) written as ``\\x07``-style
    escapes, so a value in a message can neither ring, erase nor reorder the line."""
    return "".join(
        char
        if unicodedata.category(char) not in ("Cc", "Cf", "Zl", "Zp")
        else f"\\x{ord(char):02x}"
        if ord(char) < 0x100
        else f"\\u{ord(char):04x}"
        for char in text
    )


class MissingExtra(RuntimeError):
    """A feature whose library is an optional extra (pyproject's
    ``[project.optional-dependencies]``) that is not installed. The command line prints
    the message, which names the extra to install, and exits with code 1."""


def has_extra(module: str) -> bool:
    """Whether ``module`` (the top of an optional library, e.g. ``"voila"``) is installed."""
    return importlib.util.find_spec(module) is not None


def import_extra(module: str, extra: str, purpose: str):
    """``module``, imported; or ``MissingExtra`` saying which extra installs it.

    ``purpose`` says what needs it, e.g. ``"--pdf"``. Only the missing library itself
    becomes the message: a broken install deeper down still shows its own error.
    """
    try:
        return importlib.import_module(module)
    except ModuleNotFoundError as error:
        if (error.name or "").split(".")[0] != module.split(".")[0]:
            raise
        raise MissingExtra(
            f"{purpose} needs {module.split('.')[0]}, which is not installed. Install it "
            f"with:  pip install 'eduwidgets[{extra}]'  (from a clone, 'python3 dev.py start' "
            "installs everything)."
        ) from None

"""Errors that speak to the person who made them: file, field, value, what is allowed."""

from __future__ import annotations

import unicodedata

__all__ = ["InputError", "printable"]


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

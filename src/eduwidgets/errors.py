"""Errors that speak to the person who made them: file, field, value, what is allowed."""

from __future__ import annotations

__all__ = ["InputError"]


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

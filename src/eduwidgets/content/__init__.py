"""Content that clinicians may edit lives in TOML files in ``eduwidgets/content/``.

This module only finds and parses those files, with errors that name the file
and the line; each widget module checks the fields it needs.
"""

from __future__ import annotations

import re
import tomllib
from functools import cache
from importlib import resources
from pathlib import Path

from eduwidgets.errors import InputError


def content_path(name: str) -> Path:
    return Path(str(resources.files("eduwidgets") / "content" / name))


def parse_toml(text: str, source: str) -> dict:
    """Parse TOML text; a syntax error becomes an InputError with the file and line."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        match = re.search(r"line (\d+)", str(error))
        raise InputError(
            f"this is not valid TOML ({error}).",
            source=source,
            line=int(match.group(1)) if match else None,
        ) from error


def load_toml_file(path: str | Path) -> dict:
    """Read and parse a TOML file given by a person; errors name the file."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError("the file does not exist.", source=str(path)) from None
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"the file cannot be read ({error}).", source=str(path)) from None
    return parse_toml(text, str(path))


@cache
def load_content(name: str) -> dict:
    """A packaged content file, parsed once per process."""
    return load_toml_file(content_path(name))

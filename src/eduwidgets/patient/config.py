"""The clinic config: a small TOML file with the clinic's name, phone number and logo.

Handouts and the clinic app print these on every page, and ``RedFlags`` tells the
reader whom to call. Every field is optional::

    name = "Riverside Physiotherapy"
    phone = "020 7946 0000"
    emergency_number = "999 or 112"
    logo = "riverside-logo.png"      # PNG, JPEG or SVG, at most 200 kB, next to this file
    website = "www.riverside-physio.example"

A kernel started by the handout builder or the clinic app finds the file through
the environment variable ``EDUWIDGETS_CLINIC_CONFIG`` (see ``current_clinic``), so
lesson notebooks need no code to pick it up. ``examples/clinic.toml`` is a
commented example.
"""

from __future__ import annotations

import base64
import difflib
import os
import re
from dataclasses import dataclass
from pathlib import Path

from eduwidgets.content import load_toml_file
from eduwidgets.errors import InputError

__all__ = [
    "CLINIC_CONFIG_ENV",
    "DEFAULT_EMERGENCY_NUMBER",
    "LOGO_MAX_BYTES",
    "ClinicConfig",
    "current_clinic",
    "load_clinic_config",
]

CLINIC_CONFIG_ENV = "EDUWIDGETS_CLINIC_CONFIG"

# Shown when the config does not say: correct in every country, unlike a number.
DEFAULT_EMERGENCY_NUMBER = "your local emergency number"

# The logo is embedded in every handout as a data: URL; keep handouts small.
LOGO_MAX_BYTES = 200_000
LOGO_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg"}
LOGO_TYPES[".svg"] = "image/svg+xml"

NAME_MAX_CHARS = 80
WEBSITE_MAX_CHARS = 200
PHONE_CHARS = re.compile(r"[0-9 +()\-.]+")
PHONE_LENGTH = (3, 30)
# An emergency number may name two numbers ("999 or 112"), so it also allows "or", "/" and ",".
EMERGENCY_CHARS = re.compile(r"[0-9 +()\-./,]+(?:\s+or\s+[0-9 +()\-./,]+)*")
EMERGENCY_LENGTH = (2, 40)
CONTROL_CHARS = re.compile(r"[\x00-\x1f\x7f]")

# What each field allows, in the words an error message uses.
ALLOWED = {
    "name": f"text of 1 to {NAME_MAX_CHARS} characters on one line",
    "phone": (
        f"text of {PHONE_LENGTH[0]} to {PHONE_LENGTH[1]} characters: digits, spaces "
        'and + ( ) - . only, like "020 7946 0000" or "+1 (555) 010-0199"'
    ),
    "emergency_number": (
        f"text of {EMERGENCY_LENGTH[0]} to {EMERGENCY_LENGTH[1]} characters: digits, "
        'spaces, + ( ) - . / , and the word "or", like "911" or "999 or 112"'
    ),
    "logo": (
        "the path of a PNG, JPEG or SVG file of at most "
        f"{LOGO_MAX_BYTES // 1000} kB (relative paths start at the config file's folder)"
    ),
    "website": (
        f"text of 3 to {WEBSITE_MAX_CHARS} characters with no spaces, like "
        '"www.example.org" (it is shown as text, never opened)'
    ),
}
# TOML key -> ClinicConfig attribute (the file says "logo"; the code holds a Path).
FILE_FIELDS = {
    "name": "name",
    "phone": "phone",
    "emergency_number": "emergency_number",
    "logo": "logo_path",
    "website": "website",
}


def _check_text(field: str, value: object, ok: bool) -> None:
    if not ok:
        raise ValueError(f"{field} = {value!r} is not allowed: it must be {ALLOWED[field]}.")


def check_name(value: str) -> str:
    """A clinic name, stripped; ValueError saying what is allowed otherwise."""
    text = value.strip() if isinstance(value, str) else value
    ok = isinstance(text, str) and 1 <= len(text) <= NAME_MAX_CHARS
    _check_text("name", value, ok and not CONTROL_CHARS.search(text))
    return text


def check_phone(value: str) -> str:
    """A phone number as people write it: digits, spaces and + ( ) - . only."""
    text = value.strip() if isinstance(value, str) else value
    ok = isinstance(text, str) and PHONE_LENGTH[0] <= len(text) <= PHONE_LENGTH[1]
    _check_text("phone", value, ok and bool(PHONE_CHARS.fullmatch(text)) and _has_digit(text))
    return text


def check_emergency_number(value: str) -> str:
    text = value.strip() if isinstance(value, str) else value
    if text == DEFAULT_EMERGENCY_NUMBER:
        return text
    ok = isinstance(text, str) and EMERGENCY_LENGTH[0] <= len(text) <= EMERGENCY_LENGTH[1]
    ok = ok and bool(EMERGENCY_CHARS.fullmatch(text)) and _has_digit(text)
    _check_text("emergency_number", value, ok)
    return text


def check_website(value: str) -> str:
    text = value.strip() if isinstance(value, str) else value
    ok = isinstance(text, str) and 3 <= len(text) <= WEBSITE_MAX_CHARS
    _check_text("website", value, ok and not re.search(r"[\s\x00-\x1f\x7f]", text))
    return text


def check_logo(path: Path) -> Path:
    """A logo file that exists, is small enough, and is really a PNG, JPEG or SVG."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in LOGO_TYPES:
        raise ValueError(
            f"logo = {str(path)!r} is not allowed: the file name must end in "
            f".png, .jpg, .jpeg or .svg; it must be {ALLOWED['logo']}."
        )
    if not path.is_file():
        raise ValueError(f"logo = {str(path)!r} is not allowed: there is no file at that path.")
    size = path.stat().st_size
    if size > LOGO_MAX_BYTES:
        raise ValueError(
            f"logo = {str(path)!r} is not allowed: the file is {size / 1000:.0f} kB; "
            f"it must be at most {LOGO_MAX_BYTES // 1000} kB. Save a smaller copy."
        )
    head = path.read_bytes()[:1024]
    looks_right = {
        "image/png": head.startswith(b"\x89PNG\r\n\x1a\n"),
        "image/jpeg": head.startswith(b"\xff\xd8\xff"),
        "image/svg+xml": b"<svg" in head.lower() or b"<?xml" in head.lower(),
    }[LOGO_TYPES[suffix]]
    if not looks_right:
        raise ValueError(
            f"logo = {str(path)!r} is not allowed: the file does not hold a "
            f"{suffix[1:].upper()} image; it must be {ALLOWED['logo']}."
        )
    return path


def _has_digit(text: str) -> bool:
    return any(character.isdigit() for character in text)


@dataclass(frozen=True)
class ClinicConfig:
    """Who the reader should call, and how the clinic signs its handouts.

    Parameters
    ----------
    name : str, optional
        The clinic's name, shown on handouts and in the warning signs.
    phone : str, optional
        The clinic's phone number (digits, spaces and + ( ) - . only).
    logo_path : Path, optional
        A PNG, JPEG or SVG file of at most 200 kB; handouts embed it as a data: URL.
    emergency_number : str
        What to call in an emergency, such as "999 or 112" or "911". By default
        "your local emergency number", which is right in every country.
    website : str, optional
        Shown as text only; nothing ever opens or fetches it.
    """

    name: str | None = None
    phone: str | None = None
    logo_path: Path | None = None
    emergency_number: str = DEFAULT_EMERGENCY_NUMBER
    website: str | None = None

    def __post_init__(self) -> None:
        # Frozen dataclass: object.__setattr__ stores the cleaned (stripped) values.
        checks = {
            "name": check_name,
            "phone": check_phone,
            "website": check_website,
            "logo_path": check_logo,
        }
        for attribute, check in checks.items():
            value = getattr(self, attribute)
            if value is not None:
                object.__setattr__(self, attribute, check(value))
        object.__setattr__(self, "emergency_number", check_emergency_number(self.emergency_number))

    def logo_mime_type(self) -> str | None:
        return LOGO_TYPES[self.logo_path.suffix.lower()] if self.logo_path else None

    def logo_data_url(self) -> str | None:
        """The logo as a data: URL, for an <img> in a page that may not fetch anything."""
        if self.logo_path is None:
            return None
        encoded = base64.b64encode(self.logo_path.read_bytes()).decode("ascii")
        return f"data:{self.logo_mime_type()};base64,{encoded}"


def _line_of(text: str, key: str) -> int | None:
    """The line where a top-level key is set (`key = ...` or `[key]`), for error messages."""
    quoted = rf"[\"']?{re.escape(key)}[\"']?"
    pattern = re.compile(rf"^\s*(?:{quoted}\s*[=.]|\[+\s*{quoted}\s*[\].])")
    for number, line in enumerate(text.splitlines(), start=1):
        if pattern.match(line):
            return number
    return None


def _type_name(value: object) -> str:
    names = {bool: "true/false", int: "a whole number", float: "a number", list: "a list"}
    if isinstance(value, dict):
        return "a table"
    return names.get(type(value), type(value).__name__)


def load_clinic_config(path: str | Path) -> ClinicConfig:
    """Read and check a clinic config file.

    Raises
    ------
    eduwidgets.errors.InputError
        For broken TOML, an unknown field, a wrong type or a value out of range;
        the message names the file, the field, its line and what is allowed.
    """
    path = Path(path)
    data = load_toml_file(path)  # InputError for a missing file or broken TOML
    text = path.read_text(encoding="utf-8")
    values: dict[str, object] = {}
    for key, value in data.items():
        line = _line_of(text, key)
        if key not in FILE_FIELDS:
            close = difflib.get_close_matches(key, FILE_FIELDS, n=1)
            hint = f' Did you mean "{close[0]}"?' if close else ""
            raise InputError(
                f'unknown field "{key}".{hint} Allowed fields: {", ".join(FILE_FIELDS)}.',
                source=str(path),
                field=key,
                line=line,
            )
        if not isinstance(value, str):
            raise InputError(
                f'field "{key}" must be text in double quotes, like {key} = "...", '
                f"but it is {_type_name(value)} ({value!r}). It must be {ALLOWED[key]}.",
                source=str(path),
                field=key,
                line=line,
            )
        if key == "logo":
            logo = Path(value).expanduser()
            value = logo if logo.is_absolute() else path.parent / logo
        values[FILE_FIELDS[key]] = value
    try:
        return ClinicConfig(**values)
    except ValueError as error:
        # Find which field failed: the message starts with its attribute name.
        message = str(error)
        key = next(
            (k for k, a in FILE_FIELDS.items() if message.startswith((f"{k} =", f"{a} ="))),
            None,
        )
        raise InputError(
            message,
            source=str(path),
            field=key,
            line=_line_of(text, key) if key else None,
        ) from None


def current_clinic() -> ClinicConfig | None:
    """The clinic config named by ``EDUWIDGETS_CLINIC_CONFIG``, or None when it is not set.

    The handout builder and the clinic app set this variable for the kernels they
    start, so widgets in a lesson show the clinic's phone number with no code.
    A variable that names a bad file raises ``InputError``: a handout must not go
    out quietly without the clinic's number.
    """
    path = os.environ.get(CLINIC_CONFIG_ENV, "").strip()
    return load_clinic_config(path) if path else None

"""The clinic config: a small TOML file with the clinic's name, phone number and logo.

Handouts and the clinic app print these on every page, and ``RedFlags`` tells the
reader whom to call. Every field is optional::

    name = "Riverside Physiotherapy"
    phone = "020 7946 0000"
    emergency_number = "999 or 112"
    logo = "riverside-logo.png"      # PNG, JPEG or SVG, at most 200 kB, next to this file
    website = "www.riverside-physio.example"
    public_url = "https://riverside-physio.example/lessons"   # the public lesson site

A kernel started by the handout builder or the clinic app finds the file through
the environment variable ``EDUWIDGETS_CLINIC_CONFIG`` (see ``current_clinic``), so
lesson notebooks need no code to pick it up. ``examples/clinic.toml`` is a
commented example.
"""

from __future__ import annotations

import base64
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    ValidationInfo,
    field_validator,
)

from eduwidgets.content import not_allowed, validate_toml_file, value_error

__all__ = [
    "CLINIC_CONFIG_ENV",
    "LOGO_MAX_BYTES",
    "PUBLIC_URL_MAX_CHARS",
    "ClinicConfig",
    "check_field",
    "current_clinic",
    "load_clinic_config",
]

CLINIC_CONFIG_ENV = "EDUWIDGETS_CLINIC_CONFIG"

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
# Files (and widget arguments) written before the number was "" when not set held the
# English words a page showed instead. They still load, and still mean "not set".
UNSET_EMERGENCY_NUMBER_BEFORE = "your local emergency number"
CONTROL_CHARS = re.compile(r"[\x00-\x1f\x7f]")
# The public site's address, which the send dialog puts in the QR code a phone opens:
# https (a phone on any network), or plain http only on this computer, for testing.
# No query or fragment: the page adds "plan.html#" and the patient's values itself.
PUBLIC_URL_MAX_CHARS = 200
PUBLIC_URL = re.compile(
    r"(?:https://[A-Za-z0-9.-]+\.[A-Za-z0-9-]+|http://(?:localhost|127\.0\.0\.1))"
    r"(?::[0-9]{1,5})?(?:/[A-Za-z0-9._~%!$&'()*+,;=:@/-]*)?"
)

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
    "public_url": (
        f"the public lesson site's address, up to {PUBLIC_URL_MAX_CHARS} characters, "
        'starting with https:// (like "https://clinic.example.org/lessons"), or '
        "http://localhost or http://127.0.0.1 for testing on this computer; "
        "no spaces, no ? and no #"
    ),
}


def _has_digit(text: str) -> bool:
    return any(character.isdigit() for character in text)


def _text_rule(field: str, ok: Callable[[str], bool]):
    """Text, stripped, that ``ok`` accepts; the message says what ``ALLOWED[field]`` allows."""

    def check(text: str) -> str:
        if not ok(text):
            raise not_allowed("not allowed")
        return text

    return Annotated[
        str,
        StringConstraints(strip_whitespace=True),
        AfterValidator(check),
        Field(description=ALLOWED[field]),
    ]


def _emergency_number(text: str) -> str:
    """The number, or "" when not set (pages then say "your local emergency number" in
    the reader's language: ``content.red_flags.emergency_words``)."""
    if text in ("", UNSET_EMERGENCY_NUMBER_BEFORE):
        return ""
    ok = EMERGENCY_LENGTH[0] <= len(text) <= EMERGENCY_LENGTH[1]
    if not (ok and EMERGENCY_CHARS.fullmatch(text) and _has_digit(text)):
        raise not_allowed("not allowed")
    return text


ClinicName = _text_rule(
    "name", lambda t: 1 <= len(t) <= NAME_MAX_CHARS and not CONTROL_CHARS.search(t)
)
Phone = _text_rule(
    "phone",
    lambda t: (
        PHONE_LENGTH[0] <= len(t) <= PHONE_LENGTH[1]
        and bool(PHONE_CHARS.fullmatch(t))
        and _has_digit(t)
    ),
)
EmergencyNumber = Annotated[
    str,
    StringConstraints(strip_whitespace=True),
    AfterValidator(_emergency_number),
    Field(description=ALLOWED["emergency_number"]),
]
Website = _text_rule(
    "website", lambda t: 3 <= len(t) <= WEBSITE_MAX_CHARS and not re.search(r"[\s\x00-\x1f\x7f]", t)
)
Logo = Annotated[str, Field(description=ALLOWED["logo"])]
PublicUrl = _text_rule(
    "public_url",
    lambda t: len(t) <= PUBLIC_URL_MAX_CHARS and bool(PUBLIC_URL.fullmatch(t)),
)


def logo_problem(path: Path) -> str | None:
    """Why a logo file cannot be used, or None when it is a small PNG, JPEG or SVG."""
    suffix = path.suffix.lower()
    if suffix not in LOGO_TYPES:
        return "not allowed: the file name must end in .png, .jpg, .jpeg or .svg"
    if not path.is_file():
        return "not allowed: there is no file at that path"
    size = path.stat().st_size
    if size > LOGO_MAX_BYTES:
        return (
            f"not allowed: the file is {size / 1000:.0f} kB; it must be at most "
            f"{LOGO_MAX_BYTES // 1000} kB. Save a smaller copy"
        )
    head = path.read_bytes()[:1024]
    looks_right = {
        "image/png": head.startswith(b"\x89PNG\r\n\x1a\n"),
        "image/jpeg": head.startswith(b"\xff\xd8\xff"),
        "image/svg+xml": b"<svg" in head.lower() or b"<?xml" in head.lower(),
    }[LOGO_TYPES[suffix]]
    return (
        None if looks_right else f"not allowed: the file does not hold a {suffix[1:].upper()} image"
    )


class ClinicFields(BaseModel):
    """The clinic config file's fields and their rules (every field optional)."""

    model_config = ConfigDict(extra="forbid", strict=True)

    name: ClinicName | None = None
    phone: Phone | None = None
    emergency_number: EmergencyNumber = ""  # "" = not set
    logo: Logo | None = None
    website: Website | None = None
    public_url: PublicUrl | None = None

    @field_validator("public_url")
    @classmethod
    def _no_end_slash(cls, value: str | None) -> str | None:
        """One spelling of the address: the page adds "/plan.html" itself."""
        return None if value is None else value.rstrip("/")

    @field_validator("logo")
    @classmethod
    def _logo_file(cls, value: str | None, info: ValidationInfo) -> str | None:
        """A relative path starts at the config file's folder (``context["folder"]``)."""
        if value is None:
            return None
        path = Path(value).expanduser()
        if not path.is_absolute() and info.context and "folder" in info.context:
            path = Path(info.context["folder"]) / path
        problem = logo_problem(path)
        if problem:
            raise not_allowed(problem)
        return str(path)


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
        What to call in an emergency, such as "999 or 112" or "911". By default ""
        (not set): pages then say "your local emergency number" in the reader's
        language, which is right in every country.
    website : str, optional
        Shown as text only; nothing ever opens or fetches it.
    public_url : str, optional
        The public lesson site's address (``eduwidgets handout --all`` put on the web),
        https://, or http://localhost or http://127.0.0.1 for testing. The clinic's
        "send to phone" dialog makes its QR code for ``<public_url>/plan.html#...``;
        without it, the dialog says how to set it. Stored without a final "/".
    """

    name: str | None = None
    phone: str | None = None
    logo_path: Path | None = None
    emergency_number: str = ""
    website: str | None = None
    public_url: str | None = None

    def __post_init__(self) -> None:
        values = {
            "name": self.name,
            "phone": self.phone,
            "emergency_number": self.emergency_number,
            "logo": None if self.logo_path is None else str(self.logo_path),
            "website": self.website,
            "public_url": self.public_url,
        }
        try:
            checked = ClinicFields.model_validate(
                {key: value for key, value in values.items() if value is not None}
            )
        except ValidationError as error:
            raise value_error(error, ClinicFields) from None
        # Frozen dataclass: object.__setattr__ stores the cleaned (stripped) values.
        for key in ("name", "phone", "emergency_number", "website", "public_url"):
            object.__setattr__(self, key, getattr(checked, key))

    def logo_mime_type(self) -> str | None:
        return LOGO_TYPES[self.logo_path.suffix.lower()] if self.logo_path else None

    def logo_data_url(self) -> str | None:
        """The logo as a data: URL, for an <img> in a page that may not fetch anything."""
        if self.logo_path is None:
            return None
        encoded = base64.b64encode(self.logo_path.read_bytes()).decode("ascii")
        return f"data:{self.logo_mime_type()};base64,{encoded}"


def load_clinic_config(path: str | Path) -> ClinicConfig:
    """Read and check a clinic config file.

    Raises
    ------
    eduwidgets.errors.InputError
        For broken TOML, an unknown field, a wrong type or a value out of range;
        the message names the file, the line, the field, the value and what is allowed.
    """
    path = Path(path)
    checked = validate_toml_file(ClinicFields, path, context={"folder": path.parent})
    return ClinicConfig(
        name=checked.name,
        phone=checked.phone,
        logo_path=None if checked.logo is None else Path(checked.logo),
        emergency_number=checked.emergency_number,
        website=checked.website,
        public_url=checked.public_url,
    )


def check_field(field: str, value: str) -> str:
    """One clinic field checked by the file's rules (for widget arguments); ValueError if bad."""
    try:
        return getattr(ClinicFields.model_validate({field: value}), field)
    except ValidationError as error:
        raise value_error(error, ClinicFields) from None


def current_clinic() -> ClinicConfig | None:
    """The clinic config named by ``EDUWIDGETS_CLINIC_CONFIG``, or None when it is not set.

    The handout builder and the clinic app set this variable for the kernels they
    start, so widgets in a lesson show the clinic's phone number with no code.
    A variable that names a bad file raises ``InputError``: a handout must not go
    out quietly without the clinic's number.
    """
    path = os.environ.get(CLINIC_CONFIG_ENV, "").strip()
    return load_clinic_config(path) if path else None

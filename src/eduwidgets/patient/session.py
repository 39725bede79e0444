"""Who is this lesson for? The patient's values, as the form and lesson addresses carry them.

The clinic's landing page form writes the patient's values into the URL fragment of
every lesson address (``/lessons/01-extensors#extensors_strength=3&...``). Browsers
never send a fragment to a server: the lesson page reads it and applies it itself
(``widgets/patient.js``), with the rules this module and ``eduwidgets.patient.profile`` export
(``page_fields``, ``profile.page_rules``). The field names are the
``PATIENT_FIELDS`` below, on the clinician's scales of ``eduwidgets.patient.profile``.

In Python, ``patient_from_query`` checks the same fields with ``PatientFields``
(``patient/fields.py``: the very rules a profile file is checked with) and the page's
messages, in the page's language (the "save as a profile file" download, and tests that
hold the page to it; ``content/pages.toml`` [checks] holds the words), and
``current_patient`` gives widgets the profile named by ``EDUWIDGETS_PROFILE`` (set by
``eduwidgets handout --profile`` for the notebook's kernel), or None.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from urllib.parse import unquote_to_bytes

from pydantic import ValidationError

from eduwidgets.content import DEFAULT_LANGUAGE
from eduwidgets.errors import InputError
from eduwidgets.model import Body, Muscles
from eduwidgets.patient.fields import (
    FIRST_NAME_ONE_LINE,
    FIRST_NAME_VISIBLE,
    SHOWN_MAX_CHARS,
    PatientFields,
    allowed_words,
    check_words,
    escaped_char,
    one_line_allowed,
    trimmed,
    visible_allowed,
)
from eduwidgets.patient.profile import (
    BRACING_GROUPS,
    PROFILE_ENV,
    STRENGTH_GROUPS,
    Profile,
    load_profile,
)

__all__ = [
    "PATIENT_FIELDS",
    "current_patient",
    "page_fields",
    "page_patient",
    "patient_from_query",
    "patient_query",
]

QUERY_SOURCE = check_words(DEFAULT_LANGUAGE)["where"]


# Address-fragment field -> (profile part, muscle group or body field). One flat name per
# rating, so the landing page form and the lesson address carry the same fields.
PATIENT_FIELDS = {
    "first_name": ("first_name", None),
    "extensors_strength": ("strength", "extensors"),
    "obliques_strength": ("strength", "obliques"),
    "obliques_bracing": ("bracing", "obliques"),
    "abdominals_strength": ("strength", "abdominals"),
    "abdominals_bracing": ("bracing", "abdominals"),
    "hip_flexors_length": ("length", "hip_flexors"),
    "mass_kg": ("body", "mass_kg"),
    "height_m": ("body", "height_m"),
}
assert tuple(PATIENT_FIELDS) == tuple(PatientFields.model_fields)
# Fields that are about the page, not the patient (kept out of the patient check).
PAGE_FIELDS = ("large",)
DECIMAL = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


@dataclass(frozen=True)
class Patient:
    """One patient's values for the lessons: muscles and body for the model, and a name."""

    muscles: Muscles
    body: Body
    first_name: str | None = None
    profile: Profile | None = None
    source: str = ""


def patient_from_profile(profile: Profile) -> Patient:
    return Patient(
        muscles=profile.muscles(),
        body=profile.body(),
        first_name=profile.first_name,
        profile=profile,
        source=profile.source,
    )


def unknown_field_allowed(language: str = DEFAULT_LANGUAGE) -> str:
    return check_words(language)["unknown"].format(fields=", ".join(PATIENT_FIELDS))


def page_fields(language: str = DEFAULT_LANGUAGE) -> dict:
    """The patient fields for the browser: each one's kind and what it allows (as JSON),
    and the message's words, in the page's language."""
    kinds = {"first_name": "text", "strength": "oxford", "bracing": "choice", "length": "choice"}
    words = check_words(language)
    return {
        "source": words["where"],
        "message": words["message"],
        "names": {field: field_name(field, language) for field in PATIENT_FIELDS},
        "page_fields": list(PAGE_FIELDS),
        "unknown_allowed": unknown_field_allowed(language),
        "one_line_allowed": one_line_allowed(language),
        "visible_allowed": visible_allowed(language),
        "utf8_allowed": words["utf8"],
        "cut": words["cut"],
        "fields": {
            field: {"kind": kinds.get(part, "number"), "allowed": allowed_words(field, language)}
            for field, (part, _) in PATIENT_FIELDS.items()
        },
    }


# A rule's own "allowed" words (English, in the profile file's messages) -> the same
# words in a page's language.
LANGUAGE_ALLOWED = {FIRST_NAME_ONE_LINE: one_line_allowed, FIRST_NAME_VISIBLE: visible_allowed}


def _allowed(problem: dict, language: str) -> str:
    """What the refused field allows, in the page's language (``_first_problem``'s problem)."""
    if problem["type"] == "extra_forbidden":
        return unknown_field_allowed(language)
    refusal = getattr((problem.get("ctx") or {}).get("error"), "allowed", None)
    if refusal in LANGUAGE_ALLOWED:
        return LANGUAGE_ALLOWED[refusal](language)
    return refusal or allowed_words(problem["loc"][0], language)


def not_allowed_message(field: str, shown: str, allowed: str, language: str) -> str:
    """The check's message without its source: "<field> = <value> is not allowed; ..."."""
    words = check_words(language)
    return words["message"].format(
        field=field_name(field, language), value=shown_value(shown, language), allowed=allowed
    )


def field_name(field: str, language: str = DEFAULT_LANGUAGE) -> str:
    """How a message names a field: its words with the address's name in brackets
    ("Peso (mass_kg)"), or the address's name alone where those are its words (English).
    A name that is no field is shown as a value is, unquoted: short and safe."""
    if field not in PATIENT_FIELDS:
        return shown_value(field, language, quoted=False)
    name = check_words(language)["field_names"][field]
    return field if name == field else f"{name} ({field})"


def _escaped(text: str, quote: str = "") -> str:
    """Text with backslashes, the quote and every invisible or control character escaped
    as Python writes them (\\t, \\x85, \\u202e): what a message shows is what is there."""
    out = []
    for ch in text:
        if ch in ("\\", quote):
            out.append("\\" + ch)
        elif ch in "\t\n\r":
            out.append({"\t": "\\t", "\n": "\\n", "\r": "\\r"}[ch])
        elif escaped_char(ch):
            code = ord(ch)
            width = "x02" if code < 0x100 else "u04" if code < 0x10000 else "U08"
            out.append(f"\\{width[0]}{code:{width[1:]}x}")
        else:
            out.append(ch)
    return "".join(out)


def shown_value(text: str, language: str = DEFAULT_LANGUAGE, quoted: bool = True) -> str:
    """A value as a message shows it: its first ``SHOWN_MAX_CHARS`` characters, quoted as
    Python's repr() quotes ('Ann', "it's"), escaped, and the length of a longer one."""
    start = text[:SHOWN_MAX_CHARS]
    quote = ('"' if "'" in start and '"' not in start else "'") if quoted else ""
    shown = quote + _escaped(start, quote) + quote
    if len(text) <= SHOWN_MAX_CHARS:
        return shown
    return check_words(language)["cut"].format(start=shown, count=len(text))


def _typed(field: str, value: str) -> object:
    """A fragment's text as the value the rules check, read as the page reads it.

    A grade is plain digits ("03" is 3), a body size a plain decimal number (no "inf",
    "1_0" or hex); anything else stays text, which those rules refuse.
    """
    part = PATIENT_FIELDS.get(field, ("", None))[0]
    if part == "strength" and value.isascii() and value.isdigit():
        return int(value)
    if part == "body" and DECIMAL.fullmatch(value):
        return float(value)
    return value


def _decoded(raw: str) -> str | None:
    """A fragment's key or value as text ("+" a space, "%C3%A9" é), or None when its bytes
    are not UTF-8 ("%E9" alone). A "%" that starts no escape stays as written."""
    try:
        return unquote_to_bytes(raw.replace("+", " ")).decode("utf-8")
    except UnicodeError:
        return None


def _query_pairs(query: str | dict) -> list[tuple[str, str, str | None, str | None]]:
    """(key as written, value as written, key, value) for each field of a fragment, split
    as the page's ``EduWidgets.fragmentPairs`` splits it (as ``URLSearchParams`` does, but never
    turning bytes that are not UTF-8 into replacement characters); a dict is decoded."""
    if not isinstance(query, str):
        return [(key, value, key, value) for key, value in query.items()]
    pairs = []
    for part in query.removeprefix("#").removeprefix("?").split("&"):
        if part:
            key, _, value = part.partition("=")
            pairs.append((key, value, _decoded(key), _decoded(value)))
    return pairs


def _first_problem(error: ValidationError, order: list[str]) -> dict:
    """The problem the page reports first: an unknown field, the name, then address order."""
    problems = error.errors(include_url=False)

    def rank(problem: dict) -> tuple[int, int]:
        field = problem["loc"][0]
        unknown = problem["type"] == "extra_forbidden"
        return (0 if unknown else 1 if field == "first_name" else 2, order.index(field))

    return min(problems, key=rank)


def patient_from_query(query: str | dict, language: str = DEFAULT_LANGUAGE) -> Patient | None:
    """The patient described by a lesson's query string, or None when it names none.

    Empty values mean "not rated" (typical). Unknown fields that are not page
    settings are refused, so a typo in an address cannot pass silently.
    Raises ``InputError`` naming the field, the value and what is allowed, in
    ``language`` (the page's: the page's own check says the same).
    """
    shown: dict[str, str] = {}
    values: dict[str, object] = {}
    for raw_key, raw_value, key, text in _query_pairs(query):
        if key in PAGE_FIELDS:
            continue
        if key not in PATIENT_FIELDS:
            unknown = unknown_field_allowed(language)
            _refuse(key or raw_key, raw_value if text is None else text, unknown, language)
        if text is None:
            _refuse(key, raw_value, check_words(language)["utf8"], language)
        value = trimmed(text)
        if value:  # blank: not rated
            shown[key] = value
            values[key] = _typed(key, value)
    if not values:
        return None
    try:
        fields = PatientFields.model_validate(values)
    except ValidationError as error:
        problem = _first_problem(error, list(values))
        field = problem["loc"][0]
        _refuse(field, shown[field], _allowed(problem, language), language)
    return patient_from_profile(_profile_of(fields))


def _refuse(field: str, shown: str, allowed: str, language: str):
    """Raise the check's message: the field, the value as it was given, what is allowed."""
    raise InputError(
        not_allowed_message(field, shown, allowed, language),
        source=check_words(language)["where"],
        field=field,
    ) from None


def _profile_of(fields: PatientFields) -> Profile:
    return Profile(
        source=QUERY_SOURCE,
        first_name=fields.first_name,
        strength={group: getattr(fields, f"{group}_strength") for group in STRENGTH_GROUPS},
        bracing={group: getattr(fields, f"{group}_bracing") or "none" for group in BRACING_GROUPS},
        hip_flexor_length=fields.hip_flexors_length,
        mass_kg=fields.mass_kg,
        height_m=fields.height_m,
    )


def patient_query(profile: Profile) -> dict[str, str]:
    """The query fields that describe a profile (the inverse of ``patient_from_query``)."""
    fields: dict[str, str] = {}
    if profile.first_name:
        fields["first_name"] = profile.first_name
    for group in STRENGTH_GROUPS:
        if profile.strength.get(group) is not None:
            fields[f"{group}_strength"] = str(profile.strength[group])
    for group in BRACING_GROUPS:
        if profile.bracing.get(group, "none") != "none":
            fields[f"{group}_bracing"] = profile.bracing[group]
    if profile.hip_flexor_length:
        fields["hip_flexors_length"] = profile.hip_flexor_length
    for name in ("mass_kg", "height_m"):
        if getattr(profile, name) is not None:
            fields[name] = f"{getattr(profile, name):g}"
    return fields


def page_patient(profile: Profile) -> dict:
    """A profile as the page's patient object (``EduWidgets.patientFromFragment``'s
    ``patient``): the name, the ratings as the fragment carries them, the model inputs,
    the chosen exercises with the doses the clinician changed, the note and the language.
    ``eduwidgets plan`` bakes it into the plan's page as JSON."""
    from dataclasses import asdict

    ratings: dict[str, object] = {}
    for field, value in patient_query(profile).items():
        if field == "first_name":
            continue
        ratings[field] = float(value) if PATIENT_FIELDS[field][0] == "body" else value
    return {
        "first_name": profile.first_name,
        "ratings": ratings,
        "muscles": asdict(profile.muscles()),
        "body": asdict(profile.body()),
        "exercises": [{"id": choice.id, **choice.dose()} for choice in profile.exercises],
        "note": profile.note or "",
        "language": profile.language or DEFAULT_LANGUAGE,
    }


def current_patient() -> Patient | None:
    """The patient of the ``EDUWIDGETS_PROFILE`` file, or None when none is set.

    A clinic lesson page is rendered once with typical values and applies the patient's
    values in the browser, so no kernel ever sees them; only a handout made with
    ``--profile`` starts its widgets from a patient here.
    """
    path = os.environ.get(PROFILE_ENV, "").strip()
    return patient_from_profile(load_profile(path)) if path else None

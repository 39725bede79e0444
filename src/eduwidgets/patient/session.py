"""Who is this lesson for? The patient's values, as the form and lesson addresses carry them.

The clinic's landing page form writes the patient's values into the URL fragment of
every lesson address (``/lessons/01-extensors#extensors_strength=3&...``). Browsers
never send a fragment to a server: the lesson page reads it and applies it itself
(``widgets/patient.js``), with the rules this module and ``eduwidgets.patient.profile`` export
(``client_fields``, ``profile.client_rules``). The field names are the
``PATIENT_FIELDS`` below, on the clinician's scales of ``eduwidgets.patient.profile``.

In Python, ``patient_from_query`` checks the same fields with the same messages (the
"save as a profile file" download, and tests that hold the page to it), and
``current_patient`` gives widgets the profile named by ``EDUWIDGETS_PROFILE`` (set by
``eduwidgets handout --profile`` for the notebook's kernel), or None.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from urllib.parse import parse_qsl

from eduwidgets.errors import InputError
from eduwidgets.model import BODY_RANGES, Body, Muscles
from eduwidgets.patient.profile import (
    BRACING_GROUPS,
    BRACING_SCALE,
    FIRST_NAME_MAX_CHARS,
    HIP_FLEXOR_LENGTH_SCALE,
    OXFORD_SCALE,
    PROFILE_ENV,
    STRENGTH_GROUPS,
    Profile,
    load_profile,
)

__all__ = [
    "PATIENT_FIELDS",
    "Patient",
    "client_fields",
    "current_patient",
    "patient_from_query",
    "patient_query",
]

QUERY_SOURCE = "the patient form"

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


def allowed_text(field: str) -> str:
    """What a patient field allows, in the words of its error message."""
    part, name = PATIENT_FIELDS[field]
    if part == "first_name":
        return f"1 to {FIRST_NAME_MAX_CHARS} characters"
    if part == "strength":
        return "a whole Oxford (MRC) grade: " + ", ".join(str(g) for g in sorted(OXFORD_SCALE))
    if part in ("bracing", "length"):
        scale = BRACING_SCALE if part == "bracing" else HIP_FLEXOR_LENGTH_SCALE
        return "one of " + ", ".join(f'"{c}"' for c in scale)
    low, high = BODY_RANGES[name]
    return f"a number from {low:g} to {high:g} {name.rsplit('_', 1)[1]}"


UNKNOWN_FIELD_ALLOWED = f"one of the fields {', '.join(PATIENT_FIELDS)}"
FIRST_NAME_ONE_LINE = "printable text on one line"


def client_fields() -> dict:
    """The patient fields for the browser: each one's kind and what it allows (as JSON)."""
    kinds = {"first_name": "text", "strength": "oxford", "bracing": "choice", "length": "choice"}
    return {
        "source": QUERY_SOURCE,
        "page_fields": list(PAGE_FIELDS),
        "unknown_allowed": UNKNOWN_FIELD_ALLOWED,
        "one_line_allowed": FIRST_NAME_ONE_LINE,
        "fields": {
            field: {"kind": kinds.get(part, "number"), "allowed": allowed_text(field)}
            for field, (part, _) in PATIENT_FIELDS.items()
        },
    }


def _fail(field: str, value: str, allowed: str) -> None:
    raise InputError(
        f"{field} = {value!r} is not allowed; allowed: {allowed}.",
        source=QUERY_SOURCE,
        field=field,
    )


def patient_from_query(query: str | dict) -> Patient | None:
    """The patient described by a lesson's query string, or None when it names none.

    Empty values mean "not rated" (typical). Unknown fields that are not page
    settings are refused, so a typo in an address cannot pass silently.
    Raises ``InputError`` naming the field, the value and what is allowed.
    """
    if isinstance(query, str):
        pairs = parse_qsl(query.lstrip("?"), keep_blank_values=True)
    else:
        pairs = list(query.items())
    values: dict[str, str] = {}
    for key, value in pairs:
        if key in PAGE_FIELDS:
            continue
        if key not in PATIENT_FIELDS:
            _fail(key, value, UNKNOWN_FIELD_ALLOWED)
        value = value.strip()
        if value:
            values[key] = value
    if not values:
        return None

    first_name = values.get("first_name")
    if first_name is not None:
        if len(first_name) > FIRST_NAME_MAX_CHARS:
            _fail("first_name", first_name, allowed_text("first_name"))
        if any(ord(ch) < 32 or ord(ch) == 127 for ch in first_name):
            _fail("first_name", first_name, FIRST_NAME_ONE_LINE)

    strength: dict[str, int | None] = dict.fromkeys(STRENGTH_GROUPS)
    bracing = dict.fromkeys(BRACING_GROUPS, "none")
    hip_flexor_length = None
    sizes: dict[str, float] = {}
    for key, value in values.items():
        part, name = PATIENT_FIELDS[key]
        if part == "strength":
            if not (value.isascii() and value.isdigit()) or int(value) not in OXFORD_SCALE:
                _fail(key, value, allowed_text(key))
            strength[name] = int(value)
        elif part in ("bracing", "length"):
            scale = BRACING_SCALE if part == "bracing" else HIP_FLEXOR_LENGTH_SCALE
            normalised = " ".join(value.lower().replace("-", " ").split())
            if normalised not in scale:
                _fail(key, value, allowed_text(key))
            if part == "bracing":
                bracing[name] = normalised
            else:
                hip_flexor_length = normalised
        elif part == "body":
            low, high = BODY_RANGES[name]
            # A plain decimal number only (no "inf", "1_0" or hex), as the page checks it.
            number = float(value) if DECIMAL.fullmatch(value) else float("nan")
            if not low <= number <= high:  # NaN fails too
                _fail(key, value, allowed_text(key))
            sizes[name] = number
    profile = Profile(
        source=QUERY_SOURCE,
        first_name=first_name,
        strength=strength,
        bracing=bracing,
        hip_flexor_length=hip_flexor_length,
        mass_kg=sizes.get("mass_kg"),
        height_m=sizes.get("height_m"),
    )
    return patient_from_profile(profile)


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


def current_patient() -> Patient | None:
    """The patient of the ``EDUWIDGETS_PROFILE`` file, or None when none is set.

    A clinic lesson page is rendered once with typical values and applies the patient's
    values in the browser, so no kernel ever sees them; only a handout made with
    ``--profile`` starts its widgets from a patient here.
    """
    path = os.environ.get(PROFILE_ENV, "").strip()
    return patient_from_profile(load_profile(path)) if path else None

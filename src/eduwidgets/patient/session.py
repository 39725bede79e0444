"""Who is this lesson for? The patient's values, as the form and lesson addresses carry them.

The clinic's landing page form writes the patient's values into the URL fragment of
every lesson address, in a short versioned form (``#v=1&n=Ann&r=3-1421&x=bd.s2&l=en``:
``COMPACT_KEYS`` below; the page writes it, ``EduWidgets.patientFragment``); the older
long form (``#extensors_strength=3&...``, on printed handouts) is still read. Browsers
never send a fragment to a server: the lesson page reads it and applies it itself
(``widgets/patient.js``), with the rules this module and ``eduwidgets.patient.profile`` export
(``page_fields``, ``profile.page_rules``). The field names are the
``PATIENT_FIELDS`` below, on the clinician's scales of ``eduwidgets.patient.profile``.

In Python, ``patient_from_query`` checks the same fields with ``PatientFields``
(``patient/fields.py``: the very rules a profile file is checked with) and the page's
messages, in the page's language (tests hold the page to it, over a grid of
addresses; ``content/pages.toml`` [checks] holds the words); ``page_patient`` gives the
page's patient object from a profile file (the clinic's ``--profile``, ``eduwidgets
plan``), and
``current_patient`` gives widgets the profile named by ``EDUWIDGETS_PROFILE`` (set by
``eduwidgets handout --profile`` for the notebook's kernel), or None.
"""

from __future__ import annotations

import dataclasses
import os
import re
from dataclasses import dataclass
from functools import cache
from urllib.parse import unquote_to_bytes

from pydantic import ValidationError

from eduwidgets.content import (
    DEFAULT_LANGUAGE,
    current_language,
    language_locale,
    languages,
    number_text,
)
from eduwidgets.content import exercises as exercise_content
from eduwidgets.errors import InputError
from eduwidgets.model import Body, Muscles
from eduwidgets.patient.fields import (
    BRACING_SCALE,
    ESCAPE_FORM,
    FIRST_NAME_ONE_LINE,
    FIRST_NAME_VISIBLE,
    HIP_FLEXOR_LENGTH_SCALE,
    NOTE_MAX_CHARS,
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
    RATING_FIELDS,
    STRENGTH_GROUPS,
    ExerciseChoice,
    Profile,
    load_profile,
)

__all__ = [
    "COMPACT_KEYS",
    "COMPACT_VERSION",
    "DOSE_LETTERS",
    "PATIENT_FIELDS",
    "current_patient",
    "exercise_codes",
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

# The short address (version 1): "v=1&n=Ana&r=3-1421&m=72.5&h=1.68&x=bd.s2,mcu&l=es&t=...".
# One letter a field, the six ratings as one character each, the exercises as codes with
# only the doses the clinician changed: a whole plan fits a QR code a phone reads from a
# screen. "v" comes first and marks it; a page refuses a version it does not know, so a
# field added later gets a new version and old links keep their meaning. The long form
# (``extensors_strength=3&...``, printed on handouts) is still read.
COMPACT_VERSION = 1
COMPACT_VERSIONS = (1,)
COMPACT_KEYS = {
    "v": "version",
    "n": "first_name",
    "r": "ratings",
    "m": "mass_kg",
    "h": "height_m",
    "x": "exercises",
    "l": "language",
    "t": "note",
}
DOSE_LETTERS = {"s": "sets", "r": "reps", "h": "hold_s", "p": "rest_s", "d": "days_per_week"}
# A rating's one character: a grade is its digit; a word is its place in its scale.
RATING_CODES = {
    "oxford": None,
    "bracing": tuple(BRACING_SCALE),
    "hip_flexor_length": HIP_FLEXOR_LENGTH_SCALE,
}
NOT_RATED = "-"
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
        "quoted": words["quoted"],
        # The language's numbers (a long value's length), for a page that may not hold
        # the widgets' words (the lesson list): the same locale as number_text's.
        "locale": language_locale(language),
        "language": language,
        "compact": compact_rules(language),
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
    words = check_words(language)["field_names"]
    if field in COMPACT_KEYS and COMPACT_KEYS[field] not in PATIENT_FIELDS:
        name = words[COMPACT_KEYS[field]]
        return field if name == field else f"{name} ({field})"
    if field not in PATIENT_FIELDS:
        return shown_value(field, language, quoted=False)
    name = words[field]
    return field if name == field else f"{name} ({field})"


def _escaped(text: str) -> str:
    """Text with every invisible or control character written as its code point
    (``ESCAPE_FORM``: "Ann<U+202E>eL"): what a message shows is what is there."""
    return "".join(
        ESCAPE_FORM.format(code=f"{ord(ch):04X}") if escaped_char(ch) else ch for ch in text
    )


def shown_value(text: str, language: str = DEFAULT_LANGUAGE, quoted: bool = True) -> str:
    """A value as a message shows it: its first ``SHOWN_MAX_CHARS`` characters, escaped,
    in the language's quotes ([checks] quoted), and the length of a longer one written as
    the language writes numbers. The page's ``EduWidgets.shownValue`` follows the same rule."""
    words = check_words(language)
    shown = _escaped(text[:SHOWN_MAX_CHARS])
    if quoted:
        shown = words["quoted"].format(value=shown)
    if len(text) <= SHOWN_MAX_CHARS:
        return shown
    return words["cut"].format(start=shown, count=number_text(len(text), 0, language))


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
    pairs = _query_pairs(query)
    if any(key == "v" for _, _, key, _ in pairs):
        return _compact_patient(pairs, language)
    shown: dict[str, str] = {}
    values: dict[str, object] = {}
    for raw_key, raw_value, key, text in pairs:
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


def current_patient() -> Patient | None:
    """The patient of the ``EDUWIDGETS_PROFILE`` file, or None when none is set.

    A clinic lesson page is rendered once with typical values and applies the patient's
    values in the browser, so no kernel ever sees them; only a handout made with
    ``--profile`` starts its widgets from a patient here.
    """
    path = os.environ.get(PROFILE_ENV, "").strip()
    return patient_from_profile(load_profile(path)) if path else None


# ---------------------------------------------------------------- the short address


def _dose_ranges() -> dict[str, tuple[int, int]]:
    return {**exercise_content.DOSE_RANGES, "days_per_week": exercise_content.DAYS_PER_WEEK_RANGE}


@cache
def _codes_of(ids: tuple[str, ...]) -> dict[str, str]:
    codes = {
        "".join(word[0] for word in exercise_id.split("-")): exercise_id for exercise_id in ids
    }
    if len(codes) != len(ids):
        raise ValueError(f"two exercises share an address code (their ids' initials): {ids}")
    return codes


def exercise_codes() -> dict[str, str]:
    """Each exercise's code in the short address -> its id: the initials of the id's words
    ("bird-dog" is "bd"), so a code stays as long as its id does."""
    return _codes_of(exercise_content.exercise_ids())


def exercise_defaults(exercise_id: str) -> dict[str, int]:
    """An exercise's own doses (``content/exercises.toml``), by the profile's names."""
    record = exercise_content.get_exercise(exercise_id)
    dose = {name: getattr(record.dose, name) for name in exercise_content.DOSE_RANGES}
    return {**dose, "days_per_week": record.days_per_week}


def _compact_words(language: str) -> dict:
    """What each part of the short address allows, in a language (the messages' words)."""
    words = check_words(language)
    ratings = [
        field
        + ("" if codes is None else " (" + ", ".join(f"{i} {w}" for i, w in enumerate(codes)) + ")")
        for field, codes in ((f, RATING_CODES[s]) for f, s in RATING_FIELDS.items())
    ]
    codes = ", ".join(f"{code} ({exercise_id})" for code, exercise_id in exercise_codes().items())
    dose_names = words["dose_names"]
    return {
        "unknown": words["unknown"].format(fields=", ".join(COMPACT_KEYS)),
        "version": words["version"].format(versions=", ".join(map(str, COMPACT_VERSIONS))),
        "ratings": words["ratings"].format(count=len(RATING_FIELDS), order="; ".join(ratings)),
        "exercise": words["exercise"].format(codes=codes)
        + "; "
        + ", ".join(f"{letter} ({dose_names[name]})" for letter, name in DOSE_LETTERS.items()),
        "language": words["language"].format(choices=", ".join(f'"{c}"' for c in languages())),
        "note": words["note"].format(max=NOTE_MAX_CHARS),
        "dose": {
            name: {"name": dose_names[name], "low": low, "high": high}
            for name, (low, high) in _dose_ranges().items()
        },
        "dose_message": words["dose"],
    }


def compact_rules(language: str = DEFAULT_LANGUAGE) -> dict:
    """The short address's rules for the page (``widgets/patient.js``), in its language."""
    return {
        "version": COMPACT_VERSION,
        "versions": list(COMPACT_VERSIONS),
        "keys": dict(COMPACT_KEYS),
        # How a message names the fields that are not the long form's (v, r, x, l, t).
        "names": {
            key: field_name(key, language)
            for key, field in COMPACT_KEYS.items()
            if field not in PATIENT_FIELDS
        },
        "ratings": [[field, RATING_CODES[scale]] for field, scale in RATING_FIELDS.items()],
        "not_rated": NOT_RATED,
        "doses": dict(DOSE_LETTERS),
        "exercises": {
            exercise_id: {"code": code, "defaults": exercise_defaults(exercise_id)}
            for code, exercise_id in exercise_codes().items()
        },
        "languages": list(languages()),
        "note_max_chars": NOTE_MAX_CHARS,
        "allowed": _compact_words(language),
    }


def _compact_parts(pairs: list, language: str) -> tuple[dict, dict]:
    """A short address's pairs -> (the long form's fields, its other parts as text),
    checking its version first, then each key in address order."""
    allowed = _compact_words(language)
    versions = [(raw, text) for raw_key, raw, key, text in pairs if key == "v"]
    raw, text = versions[-1]
    if text is None or trimmed(text) not in [str(v) for v in COMPACT_VERSIONS]:
        _refuse("v", raw if text is None else text, allowed["version"], language)
    long_fields: dict[str, str] = {}
    other: dict[str, str] = {}
    for raw_key, raw_value, key, text in pairs:
        if key in PAGE_FIELDS or key == "v":
            continue
        if key not in COMPACT_KEYS:
            _refuse(
                key or raw_key, raw_value if text is None else text, allowed["unknown"], language
            )
        field = COMPACT_KEYS[key]
        if text is None:
            shown = field if field in PATIENT_FIELDS else key
            _refuse(shown, raw_value, check_words(language)["utf8"], language)
        if field in PATIENT_FIELDS:
            long_fields[field] = text
        elif key == "r":
            long_fields.update(_expanded_ratings(text, allowed, language))
        else:
            other[key] = text
    return long_fields, other


def _expanded_ratings(text: str, allowed: dict, language: str) -> dict[str, str]:
    """ "3-1421" -> each rating field's value as the long form writes it ("-": not rated)."""
    value = trimmed(text)
    if not value:
        return {}
    if len(value) != len(RATING_FIELDS):
        _refuse("r", value, allowed["ratings"], language)
    out = {}
    for (field, scale), char in zip(RATING_FIELDS.items(), value, strict=True):
        codes = RATING_CODES[scale]
        if char == NOT_RATED:
            continue
        in_scale = (
            codes is not None and char.isascii() and char.isdigit() and int(char) < len(codes)
        )
        out[field] = codes[int(char)] if in_scale else char
    return out


def _compact_exercises(text: str, allowed: dict, language: str) -> tuple[ExerciseChoice, ...]:
    """ "bd.s2,mcu" -> the chosen exercises in order, each with the doses it changes."""
    value = trimmed(text)
    codes = exercise_codes()
    chosen: list[ExerciseChoice] = []
    for item in value.split(",") if value else []:
        code, *doses = item.split(".")
        if code not in codes or codes[code] in [c.id for c in chosen]:
            _refuse("x", item, allowed["exercise"], language)
        exercise_id = codes[code]
        defaults = exercise_defaults(exercise_id)
        changed: dict[str, int] = {}
        for part in doses:
            name = DOSE_LETTERS.get(part[:1])
            digits = part[1:]
            if name is None or not (digits.isascii() and digits.isdigit()):
                _refuse("x", item, allowed["exercise"], language)
            rule = allowed["dose"][name]
            if not rule["low"] <= int(digits) <= rule["high"]:
                words = {**rule, "exercise": exercise_id, "letter": part[:1]}
                _refuse("x", item, allowed["dose_message"].format(**words), language)
            changed[name] = int(digits)
        kept = {name: dose for name, dose in changed.items() if dose != defaults[name]}
        chosen.append(ExerciseChoice(id=exercise_id, **kept))
    return tuple(chosen)


def _compact_patient(pairs: list, language: str) -> Patient | None:
    long_fields, other = _compact_parts(pairs, language)
    allowed = _compact_words(language)
    patient = patient_from_query(long_fields, language) if long_fields else None
    plan_language = trimmed(other.get("l", ""))
    if plan_language and plan_language not in languages():
        _refuse("l", plan_language, allowed["language"], language)
    note = trimmed(other.get("t", ""))
    if len(note) > NOTE_MAX_CHARS or any(
        (ord(ch) < 32 and ch not in "\n\t") or ord(ch) == 127 for ch in note
    ):
        _refuse("t", note, allowed["note"], language)
    chosen = _compact_exercises(other.get("x", ""), allowed, language)
    if patient is None and not chosen and not note:
        return None
    profile = patient.profile if patient else Profile(source=QUERY_SOURCE)
    profile = dataclasses.replace(
        profile, exercises=chosen, note=note or None, language=plan_language or None
    )
    return patient_from_profile(profile)


def patient_query_values(profile: Profile) -> dict[str, object]:
    """A profile's ratings and body size by the address's field names (not the name);
    a grade stays an int, a size a float, "none" bracing is left out (not braced)."""
    values: dict[str, object] = {}
    for group in STRENGTH_GROUPS:
        values[f"{group}_strength"] = profile.strength.get(group)
    for group in BRACING_GROUPS:
        bracing = profile.bracing.get(group, "none")
        values[f"{group}_bracing"] = None if bracing == "none" else bracing
    values["hip_flexors_length"] = profile.hip_flexor_length
    values["mass_kg"], values["height_m"] = profile.mass_kg, profile.height_m
    return {field: values[field] for field in PATIENT_FIELDS if values.get(field) is not None}


def page_patient(profile: Profile, language: str | None = None) -> dict:
    """The patient object the page's ``EduWidgets.patientFromFragment`` gives, from a
    profile: name, ratings (as the address writes them), model inputs, the exercises
    with only the doses that differ from their defaults, the note and the language."""
    ratings = {
        field: str(value) if isinstance(value, int) and not isinstance(value, bool) else value
        for field, value in patient_query_values(profile).items()
    }
    exercises = []
    for choice in profile.exercises:
        defaults = exercise_defaults(choice.id)
        doses = {n: getattr(choice, n) for n in defaults if getattr(choice, n) is not None}
        exercises.append({"id": choice.id, **{n: v for n, v in doses.items() if v != defaults[n]}})
    return {
        "first_name": profile.first_name,
        "ratings": ratings,
        "muscles": dataclasses.asdict(profile.muscles()),
        "body": dataclasses.asdict(profile.body()),
        "exercises": exercises,
        "note": profile.note or "",
        "language": profile.language or language or current_language(),
    }

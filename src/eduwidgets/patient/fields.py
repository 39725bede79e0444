"""The patient fields and their rules, one set for the profile file and the lesson address.

A profile file (``[muscles.extensors] strength = 3``) and the fragment of a lesson
address (``#extensors_strength=3``) carry the same values: each is checked by a
pydantic model built from the types below, so both accept and refuse the same
values with the same "allowed" words. The page's own check (``widgets/patient.js``)
reads those words and limits from ``page_fields`` and ``page_rules``, which are
generated from these types too.

The "allowed" words come from ``content/pages.toml`` [checks]: a profile file's messages
(and the command line's) use the English file, always; a page's check uses its own
language's (``allowed_words``), so a Spanish page answers in Spanish. In English both are
built by the same functions, so they stay word for word the same.
"""

from __future__ import annotations

import itertools
import unicodedata
from functools import cache
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
)

from eduwidgets.content import DEFAULT_LANGUAGE, languages, not_allowed, number_text
from eduwidgets.content.pages import page_words
from eduwidgets.model import BODY_RANGES

__all__ = [
    "BRACING_SCALE",
    "ESCAPE_FORM",
    "FIRST_NAME_MAX_CHARS",
    "FIRST_NAME_ONE_LINE",
    "FIRST_NAME_VISIBLE",
    "HIP_FLEXOR_LENGTH_SCALE",
    "NOTE_MAX_CHARS",
    "OXFORD_SCALE",
    "SHOWN_MAX_CHARS",
    "Bracing",
    "FirstName",
    "Grade",
    "HeightM",
    "HipFlexorLength",
    "Language",
    "MassKg",
    "Note",
    "PatientFields",
    "allowed_words",
    "check_words",
    "escaped_char",
    "one_line_allowed",
    "patient_schema",
    "text_rules",
    "trimmed",
    "visible_allowed",
]

OXFORD_SCALE = {5: 1.0, 4: 0.75, 3: 0.5, 2: 0.3, 1: 0.2}
"""Oxford / MRC strength grade -> ``Muscles`` value (grade 0 is not allowed: see profile.py)."""

HIP_FLEXOR_LENGTH_SCALE = ("normal", "mildly tight", "moderately tight", "very tight")
"""Thomas-test wording for hip-flexor length; kept for the plan, not a model input."""

BRACING_SCALE = {"none": 0.0, "mild": 0.05, "strong": 0.15}
"""Guarding of abdominals or obliques -> ``Muscles.*_tension`` (share of maximum)."""

FIRST_NAME_MAX_CHARS = 40
NOTE_MAX_CHARS = 1000
SHOWN_MAX_CHARS = 20
"""How many characters of a refused value a message quotes: enough to find it in the
address or the form, never a whole pasted page (the rest is counted, not shown)."""
ESCAPE_FORM = "<U+{code}>"
"""How a message shows a character it must not show as itself (a tab, a direction
override, a zero-width space): its code point as the Unicode standard names it, at least
four upper-case hex digits ("<U+202E>"). One rule, exported to the page with the ranges
(``text_rules``), so both runtimes write the same message without imitating each other."""

# The characters a name may not hold, by Unicode general category, and why.
# Refused, not taken out: a name is shown to the patient and saved in their profile,
# and taking characters out would change what the clinician typed without a word (the
# download would differ from the page). None of them comes from typing a name; they
# come from a paste (a byte-order mark, a soft hyphen from a document) or from a link
# made to mislead (a direction override shows "Ann<RLO>eL" as "AnnLe"; zero-width
# spaces make a name that looks empty). One clear message lets either be retyped.
# The joiners (U+200C, U+200D) are format characters too, so a name spelt with one
# (some Persian or Indic spellings) is typed without it.
ONE_LINE_CATEGORIES = ("Cc", "Zl", "Zp")
"""Control characters (tab, line break, DEL, C1 controls) and line/paragraph separators."""
INVISIBLE_CATEGORIES = ("Cf",)
"""Format characters: zero-width spaces and joiners, direction marks and overrides,
the byte-order mark, the soft hyphen."""
TRIMMED_CONTROLS = "\t\n\x0b\x0c\r"
"""Taken off both ends with the spaces (category Zs): a paste's stray tab or line end."""


def check_words(language: str = DEFAULT_LANGUAGE) -> dict:
    """The words of the patient-value check in a language (``content/pages.toml`` [checks])."""
    return page_words(language)["checks"]


def _range_end(value: float, language: str) -> str:
    """A range's end as few digits as it needs ("1", "2.3"), written the language's way."""
    digits = len(f"{value:g}".partition(".")[2])
    return number_text(value, digits, language)


def _code_point_ranges() -> dict[str, list[list[int]]]:
    """Each Unicode general category as [first, last] code-point ranges (Python's tables)."""
    ranges: dict[str, list[list[int]]] = {}
    # Planes 4 to 13 are unassigned and 15 and 16 private use: no space, control or
    # format character lives there, so they are not walked (a third of the time).
    for code in itertools.chain(range(0x40000), range(0xE0000, 0xF0000)):
        spans = ranges.setdefault(unicodedata.category(chr(code)), [])
        if spans and spans[-1][1] == code - 1:
            spans[-1][1] = code
        else:
            spans.append([code, code])
    return ranges


@cache
def text_rules() -> dict:
    """The name's character rules as code-point ranges, for the page (``widgets/patient.js``).

    The page tests characters against these ranges, not its own Unicode tables, so both
    runtimes answer the same whatever Unicode version the browser knows.
    """
    ranges = _code_point_ranges()

    def union(*categories: str) -> list[list[int]]:
        return sorted(span for category in categories for span in ranges.get(category, []))

    spaces = union("Zs")
    return {
        "trim": sorted([[ord(ch), ord(ch)] for ch in TRIMMED_CONTROLS] + spaces),
        "one_line": union(*ONE_LINE_CATEGORIES),
        "invisible": union(*INVISIBLE_CATEGORIES),
        # Shown as an escape (ESCAPE_FORM: "<U+202E>") in a message: all of the above,
        # surrogates, and every space but the plain one (an odd space looks like one).
        "escaped": sorted(
            union(*ONE_LINE_CATEGORIES, *INVISIBLE_CATEGORIES, "Cs")
            + [span for span in spaces if span != [32, 32]]
        ),
        "escape_form": ESCAPE_FORM,
        "shown_max_chars": SHOWN_MAX_CHARS,
    }


TRIM_CHARS = TRIMMED_CONTROLS + "".join(
    ch for ch in map(chr, range(0x3000 + 1)) if unicodedata.category(ch) == "Zs"
)
"""Every space character (Zs: all lie below U+3001) and the trimmed controls."""


def trimmed(text: str) -> str:
    """A value without spaces and stray tabs or line ends around it (the page's ``trim``)."""
    return text.strip(TRIM_CHARS)


def escaped_char(ch: str) -> bool:
    """Whether a message shows ``ch`` as an escape (``text_rules()["escaped"]``)."""
    category = unicodedata.category(ch)
    return category in (*ONE_LINE_CATEGORIES, *INVISIBLE_CATEGORIES, "Cs") or (
        category == "Zs" and ch != " "
    )


def first_name_allowed(language: str = DEFAULT_LANGUAGE) -> str:
    return check_words(language)["first_name"].format(max=FIRST_NAME_MAX_CHARS)


def one_line_allowed(language: str = DEFAULT_LANGUAGE) -> str:
    return check_words(language)["one_line"]


def visible_allowed(language: str = DEFAULT_LANGUAGE) -> str:
    return check_words(language)["visible"]


def grade_allowed(language: str = DEFAULT_LANGUAGE) -> str:
    words = check_words(language)
    return words["oxford"].format(
        grades=", ".join(str(grade) for grade in sorted(OXFORD_SCALE)),
        meanings=", ".join(words["oxford_meanings"]),
        rounding=words["oxford_rounding"],
    )


def one_of(words, language: str = DEFAULT_LANGUAGE) -> str:
    choices = ", ".join(f'"{word}"' for word in words)
    return check_words(language)["choice"].format(choices=choices)


def body_allowed(name: str, language: str = DEFAULT_LANGUAGE) -> str:
    low, high = BODY_RANGES[name]
    return check_words(language)["number"].format(
        low=_range_end(low, language),
        high=_range_end(high, language),
        unit=name.rsplit("_", 1)[1],
    )


# The profile file's and the command line's words: English, whatever the page's language.
FIRST_NAME_ALLOWED = first_name_allowed()
FIRST_NAME_ONE_LINE = one_line_allowed()
FIRST_NAME_VISIBLE = visible_allowed()
GRADE_ALLOWED = grade_allowed()


def _trim(value: object) -> object:
    return trimmed(value) if isinstance(value, str) else value


def _printable(text: str) -> str:
    """Refuse control and invisible characters (module notes above ``ONE_LINE_CATEGORIES``):
    a name is one line of characters you can see. Checked in this order by the page too."""
    categories = {unicodedata.category(ch) for ch in text}
    if categories & set(ONE_LINE_CATEGORIES):
        raise not_allowed("not allowed (it holds a control character)", FIRST_NAME_ONE_LINE)
    if categories & set(INVISIBLE_CATEGORIES):
        raise not_allowed("not allowed (it holds an invisible character)", FIRST_NAME_VISIBLE)
    return text


def _printable_note(text: str) -> str:
    """A note may hold line breaks and tabs, but no other control character."""
    if any((ord(ch) < 32 and ch not in "\n\t") or ord(ch) == 127 for ch in text):
        raise not_allowed("not allowed (it holds a control character)", "printable text")
    return text


def _grade(value: int) -> int:
    if value == 0:
        raise not_allowed(
            "not allowed: 0 (no contraction) is below the weakest muscle this teaching "
            "model describes, so it needs a clinician's own plan"
        )
    if value not in OXFORD_SCALE:
        raise not_allowed("out of range")
    return value


def _rating_words(value: object) -> object:
    """Ratings forgive case, hyphens and spaces: "Moderately-Tight" is "moderately tight"."""
    return " ".join(value.lower().replace("-", " ").split()) if isinstance(value, str) else value


def _known_language(code: str) -> str:
    if code not in languages():
        raise not_allowed("not a language the lessons are written in", _languages_allowed())
    return code


def _languages_allowed() -> str:
    return ", ".join(f'"{code}" ({name})' for code, name in languages().items())


Language = Annotated[
    str,
    AfterValidator(_known_language),
    Field(description='a language code the lessons are written in: "en" (English), "es" (Español)'),
]
FirstName = Annotated[
    str,
    StringConstraints(min_length=1, max_length=FIRST_NAME_MAX_CHARS),
    BeforeValidator(_trim),  # last: it wraps the rest, so it runs first
    AfterValidator(_printable),
    Field(description=FIRST_NAME_ALLOWED),
]
Note = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=NOTE_MAX_CHARS),
    AfterValidator(_printable_note),
    Field(description=f"1 to {NOTE_MAX_CHARS} characters (or leave the field out)"),
]
Grade = Annotated[
    int,
    AfterValidator(_grade),
    Field(description=GRADE_ALLOWED, json_schema_extra={"enum": sorted(OXFORD_SCALE)}),
]
Bracing = Annotated[
    Literal[tuple(BRACING_SCALE)],
    BeforeValidator(_rating_words),
    Field(description=one_of(BRACING_SCALE)),
]
HipFlexorLength = Annotated[
    Literal[HIP_FLEXOR_LENGTH_SCALE],
    BeforeValidator(_rating_words),
    Field(description=one_of(HIP_FLEXOR_LENGTH_SCALE)),
]


def body_size(name: str):
    low, high = BODY_RANGES[name]
    return Annotated[
        float, Field(ge=low, le=high, allow_inf_nan=False, description=body_allowed(name))
    ]


MassKg = body_size("mass_kg")
HeightM = body_size("height_m")


class PatientFields(BaseModel):
    """The flat patient fields of the form and a lesson address, with the profile's rules."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    first_name: FirstName | None = None
    extensors_strength: Grade | None = None
    obliques_strength: Grade | None = None
    obliques_bracing: Bracing | None = None
    abdominals_strength: Grade | None = None
    abdominals_bracing: Bracing | None = None
    hip_flexors_length: HipFlexorLength | None = None
    mass_kg: MassKg | None = None
    height_m: HeightM | None = None


@cache
def patient_schema() -> dict:
    """Each patient field's rule as JSON Schema (description, limits, allowed words).

    Generated from ``PatientFields``, so the page's own check (``widgets/patient.js``,
    fed by ``session.page_fields`` and ``profile.page_rules``) uses the very limits
    and words Python checks with.
    """
    properties = PatientFields.model_json_schema()["properties"]
    return {
        name: next(rule for rule in spec["anyOf"] if rule.get("type") != "null")
        for name, spec in properties.items()
    }


ALLOWED_WORDS = {
    "first_name": first_name_allowed,
    "extensors_strength": grade_allowed,
    "obliques_strength": grade_allowed,
    "obliques_bracing": lambda language: one_of(BRACING_SCALE, language),
    "abdominals_strength": grade_allowed,
    "abdominals_bracing": lambda language: one_of(BRACING_SCALE, language),
    "hip_flexors_length": lambda language: one_of(HIP_FLEXOR_LENGTH_SCALE, language),
    "mass_kg": lambda language: body_allowed("mass_kg", language),
    "height_m": lambda language: body_allowed("height_m", language),
}
"""Each patient field -> what it allows, in a language: the functions its rule's
``description`` was made with, so English here is the schema's text word for word."""
assert tuple(ALLOWED_WORDS) == tuple(PatientFields.model_fields)


def allowed_words(field: str, language: str = DEFAULT_LANGUAGE) -> str:
    """What a patient field allows, in a language's words (a page's check message)."""
    return ALLOWED_WORDS[field](language)

"""The warning signs at three levels (now, within a day, book a visit), from ``red_flags.toml``.

The words live in ``content/red_flags.toml`` (sources: NICE NG59; NHS; AHCPR
guideline 14), so a clinician can edit them without touching code. This module
loads and checks them; ``widgets/red_flags.py`` shows them with the clinic's number.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from eduwidgets.content import content_path, load_content, not_allowed, validate_toml

__all__ = [
    "LEVELS",
    "RedFlagsFile",
    "emergency_words",
    "fill_template",
    "level_intro",
    "level_texts",
    "load_red_flags",
    "red_flags_plain_text",
]

CONTENT_FILE = "red_flags.toml"
PLACEHOLDER = re.compile(r"\{(\w+)\}")

# The three triage levels, most urgent first (NICE NG59; NHS; AHCPR guideline 14).
LEVELS = ("emergency", "urgent", "routine")
LEVELS_ALLOWED = (
    "one of emergency, urgent, routine (get help now, within a day, or book an appointment)"
)


def placeholders(*allowed: str):
    """A text rule: non-empty text whose {placeholders} are only the ``allowed`` ones."""
    names = ", ".join("{" + name + "}" for name in allowed) or "none"

    def check(value: str) -> str:
        unknown = sorted(set(PLACEHOLDER.findall(value)) - set(allowed))
        if unknown:
            used = ", ".join("{" + name + "}" for name in unknown)
            raise not_allowed(f"using {used}", f"text with the placeholders {names}")
        return value.strip()

    description = f"text in double quotes, with the placeholders {names}"
    return Annotated[str, Field(min_length=1, description=description), AfterValidator(check)]


Text = placeholders()


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class EmergencyTexts(Strict):
    heading: Text
    intro: placeholders("emergency")
    stop_intro: placeholders("emergency")


class ClinicTexts(Strict):
    """A level whose help is the clinic: one intro with name and phone, phone only, or neither."""

    heading: Text
    intro_clinic: placeholders("clinic", "phone")
    intro_phone: placeholders("phone")
    intro: Text
    after: Text
    stop_intro: Text


class Levels(Strict):
    emergency: EmergencyTexts
    urgent: ClinicTexts
    routine: ClinicTexts


class Sign(Strict):
    id: Annotated[
        str,
        Field(
            pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$",
            description='lowercase letters, digits and "-", unique',
        ),
    ]
    level: Annotated[Literal[LEVELS], Field(description=LEVELS_ALLOWED)]
    text: Text


def _every_level_once(signs: list[Sign]) -> list[Sign]:
    """Signs at every level, each id once."""
    for level in LEVELS:
        if not any(sign.level == level for sign in signs):
            raise not_allowed(
                f'not allowed: there are no signs at the level "{level}"', ("signs at every level")
            )
    ids = [sign.id for sign in signs]
    if len(set(ids)) != len(ids):
        raise not_allowed("not allowed: two signs use one id", "a unique id for each sign")
    return signs


class RedFlagsFile(Strict):
    heading: Text
    reassurance: Text
    sources: Text
    default_emergency_number: Annotated[
        str, Field(min_length=1, description="what {emergency} says when no clinic set a number")
    ]
    levels: Levels
    signs: Annotated[
        list[Sign],
        AfterValidator(_every_level_once),
        Field(min_length=1, description="[[signs]] tables"),
    ]


def load_red_flags() -> dict:
    """The callout's text from ``content/red_flags.toml``, checked field by field.

    Returns ``heading``, ``reassurance``, ``sources``, ``signs`` (each with id, level
    and text) and ``levels``: one dict per level, most urgent first, with its texts
    and the texts of its signs.
    """
    path = content_path(CONTENT_FILE)
    checked = validate_toml(
        RedFlagsFile, load_content(CONTENT_FILE), str(path), path.read_text(encoding="utf-8")
    )
    text = checked.model_dump(include={"heading", "reassurance", "sources", "signs"})
    text["levels"] = [
        {
            "key": level,
            **getattr(checked.levels, level).model_dump(),
            "signs": [sign.text for sign in checked.signs if sign.level == level],
        }
        for level in LEVELS
    ]
    return text


def level_texts(level: str) -> dict:
    """The texts of one level (heading, intros, stop_intro)."""
    if level not in LEVELS:
        raise ValueError(f"level = {level!r} is not allowed; allowed: {LEVELS_ALLOWED}.")
    return next(entry for entry in load_red_flags()["levels"] if entry["key"] == level)


def emergency_words(number: str = "", language: str | None = None) -> str:
    """The emergency number as a page says it: the clinic's, or when it set none ("")
    "your local emergency number" in the reader's language (the current one when None).

    The one place "not set" becomes words: configs, profiles and widget traits keep "",
    so the words follow the language of the page being drawn. ``fill_template`` calls it
    for every {emergency}; ``RedFlags`` sends its result to the page script.
    """
    if number:
        return number
    return load_content(CONTENT_FILE, language)["default_emergency_number"]


def fill_template(template: str, values: dict[str, str]) -> str:
    """Put values into {placeholders}, as plain text (no HTML). ``values["emergency"]``
    is the clinic's emergency number, "" when not set."""
    if "emergency" in values:
        values = {**values, "emergency": emergency_words(values["emergency"])}
    return PLACEHOLDER.sub(lambda match: values.get(match.group(1), ""), template)


def level_intro(entry: dict, clinic_name: str, phone: str) -> str:
    """The same choice as red_flags.js: name and phone, phone only, or neither."""
    if "intro_clinic" not in entry:
        return entry["intro"]
    if phone and clinic_name:
        return entry["intro_clinic"]
    return entry["intro_phone"] if phone else entry["intro"]


def red_flags_plain_text(clinic_name: str = "", phone: str = "", emergency_number: str = "") -> str:
    """The whole callout as plain sentences (for reading-grade checks and text handouts)."""
    text = load_red_flags()
    values = {"clinic": clinic_name, "phone": phone, "emergency": emergency_number}
    lines = [text["heading"] + ".", text["reassurance"]]
    for entry in text["levels"]:
        lines.append(entry["heading"] + ".")
        lines.append(fill_template(level_intro(entry, clinic_name, phone), values))
        lines.extend(sign[0].upper() + sign[1:] + "." for sign in entry["signs"])
        if entry.get("after"):
            lines.append(entry["after"])
    return "\n".join(lines)

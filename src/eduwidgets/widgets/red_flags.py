"""RedFlags: the warning signs at three levels (now, within a day, book a visit), and whom to call.

The words live in ``content/red_flags.toml`` (sources: NICE NG59; NHS; AHCPR
guideline 14), so a clinician can edit them without touching code. The front end is
``widgets/red_flags.js``; live and static pages run the same render code.

One call shows the full callout; ``compact=True`` shows one line with a button
that opens it, so a lesson can keep the warning signs one glance away::

    RedFlags()                                   # clinic from EDUWIDGETS_CLINIC_CONFIG, if set
    RedFlags(phone="020 7946 0000", clinic_name="Riverside Physiotherapy")
    RedFlags(compact=True)
"""

from __future__ import annotations

import html
import re

import traitlets

from eduwidgets.content import content_path, load_content
from eduwidgets.errors import InputError
from eduwidgets.patient.config import (
    DEFAULT_EMERGENCY_NUMBER,
    ClinicConfig,
    check_emergency_number,
    check_name,
    check_phone,
    current_clinic,
)
from eduwidgets.widgets.client import ClientWidget

__all__ = [
    "LEVELS",
    "RedFlags",
    "check_level",
    "fill_template",
    "level_intro",
    "level_texts",
    "load_red_flags",
    "red_flags_plain_text",
]

CONTENT_FILE = "red_flags.toml"
PLACEHOLDER = re.compile(r"\{(\w+)\}")
SIGN_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

# The three triage levels, most urgent first (NICE NG59; NHS; AHCPR guideline 14).
LEVELS = ("emergency", "urgent", "routine")
# Which fields the file must have, and which placeholders each text may use.
TOP_TEXTS = {"heading": set(), "reassurance": set(), "sources": set()}
_CLINIC_INTROS = {
    "heading": set(),
    "intro_clinic": {"clinic", "phone"},
    "intro_phone": {"phone"},
    "intro": set(),
    "after": set(),
    "stop_intro": set(),
}
LEVEL_TEXTS = {
    "emergency": {"heading": set(), "intro": {"emergency"}, "stop_intro": {"emergency"}},
    "urgent": _CLINIC_INTROS,
    "routine": _CLINIC_INTROS,
}


def _fail(message: str, field: str | None = None) -> InputError:
    return InputError(message, source=str(content_path(CONTENT_FILE)), field=field)


def _check_text(value: object, where: str, placeholders: set[str]) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _fail(f'"{where}" must be text in double quotes, not {value!r}.', where)
    unknown = set(PLACEHOLDER.findall(value)) - placeholders
    if unknown:
        allowed = ", ".join("{" + name + "}" for name in sorted(placeholders)) or "none"
        raise _fail(
            f'"{where}" uses {", ".join("{" + u + "}" for u in sorted(unknown))}; '
            f"allowed placeholders there: {allowed}.",
            where,
        )
    return value.strip()


def check_level(value: object, where: str) -> str:
    """One of LEVELS; an InputError naming the field, the value and what is allowed."""
    if value not in LEVELS:
        raise _fail(
            f'"{where}" is {value!r}; it must be one of {", ".join(LEVELS)} '
            "(get help now, within a day, or book an appointment).",
            where,
        )
    return value


def _check_signs(raw: object) -> list[dict]:
    if not isinstance(raw, list) or not raw:
        raise _fail('"signs" must be a list of [[signs]] tables with id, level and text.', "signs")
    seen: set[str] = set()
    signs = []
    for index, item in enumerate(raw):
        where = f"signs[{index}]"
        if not isinstance(item, dict) or set(item) != {"id", "level", "text"}:
            raise _fail(f'"{where}" must have exactly id, level and text; got {item!r}.', where)
        sign_id = item["id"]
        if not isinstance(sign_id, str) or not SIGN_ID.match(sign_id) or sign_id in seen:
            raise _fail(
                f'"{where}.id" is {sign_id!r}; it must be unique, lowercase letters, '
                'digits and "-".',
                f"{where}.id",
            )
        seen.add(sign_id)
        signs.append(
            {
                "id": sign_id,
                "level": check_level(item["level"], f"{where}.level"),
                "text": _check_text(item["text"], f"{where}.text", set()),
            }
        )
    return signs


def load_red_flags() -> dict:
    """The callout's text from ``content/red_flags.toml``, checked field by field.

    Returns ``heading``, ``reassurance``, ``sources``, ``signs`` (each with id, level
    and text) and ``levels``: one dict per level, most urgent first, with its texts
    and the texts of its signs.
    """
    data = load_content(CONTENT_FILE)
    text: dict = {
        key: _check_text(data.get(key), key, allowed) for key, allowed in TOP_TEXTS.items()
    }
    tables = data.get("levels")
    if not isinstance(tables, dict) or set(tables) != set(LEVELS):
        raise _fail(f"the file needs one [levels.<name>] table for each of {', '.join(LEVELS)}.")
    signs = _check_signs(data.get("signs"))
    text["signs"] = signs
    text["levels"] = []
    for level in LEVELS:
        table = tables[level]
        entry = {"key": level}
        for key, allowed in LEVEL_TEXTS[level].items():
            entry[key] = _check_text(table.get(key), f"levels.{level}.{key}", allowed)
        entry["signs"] = [sign["text"] for sign in signs if sign["level"] == level]
        if not entry["signs"]:
            raise _fail(f'the level "{level}" has no signs.', "signs")
        text["levels"].append(entry)
    return text


def level_texts(level: str) -> dict:
    """The texts of one level (heading, intros, stop_intro), checked."""
    check_level(level, "level")
    return next(entry for entry in load_red_flags()["levels"] if entry["key"] == level)


def fill_template(template: str, values: dict[str, str]) -> str:
    """Put values into {placeholders}, as plain text (no HTML)."""
    return PLACEHOLDER.sub(lambda match: values.get(match.group(1), ""), template)


def level_intro(entry: dict, clinic_name: str, phone: str) -> str:
    """The same choice as red_flags.js: name and phone, phone only, or neither."""
    if "intro_clinic" not in entry:
        return entry["intro"]
    if phone and clinic_name:
        return entry["intro_clinic"]
    return entry["intro_phone"] if phone else entry["intro"]


def red_flags_plain_text(
    clinic_name: str = "", phone: str = "", emergency_number: str = DEFAULT_EMERGENCY_NUMBER
) -> str:
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


class RedFlags(ClientWidget):
    """A calm callout with the warning signs, at three levels of urgency.

    Parameters
    ----------
    phone, clinic_name : str, optional
        Whom to call about the "within a day" and "book a visit" signs. When not
        given, they come from ``clinic`` or else from ``current_clinic()`` (the file named by
        ``EDUWIDGETS_CLINIC_CONFIG``). With no phone number, the reader is told
        to call their doctor.
    emergency_number : str, optional
        What to call for the "get help now" signs, such as "999 or 112"; by default the
        clinic's, else "your local emergency number".
    compact : bool
        One line with a "Warning signs: when to get help" button that opens the
        full list. It prints in full either way.
    clinic : ClinicConfig, optional
        A loaded clinic config to take the values from.
    """

    KIND = "red-flags"

    clinic_name = traitlets.Unicode("").tag(sync=True)
    phone = traitlets.Unicode("").tag(sync=True)
    emergency_number = traitlets.Unicode(DEFAULT_EMERGENCY_NUMBER).tag(sync=True)
    compact = traitlets.Bool(False).tag(sync=True)
    content = traitlets.Dict().tag(sync=True)

    def __init__(
        self,
        *,
        phone: str | None = None,
        clinic_name: str | None = None,
        emergency_number: str | None = None,
        compact: bool = False,
        clinic: ClinicConfig | None = None,
        **kwargs,
    ):
        if clinic is None and None in (phone, clinic_name, emergency_number):
            clinic = current_clinic()
        if clinic is not None:
            phone = clinic.phone if phone is None else phone
            clinic_name = clinic.name if clinic_name is None else clinic_name
            if emergency_number is None:
                emergency_number = clinic.emergency_number
        if not isinstance(compact, bool):
            raise ValueError(f"compact = {compact!r} is not allowed: it must be True or False.")
        super().__init__(
            phone=phone or "",
            clinic_name=clinic_name or "",
            emergency_number=emergency_number or DEFAULT_EMERGENCY_NUMBER,
            compact=compact,
            content=load_red_flags(),
            **kwargs,
        )

    @traitlets.validate("phone")
    def _valid_phone(self, proposal):
        return check_phone(proposal["value"]) if proposal["value"] else ""

    @traitlets.validate("clinic_name")
    def _valid_clinic_name(self, proposal):
        return check_name(proposal["value"]) if proposal["value"] else ""

    @traitlets.validate("emergency_number")
    def _valid_emergency_number(self, proposal):
        return check_emergency_number(proposal["value"] or DEFAULT_EMERGENCY_NUMBER)

    def static_label(self) -> str:
        # Pages may hold a compact callout at the top and a full one at the end; their
        # regions need different names (axe: landmark-unique).
        heading = self.content["heading"]
        return f"{heading} (short form)" if self.compact else heading

    def plain_text(self) -> str:
        return red_flags_plain_text(self.clinic_name, self.phone, self.emergency_number)

    def static_fallback_html(self) -> str:
        """The full list as safe HTML, for readers where scripts do not run."""
        text = self.content
        values = {"clinic": self.clinic_name, "phone": self.phone}
        values["emergency"] = self.emergency_number
        parts = [f"<h3>{html.escape(text['heading'])}</h3>"]
        parts.append(f"<p>{html.escape(text['reassurance'])}</p>")
        for entry in text["levels"]:
            intro = level_intro(entry, self.clinic_name, self.phone)
            signs = "".join(f"<li>{html.escape(sign)}</li>" for sign in entry["signs"])
            after = f"<p>{html.escape(entry['after'])}</p>" if entry.get("after") else ""
            parts.append(
                f"<h4>{html.escape(entry['heading'])}</h4>"
                f"<p>{html.escape(fill_template(intro, values))}</p><ul>{signs}</ul>{after}"
            )
        return "".join(parts)

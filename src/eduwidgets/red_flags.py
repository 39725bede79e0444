"""RedFlags: the warning signs that need a clinician now or soon, and whom to call.

The words live in ``content/red_flags.toml`` (sources: NICE NG59; AHCPR guideline
14), so a clinician can edit them without touching code. The front end is
``assets/red_flags.js``; live and static pages run the same render code.

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

from eduwidgets.client import ClientWidget
from eduwidgets.config import (
    DEFAULT_EMERGENCY_NUMBER,
    ClinicConfig,
    check_emergency_number,
    check_name,
    check_phone,
    current_clinic,
)
from eduwidgets.content import content_path, load_content
from eduwidgets.errors import InputError

__all__ = ["RedFlags", "fill_template", "load_red_flags", "red_flags_plain_text"]

CONTENT_FILE = "red_flags.toml"
PLACEHOLDER = re.compile(r"\{(\w+)\}")
# Which fields the file must have, and which placeholders each text may use.
TOP_TEXTS = {"heading": set(), "reassurance": set(), "sources": set()}
GROUP_TEXTS = {
    "now": {"heading": set(), "intro": {"emergency"}},
    "soon": {
        "heading": set(),
        "intro_clinic": {"clinic", "phone"},
        "intro_phone": {"phone"},
        "intro": set(),
    },
}


def _check_text(value: object, where: str, placeholders: set[str]) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InputError(
            f'"{where}" must be text in double quotes, not {value!r}.',
            source=str(content_path(CONTENT_FILE)),
            field=where,
        )
    unknown = set(PLACEHOLDER.findall(value)) - placeholders
    if unknown:
        allowed = ", ".join("{" + name + "}" for name in sorted(placeholders)) or "none"
        raise InputError(
            f'"{where}" uses {", ".join("{" + u + "}" for u in sorted(unknown))}; '
            f"allowed placeholders there: {allowed}.",
            source=str(content_path(CONTENT_FILE)),
            field=where,
        )
    return value.strip()


def load_red_flags() -> dict:
    """The callout's text from ``content/red_flags.toml``, checked field by field."""
    data = load_content(CONTENT_FILE)
    text: dict = {
        key: _check_text(data.get(key), key, allowed) for key, allowed in TOP_TEXTS.items()
    }
    for group, fields in GROUP_TEXTS.items():
        table = data.get(group)
        if not isinstance(table, dict):
            raise InputError(
                f'the table "[{group}]" is missing.', source=str(content_path(CONTENT_FILE))
            )
        entry = {
            key: _check_text(table.get(key), f"{group}.{key}", ok) for key, ok in fields.items()
        }
        signs = table.get("signs")
        if not isinstance(signs, list) or not signs:
            raise InputError(
                f'"{group}.signs" must be a list of one or more warning signs in quotes.',
                source=str(content_path(CONTENT_FILE)),
                field=f"{group}.signs",
            )
        entry["signs"] = [_check_text(s, f"{group}.signs", set()) for s in signs]
        text[group] = entry
    return text


def fill_template(template: str, values: dict[str, str]) -> str:
    """Put values into {placeholders}, as plain text (no HTML)."""
    return PLACEHOLDER.sub(lambda match: values.get(match.group(1), ""), template)


def _soon_intro(text: dict, clinic_name: str, phone: str) -> str:
    """The same choice as red_flags.js: name and phone, phone only, or 'your doctor'."""
    if phone and clinic_name:
        return text["soon"]["intro_clinic"]
    return text["soon"]["intro_phone"] if phone else text["soon"]["intro"]


def red_flags_plain_text(
    clinic_name: str = "", phone: str = "", emergency_number: str = DEFAULT_EMERGENCY_NUMBER
) -> str:
    """The whole callout as plain sentences (for reading-grade checks and text handouts)."""
    text = load_red_flags()
    values = {"clinic": clinic_name, "phone": phone, "emergency": emergency_number}
    lines = [text["heading"] + ".", text["reassurance"]]
    for group in ("now", "soon"):
        intro = text[group]["intro"] if group == "now" else _soon_intro(text, clinic_name, phone)
        lines.append(text[group]["heading"] + ".")
        lines.append(fill_template(intro, values))
        lines.extend(sign[0].upper() + sign[1:] + "." for sign in text[group]["signs"])
    return "\n".join(lines)


class RedFlags(ClientWidget):
    """A calm callout with the warning signs that need a clinician now or soon.

    Parameters
    ----------
    phone, clinic_name : str, optional
        Whom to call about the "soon" signs. When not given, they come from
        ``clinic`` or else from ``current_clinic()`` (the file named by
        ``EDUWIDGETS_CLINIC_CONFIG``). With no phone number, the reader is told
        to call their doctor.
    emergency_number : str, optional
        What to call for the "now" signs, such as "999 or 112"; by default the
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
        for group in ("now", "soon"):
            entry = text[group]
            intro = entry["intro"] if group == "now" else _soon_intro(text, *self._who())
            signs = "".join(f"<li>{html.escape(sign)}</li>" for sign in entry["signs"])
            parts.append(
                f"<h4>{html.escape(entry['heading'])}</h4>"
                f"<p>{html.escape(fill_template(intro, values))}</p><ul>{signs}</ul>"
            )
        return "".join(parts)

    def _who(self) -> tuple[str, str]:
        return self.clinic_name, self.phone

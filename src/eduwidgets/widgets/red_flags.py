"""RedFlags: the warning signs at three levels (now, within a day, book a visit), and whom to call.

The words live in ``content/red_flags.toml`` (sources: NICE NG59; NHS; AHCPR
guideline 14), loaded and checked by ``eduwidgets.content.red_flags``. The front end is
``widgets/red_flags.js``; live and static pages run the same render code.

One call shows the full callout; ``compact=True`` shows one line with a button
that opens it, so a lesson can keep the warning signs one glance away::

    RedFlags()                                   # clinic from EDUWIDGETS_CLINIC_CONFIG, if set
    RedFlags(phone="020 7946 0000", clinic_name="Riverside Physiotherapy")
    RedFlags(compact=True)
"""

from __future__ import annotations

import html

import traitlets

from eduwidgets.content.red_flags import (
    emergency_words,
    fill_template,
    level_intro,
    load_red_flags,
    red_flags_plain_text,
)
from eduwidgets.patient.config import ClinicConfig, check_field, current_clinic
from eduwidgets.widgets import static
from eduwidgets.widgets.live import LiveWidget

__all__ = ["RedFlags"]


class RedFlags(LiveWidget):
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
        clinic's, else "" (not set: the page says "your local emergency number").
    compact : bool
        One line with a "Warning signs: when to get help" button that opens the
        full list. It prints in full either way.
    clinic : ClinicConfig, optional
        A loaded clinic config to take the values from.
    """

    KIND = "red-flags"

    clinic_name = traitlets.Unicode("").tag(sync=True)
    phone = traitlets.Unicode("").tag(sync=True)
    emergency_number = traitlets.Unicode("").tag(sync=True)  # "" = not set
    # What the page shows for {emergency}: the number, or when none is set,
    # "your local emergency number" in the current language (emergency_words).
    emergency_words = traitlets.Unicode("").tag(sync=True)
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
            emergency_number=emergency_number or "",
            compact=compact,
            content=load_red_flags(),
            **kwargs,
        )
        # The observer below runs only on a change; "" (not set) is the default.
        self.emergency_words = emergency_words(self.emergency_number)

    @traitlets.validate("phone")
    def _valid_phone(self, proposal):
        return check_field("phone", proposal["value"]) if proposal["value"] else ""

    @traitlets.validate("clinic_name")
    def _valid_clinic_name(self, proposal):
        return check_field("name", proposal["value"]) if proposal["value"] else ""

    @traitlets.validate("emergency_number")
    def _valid_emergency_number(self, proposal):
        return check_field("emergency_number", proposal["value"])

    @traitlets.observe("emergency_number")
    def _emergency_number_changed(self, change):
        self.emergency_words = emergency_words(change["new"])

    def static_label(self) -> str:
        # Pages may hold a compact callout at the top and a full one at the end; their
        # regions need different names (axe: landmark-unique).
        heading = self.content["heading"]
        return static.say("warning.short_form", heading=heading) if self.compact else heading

    def plain_text(self) -> str:
        return red_flags_plain_text(self.clinic_name, self.phone, self.emergency_number)

    def static_fallback_html(self) -> str:
        """The full list as safe HTML, for readers where scripts do not run.

        The short form sits at the top of a lesson, right under its title (h1), so, as
        when drawn, its titles are bold text: an h3 there would skip a heading level.
        """
        text = self.content
        values = {"clinic": self.clinic_name, "phone": self.phone}
        values["emergency"] = self.emergency_words

        def title(words: str, level: int, css_class: str) -> str:
            tag = "p" if self.compact else f"h{level}"
            inner = f"<strong>{html.escape(words)}</strong>" if self.compact else html.escape(words)
            return f'<{tag} class="{css_class}">{inner}</{tag}>'

        parts = [title(text["heading"], 3, "edu-rf-heading")]
        parts.append(f"<p>{html.escape(text['reassurance'])}</p>")
        for entry in text["levels"]:
            intro = level_intro(entry, self.clinic_name, self.phone)
            signs = "".join(f"<li>{html.escape(sign)}</li>" for sign in entry["signs"])
            after = f"<p>{html.escape(entry['after'])}</p>" if entry.get("after") else ""
            parts.append(
                title(entry["heading"], 4, "edu-rf-group-heading")
                + f"<p>{html.escape(fill_template(intro, values))}</p><ul>{signs}</ul>{after}"
            )
        return "".join(parts)

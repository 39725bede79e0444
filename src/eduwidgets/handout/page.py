"""The page around a handout or lesson: the clinic's header, the footer, the shell.

Every page holds its assets once, inline, behind the Content-Security-Policy of
``eduwidgets.widgets.static`` (no fetch of any kind), with the clinic's name, phone and
logo, the date, and a print stylesheet (``handout/handout.css``). A lesson page adds a
top bar and applies the patient's values from its address fragment, in the browser.
"""

from __future__ import annotations

import datetime
import os
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from eduwidgets.content import current_language, date_text
from eduwidgets.content.pages import page_words
from eduwidgets.handout.markup import Markup, render
from eduwidgets.handout.offline import offline_root
from eduwidgets.widgets import static

__all__ = [
    "CLINIC_ENV",
    "Clinic",
    "handout_css",
    "lesson_page_html",
    "load_clinic",
    "page_css",
    "page_html",
    "page_values",
    "patient_rules",
]

CLINIC_ENV = "EDUWIDGETS_CLINIC_CONFIG"


@cache
def page_css(name: str) -> str:
    """A page stylesheet of this folder: ``handout.css`` or ``lesson.css`` (the lesson frame)."""
    return (resources.files("eduwidgets.handout") / name).read_text(encoding="utf-8")


def handout_css() -> str:
    return page_css("handout.css")


@dataclass(frozen=True)
class Clinic:
    """What a handout shows about the clinic (all plain text, escaped when shown)."""

    name: str = ""
    phone: str = ""
    website: str = ""
    logo_data_url: str = ""
    config_path: str = ""
    config: object = None  # the eduwidgets.patient.config.ClinicConfig, for RedFlags


def load_clinic(path: str | Path | None) -> Clinic:
    """The clinic config at ``path`` (or ``$EDUWIDGETS_CLINIC_CONFIG``); empty when neither."""
    path = str(path) if path else os.environ.get(CLINIC_ENV, "").strip()
    if not path:
        return Clinic()
    from eduwidgets.patient.config import load_clinic_config

    config = load_clinic_config(path)
    return Clinic(
        name=config.name or "",
        phone=config.phone or "",
        website=config.website or "",
        logo_data_url=config.logo_data_url() or "",
        config_path=str(Path(path).resolve()),
        config=config,
    )


def _today_text(day: datetime.date | None = None) -> tuple[str, str]:
    """The date as (ISO, words): ("2025-03-04", "4 March 2025" or "4 de marzo de 2025")."""
    day = day or datetime.date.today()
    return day.isoformat(), date_text(day)


def _page_values(title: str, body_html: str, clinic: Clinic, kind: str) -> dict:
    iso, words = _today_text()
    return {
        "title": title,
        "body": Markup(body_html),
        "clinic": clinic,
        "kind": page_words()["kinds"][kind],
        "date_iso": iso,
        "date_words": words,
        "head_assets": Markup(static.head_assets(offline=offline_root() is not None)),
        "css": Markup(handout_css()),
    }


def page_values(title: str, body_html: str, clinic: Clinic, kind: str) -> dict:
    """What ``templates/handout.html`` fills in (for a page that extends it: the plan)."""
    return _page_values(title, body_html, clinic, kind)


def page_html(
    title: str, body_html: str, clinic: Clinic, kind: str = "handout", page_js: str = ""
) -> str:
    """A whole standalone document around safe body HTML; ``kind`` is a key of
    ``[kinds]`` in ``content/pages.toml`` (what the header says the page is); ``page_js``
    is the page's own script (``static.page_script``), run at the end of the body."""
    values = _page_values(title, body_html, clinic, kind)
    return render("handout.html", **values, page_js=Markup(page_js)) + "\n"


def patient_rules(language: str | None = None) -> dict:
    """What a lesson page needs to check and apply a patient's values itself (as JSON),
    with its messages in the page's language (the current one when None)."""
    from eduwidgets.patient.profile import page_rules
    from eduwidgets.patient.session import page_fields

    return {"fields": page_fields(language or current_language()), "profile": page_rules()}


def lesson_page_html(
    title: str,
    body_html: str,
    clinic: Clinic,
    home_href: str,
    preset_fragment: dict | None = None,
    language_links: list[dict] | None = None,
) -> str:
    """A lesson page for the clinic and the public site (``templates/lesson.html``).

    ``preset_fragment`` is the patient object (``session.page_patient``) used when the
    address names no patient (``clinic --profile``); the page writes it short itself.
    ``language_links`` is the language switch (``handout.switch``; none: no switch).
    """
    values = _page_values(title, body_html, clinic, "lesson")
    return (
        render(
            "lesson.html",
            **values,
            home_href=home_href,
            language_links=language_links or [],
            lesson_css=Markup(page_css("lesson.css")),
            rules_json=Markup(static.json_for_script(patient_rules())),
            preset_json=Markup(static.json_for_script(preset_fragment)) if preset_fragment else "",
            page_js=Markup(
                # progress.js: the demos' finished sets kept on the phone, "clear my data".
                "\n".join(
                    static.page_script(name, widgets_on_page=True)
                    for name in ("lesson_page.js", "progress.js")
                )
            ),
        )
        + "\n"
    )

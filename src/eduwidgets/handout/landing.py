"""The lesson list with the patient form: the same page in the clinic, on Binder and
in the static site (``templates/landing.html``).

Each lesson has a card with its title, one line on what it teaches and a small
picture (inline SVG, decorative). The form writes the patient's values into the
address fragment (after "#") of the page and of every lesson link, in the browser.
"""

from __future__ import annotations

from functools import cache

from eduwidgets.content import current_language, languages
from eduwidgets.content.exercises import DAYS_PER_WEEK_RANGE, DOSE_RANGES, exercises
from eduwidgets.content.muscle_groups import group_words
from eduwidgets.content.pages import page_words
from eduwidgets.content.red_flags import fill_template, load_red_flags
from eduwidgets.handout.markup import Markup, render
from eduwidgets.handout.page import patient_rules
from eduwidgets.handout.send import send_context
from eduwidgets.lessons import Lesson
from eduwidgets.patient.fields import NOTE_MAX_CHARS
from eduwidgets.patient.profile import (
    BRACING_SCALE,
    FIRST_NAME_MAX_CHARS,
    HIP_FLEXOR_LENGTH_SCALE,
)
from eduwidgets.patient.session import exercise_defaults
from eduwidgets.widgets import static

__all__ = ["landing_html", "lesson_picture"]


def _emergency_box(emergency_number: str | None = None) -> dict:
    """The most urgent warning signs, from ``content/red_flags.toml``, one glance away,
    with the clinic's emergency number (None or "": not set)."""
    level = next(entry for entry in load_red_flags()["levels"] if entry["key"] == "emergency")
    return {
        "heading": level["heading"],
        "intro": fill_template(level["intro"], {"emergency": emergency_number or ""}),
        "signs": level["signs"],
    }


def oxford_choices() -> list[tuple[str, str]]:
    """(grade, words) for the form's strength menus, 5 first (``content/pages.toml``)."""
    return [(text.split(":")[0], text) for text in page_words()["form"]["oxford"]]


def _rating_choices(scale: str) -> list[tuple[str, str]]:
    """(value, words) for a rating menu: the value a profile stores (English, as the
    address carries it), the words in the page's language (``content/pages.toml`` [form]).

    ``scale`` is "bracing" ("none" is the menu's empty choice) or "hip_flexor_length".
    """
    bracing = tuple(value for value in BRACING_SCALE if value != "none")
    values = {"bracing": bracing, "hip_flexor_length": HIP_FLEXOR_LENGTH_SCALE}
    words = page_words()["form"][scale]
    return [(value, words[value]) for value in values[scale]]


def exercise_choices() -> list[dict]:
    """The form's exercise picker: each exercise of the content files, in the page's
    language, with its doses (the default from the source, the allowed range, a label)."""
    names = page_words()["checks"]["dose_names"]
    ranges = {**DOSE_RANGES, "days_per_week": DAYS_PER_WEEK_RANGE}
    choices = []
    for exercise_id, record in exercises().items():
        defaults = exercise_defaults(exercise_id)
        doses = [
            {
                "name": name,
                "label": names[name],
                "default": defaults[name],
                "low": low,
                "high": high,
            }
            for name, (low, high) in ranges.items()
        ]
        choices.append({"id": exercise_id, "title": record.title, "doses": doses})
    return choices


def _spine(highlight: str) -> str:
    """A side view of a trunk: spine, pelvis, and one muscle group drawn strongly."""
    vertebrae = "".join(
        f'<rect x="52" y="{14 + i * 13}" width="16" height="10" rx="3" fill="#e4e7eb" '
        'stroke="#52606d" stroke-width="1.5"/>'
        for i in range(6)
    )
    pelvis = (
        '<path d="M34 94 Q60 84 86 94 L80 112 Q60 118 40 112 Z" fill="#e4e7eb" '
        'stroke="#52606d" stroke-width="1.5"/>'
    )
    muscles = {
        # Back muscles: a thick band behind the spine.
        "extensors": '<path d="M74 12 Q86 50 76 96" stroke="#0072b2" stroke-width="9" '
        'fill="none" stroke-linecap="round"/>',
        # Front stomach muscles: a band down the front.
        "abdominals": '<path d="M28 30 Q20 62 36 96" stroke="#cc79a7" stroke-width="9" '
        'fill="none" stroke-linecap="round"/>',
        # Side stomach muscles: slanted lines across the side.
        "obliques": "".join(
            f'<line x1="{24 + i * 6}" y1="{40 + i * 9}" x2="{48 + i * 4}" y2="{28 + i * 12}" '
            'stroke="#b36b00" stroke-width="5" stroke-linecap="round"/>'
            for i in range(5)
        ),
        # Hip flexors: from the lower spine to the front of the thigh.
        "hip-flexors": '<path d="M58 70 Q40 96 38 124" stroke="#009e73" stroke-width="8" '
        'fill="none" stroke-linecap="round" stroke-dasharray="10 4"/>',
    }
    drawn = muscles.get(highlight, "")
    if highlight in ("welcome", "plan"):
        drawn = "".join(muscles.values())
    return pelvis + vertebrae + drawn


def _plan_marks() -> str:
    ticks = "".join(
        f'<rect x="92" y="{20 + i * 22}" width="16" height="16" rx="3" fill="#ffffff" '
        f'stroke="#1f2933" stroke-width="2"/><path d="M95 {28 + i * 22} l4 4 l7 -9" '
        'stroke="#00734f" stroke-width="3" fill="none"/>'
        for i in range(3)
    )
    return ticks


@cache
def lesson_picture(key: str) -> str:
    """A small inline SVG for a lesson card (decorative: the card's text says it all)."""
    extra = _plan_marks() if key == "plan" else ""
    return (
        '<svg class="card-picture" viewBox="0 0 120 130" width="96" height="104" '
        'aria-hidden="true" focusable="false" xmlns="http://www.w3.org/2000/svg">'
        '<rect x="0" y="0" width="120" height="130" rx="14" fill="#f0f4f8"/>'
        f"{_spine(key)}{extra}</svg>"
    )


def landing_html(
    lessons: list[Lesson],
    lesson_url,
    home_url: str,
    clinic_name: str = "",
    preset_fragment: dict | None = None,
    profile_name: str = "",
    emergency_number: str | None = None,
    language_links: list[dict] | None = None,
    send: dict | None = None,
    plan_href: str = "",
) -> str:
    """The lesson list with the patient form: the same page in the clinic, on Binder and
    in the static site. The form writes the patient's values into the address fragment
    (after "#") of this page and of every lesson link, in the browser; the page itself
    holds nothing about a patient except the clinic's ``--profile`` preset.

    ``send``: where the "Send to phone" dialog finds the public site
    (``handout.send.send_context``'s ``public_url``, ``site_root`` and ``print_href``).
    ``plan_href``: the plan's page (the link carries the fragment as a lesson link does).
    """
    return render(
        "landing.html",
        home_url=home_url,
        lesson_url=lesson_url,
        lessons=lessons,
        clinic_name=clinic_name,
        group_names=group_words("words_with_term"),
        w=page_words()["landing"],
        words_json=Markup(static.json_for_script(page_words()["landing"])),
        emergency=_emergency_box(emergency_number),
        language_links=language_links or [],
        oxford_choices=oxford_choices(),
        bracing_choices=_rating_choices("bracing"),
        length_choices=_rating_choices("hip_flexor_length"),
        first_name_max=FIRST_NAME_MAX_CHARS,
        exercise_choices=exercise_choices(),
        note_max=NOTE_MAX_CHARS,
        plan_languages=list(languages().items()),
        page_language=current_language(),
        preset_fragment=preset_fragment,
        preset_json=Markup(static.json_for_script(preset_fragment)),
        profile_name=profile_name,
        plan_href=plan_href,
        rules_json=Markup(static.json_for_script(patient_rules())),
        page_js=Markup(static.page_script("landing_page.js", widgets_on_page=False)),
        picture=lambda key: Markup(lesson_picture(key)),
        send=send_context("landing_page.js", form=".patient-form", **(send or {})),
    )

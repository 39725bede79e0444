"""The patient's plan: one page per language, made in the browser.

The plan starts with today (the exercises the clinician chose, their doses, each demo
one tap away, and when to get help), then a week to tick, a plan for flare-ups, the
patient's muscles next to typical and the push on their back in everyday tasks (in a
closed "about your muscles" section), a four-week log, the warning signs and how to
reach the clinic.

Every rule of the plan (ratings in words, why each exercise, doses, the loads) lives
once, in ``plan_page.js``, which computes the plan from the patient object of the
address's fragment (``EduWidgets.patientFromFragment``). This module makes the page
around it for a language: every word from ``content/plan.toml``, every exercise's demo
config, the warning signs with the clinic's numbers (``plan_page_html``). The site
writes it as ``plan.html`` and the clinic serves it at ``/plan``, with no patient;
``eduwidgets plan profile.toml -o plan.html`` writes the same page with one patient
baked in as JSON (``patient.session.page_patient``), as one private (mode 0600) file.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from eduwidgets.content import (
    content_path,
    current_language,
    load_content,
    weekday_names,
)
from eduwidgets.errors import InputError
from eduwidgets.handout.markup import Markup, render
from eduwidgets.handout.page import Clinic, load_clinic, page_values
from eduwidgets.handout.write import check_output_file, write_outputs
from eduwidgets.widgets import static

__all__ = [
    "DAYS_PER_WEEK",
    "LOG_WEEKS",
    "PLAN_FIELDS",
    "build_plan",
    "plan_body",
    "plan_page_data",
    "plan_page_html",
    "plan_words",
]

PLAN_CONTENT = "plan.toml"
DAYS_PER_WEEK = 7  # the days' names are the reader's language's (content.weekday_names)
LOG_WEEKS = 4
# Every text the plan needs from plan.toml, as "table.key" (a test reads this list too).
PLAN_FIELDS = (
    "title",
    "intro",
    "note_heading",
    "owner_you",
    "owner_named",
    *(
        f"muscles.{key}"
        for key in (
            "heading intro found_caption column_group column_found column_model typical "
            "weaker stronger found_strength found_bracing found_both not_rated tense "
            "hip_not_used load_caption column_task column_you column_typical times load_note "
            "slider_start slider_note slider_title"
        ).split()
    ),
    *(f"exercises.{key}" for key in ("heading", "intro", "choice", "none_chosen", "why")),
    *(
        f"reasons.{key}"
        for key in ("weak", "bracing", "hip_stretch", "hip_control", "general", "mobility")
    ),
    *(f"week.{key}" for key in ("heading", "intro", "caption", "column_what", "stay_active")),
    "week.stay_active_detail",
    *(
        f"log.{key}"
        for key in (
            "heading intro goal week_caption column_day column_done "
            "column_active column_goal column_notes done_label active_label goal_day_label "
            "notes_label legend scale week_pain"
        ).split()
    ),
    *(f"flare_up.{key}" for key in ("heading", "intro", "steps", "when_to_call")),
    "warning.heading",
    *(f"today.{key}" for key in ("heading", "intro", "show", "help_link")),
    "about.heading",
    *(f"empty.{key}" for key in ("heading", "text", "link")),
    *(f"contact.{key}" for key in ("heading", "phone", "website", "ask", "write_line")),
)


def plan_words(language: str | None = None) -> dict:
    """The plan's patient text from ``content/plan.toml`` in a language (the current one
    when None); InputError names a missing field."""
    return _plan_words(language or current_language())


@cache  # per language: one process may make pages in several languages
def _plan_words(language: str) -> dict:
    data = load_content(PLAN_CONTENT, language)
    for field in PLAN_FIELDS:
        value = data
        for part in field.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        ok = isinstance(value, str) and value.strip()
        ok = ok or (isinstance(value, list) and value and all(isinstance(v, str) for v in value))
        if not ok:
            raise InputError(
                f'"{field}" must be text in double quotes (or a list of texts), not {value!r}.',
                source=str(content_path(PLAN_CONTENT, language)),
                field=field,
            )
    return data


def _group_labels() -> dict[str, str]:
    """Each model muscle group's slider label (content/muscle_balance.toml), so the plan
    and the widget agree."""
    from eduwidgets.widgets.exercise_demo import MUSCLE_GROUPS
    from eduwidgets.widgets.muscle_balance import words

    controls = words()["controls"]
    return {group: controls[group]["label"] for group in MUSCLE_GROUPS}


def _exercise_data(emergency_number: str) -> dict[str, dict]:
    """Every exercise a clinician may choose, as the page needs it: what it trains, its
    default dose and how often, and its demo's config (the page sets the dose)."""
    from dataclasses import asdict

    from eduwidgets.content.exercises import exercise_ids
    from eduwidgets.widgets.exercise_demo import ExerciseDemo, get_exercise

    data = {}
    for exercise_id in exercise_ids():
        record = get_exercise(exercise_id)
        # The plan shows the "check with your clinician first" list once, above them all.
        demo = ExerciseDemo(exercise_id, emergency_number=emergency_number, check_first=False)
        dose = asdict(record.dose)
        dose["reps_by_set"] = list(dose["reps_by_set"])
        data[exercise_id] = {
            "id": exercise_id,
            "title": record.title,
            "trains": list(record.trains),
            "trains_in_words": list(record.trains_in_words()),
            "days_per_week": record.days_per_week,
            "dose": dose,
            "config": demo.static_config(),
        }
    return data


def _everyday_data() -> dict:
    """The tasks of the plan's table (``comparisons.plan`` of content/everyday_tasks.toml)
    and the one every push is told against, for ``EduWidgets.everyday.loads``."""
    from eduwidgets.everyday import compared_tasks, everyday_content, reference_task

    content = everyday_content()
    tasks = compared_tasks("plan")
    reference = reference_task(content)
    if reference["key"] not in {task["key"] for task in tasks}:
        tasks = [*tasks, reference]
    return {"tasks": tasks, "reference": content["reference"]}


def plan_page_data(clinic: Clinic) -> dict:
    """What the page needs to make any patient's plan (``plan_page.js``), as JSON: the
    words of the current language and the exercises, tasks and scales as data."""
    from eduwidgets.content.pages import page_words
    from eduwidgets.everyday import compared_tasks
    from eduwidgets.patient.fields import BRACING_SCALE
    from eduwidgets.widgets.muscle_balance import MUSCLE_CONTROLS, STRENGTH_CONTROLS, MuscleBalance

    emergency = clinic.config.emergency_number if clinic.config is not None else ""
    balance = MuscleBalance(controls=list(MUSCLE_CONTROLS), use_patient=False, title="")
    form = page_words()["form"]
    return {
        "words": plan_words(),
        "form": {scale: form[scale] for scale in ("bracing", "hip_flexor_length")},
        "group_labels": _group_labels(),
        "strength_groups": list(STRENGTH_CONTROLS),
        "exercises": _exercise_data(emergency),
        "dose_words": load_content("dose_words.toml"),
        "everyday": _everyday_data(),
        "plan_tasks": [task["key"] for task in compared_tasks("plan")],
        "balance": balance.static_config(),
        "balance_label": balance.static_label(),
        "demo_label": static.say("exercise.region_label"),
        "days": weekday_names(),
        "bracing_max": max(BRACING_SCALE.values()),
    }


def _check_first() -> dict:
    """Who should ask their clinician before starting (content/exercises.toml)."""
    from eduwidgets.content.exercises import check_first_words

    return check_first_words()


def _warning_signs_html(clinic: Clinic) -> Markup:
    """The warning signs at three levels, with the clinic's numbers."""
    from eduwidgets.widgets.red_flags import RedFlags

    if clinic.config is not None:
        flags = RedFlags(clinic=clinic.config)
    else:
        flags = RedFlags(phone="", clinic_name="", emergency_number="")
    return Markup(flags.static_html())


def plan_body(
    clinic: Clinic, home_href: str = "index.html", language_links: list[dict] | None = None
) -> tuple[str, str]:
    """The title and body HTML of the plan's page (``templates/plan.html``): the same for
    every patient; ``plan_page.js`` fills in one patient's plan in the browser."""
    words = plan_words()
    title = words["title"].format(owner=words["owner_you"])
    body = render(
        "plan.html",
        w=words,
        title=title,
        check_first=_check_first(),
        days=weekday_names(),
        log_weeks=range(1, LOG_WEEKS + 1),
        warning_signs_html=_warning_signs_html(clinic),
        clinic=clinic,
        home_href=home_href,
        language_links=language_links or [],
    )
    return title, body


def plan_page_html(
    clinic: Clinic,
    home_href: str = "index.html",
    patient: dict | None = None,
    language_links: list[dict] | None = None,
    send: dict | None = None,
) -> str:
    """The plan's whole page in the current language: on the site (``plan.html``) and in
    the clinic (``/plan``) with no patient (the page reads the address's fragment); from
    ``eduwidgets plan`` with the patient baked in as JSON (``page_patient``).

    ``language_links``: the language switch (``handout.switch``); ``send``: the "Send to
    phone" dialog's place (``handout.send.send_context``'s arguments; None: no dialog, as
    in a single file, which no phone can open from its address)."""
    from eduwidgets.handout.page import page_css, patient_rules
    from eduwidgets.handout.send import send_context

    title, body = plan_body(clinic, home_href, language_links)
    values = page_values(title, body, clinic, "plan")
    return (
        render(
            "plan_page.html",
            **values,
            home_href=home_href,
            lesson_css=Markup(page_css("lesson.css")),
            rules_json=Markup(static.json_for_script(patient_rules())),
            data_json=Markup(static.json_for_script(plan_page_data(clinic))),
            patient_json=Markup(static.json_for_script(patient)) if patient else "",
            page_js=Markup(static.page_script("plan_page.js", widgets_on_page=True)),
            send=send_context("plan_page.js", **send) if send is not None else None,
        )
        + "\n"
    )


def build_plan(
    profile_path: str | Path,
    output: str | Path,
    clinic: str | Path | None = None,
    pdf: bool = False,
    paper: str = "A4",
) -> Path:
    """One patient's plan as one self-contained HTML file (private: mode 0600)."""
    from eduwidgets.patient.profile import load_profile

    clinic_info = load_clinic(clinic)
    from eduwidgets.patient.session import page_patient

    profile = load_profile(profile_path)
    output = check_output_file(output)
    page = plan_page_html(clinic_info, home_href="", patient=page_patient(profile))
    write_items = [(output, page)]
    write_outputs(write_items, pdf, paper, private=True)
    return output

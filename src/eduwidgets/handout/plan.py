"""One patient's plan: ``eduwidgets plan profile.toml -o plan.html``.

The plan shows the patient's muscles next to typical, the push on their back in
everyday tasks, the exercises their clinician chose and why, a week to tick, a plan
for flare-ups, a four-week log, the warning signs and how to reach the clinic. Every
patient sentence comes from ``content/plan.toml`` (and the widgets' own content
files), so translators edit one place and the reading-grade test sees it; the page
is ``templates/plan.html``. The file is private (mode 0600).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from eduwidgets.content import (
    content_path,
    current_language,
    list_text,
    load_content,
    number_text,
    percent_text,
    weekday_names,
)
from eduwidgets.errors import InputError
from eduwidgets.handout.markup import Markup, render
from eduwidgets.handout.page import Clinic, load_clinic, page_html
from eduwidgets.handout.write import check_output_file, write_outputs
from eduwidgets.widgets import static

__all__ = [
    "DAYS_PER_WEEK",
    "LOG_WEEKS",
    "PLAN_FIELDS",
    "build_plan",
    "exercise_reasons",
    "plan_body",
    "plan_words",
    "rating_text",
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


def _possessive(name: str | None) -> str:
    """Whose plan: "Sam's" / "Your" ("Sam" / "usted"), from plan.toml."""
    words = plan_words()
    return words["owner_named"].format(name=name) if name else words["owner_you"]


def _rating_words(scale: str, value: str) -> str:
    """A stored rating ("mild", "mildly tight") in the reader's words (pages.toml [form]),
    the same words as the lesson list's menus."""
    from eduwidgets.content.pages import page_words

    return page_words()["form"][scale][value]


def rating_text(profile, group: str) -> str:
    """The clinician's rating of one group in words, e.g. "strength 3 of 5, bracing: mild"."""
    words = plan_words()["muscles"]
    if group == "hip_flexors":
        length = profile.hip_flexor_length
        return _rating_words("hip_flexor_length", length) if length else words["not_rated"]
    grade = profile.strength.get(group)
    bracing = profile.bracing.get(group, "none")
    strength = words["found_strength"].format(grade=grade) if grade is not None else ""
    if bracing == "none":
        return strength or words["not_rated"]
    found = words["found_bracing"].format(bracing=_rating_words("bracing", bracing))
    return words["found_both"].format(strength=strength, bracing=found) if strength else found


def _group_label(group: str) -> str:
    """The slider's own label (content/muscle_balance.toml), so the plan and widget agree."""
    from eduwidgets.widgets.muscle_balance import words

    return words()["controls"][group]["label"]


def _percent(value: float) -> str:
    # Every muscle value in the model is strength; bracing is shown as tension.
    words = plan_words()["muscles"]
    pct = round(value * 100)
    if pct == 100:
        return f"{percent_text(1)} ({words['typical']})"
    return f"{percent_text(value)} ({words['weaker'] if pct < 100 else words['stronger']})"


def _model_strength(profile, group: str) -> str:
    """The plan's "in the model" cell: strength and tension, or why a rating is not used."""
    words = plan_words()["muscles"]
    if group == "hip_flexors":
        return words["hip_not_used"]
    text = _percent(profile.muscle_value(group))
    tension = profile.tension_value(group)  # 0.0 for a group that has no bracing rating
    if tension:
        text += "; " + words["tense"].format(pct=round(100 * tension))
    return text


def exercise_reasons(profile, exercise) -> list[str]:
    """Plain sentences on why this exercise suits this patient, from ratings and ``trains``."""
    from eduwidgets.widgets.exercise_demo import MUSCLE_GROUPS

    words = plan_words()["reasons"]
    reasons = []
    stretch = "stretch" in exercise.id or "stretch" in exercise.title.lower()
    for group in exercise.trains:
        if group not in MUSCLE_GROUPS:
            continue
        label = _group_label(group).split(" (")[0].lower()
        grade = profile.strength.get(group) if group != "hip_flexors" else None
        bracing = profile.bracing.get(group, "none")
        if grade is not None and grade < 5:
            reasons.append(words["weak"].format(label=label, grade=grade))
        if bracing != "none":
            bracing_words = _rating_words("bracing", bracing)
            reasons.append(words["bracing"].format(label=label, bracing=bracing_words))
        if group == "hip_flexors" and profile.hip_flexor_length not in (None, "normal"):
            template = words["hip_stretch"] if stretch else words["hip_control"]
            length = _rating_words("hip_flexor_length", profile.hip_flexor_length)
            reasons.append(template.format(label=label, length=length))
    if not reasons:
        if not set(exercise.trains) & set(MUSCLE_GROUPS):
            reasons.append(words["mobility"])
        else:
            trains = list_text(exercise.trains_in_words())
            reasons.append(words["general"].format(trains=trains))
    return reasons


def _strength_rows(profile) -> list[tuple[str, str, str]]:
    """(group, what the clinician found, strength in the model) for each rated group."""
    from eduwidgets.widgets.muscle_balance import STRENGTH_CONTROLS

    return [
        (_group_label(group), rating_text(profile, group), _model_strength(profile, group))
        for group in STRENGTH_CONTROLS
    ]


def guarding_rise(profile) -> float:
    """The share by which this patient's guarding raises a task's push (0 with none).

    A bracing rating tells that a patient guards, not how hard: the size comes from the
    sources (``model.GUARDING_COMPRESSION_RISE``, about 15% for a strong brace), scaled by
    the rating's place on its scale (mild is a third of strong). The abdominal wall
    braces as one, so the larger of the two groups' ratings counts.
    """
    from eduwidgets.model import GUARDING_COMPRESSION_RISE
    from eduwidgets.patient.fields import BRACING_SCALE

    tension = max(profile.tension_value("obliques"), profile.tension_value("abdominals"))
    return GUARDING_COMPRESSION_RISE * tension / max(BRACING_SCALE.values())


def _plan_muscles(profile):
    """The patient's muscles for the plan's sliders: their strength, and their guarding at
    the size the sources give (``guarding_rise``) when standing, not the rating scale's
    tension (a "strong" 15% on both groups would double the push of standing)."""
    from dataclasses import replace

    from eduwidgets.model import lumbar_load

    body, muscles = (
        profile.body(),
        replace(profile.muscles(), obliques_tension=0.0, abdominals_tension=0.0),
    )
    rise = guarding_rise(profile)
    if not rise:
        return muscles
    # The model is linear in tension below the abdominal-pressure threshold: one step
    # gives the push per unit of tension on both groups.
    step = 0.01
    base_n = lumbar_load(body, None, muscles).compression_n
    tensed = replace(muscles, obliques_tension=step, abdominals_tension=step)
    per_unit_n = (lumbar_load(body, None, tensed).compression_n - base_n) / step
    # On the sliders' own step (0.01, content/muscle_balance.toml), so they show it as is.
    tension = round(rise * base_n / per_unit_n, 2)
    return replace(muscles, obliques_tension=tension, abdominals_tension=tension)


def _load_rows(profile) -> list[tuple[str, str, str]]:
    """(task, yours, typical): each push as a multiple of standing up straight (issue 12),
    for the tasks of ``comparisons.plan`` in ``content/everyday_tasks.toml``.

    Strength never changes the push, so "yours" differs from "typical" only by guarding,
    at the size the sources give (``guarding_rise``), never by the sliders' tension.
    """
    from eduwidgets.everyday import compared_tasks, reference_compression_n, task_posture
    from eduwidgets.model import lumbar_load

    body = profile.body()
    standing_n = reference_compression_n(body)
    rise = guarding_rise(profile)
    rows = []
    for task in compared_tasks("plan"):
        typical = lumbar_load(body, task_posture(task)).compression_n / standing_n
        yours = typical * (1.0 + rise)
        rows.append((task["label"], number_text(yours, 1), number_text(typical, 1)))
    return rows


def _balance_html(profile, owner: str) -> Markup:
    """The muscle sliders, starting at the patient's values."""
    from eduwidgets.widgets.muscle_balance import MUSCLE_CONTROLS, MuscleBalance

    words = plan_words()["muscles"]
    owner_lower = owner if profile.first_name else owner.lower()
    balance = MuscleBalance(
        muscles=_plan_muscles(profile),
        body=profile.body(),
        controls=list(MUSCLE_CONTROLS),
        use_patient=False,
        title=words["slider_title"].format(owner=owner),
    )
    balance.start_label = words["slider_start"].format(owner=owner_lower)
    balance.patient_note = words["slider_note"].format(owner=owner_lower)
    return Markup(balance.static_html())


def _exercises(profile, clinic: Clinic) -> list[dict]:
    """Each chosen exercise: its title, why it suits this patient, its demo and its dose."""
    from eduwidgets.widgets.exercise_demo import ExerciseDemo, get_exercise

    # The clinic's emergency number in each exercise's "get help now" line.
    emergency = clinic.config.emergency_number if clinic.config is not None else None
    chosen = []
    for choice in profile.exercises:
        record = get_exercise(choice.id)
        # The plan shows the "check with your clinician first" list once, above them all.
        demo = ExerciseDemo(
            choice.id, emergency_number=emergency, check_first=False, **choice.dose()
        )
        chosen.append(
            {
                "id": choice.id,
                "title": record.title,
                "reasons": exercise_reasons(profile, record),
                "demo_html": Markup(demo.static_html()),
                "dose": demo.dose.in_short_words(),
            }
        )
    return chosen


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


def _progress_identity(profile) -> str:
    """Whose ticks and log these are (handout/progress.js keys its storage by a hash of
    this): the day the plan was made, the exercises with their doses, the name and note,
    so two plans on one phone never share a record."""
    import datetime
    import json

    doses = [[choice.id, choice.dose()] for choice in profile.exercises]
    made = datetime.date.today().isoformat()
    return json.dumps([made, doses, profile.first_name or "", profile.note or ""])


def plan_body(profile, clinic: Clinic) -> tuple[str, str]:
    """The title and body HTML of one patient's plan (``templates/plan.html``)."""
    words = plan_words()
    owner = _possessive(profile.first_name)
    title = words["title"].format(owner=owner)
    exercises = _exercises(profile, clinic)
    week = words["week"]
    week_rows = [(e["id"], e["title"], e["dose"]) for e in exercises]
    week_rows.append(("stay-active", week["stay_active"], week["stay_active_detail"]))
    body = render(
        "plan.html",
        w=words,
        title=title,
        progress_plan=_progress_identity(profile),
        note_lines=profile.note.splitlines() if profile.note else [],
        strength_rows=_strength_rows(profile),
        load_rows=_load_rows(profile),
        balance_html=_balance_html(profile, owner),
        exercises=exercises,
        check_first=_check_first(),
        week_rows=week_rows,
        days=weekday_names(),
        log_weeks=range(1, LOG_WEEKS + 1),
        warning_signs_html=_warning_signs_html(clinic),
        clinic=clinic,
    )
    return title, body


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
    profile = load_profile(profile_path)
    output = check_output_file(output)
    title, body = plan_body(profile, clinic_info)
    # The page's own script: progress kept on the phone (handout/progress.js).
    page_js = static.page_script("progress.js", widgets_on_page=True)
    write_items = [(output, page_html(title, body, clinic_info, kind="plan", page_js=page_js))]
    write_outputs(write_items, pdf, paper, private=True)
    return output

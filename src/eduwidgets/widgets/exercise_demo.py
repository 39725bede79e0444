"""ExerciseDemo: a guided, animated demo of one exercise, built from a data record.

The records live in ``content/exercises.toml`` and are loaded and checked by
``eduwidgets.content.exercises``. This module turns one of them into a widget. The
drawing, the animation, the hold timer and the rep counter are plain JavaScript in
``widgets/exercise_demo.js``; they run the same way live (anywidget) and in a static
handout (``static_html()``), because the animation is drawn wholly in the browser and needs
nothing from the kernel.

>>> demo = ExerciseDemo("bird-dog", sets=2, reps=6, hold_s=8)
"""

from __future__ import annotations

import html
from dataclasses import asdict
from typing import Any

import traitlets

from eduwidgets.content.exercises import (
    DOSE_RANGES,
    MUSCLE_GROUPS,
    Dose,
    Exercise,
    check_first_words,
    get_exercise,
)
from eduwidgets.patient.config import check_field, current_clinic
from eduwidgets.widgets import static
from eduwidgets.widgets.live import LiveWidget

# MUSCLE_GROUPS and get_exercise are re-exported for the handout's plan, which names them here.
__all__ = ["MUSCLE_GROUPS", "ExerciseDemo", "get_exercise"]


# ---------------------------------------------------------------- the widget


def page_record(exercise: Exercise, emergency_number: str = "", check_first: bool = True) -> dict:
    """The record as JSON for the front end: plain text and every pose fully resolved.

    ``check_first`` adds the screening list (who should ask their clinician before
    starting); the plan shows it once above its exercises instead."""
    # The dose is not here: it travels as its own traits, which the caller may override.
    record: dict[str, Any] = {
        name: getattr(exercise, name)
        for name in ("id", "title", "purpose", "key_cue", "easier", "harder", "source_note")
    }
    record.update(
        trains=list(exercise.trains),
        trains_in_words=list(exercise.trains_in_words()),
        steps=list(exercise.steps),
        mistakes=list(exercise.mistakes),
        sources=[source.citation() for source in exercise.sources],
        stop_if=[
            {
                "level": sign.level,
                "intro": sign.intro(emergency_number),
                "text": sign.text,
            }
            for sign in exercise.stop_if
        ],
    )
    record["check_first"] = check_first_words() if check_first else None
    key_poses = exercise.key_poses
    record["key_poses"] = {
        "poses": [
            {"name": pose.name, "step": pose.step, "angles": dict(pose.angles)}
            for pose in key_poses.poses
        ],
        "hold_index": key_poses.hold_index,
        "anchor": key_poses.anchor,
        "move_s": key_poses.move_s,
    }
    return record


def check_first_html(words: dict | None) -> str:
    """The screening list as plain HTML (the no-script fallback; "" when not shown)."""
    if not words:
        return ""
    items = "".join(f"<li>{html.escape(item)}</li>" for item in words["items"])
    return (
        f"<div><p><strong>{html.escape(words['heading'])}.</strong> "
        f"{html.escape(words['intro'])}</p><ul>{items}</ul></div>"
    )


class ExerciseDemo(LiveWidget):
    """A guided demo of one exercise: animated figure, steps, cues, dose, hold timer.

    Parameters
    ----------
    name : str
        An exercise id from ``exercise_ids()``, e.g. ``"bird-dog"``.
    sets, reps, hold_s, rest_s : int, optional
        Override the record's dose (whole numbers; see ``DOSE_RANGES``). ``hold_s`` is
        in seconds (0 = no hold); ``rest_s`` is the rest between sets, in seconds.
    emergency_number : str, optional
        What the "get help now" stop line tells the reader to call, such as "911";
        by default the clinic config's (``current_clinic()``), else "" (not set: the
        line says "your local emergency number" in the current language).
    check_first : bool, optional
        Show the "check with your clinician first if" list (recent back surgery,
        pregnancy, weak bones, ...) above the exercise; default True. The plan shows
        it once above all its exercises and passes False.
    """

    KIND = "exercise-demo"

    exercise_id = traitlets.Unicode().tag(sync=True)
    exercise = traitlets.Dict().tag(sync=True)
    sets = traitlets.Int(1).tag(sync=True)
    reps = traitlets.Int(1).tag(sync=True)
    hold_s = traitlets.Int(0).tag(sync=True)
    rest_s = traitlets.Int(0).tag(sync=True)
    per_side = traitlets.Bool(False).tag(sync=True)
    # A descending pyramid (reps in each set), or empty; dropped when sets or reps change.
    reps_by_set = traitlets.List(traitlets.Int()).tag(sync=True)
    dose_text = traitlets.Unicode().tag(sync=True)

    def __init__(
        self,
        name: str,
        *,
        sets: int | None = None,
        reps: int | None = None,
        hold_s: int | None = None,
        rest_s: int | None = None,
        emergency_number: str | None = None,
        check_first: bool = True,
        **kwargs,
    ):
        record = get_exercise(name)
        if emergency_number is None:
            clinic = current_clinic()
            emergency_number = clinic.emergency_number if clinic else ""
        emergency_number = check_field("emergency_number", emergency_number)
        overrides = {"sets": sets, "reps": reps, "hold_s": hold_s, "rest_s": rest_s}
        dose = {**asdict(record.dose), **{k: v for k, v in overrides.items() if v is not None}}
        if sets is not None or reps is not None:
            dose["reps_by_set"] = ()  # the clinician's own sets and reps replace the pyramid
        Dose(**dose)  # check every value before anything is built
        dose["reps_by_set"] = list(dose["reps_by_set"])
        self._emergency_number = emergency_number  # "" = not set; fill_template says it
        exercise = page_record(record, self._emergency_number, check_first)
        super().__init__(exercise_id=name, exercise=exercise, **dose, **kwargs)
        self._update_dose_text()

    @traitlets.validate("sets", "reps", "hold_s", "rest_s")
    def _check_dose(self, proposal):
        name, value = proposal["trait"].name, proposal["value"]
        low, high = DOSE_RANGES[name]
        if isinstance(value, bool) or not low <= value <= high:
            raise ValueError(f"{name} must be a whole number from {low} to {high}; got {value!r}.")
        return value

    @traitlets.observe("sets", "reps", "hold_s", "rest_s", "per_side")
    def _dose_changed(self, change):
        if change["name"] in ("sets", "reps") and self.reps_by_set:
            pyramid = self.reps_by_set
            if len(pyramid) != self.sets or pyramid[0] != self.reps:
                self.reps_by_set = []
        self._update_dose_text()

    def _update_dose_text(self) -> None:
        self.dose_text = f"{self.dose.in_words()} {self.record.how_often()}"

    @property
    def dose(self) -> Dose:
        return Dose(
            self.sets, self.reps, self.hold_s, self.rest_s, self.per_side, tuple(self.reps_by_set)
        )

    @property
    def record(self) -> Exercise:
        return get_exercise(self.exercise_id)

    def static_label(self) -> str:
        return static.say("exercise.region_label", title=self.record.title)

    def static_fallback_html(self) -> str:
        """The steps, dose and warning line as plain HTML (no script, some printers)."""
        record = self.record
        steps = "".join(f"<li>{html.escape(step)}</li>" for step in record.steps)
        return (
            f"<h3>{html.escape(record.title)}</h3>"
            f"<p>{html.escape(record.purpose)}</p>"
            f"<p><strong>{html.escape(self.dose_text)}</strong></p>"
            + check_first_html(self.exercise.get("check_first"))
            + f"<ol>{steps}</ol>"
            + "".join(
                f"<p><strong>{html.escape(sign.sentence(self._emergency_number))}</strong></p>"
                for sign in record.stop_if
            )
        )

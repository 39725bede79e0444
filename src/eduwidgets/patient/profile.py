"""A patient's profile: the clinician's ratings, turned into the model's ``Muscles``.

A profile is a small TOML file a clinician writes (see ``examples/profile.toml``).
It holds an optional first name, a rating of each muscle group on a scale
clinicians already use, optional body size, the chosen exercises with their doses
and a free-text note. ``load_profile`` checks every field strictly: a mistake
gives one message naming the file, the line, the field, the value and what is
allowed (``eduwidgets.errors.InputError``).

From ratings to ``Muscles`` (a teaching mapping, not a measurement)
--------------------------------------------------------------------
The model describes each group's strength as a share of a typical adult (1.0),
and bracing as extra tension in the abdominal wall. A clinic does not measure
either; it grades. These steps turn the grades a clinician already records into
the model's numbers. They are a teaching mapping chosen to give sensible,
ordered values, not a validated conversion.

1. Strength of back extensors, obliques and abdominals: the Oxford / Medical
   Research Council (MRC) manual muscle testing scale, a whole number. It sets
   ``Muscles.extensors``, ``obliques`` and ``abdominals`` (strength, capacity).
   Strength changes how hard a group works for a task, never the push on the disc.

   ====== ===================================================== ==========
   grade  what the clinician saw                                Muscles
   ====== ===================================================== ==========
   5      normal strength, holds against full resistance        1.0
   4      holds against some resistance                         0.75
   3      moves through range against gravity, no resistance    0.5
   2      moves only with gravity taken away                    0.3
   1      a flicker of contraction, no movement                 0.2
   0      no contraction                                        not allowed
   ====== ===================================================== ==========

   Grade 1 maps to 0.2, the weakest value the model allows. Grade 0 is not
   accepted: a group with no contraction at all is outside what this teaching
   model describes and needs a clinician's own plan. Round a "4+" or "4-" to the
   nearest whole grade.

2. Guarding of abdominals and obliques: a wall that stays tense when it need not
   (``bracing``). It sets ``Muscles.abdominals_tension`` and ``obliques_tension``,
   the activation added to the baseline tone, as a share of a typical adult's
   maximum. McGill suggests a light brace of about 5 to 10% of maximum for daily
   tasks; "strong" guarding is taken as clearly above that.

   ========== ==========================
   bracing    tension (share of maximum)
   ========== ==========================
   "none"     0
   "mild"     0.05
   "strong"   0.15
   ========== ==========================

   Bracing and strength are separate: a strong, relaxed wall adds no push; a
   tense wall adds push whatever its strength.

3. Hip flexors: length, in the wording of the Thomas test ("normal", "mildly
   tight", "moderately tight", "very tight"). The Thomas test measures
   hip-extension range, not muscle activity, and studies found little link
   between hip-flexor length, pelvic tilt, lordosis or back pain (Heino et al.
   1990; Nourbakhsh & Arab 2002). So the rating moves no load in the model: the
   profile keeps it for the plan and the lessons, which say what is and is not
   known. The psoas adds load only in tasks that make it work hard
   (``Posture.hip_flexor_activation``).

A group left out of the profile counts as typical (1.0) and is shown as "not rated".
The stored values ("mild", "mildly tight") are identifiers, in English in every
language; the plan shows them in the reader's words (``content/pages.toml`` [form],
``handout/plan_page.js``, ratingText).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationInfo

from eduwidgets.content import exercises as exercise_content
from eduwidgets.content import not_allowed, validate_toml_file
from eduwidgets.content.exercises import DAYS_PER_WEEK_RANGE
from eduwidgets.model import Body, Muscles
from eduwidgets.patient.fields import (
    BRACING_SCALE,
    FIRST_NAME_MAX_CHARS,
    HIP_FLEXOR_LENGTH_SCALE,
    OXFORD_SCALE,
    Bracing,
    FirstName,
    Grade,
    HeightM,
    HipFlexorLength,
    Language,
    MassKg,
    Note,
    patient_schema,
    text_rules,
)

__all__ = [
    "BRACING_GROUPS",
    "BRACING_SCALE",
    "FIRST_NAME_MAX_CHARS",
    "HIP_FLEXOR_LENGTH_SCALE",
    "OXFORD_SCALE",
    "PROFILE_ENV",
    "RATING_FIELDS",
    "STRENGTH_GROUPS",
    "Profile",
    "current_profile",
    "exercise_ids",
    "load_profile",
    "page_rules",
]

PROFILE_ENV = "EDUWIDGETS_PROFILE"

STRENGTH_GROUPS = ("extensors", "obliques", "abdominals")
BRACING_GROUPS = ("obliques", "abdominals")
MUSCLE_FIELDS = {
    "extensors": ("strength",),
    "obliques": ("strength", "bracing"),
    "abdominals": ("strength", "bracing"),
    "hip_flexors": ("length",),
}


def exercise_ids() -> tuple[str, ...]:
    """The exercise ids a profile may name: those of ``content/exercises.toml``."""
    return exercise_content.exercise_ids()


@dataclass(frozen=True)
class ExerciseChoice:
    """One exercise the clinician chose, with doses that override the defaults (None: default)."""

    id: str
    sets: int | None = None
    reps: int | None = None
    hold_s: int | None = None
    rest_s: int | None = None
    days_per_week: int | None = None  # how many days a week; None: the exercise's own

    def dose(self) -> dict[str, int]:
        """Only the doses the clinician set (keyword arguments for ``ExerciseDemo``)."""
        values = {"sets": self.sets, "reps": self.reps, "hold_s": self.hold_s}
        values["rest_s"] = self.rest_s
        return {name: value for name, value in values.items() if value is not None}


@dataclass(frozen=True)
class Profile:
    """One patient's profile. Ratings left out are None and count as typical."""

    source: str = ""
    first_name: str | None = None
    language: str | None = None  # the plan's and lessons' language; None: as the caller says
    strength: dict[str, int | None] = field(default_factory=lambda: dict.fromkeys(STRENGTH_GROUPS))
    bracing: dict[str, str] = field(default_factory=lambda: dict.fromkeys(BRACING_GROUPS, "none"))
    hip_flexor_length: str | None = None
    mass_kg: float | None = None
    height_m: float | None = None
    exercises: tuple[ExerciseChoice, ...] = ()
    note: str | None = None

    def muscle_value(self, group: str) -> float:
        """The strength of one group in ``Muscles`` (step 1 of the module docstring).

        Hip flexors have no strength grade in a profile and count as typical.
        """
        grade = self.strength.get(group)
        return OXFORD_SCALE[5 if grade is None else grade]

    def tension_value(self, group: str) -> float:
        """The bracing of one group as ``Muscles.<group>_tension`` (step 2)."""
        return BRACING_SCALE[self.bracing.get(group, "none")]

    def muscles(self) -> Muscles:
        strength = {group: self.muscle_value(group) for group in MUSCLE_FIELDS}
        tension = {f"{group}_tension": self.tension_value(group) for group in BRACING_GROUPS}
        return Muscles(**strength, **tension)

    def body(self) -> Body:
        defaults = Body()
        return Body(
            mass_kg=defaults.mass_kg if self.mass_kg is None else self.mass_kg,
            height_m=defaults.height_m if self.height_m is None else self.height_m,
        )

    def weak_groups(self) -> list[str]:
        """Groups graded below 5 on the Oxford scale."""
        return [g for g in STRENGTH_GROUPS if (self.strength.get(g) or 5) < 5]

    def tight_or_guarded_groups(self) -> list[str]:
        """Hip flexors rated tight, and abdominals or obliques that brace."""
        groups = [g for g in BRACING_GROUPS if self.bracing.get(g, "none") != "none"]
        if (self.hip_flexor_length or "normal") != "normal":
            groups.append("hip_flexors")
        return groups


# ---------------------------------------------------------------- the file's rules


class Table(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class ExtensorRatings(Table):
    strength: Grade | None = None


class TrunkWallRatings(Table):
    strength: Grade | None = None
    bracing: Bracing | None = None


class HipFlexorRatings(Table):
    length: HipFlexorLength | None = None


class MuscleRatings(Table):
    extensors: ExtensorRatings = ExtensorRatings()
    obliques: TrunkWallRatings = TrunkWallRatings()
    abdominals: TrunkWallRatings = TrunkWallRatings()
    hip_flexors: HipFlexorRatings = HipFlexorRatings()


class BodySize(Table):
    mass_kg: MassKg | None = None
    height_m: HeightM | None = None


def _known_exercise(value: str, info: ValidationInfo) -> str:
    """A known exercise id, named once in the file (``info.context`` notes the ids seen)."""
    if value not in exercise_ids():
        raise not_allowed("not a known exercise")
    seen = info.context.setdefault("exercise_ids", set()) if info.context is not None else set()
    if value in seen:
        raise not_allowed("listed twice; list it once")
    seen.add(value)
    return value


def _dose(name: str):
    low, high = {**exercise_content.DOSE_RANGES, "days_per_week": DAYS_PER_WEEK_RANGE}[name]
    unit = " (seconds)" if name.endswith("_s") else ""
    allowed = f"a whole number from {low} to {high}{unit}"
    return Annotated[int, Field(ge=low, le=high, description=allowed)]


class ExerciseEntry(Table):
    id: Annotated[
        str,
        AfterValidator(_known_exercise),
        Field(description="one of " + ", ".join(exercise_ids())),
    ]
    sets: _dose("sets") | None = None
    reps: _dose("reps") | None = None
    hold_s: _dose("hold_s") | None = None
    rest_s: _dose("rest_s") | None = None
    days_per_week: _dose("days_per_week") | None = None


class ProfileFile(Table):
    """A profile file as the clinician writes it; every field optional."""

    first_name: FirstName | None = None
    language: Language | None = None
    note: Note | None = None
    muscles: Annotated[
        MuscleRatings, Field(description="a table [muscles] of muscle-group tables")
    ] = MuscleRatings()
    body: Annotated[BodySize, Field(description="a table [body] with mass_kg, height_m")] = (
        BodySize()
    )
    exercises: Annotated[
        list[ExerciseEntry], Field(description="a list of [[exercises]] tables, each with an id")
    ] = []

    def profile(self, source: str) -> Profile:
        ratings = self.muscles
        return Profile(
            source=source,
            first_name=self.first_name,
            language=self.language,
            strength={group: getattr(ratings, group).strength for group in STRENGTH_GROUPS},
            bracing={group: getattr(ratings, group).bracing or "none" for group in BRACING_GROUPS},
            hip_flexor_length=ratings.hip_flexors.length,
            mass_kg=self.body.mass_kg,
            height_m=self.body.height_m,
            exercises=tuple(ExerciseChoice(**entry.model_dump()) for entry in self.exercises),
            note=self.note,
        )


def load_profile(path: str | Path) -> Profile:
    """Read and check a profile TOML file. Any problem raises ``InputError``."""
    return validate_toml_file(ProfileFile, path).profile(str(path))


def current_profile() -> Profile | None:
    """The profile named by the ``EDUWIDGETS_PROFILE`` environment variable, if set.

    Handouts set it for the notebook's kernel so widgets can start from the
    patient's values.
    """
    path = os.environ.get(PROFILE_ENV, "").strip()
    return load_profile(path) if path else None


# ---------------------------------------------------------------- the same mapping in the browser

RATING_FIELDS = {
    "extensors_strength": "oxford",
    "obliques_strength": "oxford",
    "obliques_bracing": "bracing",
    "abdominals_strength": "oxford",
    "abdominals_bracing": "bracing",
    "hip_flexors_length": "hip_flexor_length",
}
"""The flat rating names of the patient form and a lesson address -> the scale each uses."""

PAGE_MUSCLE_RULES: dict[str, tuple[tuple[str, str], ...]] = {
    "extensors": (("extensors_strength", "oxford"),),
    "obliques": (("obliques_strength", "oxford"),),
    "abdominals": (("abdominals_strength", "oxford"),),
    "obliques_tension": (("obliques_bracing", "bracing"),),
    "abdominals_tension": (("abdominals_bracing", "bracing"),),
}
"""``Muscles`` field -> the ratings that set it, as (rating field, scale), first match wins.

This restates ``Profile.muscles`` as data, so a lesson page can map the ratings in
its address to model inputs itself (``widgets/patient.js``, ``EduWidgets.patientModelInputs``):
a rating sets the field when its scale gives a number for it; a field with no rating
keeps its typical value. Strength grades set strength, bracing sets tension, and the
hip-flexor length (Thomas test) sets nothing: it moves no load (module docstring).
``tests/test_patient_client.py`` checks this table against ``Profile.muscles()`` for
every combination of ratings. Change both together.
"""


def page_rules() -> dict:
    """The rating scales and the rating -> model-input table, as JSON for the browser."""
    from dataclasses import fields as dataclass_fields

    schema = patient_schema()

    typical_muscles = Profile().muscles()
    typical_body = Profile().body()
    return {
        "scales": {
            "oxford": {str(grade): value for grade, value in OXFORD_SCALE.items()},
            "bracing": dict(BRACING_SCALE),
            # Allowed words only: a Thomas-test rating is not a model input.
            "hip_flexor_length": dict.fromkeys(HIP_FLEXOR_LENGTH_SCALE),
        },
        "ratings": dict(RATING_FIELDS),
        "muscles": {
            f.name: {
                "from": [list(rule) for rule in PAGE_MUSCLE_RULES.get(f.name, ())],
                "typical": getattr(typical_muscles, f.name),
            }
            for f in dataclass_fields(Muscles)
        },
        "body": {
            f.name: {
                "typical": getattr(typical_body, f.name),
                "range": [schema[f.name]["minimum"], schema[f.name]["maximum"]],
            }
            for f in dataclass_fields(Body)
        },
        "first_name_max_chars": schema["first_name"]["maxLength"],
        "text": text_rules(),
    }

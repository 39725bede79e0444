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
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from eduwidgets.content import load_toml_file
from eduwidgets.errors import InputError
from eduwidgets.model import BODY_RANGES, Body, Muscles
from eduwidgets.widgets import exercise_demo

__all__ = [
    "BRACING_SCALE",
    "HIP_FLEXOR_LENGTH_SCALE",
    "OXFORD_SCALE",
    "ExerciseChoice",
    "Profile",
    "current_profile",
    "exercise_ids",
    "load_profile",
]

PROFILE_ENV = "EDUWIDGETS_PROFILE"

OXFORD_SCALE = {5: 1.0, 4: 0.75, 3: 0.5, 2: 0.3, 1: 0.2}
"""Oxford / MRC strength grade -> ``Muscles`` value (grade 0 is not allowed: see module doc)."""

HIP_FLEXOR_LENGTH_SCALE = ("normal", "mildly tight", "moderately tight", "very tight")
"""Thomas-test wording for hip-flexor length; kept for the plan, not a model input."""

BRACING_SCALE = {"none": 0.0, "mild": 0.05, "strong": 0.15}
"""Guarding of abdominals or obliques -> ``Muscles.*_tension`` (share of maximum)."""

STRENGTH_GROUPS = ("extensors", "obliques", "abdominals")
BRACING_GROUPS = ("obliques", "abdominals")
MUSCLE_FIELDS = {
    "extensors": ("strength",),
    "obliques": ("strength", "bracing"),
    "abdominals": ("strength", "bracing"),
    "hip_flexors": ("length",),
}
GROUP_NAMES = {
    "extensors": "back muscles (extensors)",
    "obliques": "side stomach muscles (obliques)",
    "abdominals": "front stomach muscles (abdominals)",
    "hip_flexors": "hip flexors",
}
FIRST_NAME_MAX_CHARS = 40
NOTE_MAX_CHARS = 1000
TOP_LEVEL_FIELDS = ("first_name", "note", "muscles", "body", "exercises")
EXERCISE_FIELDS = ("id", "sets", "reps", "hold_s", "rest_s")


def exercise_ids() -> tuple[str, ...]:
    """The exercise ids a profile may name: those of ``ExerciseDemo``'s data file."""
    return tuple(exercise_demo.exercise_ids())


def dose_ranges() -> dict[str, tuple[int, int]]:
    """Allowed doses (whole numbers, inclusive): the same limits ``ExerciseDemo`` checks."""
    return dict(exercise_demo.DOSE_RANGES)


@dataclass(frozen=True)
class ExerciseChoice:
    """One exercise the clinician chose, with doses that override the defaults (None: default)."""

    id: str
    sets: int | None = None
    reps: int | None = None
    hold_s: int | None = None
    rest_s: int | None = None

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

    def rating_text(self, group: str) -> str:
        """The clinician's rating of one group in words, e.g. "strength 3 of 5, bracing mild"."""
        parts = []
        if group == "hip_flexors":
            if self.hip_flexor_length:
                parts.append(self.hip_flexor_length)
        else:
            grade = self.strength.get(group)
            if grade is not None:
                parts.append(f"strength {grade} of 5")
            if self.bracing.get(group, "none") != "none":
                parts.append(f"bracing: {self.bracing[group]}")
        return ", ".join(parts) or "not rated"


# ---------------------------------------------------------------- loading and checking


def load_profile(path: str | Path) -> Profile:
    """Read and check a profile TOML file. Any problem raises ``InputError``."""
    source = str(path)
    data = load_toml_file(path)
    text = Path(path).read_text(encoding="utf-8")
    check = _Checker(source, text)
    check.known_keys(data, TOP_LEVEL_FIELDS, ())

    first_name = check.text(data, "first_name", FIRST_NAME_MAX_CHARS, single_line=True)
    note = check.text(data, "note", NOTE_MAX_CHARS, single_line=False)

    strength: dict[str, int | None] = dict.fromkeys(STRENGTH_GROUPS)
    bracing = dict.fromkeys(BRACING_GROUPS, "none")
    hip_flexor_length = None
    muscles = check.table(data, "muscles", ())
    check.known_keys(muscles, tuple(MUSCLE_FIELDS), ("muscles",))
    for group, allowed in MUSCLE_FIELDS.items():
        ratings = check.table(muscles, group, ("muscles",))
        where = ("muscles", group)
        check.known_keys(ratings, allowed, where)
        if "strength" in ratings:
            strength[group] = check.grade(ratings["strength"], (*where, "strength"))
        if "bracing" in ratings:
            bracing[group] = check.choice(ratings["bracing"], (*where, "bracing"), BRACING_SCALE)
        if "length" in ratings:
            hip_flexor_length = check.choice(
                ratings["length"], (*where, "length"), HIP_FLEXOR_LENGTH_SCALE
            )

    body = check.table(data, "body", ())
    check.known_keys(body, tuple(BODY_RANGES), ("body",))
    sizes = {
        name: check.number(body[name], ("body", name), BODY_RANGES[name], unit)
        for name, unit in (("mass_kg", "kg"), ("height_m", "m"))
        if name in body
    }

    exercises = check.exercises(data.get("exercises", []))
    return Profile(
        source=source,
        first_name=first_name,
        strength=strength,
        bracing=bracing,
        hip_flexor_length=hip_flexor_length,
        mass_kg=sizes.get("mass_kg"),
        height_m=sizes.get("height_m"),
        exercises=exercises,
        note=note,
    )


def current_profile() -> Profile | None:
    """The profile named by the ``EDUWIDGETS_PROFILE`` environment variable, if set.

    Handouts set it for the notebook's kernel so widgets can start from the
    patient's values.
    """
    path = os.environ.get(PROFILE_ENV, "").strip()
    return load_profile(path) if path else None


def _dotted(path: tuple) -> str:
    out = ""
    for part in path:
        out += f"[{part + 1}]" if isinstance(part, int) else ("." if out else "") + part
    return out


def _shown(value: object) -> str:
    """A value as it looks in TOML (true, 3, "text"), for error messages."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return '"' + value.replace('"', '\\"') + '"'
    return repr(value)


def _type_name(value: object) -> str:
    names = {bool: "true/false", int: "a whole number", float: "a number", str: "text"}
    names.update({list: "a list", dict: "a table"})
    return names.get(type(value), type(value).__name__)


class _Checker:
    """Field checks; each failure is one InputError: file, line, field, value, what is allowed."""

    def __init__(self, source: str, text: str):
        self.source = source
        self.text_lines = text.splitlines()

    def fail(self, path: tuple, message: str):
        name = _dotted(path)
        raise InputError(
            f"{name}: {message}", source=self.source, field=name, line=self.line_of(path)
        )

    def line_of(self, path: tuple) -> int | None:
        """Line number (1-based) where the key at ``path`` is written, when it can be found."""
        table: tuple = ()
        counts: dict[tuple, int] = {}
        best = None
        for number, raw in enumerate(self.text_lines, start=1):
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            header = re.match(r"^\[\[\s*([^\]]+?)\s*\]\]", line) or re.match(
                r"^\[\s*([^\]]+?)\s*\]", line
            )
            if header:
                keys = tuple(_key_parts(header.group(1)))
                if line.startswith("[["):
                    counts[keys] = counts.get(keys, -1) + 1
                    table = (*keys, counts[keys])
                else:
                    table = keys
                if table == tuple(path):
                    best = number
                continue
            key = re.match(r"^([A-Za-z0-9_\-\"'. ]+?)\s*=", line)
            if key:
                full = (*table, *_key_parts(key.group(1)))
                if full == tuple(path):
                    return number
                if best is None and tuple(path)[: len(full)] == full:
                    best = number  # an inline table or array holding the field
        return best

    def known_keys(self, table: dict, allowed: tuple[str, ...], where: tuple) -> None:
        for key in table:
            if key not in allowed:
                self.fail(
                    (*where, key),
                    f"unknown field. Allowed here: {', '.join(allowed)}.",
                )

    def table(self, data: dict, key: str, where: tuple) -> dict:
        value = data.get(key, {})
        if not isinstance(value, dict):
            self.fail(
                (*where, key),
                f"must be a table ([{_dotted((*where, key))}]), not {_type_name(value)}.",
            )
        return value

    def text(self, data: dict, key: str, max_chars: int, single_line: bool) -> str | None:
        if key not in data:
            return None
        value = data[key]
        if not isinstance(value, str):
            self.fail((key,), f"must be text in quotes, not {_type_name(value)} ({_shown(value)}).")
        value = value.strip()
        if not value or len(value) > max_chars:
            self.fail(
                (key,),
                f"has {len(value)} characters; allowed: 1 to {max_chars} (or leave the field out).",
            )
        if single_line and any(ch in value for ch in "\r\n\t"):
            self.fail((key,), "must be one line of text, with no line breaks or tabs.")
        if any(ord(ch) < 32 and ch not in "\n\t" for ch in value):
            self.fail((key,), "holds a control character; allowed: printable text only.")
        return value

    def grade(self, value: object, path: tuple) -> int:
        allowed = (
            "a whole number from 1 to 5 on the Oxford (MRC) scale "
            "(5 normal, 4 against some resistance, 3 against gravity, 2 with gravity "
            "taken away, 1 a flicker; round 4+ or 4- to the nearest whole grade)"
        )
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(path, f"{_shown(value)} is {_type_name(value)}; allowed: {allowed}.")
        if value == 0:
            self.fail(
                path,
                "0 (no contraction) is not allowed: it is below the weakest muscle this "
                "teaching model describes, so it needs a clinician's own plan. "
                f"Allowed: {allowed}.",
            )
        if value not in OXFORD_SCALE:
            self.fail(path, f"{_shown(value)} is out of range; allowed: {allowed}.")
        return value

    def choice(self, value: object, path: tuple, choices: dict) -> str:
        allowed = ", ".join(f'"{c}"' for c in choices)
        if not isinstance(value, str):
            self.fail(path, f"{_shown(value)} is {_type_name(value)}; allowed: one of {allowed}.")
        normalised = " ".join(value.lower().replace("-", " ").split())
        if normalised not in choices:
            self.fail(path, f"{_shown(value)} is not a known rating; allowed: one of {allowed}.")
        return normalised

    def number(self, value: object, path: tuple, limits: tuple, unit: str) -> float:
        low, high = limits
        allowed = f"a number from {low:g} to {high:g} {unit}"
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.fail(path, f"{_shown(value)} is {_type_name(value)}; allowed: {allowed}.")
        if not low <= value <= high:  # NaN fails this too
            self.fail(path, f"{_shown(value)} is out of range; allowed: {allowed}.")
        return float(value)

    def exercises(self, value: object) -> tuple[ExerciseChoice, ...]:
        if not isinstance(value, list):
            self.fail(
                ("exercises",),
                f"must be a list of [[exercises]] tables, not {_type_name(value)}.",
            )
        known = exercise_ids()
        ranges = dose_ranges()
        chosen: list[ExerciseChoice] = []
        seen: set[str] = set()
        for index, item in enumerate(value):
            where = ("exercises", index)
            if not isinstance(item, dict):
                self.fail(where, f"must be a table with an id, not {_type_name(item)}.")
            self.known_keys(item, EXERCISE_FIELDS, where)
            if "id" not in item:
                self.fail(where, f"has no id; allowed ids: {', '.join(known)}.")
            exercise_id = item["id"]
            if not isinstance(exercise_id, str) or exercise_id not in known:
                self.fail(
                    (*where, "id"),
                    f"{_shown(exercise_id)} is not a known exercise; allowed: {', '.join(known)}.",
                )
            if exercise_id in seen:
                self.fail((*where, "id"), f"{_shown(exercise_id)} is listed twice; list it once.")
            seen.add(exercise_id)
            dose = {}
            for name, (low, high) in ranges.items():
                if name not in item:
                    continue
                dose_value = item[name]
                allowed = f"a whole number from {low} to {high}" + (
                    " (seconds)" if name.endswith("_s") else ""
                )
                if isinstance(dose_value, bool) or not isinstance(dose_value, int):
                    self.fail(
                        (*where, name),
                        f"{_shown(dose_value)} is {_type_name(dose_value)}; allowed: {allowed}.",
                    )
                if not low <= dose_value <= high:
                    message = f"{_shown(dose_value)} is out of range; allowed: {allowed}."
                    self.fail((*where, name), message)
                dose[name] = dose_value
            chosen.append(ExerciseChoice(id=exercise_id, **dose))
        return tuple(chosen)


def _key_parts(key: str) -> list[str]:
    """Split a TOML key like ``muscles."hip_flexors"`` into its parts."""
    return [part.strip().strip("\"'") for part in key.split(".")]


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

CLIENT_MUSCLE_RULES: dict[str, tuple[tuple[str, str], ...]] = {
    "extensors": (("extensors_strength", "oxford"),),
    "obliques": (("obliques_strength", "oxford"),),
    "abdominals": (("abdominals_strength", "oxford"),),
    "obliques_tension": (("obliques_bracing", "bracing"),),
    "abdominals_tension": (("abdominals_bracing", "bracing"),),
}
"""``Muscles`` field -> the ratings that set it, as (rating field, scale), first match wins.

This restates ``Profile.muscles`` as data, so a lesson page can map the ratings in
its address to model inputs itself (``widgets/patient.js``, ``EW.patientModelInputs``):
a rating sets the field when its scale gives a number for it; a field with no rating
keeps its typical value. Strength grades set strength, bracing sets tension, and the
hip-flexor length (Thomas test) sets nothing: it moves no load (module docstring).
``tests/test_patient_client.py`` checks this table against ``Profile.muscles()`` for
every combination of ratings. Change both together.
"""


def client_rules() -> dict:
    """The rating scales and the rating -> model-input table, as JSON for the browser."""
    from dataclasses import fields as dataclass_fields

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
                "from": [list(rule) for rule in CLIENT_MUSCLE_RULES.get(f.name, ())],
                "typical": getattr(typical_muscles, f.name),
            }
            for f in dataclass_fields(Muscles)
        },
        "body": {
            f.name: {"typical": getattr(typical_body, f.name), "range": list(BODY_RANGES[f.name])}
            for f in dataclass_fields(Body)
        },
        "first_name_max_chars": FIRST_NAME_MAX_CHARS,
    }

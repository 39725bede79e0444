"""The exercises: every record of ``content/exercises.toml``, loaded and checked.

Exercises are data, not code: each record holds what it trains, the dose, the steps
and cues, the key poses of the animation and the sources. ``ExerciseDemo``
(``widgets/exercise_demo.py``) turns one of them into a widget; profiles name them
by id.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from functools import cache
from types import MappingProxyType
from typing import Any

from eduwidgets.content import content_path, load_content
from eduwidgets.content.muscle_groups import group_words
from eduwidgets.content.red_flags import (
    DEFAULT_EMERGENCY_NUMBER,
    LEVELS,
    fill_template,
    level_texts,
)
from eduwidgets.errors import InputError

__all__ = [
    "MUSCLE_GROUPS",
    "Dose",
    "Exercise",
    "StopSign",
    "exercise_ids",
    "exercises",
    "get_exercise",
]

CONTENT_FILE = "exercises.toml"

# The four trunk muscle groups of the model, with the plain words a patient sees.
MUSCLE_GROUPS = group_words("words")

# The direction of each body part of the side-view figure, in degrees in the picture:
# 0 points right, 90 straight up, 180 left, -90 straight down. "near" is the side of the
# body facing you (drawn darker), "far" the other side. Names end in the part's distal joint
# in widgets/exercise_demo.js, which owns the lengths and the drawing.
BODY_PARTS = (
    "lower_trunk",
    "upper_trunk",
    "head",
    "upper_arm_near",
    "forearm_near",
    "upper_arm_far",
    "forearm_far",
    "thigh_near",
    "shin_near",
    "foot_near",
    "thigh_far",
    "shin_far",
    "foot_far",
)
# Points of the figure; the animation's anchor keeps one of them still (left to right).
JOINTS = (
    "hip",
    "waist",
    "shoulder",
    "head",
    "elbow_near",
    "hand_near",
    "elbow_far",
    "hand_far",
    "knee_near",
    "ankle_near",
    "toe_near",
    "knee_far",
    "ankle_far",
    "toe_far",
)
ANGLE_RANGE_DEG = (-360.0, 360.0)
# "trains" of a mobility exercise (cat-camel): it moves the spine and strengthens no group.
MOBILITY = "gentle back movement"

# Dose limits: wide enough for any home programme, narrow enough to catch typing slips.
DOSE_RANGES = MappingProxyType(
    {
        "sets": (1, 10),
        "reps": (1, 30),
        "hold_s": (0, 120),  # 0 means "no hold": the figure keeps moving slowly
        "rest_s": (0, 300),
    }
)
MOVE_S_RANGE = (0.3, 6.0)

FIELDS = (
    "title",
    "trains",
    "purpose",
    "dose",
    "steps",
    "key_cue",
    "mistakes",
    "easier",
    "harder",
    "stop_if",
    "key_poses",
    "sources",
)
# Optional: why a record cites no source (better none than one that does not describe it).
OPTIONAL_FIELDS = ("source_note",)
SOURCE_FIELDS = ("author", "year", "title", "journal")


@dataclass(frozen=True)
class Dose:
    """How much to do: ``sets`` of ``reps``, each held ``hold_s`` seconds.

    ``per_side`` means the reps are done on each side in turn; ``rest_s`` is the rest
    between sets, in seconds. ``reps_by_set`` gives a descending pyramid (McGill's
    curl-up: fewer reps in each set, such as 5, then 3, then 1); empty means every
    set has ``reps``.
    """

    sets: int
    reps: int
    hold_s: int
    rest_s: int
    per_side: bool
    reps_by_set: tuple[int, ...] = ()

    def __post_init__(self) -> None:
        for name, (low, high) in DOSE_RANGES.items():
            check_whole_number(name, getattr(self, name), low, high)
        if not isinstance(self.per_side, bool):
            raise ValueError(f"per_side must be true or false, not {self.per_side!r}.")
        pyramid = self.reps_by_set
        if pyramid:
            if not isinstance(pyramid, tuple | list):
                raise ValueError(f"reps_by_set must be a list of whole numbers, not {pyramid!r}.")
            for value in pyramid:
                check_whole_number("reps_by_set", value, *DOSE_RANGES["reps"])
            descending = all(a > b for a, b in itertools.pairwise(pyramid))
            if len(pyramid) != self.sets or pyramid[0] != self.reps or not descending:
                raise ValueError(
                    f"reps_by_set = {list(pyramid)} must go down set by set, have one number "
                    f"per set (sets = {self.sets}) and start at reps = {self.reps}."
                )
            object.__setattr__(self, "reps_by_set", tuple(pyramid))

    def in_words(self) -> str:
        """The dose as a patient reads it, e.g. "Do 2 sets of 6 on each side. ..."."""
        sets = "1 set" if self.sets == 1 else f"{self.sets} sets"
        side = " on each side" if self.per_side else ""
        if self.reps_by_set:
            counts = ", then ".join(str(value) for value in self.reps_by_set)
            words = [f"Do {counts}{side}. Do fewer each set."]
        else:
            words = [f"Do {sets} of {self.reps}{side}."]
        if self.hold_s:
            words.append(f"Hold each one for {seconds(self.hold_s)}.")
        else:
            words.append("Move slowly. There is no hold.")
        if self.sets > 1 and self.rest_s:
            words.append(f"Rest {seconds(self.rest_s)} between sets.")
        return " ".join(words)


@dataclass(frozen=True)
class Pose:
    """One key pose of the animation: a name, the step it shows, and every part's angle."""

    name: str
    step: int  # 1-based number of the step the figure is doing at this pose
    angles: MappingProxyType  # body part -> degrees (see BODY_PARTS)


@dataclass(frozen=True)
class KeyPoses:
    """The animation: poses played in order each rep; ``hold`` names the pose held."""

    poses: tuple[Pose, ...]
    hold: str
    anchor: str  # the joint that stays still from pose to pose (see JOINTS)
    move_s: float  # seconds for each move between poses

    @property
    def hold_index(self) -> int:
        return [pose.name for pose in self.poses].index(self.hold)


@dataclass(frozen=True)
class StopSign:
    """A reason to stop an exercise, and how soon to get help (a red_flags level)."""

    level: str  # one of red_flags.LEVELS: emergency, urgent or routine
    text: str  # completes the level's stop_intro, e.g. "... if you get" + text

    def intro(self, emergency_number: str = DEFAULT_EMERGENCY_NUMBER) -> str:
        """The level's "Stop and ..." words, with the clinic's emergency number."""
        template = level_texts(self.level)["stop_intro"]
        return fill_template(template, {"emergency": emergency_number})

    def sentence(self, emergency_number: str = DEFAULT_EMERGENCY_NUMBER) -> str:
        return f"{self.intro(emergency_number)} {self.text}."


@dataclass(frozen=True)
class Source:
    author: str
    year: int
    title: str
    journal: str

    def citation(self) -> str:
        return f"{self.author} ({self.year}). {self.title}. {self.journal}."


@dataclass(frozen=True)
class Exercise:
    """One exercise record from ``content/exercises.toml``."""

    id: str
    title: str
    trains: tuple[str, ...]
    purpose: str
    dose: Dose
    steps: tuple[str, ...]
    key_cue: str
    mistakes: tuple[str, ...]
    easier: str
    harder: str
    stop_if: tuple[StopSign, ...]  # one line each, most urgent first
    key_poses: KeyPoses
    sources: tuple[Source, ...]
    source_note: str = ""  # why no source is cited, when none describes the exercise

    def trains_in_words(self) -> tuple[str, ...]:
        """What it trains, in plain words: model groups get their patient label."""
        return tuple(MUSCLE_GROUPS.get(item, item) for item in self.trains)

    def patient_text(self) -> str:
        """Every sentence a patient reads for this exercise (for the reading-level check)."""
        parts = [
            self.title + ".",
            self.purpose,
            self.dose.in_words(),
            *self.steps,
            self.key_cue,
            *self.mistakes,
            self.easier,
            self.harder,
            *(sign.sentence() for sign in self.stop_if),
        ]
        return " ".join(parts)


def seconds(value: int) -> str:
    return "1 second" if value == 1 else f"{value} seconds"


def check_whole_number(name: str, value: Any, low: int, high: int) -> None:
    """Raise a ValueError naming the field, the value and the allowed range."""
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ValueError(f"{name} must be a whole number from {low} to {high}; got {value!r}.")


class _Checker:
    """Reads one raw record and raises InputError naming the exercise and the field."""

    def __init__(self, exercise_id: str, source: str):
        self.exercise_id = exercise_id
        self.source = source

    def fail(self, field: str, message: str) -> InputError:
        return InputError(
            f"exercise {self.exercise_id!r}, field {field!r}: {message}",
            source=self.source,
            field=field,
        )

    def table(self, raw: Any, field: str, required: tuple[str, ...], optional=()) -> dict:
        if not isinstance(raw, dict):
            raise self.fail(field, f"must be a table, not {type(raw).__name__}.")
        missing = [name for name in required if name not in raw]
        if missing:
            raise self.fail(field, f"missing {', '.join(missing)} (needs {', '.join(required)}).")
        unknown = sorted(set(raw) - set(required) - set(optional))
        if unknown:
            allowed = ", ".join((*required, *optional))
            raise self.fail(field, f"unknown {', '.join(unknown)} (allowed: {allowed}).")
        return raw

    def text(self, raw: Any, field: str) -> str:
        if not isinstance(raw, str) or not raw.strip():
            raise self.fail(field, f"must be non-empty text, not {raw!r}.")
        return " ".join(raw.split())

    def texts(self, raw: Any, field: str) -> tuple[str, ...]:
        if not isinstance(raw, list) or not raw:
            raise self.fail(field, "must be a non-empty list of text.")
        return tuple(self.text(item, f"{field}[{i}]") for i, item in enumerate(raw))

    def number(self, raw: Any, field: str, low: float, high: float) -> float:
        if isinstance(raw, bool) or not isinstance(raw, int | float) or not low <= raw <= high:
            raise self.fail(field, f"must be a number from {low:g} to {high:g}, not {raw!r}.")
        return float(raw)

    def trains(self, raw: Any) -> tuple[str, ...]:
        items = self.texts(raw, "trains")
        if not any(item in MUSCLE_GROUPS or item == MOBILITY for item in items):
            groups = ", ".join(MUSCLE_GROUPS)
            raise self.fail(
                "trains",
                f"must name at least one of {groups}, or {MOBILITY!r} for an exercise "
                f"that only moves the spine; got {list(items)}.",
            )
        return items

    def dose(self, raw: Any) -> Dose:
        raw = self.table(
            raw, "dose", ("sets", "reps", "hold_s", "rest_s", "per_side"), ("reps_by_set",)
        )
        try:
            return Dose(**raw)
        except ValueError as error:
            raise self.fail("dose", str(error)) from None

    def stop_if(self, raw: Any) -> tuple[StopSign, ...]:
        """A list of {level, text}: every line points to one of the three levels."""
        if not isinstance(raw, list) or not raw:
            raise self.fail("stop_if", "must be a list of { level = ..., text = ... } tables.")
        found = []
        for i, item in enumerate(raw):
            field = f"stop_if[{i}]"
            item = self.table(item, field, ("level", "text"))
            level = item["level"]
            if level not in LEVELS:
                raise self.fail(f"{field}.level", f"{level!r} is not one of {', '.join(LEVELS)}.")
            text = self.text(item["text"], f"{field}.text")
            if text.lower().startswith(("stop", "call")):
                raise self.fail(f"{field}.text", "give only what the reader gets, not the action.")
            found.append(StopSign(level, text.rstrip(".")))
        if "emergency" not in {sign.level for sign in found}:
            raise self.fail("stop_if", "needs an emergency line (the signs to get help now).")
        return tuple(sorted(found, key=lambda sign: LEVELS.index(sign.level)))

    def sources(self, raw: Any, note: str) -> tuple[Source, ...]:
        if isinstance(raw, list) and not raw and note:
            return ()  # no source describes it: say so in source_note rather than cite a wrong one
        if not isinstance(raw, list) or not raw:
            raise self.fail(
                "sources", "must list at least one source, or be [] with a source_note."
            )
        found = []
        for i, item in enumerate(raw):
            field = f"sources[{i}]"
            item = self.table(item, field, SOURCE_FIELDS)
            year = int(self.number(item["year"], f"{field}.year", 1900, 2100))
            texts = {
                name: self.text(item[name], f"{field}.{name}")
                for name in SOURCE_FIELDS
                if name != "year"
            }
            found.append(Source(year=year, **texts))
        return tuple(found)

    def key_poses(self, raw: Any, step_count: int) -> KeyPoses:
        raw = self.table(raw, "key_poses", ("hold", "anchor", "poses"), ("move_s",))
        anchor = self.text(raw["anchor"], "key_poses.anchor")
        if anchor not in JOINTS:
            raise self.fail("key_poses.anchor", f"{anchor!r} is not one of {', '.join(JOINTS)}.")
        move_s = self.number(raw.get("move_s", 1.5), "key_poses.move_s", *MOVE_S_RANGE)
        if not isinstance(raw["poses"], list) or len(raw["poses"]) < 3:
            raise self.fail("key_poses.poses", "needs at least 3 poses (start, move, back).")
        poses: list[Pose] = []
        for i, item in enumerate(raw["poses"]):
            field = f"key_poses.poses[{i}]"
            item = self.table(item, field, ("name", "step"), ("angles", "same_as"))
            name = self.text(item["name"], f"{field}.name")
            if name in [pose.name for pose in poses]:
                raise self.fail(f"{field}.name", f"{name!r} is used twice.")
            step = int(self.number(item["step"], f"{field}.step", 1, step_count))
            angles = self.pose_angles(item, field, poses)
            poses.append(Pose(name, step, MappingProxyType(angles)))
        if dict(poses[-1].angles) != dict(poses[0].angles):
            raise self.fail(
                "key_poses.poses",
                f"the last pose ({poses[-1].name!r}) must match the first ({poses[0].name!r}) "
                "so that one rep flows into the next; add same_as = "
                f'"{poses[0].name}".',
            )
        hold = self.text(raw["hold"], "key_poses.hold")
        names = [pose.name for pose in poses]
        if hold not in names:
            raise self.fail("key_poses.hold", f"{hold!r} is not a pose; poses: {', '.join(names)}.")
        return KeyPoses(tuple(poses), hold, anchor, move_s)

    def pose_angles(self, item: dict, field: str, earlier: list[Pose]) -> dict[str, float]:
        """The first pose lists every part; later ones start from ``same_as`` or the pose before."""
        if "same_as" in item:
            base_name = self.text(item["same_as"], f"{field}.same_as")
            matches = [pose for pose in earlier if pose.name == base_name]
            if not matches:
                known = ", ".join(pose.name for pose in earlier) or "none yet"
                raise self.fail(
                    f"{field}.same_as", f"{base_name!r} is not an earlier pose ({known})."
                )
            angles = dict(matches[0].angles)
        elif earlier:
            angles = dict(earlier[-1].angles)
        else:
            angles = {}
        given = item.get("angles", {})
        if not isinstance(given, dict):
            raise self.fail(f"{field}.angles", "must be a table of body part = degrees.")
        unknown = sorted(set(given) - set(BODY_PARTS))
        if unknown:
            raise self.fail(
                f"{field}.angles",
                f"unknown body part {', '.join(unknown)} (allowed: {', '.join(BODY_PARTS)}).",
            )
        for part, value in given.items():
            angles[part] = self.number(value, f"{field}.angles.{part}", *ANGLE_RANGE_DEG)
        missing = [part for part in BODY_PARTS if part not in angles]
        if missing:
            raise self.fail(
                f"{field}.angles", f"the first pose must give every body part; missing {missing}."
            )
        return {part: angles[part] for part in BODY_PARTS}


def parse_exercise(exercise_id: str, raw: Any, source: str = CONTENT_FILE) -> Exercise:
    """Check one raw TOML record and build an Exercise; errors name the exercise and field."""
    check = _Checker(exercise_id, source)
    raw = check.table(raw, "(record)", FIELDS, OPTIONAL_FIELDS)
    steps = check.texts(raw["steps"], "steps")
    note = check.text(raw["source_note"], "source_note") if "source_note" in raw else ""
    return Exercise(
        id=exercise_id,
        title=check.text(raw["title"], "title"),
        trains=check.trains(raw["trains"]),
        purpose=check.text(raw["purpose"], "purpose"),
        dose=check.dose(raw["dose"]),
        steps=steps,
        key_cue=check.text(raw["key_cue"], "key_cue"),
        mistakes=check.texts(raw["mistakes"], "mistakes"),
        easier=check.text(raw["easier"], "easier"),
        harder=check.text(raw["harder"], "harder"),
        stop_if=check.stop_if(raw["stop_if"]),
        key_poses=check.key_poses(raw["key_poses"], len(steps)),
        sources=check.sources(raw["sources"], note),
        source_note=note,
    )


def parse_exercises(data: dict, source: str = CONTENT_FILE) -> dict[str, Exercise]:
    """Every record of a parsed exercises file (a table ``[exercises.<id>]`` per exercise)."""
    unknown = sorted(set(data) - {"exercises"})
    if unknown or not isinstance(data.get("exercises"), dict) or not data["exercises"]:
        raise InputError(
            "the file must hold one [exercises.<id>] table per exercise"
            + (f"; unknown top-level {', '.join(unknown)}" if unknown else "")
            + ".",
            source=source,
        )
    return {key: parse_exercise(key, raw, source) for key, raw in data["exercises"].items()}


@cache
def _packaged() -> MappingProxyType:
    return MappingProxyType(
        parse_exercises(load_content(CONTENT_FILE), str(content_path(CONTENT_FILE)))
    )


def exercises() -> dict[str, Exercise]:
    """Every packaged exercise, by id, checked (a fresh dict; the records are frozen)."""
    return dict(_packaged())


def exercise_ids() -> tuple[str, ...]:
    """The known exercise ids, in file order."""
    return tuple(_packaged())


def get_exercise(name: str) -> Exercise:
    """One exercise by id; an unknown id gives a ValueError that lists every known id."""
    known = _packaged()
    if name not in known:
        raise ValueError(f"Unknown exercise {name!r}. Known exercises: {', '.join(known)}.")
    return known[name]

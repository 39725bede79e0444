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
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    model_validator,
)

from eduwidgets.content import (
    content_path,
    current_language,
    load_content,
    not_allowed,
    validate_toml,
    value_error,
)
from eduwidgets.content.muscle_groups import GROUP_IDS, group_words, mobility_words
from eduwidgets.content.red_flags import (
    LEVELS,
    fill_template,
    level_texts,
)

__all__ = [
    "BODY_PARTS",
    "DAYS_PER_WEEK_RANGE",
    "DOSE_RANGES",
    "MUSCLE_GROUPS",
    "Dose",
    "Exercise",
    "ExercisesFile",
    "StopSign",
    "check_first_words",
    "exercise_ids",
    "exercises",
    "get_exercise",
    "parse_exercise",
    "parse_exercises",
]

CONTENT_FILE = "exercises.toml"
DOSE_WORDS = "dose_words.toml"  # how a dose reads ("Do 2 sets of 6 ...")

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
DAYS_PER_WEEK_RANGE = (1, 7)  # how many days a week the exercise is done; 7 = every day


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
        try:
            values = {name: getattr(self, name) for name in DoseFields.model_fields}
            pyramid = values["reps_by_set"]
            values["reps_by_set"] = list(pyramid) if isinstance(pyramid, tuple) else pyramid
            checked = DoseFields.model_validate(values)
        except ValidationError as error:
            raise value_error(error, DoseFields) from None
        object.__setattr__(self, "reps_by_set", tuple(checked.reps_by_set))

    def in_words(self) -> str:
        """The dose as a patient reads it, e.g. "Do 2 sets of 6 on each side. ..."."""
        words = load_content(DOSE_WORDS)
        side = words["on_each_side"] if self.per_side else ""
        if self.reps_by_set:
            counts = words["then"].join(str(value) for value in self.reps_by_set)
            parts = [words["pyramid"].format(counts=counts, side=side)]
        else:
            sets = words["one_set"] if self.sets == 1 else words["sets"].format(count=self.sets)
            parts = [words["plain"].format(sets=sets, reps=self.reps, side=side)]
        if self.hold_s:
            parts.append(words["hold"].format(time=seconds(self.hold_s)))
        else:
            parts.append(words["no_hold"])
        if self.sets > 1 and self.rest_s:
            parts.append(words["rest"].format(time=seconds(self.rest_s)))
        return " ".join(parts)

    def in_short_words(self) -> str:
        """The dose in a few words for a table cell, e.g. "2 × 5 each side, hold 8 s"."""
        words = load_content(DOSE_WORDS)
        side = words["short_side"] if self.per_side else ""
        hold = words["short_hold"].format(seconds=self.hold_s) if self.hold_s else ""
        if self.reps_by_set:
            counts = words["short_then"].join(str(value) for value in self.reps_by_set)
            return f"{counts}{side}{hold}"
        reps = str(self.reps)
        if self.sets > 1:
            reps = words["short_sets"].format(sets=self.sets, reps=self.reps)
        return f"{reps}{side}{hold}"


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

    def intro(self, emergency_number: str = "") -> str:
        """The level's "Stop and ..." words, with the clinic's emergency number ("" = not set)."""
        template = level_texts(self.level)["stop_intro"]
        return fill_template(template, {"emergency": emergency_number})

    def sentence(self, emergency_number: str = "") -> str:
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
    days_per_week: int = 7  # how often, from the exercise's source (1 to 7; 7 = every day)

    def how_often(self) -> str:
        """How many days a week, as a patient reads it ("Do this on 3 days a week.")."""
        words = load_content(DOSE_WORDS)["days_per_week"]
        if self.days_per_week == DAYS_PER_WEEK_RANGE[1]:
            return words["every"]
        return words["other"].format(count=self.days_per_week)

    def dose_in_words(self) -> str:
        """The dose and how often: what the demo and the plan show under "How much"."""
        return f"{self.dose.in_words()} {self.how_often()}"

    def trains_in_words(self) -> tuple[str, ...]:
        """What it trains, in plain words: model groups get their patient label.

        The labels are read when asked for, not when the module loads, so they follow
        the language a command chose after its imports (``plan --lang es``).
        """
        labels = group_words("words")
        return tuple(labels.get(item, item) for item in self.trains)

    def patient_text(self) -> str:
        """Every sentence a patient reads for this exercise (for the reading-level check)."""
        parts = [
            self.title + ".",
            self.purpose,
            self.dose_in_words(),
            *self.steps,
            self.key_cue,
            *self.mistakes,
            self.easier,
            self.harder,
            *(sign.sentence() for sign in self.stop_if),
        ]
        return " ".join(parts)


def seconds(value: int) -> str:
    """ "1 second" / "8 seconds", as the exercise demo's timer says it (widget_words.toml)."""
    plural = load_content("widget_words.toml")["exercise"]["seconds"]
    return plural["one" if value == 1 else "other"].format(count=value)


# ---------------------------------------------------------------- the file's rules


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


def _one_spaced(text: str) -> str:
    return " ".join(text.split())


Text = Annotated[
    str,
    AfterValidator(_one_spaced),
    Field(min_length=1, description="non-empty text in double quotes"),
]
Texts = Annotated[list[Text], Field(min_length=1, description="a non-empty list of text")]


def whole(name: str):
    low, high = DOSE_RANGES[name]
    return Annotated[
        int, Field(ge=low, le=high, description=f"a whole number from {low} to {high}")
    ]


class DoseFields(Strict):
    sets: whole("sets")
    reps: whole("reps")
    hold_s: whole("hold_s")
    rest_s: whole("rest_s")
    per_side: Annotated[bool, Field(description="true or false")]
    reps_by_set: Annotated[
        list[whole("reps")], Field(description="a list of whole numbers that goes down")
    ] = []

    @model_validator(mode="after")
    def _pyramid(self):
        pyramid = self.reps_by_set
        descending = all(a > b for a, b in itertools.pairwise(pyramid))
        if pyramid and (len(pyramid) != self.sets or pyramid[0] != self.reps or not descending):
            raise not_allowed(
                f"not allowed: reps_by_set = {list(pyramid)} must go down set by set",
                f"one number per set (sets = {self.sets}), starting at reps = {self.reps}",
            )
        return self


def _reader_gets(text: str) -> str:
    if text.lower().startswith(("stop", "call")):
        raise not_allowed("not allowed: it gives the action", "only what the reader gets")
    return text.rstrip(".")


class StopLine(Strict):
    level: Annotated[Literal[LEVELS], Field(description="one of " + ", ".join(LEVELS))]
    text: Annotated[Text, AfterValidator(_reader_gets)]


class SourceFields(Strict):
    author: Text
    year: Annotated[int, Field(ge=1900, le=2100, description="a year from 1900 to 2100")]
    title: Text
    journal: Text


Angle = Annotated[
    float,
    Field(ge=ANGLE_RANGE_DEG[0], le=ANGLE_RANGE_DEG[1], description="degrees, -360 to 360"),
]


class PoseFields(Strict):
    name: Text
    step: Annotated[int, Field(ge=1, description="the number of a step")]
    angles: Annotated[
        dict[Literal[BODY_PARTS], Angle],
        Field(description="a table of body part = degrees; parts: " + ", ".join(BODY_PARTS)),
    ] = {}
    same_as: Annotated[str | None, Field(description="the name of an earlier pose")] = None


def resolve_poses(poses: list[PoseFields]) -> list[dict[str, float]]:
    """Every pose's full angles: the first gives all; a later one starts from ``same_as`` or
    the pose before. Raises ``NotAllowed`` for a pose the animation cannot play."""
    resolved: dict[str, dict[str, float]] = {}
    for pose in poses:
        if pose.name in resolved:
            raise not_allowed(f"not allowed: the pose name {pose.name!r} is used twice")
        if pose.same_as is not None and pose.same_as not in resolved:
            raise not_allowed(
                f"not allowed: same_as = {pose.same_as!r} is not an earlier pose",
                "the name of an earlier pose: " + (", ".join(resolved) or "none yet"),
            )
        base = resolved[pose.same_as] if pose.same_as else (list(resolved.values()) or [{}])[-1]
        angles = {**base, **pose.angles}
        missing = [part for part in BODY_PARTS if part not in angles]
        if missing:
            raise not_allowed(
                f"not allowed: the first pose must give every body part; missing {missing}"
            )
        resolved[pose.name] = {part: angles[part] for part in BODY_PARTS}
    if resolved[poses[-1].name] != resolved[poses[0].name]:
        raise not_allowed(
            f"not allowed: the last pose ({poses[-1].name!r}) must match the first "
            f"({poses[0].name!r}) so that one rep flows into the next",
            f'a last pose with same_as = "{poses[0].name}"',
        )
    return list(resolved.values())


class KeyPosesFields(Strict):
    hold: Annotated[str, Field(description="the name of a pose")]
    anchor: Annotated[Literal[JOINTS], Field(description="one of " + ", ".join(JOINTS))]
    move_s: Annotated[
        float, Field(ge=MOVE_S_RANGE[0], le=MOVE_S_RANGE[1], description="0.3 to 6 seconds")
    ] = 1.5
    poses: Annotated[
        list[PoseFields], Field(min_length=3, description="at least 3 poses (start, move, back)")
    ]

    @model_validator(mode="after")
    def _playable(self):
        resolve_poses(self.poses)
        names = [pose.name for pose in self.poses]
        if self.hold not in names:
            raise not_allowed(f"not allowed: hold = {self.hold!r} is not a pose", ", ".join(names))
        return self


def _trains_a_group(items: list[str], info: ValidationInfo) -> list[str]:
    mobility = mobility_words((info.context or {}).get("language"))
    if not any(item in GROUP_IDS or item == mobility for item in items):
        raise not_allowed("not allowed: it names no muscle group")
    return items


def _has_emergency_line(lines: list[StopLine]) -> list[StopLine]:
    if "emergency" not in {line.level for line in lines}:
        raise not_allowed("not allowed: it needs an emergency line (the signs to get help now)")
    return lines


class ExerciseFields(Strict):
    title: Text
    trains: Annotated[
        Texts,
        AfterValidator(_trains_a_group),
        Field(
            description=f"at least one of {', '.join(GROUP_IDS)}, or the words of "
            "muscle_groups.toml's 'mobility' for an exercise that only moves the spine"
        ),
    ]
    purpose: Text
    dose: DoseFields
    days_per_week: Annotated[
        int,
        Field(
            ge=DAYS_PER_WEEK_RANGE[0],
            le=DAYS_PER_WEEK_RANGE[1],
            description="a whole number from 1 to 7 (7 = every day), from the source",
        ),
    ]
    steps: Texts
    key_cue: Text
    mistakes: Texts
    easier: Text
    harder: Text
    stop_if: Annotated[
        list[StopLine],
        AfterValidator(_has_emergency_line),
        Field(min_length=1, description="a list of { level = ..., text = ... } tables"),
    ]
    key_poses: KeyPosesFields
    sources: Annotated[
        list[SourceFields],
        Field(description="at least one source, or [] with a source_note"),
    ]
    source_note: Text = ""

    @model_validator(mode="after")
    def _steps_and_sources(self):
        if not self.sources and not self.source_note:
            raise not_allowed("not allowed: sources = [] needs a source_note saying why")
        for pose in self.key_poses.poses:
            if pose.step > len(self.steps):
                raise not_allowed(
                    f"not allowed: pose {pose.name!r} shows step {pose.step}",
                    f"a step from 1 to {len(self.steps)}",
                )
        return self

    def exercise(self, exercise_id: str) -> Exercise:
        poses = self.key_poses.poses
        angles = resolve_poses(poses)
        key_poses = KeyPoses(
            poses=tuple(
                Pose(pose.name, pose.step, MappingProxyType(a))
                for pose, a in zip(poses, angles, strict=True)
            ),
            hold=self.key_poses.hold,
            anchor=self.key_poses.anchor,
            move_s=self.key_poses.move_s,
        )
        stops = sorted(self.stop_if, key=lambda line: LEVELS.index(line.level))
        return Exercise(
            id=exercise_id,
            **{name: getattr(self, name) for name in TEXT_FIELDS},
            days_per_week=self.days_per_week,
            **{name: tuple(getattr(self, name)) for name in ("trains", "steps", "mistakes")},
            dose=Dose(**self.dose.model_dump()),
            stop_if=tuple(StopSign(line.level, line.text) for line in stops),
            key_poses=key_poses,
            sources=tuple(Source(**source.model_dump()) for source in self.sources),
        )


TEXT_FIELDS = ("title", "purpose", "key_cue", "easier", "harder", "source_note")


class CheckFirstFields(Strict):
    """The "check with your clinician first if" list shown where exercises start."""

    heading: Text
    intro: Text
    items: Texts


class CheckFirstFile(BaseModel):
    """The file as check_first_words() reads it: the [check_first] table is required."""

    model_config = ConfigDict(extra="ignore", strict=True, frozen=True)
    check_first: CheckFirstFields


class ExercisesFile(Strict):
    exercises: Annotated[
        dict[str, ExerciseFields],
        Field(min_length=1, description="one [exercises.<id>] table per exercise"),
    ]
    # Optional here so one record can be checked alone; check_first_words() requires it.
    check_first: CheckFirstFields | None = None


def parse_exercises(
    data: dict, source: str = CONTENT_FILE, text: str | None = None, language: str | None = None
) -> dict:
    """Every record of a parsed exercises file, checked; errors name the file, line and field."""
    context = {"language": language or current_language()}
    checked = validate_toml(ExercisesFile, data, source, text, context)
    return {key: record.exercise(key) for key, record in checked.exercises.items()}


def parse_exercise(exercise_id: str, raw: Any, source: str = CONTENT_FILE) -> Exercise:
    """Check one raw TOML record and build an Exercise; errors name the exercise and field."""
    return parse_exercises({"exercises": {exercise_id: raw}}, source)[exercise_id]


def _packaged() -> MappingProxyType:
    return _packaged_in(current_language())


@cache
def _packaged_in(language: str) -> MappingProxyType:
    path = content_path(CONTENT_FILE, language)
    text = path.read_text(encoding="utf-8")
    data = load_content(CONTENT_FILE, language)
    return MappingProxyType(parse_exercises(data, str(path), text, language))


def check_first_words(language: str | None = None) -> dict:
    """The screening list ("check with your clinician first if: ...") of the language's
    ``exercises.toml`` (the current language when None): heading, intro and items.

    Shown by every ``ExerciseDemo`` and once before the plan's exercises, so no exercise
    starts without it (docs/hazard-log.md, H23)."""
    language = language or current_language()
    path = content_path(CONTENT_FILE, language)
    data = load_content(CONTENT_FILE, language)
    checked = validate_toml(CheckFirstFile, data, str(path), path.read_text(encoding="utf-8"))
    return checked.check_first.model_dump()


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

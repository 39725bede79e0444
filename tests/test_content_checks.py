"""Every content file is checked by its pydantic model, with messages people can act on.

A bad value in any file gives one message: the file, the line, the field, the value
and what is allowed (``eduwidgets.content.input_error``).
"""

from __future__ import annotations

import pytest

from eduwidgets.content import content_path, parse_toml, validate_toml
from eduwidgets.content.exercises import ExercisesFile
from eduwidgets.content.knowledge_checks import ChecksFile
from eduwidgets.content.muscle_groups import MuscleGroupsFile
from eduwidgets.content.pages import PagesFile
from eduwidgets.content.red_flags import RedFlagsFile
from eduwidgets.errors import InputError

# (file, its model, the first line starting with this, what it becomes, field, words)
BAD_VALUES = {
    "red flags: a sign's level": (
        "red_flags.toml",
        RedFlagsFile,
        'level = "urgent"',
        'level = "soon"',
        "signs[{n}].level",
        ['"soon" is not one of', "allowed: one of emergency, urgent, routine"],
    ),
    "knowledge checks: correct as text": (
        "knowledge_checks.toml",
        ChecksFile,
        "correct = true",
        'correct = "yes"',
        "check[1].choice[1].correct",
        ['"yes" is not true or false', "allowed: true or false"],
    ),
    "exercises: a pose's speed": (
        "exercises.toml",
        ExercisesFile,
        "move_s = ",
        "move_s = 60",
        "exercises.{id}.key_poses.move_s",
        ["60 is out of range", "allowed: 0.3 to 6 seconds"],
    ),
    "muscle groups: a label as a number": (
        "muscle_groups.toml",
        MuscleGroupsFile,
        "figure_label = ",
        "figure_label = 3",
        "labels.extensors.figure_label",
        ["3 is not text in quotes", "allowed: a short label"],
    ),
    "pages: an empty footer line": (
        "pages.toml",
        PagesFile,
        "your_clinic = ",
        'your_clinic = ""',
        "footer.your_clinic",
        ['"" is too short', "allowed: non-empty text in double quotes"],
    ),
}


def _sign_number(lines: list[str], index: int) -> int:
    return sum(line.strip() == "[[signs]]" for line in lines[:index])


def _exercise_id(lines: list[str], index: int) -> str:
    header = next(line for line in reversed(lines[:index]) if line.startswith("[exercises."))
    return header.strip("[]").split(".")[1]


@pytest.mark.parametrize("case", BAD_VALUES, ids=list(BAD_VALUES))
def test_a_bad_value_names_file_line_field_value_and_allowed(case):
    name, model, starts, becomes, field, words = BAD_VALUES[case]
    lines = content_path(name).read_text(encoding="utf-8").splitlines()
    index = next(i for i, line in enumerate(lines) if line.startswith(starts))
    lines[index] = becomes
    if "{id}" in field:
        field = field.format(id=_exercise_id(lines, index))
    field = field.format(n=_sign_number(lines, index))
    text = "\n".join(lines) + "\n"
    with pytest.raises(InputError) as caught:
        validate_toml(model, parse_toml(text, name), name, text)
    message = str(caught.value)
    print(message)
    assert (caught.value.line, caught.value.field) == (index + 1, field)
    assert message.startswith(f"{name}, line {index + 1}: {field}: ")
    for expected in words:
        assert expected in message


@pytest.mark.parametrize(
    ("name", "model"),
    [
        ("red_flags.toml", RedFlagsFile),
        ("knowledge_checks.toml", ChecksFile),
        ("exercises.toml", ExercisesFile),
        ("muscle_groups.toml", MuscleGroupsFile),
        ("pages.toml", PagesFile),
    ],
)
def test_every_packaged_content_file_passes_its_model(name, model):
    text = content_path(name).read_text(encoding="utf-8")
    validate_toml(model, parse_toml(text, name), name, text)

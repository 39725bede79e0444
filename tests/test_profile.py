"""Patient profiles: the rating scales, the mapping to Muscles, and strict checking."""

from __future__ import annotations

import itertools
import re
import unicodedata

import pytest

import eduwidgets.patient.profile as profile_module
from eduwidgets.errors import InputError
from eduwidgets.model import MUSCLE_RANGES, Body, Muscles
from eduwidgets.patient.profile import (
    BRACING_SCALE,
    HIP_FLEXOR_LENGTH_SCALE,
    OXFORD_SCALE,
    PROFILE_ENV,
    Profile,
    current_profile,
    exercise_ids,
    load_profile,
)

from conftest import ROOT

EXAMPLE = ROOT / "examples" / "profile.toml"


def write(tmp_path, text: str):
    path = tmp_path / "profile.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_example_profile_loads_with_documented_values():
    profile = load_profile(EXAMPLE)
    assert profile.first_name == "Sam"
    # extensors grade 3 -> 0.5; obliques grade 4 -> 0.75; abdominals grade 4 -> 0.75 with
    # bracing "mild" -> tension 0.05; hip flexors "mildly tight" moves no load (the steps
    # in eduwidgets.patient.profile's docstring).
    assert profile.muscles() == Muscles(
        extensors=0.5, obliques=0.75, abdominals=0.75, abdominals_tension=0.05
    )
    assert profile.body() == Body(mass_kg=82.0, height_m=1.70)
    assert [e.id for e in profile.exercises] == [
        "bird-dog",
        "side-bridge-knees",
        "half-kneeling-hip-flexor-stretch",
    ]
    assert profile.exercises[0].dose() == {"sets": 2, "reps": 5, "hold_s": 8}
    assert profile.note and "Walk every day" in profile.note


def test_mapping_tables_are_the_documented_ones():
    assert OXFORD_SCALE == {5: 1.0, 4: 0.75, 3: 0.5, 2: 0.3, 1: 0.2}
    assert HIP_FLEXOR_LENGTH_SCALE == ("normal", "mildly tight", "moderately tight", "very tight")
    assert BRACING_SCALE == {"none": 0.0, "mild": 0.05, "strong": 0.15}
    docstring = profile_module.__doc__
    for words in ("Oxford", "Thomas test", "teaching mapping, not a measurement", "0.75"):
        assert words in docstring
    example = EXAMPLE.read_text()
    for words in ("Oxford", "Thomas test", "teaching mapping", "not a measurement"):
        assert words in example


def test_every_combination_maps_inside_the_models_ranges():
    grades = list(OXFORD_SCALE)
    for ext, obl, abd, hip, brace_o, brace_a in itertools.product(
        grades, grades, grades, HIP_FLEXOR_LENGTH_SCALE, BRACING_SCALE, BRACING_SCALE
    ):
        profile = Profile(
            strength={"extensors": ext, "obliques": obl, "abdominals": abd},
            bracing={"obliques": brace_o, "abdominals": brace_a},
            hip_flexor_length=hip,
        )
        muscles = profile.muscles()  # Muscles checks its own ranges
        for name, (low, high) in MUSCLE_RANGES.items():
            assert low <= getattr(muscles, name) <= high


def test_bracing_and_strength_are_separate_inputs(tmp_path):
    path = write(
        tmp_path,
        '[muscles.abdominals]\nstrength = 3\nbracing = "strong"\n',
    )
    profile = load_profile(path)
    assert profile.muscles().abdominals == 0.5
    assert profile.muscles().abdominals_tension == 0.15
    assert profile.weak_groups() == ["abdominals"]
    assert profile.tight_or_guarded_groups() == ["abdominals"]


def test_empty_profile_is_typical(tmp_path):
    profile = load_profile(write(tmp_path, "# nothing assessed yet\n"))
    assert profile.muscles() == Muscles()
    assert profile.body() == Body()
    assert profile.first_name is None and profile.note is None and profile.exercises == ()


def test_ratings_are_forgiving_about_case_and_hyphens(tmp_path):
    path = write(tmp_path, '[muscles.hip_flexors]\nlength = "Moderately-Tight"\n')
    profile = load_profile(path)
    assert profile.hip_flexor_length == "moderately tight"
    # A Thomas-test rating is kept for the plan but moves no load in the model.
    assert profile.muscles() == Muscles()


def test_very_tight_hip_flexors_alone_give_the_typical_standing_load(tmp_path):
    from eduwidgets.model import lumbar_load

    profile = load_profile(write(tmp_path, '[muscles.hip_flexors]\nlength = "very tight"\n'))
    assert lumbar_load(profile.body(), None, profile.muscles()) == lumbar_load()


def test_stronger_abdominals_never_raise_the_load_more_tension_does(tmp_path):
    from eduwidgets.model import lumbar_load

    weak = load_profile(write(tmp_path, "[muscles.abdominals]\nstrength = 2\n"))
    strong = load_profile(write(tmp_path, "[muscles.abdominals]\nstrength = 5\n"))
    tense = load_profile(write(tmp_path, '[muscles.abdominals]\nbracing = "mild"\n'))
    push = [lumbar_load(None, None, p.muscles()).compression_n for p in (weak, strong, tense)]
    assert push[0] == push[1] < push[2]


def test_exercise_ids_come_from_the_exercises_content():
    from eduwidgets.content.exercises import exercise_ids as demo_ids

    assert exercise_ids() == tuple(demo_ids())


# (profile text, field named in the message, line, words the message must hold)
BAD_PROFILES = {
    "unknown top-level field": (
        'first_name = "Ann"\nage = 40\n',
        "age",
        2,
        ["unknown field", "first_name, language, note, muscles, body, exercises"],
    ),
    "unknown muscle group": (
        "[muscles.glutes]\nstrength = 4\n",
        "muscles.glutes",
        1,
        ["unknown field", "extensors, obliques, abdominals, hip_flexors"],
    ),
    "unknown rating field": (
        "\n[muscles.extensors]\nlength = 3\n",
        "muscles.extensors.length",
        3,
        ["unknown field", "strength"],
    ),
    "grade as text": (
        '[muscles.extensors]\nstrength = "4+"\n',
        "muscles.extensors.strength",
        2,
        ['"4+" is not a whole number', "grade: 1, 2, 3, 4, 5", "round 4+ or 4-"],
    ),
    "grade 0": (
        "[muscles.obliques]\nstrength = 0\n",
        "muscles.obliques.strength",
        2,
        ["0 is not allowed: 0 (no contraction)", "clinician's own plan"],
    ),
    "grade 6": (
        "[muscles.abdominals]\nstrength = 6\n",
        "muscles.abdominals.strength",
        2,
        ["6 is out of range", "grade: 1, 2, 3, 4, 5"],
    ),
    "grade true": (
        "[muscles.abdominals]\nstrength = true\n",
        "muscles.abdominals.strength",
        2,
        ["true is not a whole number"],
    ),
    "unknown length": (
        '[muscles.hip_flexors]\nlength = "tight"\n',
        "muscles.hip_flexors.length",
        2,
        ['"tight" is not one of the allowed words', '"mildly tight"'],
    ),
    "unknown bracing": (
        'muscles.obliques.bracing = "a lot"\n',
        "muscles.obliques.bracing",
        1,
        ['"none", "mild", "strong"'],
    ),
    "bracing on extensors": (
        '[muscles.extensors]\nbracing = "mild"\n',
        "muscles.extensors.bracing",
        2,
        ["unknown field", "Allowed here: strength"],
    ),
    "mass out of range": (
        "[body]\nmass_kg = 500\n",
        "body.mass_kg",
        2,
        ["500 is out of range", "20 to 250 kg"],
    ),
    "height in centimetres": (
        "[body]\nheight_m = 170\n",
        "body.height_m",
        2,
        ["170 is out of range", "1 to 2.3 m"],
    ),
    "mass as text": (
        '[body]\nmass_kg = "80"\n',
        "body.mass_kg",
        2,
        ['"80" is not a number'],
    ),
    "unknown exercise": (
        '[[exercises]]\nid = "bird-dog"\n\n[[exercises]]\nid = "sit-up"\n',
        "exercises[2].id",
        5,
        ['"sit-up" is not a known exercise', "bird-dog", "pelvic-tilt"],
    ),
    "exercise twice": (
        '[[exercises]]\nid = "bird-dog"\n[[exercises]]\nid = "bird-dog"\n',
        "exercises[2].id",
        4,
        ["listed twice"],
    ),
    "exercise without id": (
        "[[exercises]]\nsets = 2\n",
        "exercises[1].id",
        1,
        ["is missing", "bird-dog"],
    ),
    "dose out of range": (
        '[[exercises]]\nid = "bird-dog"\nreps = 100\n',
        "exercises[1].reps",
        3,
        ["100 is out of range", "1 to 30"],
    ),
    "dose not whole": (
        '[[exercises]]\nid = "bird-dog"\nhold_s = 7.5\n',
        "exercises[1].hold_s",
        3,
        ["7.5 is not a whole number", "whole number from 0 to 120"],
    ),
    "unknown dose field": (
        '[[exercises]]\nid = "bird-dog"\nweight_kg = 2\n',
        "exercises[1].weight_kg",
        3,
        ["unknown field", "sets, reps, hold_s, rest_s, days_per_week"],
    ),
    "days a week out of range": (
        '[[exercises]]\nid = "bird-dog"\ndays_per_week = 8\n',
        "exercises[1].days_per_week",
        3,
        ["8 is out of range", "whole number from 1 to 7"],
    ),
    "exercises not a list": (
        'exercises = "bird-dog"\n',
        "exercises",
        1,
        ["list of [[exercises]] tables"],
    ),
    "name too long": (
        f'first_name = "{"A" * 41}"\n',
        "first_name",
        1,
        ["41 characters long", "1 to 40"],
    ),
    "name over two lines": (
        'first_name = "Ann\\nBell"\n',
        "first_name",
        1,
        ["one line"],
    ),
    "note too long": (
        f'\n\nnote = "{"word " * 201}"\n',
        "note",
        3,
        ["1 to 1000"],
    ),
    "muscles not a table": (
        "muscles = 3\n",
        "muscles",
        1,
        ["3 is not a table"],
    ),
}


@pytest.mark.parametrize("case", BAD_PROFILES, ids=list(BAD_PROFILES))
def test_bad_profiles_name_file_field_line_and_what_is_allowed(tmp_path, case):
    text, field, line, words = BAD_PROFILES[case]
    path = write(tmp_path, text)
    with pytest.raises(InputError) as caught:
        load_profile(path)
    error = caught.value
    message = str(error)
    assert error.source == str(path)
    assert error.field == field
    assert error.line == line, message
    assert message.startswith(f"{path}, line {line}: {field}")
    for expected in words:
        assert expected in message, message


def test_broken_toml_and_missing_file(tmp_path):
    with pytest.raises(InputError, match=r"line 2: this is not valid TOML"):
        load_profile(write(tmp_path, 'first_name = "Ann"\nnote = "unclosed\n'))
    with pytest.raises(InputError, match="does not exist"):
        load_profile(tmp_path / "nope.toml")


def test_typed_text_is_kept_as_text(tmp_path):
    path = write(
        tmp_path,
        'first_name = "<script>alert(1)</script>"\nnote = "<img src=x onerror=alert(1)>"\n',
    )
    profile = load_profile(path)
    # Kept exactly: escaping is the job of whatever shows it (see test_handout.py).
    assert profile.first_name == "<script>alert(1)</script>"
    assert profile.note == "<img src=x onerror=alert(1)>"


def test_current_profile_follows_the_environment(monkeypatch):
    monkeypatch.delenv(PROFILE_ENV, raising=False)
    assert current_profile() is None
    monkeypatch.setenv(PROFILE_ENV, "  ")
    assert current_profile() is None
    monkeypatch.setenv(PROFILE_ENV, str(EXAMPLE))
    assert current_profile() == load_profile(EXAMPLE)
    monkeypatch.setenv(PROFILE_ENV, str(EXAMPLE.parent / "missing.toml"))
    with pytest.raises(InputError, match="does not exist"):
        current_profile()


@pytest.mark.parametrize("name", ["Ann\\u0007", "Ann\\u007f", "Ann\\tLee"])
def test_a_control_character_in_a_first_name_is_refused_by_file_and_fragment(tmp_path, name):
    """One set of patient rules: the profile file and the lesson address refuse the same name."""
    from urllib.parse import quote

    from eduwidgets.patient.session import patient_from_query

    path = write(tmp_path, f'first_name = "{name}"\n')
    with pytest.raises(InputError, match="printable text on one line") as from_file:
        load_profile(path)
    assert from_file.value.field == "first_name" and from_file.value.line == 1
    typed = name.encode().decode("unicode_escape")
    with pytest.raises(InputError, match="printable text on one line") as from_form:
        patient_from_query("first_name=" + quote(typed))
    assert from_form.value.field == "first_name"


@pytest.mark.parametrize(
    "name", ["\\u200b\\u200b", "Ann\\u202eeL", "\\ufeffAnn", "Ann\\u00ad", " \\u2060 "]
)
def test_an_invisible_character_in_a_first_name_is_refused_by_file_and_fragment(tmp_path, name):
    """Zero-width spaces, direction overrides, a byte-order mark, a soft hyphen: the file
    and the address refuse them alike (never kept, never silently taken out), and the
    message shows each one as an escape, never as itself."""
    from urllib.parse import quote

    from eduwidgets.patient.session import patient_from_query

    allowed = "letters and signs you can see (no hidden marks)"
    path = write(tmp_path, f'first_name = "{name}"\n')
    with pytest.raises(InputError, match=re.escape(allowed)) as from_file:
        load_profile(path)
    assert from_file.value.field == "first_name" and from_file.value.line == 1
    typed = name.encode().decode("unicode_escape")
    with pytest.raises(InputError, match=re.escape(allowed)) as from_form:
        patient_from_query("first_name=" + quote(typed))
    for message in (str(from_file.value), str(from_form.value)):
        assert not any(unicodedata.category(ch) == "Cf" for ch in message), message


def test_a_long_first_name_in_a_file_is_quoted_short(tmp_path):
    path = write(tmp_path, f'first_name = "{"x" * 5000}"\n')
    with pytest.raises(InputError) as caught:
        load_profile(path)
    assert "x" * 81 not in str(caught.value) and "5000 characters long" in str(caught.value)


def test_a_profile_names_the_language_of_its_plan(tmp_path):
    """issue 15: "es" or "en"; anything else is one message with what is allowed."""
    good = tmp_path / "es.toml"
    good.write_text('first_name = "Ana"\nlanguage = "es"\n', encoding="utf-8")
    assert load_profile(good).language == "es"
    assert load_profile(ROOT / "examples" / "profile.toml").language == "en"
    bad = tmp_path / "fr.toml"
    bad.write_text('first_name = "Ana"\nlanguage = "fr"\n', encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_profile(bad)
    assert str(caught.value) == (
        f'{bad}, line 2: language: "fr" is not a language the lessons are written in; '
        'allowed: "en" (English), "es" (Español).'
    )

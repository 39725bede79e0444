"""The clinical hazard log (docs/hazard-log.md) and the mitigations no other test holds.

Every hazard in the log names the tests that hold its mitigation; the first test here
fails if the log names a test that does not exist, so the log cannot drift from the
suite. The others check words: no fragility or damage framing, no claims of the old
model, evidence labelled where lessons discuss it, and numbers framed as teaching.
"""

from __future__ import annotations

import ast
import copy
import re
import tomllib

import nbformat
import pytest

from eduwidgets import content
from eduwidgets.content import red_flags
from eduwidgets.errors import InputError

from conftest import NOTEBOOKS_DIR, ROOT

HAZARD_LOG = ROOT / "docs" / "hazard-log.md"
CONTENT = ROOT / "src" / "eduwidgets" / "content"
LESSONS = sorted(NOTEBOOKS_DIR.glob("[0-9][0-9]-*.ipynb"))
MIN_HAZARDS = 12


def lesson_prose(path) -> str:
    notebook = nbformat.read(path, as_version=4)
    text = "\n".join(cell.source for cell in notebook.cells if cell.cell_type == "markdown")
    return text.split("## Sources")[0]


def all_patient_words() -> str:
    """Lesson prose (without sources) and every content file, lower case."""
    parts = [lesson_prose(path) for path in LESSONS]
    parts += [path.read_text(encoding="utf-8") for path in CONTENT.glob("*.toml")]
    return "\n".join(parts).lower()


def test_hazard_log_names_only_tests_that_exist():
    text = HAZARD_LOG.read_text(encoding="utf-8")
    hazards = re.findall(r"^### (H\d+)\b", text, re.M)
    assert len(hazards) >= MIN_HAZARDS and len(set(hazards)) == len(hazards)
    for block in re.split(r"^### ", text, flags=re.M)[1:]:
        name = block.splitlines()[0]
        for field in ("Cause", "Effect", "Severity", "Likelihood", "Mitigation", "Tests"):
            assert f"**{field}" in block, f"{name}: no {field}"
        named = re.findall(r"`(tests/test_\w+\.py)::(\w+)`", block)
        assert named, f"{name}: its mitigation names no test"
        for path, function in named:
            tree = ast.parse((ROOT / path).read_text(encoding="utf-8"))
            functions = {n.name for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)}
            assert function in functions, f"{name}: {path}::{function} does not exist"


@pytest.mark.parametrize(
    "phrase",
    [
        "collapses under",
        "bent out of shape under",
        "less than 10 kg",
        "turns red",
        "risk injury",
        "adds up",
        "out of balance",
        "far stronger than your stomach",
        "balance matters more than any one muscle",
        "does not wobble",
        "less support",
        "damage your disc",
    ],
)
def test_no_fragility_or_damage_words(phrase):
    assert phrase not in all_patient_words(), phrase


@pytest.mark.parametrize(
    "claim",
    [
        "tight hip flexors add load",
        "tight hip flexors add to",
        "tight hips add load",
        "strong or braced",
        "when it pulls, it presses the disc",
        "pulling hard all the time",
        "tighter or more tense",
        "stronger stomach muscles press",
    ],
)
def test_no_old_model_claims(claim):
    assert claim not in all_patient_words(), claim


def test_no_exact_model_numbers_in_lesson_prose():
    """Newtons and 'times' figures change with the model; prose gives directions only."""
    for path in LESSONS:
        prose = lesson_prose(path)
        found = re.findall(r"\b\d[\d,]*\s*(?:newtons|N\b)|\b\d+ times\b", prose)
        assert not found, f"{path.name}: {found}"


@pytest.mark.parametrize(
    ("lesson", "topic"),
    [
        ("01-extensors.ipynb", "balance"),
        ("02-obliques.ipynb", "core"),
        ("03-hip-flexors.ipynb", "tight hip flexors"),
        ("04-abdominals.ipynb", "core"),
        ("05-your-plan.ipynb", "balance"),
    ],
)
def test_evidence_is_labelled_where_lessons_discuss_it(lesson, topic):
    prose = lesson_prose(NOTEBOOKS_DIR / lesson)
    paragraphs = [p for p in re.split(r"\n\s*\n|\n- ", prose) if topic in p.lower()]
    assert paragraphs, f"{lesson} does not discuss {topic!r}"
    labelled = [
        p for p in paragraphs if re.search(r"evidence is mixed|what studies found", p, re.I)
    ]
    assert labelled, f"{lesson}: label what it says about {topic!r} as evidence"


def test_walking_yoga_and_strength_work_are_equal_choices():
    for lesson in ("05-your-plan.ipynb", "06-living-with-back-pain.ipynb"):
        prose = lesson_prose(NOTEBOOKS_DIR / lesson).lower()
        for word in ("walking", "yoga", "strength work"):
            assert word in prose, (lesson, word)


def test_numbers_are_framed_as_teaching_not_diagnosis():
    welcome = lesson_prose(NOTEBOOKS_DIR / "00-welcome.ipynb")
    assert "not a **diagnosis**" in welcome and "Hurt is not the same as harm" in welcome
    plan = tomllib.loads((CONTENT / "plan.toml").read_text(encoding="utf-8"))
    assert "not a test of your back" in plan["muscles"]["load_note"]
    assert "Load is normal" in plan["muscles"]["load_note"]


def test_a_content_file_without_a_level_is_refused(monkeypatch):
    """A translator's copy that drops a level must stop the build, not show no signs."""
    data = copy.deepcopy(content.load_content("red_flags.toml"))
    del data["signs"][0]["level"]
    monkeypatch.setattr(red_flags, "load_content", lambda name: data)
    with pytest.raises(
        InputError, match=r"line \d+: signs\[1\]\.level: is missing; allowed: one of"
    ):
        red_flags.load_red_flags()
    data["signs"][0]["level"] = "soon"
    with pytest.raises(
        InputError, match=r'"soon" is not one of .*allowed: one of emergency, urgent'
    ):
        red_flags.load_red_flags()
    data["signs"][0]["level"] = "emergency"
    data["signs"] = [sign for sign in data["signs"] if sign["level"] != "routine"]
    with pytest.raises(
        InputError, match=r'signs: .* is not allowed: there are no signs at the level "routine"'
    ):
        red_flags.load_red_flags()

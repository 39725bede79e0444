"""The lessons patients read: files, section order, hidden code, and plain language.

Plain language is measured the way the brief asks: a lesson's patient text is its
markdown (markdown syntax, links and the Sources section stripped) plus the text of
the widgets it uses that comes from content files (exercises, knowledge checks,
warning signs) and the titles and prompts written in its cells. textstat must give
Flesch-Kincaid grade 6 or below and SMOG 8 or below. Run ``pytest -s`` to see the
table of grades.
"""

from __future__ import annotations

import ast
import re
import tomllib
from functools import cache
from pathlib import Path

import nbformat
import pytest
import textstat
from support import (
    CONTENT_DIR,
    LESSONS,
    LIVING,
    MAX_FK_GRADE,
    MUSCLE_LESSONS,
    NOT_PATIENT_TEXT,
    as_sentences,
    markdown_to_text,
)

from conftest import NOTEBOOKS_DIR

# The same headers in every lesson, so a reader always knows where they are.
PURPOSE = "## What this lesson will help you do"
WHERE = "## Where these muscles are"
WEAK = "## When they are weak"
TOO_STRONG = "## When they are too tight or too strong"
TRY_IT = "## Try it"
EXERCISES = "## Exercises"
CHECK = "## Check your understanding"
SUMMARY = "## Summary"
THIS_WEEK = "## This week"
WARNING_SIGNS = "## Warning signs"
SOURCES = "## Sources"
MUSCLE_SECTIONS = [
    PURPOSE,
    WHERE,
    WEAK,
    TOO_STRONG,
    TRY_IT,
    EXERCISES,
    CHECK,
    SUMMARY,
    THIS_WEEK,
    WARNING_SIGNS,
    SOURCES,
]
# Welcome and plan tell a different story in the middle, but start and end alike.
SHARED_SECTIONS = [PURPOSE, TRY_IT, CHECK, SUMMARY, THIS_WEEK, WARNING_SIGNS, SOURCES]

MAX_SMOG = 8.0
MUSCLE_FIELDS = ("extensors", "obliques", "hip_flexors", "abdominals")
POSTURE_FIELDS = ("position", "trunk_flexion_deg", "load_kg", "load_distance_m")


# ---------------------------------------------------------------- reading lessons


@cache
def read_lesson(name: str) -> nbformat.NotebookNode:
    path = NOTEBOOKS_DIR / name
    assert path.exists(), f"missing lesson: notebooks/{name}"
    return nbformat.read(path, as_version=4)


def cells(name: str, kind: str) -> list[nbformat.NotebookNode]:
    return [cell for cell in read_lesson(name).cells if cell.cell_type == kind]


def headers(name: str) -> list[str]:
    """Every level-2 header of the lesson, in order."""
    found = []
    for cell in cells(name, "markdown"):
        found += [line.strip() for line in cell.source.splitlines() if line.startswith("## ")]
    return found


def sections(name: str) -> dict[str, list[nbformat.NotebookNode]]:
    """Cells grouped under the level-2 header they follow ("" = before the first)."""
    grouped: dict[str, list[nbformat.NotebookNode]] = {"": []}
    current = ""
    for cell in read_lesson(name).cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("## "):
                    current = line.strip()
                    grouped.setdefault(current, [])
        grouped[current].append(cell)
    return grouped


def calls(source: str) -> list[ast.Call]:
    return [node for node in ast.walk(ast.parse(source)) if isinstance(node, ast.Call)]


def call_name(call: ast.Call) -> str:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def section_calls(name: str, header: str, widget: str) -> list[ast.Call]:
    code = [cell.source for cell in sections(name).get(header, []) if cell.cell_type == "code"]
    return [call for source in code for call in calls(source) if call_name(call) == widget]


def first_string_argument(call: ast.Call) -> str | None:
    if call.args and isinstance(call.args[0], ast.Constant) and isinstance(call.args[0].value, str):
        return call.args[0].value
    return None


def keyword(call: ast.Call, name: str):
    for item in call.keywords:
        if item.arg == name:
            return ast.literal_eval(item.value)
    return None


# ---------------------------------------------------------------- reading content


@cache
def content_files() -> dict[str, dict]:
    return {path.name: tomllib.loads(path.read_text()) for path in CONTENT_DIR.glob("*.toml")}


def find_record(wanted: str, data=None) -> dict | None:
    """The content record with ``id = wanted`` (or stored under the key ``wanted``)."""
    if data is None:
        for parsed in content_files().values():
            found = find_record(wanted, parsed)
            if found is not None:
                return found
        return None
    if isinstance(data, dict):
        if data.get("id") == wanted:
            return data
        if isinstance(data.get(wanted), dict):
            return data[wanted]
        children = data.values()
    elif isinstance(data, list):
        children = data
    else:
        return None
    for child in children:
        found = find_record(wanted, child)
        if found is not None:
            return found
    return None


def strings(value, key: str = "") -> list[str]:
    """Every piece of text a patient reads in a content record."""
    if key in NOT_PATIENT_TEXT:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for k, v in value.items() for text in strings(v, k)]
    if isinstance(value, list):
        return [text for item in value for text in strings(item, key)]
    return []


def red_flags_text() -> list[str]:
    data = content_files().get("red_flags.toml", {})
    texts = [data.get("heading", ""), data.get("reassurance", "")]
    for level, block in data.get("levels", {}).items():
        texts += [block.get("heading", ""), block.get("intro", ""), block.get("after", "")]
        texts += [sign["text"] for sign in data.get("signs", []) if sign.get("level") == level]
    # Placeholders are filled in by the widget: read them as the words a patient sees.
    return [text.replace("{emergency}", "your local emergency number") for text in texts if text]


# ---------------------------------------------------------------- patient text


def widget_text(name: str) -> list[str]:
    texts = []
    for cell in cells(name, "code"):
        for call in calls(cell.source):
            widget = call_name(call)
            if widget in ("ExerciseDemo", "KnowledgeCheck"):
                record = find_record(first_string_argument(call) or "")
                if record is not None:
                    texts += strings(record)
            elif widget == "RedFlags" and not keyword(call, "compact"):
                texts += red_flags_text()
            for arg in ("title", "prompt"):
                value = keyword(call, arg)
                if isinstance(value, str):
                    texts.append(value)
    return texts


def patient_text(name: str) -> str:
    lines = []
    in_sources = False
    for cell in cells(name, "markdown"):
        kept = []
        for line in cell.source.splitlines():
            if line.startswith("## "):
                in_sources = line.strip() == SOURCES
            if not in_sources:
                kept.append(line)
        lines += markdown_to_text("\n".join(kept))
    lines += [line for text in widget_text(name) for line in markdown_to_text(text)]
    return as_sentences(lines)


@cache
def grades(name: str) -> dict[str, float]:
    text = patient_text(name)
    return {
        "fk_grade": textstat.flesch_kincaid_grade(text),
        "smog": textstat.smog_index(text),
        "words": textstat.lexicon_count(text),
        "sentences": textstat.sentence_count(text),
    }


def grade_table() -> str:
    rows = [f"{'lesson':<22} {'FK grade':>8} {'SMOG':>6} {'words':>6} {'sentences':>9}"]
    for name in LESSONS:
        g = grades(name)
        rows.append(
            f"{name:<22} {g['fk_grade']:>8.1f} {g['smog']:>6.1f} {g['words']:>6} "
            f"{g['sentences']:>9}"
        )
    return "\n".join(rows)


# ---------------------------------------------------------------- tests: structure


def test_all_seven_lessons_exist():
    missing = [name for name in LESSONS if not (NOTEBOOKS_DIR / name).exists()]
    assert not missing, f"missing lessons: {missing}"


@pytest.mark.parametrize("name", LESSONS)
def test_every_code_cell_is_hidden_and_clean(name):
    for index, cell in enumerate(read_lesson(name).cells):
        if cell.cell_type != "code":
            continue
        tags = cell.metadata.get("tags", [])
        assert "remove-input" in tags, f"{name} cell {index}: tag it remove-input"
        assert not cell.outputs, f"{name} cell {index} has outputs: clear them"
        assert cell.execution_count is None, f"{name} cell {index} has an execution count"


@pytest.mark.parametrize("name", LESSONS)
def test_code_cells_hold_one_call_no_logic(name):
    code = cells(name, "code")
    assert code[0].source.startswith("from eduwidgets import"), (
        f"{name}: the first code cell should import the widgets"
    )
    for cell in code[1:]:
        body = ast.parse(cell.source).body
        assert len(body) == 1 and isinstance(body[0], ast.Expr), (
            f"{name}: a code cell should be one widget call, not logic:\n{cell.source}"
        )


@pytest.mark.parametrize("name", LESSONS)
def test_warning_signs_are_one_glance_away(name):
    top = [cell.source for cell in sections(name)[""] if cell.cell_type == "code"]
    assert any("RedFlags(compact=True)" in source for source in top), (
        f"{name}: put RedFlags(compact=True) above the first section"
    )
    assert section_calls(name, WARNING_SIGNS, "RedFlags"), f"{name}: RedFlags() under Warning signs"


@pytest.mark.parametrize("name", list(MUSCLE_LESSONS))
def test_muscle_lesson_sections_in_order(name):
    found = [header for header in headers(name) if header in MUSCLE_SECTIONS]
    assert found == MUSCLE_SECTIONS, f"{name}: sections are\n{found}\nexpected\n{MUSCLE_SECTIONS}"


@pytest.mark.parametrize("name", ["00-welcome.ipynb", "05-your-plan.ipynb", LIVING])
def test_welcome_and_plan_share_the_frame(name):
    found = [header for header in headers(name) if header in SHARED_SECTIONS]
    assert found == SHARED_SECTIONS, f"{name}: sections are\n{found}\nexpected\n{SHARED_SECTIONS}"


@pytest.mark.parametrize("name", LESSONS)
def test_one_title_and_purpose_in_one_line(name):
    titles = [line for cell in cells(name, "markdown") for line in cell.source.splitlines()]
    assert sum(line.startswith("# ") for line in titles) == 1, f"{name}: one # title"
    purpose = [c for c in sections(name)[PURPOSE] if c.cell_type == "markdown"]
    prose = [line for line in markdown_to_text(purpose[0].source) if not line.startswith("What")]
    assert len(prose) == 1, f"{name}: the purpose should be one line, got {prose}"


@pytest.mark.parametrize(("name", "group"), MUSCLE_LESSONS.items())
def test_muscle_lesson_widgets(name, group):
    figures = section_calls(name, WHERE, "SpineFigure")
    assert figures and keyword(figures[0], "highlight") == group, (
        f"{name}: SpineFigure(highlight={group!r}) under {WHERE}"
    )
    balance = section_calls(name, TRY_IT, "MuscleBalance")
    assert len(balance) == 1, f"{name}: one MuscleBalance under {TRY_IT}"
    assert group in keyword(balance[0], "controls"), f"{name}: show the {group} slider"
    assert keyword(balance[0], "prompt"), f"{name}: tell the reader what to try (prompt=...)"
    demos = section_calls(name, EXERCISES, "ExerciseDemo")
    assert 2 <= len(demos) <= 3, f"{name}: two or three ExerciseDemos under {EXERCISES}"
    assert len(section_calls(name, CHECK, "KnowledgeCheck")) == 1, f"{name}: one KnowledgeCheck"


def test_welcome_has_the_task_figure_and_posture_sliders():
    name = "00-welcome.ipynb"
    code = " ".join(cell.source for cell in cells(name, "code"))
    assert "task_comparison_figure()" in code
    balance = section_calls(name, TRY_IT, "MuscleBalance")
    assert balance and set(keyword(balance[0], "controls")) == set(POSTURE_FIELDS)


def test_plan_has_all_four_muscle_sliders():
    balance = section_calls("05-your-plan.ipynb", TRY_IT, "MuscleBalance")
    assert balance and set(MUSCLE_FIELDS) <= set(keyword(balance[0], "controls"))


@pytest.mark.parametrize("name", LESSONS)
def test_summary_is_three_lines_and_this_week_a_checklist(name):
    summary = "\n".join(c.source for c in sections(name)[SUMMARY] if c.cell_type == "markdown")
    bullets = [line for line in summary.splitlines() if re.match(r"^[-*] ", line)]
    assert len(bullets) == 3, f"{name}: the summary should be three lines, got {bullets}"
    week = "\n".join(c.source for c in sections(name)[THIS_WEEK] if c.cell_type == "markdown")
    assert len(re.findall(r"^- \[ \] ", week, re.M)) >= 3, f"{name}: 'This week' as a checklist"


@pytest.mark.parametrize("name", LESSONS)
def test_sources_are_citations(name):
    text = "\n".join(c.source for c in sections(name)[SOURCES] if c.cell_type == "markdown")
    entries = [line for line in text.splitlines() if re.match(r"^[-*] ", line)]
    assert len(entries) >= 3, f"{name}: list at least three sources"
    for entry in entries:
        assert re.search(r"\((?:19|20)\d\d[a-z]?[,)]", entry), f"{name}: no (year) in {entry!r}"


@pytest.mark.parametrize("name", LESSONS)
def test_widgets_name_content_that_exists(name):
    for cell in cells(name, "code"):
        for call in calls(cell.source):
            if call_name(call) in ("ExerciseDemo", "KnowledgeCheck"):
                wanted = first_string_argument(call)
                assert find_record(wanted) is not None, (
                    f"{name}: {call_name(call)}({wanted!r}) names no record in {CONTENT_DIR}"
                )


# ---------------------------------------------------------------- tests: plain language


@pytest.mark.parametrize("name", LESSONS)
def test_plain_language(name):
    table = grade_table()
    print(f"\n{table}")
    g = grades(name)
    assert g["fk_grade"] <= MAX_FK_GRADE and g["smog"] <= MAX_SMOG, (
        f"{name} reads at Flesch-Kincaid grade {g['fk_grade']:.1f} (limit {MAX_FK_GRADE}) "
        f"and SMOG {g['smog']:.1f} (limit {MAX_SMOG}).\n{table}"
    )


def test_plan_doses_match_the_exercise_tools():
    """The starter plan repeats each dose in words; they must agree with exercises.toml."""
    exercises = content_files()["exercises.toml"]["exercises"]
    plan = "\n".join(c.source for c in sections("05-your-plan.ipynb")["## Your starter plan"])
    listed = 0
    for line in plan.splitlines():
        match = re.match(r"^- \*\*(.+?)\*\*", line)
        if not match:
            continue
        title = match.group(1)
        found = [e for e in exercises.values() if e["title"].lower() == title.lower()]
        assert found, f"starter plan names {title!r}, which is not an exercise title"
        dose = found[0]["dose"]
        listed += 1
        if dose["hold_s"]:
            assert f"{dose['hold_s']} seconds" in line, f"{title}: hold should be {dose}"
        for number in (dose["reps"], dose["sets"]) if dose["sets"] > 1 else (dose["reps"],):
            assert re.search(rf"\b{number}\b", line), f"{title}: plan says {line!r}, data {dose}"
    assert listed >= 4, "the starter plan should list its exercises as '- **Title**: dose'"


def test_patient_text_leaves_out_code_links_and_sources():
    text = patient_text("01-extensors.ipynb")
    assert "http" not in text and "](" not in text and "from eduwidgets" not in text
    assert "Arch Phys Med Rehabil" not in text


def test_lesson_file_names_are_exact():
    names = sorted(path.name for path in Path(NOTEBOOKS_DIR).glob("0*.ipynb"))
    assert names == sorted(LESSONS), f"lesson files: {names}"


def test_each_lesson_has_its_own_plain_one_line_summary(fk_grade):
    """The handout index lists each lesson with its own summary, not a shared opening."""
    from eduwidgets.lessons import read_lesson as lesson_record

    summaries = [lesson_record(NOTEBOOKS_DIR / n).summary for n in LESSONS]
    assert all(summaries) and len(set(summaries)) == len(summaries), summaries
    for summary in summaries:
        assert "\n" not in summary and len(summary) <= 160, summary
    grade = fk_grade(" ".join(summaries))
    assert grade <= 6, f"lesson summaries read at grade {grade:.1f}"


def test_muscle_group_labels_are_plain(fk_grade):
    """Every label of content/muscle_groups.toml, the one home of the groups' words."""
    labels = content_files()["muscle_groups.toml"]["labels"]
    texts = [text for group in labels.values() for text in strings(group)]
    assert len(texts) == 4 * 3, texts
    # A label is a phrase; read them as the short sentences they stand in.
    grade = fk_grade(" ".join(f"Use your {text}." for text in texts))
    print(f"muscle_groups.toml: FK grade {grade:.1f}")
    assert grade <= MAX_FK_GRADE, f"muscle-group labels read at grade {grade:.1f}"


def test_dose_words_are_plain(fk_grade):
    """Every dose an exercise can have, as content/dose_words.toml makes a patient read it."""
    from eduwidgets.content.exercises import exercises

    texts = sorted({exercise.dose.in_words() for exercise in exercises().values()})
    grade = fk_grade(" ".join(texts))
    print(f"dose_words.toml: FK grade {grade:.1f}")
    assert grade <= MAX_FK_GRADE, f"doses read at grade {grade:.1f}"


def test_widget_words_are_plain(fk_grade):
    """The words the widgets show and say (content/widget_words.toml): buttons, labels,
    announcements and the figures' text alternatives; placeholders read as a patient
    meets them. The [clinicians] table is for clinicians and is not graded."""
    data = content_files()["widget_words.toml"]
    filled = {"{seconds}": "5 seconds", "{count}": "5", "{title}": "Bird dog"}
    texts = []
    for table, entries in data.items():
        if not isinstance(entries, dict) or table == "clinicians":
            continue
        for text in strings(entries):
            for placeholder, words in filled.items():
                text = text.replace(placeholder, words)
            texts.append(re.sub(r"\{[a-z_]+\}", "", text).strip(" ,"))
    grade = fk_grade(as_sentences([text for text in texts if text]))
    print(f"widget_words.toml: FK grade {grade:.1f}")
    assert grade <= MAX_FK_GRADE, f"widget words read at grade {grade:.1f}"

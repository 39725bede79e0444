"""The clinical hazard log (docs/hazard-log.md) and the mitigations no other test holds.

Every hazard in the log names the tests that hold its mitigation; the first test here
fails if the log names a test that does not exist, so the log cannot drift from the
suite. The others check words, in EVERY language (the English and Spanish content files
and lessons; a new language must add its words to the tables below): no fragility or
damage framing, no claims of the old model, evidence labelled where lessons discuss it,
and numbers framed as teaching.
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
LANGUAGES = list(content.languages())
MIN_HAZARDS = 23
# Hazards a clinical reading found (issue 20): each must stay in the log, by heading.
REQUIRED_HAZARDS = (
    "The model overstates a load",
    "A mistranslation changes the meaning",
    "Tension drives the numbers the plan shows",
    "A pain-focused log",
    "Exercises started without screening",
)
# Where each language's lessons end their patient text ("## Sources").
SOURCES_HEADING = {"en": "## Sources", "es": "## Fuentes"}

# Phrases that frame the spine as fragile or load as damage (H11), per language.
FRAGILITY = {
    "en": (
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
    ),
    "es": (
        "se colapsa",
        "se derrumba",
        "menos de 10 kg",
        "se pone roja",
        "riesgo de lesión",
        "se va sumando",
        "desequilibrad",
        "mucho más fuertes que los de su vientre",
        "el equilibrio importa más que",
        "no se tambalea",
        "menos apoyo",
        "dañar su disco",
        "daña su disco",
    ),
}
# Claims of the old model (H13), per language.
OLD_CLAIMS = {
    "en": (
        "tight hip flexors add load",
        "tight hip flexors add to",
        "tight hips add load",
        "strong or braced",
        "when it pulls, it presses the disc",
        "pulling hard all the time",
        "tighter or more tense",
        "stronger stomach muscles press",
    ),
    "es": (
        "los flexores de la cadera tensos suman carga",
        "las caderas tensas suman carga",
        "fuerte o apretado",
        "cuando tira, aprieta el disco",
        "tirando fuerte todo el tiempo",
        "más tensos o más apretados",
        "los músculos del vientre más fuertes aprietan",
    ),
}
# The label that marks what studies found (H12), and the topic each lesson discusses.
EVIDENCE_LABEL = {
    "en": r"evidence is mixed|what studies found",
    "es": r"la evidencia es mixta|lo que encontraron los estudios|los estudios encontraron",
}
TOPICS = {
    "en": {
        "01-extensors.ipynb": "balance",
        "02-obliques.ipynb": "core",
        "03-hip-flexors.ipynb": "tight hip flexors",
        "04-abdominals.ipynb": "core",
        "05-your-plan.ipynb": "balance",
    },
    "es": {
        "01-extensors.ipynb": "equilibrio",
        "02-obliques.ipynb": "core",
        "03-hip-flexors.ipynb": "caderas poco flexibles",
        "04-abdominals.ipynb": "core",
        "05-your-plan.ipynb": "equilibrio",
    },
}
EQUAL_CHOICES = {"en": ("walking", "yoga", "strength work"), "es": ("caminar", "yoga", "fuerza")}
# The teaching-not-diagnosis frame (H1): the welcome lesson and the plan's load note.
TEACHING_FRAME = {
    "en": (
        ("not a **diagnosis**", "Hurt is not the same as harm"),
        ("not a test of your back", "Load is normal"),
    ),
    "es": (
        ("no es un **diagnóstico**", "Dolor no es lo mismo que daño"),
        ("No son una prueba de su espalda", "La carga es normal"),
    ),
}


def lessons_dir(language: str):
    return NOTEBOOKS_DIR if language == content.DEFAULT_LANGUAGE else NOTEBOOKS_DIR / language


def lessons(language: str) -> list:
    return sorted(lessons_dir(language).glob("[0-9][0-9]-*.ipynb"))


def lesson_prose(path, language: str = content.DEFAULT_LANGUAGE) -> str:
    notebook = nbformat.read(path, as_version=4)
    text = "\n".join(cell.source for cell in notebook.cells if cell.cell_type == "markdown")
    return text.split(SOURCES_HEADING[language])[0]


def content_files(language: str) -> list:
    return sorted(content.content_path("language.toml", language).parent.glob("*.toml"))


def all_patient_words(language: str) -> str:
    """Lesson prose (without sources) and every content file of a language, lower case."""
    parts = [lesson_prose(path, language) for path in lessons(language)]
    parts += [path.read_text(encoding="utf-8") for path in content_files(language)]
    return "\n".join(parts).lower()


def test_every_language_has_its_word_tables():
    for table in (SOURCES_HEADING, FRAGILITY, OLD_CLAIMS, EVIDENCE_LABEL, TOPICS):
        assert set(table) >= set(LANGUAGES), "add the new language's words to every table"
    for table in (EQUAL_CHOICES, TEACHING_FRAME):
        assert set(table) >= set(LANGUAGES), "add the new language's words to every table"
    for language in LANGUAGES:
        assert lessons(language), f"{language}: no lessons found"
        assert len(content_files(language)) > 5, f"{language}: content files not found"


def test_hazard_log_names_only_tests_that_exist():
    text = HAZARD_LOG.read_text(encoding="utf-8")
    hazards = re.findall(r"^### (H\d+)\b", text, re.M)
    assert len(hazards) >= MIN_HAZARDS and len(set(hazards)) == len(hazards)
    headings = re.findall(r"^### H\d+ (.+)$", text, re.M)
    for required in REQUIRED_HAZARDS:
        assert any(h.startswith(required) for h in headings), f"the log lost {required!r}"
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
    ("language", "phrase"), [(code, phrase) for code in LANGUAGES for phrase in FRAGILITY[code]]
)
def test_no_fragility_or_damage_words(language, phrase):
    assert phrase not in all_patient_words(language), (language, phrase)


@pytest.mark.parametrize(
    ("language", "claim"), [(code, claim) for code in LANGUAGES for claim in OLD_CLAIMS[code]]
)
def test_no_old_model_claims(language, claim):
    assert claim not in all_patient_words(language), (language, claim)


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_exact_model_numbers_in_lesson_prose(language):
    """Newtons and 'times' figures change with the model; prose gives directions only."""
    times = {"en": r"\b\d+ times\b", "es": r"\b\d+ veces\b"}[language]
    for path in lessons(language):
        prose = lesson_prose(path, language)
        found = re.findall(rf"\b\d[\d,.]*\s*(?:newtons|N\b)|{times}", prose)
        assert not found, f"{language} {path.name}: {found}"


@pytest.mark.parametrize(
    ("language", "lesson"), [(code, lesson) for code in LANGUAGES for lesson in TOPICS[code]]
)
def test_evidence_is_labelled_where_lessons_discuss_it(language, lesson):
    topic = TOPICS[language][lesson]
    prose = lesson_prose(lessons_dir(language) / lesson, language)
    paragraphs = [p for p in re.split(r"\n\s*\n|\n- ", prose) if topic in p.lower()]
    assert paragraphs, f"{language} {lesson} does not discuss {topic!r}"
    labelled = [p for p in paragraphs if re.search(EVIDENCE_LABEL[language], p, re.I)]
    assert labelled, f"{language} {lesson}: label what it says about {topic!r} as evidence"


@pytest.mark.parametrize("language", LANGUAGES)
def test_walking_yoga_and_strength_work_are_equal_choices(language):
    for lesson in ("05-your-plan.ipynb", "06-living-with-back-pain.ipynb"):
        prose = lesson_prose(lessons_dir(language) / lesson, language).lower()
        for word in EQUAL_CHOICES[language]:
            assert word in prose, (language, lesson, word)


@pytest.mark.parametrize("language", LANGUAGES)
def test_numbers_are_framed_as_teaching_not_diagnosis(language):
    (welcome_words, note_words) = TEACHING_FRAME[language]
    welcome = lesson_prose(lessons_dir(language) / "00-welcome.ipynb", language)
    for words in welcome_words:
        assert words in welcome, (language, words)
    path = content.content_path("plan.toml", language)
    plan = tomllib.loads(path.read_text(encoding="utf-8"))
    for words in note_words:
        assert words in plan["muscles"]["load_note"], (language, words)


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_content_file_without_a_level_is_refused(monkeypatch, language):
    """A translator's copy that drops a level must stop the build, not show no signs."""
    data = copy.deepcopy(content.load_content("red_flags.toml", language))
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

"""Every effect size a patient sentence states, computed from the model (issue 20).

Each entry names where the sentence is (file and the words that carry the size, in
every language) and the model call that gives its number, with the range the words
allow ("about a tenth or a bit more": 10 to 20%; "a little": under a quarter). The
test fails when a sentence moves, or when the model leaves the range its words allow.
Add an entry whenever a sentence states how big an effect is.
"""

from pathlib import Path

import pytest

from eduwidgets.model import GUARDING_COMPRESSION_RISE, Muscles, Posture, lumbar_load

ROOT = Path(__file__).resolve().parents[1]


def _rise(posture: Posture, muscles: Muscles) -> float:
    """How much these muscles raise the push of this posture over typical muscles [1]."""
    return (
        lumbar_load(posture=posture, muscles=muscles).compression_n
        / (lumbar_load(posture=posture).compression_n)
        - 1.0
    )


def _guarding() -> float:
    return GUARDING_COMPRESSION_RISE


def _lesson_02_slider() -> float:
    # The slider prompt: obliques tense up to 5%, in the lesson's 30-degree bend.
    return _rise(Posture(trunk_flexion_deg=30), Muscles(obliques_tension=0.05))


def _lesson_04_slider() -> float:
    # The slider prompt: front stomach muscles tense up to 10%, in the lesson's 30-degree bend.
    return _rise(Posture(trunk_flexion_deg=30), Muscles(abdominals_tension=0.10))


def _half_strength_effort() -> float:
    """How many times their share of strength back muscles at half strength use [1]."""
    lean = Posture(trunk_flexion_deg=30)  # leaning over a sink, as lesson 1 and the checks
    weak = lumbar_load(posture=lean, muscles=Muscles(extensors=0.5)).extensor_effort
    return weak / lumbar_load(posture=lean).extensor_effort


def _half_strength_push() -> float:
    """How much half-strength back muscles change the push (strength is not tension)."""
    return _rise(Posture(trunk_flexion_deg=30), Muscles(extensors=0.5))


def _multiple_of_standing(posture: Posture) -> float:
    return lumbar_load(posture=posture).compression_n / lumbar_load(posture=Posture()).compression_n


def _sitting() -> float:
    return _multiple_of_standing(Posture(position="sitting"))


def _lying() -> float:
    return _multiple_of_standing(Posture(position="lying"))


def _far_over_close() -> float:
    """A 20 kg box at arm's length over the same box held close (validation readings)."""
    far = _multiple_of_standing(Posture(load_kg=20, load_distance_m=0.6))
    return far / _multiple_of_standing(Posture(load_kg=20, load_distance_m=0.2))


# Where "a little" means the guarding size or a lesson's own slider, both must fit.
A_LITTLE = (0.0, 0.25)
ABOUT_TWICE = (1.8, 2.2)
NO_CHANGE = (-0.005, 0.005)

# (file, words that state the size, the model's number, lowest and highest it may be)
SENTENCES = [
    ("notebooks/02-obliques.ipynb", "by about a tenth or a bit more", _guarding, 0.10, 0.20),
    (
        "notebooks/es/02-obliques.ipynb",
        "más o menos una décima parte, o un poco más",
        _guarding,
        0.10,
        0.20,
    ),
    (
        "notebooks/02-obliques.ipynb",
        "up to 5%. The push on your disc goes up a little",
        _lesson_02_slider,
        0.0,
        0.25,
    ),
    (
        "notebooks/es/02-obliques.ipynb",
        "hasta 5 %. La presión en su disco sube un poco",
        _lesson_02_slider,
        0.0,
        0.25,
    ),
    (
        "src/eduwidgets/content/knowledge_checks.toml",
        "It adds a little to the push on your disc.",
        _guarding,
        0.0,
        0.25,
    ),
    (
        "src/eduwidgets/content/es/knowledge_checks.toml",
        "Sube un poco la presión en su disco.",
        _guarding,
        0.0,
        0.25,
    ),
    # Tensing adds "a little" (lessons 1, 2, 4, 5 and the checks' explanations): the
    # guarding the sources give, and each lesson's slider where the sentence follows it.
    ("notebooks/01-extensors.ipynb", "at the same time adds a little push", _guarding, *A_LITTLE),
    ("notebooks/es/01-extensors.ipynb", "columna sube un poco la presión", _guarding, *A_LITTLE),
    ("notebooks/02-obliques.ipynb", "press on your disc a little more", _guarding, *A_LITTLE),
    ("notebooks/es/02-obliques.ipynb", "presionan un poco más su disco", _guarding, *A_LITTLE),
    (
        "notebooks/02-obliques.ipynb",
        "Holding them tense adds a little to it",
        _lesson_02_slider,
        *A_LITTLE,
    ),
    (
        "notebooks/es/02-obliques.ipynb",
        "Tenerlos tensos la sube un poco",
        _lesson_02_slider,
        *A_LITTLE,
    ),
    ("notebooks/02-obliques.ipynb", "tense all day adds a little push", _guarding, *A_LITTLE),
    ("notebooks/es/02-obliques.ipynb", "todo el día sube un poco la presión", _guarding, *A_LITTLE),
    (
        "notebooks/04-abdominals.ipynb",
        "Both pulls press on your disc a little more",
        _guarding,
        *A_LITTLE,
    ),
    (
        "notebooks/es/04-abdominals.ipynb",
        "Las dos fuerzas presionan un poco más su disco",
        _guarding,
        *A_LITTLE,
    ),
    (
        "notebooks/04-abdominals.ipynb",
        "raised the push on the spine by about 15%",
        _guarding,
        0.12,
        0.18,
    ),
    (
        "notebooks/es/04-abdominals.ipynb",
        "subió la presión en la columna cerca de un 15 %",
        _guarding,
        0.12,
        0.18,
    ),
    ("notebooks/04-abdominals.ipynb", "tense, up to 10%", _lesson_04_slider, *A_LITTLE),
    ("notebooks/es/04-abdominals.ipynb", "vientre, hasta 10 %", _lesson_04_slider, *A_LITTLE),
    (
        "notebooks/04-abdominals.ipynb",
        "Holding them tense adds a little.",
        _lesson_04_slider,
        *A_LITTLE,
    ),
    (
        "notebooks/es/04-abdominals.ipynb",
        "Tenerlos tensos la sube un poco.",
        _lesson_04_slider,
        *A_LITTLE,
    ),
    ("notebooks/04-abdominals.ipynb", "tense all day adds a little push", _guarding, *A_LITTLE),
    (
        "notebooks/es/04-abdominals.ipynb",
        "todo el día sube un poco la presión",
        _guarding,
        *A_LITTLE,
    ),
    ("notebooks/05-your-plan.ipynb", "tense all day adds a little push", _guarding, *A_LITTLE),
    (
        "notebooks/es/05-your-plan.ipynb",
        "todo el día sube un poco la presión",
        _guarding,
        *A_LITTLE,
    ),
    (
        "src/eduwidgets/content/knowledge_checks.toml",
        "Keeping them tense all day adds a little load.",
        _guarding,
        *A_LITTLE,
    ),
    (
        "src/eduwidgets/content/es/knowledge_checks.toml",
        "Tenerlos apretados todo el día suma un poco de carga.",
        _guarding,
        *A_LITTLE,
    ),
    # Strength is not tension: half-strength back muscles work about twice as hard, and
    # the push on the disc does not change.
    (
        "notebooks/01-extensors.ipynb",
        "about twice as much of their strength",
        _half_strength_effort,
        *ABOUT_TWICE,
    ),
    (
        "notebooks/es/01-extensors.ipynb",
        "más o menos el doble de su fuerza",
        _half_strength_effort,
        *ABOUT_TWICE,
    ),
    (
        "notebooks/01-extensors.ipynb",
        "The push on your disc stays the same.",
        _half_strength_push,
        *NO_CHANGE,
    ),
    (
        "notebooks/es/01-extensors.ipynb",
        "La presión en su disco no cambia.",
        _half_strength_push,
        *NO_CHANGE,
    ),
    (
        "src/eduwidgets/content/knowledge_checks.toml",
        "At half the strength, they work about twice as hard.",
        _half_strength_effort,
        *ABOUT_TWICE,
    ),
    (
        "src/eduwidgets/content/es/knowledge_checks.toml",
        "Con la mitad de fuerza, trabajan más o menos el doble.",
        _half_strength_effort,
        *ABOUT_TWICE,
    ),
    (
        "src/eduwidgets/content/knowledge_checks.toml",
        "They use about twice as much of their strength",
        _half_strength_effort,
        *ABOUT_TWICE,
    ),
    (
        "src/eduwidgets/content/es/knowledge_checks.toml",
        "Usan más o menos el doble de su fuerza",
        _half_strength_effort,
        *ABOUT_TWICE,
    ),
    (
        "src/eduwidgets/content/knowledge_checks.toml",
        "In the tool, the push on the disc stays the same.",
        _half_strength_push,
        *NO_CHANGE,
    ),
    (
        "src/eduwidgets/content/es/knowledge_checks.toml",
        "En la herramienta, la presión en el disco no cambia.",
        _half_strength_push,
        *NO_CHANGE,
    ),
    # Where a load is held: the same 20 kg box far away presses much more than close to
    # the body ("matters a lot": at least half as much again).
    (
        "src/eduwidgets/content/knowledge_checks.toml",
        "Where you hold it matters a lot.",
        _far_over_close,
        1.5,
        3.0,
    ),
    (
        "src/eduwidgets/content/es/knowledge_checks.toml",
        "Dónde la tenga importa mucho.",
        _far_over_close,
        1.5,
        3.0,
    ),
    # Lesson 6 tells what Wilke measured; the tool beside it must not say otherwise:
    # sitting "about as much as" standing, lying "much less".
    (
        "notebooks/06-living-with-back-pain.ipynb",
        "pressed it about as much as standing",
        _sitting,
        0.85,
        1.2,
    ),
    (
        "notebooks/es/06-living-with-back-pain.ipynb",
        "lo presionaba casi igual que estar de pie",
        _sitting,
        0.85,
        1.2,
    ),
    (
        "notebooks/06-living-with-back-pain.ipynb",
        "Lying down pressed it much less",
        _lying,
        0.0,
        0.5,
    ),
    (
        "notebooks/es/06-living-with-back-pain.ipynb",
        "Estar acostado lo presionaba mucho menos",
        _lying,
        0.0,
        0.5,
    ),
]


def sentence_id(value) -> str:
    """A test id that is the same in every process (a function's repr holds its address,
    and pytest-xdist's workers must collect the same ids)."""
    return getattr(value, "__name__", str(value))[:40]


@pytest.mark.parametrize("path, words, number, low, high", SENTENCES, ids=sentence_id)
def test_sentence_and_model_agree(path, words, number, low, high):
    text = (ROOT / path).read_text(encoding="utf-8")
    assert words in text, f"{path} no longer says {words!r}: update this table"
    value = number()
    assert low <= value <= high, f"{path}: {words!r} but the model gives {value:.0%}"


# The plan's guarding (GUARDING_COMPRESSION_RISE scaled by the bracing rating) and its
# sliders' start are computed on the page now (handout/plan_page.js): the page's numbers
# are held to the model's in tests/test_plan_page.py (test_the_numbers_are_the_models).

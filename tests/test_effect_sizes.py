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
]


@pytest.mark.parametrize("path, words, number, low, high", SENTENCES, ids=lambda v: str(v)[:40])
def test_sentence_and_model_agree(path, words, number, low, high):
    text = (ROOT / path).read_text(encoding="utf-8")
    assert words in text, f"{path} no longer says {words!r}: update this table"
    value = number()
    assert low <= value <= high, f"{path}: {words!r} but the model gives {value:.0%}"


def test_the_plan_adds_guarding_at_the_sources_size():
    from eduwidgets.handout.plan import guarding_rise
    from eduwidgets.patient.profile import Profile

    strong = Profile(bracing={"obliques": "strong", "abdominals": "strong"})
    mild = Profile(bracing={"obliques": "mild", "abdominals": "none"})
    assert guarding_rise(strong) == pytest.approx(GUARDING_COMPRESSION_RISE)
    assert guarding_rise(mild) == pytest.approx(GUARDING_COMPRESSION_RISE / 3)
    assert guarding_rise(Profile()) == 0.0


def test_the_plans_sliders_start_at_the_same_guarding_as_its_table():
    from eduwidgets.handout.plan import _plan_muscles, guarding_rise
    from eduwidgets.patient.profile import Profile

    strong = Profile(bracing={"obliques": "strong", "abdominals": "strong"})
    standing = lumbar_load(strong.body(), None, _plan_muscles(strong)).compression_n
    typical = lumbar_load(strong.body()).compression_n
    # Within the sliders' step of 0.01 of tension (about 1.6% of standing's push).
    assert standing / typical - 1.0 == pytest.approx(guarding_rise(strong), abs=0.02)

"""The short, versioned patient address (v=1&n=...&r=...&x=...&l=...&t=...).

The page writes it (``EduWidgets.patientFragment``) and reads it and the long form that
handouts already carry (``EduWidgets.patientFromFragment``); Python reads the same format
(``session.patient_from_query``) and gives the same object from a profile file
(``session.page_patient``). These tests hold both runtimes to one answer over a grid of
addresses, old and new, good and bad, in every language, and measure a full plan's
address against the QR-code budget.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from support import rules_page

from eduwidgets.content import in_language, languages
from eduwidgets.errors import InputError
from eduwidgets.patient import session
from eduwidgets.patient.profile import load_profile

ROOT = Path(__file__).resolve().parents[1]
PLAN_ADDRESS = "https://example.org/eduwidgets/es/plan.html#"
QR_BUDGET_CHARS = 150


@pytest.fixture(scope="module", params=sorted(languages()))
def page(browser, request):
    """A blank offline page with the widgets' scripts, the rules and patient.js, in a language."""
    for page in rules_page(browser, request.param):
        page.language = request.param
        yield page


def in_page(page, fragments: list[str]) -> list[dict]:
    """Each fragment as the page reads it, and the short address it writes back."""
    return page.evaluate(
        """(fragments) => {
            const rules = EduWidgets.patientRules(document);
            return fragments.map((f) => {
                const checked = EduWidgets.patientFromFragment(f, rules);
                const short = checked.patient
                    ? EduWidgets.patientFragment(checked.patient, rules) : null;
                const again = short === null ? null : EduWidgets.patientFromFragment(short, rules);
                return {checked, short, again};
            });
        }""",
        fragments,
    )


def in_python(fragment: str, language: str) -> dict:
    try:
        patient = session.patient_from_query(fragment, language)
    except InputError as problem:
        return {"error": str(problem), "field": problem.field}
    return {"patient": session.page_patient(patient.profile, language) if patient else None}


GRID = [
    # The short form.
    "v=1&n=Ana&r=3-1421&m=72.5&h=1.68&x=bd.s2,mcu.r4,sbk.d5&l=es&t=Walk+daily",
    "v=1&x=hkhfs.h25,pt&l=en",
    "v=1&x=bd.s1.r5.h8.p30.d3",  # every dose at its default: the object keeps none
    "v=1&n=Jos%C3%A9+Mar%C3%ADa&r=------",
    "v=1&n=%F0%9F%98%80&t=line%0Aand%09tab",
    "v=1&r=5555&l=es",
    "v=1&large=1&r=1-2-20",
    "v=1",
    "v=1&l=es",
    " v=1&n=Ann",  # a key with a space is no field
    # Refused, one clear message each.
    "v=2&n=Ana",
    "v=&n=Ana",
    "v=1&v=9",
    "v=%E9",
    "v=1&n=%E9",
    "v=1&zz=1",
    "v=1&constructor=1",
    "v=1&__proto__=1",
    "v=1&extensors_strength=3",
    "v=1&r=9-----",
    "v=1&r=--7---",
    "v=1&r=----x-",
    "v=1&r=-----4",
    "v=1&x=zz",
    "v=1&x=bd,bd",
    "v=1&x=bd.s99",
    "v=1&x=bd.s0",
    "v=1&x=bd.q2",
    "v=1&x=bd.s",
    "v=1&x=bd.s2.5",
    "v=1&x=bd,",
    "v=1&x=toString",
    "v=1&l=fr",
    "v=1&l=constructor",
    "v=1&t=" + "x" * 1001,
    "v=1&t=a%01b",
    "v=1&t=a%7Fb",
    "v=1&n=" + "x" * 41,
    "v=1&n=Ann%E2%80%AEeL",
    "v=1&n=A%0AB",
    "v=1&m=500",
    "v=1&h=inf",
    # The long form, as printed on handouts.
    "extensors_strength=3&obliques_bracing=mild&first_name=Jos%C3%A9",
    "obliques_bracing=none&abdominals_bracing=Strong&large=1",
    "first_name=" + "x" * 40,
    "n=Ana",
    "x=bd",
    "first_name=%E9",
    "mass_kg=500",
]


def test_the_page_and_python_give_the_same_patient_or_message(page):
    """Old and new addresses, odd bytes, prototype names, an unknown version: the same
    object (exercises, note, language included) or the same message, word for word, in
    the page's language; and a checked patient written short reads back the same."""
    got = in_page(page, GRID)
    for fragment, js in zip(GRID, got, strict=True):
        expected = in_python(fragment, page.language)
        assert js["checked"] == expected, fragment
        if js["short"] is not None:
            assert js["again"] == js["checked"], (fragment, js["short"])
            assert in_python(js["short"], page.language) == expected, js["short"]


def test_an_unknown_version_gives_one_message_whatever_else_is_there(page):
    (js,) = in_page(page, ["v=7&n=%E9&zz=1&x=nothing"])
    error = js["checked"]["error"]
    # The value in the language's quotes, by the one template (content/pages.toml [checks]).
    quoted = session.shown_value("7", page.language)
    assert js["checked"]["field"] == "v" and quoted in error and "1" in error


def test_a_full_plan_fits_a_qr_code_a_phone_reads_from_a_screen(page):
    """Name, every rating, mass, height, 3 exercises with one changed dose each and the
    language: the whole plan address stays under the QR budget (measured: see the
    report), and it needs no percent sign but for the name's accents."""
    patient = {
        "first_name": "María",
        "ratings": {
            "extensors_strength": "3",
            "obliques_strength": "4",
            "obliques_bracing": "mild",
            "abdominals_strength": "4",
            "abdominals_bracing": "strong",
            "hip_flexors_length": "moderately tight",
            "mass_kg": 82.5,
            "height_m": 1.68,
        },
        "exercises": [
            {"id": "bird-dog", "sets": 2},
            {"id": "side-bridge-knees", "reps": 4},
            {"id": "half-kneeling-hip-flexor-stretch", "hold_s": 25},
        ],
        "note": "",
        "language": "es",
    }
    short = page.evaluate("(p) => EduWidgets.patientFragment(p)", patient)
    address = PLAN_ADDRESS + short
    assert len(address) < QR_BUDGET_CHARS, (len(address), address)
    assert short.replace("Mar%C3%ADa", "").count("%") == 0, short
    with_note = page.evaluate(
        "(p) => EduWidgets.patientFragment(p)", {**patient, "note": "Walk 10 minutes every day."}
    )
    (js,) = in_page(page, [with_note])
    assert js["checked"]["patient"]["note"] == "Walk 10 minutes every day."
    assert [entry["id"] for entry in js["checked"]["patient"]["exercises"]] == [
        entry["id"] for entry in patient["exercises"]
    ]


def test_a_profile_file_gives_the_page_the_same_patient(page):
    """``page_patient`` of examples/profile.toml, written short by the page and read back
    by either runtime, is the same object: the clinic's --profile and ``eduwidgets plan``
    see what the form would make."""
    profile = load_profile(ROOT / "examples" / "profile.toml")
    with in_language(page.language):
        expected = session.page_patient(profile, page.language)
    short = page.evaluate("(p) => EduWidgets.patientFragment(p)", expected)
    (js,) = in_page(page, [short])
    assert js["checked"] == {"patient": expected}
    assert in_python(short, page.language) == {"patient": expected}
    # Only doses that differ from the exercise's own are kept (examples: reps 5 = default).
    assert expected["exercises"][0] == {"id": "bird-dog", "sets": 2}


def test_every_exercise_has_its_own_short_code():
    codes = session.exercise_codes()
    assert len(set(codes)) == len(codes) and all(code.isalpha() for code in codes)
    with pytest.raises(ValueError, match="share an address code"):
        session._codes_of(("bird-dog", "big-dig"))

"""The patient's values in the browser (``widgets/patient.js``) agree with Python.

A lesson page checks the fragment of its address and maps the clinician's ratings to
model inputs itself, from data Python exports (``eduwidgets.patient.session.page_fields``,
``eduwidgets.patient.profile.page_rules``). These tests hold the page's one JavaScript
function to ``Profile.muscles()`` and ``Profile.body()`` for every combination of
ratings, and its messages to ``patient_from_query``'s, word for word. They name no
muscle group: they iterate over the rating fields and the ``Muscles`` and ``Body``
fields, so a change to the model's inputs shows up here without editing the tests.
"""

from __future__ import annotations

import itertools
import json
import re
import unicodedata
from dataclasses import asdict, fields
from urllib.parse import urlencode

import pytest
from support import rules_page

from eduwidgets.content import in_language, languages
from eduwidgets.errors import InputError
from eduwidgets.handout import patient_rules
from eduwidgets.model import Body, Muscles
from eduwidgets.patient import session
from eduwidgets.patient.profile import RATING_FIELDS, page_rules
from eduwidgets.widgets import static


@pytest.fixture(scope="module")
def page(browser):
    yield from rules_page(browser, "en")


@pytest.fixture(scope="module")
def page_es(browser):
    yield from rules_page(browser, "es")


def js_patients(page, fragments: list[str]) -> list[dict]:
    """What the page makes of each fragment, the results crossing as JSON text (both
    ways): Playwright's own serialisation of the grid's 17,280 nested objects took most
    of its test's 18 s. JSON loses nothing these results can hold that Python's would not
    show as a difference (a NaN or an undefined field reads as null or as a missing key,
    neither equal to Python's)."""
    text = page.evaluate(
        """(fragmentsJson) => {
            const rules = EduWidgets.patientRules(document);
            const fragments = JSON.parse(fragmentsJson);
            return JSON.stringify(fragments.map((f) => EduWidgets.patientFromFragment(f, rules)));
        }""",
        json.dumps(fragments),
    )
    return json.loads(text)


def every_rating_combination() -> list[dict[str, str]]:
    """Each rating field unrated or at each value of its scale, in every combination."""
    scales = page_rules()["scales"]
    choices = [[None, *scales[scale]] for scale in RATING_FIELDS.values()]
    return [
        {field: value for field, value in zip(RATING_FIELDS, combo, strict=True) if value}
        for combo in itertools.product(*choices)
    ]


def test_every_rating_field_has_a_scale_and_every_rule_names_a_rating():
    rules = page_rules()
    assert set(RATING_FIELDS) <= set(session.PATIENT_FIELDS)
    assert set(rules["muscles"]) == {f.name for f in fields(Muscles)}
    assert set(rules["body"]) == {f.name for f in fields(Body)}
    for rule in rules["muscles"].values():
        for rating, scale in rule["from"]:
            assert rating in RATING_FIELDS and scale in rules["scales"], (rating, scale)


def test_the_page_maps_every_combination_of_ratings_as_python_does(page):
    combos = every_rating_combination()
    got = js_patients(page, [urlencode(combo) for combo in combos])
    mismatches = []
    for combo, js in zip(combos, got, strict=True):
        patient = session.patient_from_query(combo)
        if patient is None:
            assert js == {"patient": None}, combo
            continue
        python = {**asdict(patient.muscles), **asdict(patient.body)}
        in_page = {**js["patient"]["muscles"], **js["patient"]["body"]}
        if in_page != python:
            mismatches.append((combo, python, in_page))
    assert not mismatches, f"{len(mismatches)} of {len(combos)} differ, e.g. {mismatches[:3]}"


@pytest.mark.parametrize(
    "fragment",
    [
        "mass_kg=82.5",
        "height_m=1.62&mass_kg=20",
        "mass_kg=250&height_m=2.3",
        "first_name=Ann&obliques_bracing=Strong&hip_flexors_length=Very-Tight",
        "extensors_strength=03&large=1",
        "extensors_strength=&first_name=",
        # Words the page fills in with a name: "$'" and "$&" are String.replace patterns.
        "first_name=%24%27&extensors_strength=2",
        "first_name=%24%26%24%60",
        "first_name=Jos%C3%A9+Mar%C3%ADa",
        "first_name=%E3%80%80Ann%20%09",  # spaces around a name are trimmed alike
        "first_name=" + "x" * 40,
        "first_name=" + "%F0%9F%98%80" * 40,  # 40 characters, 80 UTF-16 code units
        "first_name=100%25+sure&large=1",
        "first_name=%zz",  # a "%" that is not an escape stays as written
    ],
)
def test_body_size_names_and_written_forms_match_python(page, fragment):
    (js,) = js_patients(page, [fragment])
    patient = session.patient_from_query(fragment)
    if patient is None:
        assert js == {"patient": None}
        return
    assert js["patient"]["first_name"] == patient.first_name
    assert js["patient"]["muscles"] == asdict(patient.muscles)
    assert js["patient"]["body"] == asdict(patient.body)


BAD_FRAGMENTS = [
    "extensors_strength=0",
    "extensors_strength=9",
    "extensors_strength=4.5",
    "extensors_strength=%C2%B2",
    "obliques_bracing=lots",
    "hip_flexors_length=short",
    "mass_kg=nan",
    "mass_kg=inf",
    "mass_kg=0x50",
    "mass_kg=19.9",
    "height_m=3",
    "height_m=1.7m",
    "first_name=" + "x" * 41,
    "first_name=Ann%0ALee",
    "first_name=It%27s%20%22me%22%09%7F",
    "first_name=It%27s%0Dx",
    "obliques_bracing=it%27s%5C",
    "first_name=Zo%C3%AB&shoe_size=9",
    "shoe_size=9",
    "first_name=Ann&mass_kg=82&extensors_strength=7&obliques_bracing=lots",
    # Names of JavaScript's Object.prototype are unknown fields like any other.
    "constructor=1",
    "__proto__=1",
    "toString=x",
    "first_name=Ann&hasOwnProperty=1",
    "obliques_bracing=constructor",
    "hip_flexors_length=__proto__",
    # Bytes that are not UTF-8: refused, never shown as replacement characters.
    "first_name=Jos%E9",
    "first_name=%FF%FE",
    "first_name=%ED%A0%80",  # an encoded surrogate
    "mass_kg=%C0%AF",  # an overlong encoding
    "%FF=1",
    "first_name=Jos%E9&shoe_size=9",
    # Invisible and control characters: zero-width, direction overrides, a BOM, separators.
    "first_name=%E2%80%8B%E2%80%8B",
    "first_name=Ann%E2%80%AEeL",
    "first_name=%E2%80%8FAnn",
    "first_name=%EF%BB%BFAnn",
    "first_name=%C2%ADAnn",
    "first_name=%1FAnn",
    "first_name=Ann%C2%85",
    "first_name=Ann%E2%80%A8",
    "first_name=A%00B",
    # Long values: a message quotes a short part of them.
    "first_name=" + "x" * 10_000,
    "first_name=" + "%C3%A9" * 41,
    "first_name=" + "%F0%9F%98%80" * 41,
    "shoe_size=" + "y" * 10_000,
    "z" * 10_000 + "=1",
    "first_name=" + "%E2%80%AE" * 30,
]


@pytest.mark.parametrize("fragment", BAD_FRAGMENTS)
def test_a_bad_fragment_gives_pythons_message_word_for_word(page, fragment):
    with pytest.raises(InputError) as caught:
        session.patient_from_query(fragment)
    (js,) = js_patients(page, [fragment])
    assert js.get("error") == str(caught.value)
    assert js["field"] == caught.value.field
    assert_short_and_safe(str(caught.value))


def assert_short_and_safe(message: str) -> None:
    """A message quotes at most a short part of a value, with nothing invisible in it."""
    assert len(message) < 400, message
    for run in ("x" * 21, "y" * 21, "z" * 21, "\ufffd", "\u202e" * 21):
        assert run not in message, message
    hidden = [ch for ch in message if unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp")]
    assert hidden == [], message


EXACT_MESSAGES = {
    "first_name=Jos%E9": 'the patient form: first_name = "Jos%E9" is not allowed; allowed: '
    "text in UTF-8 (é is written %C3%A9).",
    "first_name=" + "x" * 10_000: 'the patient form: first_name = "xxxxxxxxxxxxxxxxxxxx"… '
    "(10,000 characters) is not allowed; allowed: 1 to 40 characters.",
    "first_name=Ann%E2%80%AEeL": 'the patient form: first_name = "Ann<U+202E>eL" is not '
    "allowed; allowed: letters and signs you can see (no hidden marks).",
    "z" * 30 + "=1": 'the patient form: zzzzzzzzzzzzzzzzzzzz… (30 characters) = "1" is not '
    "allowed; allowed: one of the fields first_name, extensors_strength, obliques_strength, "
    "obliques_bracing, abdominals_strength, abdominals_bracing, hip_flexors_length, mass_kg, "
    "height_m.",
}


@pytest.mark.parametrize("fragment", EXACT_MESSAGES)
def test_a_hostile_value_is_named_short_and_safe_in_both_runtimes(page, fragment):
    with pytest.raises(InputError) as caught:
        session.patient_from_query(fragment)
    assert str(caught.value) == EXACT_MESSAGES[fragment]
    (js,) = js_patients(page, [fragment])
    assert js["error"] == EXACT_MESSAGES[fragment]


# ---------------------------------------------------------------- messages in the page's language


@pytest.mark.parametrize("fragment", BAD_FRAGMENTS)
def test_a_spanish_page_gives_pythons_spanish_message_word_for_word(page_es, fragment):
    with pytest.raises(InputError) as caught:
        session.patient_from_query(fragment, "es")
    (js,) = js_patients(page_es, [fragment])
    assert js.get("error") == str(caught.value)
    assert js["field"] == caught.value.field
    for english in ("is not allowed", "allowed:", "the patient form", "one of", "a number"):
        assert english not in js["error"], (english, js["error"])
    for english in ("characters)", "is written", "you can see"):
        assert english not in js["error"], (english, js["error"])
    assert_short_and_safe(str(caught.value))


def test_a_page_without_the_widgets_words_writes_a_length_in_its_language(browser):
    """The lesson list holds core.js and patient.js but not the widgets' words: a long
    value's length is still written as Python's Spanish message writes it (10.000)."""
    fragment = "first_name=" + "x" * 10_000
    with pytest.raises(InputError) as caught:
        session.patient_from_query(fragment, "es")
    assert "(10.000 caracteres en total)" in str(caught.value)
    context = browser.new_context()
    page = context.new_page()
    page.set_content(
        '<!DOCTYPE html><html lang="es"><head><title>t</title></head><body>'
        '<script type="application/json" id="edu-patient-rules">'
        f"{static.json_for_script(patient_rules('es'))}</script>"
        f"<script>{static.page_script('patient.js', widgets_on_page=False)}</script>"
        "</body></html>"
    )
    try:
        assert page.evaluate("typeof EduWidgets.words") == "undefined"
        (js,) = js_patients(page, [fragment])
        assert js["error"] == str(caught.value)
    finally:
        context.close()


SPANISH_MESSAGES = {
    "mass_kg=900": 'Formulario del paciente: Peso (mass_kg) = "900": este valor no se '
    "permite. Se permite: un número de 20 a 250 kg.",
    "height_m=3": 'Formulario del paciente: Estatura (height_m) = "3": este valor no se '
    "permite. Se permite: un número de 1 a 2,3 m.",
    "extensors_strength=7": "Formulario del paciente: Fuerza de los músculos de la espalda "
    '(extensors_strength) = "7": este valor no se permite. Se permite: un grado entero de '
    "la escala de Oxford (MRC): 1, 2, 3, 4, 5 (5 normal, 4 resiste algo de fuerza, 3 vence "
    "la gravedad, 2 se mueve sin el peso de la gravedad, 1 un leve movimiento; redondee 4+ "
    "o 4- al grado entero más cercano).",
    "obliques_bracing=lots": "Formulario del paciente: Tensión de los oblicuos "
    '(obliques_bracing) = "lots": este valor no se permite. Se permite: una de estas '
    'palabras: "none", "mild", "strong".',
}


@pytest.mark.parametrize("fragment", SPANISH_MESSAGES)
def test_a_spanish_message_names_the_field_the_value_and_what_is_allowed(fragment):
    """Spanish words and numbers (2,3); the field's and the words' address names kept."""
    with pytest.raises(InputError) as caught:
        session.patient_from_query(fragment, "es")
    assert str(caught.value) == SPANISH_MESSAGES[fragment]


ENGLISH_MESSAGES = {
    "mass_kg=900": 'the patient form: mass_kg = "900" is not allowed; allowed: a number '
    "from 20 to 250 kg.",
    "height_m=3": 'the patient form: height_m = "3" is not allowed; allowed: a number from '
    "1 to 2.3 m.",
    "extensors_strength=7": 'the patient form: extensors_strength = "7" is not allowed; '
    "allowed: a whole Oxford (MRC) grade: 1, 2, 3, 4, 5 (5 normal, 4 against some "
    "resistance, 3 against gravity, 2 with gravity taken away, 1 a flicker; round 4+ or 4- "
    "to the nearest whole grade).",
    "first_name=Ann%0ALee": 'the patient form: first_name = "Ann<U+000A>Lee" is not allowed; '
    "allowed: printable text on one line.",
    "shoe_size=9": 'the patient form: shoe_size = "9" is not allowed; allowed: one of the '
    "fields first_name, extensors_strength, obliques_strength, obliques_bracing, "
    "abdominals_strength, abdominals_bracing, hip_flexors_length, mass_kg, height_m.",
}


@pytest.mark.parametrize("fragment", ENGLISH_MESSAGES)
def test_an_english_page_says_exactly_what_it_said_before(page, fragment):
    with pytest.raises(InputError) as caught:
        session.patient_from_query(fragment)
    assert str(caught.value) == ENGLISH_MESSAGES[fragment]
    (js,) = js_patients(page, [fragment])
    assert js["error"] == ENGLISH_MESSAGES[fragment]


def test_english_page_words_are_the_profile_files_word_for_word():
    """One source: a page's English "allowed" words are the rules' own descriptions, which
    a profile file's messages use."""
    from eduwidgets.patient.fields import patient_schema

    fields = session.page_fields("en")["fields"]
    for name, spec in patient_schema().items():
        assert fields[name]["allowed"] == spec["description"], name


def test_profile_files_and_the_command_line_stay_english_on_a_spanish_page(tmp_path):
    """Files are English-keyed and edited by whoever runs the commands: their messages
    stay English whatever language a page is made in."""
    from eduwidgets.patient.profile import load_profile

    path = tmp_path / "profile.toml"
    path.write_text("[muscles.extensors]\nstrength = 7\n", encoding="utf-8")
    with in_language("es"), pytest.raises(InputError) as caught:
        load_profile(path)
    assert "allowed: a whole Oxford (MRC) grade: 1, 2, 3, 4, 5 (5 normal" in str(caught.value)
    with in_language("es"):
        assert patient_rules()["fields"]["source"] == "Formulario del paciente"
        assert "is not allowed" in session.page_fields()["message"]  # English by default


@pytest.mark.parametrize("language", sorted(languages()))
def test_every_language_names_every_field_and_what_it_allows(language):
    rules = session.page_fields(language)
    assert set(rules["names"]) == set(session.PATIENT_FIELDS)
    assert all(field in rules["names"][field] for field in session.PATIENT_FIELDS)
    assert {"{field}", "{value}", "{allowed}"} <= set(re.findall(r"\{\w+\}", rules["message"]))
    assert all(spec["allowed"] for spec in rules["fields"].values())


@pytest.mark.parametrize(
    "fragment", ["first_name=Ann&extensors_strength=2&mass_kg=95", "abdominals_bracing=mild"]
)
def test_a_muscle_balance_starts_where_pythons_would(page, monkeypatch, fragment):
    """The page's config change equals MuscleBalance(...) built for that patient in Python."""
    from eduwidgets.widgets.muscle_balance import MuscleBalance

    controls = ["extensors", "trunk_flexion_deg"]
    typical = MuscleBalance(controls=controls, use_patient=False).static_config()
    patient = session.patient_from_query(fragment)
    monkeypatch.setattr(session, "current_patient", lambda: patient)
    python = MuscleBalance(controls=controls).static_config()
    js = page.evaluate(
        """([config, fragment]) => {
            const rules = EduWidgets.patientRules(document);
            const checked = EduWidgets.patientFromFragment(fragment, rules);
            return EduWidgets.applyPatientToConfig(config, checked.patient);
        }""",
        [typical, fragment],
    )
    for name in ("values", "start_values", "start_label", "patient_note"):
        assert js[name] == python[name], name
    assert json.loads(static.json_for_script(js)) == js


@pytest.mark.parametrize("language", ["es", "en"])
def test_the_static_sites_lesson_list_answers_in_its_language(browser, tmp_path, language):
    """site/es/index.html (the static site's lesson list, as ``handout --all --lang es``
    makes it, opened from disk) with a bad value in its address: the page's language."""
    from eduwidgets.handout.landing import landing_html

    with in_language(language):
        (tmp_path / "index.html").write_text(
            landing_html([], lambda lesson: "", "index.html"), encoding="utf-8"
        )
    with pytest.raises(InputError) as caught:
        session.patient_from_query("mass_kg=900", language)
    context = browser.new_context()
    page = context.new_page()
    page.goto((tmp_path / "index.html").as_uri() + "#mass_kg=900")
    problem = page.locator("#edu-form-problem")
    assert problem.is_visible()
    assert problem.locator(".edu-problem-text").inner_text() == str(caught.value)
    assert ("Peso (mass_kg)" in str(caught.value)) == (language == "es")
    context.close()


# ---------------------------------------------------------------- the lesson list's form


def landing_on_disk(tmp_path, language: str = "en") -> str:
    """The lesson list as the static site writes it (with its "save" button), as a file URL."""
    from eduwidgets.handout.landing import landing_html

    with in_language(language):
        html = landing_html([], lambda lesson: "", "index.html")
    (tmp_path / "index.html").write_text(html, encoding="utf-8")
    return (tmp_path / "index.html").as_uri()


@pytest.mark.parametrize("name", ["$'", "$&", "$`", "$$", "{name}"])
def test_the_lesson_list_says_whom_it_is_set_for_whatever_the_name(browser, tmp_path, name):
    """ "Set for {name}" is filled in as text: String.replace's "$'" and "$&" patterns
    (the rest of the words, the matched "{name}") never stand in for a typed name."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(landing_on_disk(tmp_path) + "#" + urlencode({"first_name": name}))
    heading = page.locator("#edu-set-for h2")
    assert heading.inner_text() == f"Set for {name}"
    context.close()


REFUSED_NAMES = ["Ann\u202eeL", "A\x01B", "\u200bAnn", "A\u2028B"]  # longer: the field stops at 40


@pytest.mark.parametrize("language", sorted(languages()))
def test_save_as_a_profile_file_is_made_in_the_browser_and_loads(browser, tmp_path, language):
    """ "Save as a profile file" is a download the page writes (no request to any server),
    from the checked patient: a refused name is never saved (the page shows Python's
    message instead), and a full patient, exercises and doses included, loads with
    ``load_profile`` to the same values, in every language."""
    from eduwidgets.patient.profile import load_profile

    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    downloads: list = []
    page.on("download", lambda download: downloads.append(download))
    page.goto(landing_on_disk(tmp_path, language))
    page.locator("details.clinician summary").click()
    for bad in REFUSED_NAMES:
        with pytest.raises(InputError) as caught:
            session.patient_from_query(urlencode({"first_name": bad}), language)
        page.locator("#first_name").fill(bad)
        page.locator("#edu-save").click()
        problem = page.locator("#edu-form-problem .edu-problem-text")
        assert problem.inner_text() == str(caught.value), bad
    assert downloads == []
    page.locator("#first_name").fill("  $' Zoë  ")
    page.locator("#extensors_strength").select_option("3")
    page.locator("#obliques_bracing").select_option("strong")
    page.locator("#hip_flexors_length").select_option("very tight")
    page.locator("#mass_kg").fill("82")
    page.locator("#height_m").fill("1.7")
    for exercise in ("side-bridge-knees", "bird-dog", "pelvic-tilt"):
        page.locator(f"#x-{exercise}").check()
    page.locator("#x-bird-dog-sets").fill("2")
    page.locator("#x-side-bridge-knees-days_per_week").fill("5")
    page.locator("#note").fill('Walk daily.\nSay "stop" if it hurts.')
    page.locator("#plan_language").select_option("es")
    with page.expect_download() as download:
        page.locator("#edu-save").click()
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    assert path.name == "zoe-profile.toml"
    profile = load_profile(path)
    expected = session.page_patient(profile, language)
    in_page = page.evaluate(
        """() => EduWidgets.patientFromFragment(
            EduWidgets.currentPatientFragment(), EduWidgets.patientRules(document))"""
    )
    assert in_page == {"patient": expected}
    assert profile.first_name == "$' Zoë" and profile.language == "es"
    assert profile.note == 'Walk daily.\nSay "stop" if it hurts.'
    assert [(c.id, c.dose(), c.days_per_week) for c in profile.exercises] == [
        ("side-bridge-knees", {}, 5),
        ("bird-dog", {"sets": 2}, None),
        ("pelvic-tilt", {}, None),
    ]
    assert profile.strength["extensors"] == 3 and profile.bracing["obliques"] == "strong"
    assert profile.mass_kg == 82 and profile.height_m == 1.7
    assert [url for url in requests if not url.startswith(("file:", "blob:"))] == []
    context.close()


def test_words_are_filled_with_a_name_as_typed_in_every_script(page):
    """EduWidgets.fill (and EduWidgets.say, which every widget uses) fill words by a
    function: a name's "$'" or "$&" is no String.replace pattern, and a prototype name is
    no placeholder."""
    got = page.evaluate(
        """() => [
            EduWidgets.say("balance.set_for_named", {name: "$' $& $`"}),
            EduWidgets.fill("{name} {constructor} {toString}", {name: "{toString}"}),
        ]"""
    )
    assert got == [
        static.say("balance.set_for_named", "en", name="$' $& $`"),
        "{toString} {constructor} {toString}",
    ]

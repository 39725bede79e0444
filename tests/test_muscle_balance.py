"""MuscleBalance and SpineFigure: logic headless, and the static form in a real browser."""

from __future__ import annotations

import itertools
import json

import pytest
import textstat

from eduwidgets import Body, MuscleBalance, Muscles, Posture, SpineFigure, lumbar_load
from eduwidgets.everyday import everyday_content, reference_compression_n
from eduwidgets.widgets import static
from eduwidgets.widgets.muscle_balance import (
    CONTROL_NAMES,
    CONTROL_RANGES,
    plain_sentence,
    split_inputs,
    typical_muscles_load,
    words,
)
from eduwidgets.widgets.spine_figure import readout_words

from conftest import axe_violations

READOUT_QUANTITIES = ("compression_n", "shear_n", "disc_pressure_mpa", "extensor_effort")


# --- headless logic ---------------------------------------------------------------------------


def test_one_call_from_a_profile():
    mb = MuscleBalance(
        muscles=Muscles(extensors=0.6),
        posture=Posture(trunk_flexion_deg=20),
        body=Body(mass_kg=80),
        controls=["extensors", "abdominals"],
    )
    assert mb.controls == ["extensors", "abdominals"]
    assert mb.values["extensors"] == 0.6
    assert mb.values["mass_kg"] == 80
    expected = lumbar_load(Body(mass_kg=80), Posture(trunk_flexion_deg=20), Muscles(extensors=0.6))
    assert mb.result["compression_n"] == pytest.approx(expected.compression_n, rel=1e-12)


def test_moving_a_slider_updates_readouts_sentence_and_figure_data():
    mb = MuscleBalance(controls=["extensors", "trunk_flexion_deg"])
    mb.sliders["extensors"].value = 0.3
    mb.sliders["trunk_flexion_deg"].value = 30
    expected = lumbar_load(posture=Posture(trunk_flexion_deg=30), muscles=Muscles(extensors=0.3))
    for name in READOUT_QUANTITIES:
        assert mb.result[name] == pytest.approx(getattr(expected, name), rel=1e-12)
    typical = lumbar_load(posture=Posture(trunk_flexion_deg=30))
    assert mb.typical["compression_n"] == pytest.approx(typical.compression_n)
    assert mb.sentence == plain_sentence(expected, typical)
    assert f"{round(expected.extensor_effort * 100)}%" in mb.sentence


def test_reset_to_typical_keeps_posture():
    mb = MuscleBalance(
        muscles=Muscles(extensors=0.4, hip_flexors=1.6, abdominals_tension=0.1), posture=Posture(20)
    )
    mb.reset()
    assert all(mb.values[name] == 1.0 for name in ("extensors", "hip_flexors"))
    assert mb.values["abdominals_tension"] == 0.0
    assert mb.values["trunk_flexion_deg"] == 20


def test_slider_handles_describe_themselves():
    slider = MuscleBalance(controls=["load_distance_m"]).sliders["load_distance_m"]
    assert (slider.min, slider.max) == CONTROL_RANGES["load_distance_m"]
    assert slider.step > 0
    assert "weight" in slider.description.lower()


@pytest.mark.parametrize(
    ("make", "fragment"),
    [
        (lambda: MuscleBalance(controls=["biceps"]), "extensors, obliques"),
        (lambda: MuscleBalance(controls=[]), "one or more"),
        (lambda: MuscleBalance(highlight="glutes"), "hip_flexors"),
        (lambda: MuscleBalance().set(extensors=2.5), "from 0.2 to 2"),
        (lambda: MuscleBalance().set(biceps=1.0), "is not a slider"),
        (lambda: SpineFigure(highlight="neck"), "abdominals"),
    ],
)
def test_bad_input_lists_what_is_allowed(make, fragment):
    with pytest.raises(ValueError, match=fragment):
        make()


def test_sentences_cover_every_rule():
    cases = {
        # Passive tissue carries much of a deep bend (issue 22), so a loaded bend is the case.
        "cannot_hold": dict(
            muscles=Muscles(extensors=0.2),
            posture=Posture(trunk_flexion_deg=30, load_kg=10, load_distance_m=0.5),
        ),
        "heavy_lift": dict(
            muscles=Muscles(extensors=1.5), posture=Posture(load_kg=30, load_distance_m=0.6)
        ),
        "hip_flexor_work_everyday": dict(posture=Posture(hip_flexor_activation=0.4)),
        "tense_trunk_everyday": dict(muscles=Muscles(abdominals_tension=0.2, obliques_tension=0.2)),
        "hard_work": dict(muscles=Muscles(extensors=0.5), posture=Posture(trunk_flexion_deg=30)),
        "typical": dict(),
    }
    templates = words()["sentences"]
    for rule, kwargs in cases.items():
        result = lumbar_load(**kwargs)
        typical = lumbar_load(kwargs.get("body"), kwargs.get("posture"))
        load_kg = kwargs["posture"].load_kg if "posture" in kwargs else 0.0
        sentence = plain_sentence(result, typical, load_kg)
        stem = templates[rule].split("{")[0]
        assert sentence.startswith(stem), (rule, sentence)


def test_widget_words_are_plain():
    texts = list(words()["sentences"].values())
    texts += [control["label"] + "." for control in words()["controls"].values()]
    texts += [text for text in readout_words()["patient"].values()]
    texts += [task["label"] + "." for task in everyday_content()["tasks"]]
    texts += [text for text in everyday_content()["words"].values()]
    grade = textstat.flesch_kincaid_grade(" ".join(texts))
    print(f"MuscleBalance words: Flesch-Kincaid grade {grade:.1f}")
    assert grade <= 6


def test_static_html_escapes_typed_text():
    mb = MuscleBalance(title="<script>alert(1)</script>", prompt="</script><b>x</b>")
    fragment = mb.static_html()
    assert "<script>alert(1)" not in fragment
    assert "</script><b>" not in fragment


# --- static form in a real browser -----------------------------------------------------------


def _static_page(tmp_path, *widgets, name="page.html"):
    path = tmp_path / name
    body = "<h1>Test page</h1><h2>Widgets</h2>" + "".join(w.static_html() for w in widgets)
    path.write_text(static.page(body, title="Test page"))
    return path.as_uri()


# Runs in the page: everything _check_readouts_match_python compares, read in one call
# (a round trip per slider and per number cost more than the page's own work). Every
# match is returned, so a second widget or a missing readout still fails as before.
READOUTS_JS = """([names, quantities]) => {
    const all = (selector, read) => [...document.querySelectorAll(selector)].map(read);
    return {
        configs: all('.edu-muscle-balance script.edu-config', (n) => n.textContent),
        sliders: Object.fromEntries(names.map((name) =>
            [name, all(`input[type=range][name="${name}"]`, (n) => n.value)])),
        checked: all('input[type=radio][data-control="position"]:checked',
            (n) => n.getAttribute('value')),
        shown: Object.fromEntries(quantities.map((quantity) => [quantity,
            all(`.edu-muscle-balance [data-quantity="${quantity}"]`,
                (n) => n.getAttribute('data-value'))])),
        sentences: all('.edu-mb-sentence', (n) => n.textContent),
    };
}"""


def _dom_inputs(read: dict) -> dict[str, float]:
    """The values the page's sliders hold, plus the widget's fixed inputs from its config."""
    (config,) = read["configs"]
    values = dict(json.loads(config)["values"])
    for name, found in read["sliders"].items():
        assert len(found) <= 1, (name, found)
        if found:
            values[name] = float(found[0])
    assert len(read["checked"]) <= 1, read["checked"]
    if read["checked"]:
        values["position"] = read["checked"][0]
    return values


def _check_readouts_match_python(page):
    read = page.evaluate(READOUTS_JS, [list(CONTROL_NAMES), list(READOUT_QUANTITIES)])
    values = _dom_inputs(read)
    expected = lumbar_load(*split_inputs(values))
    for quantity in READOUT_QUANTITIES:
        nodes = read["shown"][quantity]
        assert nodes, quantity
        for shown in nodes:  # the patient's readout and the clinicians' number agree
            assert float(shown) == pytest.approx(getattr(expected, quantity), rel=1e-9), (
                quantity,
                values,
            )
    (sentence,) = read["sentences"]
    body = split_inputs(values)[0]
    assert sentence == plain_sentence(
        expected,
        typical_muscles_load(values),
        values["load_kg"],
        reference_n=reference_compression_n(body),
    )


@pytest.mark.browser
def test_every_static_slider_works_from_the_keyboard(offline_page, tmp_path):
    page = offline_page.page
    mb = MuscleBalance(controls=list(CONTROL_NAMES), posture=Posture(10, 5, 0.3))
    page.goto(_static_page(tmp_path, mb))
    labels = words()["controls"]
    for name in CONTROL_NAMES:
        if name == "position":
            continue  # a choice, not a slider: see the radio-group test below
        slider = page.get_by_role("slider", name=labels[name]["label"])
        assert slider.get_attribute("name") == name
        low, high = CONTROL_RANGES[name]
        slider.focus()
        for key, check in (
            ("End", lambda v, high=high: v == pytest.approx(high)),
            ("ArrowLeft", lambda v, high=high: v < high),
            ("Home", lambda v, low=low: v == pytest.approx(low)),
            ("ArrowRight", lambda v, low=low: v > low),
            ("PageUp", lambda v, low=low: v > low),
        ):
            page.keyboard.press(key)
            value = float(slider.input_value())
            assert check(value), (name, key, value)
            _check_readouts_match_python(page)
        value_text = slider.get_attribute("aria-valuetext")
        assert value_text.startswith(labels[name]["label"]), value_text
    assert offline_page.network_requests == []


@pytest.mark.browser
def test_position_is_a_named_radio_group_that_works_from_the_keyboard(offline_page, tmp_path):
    page = offline_page.page
    mb = MuscleBalance(controls=["position", "trunk_flexion_deg"])
    page.goto(_static_page(tmp_path, mb))
    control = words()["controls"]["position"]
    group = page.get_by_role("group", name=control["label"])
    standing = group.get_by_role("radio", name=control["choices"]["standing"])
    assert standing.is_checked()
    standing.focus()
    shown = []
    for _ in control["choices"]:
        page.keyboard.press("ArrowDown")
        _check_readouts_match_python(page)
        shown.append(page.locator('input[data-control="position"]:checked').get_attribute("value"))
    # Arrow keys move through sitting and lying and wrap back to standing.
    assert shown == ["sitting", "lying", "standing"]
    lying = group.get_by_role("radio", name=control["choices"]["lying"])
    lying.check()
    _check_readouts_match_python(page)
    assert "lying down" in page.locator(".edu-spine-svg desc").text_content()
    assert offline_page.network_requests == []
    assert offline_page.console_errors == []


@pytest.mark.browser
def test_buttons_set_values_without_dragging(offline_page, tmp_path):
    page = offline_page.page
    page.goto(_static_page(tmp_path, MuscleBalance(controls=["extensors"])))
    page.get_by_role("button", name="Less: Back muscles (extensors)").click()
    assert float(page.locator('input[name="extensors"]').input_value()) == pytest.approx(0.95)
    _check_readouts_match_python(page)
    page.get_by_role("button", name="Reset to typical").click()
    assert float(page.locator('input[name="extensors"]').input_value()) == pytest.approx(1.0)
    _check_readouts_match_python(page)


@pytest.mark.browser
def test_figure_text_alternative_follows_the_numbers(offline_page, tmp_path):
    page = offline_page.page
    page.goto(_static_page(tmp_path, MuscleBalance(controls=["load_kg"])))
    slider = page.locator('input[name="load_kg"]')
    slider.focus()
    page.keyboard.press("End")
    expected = lumbar_load(posture=Posture(load_kg=50))
    description = page.locator(".edu-spine-svg desc").text_content()
    assert f"{expected.compression_n:,.0f} newtons" in description
    multiple = expected.compression_n / lumbar_load().compression_n
    assert f"about {multiple:.1f} times the push of standing up straight" in description
    assert page.locator(".edu-spine-svg").get_attribute("role") == "img"


@pytest.mark.browser
def test_sentence_rules_agree_with_python(browser, tmp_path):
    """The sentence is computed twice (kernel and page): both must say the same words."""
    page = browser.new_page()
    page.goto(_static_page(tmp_path, MuscleBalance()))
    grid = [
        dict(
            zip(
                (
                    "trunk_flexion_deg",
                    "load_kg",
                    "load_distance_m",
                    "extensors",
                    "hip_flexor_activation",
                    "abdominals_tension",
                    "position",
                ),
                combo,
                strict=True,
            )
        )
        for combo in itertools.product(
            (0, 30, 60),
            (0, 20, 50),
            (0.3, 0.6),
            (0.2, 0.5, 1.0),
            (0.0, 0.3),
            (0.0, 0.15),
            ("standing", "sitting", "lying"),
        )
    ]
    wording = words()
    shown = page.evaluate(
        """([grid, words]) => grid.map((inputs) => {
            const result = EduWidgets.model.lumbarLoad(inputs);
            const typicalInputs = Object.assign({}, inputs, EduWidgets.model.typicalMuscles());
            const typical = EduWidgets.model.lumbarLoad(typicalInputs);
            const standing = EduWidgets.model.lumbarLoad({}).compression_n;
            return EduWidgets.balanceSentence(result, typical, words, inputs.load_kg, standing);
        })""",
        [grid, wording],
    )
    for inputs, sentence in zip(grid, shown, strict=True):
        body = Body()
        posture = Posture(
            **{
                k: inputs[k]
                for k in (
                    "trunk_flexion_deg",
                    "load_kg",
                    "load_distance_m",
                    "hip_flexor_activation",
                    "position",
                )
            }
        )
        muscles = Muscles(
            extensors=inputs["extensors"], abdominals_tension=inputs["abdominals_tension"]
        )
        expected = plain_sentence(
            lumbar_load(body, posture, muscles), lumbar_load(body, posture), posture.load_kg
        )
        assert sentence == expected, inputs
    page.close()


@pytest.mark.browser
@pytest.mark.parametrize("width", [390, 1200])
def test_static_form_is_accessible_and_fits(browser, tmp_path, width):
    from conftest import OfflinePage

    holder = OfflinePage(browser, viewport={"width": width, "height": 900})
    page = holder.page
    page.goto(
        _static_page(
            tmp_path,
            MuscleBalance(controls=list(CONTROL_NAMES), title="Try it"),
            SpineFigure(highlight="hip_flexors"),
        )
    )
    assert axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    for button in page.locator(".edu-widget button").all():
        box = button.bounding_box()
        assert box["width"] >= 24 and box["height"] >= 24
    assert holder.network_requests == []
    assert holder.console_errors == []
    holder.close()


def test_task_comparison_has_plotly_and_plain_html_forms():
    from eduwidgets.figures import task_comparison_figure

    chart = task_comparison_figure()
    bundle = chart._repr_mimebundle_()
    assert set(bundle) == {"text/html", "text/plain"}
    assert "edu-task-chart" in bundle["text/html"]
    far = lumbar_load(posture=Posture(load_kg=20, load_distance_m=0.6))
    multiple = far.compression_n / lumbar_load().compression_n
    assert f"at arm's length: {multiple:.1f} times" in chart.summary()
    # Everyday terms for patients: no newtons, no limits (issue 12).
    for text in (chart.summary(), chart.to_html()):
        assert "newton" not in text.lower() and " N" not in text and "limit" not in text
    assert len(chart.figure.data) == 1

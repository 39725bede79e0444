"""The spine figure and the readouts in everyday terms, in a real browser.

The figure must read at a glance at every control position: no two of its text
labels overlap, at 360 px and at 1280 px, and every label stays inside the
picture. Patient-facing text speaks in everyday terms; newtons, megapascals and
the NIOSH limits live in the "For clinicians" section, closed by default.
"""

from __future__ import annotations

import json
import re

import pytest

from eduwidgets import Body, MuscleBalance, Muscles, Posture, SpineFigure, lumbar_load
from eduwidgets.everyday import (
    everyday_content,
    everyday_loads,
    lead_sentence,
    place_sentence,
    reference_compression_n,
)
from eduwidgets.widgets import static
from eduwidgets.widgets.muscle_balance import CONTROL_NAMES, CONTROL_RANGES

from conftest import OfflinePage

# Words and units a patient should not meet outside the clinicians' section.
CLINICAL_WORDS = re.compile(r"\bN\b|MPa|newton|limit|injur", re.IGNORECASE)
POSITIONS = ("standing", "sitting", "lying")


def _page_with(tmp_path, name, *widgets):
    path = tmp_path / f"{name}.html"
    path.write_text(static.page("".join(w.static_html() for w in widgets), title="Figure test"))
    return path.as_uri()


# Runs in the page: every visible text label of every figure (spine, bend chart), as boxes.
LABEL_BOXES_JS = """() => [...document.querySelectorAll('.edu-spine-svg, .edu-chart-svg')]
  .map((svg) => {
    const frame = svg.getBoundingClientRect();
    const labels = [...svg.querySelectorAll('text')].map((t) => {
        const r = t.getBoundingClientRect();
        return {text: t.textContent, left: r.left, top: r.top, right: r.right, bottom: r.bottom};
    }).filter((b) => b.right - b.left > 0 && b.text.trim());
    return {frame: {left: frame.left, top: frame.top, right: frame.right, bottom: frame.bottom},
            labels};
})"""

# Runs in the page: move one control of the first MuscleBalance as a person would.
SET_CONTROL_JS = """([name, value]) => {
    const radio = document.querySelector(
        `input[type=radio][data-control="${name}"][value="${value}"]`);
    if (radio) { radio.click(); return; }
    const slider = document.querySelector(`input[type=range][name="${name}"]`);
    slider.value = String(value);
    slider.dispatchEvent(new Event('input', {bubbles: true}));
}"""


def _overlaps(figures) -> list[str]:
    problems = []
    tolerance = 0.5  # px: glyph boxes that only touch are not an overlap
    for figure in figures:
        frame, labels = figure["frame"], figure["labels"]
        for box in labels:
            inside = (
                box["left"] >= frame["left"] - tolerance
                and box["right"] <= frame["right"] + tolerance
                and box["top"] >= frame["top"] - tolerance
                and box["bottom"] <= frame["bottom"] + tolerance
            )
            if not inside:
                problems.append(f"{box['text']!r} leaves the picture")
        for i, a in enumerate(labels):
            for b in labels[i + 1 :]:
                width = min(a["right"], b["right"]) - max(a["left"], b["left"])
                height = min(a["bottom"], b["bottom"]) - max(a["top"], b["top"])
                if width > tolerance and height > tolerance:
                    problems.append(f"{a['text']!r} overlaps {b['text']!r}")
    return problems


def _control_states():
    """Every control at both ends and the middle, then the postures that move the body most."""
    for name in CONTROL_NAMES:
        if name == "position":
            for position in POSITIONS:
                yield {name: position}
            continue
        low, high = CONTROL_RANGES[name]
        for value in (low, (low + high) / 2, high):
            yield {name: value}
    for position in POSITIONS:
        for flexion in (0, 45, 90):
            for load_kg, distance in ((0, 0), (50, 0), (50, 0.5), (50, 1.0), (20, 0.3)):
                yield {
                    "position": position,
                    "trunk_flexion_deg": flexion,
                    "load_kg": load_kg,
                    "load_distance_m": distance,
                    "hip_flexor_activation": 1.0 if flexion == 90 else 0.0,
                }


@pytest.mark.browser
@pytest.mark.parametrize("width", [360, 1280])
def test_no_two_figure_labels_overlap_at_any_control_position(browser, tmp_path, width):
    holder = OfflinePage(browser, viewport={"width": width, "height": 900})
    page = holder.page
    # SpineFigure has no controls: its inputs are the postures that move the body most.
    figures = [
        SpineFigure(
            posture=Posture(
                position=position, trunk_flexion_deg=flexion, load_kg=50, load_distance_m=distance
            ),
            highlight=highlight,
        )
        for position in POSITIONS
        for flexion in (0, 45, 90)
        for distance, highlight in ((0.0, "extensors"), (1.0, "obliques"))
    ]
    page.goto(_page_with(tmp_path, "figures", *figures))
    problems = _overlaps(page.evaluate(LABEL_BOXES_JS))
    assert problems == [], problems

    mb = MuscleBalance(controls=list(CONTROL_NAMES), highlight="abdominals")
    page.goto(_page_with(tmp_path, "explorer", mb))
    defaults = json.loads(page.locator("script.edu-config").text_content())["values"]
    states = list(_control_states())
    # Every state in one call (a round trip each cost more than the page's own work): set
    # it, measure the labels, and go back to the start before the next; the page redraws
    # on each input event at once, and reading a box lays the page out first.
    measured = page.evaluate(
        f"""([states, defaults]) => states.map((state) => {{
            const set = {SET_CONTROL_JS};
            for (const [name, value] of Object.entries(state)) set([name, value]);
            const boxes = ({LABEL_BOXES_JS})();
            for (const name of Object.keys(state)) set([name, defaults[name]]);
            return boxes;
        }})""",
        [states, defaults],
    )
    assert len(measured) == len(states) > 3 * len(CONTROL_NAMES)
    for state, figures in zip(states, measured, strict=True):
        found = _overlaps(figures)
        assert found == [], (state, found)
    assert holder.console_errors == [] and holder.network_requests == []
    holder.close()


def _patient_text(page) -> list[str]:
    """Text a patient sees in each widget, leaving out the clinicians' section and the
    figure's text alternative (a screen reader's, which states every number)."""
    return page.evaluate(
        """() => [...document.querySelectorAll('.edu-widget')].map((widget) => {
            const skip = 'details, script, noscript, style, title, desc';
            const walker = document.createTreeWalker(widget, NodeFilter.SHOW_TEXT);
            const parts = [];
            while (walker.nextNode()) {
                const node = walker.currentNode;
                if (!node.parentElement.closest(skip)) parts.push(node.textContent);
            }
            return parts.join(' ');
        })"""
    )


@pytest.mark.browser
def test_patient_readouts_speak_in_everyday_terms(offline_page, tmp_path):
    page = offline_page.page
    mb = MuscleBalance(controls=list(CONTROL_NAMES))
    page.goto(_page_with(tmp_path, "words", mb, SpineFigure(posture=Posture(60, 50, 0.6))))
    states = [
        {},
        {"trunk_flexion_deg": 90, "load_kg": 50, "load_distance_m": 1.0, "extensors": 2.0},
        {"load_kg": 30, "load_distance_m": 0.6},
        {"hip_flexor_activation": 1.0, "abdominals_tension": 0.3},
        {"position": "lying"},
        {"position": "sitting", "extensors": 0.2, "trunk_flexion_deg": 60},
    ]
    for state in states:
        for name, value in state.items():
            page.evaluate(SET_CONTROL_JS, [name, value])
        for text in _patient_text(page):
            assert "times the push of standing up straight" in text
            assert not CLINICAL_WORDS.search(text), (state, CLINICAL_WORDS.findall(text), text)
    # The numbers are one click away, closed by default, in every widget.
    sections = page.locator("details.edu-clinicians")
    assert sections.count() == 2
    for i in range(2):
        section = sections.nth(i)
        assert section.get_attribute("open") is None
        section.locator("summary").click()
        text = section.inner_text()
        assert re.search(r"\d N\b", text) and "MPa" in text and "NIOSH" in text
        assert "Model inputs" in text
    assert offline_page.console_errors == [] and offline_page.network_requests == []


@pytest.mark.browser
def test_typical_line_shows_only_when_it_differs_and_says_how(offline_page, tmp_path):
    page = offline_page.page
    page.goto(_page_with(tmp_path, "typical", MuscleBalance(controls=list(CONTROL_NAMES))))
    typical = page.locator(".edu-typical")
    assert [typical.nth(i).is_visible() for i in range(typical.count())] == [False, False]
    page.evaluate(SET_CONTROL_JS, ["extensors", 0.5])
    page.evaluate(SET_CONTROL_JS, ["trunk_flexion_deg", 30])
    effort_line = typical.nth(1)
    assert effort_line.is_visible() and "Yours work harder" in effort_line.text_content()
    assert not typical.nth(0).is_visible()  # strength does not change the push
    page.evaluate(SET_CONTROL_JS, ["abdominals_tension", 0.3])
    push_line = typical.nth(0)
    assert push_line.is_visible() and "Yours is more" in push_line.text_content()


@pytest.mark.browser
def test_everyday_scale_is_the_same_in_both_runtimes(offline_page, tmp_path):
    page = offline_page.page
    page.goto(_page_with(tmp_path, "scale", SpineFigure()))
    content = everyday_content()
    for body in (Body(), Body(mass_kg=40, height_m=1.5), Body(mass_kg=140, height_m=2.0)):
        shown = page.evaluate(
            "([content, body]) => EduWidgets.everyday.loads(content, body)",
            [content, {"mass_kg": body.mass_kg, "height_m": body.height_m}],
        )
        expected = everyday_loads(body)
        assert [row["key"] for row in shown] == [row["key"] for row in expected]
        for got, want in zip(shown, expected, strict=True):
            assert got["compression_n"] == pytest.approx(want["compression_n"], rel=1e-9)
    rows = everyday_loads()
    for multiple in (0.05, 0.15, 0.95, 1.0, 1.25, 1.3, 2.0, 2.31, 4.66, 9.0, 12.35):
        js = page.evaluate(
            """([m, rows, words]) => [EduWidgets.everyday.leadSentence(m, words),
                EduWidgets.everyday.placeSentence(m, rows, words)]""",
            [multiple, rows, content["words"]],
        )
        assert js == [lead_sentence(multiple), place_sentence(multiple, rows)], multiple


def test_everyday_tasks_are_computed_by_the_model_in_order():
    rows = everyday_loads()
    keys = [row["key"] for row in rows]
    assert keys[0] == "lying" and keys[-1] == "toddler"
    standing = next(row for row in rows if row["key"] == "standing")
    assert standing["multiple"] == 1.0
    assert standing["compression_n"] == pytest.approx(lumbar_load().compression_n)
    assert reference_compression_n(Body(mass_kg=90)) > reference_compression_n(Body(mass_kg=60))
    # The words place a push among the tasks, never as a number of newtons.
    assert place_sentence(3.0, rows) == (
        "That is more than bending over a sink and less than lifting a toddler."
    )


def test_no_script_fallback_keeps_clinicians_numbers_apart():
    fallback = MuscleBalance().static_fallback_html()
    before, _, after = fallback.partition("<details")
    assert "times the push of standing" in before and not CLINICAL_WORDS.search(before)
    assert " N</span>" in after


@pytest.mark.browser
def test_bend_chart_follows_the_sliders_with_the_models_numbers(offline_page, tmp_path):
    from eduwidgets.figures import bend_curve
    from eduwidgets.widgets.muscle_balance import split_inputs

    page = offline_page.page
    mb = MuscleBalance(controls=["trunk_flexion_deg", "abdominals_tension", "extensors"])
    page.goto(_page_with(tmp_path, "chart", mb))
    for name, value in (("trunk_flexion_deg", 45), ("abdominals_tension", 0.2)):
        page.evaluate(SET_CONTROL_JS, [name, value])
    values = json.loads(page.locator("script.edu-config").text_content())["values"]
    values.update(trunk_flexion_deg=45.0, abdominals_tension=0.2)
    expected = bend_curve(*split_inputs(values))
    shown = page.evaluate(
        """(values) => {
            const standing = EduWidgets.model.lumbarLoad({mass_kg: values.mass_kg,
                height_m: values.height_m});
            return EduWidgets.bendCurve(values, standing.compression_n);
        }""",
        values,
    )
    for key in ("yours", "typical"):
        assert shown[key] == pytest.approx(expected[key], rel=1e-9)
    assert shown["here"] == pytest.approx(expected["here"], rel=1e-9)
    # The marker sits on the solid curve at 45 degrees, and says so in the text alternative.
    label = page.locator(".edu-chart-svg").get_attribute("aria-label")
    assert f"You are here: 45°, {expected['here']:.1f} times" in label
    dot = page.locator(".edu-chart-here")
    line_x = float(page.locator(".edu-chart-here-line").get_attribute("x1"))
    assert float(dot.get_attribute("cx")) == pytest.approx(line_x)
    # In JupyterLab the same numbers are a plotly figure that follows the sliders.
    mb.set(**values)
    figure = mb.to_plotly()
    assert list(figure.data[1].y) == pytest.approx(expected["yours"])
    mb.set(trunk_flexion_deg=60)
    assert figure.data[2].x == (60.0,)


@pytest.mark.browser
def test_the_page_computes_the_figure_from_its_inputs_alone(offline_page, tmp_path):
    """SpineFigure syncs inputs and words, no computed number; the page computes the push
    and the everyday tasks, and they are the numbers Python gives on demand."""
    posture = Posture(position="sitting", trunk_flexion_deg=45, load_kg=10, load_distance_m=0.4)
    figure = SpineFigure(posture=posture, highlight="obliques")
    synced = set(figure.static_config())
    assert synced == {"inputs", "highlight", "everyday_content", "readout_words"}, synced
    assert figure.result == lumbar_load(Body(), posture, Muscles()).as_dict()
    page = offline_page.page
    page.goto(_page_with(tmp_path, "computed", figure))
    shown_n = float(page.locator(".edu-spine-lead").get_attribute("data-value"))
    assert shown_n == pytest.approx(figure.result["compression_n"], rel=1e-12)
    rows = page.evaluate(
        "(content) => EduWidgets.everyday.loads(content, {})", figure.everyday_content
    )
    assert [row["key"] for row in rows] == [row["key"] for row in figure.everyday]

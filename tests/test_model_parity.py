"""The two runtimes agree: model.js (static handouts) against model.py (live lessons).

The page loads ``eduwidgets.widgets.static.scripts()`` exactly as a handout does, so the
JavaScript reads the constants that Python injected. Every numeric output must
match within a relative error of 1e-6 (absolute 1e-12 for values near zero), every
zone name must be equal, and bad input must give the same message in both runtimes.
"""

from __future__ import annotations

import itertools
import json
import math
from dataclasses import fields

import numpy as np
import pytest

from eduwidgets import model
from eduwidgets.model import Body, LumbarLoad, Muscles, Posture, lumbar_load
from eduwidgets.widgets import static

pytestmark = pytest.mark.browser

RELATIVE_TOLERANCE = 1e-6
NEAR_ZERO = 1e-6  # below this size a value is compared absolutely: |js - py| < 1e-12
INPUT_CLASSES = (Body, Posture, Muscles)
INPUT_NAMES = [f.name for cls in INPUT_CLASSES for f in fields(cls)]
NUMBER_NAMES = [name for name in INPUT_NAMES if name != "position"]
PY_RANGES = {**model.BODY_RANGES, **model.POSTURE_RANGES, **model.MUSCLE_RANGES}
OUTPUT_NAMES = [f.name for f in fields(LumbarLoad)]
NUMERIC_OUTPUTS = [name for name in OUTPUT_NAMES if name != "zone"]

# For each position, three levels of every input that shapes the load (both range
# ends and a middle value): 3 x 3^8 = 19,683 points. Strength changes only the
# efforts, so it takes random values inside its range on the grid.
GRID_LEVELS = {
    "mass_kg": (20.0, 70.0, 250.0),
    "height_m": (1.0, 1.75, 2.3),
    "trunk_flexion_deg": (0.0, 45.0, 90.0),
    "load_kg": (0.0, 10.0, 50.0),
    "load_distance_m": (0.0, 0.3, 1.0),
    "hip_flexor_activation": (0.0, 0.3, 1.0),
    "obliques_tension": (0.0, 0.1, 0.3),
    "abdominals_tension": (0.0, 0.1, 0.3),
}
STRENGTH_NAMES = ("extensors", "obliques", "hip_flexors", "abdominals")
# The backrest moves the load only in sitting: each grid point takes one of its levels.
BACKREST_LEVELS = (0.0, 0.5, 1.0)
RANDOM_POINTS = 2000
RANDOM_SEED = 20240611


def grid_inputs() -> list[dict]:
    """The systematic grid for each position, then seeded uniform random points."""
    assert set(GRID_LEVELS) | set(STRENGTH_NAMES) | {"backrest"} == set(NUMBER_NAMES)
    rng = np.random.default_rng(RANDOM_SEED)
    points = []
    for position in model.POSITIONS:
        for values in itertools.product(*GRID_LEVELS.values()):
            point = {"position": position, **dict(zip(GRID_LEVELS, values, strict=True))}
            point.update({name: float(rng.uniform(0.2, 2.0)) for name in STRENGTH_NAMES})
            point["backrest"] = float(rng.choice(BACKREST_LEVELS))
            points.append({name: point[name] for name in INPUT_NAMES})
    columns = {
        name: rng.uniform(low, high, RANDOM_POINTS) for name, (low, high) in PY_RANGES.items()
    }
    positions = rng.choice(model.POSITIONS, RANDOM_POINTS)
    points += [
        {
            "position": str(positions[i]),
            **{name: float(columns[name][i]) for name in NUMBER_NAMES},
        }
        for i in range(RANDOM_POINTS)
    ]
    return [{name: point[name] for name in INPUT_NAMES} for point in points]


def split_inputs(point: dict) -> tuple[Body, Posture, Muscles]:
    return tuple(cls(**{f.name: point[f.name] for f in fields(cls)}) for cls in INPUT_CLASSES)


def python_scalar(points: list[dict]) -> dict[str, list]:
    """The plain-float path of lumbar_load (math module), one call per point."""
    results = [lumbar_load(*split_inputs(point)).as_dict() for point in points]
    return {name: [result[name] for result in results] for name in OUTPUT_NAMES}


def python_vectorised(points: list[dict]) -> dict[str, list]:
    """The numpy path of lumbar_load, one call per position (a position is one word)."""
    results: list[dict] = [{} for _ in points]
    for position in model.POSITIONS:
        indices = [i for i, point in enumerate(points) if point["position"] == position]
        columns = {name: np.array([points[i][name] for i in indices]) for name in NUMBER_NAMES}
        columns["position"] = position
        out = lumbar_load(*split_inputs(columns)).as_dict()
        for k, i in enumerate(indices):
            results[i] = {name: out[name][k] for name in OUTPUT_NAMES}
    return {name: [result[name] for result in results] for name in OUTPUT_NAMES}


def load_scripts(page) -> None:
    """Load the handout bundle into a blank page and fail clearly if it did not run."""
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto("about:blank")
    page.add_script_tag(content=static.scripts())
    kind = page.evaluate("typeof (globalThis.EduWidgets?.model?.lumbarLoad)")
    assert kind == "function", f"static.scripts() did not define EduWidgets.model: {errors}"


@pytest.fixture(scope="module")
def js_page(browser):
    context = browser.new_context()
    page = context.new_page()
    load_scripts(page)
    yield page
    context.close()


def js_lumbar_load(page, points: list[dict[str, float]]) -> dict[str, list]:
    """Every point through EduWidgets.model.lumbarLoad in one evaluate call, as columns.

    Points and results cross as JSON text: Playwright's own serialisation of 20,000
    objects takes seconds, and JSON keeps every float exact (shortest round-trip digits).
    """
    text = page.evaluate(
        """([pointsJson, names]) => JSON.stringify(JSON.parse(pointsJson).map((point) => {
            const result = EduWidgets.model.lumbarLoad(point);
            const keys = Object.keys(result).join(",");
            if (keys !== names.join(",")) throw new Error("lumbarLoad returned keys " + keys);
            return names.map((name) => result[name]);
        }))""",
        [json.dumps(points), OUTPUT_NAMES],
    )
    rows = json.loads(text)
    return {name: [row[i] for row in rows] for i, name in enumerate(OUTPUT_NAMES)}


def worst_error(points, python: dict[str, list], js: dict[str, list]) -> dict:
    """The largest relative error over every numeric output and point, with its context."""
    worst = {"error": -1.0}
    for name in NUMERIC_OUTPUTS:
        py_values = np.asarray(python[name], dtype=float)
        js_values = np.asarray(js[name], dtype=float)
        errors = np.abs(js_values - py_values) / np.maximum(np.abs(py_values), NEAR_ZERO)
        errors[np.isnan(errors)] = np.inf  # a NaN on either side is a failure
        index = int(np.argmax(errors))
        if errors[index] > worst["error"]:
            worst = {
                "error": float(errors[index]),
                "field": name,
                "input": points[index],
                "python": float(py_values[index]),
                "js": float(js_values[index]),
            }
    return worst


@pytest.fixture(scope="module")
def parity_points():
    return grid_inputs()


@pytest.fixture(scope="module")
def js_results(js_page, parity_points):
    return js_lumbar_load(js_page, parity_points)


@pytest.mark.parametrize("python_path", [python_scalar, python_vectorised], ids=["math", "numpy"])
def test_js_matches_python_on_grid(parity_points, js_results, python_path):
    python = python_path(parity_points)
    assert len(parity_points) >= 20_000
    # The grid reaches every zone, so the zone comparison below means something.
    assert set(python["zone"]) == set(model.ZONE_NAMES)

    worst = worst_error(parity_points, python, js_results)
    print(
        f"\n{python_path.__name__}: {len(parity_points)} input combinations, "
        f"max relative error {worst['error']:.3g} ({worst['field']})"
    )
    assert worst["error"] < RELATIVE_TOLERANCE, (
        f"JS and Python differ in {worst['field']} by a relative {worst['error']:.3g} "
        f"at input {json.dumps(worst['input'])}: Python {worst['python']!r}, JS {worst['js']!r}"
    )

    mismatches = [
        (point, py_zone, js_zone)
        for point, py_zone, js_zone in zip(
            parity_points, python["zone"], js_results["zone"], strict=True
        )
        if py_zone != js_zone
    ]
    assert not mismatches, (
        f"{len(mismatches)} zone names differ; first at input {json.dumps(mismatches[0][0])}: "
        f"Python {mismatches[0][1]!r}, JS {mismatches[0][2]!r}"
    )


@pytest.mark.parametrize("end", ["low", "high"])
def test_js_range_matches_python(js_page, parity_points, end):
    """lumbarLoadRange against lumbar_load_range, on the random points and one grid slice."""
    points = parity_points[-RANDOM_POINTS:] + parity_points[:: len(parity_points) // 500]
    index = 0 if end == "low" else 1
    text = js_page.evaluate(
        """([pointsJson, names, index]) => JSON.stringify(JSON.parse(pointsJson).map(
            (point) => names.map((name) => EduWidgets.model.lumbarLoadRange(point)[index][name])
        ))""",
        [json.dumps(points), OUTPUT_NAMES, index],
    )
    rows = json.loads(text)
    js = {name: [row[i] for row in rows] for i, name in enumerate(OUTPUT_NAMES)}
    results = [model.lumbar_load_range(*split_inputs(p))[index].as_dict() for p in points]
    python = {name: [r[name] for r in results] for name in OUTPUT_NAMES}
    worst = worst_error(points, python, js)
    assert worst["error"] < RELATIVE_TOLERANCE, worst
    assert python["zone"] == js["zone"]


def test_defaults_match_python(js_page):
    js_defaults = js_page.evaluate("EduWidgets.model.DEFAULTS")
    py_defaults = {f.name: f.default for cls in INPUT_CLASSES for f in fields(cls)}
    assert list(js_defaults.items()) == list(py_defaults.items())
    # Missing keys take the defaults: an empty input is the default Python call.
    js = js_page.evaluate("EduWidgets.model.lumbarLoad({})")
    python = lumbar_load().as_dict()
    assert list(js) == OUTPUT_NAMES
    for name in NUMERIC_OUTPUTS:
        assert js[name] == pytest.approx(python[name], rel=RELATIVE_TOLERANCE, abs=1e-12), name
    assert js["zone"] == python["zone"]


def test_range_tables_identical(js_page):
    js_ranges = js_page.evaluate("EduWidgets.model.RANGES")
    py_ranges = {name: list(bounds) for name, bounds in PY_RANGES.items()}
    # Same fields, same order (the order errors are reported in), same bounds.
    assert list(js_ranges.items()) == list(py_ranges.items())
    assert list(py_ranges) == NUMBER_NAMES
    assert js_page.evaluate("EduWidgets.model.POSITIONS") == list(model.POSITIONS)


def test_shoulder_forward_distance_matches_python(js_page):
    for flexion_deg, height_m, position in (
        (0, 1.75, "standing"),
        (70, 1.75, "standing"),
        (35.5, 1.6, "sitting"),
        (90, 2.0, "lying"),
    ):
        js = js_page.evaluate(
            "([deg, height, position]) => "
            "EduWidgets.model.shoulderForwardDistanceM(deg, height, position)",
            [flexion_deg, height_m, position],
        )
        python = model.shoulder_forward_distance_m(flexion_deg, height_m, position)
        assert js == pytest.approx(python, rel=RELATIVE_TOLERANCE, abs=1e-12), position


def test_unknown_position_gives_the_same_message(js_page):
    for bad in ("kneeling", "Standing", ""):
        with pytest.raises(ValueError) as raised:
            Posture(position=bad)
        js = js_messages(js_page, [("position", bad)])[0]
        assert js == str(raised.value)
        assert "Posture.position" in js and '"standing", "sitting", "lying"' in js


def python_message(name: str, value: float) -> str | None:
    """Python's error message for one bad input, or None when Python accepts it."""
    cls = next(cls for cls in INPUT_CLASSES if name in {f.name for f in fields(cls)})
    try:
        cls(**{name: value})
    except ValueError as error:
        return str(error)
    return None


def js_messages(page, cases: list[tuple[str, float]]) -> list[str | None]:
    """EduWidgets.model.validate on each (field, value); the message, or None if it passed."""
    return page.evaluate(
        """(cases) => cases.map(([name, value]) => {
            try {
                EduWidgets.model.validate({[name]: value});
                return null;
            } catch (error) {
                if (!(error instanceof Error)) return "not an Error: " + String(error);
                return error.message;
            }
        })""",
        cases,
    )


def test_validate_rejects_what_python_rejects_with_the_same_message(js_page):
    cases = []
    for name, (low, high) in PY_RANGES.items():
        span = high - low
        bad = [low - 0.01 * span, high + 0.01 * span, low - 1e-9, high * 10, -1e-5]
        bad += [math.nan, math.inf, -math.inf, 1e300]
        cases += [(name, value) for value in bad if value < low or value > high or value != value]
    py = [python_message(name, value) for name, value in cases]
    js = js_messages(js_page, cases)
    for (name, value), py_message, js_message in zip(cases, py, js, strict=True):
        assert py_message is not None, f"Python accepted {name} = {value!r}"
        assert js_message == py_message, f"{name} = {value!r}: JS {js_message!r}"
        # The message names the field, the value and the allowed range.
        low, high = PY_RANGES[name]
        assert f".{name} = " in js_message
        assert f"from {low:g} to {high:g}" in js_message


def test_validate_accepts_range_ends(js_page):
    cases = [(name, bound) for name, bounds in PY_RANGES.items() for bound in bounds]
    assert js_messages(js_page, cases) == [None] * len(cases)
    assert [python_message(name, value) for name, value in cases] == [None] * len(cases)


def test_validate_rejects_non_numbers_and_unknown_fields(js_page):
    # Python coerces with float(); the client is stricter: a form's text must go
    # through Number() first, so an empty field can never become 0 silently.
    cases = [("mass_kg", "70"), ("extensors", None), ("load_kg", True), ("obliques", "")]
    messages = js_messages(js_page, cases)
    for (name, _value), message in zip(cases, messages, strict=True):
        assert message is not None and f".{name} = " in message, message
        assert "is not allowed: it must be a number from" in message
    unknown = js_messages(js_page, [("mass", 70.0)])[0]
    assert unknown is not None and '"mass" is not a model input' in unknown
    assert "mass_kg" in unknown  # it lists the real names


def test_js_reads_every_constant_from_python(browser, monkeypatch):
    """Change every float constant in Python and inject the changed set: the JS must follow.

    A number hard-coded in model.js would keep its old value and break the match.
    """
    changed = {}
    for index, (name, value) in enumerate(sorted(model.browser_constants().items())):
        if isinstance(value, float):
            changed[name] = value * (1.1 + 0.01 * index)  # a different factor for each
            monkeypatch.setattr(model, name, changed[name])
    constants = model.browser_constants()
    assert {name: constants[name] for name in changed} == changed

    context = browser.new_context()
    try:
        page = context.new_page()
        load_scripts(page)
        page.evaluate("(constants) => { EduWidgets.modelConstants = constants; }", constants)
        page.add_script_tag(content=static.asset_text("model.js"))  # re-read the constants
        points = grid_inputs()[::40]
        python, js = python_scalar(points), js_lumbar_load(page, points)
    finally:
        context.close()
    assert python["zone"] == js["zone"], "with changed limits, the zone names differ"
    worst = worst_error(points, python, js)
    assert worst["error"] < RELATIVE_TOLERANCE, (
        f"with changed constants, {worst['field']} differs by a relative {worst['error']:.3g} "
        f"at input {json.dumps(worst['input'])}: Python {worst['python']!r}, JS {worst['js']!r}"
    )


def first_difference(python: object, js: object, path: str = "state") -> str | None:
    """Where two state objects first differ (numbers within RELATIVE_TOLERANCE), or None.

    Objects must have the same keys in the same order, lists the same length, text and
    zone names the same characters."""
    if isinstance(python, dict):
        if not isinstance(js, dict) or list(python) != list(js):
            return f"{path}: Python keys {list(python)!r}, JS {js!r}"
        for key in python:
            found = first_difference(python[key], js[key], f"{path}.{key}")
            if found:
                return found
        return None
    if isinstance(python, list | tuple):
        if not isinstance(js, list) or len(python) != len(js):
            return f"{path}: Python {python!r}, JS {js!r}"
        for index, (py_item, js_item) in enumerate(zip(python, js, strict=True)):
            found = first_difference(py_item, js_item, f"{path}[{index}]")
            if found:
                return found
        return None
    if isinstance(python, int | float) and not isinstance(python, bool):
        if not isinstance(js, int | float) or isinstance(js, bool):
            return f"{path}: Python {python!r}, JS {js!r}"
        scale = max(abs(float(python)), NEAR_ZERO)
        if not abs(float(js) - float(python)) / scale < RELATIVE_TOLERANCE:
            return f"{path}: Python {python!r}, JS {js!r}"
        return None
    return None if python == js else f"{path}: Python {python!r}, JS {js!r}"


STATE_CHUNK = 1000
# Python's state takes about 1 ms a point on an idle core (the everyday tasks and the bend
# curve: a dozen model calls; 2 ms before plain numbers skipped numpy's range check), the
# page's about 0.4 ms. The whole grid (21,683 points) would cost about half a minute idle
# and several minutes on a busy two-core machine (measured and derived, issue 23), more
# than the ~10 s this test may take; every 7th point (about 3,100, every position and
# both range ends of each input among them) costs a seventh of that.
STATE_STRIDE = 7


def test_whole_state_matches_python_on_grid(js_page, parity_points):
    """MuscleBalance's whole state (numbers, typical numbers, everyday tasks, bend curve,
    sentence) from the page's ``balanceState`` and Python's ``balance_state``, compared as
    whole objects over the parity grid: the reader sees what a notebook author reads."""
    from eduwidgets.everyday import everyday_content
    from eduwidgets.widgets.muscle_balance import balance_state, words

    wording, content = words(), everyday_content()
    grid = parity_points[::STATE_STRIDE]
    assert len(grid) > 3000
    for start in range(0, len(grid), STATE_CHUNK):
        points = grid[start : start + STATE_CHUNK]
        text = js_page.evaluate(
            """([pointsJson, words, content]) => JSON.stringify(JSON.parse(pointsJson).map(
                (values) => EduWidgets.balanceState(values, words, content)))""",
            [json.dumps(points), wording, content],
        )
        for point, js_state in zip(points, json.loads(text), strict=True):
            found = first_difference(balance_state(point, wording), js_state)
            assert found is None, f"at input {json.dumps(point)}: {found}"

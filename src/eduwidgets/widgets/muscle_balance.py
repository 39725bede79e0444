"""MuscleBalance: try weaker, tighter or stronger muscles and see the load on your lower spine.

One call builds it from a profile:
``MuscleBalance(muscles=Muscles(extensors=0.5), controls=["extensors"])``.
The kernel computes with ``lumbar_load``; the browser draws with ``widgets/muscle_balance.js``.
In a handout the same drawing code runs and ``model.js`` computes instead.
"""

from __future__ import annotations

import html
import math
from dataclasses import asdict, dataclass, fields

import traitlets

from eduwidgets.content import load_content, number_text
from eduwidgets.everyday import (
    everyday_content,
    everyday_loads,
    multiple_text,
    reference_compression_n,
    reference_push_n,
)
from eduwidgets.figures import bend_curve, bend_curve_figure, plotly_graph_objects
from eduwidgets.model import (
    MUSCLE_RANGES,
    POSTURE_RANGES,
    PSOAS_FASCICLE_ANGLE_DEG,
    ZONE_NAMES,
    Body,
    LumbarLoad,
    Muscles,
    Posture,
    lumbar_load,
)
from eduwidgets.widgets import static
from eduwidgets.widgets.live import LiveWidget
from eduwidgets.widgets.spine_figure import (
    MUSCLE_GROUPS,
    check_highlight,
    model_inputs,
    readout_words,
    readouts_html,
    split_inputs,
    standing_multiple,
)

__all__ = [
    "CONTROL_NAMES",
    "CONTROL_RANGES",
    "MUSCLE_CONTROLS",
    "STRENGTH_CONTROLS",
    "MuscleBalance",
    "balance_state",
    "patient_words",
    "plain_sentence",
    "split_inputs",
    "typical_muscles_load",
    "words",
]

MUSCLE_CONTROLS = tuple(f.name for f in fields(Muscles))
# The four groups' strength sliders, the default set of controls.
STRENGTH_CONTROLS = MUSCLE_GROUPS
POSTURE_CONTROLS = tuple(f.name for f in fields(Posture))
CONTROL_NAMES = MUSCLE_CONTROLS + POSTURE_CONTROLS
CONTROL_RANGES = {**MUSCLE_RANGES, **POSTURE_RANGES}


def round_half_up(value: float) -> int:
    """Round like JavaScript's Math.round, so both runtimes print the same whole numbers."""
    return math.floor(value + 0.5)


def words() -> dict:
    """The widget's words from ``content/muscle_balance.toml``."""
    return load_content("muscle_balance.toml")


def plain_sentence(
    result: LumbarLoad,
    typical: LumbarLoad,
    load_kg: float = 0.0,
    wording: dict | None = None,
    reference_n: float | None = None,
) -> str:
    """One plain sentence about the load, in everyday terms; the first rule that applies wins.

    The same rules run in the browser (``EduWidgets.balanceSentence``); the words are content.
    ``load_kg`` is the weight in the hands: advice to hold it closer needs one.
    ``reference_n`` is the push of standing up straight for this body [N] (a typical
    adult's by default): extra push is told as a multiple of it, never in newtons.
    The NIOSH limits pick the "heavy lift" rule, but the words never name them: the
    limits are for clinicians (the "For clinicians" section).
    """
    wording = wording or words()
    reference_n = reference_n or reference_compression_n()
    sentences, thresholds = wording["sentences"], wording["thresholds"]
    psoas_push_n = math.cos(math.radians(PSOAS_FASCICLE_ANGLE_DEG)) * result.psoas_force_n
    tension_push_n = result.compression_n - typical.compression_n - psoas_push_n

    def fill(template: str, extra_n: float = 0.0) -> str:
        return template.replace(
            "{effort_pct}", number_text(round_half_up(result.extensor_effort * 100), 0)
        ).replace("{extra_multiple}", multiple_text(extra_n / reference_n))

    if result.extensor_effort >= 1:
        return fill(sentences["cannot_hold"])
    if load_kg > 0 and result.zone != ZONE_NAMES[0]:
        return fill(sentences["heavy_lift"]) + " " + sentences["hold_closer"]
    if psoas_push_n / reference_n >= thresholds["extra_push_multiple"]:
        return fill(sentences["hip_flexor_work_everyday"], psoas_push_n)
    if tension_push_n / reference_n >= thresholds["extra_push_multiple"]:
        return fill(sentences["tense_trunk_everyday"], tension_push_n)
    if result.extensor_effort >= thresholds["hard_work_effort"]:
        return fill(sentences["hard_work"])
    return fill(sentences["typical"])


def balance_state(values: dict, wording: dict) -> dict:
    """Everything a reader of MuscleBalance sees, from its inputs and words: the model's
    numbers, typical muscles' numbers, the everyday tasks, the bend curve and the sentence.
    The page's twin is ``balanceState`` in ``widgets/muscle_balance.js``;
    ``tests/test_model_parity.py`` compares the two objects whole."""
    body, posture, muscles = split_inputs(values)
    load = lumbar_load(body, posture, muscles)
    typical = lumbar_load(body, posture, Muscles())
    rows = everyday_loads(body)
    reference_n = reference_push_n(rows)
    return {
        "result": load.as_dict(),
        "typical": typical.as_dict(),
        "everyday": rows,
        "bend_curve": bend_curve(body, posture, muscles),
        "sentence": plain_sentence(load, typical, values["load_kg"], wording, reference_n),
    }


def typical_muscles_load(values: dict[str, float]) -> LumbarLoad:
    body, posture, _ = split_inputs(values)
    return lumbar_load(body, posture, Muscles())


@dataclass
class Slider:
    """A handle on one slider for code and tests: ``mb.sliders["extensors"].value = 0.5``."""

    widget: MuscleBalance
    name: str

    @property
    def value(self) -> float:
        return self.widget.values[self.name]

    @value.setter
    def value(self, new_value: float) -> None:
        self.widget.set(**{self.name: new_value})

    @property
    def min(self) -> float:
        return CONTROL_RANGES[self.name][0]

    @property
    def max(self) -> float:
        return CONTROL_RANGES[self.name][1]

    @property
    def step(self) -> float:
        return float(words()["controls"][self.name]["step"])

    @property
    def description(self) -> str:
        return words()["controls"][self.name]["label"]


def patient_words(first_name: str | None) -> tuple[str, str]:
    """The start button's label and the note when the sliders start at a patient's values."""
    if first_name:
        return (
            static.say("balance.back_to_named", name=first_name),
            static.say("balance.note_named", name=first_name),
        )
    return static.say("balance.back_to_yours"), static.say("balance.note_yours")


def _current_patient():
    """The patient whose values the clinic entered, if any (see eduwidgets.patient.session)."""
    from eduwidgets.patient.session import current_patient

    return current_patient()


class MuscleBalance(LiveWidget):
    """Sliders for muscle groups (and posture), readouts, a plain sentence and the spine.

    Parameters
    ----------
    muscles, posture, body : optional
        Where the sliders start; typical adult, upright, empty hands by default.
    controls : list of str, optional
        Which controls to show, any of the ``Muscles`` and ``Posture`` fields
        (``position`` is a choice of standing, sitting or lying); the four muscle
        groups' strength by default.
    title, prompt : str, optional
        A heading and one sentence telling the reader what to try.
    highlight : str, optional
        A muscle group to stand out in the figure.
    use_patient : bool
        Start from the patient's values when the clinic app has them (default True).
    """

    KIND = "muscle-balance"
    values = traitlets.Dict().tag(sync=True)
    start_values = traitlets.Dict().tag(sync=True)
    start_label = traitlets.Unicode("").tag(sync=True)
    controls = traitlets.List(traitlets.Unicode()).tag(sync=True)
    words = traitlets.Dict().tag(sync=True)
    title = traitlets.Unicode("").tag(sync=True)
    prompt = traitlets.Unicode("").tag(sync=True)
    patient_note = traitlets.Unicode("").tag(sync=True)
    highlight = traitlets.Unicode(None, allow_none=True).tag(sync=True)
    everyday_content = traitlets.Dict().tag(sync=True)
    readout_words = traitlets.Dict().tag(sync=True)

    def __init__(
        self,
        muscles: Muscles | None = None,
        posture: Posture | None = None,
        body: Body | None = None,
        controls: list[str] | tuple[str, ...] | None = None,
        title: str = "",
        prompt: str = "",
        highlight: str | None = None,
        use_patient: bool = True,
        **kwargs,
    ):
        controls = list(STRENGTH_CONTROLS if controls is None else controls)
        unknown = [name for name in controls if name not in CONTROL_NAMES]
        if unknown or not controls or len(set(controls)) != len(controls):
            raise ValueError(
                f"controls = {controls!r} is not allowed: give one or more of "
                f"{', '.join(CONTROL_NAMES)}, each once."
            )
        start_label, patient_note = static.say("balance.back_to_start"), ""
        patient = _current_patient() if use_patient else None
        if patient is not None:
            muscles, body = patient.muscles, patient.body
            start_label, patient_note = patient_words(patient.first_name)
        start = model_inputs(body or Body(), posture or Posture(), muscles or Muscles())
        super().__init__(
            controls=controls,
            words=words(),
            everyday_content=everyday_content(),
            readout_words=readout_words(),
            title=title,
            prompt=prompt,
            highlight=check_highlight(highlight),
            start_label=start_label,
            patient_note=patient_note,
            start_values=start,
            **kwargs,
        )
        self.values = start

    @traitlets.validate("values")
    def _valid_values(self, proposal):
        values = {
            name: value if name == "position" else float(value)
            for name, value in proposal["value"].items()
        }
        missing = set(CONTROL_NAMES) - set(values)
        if missing:
            raise traitlets.TraitError(f"values is missing {', '.join(sorted(missing))}")
        split_inputs(values)  # raises ValueError naming the field, value and range
        return values

    @property
    def state(self) -> dict:
        """Everything a reader sees, computed now from the values and words: the same
        object the page's ``balanceState`` computes (``balance_state``). Nothing of it is
        synced: the page computes it itself, live and static."""
        return balance_state(self.values, self.words)

    @property
    def load(self) -> LumbarLoad:
        return lumbar_load(*split_inputs(self.values))

    @property
    def result(self) -> dict:
        """The model's numbers for the current values (``LumbarLoad`` fields), on demand."""
        return self.load.as_dict()

    @property
    def typical(self) -> dict:
        return self.state["typical"]

    @property
    def sentence(self) -> str:
        return self.state["sentence"]

    def set(self, **new_values: float | str) -> None:
        """Move sliders from code: ``mb.set(extensors=0.5, trunk_flexion_deg=30)``."""
        unknown = [
            name for name in new_values if name not in (*CONTROL_NAMES, "mass_kg", "height_m")
        ]
        if unknown:
            raise ValueError(
                f"{unknown[0]!r} is not a slider: use one of {', '.join(CONTROL_NAMES)}."
            )
        self.values = {**self.values, **new_values}

    def reset(self) -> None:
        """Set every muscle group to typical strength and no extra tension, as the Reset
        button does."""
        self.set(**asdict(Muscles()))

    @property
    def sliders(self) -> dict[str, Slider]:
        return {name: Slider(self, name) for name in self.controls}

    def to_plotly(self):
        """The push against how far you bend as a plotly figure, for JupyterLab.

        A ``FigureWidget`` that follows the sliders: its "you are here" marker and
        curves change whenever ``values`` do. Handouts and clinic pages draw the
        same numbers with ``widgets/bend_chart.js`` (plotly.js is too big for them).
        """
        go = plotly_graph_objects()
        figure = go.FigureWidget(bend_curve_figure(self.state["bend_curve"]))

        def follow(change=None) -> None:
            curve = self.state["bend_curve"]
            with figure.batch_update():
                figure.data[0].y = curve["typical"]
                figure.data[1].y = curve["yours"]
                figure.data[2].x = [curve["here_deg"]]
                figure.data[2].y = [curve["here"]]

        self.observe(follow, names="values")
        return figure

    def static_label(self) -> str:
        return self.title or static.say("balance.region_label")

    def static_fallback_html(self) -> str:
        state = self.state
        multiple = standing_multiple(self.load, state["everyday"])
        return f"<p>{html.escape(state['sentence'])}</p>" + readouts_html(self.load, multiple)

"""SpineFigure: a side view of a person, their lower spine, the muscles' pulls and the
push on the L4/L5 disc in everyday terms.

The figure lives in ``widgets/spine.js`` (its drawing in ``spine_drawing.js``) and is
the same live and in handouts. Under it, the push is
told as a multiple of standing up straight among everyday tasks
(``eduwidgets.everyday``), with newtons and the NIOSH limits in a closed "For
clinicians" section. For authors who want a plotly figure of the muscle forces,
``to_plotly()`` gives one.
"""

from __future__ import annotations

import html
from dataclasses import fields
from typing import TYPE_CHECKING

import traitlets

from eduwidgets.content import load_content, number_text
from eduwidgets.content.muscle_groups import GROUP_IDS, group_words
from eduwidgets.everyday import everyday_content, everyday_loads, reference_push_n
from eduwidgets.figures import COLOURS, newton_bars_layout, plotly_graph_objects
from eduwidgets.model import Body, LumbarLoad, Muscles, Posture, lumbar_load
from eduwidgets.widgets import static
from eduwidgets.widgets.live import LiveWidget

if TYPE_CHECKING:
    import plotly.graph_objects as go

__all__ = [
    "MUSCLE_GROUPS",
    "SpineFigure",
    "check_highlight",
    "model_inputs",
    "readout_words",
    "readouts_html",
    "split_inputs",
    "standing_multiple",
]

MUSCLE_GROUPS = GROUP_IDS
CHART_GROUPS = ("extensors", "abdominals", "obliques", "hip_flexors")  # the chart's order
GROUP_FORCES = {
    "extensors": "extensor_force_n",
    "abdominals": "abdominal_force_n",
    "obliques": "oblique_force_n",
    "hip_flexors": "psoas_force_n",
}


def model_inputs(body: Body, posture: Posture, muscles: Muscles) -> dict[str, float | str]:
    """All model inputs as one flat dict, the form both runtimes share.

    Every input is a float except ``position``, which stays a word.
    """
    return {
        f.name: value if isinstance(value := getattr(owner, f.name), str) else float(value)
        for owner in (body, posture, muscles)
        for f in fields(owner)
    }


def split_inputs(values: dict[str, float]) -> tuple[Body, Posture, Muscles]:
    """The inverse of ``model_inputs``; the dataclasses validate every value."""
    return (
        Body(**{f.name: values[f.name] for f in fields(Body)}),
        Posture(**{f.name: values[f.name] for f in fields(Posture)}),
        Muscles(**{f.name: values[f.name] for f in fields(Muscles)}),
    )


def check_highlight(highlight: str | None) -> str | None:
    if highlight is not None and highlight not in MUSCLE_GROUPS:
        raise ValueError(
            f"highlight = {highlight!r} is not a muscle group: use one of "
            f"{', '.join(MUSCLE_GROUPS)}, or None."
        )
    return highlight


def readout_words() -> dict:
    """Words of the readouts and the "For clinicians" section (``content/readouts.toml``)."""
    return load_content("readouts.toml")


def readouts_html(result: LumbarLoad, standing_multiple: float) -> str:
    """Plain HTML, for places where scripts cannot run: everyday terms first, then the
    clinicians' numbers in a closed <details>."""
    from eduwidgets.everyday import lead_sentence

    clinicians = readout_words()["clinicians"]
    return (
        f"<p>{html.escape(lead_sentence(standing_multiple))}</p>"
        f'<details class="edu-clinicians"><summary>{html.escape(clinicians["summary"])}</summary>'
        f'<p>{html.escape(clinicians["compression"])}: <span data-quantity="compression_n" '
        f'data-value="{result.compression_n!r}">{number_text(result.compression_n, 0)} N</span>, '
        f"{html.escape(clinicians['zones'][result.zone])}.</p></details>"
    )


def standing_multiple(load: LumbarLoad, rows: list[dict]) -> float:
    """The push as a multiple of the reference task (standing up straight)."""
    return load.compression_n / reference_push_n(rows)


class SpineFigure(LiveWidget):
    """Side view of a person who stands, bends, sits or lies, with the lumbar spine, the
    pelvis, the L4/L5 disc and the four muscle groups' pulls drawn inside.

    Parameters
    ----------
    muscles, posture, body : optional
        The model inputs; typical adult, upright, empty hands by default.
    highlight : str, optional
        One muscle group to stand out (for "where these muscles are").
    """

    KIND = "spine-figure"
    # Inputs and words only: the page computes the push and the everyday tasks from them
    # (spine.js), live and static; Python computes the same on demand (load, result).
    inputs = traitlets.Dict().tag(sync=True)
    everyday_content = traitlets.Dict().tag(sync=True)
    readout_words = traitlets.Dict().tag(sync=True)
    highlight = traitlets.Unicode(None, allow_none=True).tag(sync=True)

    def __init__(
        self,
        muscles: Muscles | None = None,
        posture: Posture | None = None,
        body: Body | None = None,
        highlight: str | None = None,
        **kwargs,
    ):
        super().__init__(
            highlight=check_highlight(highlight),
            everyday_content=everyday_content(),
            readout_words=readout_words(),
            **kwargs,
        )
        self.update(muscles=muscles, posture=posture, body=body)

    def update(
        self,
        muscles: Muscles | None = None,
        posture: Posture | None = None,
        body: Body | None = None,
    ) -> None:
        """Redraw for new inputs; the drawing changes in place."""
        body, posture, muscles = body or Body(), posture or Posture(), muscles or Muscles()
        self.inputs = model_inputs(body, posture, muscles)

    @property
    def load(self) -> LumbarLoad:
        """The model's numbers for the current inputs, computed now (nothing is synced:
        the page computes the same from ``inputs``)."""
        return lumbar_load(*split_inputs(self.inputs))

    @property
    def result(self) -> dict:
        """The model's numbers for the current inputs (``LumbarLoad`` fields), on demand."""
        return self.load.as_dict()

    @property
    def everyday(self) -> list[dict]:
        """The everyday tasks' pushes for this body, smallest first, on demand."""
        return everyday_loads(split_inputs(self.inputs)[0])

    def static_label(self) -> str:
        return static.say("spine.region_label")

    def static_fallback_html(self) -> str:
        load = self.load
        return readouts_html(load, standing_multiple(load, self.everyday))

    def to_plotly(self) -> go.Figure:
        """The same numbers as a plotly figure: each group's pull and the disc load."""
        return spine_forces_figure(self.load, self.highlight)


def spine_forces_figure(load: LumbarLoad, highlight: str | None = None) -> go.Figure:
    """Bars of each muscle group's pull and the L4/L5 compression, NIOSH limits marked."""
    # The bar labels (content/muscle_groups.toml), read now: the language may have been
    # chosen after this module loaded.
    labels = group_words("figure_label")
    names = [*(labels[g] for g in CHART_GROUPS), static.say("spine.chart_disc")]
    values = [getattr(load, GROUP_FORCES[g]) for g in CHART_GROUPS] + [load.compression_n]
    colours = [COLOURS[g] for g in CHART_GROUPS] + [COLOURS[load.zone]]
    widths = [3 if g == highlight else 1 for g in CHART_GROUPS] + [1]
    go = plotly_graph_objects()  # on first use: importing a widget does not load plotly
    figure = go.Figure(
        go.Bar(
            x=values,
            y=names,
            orientation="h",
            marker=dict(color=colours, line=dict(color=COLOURS["ink"], width=widths)),
            text=[f"{number_text(v, 0)} N" for v in values],
            textposition="outside",
            cliponaxis=False,
        )
    )
    newton_bars_layout(
        figure,
        title=static.say("spine.chart_title"),
        x_title=static.say("spine.chart_x_title"),
        height=340,
    )
    return figure

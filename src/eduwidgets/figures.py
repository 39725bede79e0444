"""Figures built from the model's numbers. No widgets here: figures only.

The patient's charts are small HTML (``TaskComparison``) or drawn in the page
(``widgets/bend_chart.js``); plotly figures are for authors in JupyterLab. plotly is
imported only where one is built (``plotly_graph_objects()``), so a widget, a handout or the clinic
never loads it (``tests/test_imports.py``).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import numpy as np
from markupsafe import Markup

from eduwidgets.content import load_content, number_text
from eduwidgets.everyday import (
    BEND_ANGLES_DEG,
    compared_tasks,
    multiple_range,
    range_numbers,
    reference_compression_n,
    task_posture,
)
from eduwidgets.model import ACTION_LIMIT_N, MAXIMUM_LIMIT_N, Body, Muscles, Posture, lumbar_load

if TYPE_CHECKING:
    import plotly.graph_objects as go

__all__ = [
    "COLOURS",
    "bend_curve",
    "bend_curve_figure",
    "newton_bars_layout",
    "plotly_graph_objects",
    "setup_notebook",
    "task_comparison_figure",
]

# Okabe & Ito (2008) colour-blind-safe palette; every colour is paired with a label or pattern.
COLOURS = {
    "below action limit": "#009E73",
    "above action limit": "#E69F00",
    "above maximum limit": "#D55E00",
    "ink": "#1F2933",
    "muted": "#52606D",
    "extensors": "#0072B2",
    "abdominals": "#CC79A7",
    "obliques": "#E69F00",
    "hip_flexors": "#009E73",
    "bone": "#E4E7EB",
    "disc": "#F5F7FA",
}
FONT_FAMILY = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif"


def plotly_graph_objects():
    """plotly's ``graph_objects``, imported on first use (only an author's figure needs it)."""
    import plotly.graph_objects as go

    return go


@dataclass(frozen=True)
class Task:
    """An everyday task for the comparison figure."""

    label: str
    posture: Posture


def everyday_tasks(comparison: str = "task_figure") -> tuple[Task, ...]:
    """The tasks of one comparison in ``content/everyday_tasks.toml``, for this figure."""
    return tuple(Task(task["label"], task_posture(task)) for task in compared_tasks(comparison))


def setup_notebook() -> None:
    """Render plotly so figures show in JupyterLab and survive an nbconvert HTML export.

    plotly 6 and later default to a mimetype that nbconvert drops; the notebook
    renderer adds a text/html copy with plotly.js inlined once, so no CDN is needed.
    """
    import plotly.io as pio

    pio.renderers.default = "plotly_mimetype+notebook"


def limit_lines(figure: go.Figure, horizontal: bool = True) -> None:
    """Mark the NIOSH limits with labelled lines of different dash styles."""
    for value, label, dash in (
        (ACTION_LIMIT_N, "Action limit 3,400 N", "dash"),
        (MAXIMUM_LIMIT_N, "Maximum limit 6,400 N", "dot"),
    ):
        line = dict(color=COLOURS["ink"], width=2, dash=dash)
        if horizontal:
            figure.add_vline(x=value, line=line, annotation_text=label, annotation_position="top")
        else:
            figure.add_hline(y=value, line=line, annotation_text=label)


def newton_bars_layout(figure: go.Figure, title: str, x_title: str, height: int) -> None:
    """The one style for horizontal bars in newtons, with the NIOSH limits marked."""
    limit_lines(figure)
    figure.update_layout(
        title=title,
        xaxis=dict(title=x_title, range=[0, 7500]),
        yaxis=dict(autorange="reversed"),
        font=dict(family=FONT_FAMILY, size=16, color=COLOURS["ink"]),
        margin=dict(l=10, r=30, t=70, b=60),
        height=height,
        plot_bgcolor="white",
        showlegend=False,
    )
    figure.update_yaxes(automargin=True)


@dataclass(frozen=True)
class TaskComparison:
    """The push on the lower back in a few tasks, as multiples of standing up straight.

    Patients read "about 2 times the push of standing", not newtons. It displays as a
    small self-contained HTML chart everywhere (JupyterLab, Voilà, exports, handouts):
    no plotly.js, no network, and a text alternative that states every number.
    ``.figure`` is the same data as a plotly figure, for authors.
    """

    labels: tuple[str, ...]
    multiples: tuple[float, ...]
    # A task holds or lifts a load: the model runs high there (see validation), and says so.
    loaded: bool = False
    # Each task's low and high multiple (everyday.multiple_range); empty: no ranges shown.
    ranges: tuple[tuple[float, float], ...] = ()

    def times_text(self, index: int) -> str:
        """ "4.9 times (about 4 to 6)": the range only where its two ends differ."""
        text = _times(self.multiples[index])
        ends = range_numbers(*self.ranges[index]) if self.ranges else None
        if ends is None:
            return text
        return text + " " + _task_chart_words()["range"].format(low=ends[0], high=ends[1])

    @property
    def figure(self) -> go.Figure:
        return _task_plotly_figure(self)

    def caption(self) -> str:
        words = _task_chart_words()
        return words["caption"] + (" " + words["runs_high"] if self.loaded else "")

    def summary(self) -> str:
        words = _task_chart_words()
        parts = [f"{label}: {self.times_text(i)}" for i, label in enumerate(self.labels)]
        return words["summary"] + " " + "; ".join(parts) + "."

    def to_html(self) -> str:
        top = max(self.multiples) * 1.1
        rows = Markup("").join(
            _TASK_ROW.format(
                label=label, width=f"{multiple / top * 100:.1f}", times=self.times_text(i)
            )
            for i, (label, multiple) in enumerate(zip(self.labels, self.multiples, strict=True))
        )
        return _TASK_CHART.format(summary=self.summary(), rows=rows, caption=self.caption())

    def _repr_mimebundle_(self, include=None, exclude=None):
        # No plotly mimetype: Voilà's renderer fails on it, and nbconvert drops it.
        # Authors who want the plotly version display ``.figure``.
        return {"text/html": self.to_html(), "text/plain": self.summary()}


def task_comparison_figure(
    tasks: tuple[Task, ...] | None = None,
    body: Body | None = None,
    muscles: Muscles | None = None,
) -> TaskComparison:
    """The push on L4/L5 for a few tasks, as multiples of standing up straight."""
    tasks = everyday_tasks() if tasks is None else tasks
    reference_n = reference_compression_n(body)
    return TaskComparison(
        labels=tuple(task.label for task in tasks),
        multiples=tuple(
            lumbar_load(body, task.posture, muscles).compression_n / reference_n for task in tasks
        ),
        loaded=any(float(np.max(task.posture.load_kg)) > 0 for task in tasks),
        ranges=tuple(multiple_range(task.posture, body, muscles) for task in tasks),
    )


# The chart's markup: Markup.format escapes every value it is given (labels, words).
_TASK_ROW = Markup(
    '<div style="margin:0.6rem 0"><div style="font-weight:600">{label}</div>'
    '<div style="display:flex;align-items:center;gap:0.5rem">'
    '<div style="flex:1;height:1.6rem;background:#F5F7FA;border:1px solid #52606D;'
    'border-radius:4px"><div style="width:{width}%;height:100%;background:#486581;'
    'border-right:2px solid #1F2933"></div></div>'
    '<div style="font-variant-numeric:tabular-nums;min-width:5.5rem">{times}</div></div></div>'
)
_TASK_CHART = Markup(
    '<figure class="edu-task-chart" style="margin:1rem 0;max-width:40rem;'
    "font-family:system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;"
    'color:#1F2933;font-size:1.05rem;line-height:1.4">'
    '<div role="img" aria-label="{summary}">{rows}</div>'
    '<figcaption style="color:#52606D;font-size:0.95rem">{caption}</figcaption></figure>'
)


def _task_chart_words() -> dict:
    return load_content("readouts.toml")["task_chart"]


def _times(multiple: float) -> str:
    """ "2.2 times" / "2,2 veces": a multiple of standing, in the reader's language."""
    return _task_chart_words()["times"].format(multiple=number_text(multiple))


def _task_plotly_figure(chart: TaskComparison) -> go.Figure:
    """Bar chart of the push in each task, as multiples of standing up straight."""
    labels, values = list(chart.labels), list(chart.multiples)
    words = _task_chart_words()
    go = plotly_graph_objects()
    figure = go.Figure(
        go.Bar(
            x=values,
            y=labels,
            orientation="h",
            marker=dict(color="#486581", line=dict(color=COLOURS["ink"], width=1)),
            text=[_times(v) for v in values],
            textposition="outside",
            cliponaxis=False,
            hovertext=[
                words["hover"].format(task=label, multiple=number_text(value))
                for label, value in zip(labels, values, strict=True)
            ],
            hoverinfo="text",
        )
    )
    figure.update_layout(
        title=words["title"],
        xaxis=dict(title=words["x_title"], range=[0, max(values) * 1.3]),
        yaxis=dict(autorange="reversed"),
        font=dict(family=FONT_FAMILY, size=16, color=COLOURS["ink"]),
        margin=dict(l=10, r=30, t=70, b=60),
        height=320,
        plot_bgcolor="white",
        showlegend=False,
    )
    figure.update_yaxes(automargin=True)
    return figure


def bend_curve(
    body: Body | None = None, posture: Posture | None = None, muscles: Muscles | None = None
) -> dict:
    """The push on L4/L5 against trunk flexion, as multiples of standing up straight.

    ``yours`` uses these muscles, ``typical`` typical muscles (strength 1, no tension),
    both in this position with this load; ``here_deg`` and ``here`` mark the posture
    itself ("you are here"). The browser twin is ``EduWidgets.bendCurve`` in
    ``widgets/bend_chart.js``.
    """
    body, posture, muscles = body or Body(), posture or Posture(), muscles or Muscles()
    angles = np.array(BEND_ANGLES_DEG, dtype=float)
    bent = replace(posture, trunk_flexion_deg=angles)
    reference_n = reference_compression_n(body)
    yours = np.asarray(lumbar_load(body, bent, muscles).compression_n) / reference_n
    typical = np.asarray(lumbar_load(body, bent, Muscles()).compression_n) / reference_n
    return {
        "angles_deg": [float(a) for a in angles],
        "yours": [float(v) for v in yours],
        "typical": [float(v) for v in typical],
        "here_deg": float(posture.trunk_flexion_deg),
        "here": lumbar_load(body, posture, muscles).compression_n / reference_n,
    }


def chart_words() -> dict:
    return load_content("readouts.toml")["chart"]


def bend_curve_figure(curve: dict, words: dict | None = None) -> go.Figure:
    """The bend chart as a plotly figure (JupyterLab; handouts draw it with bend_chart.js)."""
    words = words or chart_words()
    go = plotly_graph_objects()
    figure = go.Figure(
        [
            go.Scatter(
                x=curve["angles_deg"],
                y=curve["typical"],
                name=words["typical"],
                mode="lines",
                line=dict(color=COLOURS["muted"], width=2, dash="dash"),
            ),
            go.Scatter(
                x=curve["angles_deg"],
                y=curve["yours"],
                name=words["yours"],
                mode="lines",
                line=dict(color="#1F4E79", width=3),
            ),
            go.Scatter(
                x=[curve["here_deg"]],
                y=[curve["here"]],
                name=words["here"],
                mode="markers+text",
                text=[words["here"]],
                textposition="top center",
                marker=dict(size=14, color="#1F4E79", line=dict(color="white", width=2)),
            ),
        ]
    )
    figure.update_layout(
        title=words["title"],
        xaxis=dict(title=words["x_title"], range=[0, 90], dtick=15),
        yaxis=dict(title=words["y_title"], rangemode="tozero"),
        font=dict(family=FONT_FAMILY, size=15, color=COLOURS["ink"]),
        plot_bgcolor="white",
        height=380,
        margin=dict(l=60, r=20, t=60, b=60),
        legend=dict(orientation="h", y=-0.25),
    )
    return figure

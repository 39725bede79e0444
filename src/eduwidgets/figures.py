"""Plotly figures built from the model's numbers. No widgets here: figures only."""

from __future__ import annotations

from dataclasses import dataclass

import plotly.graph_objects as go
import plotly.io as pio

from eduwidgets.model import ACTION_LIMIT_N, MAXIMUM_LIMIT_N, Body, Muscles, Posture, lumbar_load

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
PATTERNS = {"below action limit": "", "above action limit": "/", "above maximum limit": "x"}
FONT_FAMILY = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif"


@dataclass(frozen=True)
class Task:
    """An everyday task for the comparison figure."""

    label: str
    posture: Posture


EVERYDAY_TASKS = (
    Task("Standing", Posture()),
    Task("Holding a 20 kg box close to the body", Posture(load_kg=20, load_distance_m=0.3)),
    Task("Holding a 20 kg box at arm's length", Posture(load_kg=20, load_distance_m=0.6)),
)


def setup_notebook() -> None:
    """Render plotly so figures show in JupyterLab and survive an nbconvert HTML export.

    plotly 6 and later default to a mimetype that nbconvert drops; the notebook
    renderer adds a text/html copy with plotly.js inlined once, so no CDN is needed.
    """
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


def task_comparison_figure(
    tasks: tuple[Task, ...] = EVERYDAY_TASKS,
    body: Body | None = None,
    muscles: Muscles | None = None,
) -> go.Figure:
    """Bar chart of L4/L5 compression for everyday tasks, with the NIOSH limits."""
    loads = [lumbar_load(body, task.posture, muscles) for task in tasks]
    labels = [task.label for task in tasks]
    values = [load.compression_n for load in loads]
    zones = [load.zone for load in loads]
    figure = go.Figure(
        go.Bar(
            x=values,
            y=labels,
            orientation="h",
            marker=dict(
                color=[COLOURS[z] for z in zones],
                pattern=dict(shape=[PATTERNS[z] for z in zones], fgcolor=COLOURS["ink"]),
                line=dict(color=COLOURS["ink"], width=1),
            ),
            text=[f"{v:,.0f} N ({z})" for v, z in zip(values, zones, strict=True)],
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{y}: %{x:,.0f} N<extra></extra>",
        )
    )
    limit_lines(figure)
    figure.update_layout(
        title="How hard the bottom of your spine is pressed",
        xaxis=dict(title="Compression on the L4/L5 disc (newtons)", range=[0, 7500]),
        yaxis=dict(autorange="reversed"),
        font=dict(family=FONT_FAMILY, size=16, color=COLOURS["ink"]),
        margin=dict(l=10, r=30, t=70, b=60),
        height=360,
        plot_bgcolor="white",
        showlegend=False,
    )
    figure.update_yaxes(automargin=True)
    return figure

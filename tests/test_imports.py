"""What importing the kit loads: plotly only when an author asks for a plotly figure.

A widget, a handout or the clinic never draws with plotly (pages draw their charts
themselves), so importing them must not load it; ``.to_plotly()`` does. The check runs in a
fresh interpreter (this test process may have loaded plotly long ago), one for all
the steps: each is checked in turn, so a failure names the first that loaded plotly.
"""

from __future__ import annotations

import json
import subprocess
import sys

# Lowest layer first, so the first step that loads plotly is the one to blame.
STEPS = (
    "import eduwidgets.figures",
    "import eduwidgets.widgets",
    "import eduwidgets.widgets.exercise_demo",
    "import eduwidgets.widgets.knowledge_check",
    "import eduwidgets.widgets.red_flags",
    "import eduwidgets.widgets.spine_figure",
    "import eduwidgets.widgets.muscle_balance",
    "import eduwidgets.handout",
    "import eduwidgets.clinic.app",
    "import eduwidgets.cli",
    # A lesson's first cell, then its widgets and chart made as a lesson makes them.
    "from eduwidgets import *",
    "MuscleBalance(); SpineFigure(); figures.task_comparison_figure().to_html()",
)
ASKS_FOR_PLOTLY = "SpineFigure().to_plotly()"  # an author's figure: now plotly loads

_RUN_STEPS = """
import json, sys
steps = json.loads(sys.argv[1])
namespace = {}
after = []
for step in steps:
    exec(step, namespace)
    after.append("plotly" in sys.modules)
print(json.dumps(after))
"""


def plotly_after_each(steps: tuple[str, ...]) -> dict[str, bool]:
    """Whether plotly is loaded after each step, run in order in a fresh interpreter."""
    result = subprocess.run(
        [sys.executable, "-c", _RUN_STEPS, json.dumps(steps)],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return dict(zip(steps, json.loads(result.stdout.strip().splitlines()[-1]), strict=True))


def test_plotly_loads_only_when_an_author_asks_for_a_plotly_figure():
    after = plotly_after_each((*STEPS, ASKS_FOR_PLOTLY))
    loaded = [step for step in STEPS if after[step]]
    assert not loaded, f"plotly is loaded by: {loaded[0]!r}"
    # The other side: without it, this test would also pass on a kit that never used plotly.
    assert after[ASKS_FOR_PLOTLY], f"{ASKS_FOR_PLOTLY} did not load plotly"

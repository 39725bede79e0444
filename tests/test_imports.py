"""What importing the kit loads (plotly only when an author asks for a plotly figure),
and what it says when an optional library (an extra of pyproject.toml) is missing.

A widget, a handout or the clinic never draws with plotly (pages draw their charts
themselves), so importing them must not load it; ``.to_plotly()`` does. The check runs in a
fresh interpreter (this test process may have loaded plotly long ago), one for all
the steps: each is checked in turn, so a failure names the first that loaded plotly.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from eduwidgets import cli
from eduwidgets.errors import MissingExtra, import_extra

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


# ------------------------------------------------- an optional library that is missing
ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "src" / "eduwidgets"


def extras_named_in_code() -> set[str]:
    """Every extra an ``import_extra(module, extra, purpose)`` call in src/ names."""
    named = set()
    for path in SOURCE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", None) == "import_extra"
                and len(node.args) >= 2
                and isinstance(node.args[1], ast.Constant)
            ):
                named.add(node.args[1].value)
    return named


def test_every_extra_the_code_names_is_declared():
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"][
        "optional-dependencies"
    ]
    named = extras_named_in_code()
    assert {"kernel", "pdf"} <= named
    assert named <= set(extras), f"not in [project.optional-dependencies]: {named - set(extras)}"


def test_pdf_without_playwright_says_which_extra_before_any_lesson_runs(
    monkeypatch, tmp_path, capsys
):
    """``eduwidgets handout --pdf`` without Playwright: exit 1, "install eduwidgets[pdf]",
    and no lesson run first (the notebook here would fail if it ran)."""
    notebook = tmp_path / "lesson.ipynb"
    notebook.write_text(
        '{"cells": [{"cell_type": "code", "execution_count": null, "metadata": {},'
        ' "outputs": [], "source": "raise SystemExit(3)"}], "metadata": {},'
        ' "nbformat": 4, "nbformat_minor": 5}'
    )
    monkeypatch.setitem(sys.modules, "playwright", None)  # as if not installed
    monkeypatch.setitem(sys.modules, "playwright.sync_api", None)
    code = cli.main(["handout", str(notebook), "-o", str(tmp_path / "out.html"), "--pdf"])
    error = capsys.readouterr().err
    assert code == 1
    assert "pip install 'eduwidgets[pdf]'" in error and "--pdf" in error, error
    assert not (tmp_path / "out.html").exists()


def test_a_missing_extra_names_itself_and_other_import_errors_stay_as_they_are(monkeypatch):
    monkeypatch.setitem(sys.modules, "voila", None)
    with pytest.raises(MissingExtra, match=r"eduwidgets\[kernel\]"):
        import_extra("voila", "kernel", "A lesson that needs a live kernel (Voilà)")
    # A library that is there but breaks on import is not called missing.
    monkeypatch.setitem(sys.modules, "voila.app", None)
    # Imported for real by an earlier test in this process: import it afresh here.
    monkeypatch.delitem(sys.modules, "eduwidgets.clinic.voila_app", raising=False)
    with pytest.raises(ModuleNotFoundError):
        import_extra("eduwidgets.clinic.voila_app", "kernel", "the clinic")

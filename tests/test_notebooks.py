"""Every notebook runs top to bottom (once per test run, conftest ``executed_notebook``)
with no error or warning, and is committed without outputs."""

from __future__ import annotations

import json

import pytest

from conftest import NOTEBOOKS_DIR

NOTEBOOKS = sorted(NOTEBOOKS_DIR.glob("*.ipynb"))


def test_there_are_notebooks():
    assert NOTEBOOKS, "notebooks/ holds no lessons"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_committed_without_outputs(path):
    notebook = json.loads(path.read_text())
    for index, cell in enumerate(notebook["cells"]):
        assert not cell.get("outputs"), f"{path.name} cell {index} has outputs: clear them"
        assert cell.get("execution_count") is None, f"{path.name} cell {index} has a count"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_runs_top_to_bottom_with_no_error_or_warning(executed_notebook, path):
    """Run in a fresh kernel: no cell fails, and none prints an error or a warning."""
    notebook = executed_notebook(path)
    errors = [
        output
        for cell in notebook.cells
        for output in cell.get("outputs", [])
        if output.get("output_type") == "error" or output.get("name") == "stderr"
    ]
    assert not errors, f"{path.name} printed errors or warnings: {errors}"


def test_welcome_exports_with_its_figure(executed_notebook):
    """plotly 6+ figures vanish from a stock export (``jupyter nbconvert --to html``);
    ours carry a text/html form that survives."""
    from nbconvert import HTMLExporter

    html, _ = HTMLExporter().from_notebook_node(
        executed_notebook(NOTEBOOKS_DIR / "00-welcome.ipynb")
    )
    assert "edu-task-chart" in html
    assert "Holding a 20 kg box at arm" in html
    assert "is not able to be represented" not in html

"""A text that names a file of this repository by its path names one that is there,
so a moved or renamed file leaves no stale pointer in a comment, a docstring, a doc or
a content file's notes (issue 23). A path from the top (``benchmarks/bench_html.py``)
is read from the repository's top; a path that starts with one of the package's
folders (``handout/plan.py``, ``content/exercises.toml``) from ``src/eduwidgets``, as
the package's own texts write them. Script names alone (``core.js``) are checked by
test_script_graph.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "eduwidgets"
TOP_FOLDERS = (
    "benchmarks",
    "binder",
    "docs",
    "examples",
    "notebooks",
    "src",
    "tests",
    "tools",
    r"\.ci",
)
PACKAGE_FOLDERS = tuple(
    path.name for path in PACKAGE.iterdir() if path.is_dir() and not path.name.startswith("_")
)
NAMED_PATH = re.compile(
    rf"(?<![\w/.-])((?:{'|'.join(TOP_FOLDERS + PACKAGE_FOLDERS)})/[\w./-]*"
    r"\.(?:py|md|ipynb|toml|js|css|html|txt|json|png|yml|yaml))(?![\w/-])"
)
# Examples of a path's shape, not pointers to a file.
EXAMPLES = {"notebooks/es/03-x.ipynb"}  # tools/translated.py's usage message
NOT_TEXT = {".png", ".jar", ".lock", ".ico", ".woff2"}


def _tracked_texts() -> list[Path]:
    names = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    # Not this file: its planted cases name files that are not there on purpose.
    return [
        ROOT / name
        for name in names
        if Path(name).suffix not in NOT_TEXT and ROOT / name != Path(__file__).resolve()
    ]


def test_every_path_a_text_names_is_there():
    stale = []
    for path in _tracked_texts():
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, FileNotFoundError):  # binary, or deleted but not staged
            continue
        for named in NAMED_PATH.findall(text):
            base = PACKAGE if named.split("/")[0] in PACKAGE_FOLDERS else ROOT
            if named not in EXAMPLES and not (base / named).exists():
                stale.append(f"{path.relative_to(ROOT)}: {named}")
    assert not stale, f"texts name files that are not there: {stale}"


def test_a_stale_path_is_found():
    """Planted: the pattern finds a path in a comment and ends it where the path ends."""
    found = NAMED_PATH.findall("# counted by benchmarks/html_conformance.py, for BENCHMARKS")
    assert found == ["benchmarks/html_conformance.py"]
    assert not (ROOT / found[0]).exists()
    found = NAMED_PATH.findall("the clinic's own pages (clinic/templates/base.html) extend it")
    assert found == ["clinic/templates/base.html"] and "clinic" in PACKAGE_FOLDERS
    assert not (PACKAGE / found[0]).exists()

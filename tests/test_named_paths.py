"""A text that names a file of this repository by its path from the top
(``benchmarks/bench_html.py``, ``src/eduwidgets/content/exercises.py``) names one that
is there, so a moved or renamed file leaves no stale pointer in a comment, a docstring,
a doc or a content file's notes (issue 23). Script names alone (``core.js``) are
checked by test_script_graph; paths from inside the package (``handout/plan.py``) are
not read here.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TOP_FOLDERS = ("benchmarks", "binder", "docs", "examples", "notebooks", "src", "tests", "tools")
NAMED_PATH = re.compile(
    rf"(?<![\w/.-])((?:{'|'.join(TOP_FOLDERS)}|\.ci)/[\w./-]*"
    r"\.(?:py|md|ipynb|toml|js|css|html|txt|json|png|yml|yaml))(?![\w/-])"
)
# Examples of a path's shape, not pointers to a file.
EXAMPLES = {"notebooks/es/03-x.ipynb"}  # tools/translated.py's usage message
NOT_TEXT = {".png", ".jar", ".lock", ".ico", ".woff2"}


def _tracked_texts() -> list[Path]:
    names = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    return [ROOT / name for name in names if Path(name).suffix not in NOT_TEXT]


def test_every_path_a_text_names_is_there():
    stale = []
    for path in _tracked_texts():
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, FileNotFoundError):  # binary, or deleted but not staged
            continue
        for named in NAMED_PATH.findall(text):
            if named not in EXAMPLES and not (ROOT / named).exists():
                stale.append(f"{path.relative_to(ROOT)}: {named}")
    assert not stale, f"texts name files that are not there: {stale}"


def test_a_stale_path_is_found():
    """Planted: the pattern finds a path in a comment and ends it where the path ends."""
    found = NAMED_PATH.findall("# counted by benchmarks/html_conformance.py, for BENCHMARKS")
    assert found == ["benchmarks/html_conformance.py"]
    assert not (ROOT / found[0]).exists()

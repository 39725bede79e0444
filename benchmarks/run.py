"""Run every benchmark, print the tables and write BENCHMARKS.md.

Each ``benchmarks/bench_*.py`` module has a ``TITLE`` and a ``run()`` that returns
a list of rows (dicts with the same keys). Goals live in the rows, next to the
measured numbers, so a reader sees at once whether each goal is met.

    python3 dev.py bench            # all
    python3 dev.py bench model      # only bench_model.py; other sections of BENCHMARKS.md stay
"""

from __future__ import annotations

import importlib.util
import os
import platform
import sys
import tempfile
import time
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUTPUT = HERE.parent / "BENCHMARKS.md"


def load(path: Path):
    spec = importlib.util.spec_from_file_location(path.stem, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def table(rows: list[dict]) -> str:
    headers = list(rows[0])
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(str(row[h]) for h in headers) + " |" for row in rows]
    return "\n".join(lines)


def _sections(text: str) -> dict[str, str]:
    """The sections of an existing BENCHMARKS.md by title, in order (a partial run keeps them)."""
    parts = text.split("\n## ")[1:]
    return {part.split("\n", 1)[0]: "\n## " + part.rstrip("\n") for part in parts}


def main(selected: list[str]) -> int:
    paths = sorted(HERE.glob("bench_*.py"))
    if selected:
        paths = [p for p in paths if p.stem.removeprefix("bench_") in selected]
    sections = [
        "# Benchmarks",
        "",
        f"Measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} on "
        f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}. "
        "Written by `python3 dev.py bench` (or `make bench`); do not edit by hand."
        + (
            f" This run: {', '.join(selected)} only; other sections keep earlier numbers."
            if selected
            else ""
        ),
    ]
    kept = _sections(OUTPUT.read_text()) if selected and OUTPUT.exists() else {}
    for path in paths:
        module = load(path)
        print(f"\n## {module.TITLE}", flush=True)
        started = time.perf_counter()
        try:
            rows = module.run()
        except Exception as error:  # one broken benchmark must not lose the others' numbers
            traceback.print_exc()
            first_line = str(error).splitlines()[0] if str(error) else ""
            message = f"{type(error).__name__}: {first_line}".replace("|", "/")
            rows = [{"case": "this benchmark failed", "error": message}]
        text = table(rows)
        print(text, flush=True)
        note = getattr(module, "NOTE", "")
        kept[module.TITLE] = "\n".join(
            ["", f"## {module.TITLE}", "", *([note, ""] if note else []), text]
        )
        print(f"({time.perf_counter() - started:.1f} s)", flush=True)
    sections += list(kept.values())
    with tempfile.NamedTemporaryFile("w", dir=OUTPUT.parent, delete=False, suffix=".tmp") as tmp:
        tmp.write("\n".join(sections) + "\n")
    os.replace(tmp.name, OUTPUT)
    print(f"\nwrote {OUTPUT.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

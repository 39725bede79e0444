"""The page's scripts as a graph a reader can see: each file's first line says what it needs.

Every JavaScript file in the package starts with one line naming the files it uses::

    // needs: core.js, model.js

(``// needs: nothing`` for a file that uses no other). The build reads these lines and
puts every file after the files it needs (a topological sort), so no list of files in
Python holds the order; a cycle, a file that is not there, or a file without the line
fails with one message naming the file. Names are file names, unique in the package, so
a file can move between folders (``model.js`` beside ``model.py``, a page's script
beside its page) without its users changing. ``tests/test_script_graph.py`` checks that
each name a file takes from the shared namespace comes from a file it names.
"""

from __future__ import annotations

import graphlib
import re
from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path

__all__ = [
    "NEEDS_PREFIX",
    "ScriptGraphError",
    "bundle",
    "needs_of",
    "package_graph",
    "parse_needs",
    "script_order",
    "script_paths",
    "script_text",
]

PACKAGE_DIR = Path(__file__).resolve().parent.parent
NEEDS_PREFIX = "// needs:"
NOTHING = "nothing"
SCRIPT_NAME = re.compile(r"[a-z0-9_]+\.js")


class ScriptGraphError(ValueError):
    """A script graph the build cannot sort: a missing line, a missing file, a cycle."""


@cache
def script_paths() -> dict[str, Path]:
    """Every JavaScript file in the package, by file name (names are unique)."""
    paths: dict[str, Path] = {}
    for path in sorted(PACKAGE_DIR.rglob("*.js")):
        if path.name in paths:
            raise ScriptGraphError(
                f"two scripts are named {path.name!r}: {paths[path.name]} and {path}; "
                "a `// needs:` line names a file by its name, so names must be unique"
            )
        paths[path.name] = path
    return paths


@cache
def script_text(name: str) -> str:
    """The text of one script of the package, found by its file name."""
    path = script_paths().get(name)
    if path is None:
        raise ScriptGraphError(_missing(name))
    return path.read_text(encoding="utf-8")


def parse_needs(name: str, text: str) -> tuple[str, ...]:
    """The files a script's first line names (``// needs: a.js, b.js`` or ``nothing``)."""
    first = text.split("\n", 1)[0].strip()
    if not first.startswith(NEEDS_PREFIX):
        raise ScriptGraphError(
            f"{name} does not say what it needs: its first line must be "
            f"`{NEEDS_PREFIX} core.js, model.js` (the files it uses) or "
            f"`{NEEDS_PREFIX} {NOTHING}`; it is {first[:60]!r}"
        )
    listed = first.removeprefix(NEEDS_PREFIX).strip()
    if listed == NOTHING:
        return ()
    names = tuple(part.strip() for part in listed.split(","))
    bad = [part for part in names if not SCRIPT_NAME.fullmatch(part)]
    if bad or not names:
        raise ScriptGraphError(
            f"{name}: {first!r} must name script files separated by commas "
            f"(like `core.js, model.js`) or say `{NOTHING}`; not {bad or listed!r}"
        )
    return names


def needs_of(name: str) -> tuple[str, ...]:
    """The files a script of the package needs, from its first line."""
    return parse_needs(name, script_text(name))


@cache
def package_graph() -> dict[str, tuple[str, ...]]:
    """Every script of the package and the files its first line names."""
    return {name: needs_of(name) for name in script_paths()}


def script_order(
    roots: Iterable[str], graph: Mapping[str, tuple[str, ...]] | None = None
) -> tuple[str, ...]:
    """``roots`` and every file they need, each after the files it needs.

    ``graph`` is the package's (``package_graph()``) unless given. The order is the same
    on every run: roots and needs are visited as they are listed.
    """
    graph = package_graph() if graph is None else graph
    reached: dict[str, tuple[str, ...]] = {}
    waiting = list(roots)
    while waiting:
        name = waiting.pop(0)
        if name not in graph:
            raise ScriptGraphError(_missing(name, graph))
        reached[name] = graph[name]
        for need in graph[name]:
            if need not in graph:
                raise ScriptGraphError(f"{name} needs {need}, but " + _missing(need, graph))
            if need not in reached and need not in waiting:
                waiting.append(need)
    sorter = graphlib.TopologicalSorter(reached)
    try:
        return tuple(sorter.static_order())
    except graphlib.CycleError as error:
        cycle = " -> ".join(reversed(error.args[1]))
        raise ScriptGraphError(
            f"these scripts need each other in a circle: {cycle}; "
            "move what they share into a file both can need"
        ) from None


def bundle(roots: Iterable[str], loaded: Iterable[str] = ()) -> str:
    """The text of ``roots`` and every file they need, in order, but not the files
    ``loaded`` (already on the page, from an earlier bundle)."""
    skip = set(loaded)
    return "\n".join(script_text(name) for name in script_order(roots) if name not in skip)


def _missing(name: str, graph: Iterable[str] | None = None) -> str:
    known = ", ".join(sorted(script_paths() if graph is None else graph))
    return f"there is no script named {name!r} in the package (scripts: {known})"

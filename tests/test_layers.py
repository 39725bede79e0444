"""The package's layers: each module imports only from its own layer or the ones below.

Bottom to top (``docs/architecture.md`` says what lives where)::

    foundation  errors, files, the package's version
    science     model, validation
    content     content/ (texts a clinician or translator edits, with their loaders)
    figures     everyday, figures (pictures and everyday terms of the model's numbers)
    patient     patient/ (profile, clinic config, the rules for both)
    widgets     widgets/ (the runtime, live and static, and each widget)
    lessons     lessons (which notebooks are lessons, their titles and summaries)
    handout     handout/ (lesson pages, handouts, the static site, the plan)
    clinic      clinic/ (the clinic app and the Binder server extension)
    command     cli

Every import counts, at the top of a module or inside a function: a lazy import that
goes upward is still a loop in the design.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "eduwidgets"
LAYERS = (
    ("foundation", ("eduwidgets", "eduwidgets.errors", "eduwidgets.files")),
    ("science", ("eduwidgets.model", "eduwidgets.validation")),
    ("content", ("eduwidgets.content",)),
    ("figures", ("eduwidgets.everyday", "eduwidgets.figures")),
    ("patient", ("eduwidgets.patient",)),
    ("widgets", ("eduwidgets.widgets",)),
    ("lessons", ("eduwidgets.lessons",)),
    ("handout", ("eduwidgets.handout",)),
    ("clinic", ("eduwidgets.clinic",)),
    ("command", ("eduwidgets.cli",)),
)


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def layer_of(module: str) -> int:
    """The layer of a module: the longest listed prefix that contains it."""
    best, best_length = None, -1
    for index, (_, prefixes) in enumerate(LAYERS):
        for prefix in prefixes:
            inside = module == prefix or module.startswith(prefix + ".")
            if (
                inside
                and len(prefix) > best_length
                and (prefix != "eduwidgets" or module == prefix)
            ):
                best, best_length = index, len(prefix)
    if best is None:
        raise AssertionError(f"{module} is in no layer: add it to LAYERS and the docstring")
    return best


def imports_of(path: Path) -> list[tuple[int, str]]:
    """Every eduwidgets module a file imports (line, module), at any depth of the file."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names if a.name.startswith("eduwidgets")]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module == "eduwidgets":
                # "from eduwidgets import x": x is a submodule or a name of the package.
                for alias in node.names:
                    candidate = f"eduwidgets.{alias.name}"
                    submodule = any(
                        (PACKAGE / alias.name).with_suffix(s).exists() for s in (".py", "")
                    )
                    found.append((node.lineno, candidate if submodule else "eduwidgets"))
            elif node.module.startswith("eduwidgets"):
                found.append((node.lineno, node.module))
    return found


MODULES = sorted(PACKAGE.rglob("*.py"))


def test_every_module_is_in_a_layer():
    for path in MODULES:
        layer_of(module_name(path))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: module_name(p))
def test_no_module_imports_from_a_layer_above_it(path):
    here = module_name(path)
    mine = layer_of(here)
    upward = [
        f"{path.relative_to(PACKAGE)}:{line} imports {target} "
        f"({LAYERS[layer_of(target)][0]} is above {LAYERS[mine][0]})"
        for line, target in imports_of(path)
        if layer_of(target) > mine
    ]
    assert not upward, "\n".join(upward)


def test_the_package_lists_no_lazy_import_outside_the_widgets_and_science():
    """``from eduwidgets import *`` reaches only the science, the widgets and the
    content's language switch (``use_language``), never a renderer or the clinic."""
    import eduwidgets

    for name, module in eduwidgets._EXPORTS.items():
        assert LAYERS[layer_of(module)][0] in ("science", "content", "widgets"), name


def test_every_imported_library_is_declared():
    """A fresh install gets what the code imports: no library only by accident of another."""
    import sys
    import tomllib
    from importlib.metadata import packages_distributions

    from packaging.requirements import Requirement

    pyproject = tomllib.loads((PACKAGE.parents[1] / "pyproject.toml").read_text())
    # An optional library (an extra) counts: the code that imports it says which extra
    # to install when it is missing (eduwidgets.errors.import_extra).
    extras = pyproject["project"].get("optional-dependencies", {}).values()
    declared = {
        Requirement(line).name.lower().replace("_", "-")
        for line in [*pyproject["project"]["dependencies"], *(r for e in extras for r in e)]
    }
    distributions = packages_distributions()
    missing = set()
    for path in MODULES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                if top in sys.stdlib_module_names or top == "eduwidgets":
                    continue
                owners = {d.lower().replace("_", "-") for d in distributions.get(top, [top])}
                if not owners & declared:
                    missing.add(f"{top} ({path.relative_to(PACKAGE)})")
    assert not missing, f"imported but not declared in pyproject.toml: {sorted(missing)}"


MAX_FUNCTION_LINES = 60


def test_no_python_function_is_longer_than_60_lines():
    """A function a reader can hold in mind; long ones hide several concepts."""
    long = []
    for path in MODULES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                lines = node.end_lineno - node.lineno + 1
                name = f"{path.relative_to(PACKAGE).as_posix()}:{node.name}"
                if lines > MAX_FUNCTION_LINES:
                    long.append(f"{name} ({lines} lines)")
    assert not long, f"functions over {MAX_FUNCTION_LINES} lines: {long}"


def declares_all(path: Path) -> bool:
    """Whether a module assigns ``__all__`` at its top level."""
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        targets = node.targets if isinstance(node, ast.Assign) else [getattr(node, "target", None)]
        if any(isinstance(t, ast.Name) and t.id == "__all__" for t in targets):
            return True
    return False


@pytest.mark.parametrize("path", MODULES, ids=lambda p: module_name(p))
def test_every_module_says_what_its_callers_may_use(path):
    """A narrow door: ``__all__`` lists what other modules use, the rest is the module's own.
    Every name listed exists (``from module import *`` would fail on a stale one)."""
    import importlib

    assert declares_all(path), f"{path.relative_to(PACKAGE)} declares no __all__"
    module = importlib.import_module(module_name(path))
    missing = [name for name in module.__all__ if not hasattr(module, name)]
    assert not missing, f"{module_name(path)}.__all__ lists names it lacks: {missing}"

"""eduwidgets: patient-education widgets on how trunk muscle balance loads the lower spine.

Data flows one way: content and profile -> model -> figures -> widgets -> live page or
handout. The layers, bottom to top, are in ``docs/architecture.md``.

The names below are what a lesson's ``from eduwidgets import *`` brings in. They are
imported on first use, so ``import eduwidgets.model`` (or a clinic serving cached
pages) does not load the widget runtime and its libraries.
"""

from __future__ import annotations

import importlib

__version__ = "0.1.0"

_EXPORTS = {
    "Body": "eduwidgets.model",
    "LumbarLoad": "eduwidgets.model",
    "Muscles": "eduwidgets.model",
    "Posture": "eduwidgets.model",
    "lumbar_load": "eduwidgets.model",
    "ExerciseDemo": "eduwidgets.widgets.exercise_demo",
    "KnowledgeCheck": "eduwidgets.widgets.knowledge_check",
    "MuscleBalance": "eduwidgets.widgets.muscle_balance",
    "RedFlags": "eduwidgets.widgets.red_flags",
    "SpineFigure": "eduwidgets.widgets.spine_figure",
    "use_language": "eduwidgets.content",
}
__all__ = sorted([*_EXPORTS, "figures"])


def __getattr__(name: str):
    if name == "figures":
        value = importlib.import_module("eduwidgets.figures")
    elif name in _EXPORTS:
        value = getattr(importlib.import_module(_EXPORTS[name]), name)
    else:
        raise AttributeError(f"module 'eduwidgets' has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])

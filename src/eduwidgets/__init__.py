"""eduwidgets: patient-education widgets on how trunk muscle balance loads the lower spine.

Data flows one way: content and profile -> model -> figures -> widgets -> live page or handout.
"""

from eduwidgets import figures
from eduwidgets.exercise_demo import ExerciseDemo
from eduwidgets.knowledge_check import KnowledgeCheck
from eduwidgets.model import Body, LumbarLoad, Muscles, Posture, lumbar_load
from eduwidgets.muscle_balance import MuscleBalance
from eduwidgets.red_flags import RedFlags
from eduwidgets.spine_figure import SpineFigure

__all__ = [
    "Body",
    "ExerciseDemo",
    "KnowledgeCheck",
    "LumbarLoad",
    "MuscleBalance",
    "Muscles",
    "Posture",
    "RedFlags",
    "SpineFigure",
    "figures",
    "lumbar_load",
]
__version__ = "0.1.0"

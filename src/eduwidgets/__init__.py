"""eduwidgets: patient-education widgets on how trunk muscle balance loads the lower spine."""

from eduwidgets import figures
from eduwidgets.model import Body, LumbarLoad, Muscles, Posture, lumbar_load
from eduwidgets.muscle_balance import MuscleBalance
from eduwidgets.spine_figure import SpineFigure

__all__ = [
    "Body",
    "LumbarLoad",
    "MuscleBalance",
    "Muscles",
    "Posture",
    "SpineFigure",
    "figures",
    "lumbar_load",
]
__version__ = "0.1.0"

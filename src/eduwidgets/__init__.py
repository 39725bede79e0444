"""eduwidgets: patient-education widgets on how trunk muscle balance loads the lower spine."""

from eduwidgets import figures
from eduwidgets.model import Body, LumbarLoad, Muscles, Posture, lumbar_load

__all__ = ["Body", "LumbarLoad", "Muscles", "Posture", "figures", "lumbar_load"]
__version__ = "0.1.0"

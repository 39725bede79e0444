"""The four trunk muscle groups in the words people see, from ``content/muscle_groups.toml``.

One file holds every label of a group (plain words, words with the clinical term, the
figure's label), so the clinic form, the plan, the exercise demo and the spine figure
say the same thing, and the reading-grade test reads them.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from eduwidgets.content import load_content_model

__all__ = [
    "GROUP_IDS",
    "MuscleGroupsFile",
    "group_words",
    "mobility_words",
]

CONTENT_FILE = "muscle_groups.toml"
# The model's ids of the four groups, in the order the figures list them.
GROUP_IDS = ("extensors", "obliques", "hip_flexors", "abdominals")
Wording = Literal["words", "words_with_term", "figure_label"]


class GroupLabels(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    words: str = Field(min_length=1, description="plain words, lowercase")
    words_with_term: str = Field(min_length=1, description="plain words and the clinical term")
    figure_label: str = Field(min_length=1, description="a short label, capitalised")


class Labels(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    extensors: GroupLabels
    obliques: GroupLabels
    hip_flexors: GroupLabels
    abdominals: GroupLabels


class MuscleGroupsFile(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    mobility: str = Field(
        min_length=1, description="the words for an exercise that only moves the spine"
    )
    labels: Labels


def mobility_words(language: str | None = None) -> str:
    """What an exercise that trains no group but moves the spine says it trains."""
    return load_content_model(MuscleGroupsFile, CONTENT_FILE, language).mobility


def group_words(wording: Wording = "words", language: str | None = None) -> MappingProxyType:
    """Group id -> its label in one wording, in the order of ``GROUP_IDS``."""
    labels = load_content_model(MuscleGroupsFile, CONTENT_FILE, language).labels
    return MappingProxyType(
        {group: getattr(getattr(labels, group), wording) for group in GROUP_IDS}
    )

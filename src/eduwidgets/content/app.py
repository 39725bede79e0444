"""The app a patient adds to the phone's home screen (``content/app.toml``): the public
site's name, short name and description, in each language, for its web app manifest
(``handout/offline.py``)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from eduwidgets.content import load_content_model

__all__ = ["APP_CONTENT", "AppFile", "app_words"]

APP_CONTENT = "app.toml"
# Where phones cut the name: Android shows about 12 characters under an icon, and
# Chromium's install prompt takes 45 (its manifest parser's limits for a clean name).
SHORT_NAME_MAX_CHARS = 12
NAME_MAX_CHARS = 45


class AppFile(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    name: str = Field(min_length=1, max_length=NAME_MAX_CHARS)
    short_name: str = Field(min_length=1, max_length=SHORT_NAME_MAX_CHARS)
    description: str = Field(min_length=1)


def app_words(language: str | None = None) -> AppFile:
    """The app's words in a language (the current one when None), checked."""
    return load_content_model(AppFile, APP_CONTENT, language)

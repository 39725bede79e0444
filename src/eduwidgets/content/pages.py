"""The words around every page (``content/pages.toml``): headers, footers, the lesson
page's bar, and the clinic's message pages."""

from __future__ import annotations

from functools import cache

from eduwidgets.content import content_path, load_content
from eduwidgets.errors import InputError

PAGES_CONTENT = "pages.toml"
MESSAGE_FIELDS = ("title", "message", "detail")


@cache
def page_words() -> dict:
    """The file's tables; InputError names a text that is not text."""
    data = load_content(PAGES_CONTENT)
    for field, value in _texts(data):
        if not (isinstance(value, str) and value.strip()):
            raise InputError(
                f'"{field}" must be text in double quotes, not {value!r}.',
                source=str(content_path(PAGES_CONTENT)),
                field=field,
            )
    return data


def page_texts() -> list[tuple[str, str]]:
    """(field, text) for every text of the file (for the reading-grade test)."""
    return list(_texts(load_content(PAGES_CONTENT)))


def message(key: str, **values: str) -> tuple[str, str, str]:
    """A message page's (title, message, detail), placeholders filled."""
    words = page_words()["messages"][key]
    return tuple(words.get(field, "").format(**values) for field in MESSAGE_FIELDS)


def _texts(data: dict, prefix: str = ""):
    for key, value in data.items():
        field = f"{prefix}{key}"
        if isinstance(value, dict):
            yield from _texts(value, field + ".")
        elif isinstance(value, list):
            yield from ((f"{field}[{i}]", item) for i, item in enumerate(value))
        else:
            yield field, value

"""The language switch every page shows: which page of each language a page links to.

One shape for every page (the lesson list, a lesson, the plan, a clinic message): a
list of ``{"code", "name", "href"}``, one per language the page exists in, this page's
own language included (``templates/macros.html`` ``language_switch`` marks it as the
current one and links the others). The links carry the patient's values in the address
fragment, in the browser (``handout/language_switch.js``); nothing here sees them.

The static site keeps English at its root and each other language in a folder named by
its code (``site/``, ``site/es/``); the clinic serves them at ``/`` and ``/<code>/``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from eduwidgets.content import DEFAULT_LANGUAGE, languages

__all__ = ["lesson_folders", "site_switch_links", "switch_links"]


def switch_links(href_of: Callable[[str], str | None]) -> list[dict]:
    """Every language whose page ``href_of(code)`` names (None: no such page), in the
    content's order, each named in itself ("Español")."""
    links = []
    for code, name in languages().items():
        href = href_of(code)
        if href is not None:
            links.append({"code": code, "name": name, "href": href})
    return links


def site_switch_links(
    language: str, page: str, lesson_folder: Callable[[str], Path | None] | None = None
) -> list[dict]:
    """The switch of a static site page, as relative addresses from ``language``'s folder.

    ``page`` is the file in each language's folder (``index.html``, ``plan.html``,
    ``01-extensors.html``). With ``lesson_folder`` (code -> that language's lessons
    folder, None when unknown), a lesson links to its twin only where the twin's
    notebook exists, and to that language's lesson list otherwise.
    """
    root = "" if language == DEFAULT_LANGUAGE else "../"

    def href(code: str) -> str:
        folder = "" if code == DEFAULT_LANGUAGE else f"{code}/"
        target = page
        if lesson_folder is not None and code != language:
            lessons = lesson_folder(code)
            if lessons is None or not (lessons / Path(page).with_suffix(".ipynb")).is_file():
                target = "index.html"
        return f"{root}{folder}{target}"

    return switch_links(href)


def lesson_folders(notebooks_dir: str | Path, language: str) -> Callable[[str], Path | None]:
    """Where each language's lessons are, seen from one language's folder: English in
    ``notebooks/``, the others in ``notebooks/<code>/`` (None: not known, for a folder
    laid out otherwise)."""
    folder = Path(notebooks_dir)
    if language == DEFAULT_LANGUAGE:
        english = folder
    elif folder.name == language:
        english = folder.parent
    else:
        return lambda code: folder if code == language else None
    return lambda code: english if code == DEFAULT_LANGUAGE else english / code

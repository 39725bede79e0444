"""The clinic's landing page: the lesson list, the patient form, and the pages around them.

This package holds what the clinic app (``eduwidgets clinic``, see
``eduwidgets.clinic.app``), a public Binder link and the static site share:

* ``discover_lessons`` (``eduwidgets.lessons``): the lessons in ``notebooks/`` with a
  title and one line on what each teaches, read from the notebooks (no network);
* the Tornado handlers (``handlers``) for the landing page and its form for the
  patient's values (``handout.landing.landing_html``), made once:
  the form writes the values into the address fragment in the browser (its "save as a
  profile file" is made by the page too), and friendly message pages;
* the Voilà template ``eduwidgets`` (in ``jupyter/voila/templates/``) for a lesson that
  needs a live kernel;
* a Jupyter server extension, so on Binder the landing page opens at ``/eduwidgets/``
  and the lesson pages at ``/eduwidgets/lessons/<name>``, as in the clinic.

The patient's values never reach the server: they travel in the address fragment
(after "#"), which browsers keep to themselves, and "save as a profile file" is written
by the page itself (a download made in the browser), so it works on the public site too.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from eduwidgets.clinic.handlers import (
    LESSON_FAILED,
    LESSON_NOT_FOUND,
    PAGE_CSP,
    ClinicHandler,
    LessonPageHandler,
    NotFoundHandler,
    asset_handlers,
    guard_hosts,
    landing_handlers,
    message_page,
    named_message_page,
    profile_fragment,
)
from eduwidgets.handout.landing import lesson_picture
from eduwidgets.lessons import (
    SUMMARY_MAX_CHARS,
    discover_lessons,
)

__all__ = [
    "DATA_DIR",
    "LESSON_FAILED",
    "LESSON_NOT_FOUND",
    "PAGE_CSP",
    "SUMMARY_MAX_CHARS",
    "TEMPLATE_NAME",
    "ClinicHandler",
    "LessonPageHandler",
    "NotFoundHandler",
    "asset_handlers",
    "discover_lessons",
    "guard_hosts",
    "install_template",
    "landing_handlers",
    "lesson_picture",
    "message_page",
    "named_message_page",
    "profile_fragment",
    "voila_resources",
]

HERE = Path(__file__).resolve().parent
DATA_DIR = HERE / "jupyter"
"""A Jupyter data directory holding the Voilà template (``voila/templates/eduwidgets``)."""
TEMPLATE_NAME = "eduwidgets"


# ------------------------------------------------------------------ Binder / Jupyter server


def install_template(prefix: str | Path | None = None) -> Path:
    """Copy the Voilà template into ``<prefix>/share/jupyter`` (Binder's postBuild does this)."""
    target = Path(prefix or sys.prefix) / "share" / "jupyter" / "voila" / "templates"
    target.mkdir(parents=True, exist_ok=True)
    destination = target / TEMPLATE_NAME
    shutil.copytree(
        DATA_DIR / "voila" / "templates" / TEMPLATE_NAME, destination, dirs_exist_ok=True
    )
    return destination


def _jupyter_server_extension_points():
    return [{"module": "eduwidgets.clinic"}]


def voila_resources(home: str) -> dict:
    """What the Voilà template reads from ``VoilaConfiguration.resources``: the page
    frame's words in every language (``content/pages.toml [lesson_page]``) and the lesson
    list's address under Voilà's base URL ("" in the clinic, "eduwidgets/" on Binder)."""
    from eduwidgets.content import languages
    from eduwidgets.content.pages import page_words

    words = {code: page_words(code)["lesson_page"] for code in languages()}
    return {"eduwidgets": {"words": words, "home": home}}


def _load_jupyter_server_extension(serverapp):
    """On Binder: the landing page at ``<base>/eduwidgets/`` and the lessons' pages at
    ``<base>/eduwidgets/lessons/<name>``, the same pages as the clinic's, and each other
    language's at ``<base>/eduwidgets/<code>/``; a lesson that needs a live kernel opens
    in Voilà."""
    from eduwidgets.clinic import quiet_log
    from eduwidgets.clinic.app import ClinicState, language_pages

    # The server's access log prints every address whole, and a refused profile-file
    # download address carries the patient's values: no query string in any line.
    quiet_log.install(serverapp.log)

    base_url = serverapp.base_url
    root = Path(serverapp.root_dir)
    notebooks_dir = root / "notebooks" if (root / "notebooks").is_dir() else root
    relative = notebooks_dir.relative_to(root).as_posix()
    home = base_url + "eduwidgets/"
    pages, translations = language_pages(notebooks_dir, home, say=serverapp.log.info)
    state = ClinicState(notebooks_dir, 0, pages, translations=translations, home_root=home)
    state.voila_render = base_url + "voila/render/" + (relative + "/" if relative != "." else "")
    routes = state.lesson_list_routes() + asset_handlers(base_url) + state.translation_routes()
    serverapp.web_app.add_handlers(".*$", routes)
    serverapp.log.info("eduwidgets: lesson list at %s", home)

"""The Jinja2 environment of every page we make: autoescaped, strict, and one shell.

Handouts, lesson pages, the plan and the static site's index come from the templates
in ``handout/templates/``; the clinic's own pages (``clinic/templates/``) extend the
same shell (``shell.html``). Everything a person typed is escaped by Jinja; a fragment
that is already safe HTML (a widget's static form, rendered markdown) is passed in as
``Markup``.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import jinja2
from markupsafe import Markup, escape

from eduwidgets.content import current_language
from eduwidgets.content.pages import page_words
from eduwidgets.handout.offline import THEME_COLOUR, offline_root, offline_script
from eduwidgets.widgets.static import content_security_policy, page_script

_TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"


def meta_csp() -> str:
    """The lesson list's rules in the page itself, for the static site (its form stays
    on the page; a site page also allows its worker and manifest); the clinic sends the
    same policy as a header."""
    return content_security_policy(form_action="'self'", offline=offline_root() is not None)


__all__ = ["Markup", "fill", "render"]


def phone_digits(phone: str) -> str:
    """What a ``tel:`` link dials: the digits and a leading plus of a phone number."""
    return re.sub(r"[^0-9+]", "", phone)


def fill(template: str, **values) -> Markup:
    """A content text with its {placeholders} filled, for HTML: the text and plain values
    escaped, values that are already ``Markup`` (a phone link) kept as they are."""
    # One pass: a value that itself holds "{phone}" (a clinic's name) stays as typed.
    pattern = re.compile("|".join(re.escape("{" + key + "}") for key in values) or "(?!)")
    text = escape(template)
    return Markup(pattern.sub(lambda found: escape(values[found.group(0)[1:-1]]), text))


@cache
def _tool_script(name: str) -> Markup:
    return Markup(page_script(name, widgets_on_page=False))


@cache
def environment(*more_dirs: Path) -> jinja2.Environment:
    """The environment for our templates; ``more_dirs`` come first (the clinic's pages)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(d) for d in (*more_dirs, _TEMPLATES_DIR)]),
        autoescape=True,  # everything a person typed is escaped
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["phone_digits"] = phone_digits
    env.filters["fill"] = fill
    env.globals["words"] = page_words
    # The page's language, for screen readers' pronunciation (the content's language).
    env.globals["language"] = current_language
    env.globals["meta_csp"] = meta_csp
    # A page of the public site: where its root is (None on every other page).
    env.globals["offline_root"] = offline_root
    env.globals["offline_script"] = lambda: Markup(offline_script())
    env.globals["theme_colour"] = THEME_COLOUR
    # A page tool's script (the language switch, read aloud), put in by its macro.
    env.globals["tool_script"] = _tool_script
    return env


def render(name: str, *more_dirs: Path, **values) -> str:
    """A page or fragment from ``handout/templates/`` (or from ``more_dirs`` first)."""
    return environment(*more_dirs).get_template(name).render(**values)

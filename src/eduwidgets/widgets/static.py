"""The static runtime: widgets as self-contained HTML that works with no kernel and no network.

Every widget's front end is plain JavaScript in ``eduwidgets/widgets/``. The same
render code runs in two places:

* live, inside an anywidget (the kernel computes, the browser draws);
* static, in a handout page, where ``core.js`` gives the render code a local
  stand-in for the anywidget model and ``model.js`` computes ``lumbar_load``.

A page holds the assets once, inline, behind a Content-Security-Policy that
forbids every network fetch, so a handout cannot phone home even by mistake.
"""

from __future__ import annotations

import html
import json
import re
from functools import cache
from importlib import resources

from eduwidgets.content import current_language, load_content, number_text, plural_form
from eduwidgets.everyday import BEND_ANGLES_DEG
from eduwidgets.model import browser_constants
from eduwidgets.widgets import script_graph

__all__ = [
    "WORDS_FILE",
    "asset_text",
    "esm",
    "fragment",
    "head_assets",
    "json_for_script",
    "page",
    "page_constants",
    "page_script",
    "say",
    "scripts",
    "styles",
    "widget_script_order",
]

WORDS_FILE = "widget_words.toml"

# The scripts that register a widget kind; each file's first line names the files it
# needs, and script_graph puts every file after those (no list here holds the order).
WIDGET_SCRIPTS = (
    "muscle_balance.js",
    "spine.js",
    "exercise_demo.js",
    "knowledge_check.js",
    "red_flags.js",
)
# Names the build writes into the namespace before any file (see _scripts), so a file
# uses them without naming a file that makes them.
BUILD_NAMES = ("modelConstants", "words")
STYLE_ORDER = ("base.css", "spine.css", "muscle_balance.css", "exercise_demo.css")
STYLE_ORDER += ("knowledge_check.css", "red_flags.css")


def content_security_policy(
    form_action: str = "'none'", frame_ancestors: str = "", offline: bool = False
) -> str:
    """The Content-Security-Policy of every page we make (handouts, the static site, the
    clinic's pages), written once: no fetch of any kind, scripts and styles inline, images
    and fonts only as data: URLs. What differs by page is an argument: where a form may
    send (``'self'`` for the lesson list's form), who may frame the page, which only a
    header can say (a ``<meta>`` policy cannot hold ``frame-ancestors``), and, for the
    public site's pages only (``offline``), its own service worker, web app manifest and
    the manifest's icons, from the site itself (``handout/offline.py``)."""
    # The site's own files, for its worker, its manifest, and the manifest's icons
    # (Chromium fetches those under the page's img-src).
    images = "data: 'self'" if offline else "data:"
    policy = (
        "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
        f"img-src {images}; font-src data:; connect-src 'none'; base-uri 'none'; "
        f"form-action {form_action}"
    )
    if offline:
        policy += "; worker-src 'self'; manifest-src 'self'"
    return f"{policy}; frame-ancestors {frame_ancestors}" if frame_ancestors else policy


@cache
def asset_text(name: str) -> str:
    """The text of one asset: a script of the package by its file name, or a widget's
    stylesheet (empty when a widget has not shipped that file)."""
    if name.endswith(".js"):
        return script_graph.script_text(name)
    path = resources.files("eduwidgets.widgets") / name
    return path.read_text(encoding="utf-8") if path.is_file() else ""


def words(language: str | None = None) -> dict:
    """The widgets' words in a language (the current one when None): content/widget_words.toml."""
    return load_content(WORDS_FILE, language)


PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


def say(key: str, language: str | None = None, **values: object) -> str:
    """Python's twin of ``EduWidgets.say``: the words under "<widget>.<key>", placeholders filled.

    A plural table ({one, other, ...}) is picked by ``count`` with the language's CLDR
    rules, "other" when it lacks that form; numbers are written as the language writes
    them, rounded to whole numbers, as ``EduWidgets.say`` does.
    """
    language = language or current_language()
    table, _, name = key.partition(".")
    text = words(language)[table][name]
    if isinstance(text, dict):
        form = plural_form(values.get("count", 0), language)
        text = text.get(form, text["other"])

    def value(match: re.Match) -> str:
        if match.group(1) not in values:
            return match.group(0)
        given = values[match.group(1)]
        if isinstance(given, int | float) and not isinstance(given, bool):
            return number_text(given, digits=0, language=language)
        return str(given)

    return PLACEHOLDER.sub(value, text)


def scripts(language: str | None = None) -> str:
    """Every widget's script and the files they need, in order, after the model's
    constants and the words in a language (the current one when None). The page holds
    formulas and layout only."""
    return _scripts(language or current_language())


def widget_script_order() -> tuple[str, ...]:
    """The widgets' scripts and the files they need, each after the files it needs."""
    return script_graph.script_order(WIDGET_SCRIPTS)


def page_script(name: str, widgets_on_page: bool) -> str:
    """A page's own script (``handout/lesson_page.js``, ``handout/landing_page.js``) and
    the files it needs, but not the widgets' scripts when the page holds them already."""
    loaded = widget_script_order() if widgets_on_page else ()
    return script_graph.bundle([name], loaded=loaded)


def page_constants() -> dict[str, object]:
    """The numbers the page computes with, as data: the model's constants and ranges
    (``model.browser_constants``) and the bend chart's angles."""
    return {**browser_constants(), "BEND_ANGLES_DEG": list(BEND_ANGLES_DEG)}


@cache
def _scripts(language: str) -> str:
    namespace = "(globalThis.EduWidgets = globalThis.EduWidgets || {})"
    constants = f"{namespace}.modelConstants = {json.dumps(page_constants())};"
    # The words go in with non-ASCII kept as \u escapes, so the script is the same
    # whatever encoding a page or the notebook front end reads it with.
    words_script = f"{namespace}.words = {json_for_script(words(language), ascii=True)};"
    files = [asset_text(name) for name in widget_script_order()]
    return "\n".join([constants, words_script, *files])


@cache
def styles() -> str:
    return "\n".join(asset_text(name) for name in STYLE_ORDER)


def esm(kind: str, language: str | None = None) -> str:
    """The anywidget module for a widget kind: every asset, then a render that defers to it."""
    # The live element gets the same classes as a static fragment, so one stylesheet serves both.
    return (
        scripts(language)
        + "\nexport default { render({ model, el }) { "
        + f'el.classList.add("edu-widget", "edu-{kind}"); '
        + f"return globalThis.EduWidgets.widgets[{json.dumps(kind)}].render(model, el); }} }};\n"
    )


def json_for_script(data: object, ascii: bool = False) -> str:
    """JSON that is safe inside <script type="application/json">: no tag can end it early."""
    text = json.dumps(data, ensure_ascii=ascii, separators=(",", ":"), allow_nan=False)
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def fragment(kind: str, config: dict, label: str, fallback_html: str = "") -> str:
    """One widget's static form: a mount point, its config, and a no-script fallback.

    ``label`` is plain text (escaped here); ``fallback_html`` must already be safe HTML.
    """
    return (
        # A named group, not a <section>: a page may hold several widgets of one kind,
        # and regions (landmarks) must have unique names.
        f'<div class="edu-widget edu-{kind}" data-eduwidget="{kind}" role="group" '
        f'aria-label="{html.escape(label, quote=True)}">'
        f'<script type="application/json" class="edu-config">{json_for_script(config)}</script>'
        f"<noscript>{fallback_html}</noscript>"
        "</div>"
    )


def head_assets(language: str | None = None, offline: bool = False) -> str:
    """The assets for a page of static widgets in a language (the current one when None);
    put once in <head>. ``offline``: a page of the public site (its CSP allows the site's
    service worker and manifest)."""
    policy = content_security_policy(offline=offline)
    return (
        f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
        f"<style>{styles()}</style>"
        f"<script>{scripts(language)}</script>"
        "<script>document.addEventListener('DOMContentLoaded',"
        "function(){EduWidgets.boot(document);});</script>"
    )


def page(body_html: str, title: str, lang: str | None = None) -> str:
    """A whole standalone HTML document around already-safe body HTML, in a language
    (the current one when None): its ``lang`` attribute and the widgets' words."""
    lang = lang or current_language()
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(title)}</title>{head_assets(lang)}</head>"
        f'<body><main class="edu-page">{body_html}</main></body></html>\n'
    )

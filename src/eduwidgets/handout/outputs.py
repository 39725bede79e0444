"""An executed notebook's cells as handout HTML: its markdown, and its outputs' static forms.

From each code cell only the outputs go in, never the code. Our widgets mark their
output as a complete static form (output metadata ``eduwidgets``, set by
``LiveWidget``); that ``text/html`` goes in as it is. Any other output goes in by
the first static form it offers (HTML, markdown, SVG, PNG, JPEG), and its HTML only
when a parse of it finds nothing that runs or fetches. Widget views
(``application/vnd.jupyter.widget-view+json``), require.js, MathJax, the widget
manager and plotly.js never go in; an output with no static form is left out, with
a warning.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

from markupsafe import escape

from eduwidgets.content.pages import page_words
from eduwidgets.handout.markdown import render_markdown

__all__ = [
    "is_static_fragment",
    "needs_kernel",
    "notebook_html",
    "output_html",
]

_WIDGET_VIEW_MIME = "application/vnd.jupyter.widget-view+json"
STATIC_MARKER = "eduwidgets"
"""Output metadata of our widgets: the ``text/html`` is the widget whole
(``eduwidgets.widgets.live.STATIC_MARKER``; not imported, it would import anywidget)."""

_EMBEDDING_TAGS = {"iframe", "object", "embed", "link", "base", "frame"}
_URL_ATTRIBUTES = {"src", "href", "srcset", "data", "action", "formaction", "poster", "xlink:href"}
_REMOTE_URL = re.compile(r"(?:^|[\s,])(?:https?:)?//|^\s*javascript:", re.IGNORECASE)
_REMOTE_CSS = re.compile(r"url\(\s*[\"']?\s*(?:https?:)?//|@import", re.IGNORECASE)
_LOADERS = re.compile(r"require\.js|requirejs", re.IGNORECASE)


class _ActiveContent(HTMLParser):
    """Walks HTML and notes anything that would run code or fetch: a script that is
    not JSON data, an embedding tag, an ``on*`` handler, a remote or ``javascript:``
    address, a remote stylesheet, or a module loader."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name.lower(): value or "" for name, value in attrs}
        script_type = values.get("type", "").strip().lower()
        if tag == "script" and not script_type.startswith("application/json"):
            self.found = True
        if tag in _EMBEDDING_TAGS:
            self.found = True
        for name, value in values.items():
            if name.startswith("on") or (name in _URL_ATTRIBUTES and _REMOTE_URL.search(value)):
                self.found = True
            if name == "style" and _REMOTE_CSS.search(value):
                self.found = True

    handle_startendtag = handle_starttag

    def handle_data(self, data: str) -> None:
        if self.lasttag == "style" and _REMOTE_CSS.search(data):
            self.found = True
        if _LOADERS.search(data):
            self.found = True


def is_static_fragment(fragment: str) -> bool:
    """True for HTML that runs no code of its own and fetches nothing.

    Our widgets' static forms carry their config in ``<script type="application/json">``
    (data, never run); any other script means the output needs a runtime we do not ship.
    """
    parser = _ActiveContent()
    parser.feed(fragment)
    parser.close()
    return not parser.found


def _joined(data) -> str:
    return "".join(data) if isinstance(data, list) else str(data)


def _figure(mime: str, encoded: str) -> str:
    alt = escape(page_words()["lesson_page"]["figure"])
    return f'<img src="data:{mime};base64,{encoded}" alt="{alt}">'


def _static_form(data: dict, base_dir: Path, ids: set[str]) -> str | None:
    """The first static form an output offers that is safe to put in a handout."""
    if "text/html" in data and is_static_fragment(_joined(data["text/html"])):
        return _joined(data["text/html"])
    if "text/markdown" in data:
        return render_markdown(_joined(data["text/markdown"]), base_dir, ids)
    if "image/svg+xml" in data and is_static_fragment(_joined(data["image/svg+xml"])):
        svg = _joined(data["image/svg+xml"]).encode("utf-8")
        return _figure("image/svg+xml", base64.b64encode(svg).decode("ascii"))
    for mime in ("image/png", "image/jpeg"):
        if mime in data:
            return _figure(mime, _joined(data[mime]).strip())
    return None


def output_html(output: dict, base_dir: Path, ids: set[str]) -> tuple[str, str | None]:
    """One cell output as handout HTML, and a warning when something had to be left out."""
    kind = output.get("output_type")
    if kind == "stream":
        if output.get("name") == "stdout" and _joined(output.get("text", "")).strip():
            return f'<pre class="handout-text">{escape(_joined(output["text"]))}</pre>', None
        return "", None  # stderr holds warnings for authors, not for patients
    if kind not in ("display_data", "execute_result"):
        return "", None
    data = output.get("data", {})
    if STATIC_MARKER in output.get("metadata", {}) and "text/html" in data:
        return _joined(data["text/html"]), None  # one of our widgets, whole
    fragment = _static_form(data, base_dir, ids)
    if fragment is not None:
        return fragment, None
    rich = [m for m in data if m not in ("text/plain", _WIDGET_VIEW_MIME)]
    if rich:
        return (
            f'<p class="handout-missing">{escape(page_words()["lesson_page"]["live_only"])}</p>',
            f"an output ({', '.join(sorted(rich))}) has no static form; it was left out",
        )
    return "", None  # text/plain reprs and bare widget views are not for patients


def _tags(cell) -> set[str]:
    return set(cell.get("metadata", {}).get("tags", []))


def _blocks(notebook, base_dir: Path, warn: Callable[[str], None] | None):
    """(opens a section, html) for each markdown chunk and each output kept."""
    ids: set[str] = set()
    for index, cell in enumerate(notebook.cells, start=1):
        tags = _tags(cell)
        if "remove-cell" in tags:
            continue
        if cell.cell_type == "markdown":
            attachments = cell.get("attachments", {})
            for chunk in re.split(r"(?m)^(?=##\s)", cell.source):
                if chunk.strip():
                    rendered = render_markdown(chunk, base_dir, ids, attachments)
                    yield chunk.startswith("## "), rendered
        elif cell.cell_type == "code" and not tags & {"remove-output", "hide-output"}:
            for output in cell.get("outputs", []):
                fragment, warning = output_html(output, base_dir, ids)
                if warning and warn:
                    warn(f"cell {index}: {warning}")
                if fragment:
                    yield False, f'<div class="handout-output">{fragment}</div>'


def notebook_html(notebook, base_dir: Path, warn: Callable[[str], None] | None = None) -> str:
    """The body HTML of an executed notebook: markdown and static outputs, no code.

    Second-level headings open a new section; sections start on a new page in print.
    """
    parts, open_section = [], False
    for opens, fragment in _blocks(notebook, base_dir, warn):
        if opens:
            if open_section:
                parts.append("</section>")
            parts.append('<section class="handout-section">')
            open_section = True
        parts.append(fragment)
    if open_section:
        parts.append("</section>")
    return "".join(parts)


def needs_kernel(notebook) -> bool:
    """True when an output only a live kernel can draw: another library's widget, or
    JavaScript (our widgets mark their complete static form, see ``LiveWidget``)."""
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if STATIC_MARKER in output.get("metadata", {}):
                continue
            if _WIDGET_VIEW_MIME in data or "application/javascript" in data:
                return True
    return False

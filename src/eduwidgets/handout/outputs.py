"""Step 2 of the export (``pipeline.py``), keep outputs: what of an executed notebook
goes in a handout, in order: its markdown cells, and its outputs' static forms.

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
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from markupsafe import escape

from eduwidgets.content import clipped
from eduwidgets.content.pages import page_words
from eduwidgets.handout.markdown import render_markdown

__all__ = [
    "Kept",
    "is_static_fragment",
    "keep_outputs",
    "kept_output",
    "needs_kernel",
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


def _static_form(data: dict) -> Kept | None:
    """The first static form an output offers that is safe to put in a handout."""
    if "text/html" in data and is_static_fragment(_joined(data["text/html"])):
        return Kept("html", _joined(data["text/html"]))
    if "text/markdown" in data:
        return Kept("output_markdown", _joined(data["text/markdown"]))
    if "image/svg+xml" in data and is_static_fragment(_joined(data["image/svg+xml"])):
        svg = _joined(data["image/svg+xml"]).encode("utf-8")
        return Kept("html", _figure("image/svg+xml", base64.b64encode(svg).decode("ascii")))
    for mime in ("image/png", "image/jpeg"):
        if mime in data:
            return Kept("html", _figure(mime, _joined(data[mime]).strip()))
    return None


@dataclass(frozen=True)
class Kept:
    """One part of a lesson that goes in its handout, in the order it comes.

    ``kind`` is ``"markdown"`` (a markdown cell, rendered in the markdown step),
    ``"output_markdown"`` (an output whose static form is markdown) or ``"html"`` (an
    output's static form, safe as it is).
    """

    kind: str
    text: str
    attachments: dict = field(default_factory=dict)  # a markdown cell's pictures


def _missing(rich: list[str]) -> tuple[Kept, str]:
    note = escape(page_words()["lesson_page"]["live_only"])
    warning = f"an output ({', '.join(sorted(rich))}) has no static form; it was left out"
    return Kept("html", f'<p class="handout-missing">{note}</p>'), warning


def kept_output(output: dict) -> tuple[Kept | None, str | None]:
    """What of one cell output goes in a handout (None: nothing), and a warning when
    something had to be left out."""
    kind = output.get("output_type")
    if kind == "stream":
        said = _joined(output.get("text", ""))
        if not said.strip():
            return None, None
        if output.get("name") == "stdout":
            return Kept("html", f'<pre class="handout-text">{escape(said)}</pre>'), None
        if output.get("name") != "stderr":
            return None, None
        # For authors, not patients: the command's warning is where they read it (the
        # kernel's own echo of it does not reach the console, see run.py).
        first = clipped(said.strip().splitlines()[0].strip(), 120)
        return None, f"wrote to stderr (left out of the page): {first}"
    if kind not in ("display_data", "execute_result"):
        return None, None
    data = output.get("data", {})
    if STATIC_MARKER in output.get("metadata", {}) and "text/html" in data:
        return Kept("html", _joined(data["text/html"])), None  # one of our widgets, whole
    kept = _static_form(data)
    if kept is not None:
        return kept, None
    rich = [m for m in data if m not in ("text/plain", _WIDGET_VIEW_MIME)]
    if rich:
        return _missing(rich)
    return None, None  # text/plain reprs and bare widget views are not for patients


def output_html(output: dict, base_dir: Path, ids: set[str]) -> tuple[str, str | None]:
    """One cell output as handout HTML, and a warning when something had to be left out."""
    kept, warning = kept_output(output)
    if kept is None:
        return "", warning
    if kept.kind == "output_markdown":
        return render_markdown(kept.text, base_dir, ids), warning
    return kept.text, warning


def _tags(cell) -> set[str]:
    return set(cell.get("metadata", {}).get("tags", []))


def keep_outputs(notebook, warn: Callable[[str], None] | None = None) -> list[Kept]:
    """Step 2 of the export: the notebook's markdown cells and, from each code cell, only
    its outputs' static forms, never the code; cells tagged ``remove-cell`` (and the
    outputs of cells tagged ``remove-output`` or ``hide-output``) are left out."""
    kept: list[Kept] = []
    for index, cell in enumerate(notebook.cells, start=1):
        tags = _tags(cell)
        if "remove-cell" in tags:
            continue
        if cell.cell_type == "markdown":
            kept.append(Kept("markdown", cell.source, dict(cell.get("attachments", {}))))
        elif cell.cell_type == "code" and not tags & {"remove-output", "hide-output"}:
            for output in cell.get("outputs", []):
                part, warning = kept_output(output)
                if warning and warn:
                    warn(f"cell {index}: {warning}")
                if part is not None:
                    kept.append(part)
    return kept


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

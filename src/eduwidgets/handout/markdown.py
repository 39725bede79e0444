"""Step 3 of the export (``pipeline.py``), markdown: the kept parts of a lesson as the
handout's body HTML (mistune), with heading ids, inline pictures and tickable lists.

Markdown cells become HTML. Task lists (``- [ ] walk``) become checkboxes that print
as empty boxes to tick. Local images become data: URLs; remote ones are replaced by
their description (a handout fetches nothing). Raw HTML is kept for layout, but
nothing that runs or fetches.
"""

from __future__ import annotations

import base64
import mimetypes
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

import mistune
from markupsafe import escape

from eduwidgets.content.pages import page_words
from eduwidgets.handout.markup import fill

__all__ = ["body_html", "render_markdown"]

_IMAGE_MAX_BYTES = 1_000_000


def _slug(text: str, used: set[str]) -> str:
    base = re.sub(r"[^a-z0-9]+", "-", re.sub(r"<[^>]+>", "", text).lower()).strip("-") or "part"
    slug, number = base, 2
    while slug in used:
        slug, number = f"{base}-{number}", number + 1
    used.add(slug)
    return slug


# Raw HTML in lesson markdown is allowed for layout, but nothing that runs or fetches.
_UNSAFE_HTML = re.compile(
    r"<\s*/?\s*(script|iframe|object|embed|link|meta|base|style|form|frame|frameset)\b"
    r"|<[^>]*\son[a-z]+\s*=|javascript:|(?:src|href|srcset)\s*=\s*[\"']?\s*(?:https?:)?//",
    re.IGNORECASE,
)


class HandoutRenderer(mistune.HTMLRenderer):
    """Markdown to handout HTML: heading ids, inline images, lesson links, tickable lists."""

    def __init__(self, base_dir: Path, attachments: dict, ids: set[str]):
        super().__init__(escape=False)
        self.base_dir = base_dir
        self.attachments = attachments
        self.ids = ids

    def heading(self, text: str, level: int, **attrs) -> str:
        return f'<h{level} id="{_slug(text, self.ids)}">{text}</h{level}>\n'

    def link(self, text: str, url: str, title: str | None = None) -> str:
        if not re.match(r"^[a-z][a-z0-9+.-]*:", url, re.IGNORECASE):
            url = re.sub(r"\.ipynb(?=$|#)", ".html", url)  # lesson to lesson, inside a site
        out = super().link(text, url, title)
        if url.startswith(("http:", "https:")):
            out = out.replace("<a ", '<a rel="noopener noreferrer" ', 1)
        return out

    def image(self, text: str, url: str, title: str | None = None) -> str:
        data_url = self._data_url(url)
        plain = re.sub(r"<[^>]+>", "", text)
        if data_url is None:
            missing = fill(page_words()["lesson_page"]["missing_picture"], alt=plain)
            return f'<span class="handout-missing-image">{missing}</span>'
        return f'<img src="{data_url}" alt="{escape(plain)}">'

    def _data_url(self, url: str) -> str | None:
        if url.startswith("attachment:"):
            bundle = self.attachments.get(url.removeprefix("attachment:"), {})
            for mime, data in bundle.items():
                if mime.startswith("image/"):
                    data = "".join(data) if isinstance(data, list) else data
                    return f"data:{mime};base64,{data.strip()}"
            return None
        if re.match(r"^[a-z][a-z0-9+.-]*:", url, re.IGNORECASE) or url.startswith("//"):
            return None  # never fetch: remote pictures are replaced by their description
        path = (self.base_dir / url).resolve()
        mime = mimetypes.guess_type(path.name)[0] or ""
        if not mime.startswith("image/") or not path.is_file():
            return None
        if path.stat().st_size > _IMAGE_MAX_BYTES:
            return None
        return f"data:{mime};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"

    def block_html(self, text: str) -> str:
        return escape(text) if _UNSAFE_HTML.search(text) else text

    def inline_html(self, text: str) -> str:
        return escape(text) if _UNSAFE_HTML.search(text) else text

    def task_list_item(self, text: str, checked: bool = False) -> str:
        # A real checkbox in a label: tickable on screen, an empty box on paper.
        text = re.sub(r"^\s*<p>|</p>\s*$", "", text.strip())
        box = '<input type="checkbox" class="handout-tick"' + (" checked" if checked else "") + ">"
        return f'<li class="handout-task"><label>{box}<span>{text}</span></label></li>\n'


def render_markdown(text: str, base_dir: Path, ids: set[str], attachments: dict | None = None):
    renderer = HandoutRenderer(base_dir, attachments or {}, ids)
    markdown = mistune.create_markdown(
        renderer=renderer, plugins=["task_lists", "table", "strikethrough"]
    )
    renderer.register("task_list_item", HandoutRenderer.task_list_item)
    return markdown(text)


def _fragments(parts: Iterable, base_dir: Path) -> Iterator[tuple[bool, str]]:
    """(opens a section, html) for each markdown chunk and each output kept, with one
    set of heading ids for the whole page."""
    ids: set[str] = set()
    for part in parts:
        if part.kind == "markdown":
            for chunk in re.split(r"(?m)^(?=##\s)", part.text):
                if chunk.strip():
                    rendered = render_markdown(chunk, base_dir, ids, part.attachments)
                    yield chunk.startswith("## "), rendered
            continue
        html = part.text
        if part.kind == "output_markdown":
            html = render_markdown(part.text, base_dir, ids)
        if html:
            yield False, f'<div class="handout-output">{html}</div>'


def body_html(parts: Iterable, base_dir: Path) -> str:
    """The handout's body from the kept parts (``outputs.keep_outputs``): markdown
    rendered, outputs in a box each, no code.

    Second-level headings open a new section; sections start on a new page in print.
    Pictures are read relative to ``base_dir`` (the notebook's folder).
    """
    html, open_section = [], False
    for opens, fragment in _fragments(parts, base_dir):
        if opens:
            if open_section:
                html.append("</section>")
            html.append('<section class="handout-section">')
            open_section = True
        html.append(fragment)
    if open_section:
        html.append("</section>")
    return "".join(html)

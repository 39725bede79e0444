"""Handouts: lessons and personal plans as single HTML files for offline, phone and paper.

Three commands, each also a Python function:

* ``eduwidgets handout notebooks/01-extensors.ipynb -o extensors.html`` (``build_handout``)
* ``eduwidgets handout --all -o site/`` (``build_all``): every lesson and an ``index.html``
* ``eduwidgets plan profile.toml -o plan.html`` (``build_plan``): one patient's plan

How a lesson becomes a handout
------------------------------
1. The notebook runs in a fresh kernel (nbclient). The kernel's environment
   carries ``EDUWIDGETS_CLINIC_CONFIG`` (and ``EDUWIDGETS_PROFILE`` when given),
   so widgets pick up the clinic's phone number with no code in the lesson.
2. Markdown cells become HTML. Task lists (``- [ ] walk``) become checkboxes that
   print as empty boxes to tick. Local images become data: URLs.
3. From each code cell only the outputs go in, never the code. Every widget and
   figure offers a ``text/html`` static fragment; that is what is used. Widget
   views (``application/vnd.jupyter.widget-view+json``), require.js, MathJax, the
   widget manager and plotly.js never go in. An output whose HTML would run other
   scripts or fetch anything is left out, with a warning.
4. The page holds every asset once, inline, behind the Content-Security-Policy of
   ``eduwidgets.widgets.static`` (no fetch of any kind), with the clinic's name, phone and
   logo, the date, and a print stylesheet (``handout/handout.css``).

Several lessons build at once: each runs in its own kernel process, a few at a
time (``jobs``), all driven from one event loop, so ``--all`` pays the start-up
cost of Python and nbconvert once instead of once per lesson.

Failure modes: a bad profile or clinic config raises ``InputError`` (exit code 2)
before any work; a notebook that fails raises ``NotebookError`` naming the cell
and the error (exit code 1). Every write is atomic (``eduwidgets.files``): nothing
is written unless the whole build succeeds.
"""

from __future__ import annotations

import asyncio
import base64
import concurrent.futures
import contextlib
import datetime
import html
import mimetypes
import os
import re
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

import mistune

from eduwidgets.errors import InputError
from eduwidgets.files import atomic_path
from eduwidgets.handout import browser
from eduwidgets.widgets import static

__all__ = [
    "NotebookError",
    "add_commands",
    "build_all",
    "build_handout",
    "build_plan",
    "lesson_paths",
    "notebook_html",
    "print_pdf",
]

CLINIC_ENV = "EDUWIDGETS_CLINIC_CONFIG"
PROFILE_ENV = "EDUWIDGETS_PROFILE"
# The lessons: numbered notebooks ("00-welcome.ipynb"); gallery.ipynb is for authors.
LESSON_PATTERN = re.compile(r"^\d+[-_].*\.ipynb$")
CELL_TIMEOUT_S = 120
PAPER_SIZES = {"a4": "A4", "letter": "Letter"}
IMAGE_MAX_BYTES = 1_000_000
WIDGET_VIEW_MIME = "application/vnd.jupyter.widget-view+json"


class NotebookError(RuntimeError):
    """A lesson notebook failed to run; the message names the notebook, the cell and the error."""


# ------------------------------------------------------------------------------ page


@cache
def page_css(name: str) -> str:
    """A page stylesheet of this folder: ``handout.css`` or ``lesson.css`` (the lesson frame)."""
    return (resources.files("eduwidgets.handout") / name).read_text(encoding="utf-8")


def handout_css() -> str:
    return page_css("handout.css")


# Sliders print as their current values: each range input gets a print-only line
# that follows it (widgets that already show their value in an <output> are skipped).
# Task checkboxes and <details> open for print. Nothing is stored anywhere.
PAGE_SCRIPT = """
(function () {
  "use strict";
  function label(input) {
    if (input.labels && input.labels.length) return input.labels[0].textContent.trim();
    return input.getAttribute("aria-label") || input.name || "Setting";
  }
  function update() {
    document.querySelectorAll('input[type="range"]').forEach(function (input) {
      if (input.id && document.querySelector('output[for~="' + CSS.escape(input.id) + '"]')) return;
      var line = input.nextElementSibling;
      if (!line || !line.classList.contains("handout-print-value")) {
        line = document.createElement("span");
        line.className = "handout-print-value";
        line.setAttribute("aria-hidden", "true");
        input.after(line);
      }
      var text = input.getAttribute("aria-valuetext") || input.value;
      line.textContent = text.indexOf(label(input)) === 0 ? text : label(input) + ": " + text;
    });
  }
  function later() { window.requestAnimationFrame(update); }
  document.addEventListener("DOMContentLoaded", later);
  document.addEventListener("input", later, true);
  document.addEventListener("change", later, true);
  document.addEventListener("click", later, true);
  window.addEventListener("beforeprint", function () {
    update();
    document.querySelectorAll("details").forEach(function (d) { d.open = true; });
  });
})();
"""


@dataclass(frozen=True)
class Clinic:
    """What a handout shows about the clinic (all plain text, escaped when shown)."""

    name: str = ""
    phone: str = ""
    website: str = ""
    logo_data_url: str = ""
    config_path: str = ""
    config: object = None  # the eduwidgets.patient.config.ClinicConfig, for RedFlags


def load_clinic(path: str | Path | None) -> Clinic:
    """The clinic config at ``path`` (or ``$EDUWIDGETS_CLINIC_CONFIG``); empty when neither."""
    path = str(path) if path else os.environ.get(CLINIC_ENV, "").strip()
    if not path:
        return Clinic()
    from eduwidgets.patient.config import load_clinic_config

    config = load_clinic_config(path)
    return Clinic(
        name=config.name or "",
        phone=config.phone or "",
        website=config.website or "",
        logo_data_url=config.logo_data_url() or "",
        config_path=str(Path(path).resolve()),
        config=config,
    )


def today_text(day: datetime.date | None = None) -> tuple[str, str]:
    """The date as (ISO, words), like ("2025-03-04", "4 March 2025")."""
    day = day or datetime.date.today()
    return day.isoformat(), f"{day.day} {day:%B %Y}"


def _phone_link(phone: str) -> str:
    digits = re.sub(r"[^0-9+]", "", phone)
    return (
        f'<a href="tel:{html.escape(digits, quote=True)}">{html.escape(phone)}</a>'
        if digits
        else html.escape(phone)
    )


def header_html(clinic: Clinic, kind: str) -> str:
    iso, words = today_text()
    parts = ['<header class="handout-header"><div class="handout-clinic">']
    if clinic.logo_data_url:
        alt = f"{clinic.name} logo" if clinic.name else "Clinic logo"
        parts.append(
            f'<img class="handout-logo" src="{html.escape(clinic.logo_data_url, quote=True)}" '
            f'alt="{html.escape(alt, quote=True)}">'
        )
    parts.append('<div class="handout-clinic-text">')
    if clinic.name:
        parts.append(f'<p class="handout-clinic-name">{html.escape(clinic.name)}</p>')
    if clinic.phone:
        parts.append(f'<p class="handout-clinic-phone">Phone: {_phone_link(clinic.phone)}</p>')
    if clinic.website:
        parts.append(f'<p class="handout-clinic-web">{html.escape(clinic.website)}</p>')
    parts.append("</div></div>")
    parts.append(
        f'<p class="handout-date">{html.escape(kind)} made on '
        f'<time datetime="{iso}">{words}</time></p></header>'
    )
    return "".join(parts)


def footer_html(clinic: Clinic) -> str:
    contact = ""
    if clinic.name or clinic.phone:
        who = html.escape(clinic.name) if clinic.name else "your clinic"
        contact = f" Questions? Call {who}" + (
            f" on {_phone_link(clinic.phone)}." if clinic.phone else "."
        )
    return (
        '<footer class="handout-footer"><p>This handout teaches. It does not diagnose, '
        "and it does not replace your clinician. Its numbers come from a simple teaching "
        f"model, not from your body.{contact}</p></footer>"
    )


def page_html(title: str, body_html: str, clinic: Clinic, kind: str = "Handout") -> str:
    """A whole standalone document: every asset inline, once, behind the no-fetch CSP."""
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<meta name="generator" content="eduwidgets">'
        f"<title>{html.escape(title)}</title>{static.head_assets()}"
        f"<style>{handout_css()}</style><script>{PAGE_SCRIPT}</script></head>"
        f'<body class="handout">{header_html(clinic, kind)}'
        f'<main class="handout-main edu-page" id="main">{body_html}</main>'
        f"{footer_html(clinic)}</body></html>\n"
    )


def patient_rules() -> dict:
    """What a lesson page needs to check and apply a patient's values itself (as JSON)."""
    from eduwidgets.patient.profile import client_rules
    from eduwidgets.patient.session import client_fields

    return {"fields": client_fields(), "profile": client_rules()}


# Run at the end of <body>, before the widgets are drawn (they boot on DOMContentLoaded):
# the patient's values from the address fragment, links that keep them, larger text.
LESSON_PAGE_SCRIPT = """
(function (EW) {
  "use strict";
  var body = document.body;
  var params = new URLSearchParams(EW.pageFragment(document));
  EW.applyPatientToPage(document);
  function fragment() { return params.toString(); }
  function setLarge(on) {
    body.classList.toggle("edu-large", on);
    var button = document.getElementById("edu-large-toggle");
    button.setAttribute("aria-pressed", on ? "true" : "false");
    button.textContent = on ? "Normal text" : "Larger text";
    if (on) params.set("large", "1"); else params.delete("large");
    if (window.location.hash.replace(/^#/, "") !== fragment()) {
      window.history.replaceState(null, "", window.location.pathname + window.location.search +
        (fragment() ? "#" + fragment() : ""));
    }
    EW.carryFragment(document, fragment());
  }
  document.getElementById("edu-large-toggle").addEventListener("click", function () {
    setLarge(!body.classList.contains("edu-large"));
  });
  setLarge(params.get("large") === "1");
  // A new fragment typed into the address bar: show the lesson for those values.
  window.addEventListener("hashchange", function () {
    if (window.location.hash.replace(/^#/, "") !== fragment()) window.location.reload();
  });
})(globalThis.EduWidgets);
"""


def lesson_page_html(
    title: str, body_html: str, clinic: Clinic, home_href: str, preset_fragment: str = ""
) -> str:
    """A lesson page for the clinic and the public site: the handout page, plus a top bar
    (all lessons, whose values these are, larger text) and the patient's values applied
    in the browser from the address fragment (``widgets/patient.js``).

    ``preset_fragment`` is the fragment used when the address has none (``clinic --profile``).
    """
    top = (
        '<a class="edu-skip" href="#main">Skip to the lesson</a>'
        '<div class="edu-topbar" role="region" aria-label="Lesson settings">'
        '<nav aria-label="Lessons">'
        f'<a class="edu-topbar-link" id="edu-home" data-edu-keep-fragment '
        f'href="{html.escape(home_href, quote=True)}">&larr; All lessons</a></nav>'
        '<p class="edu-patient" id="edu-patient" hidden></p>'
        '<button type="button" class="edu-large-toggle" id="edu-large-toggle" '
        'aria-pressed="false">Larger text</button></div>'
    )
    problem = (
        '<div class="edu-patient-problem" id="edu-patient-problem" role="alert" hidden>'
        "<h2>Please check the patient's values</h2>"
        '<p class="edu-problem-text"></p>'
        "<p>This lesson shows typical values until the values in the address are fixed. "
        "Go back to all lessons and use the form for the clinician.</p></div>"
    )
    data = (
        '<script type="application/json" id="edu-patient-rules">'
        f"{static.json_for_script(patient_rules())}</script>"
    )
    if preset_fragment:
        data += (
            '<script type="application/json" id="edu-patient-preset">'
            f"{static.json_for_script(preset_fragment)}</script>"
        )
    page = page_html(title, problem + body_html, clinic, kind="Lesson")
    page = page.replace('<body class="handout">', '<body class="handout edu-lesson">' + top, 1)
    script = (
        f"<style>{page_css('lesson.css')}</style>{data}"
        f"<script>{static.asset_text('patient.js')}</script>"
        f"<script>{LESSON_PAGE_SCRIPT}</script></body>"
    )
    end = page.rfind("</body>")
    return page[:end] + script + page[end + len("</body>") :]


# ------------------------------------------------------------------------------ markdown


def _slug(text: str, used: set[str]) -> str:
    base = re.sub(r"[^a-z0-9]+", "-", re.sub(r"<[^>]+>", "", text).lower()).strip("-") or "part"
    slug, number = base, 2
    while slug in used:
        slug, number = f"{base}-{number}", number + 1
    used.add(slug)
    return slug


# Raw HTML in lesson markdown is allowed for layout, but nothing that runs or fetches.
UNSAFE_HTML = re.compile(
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
        alt = html.escape(re.sub(r"<[^>]+>", "", text), quote=True)
        if data_url is None:
            return f'<span class="handout-missing-image">[Picture: {alt}]</span>'
        return f'<img src="{data_url}" alt="{alt}">'

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
        if path.stat().st_size > IMAGE_MAX_BYTES:
            return None
        return f"data:{mime};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"

    def block_html(self, text: str) -> str:
        return html.escape(text) if UNSAFE_HTML.search(text) else text

    def inline_html(self, text: str) -> str:
        return html.escape(text) if UNSAFE_HTML.search(text) else text

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


# ------------------------------------------------------------------------------ outputs

SCRIPT_TAG = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)
FETCHING_HTML = re.compile(
    r"<\s*(iframe|object|embed|link|base|frame)\b|<[^>]*\son[a-z]+\s*=|javascript:"
    r"|(?:src|href|srcset|data)\s*=\s*[\"']?\s*(?:https?:)?//|url\(\s*[\"']?(?:https?:)?//"
    r"|@import|require\.js|requirejs",
    re.IGNORECASE,
)


def is_static_fragment(fragment: str) -> bool:
    """True for HTML that runs no code of its own and fetches nothing.

    Our widgets' static forms carry their config in ``<script type="application/json">``
    (data, never run); any other script means the output needs a runtime we do not ship.
    """
    for match in SCRIPT_TAG.finditer(fragment):
        if not re.search(r"type\s*=\s*[\"']?application/json", match.group(1), re.IGNORECASE):
            return False
    return not FETCHING_HTML.search(fragment)


def _joined(data) -> str:
    return "".join(data) if isinstance(data, list) else str(data)


def output_html(output: dict, base_dir: Path, ids: set[str]) -> tuple[str, str | None]:
    """One cell output as handout HTML, and a warning when something had to be left out."""
    kind = output.get("output_type")
    if kind == "stream":
        if output.get("name") == "stdout" and _joined(output.get("text", "")).strip():
            return f'<pre class="handout-text">{html.escape(_joined(output["text"]))}</pre>', None
        return "", None  # stderr holds warnings for authors, not for patients
    if kind not in ("display_data", "execute_result"):
        return "", None
    data = output.get("data", {})
    if "text/html" in data:
        fragment = _joined(data["text/html"])
        if is_static_fragment(fragment):
            return fragment, None
    if "text/markdown" in data:
        return render_markdown(_joined(data["text/markdown"]), base_dir, ids), None
    if "image/svg+xml" in data:
        svg = _joined(data["image/svg+xml"])
        if is_static_fragment(svg):
            encoded = base64.b64encode(svg.encode("utf-8")).decode("ascii")
            return f'<img src="data:image/svg+xml;base64,{encoded}" alt="Figure">', None
    for mime in ("image/png", "image/jpeg"):
        if mime in data:
            encoded = _joined(data[mime]).strip()
            return f'<img src="data:{mime};base64,{encoded}" alt="Figure">', None
    rich = [m for m in data if m not in ("text/plain", WIDGET_VIEW_MIME)]
    if rich:
        return (
            '<p class="handout-missing">This part works only in the live lesson.</p>',
            f"an output ({', '.join(sorted(rich))}) has no static form; it was left out",
        )
    return "", None  # text/plain reprs and bare widget views are not for patients


# ------------------------------------------------------------------------------ notebooks


def notebook_title(notebook, fallback: str) -> str:
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            match = re.search(r"^#\s+(.+?)\s*#*\s*$", cell.source, re.MULTILINE)
            if match:
                return re.sub(r"[*_`]", "", match.group(1)).strip()
    return fallback


def notebook_summary(notebook) -> str:
    """The lesson's own one-line summary (for the index page).

    ``metadata.eduwidgets.summary`` when the notebook has one: lessons in a series
    often open with the same sentence, so their first paragraphs cannot tell them
    apart. Otherwise the first plain paragraph of the lesson.
    """
    summary = notebook.metadata.get("eduwidgets", {}).get("summary", "")
    if summary.strip():
        return " ".join(summary.split())
    for cell in notebook.cells:
        if cell.cell_type != "markdown":
            continue
        for block in re.split(r"\n\s*\n", cell.source):
            block = block.strip()
            if block and not block.startswith(("#", "-", "*", "|", "<", ">", "!")):
                return re.sub(r"[*_`]|\[([^\]]*)\]\([^)]*\)", r"\1", " ".join(block.split()))
    return ""


def _tags(cell) -> set[str]:
    return set(cell.get("metadata", {}).get("tags", []))


def notebook_html(notebook, base_dir: Path, warn: Callable[[str], None] | None = None) -> str:
    """The body HTML of an executed notebook: markdown and static outputs, no code.

    Second-level headings open a new section; sections start on a new page in print.
    """
    ids: set[str] = set()
    blocks: list[tuple[bool, str]] = []  # (opens a section, html)
    for index, cell in enumerate(notebook.cells, start=1):
        tags = _tags(cell)
        if "remove-cell" in tags:
            continue
        if cell.cell_type == "markdown":
            attachments = cell.get("attachments", {})
            chunks = re.split(r"(?m)^(?=##\s)", cell.source)
            for chunk in chunks:
                if chunk.strip():
                    rendered = render_markdown(chunk, base_dir, ids, attachments)
                    blocks.append((chunk.startswith("## "), rendered))
        elif cell.cell_type == "code" and not tags & {"remove-output", "hide-output"}:
            for output in cell.get("outputs", []):
                fragment, warning = output_html(output, base_dir, ids)
                if warning and warn:
                    warn(f"cell {index}: {warning}")
                if fragment:
                    blocks.append((False, f'<div class="handout-output">{fragment}</div>'))
    parts, open_section = [], False
    for opens, fragment in blocks:
        if opens:
            if open_section:
                parts.append("</section>")
            parts.append('<section class="handout-section">')
            open_section = True
        parts.append(fragment)
    if open_section:
        parts.append("</section>")
    return "".join(parts)


def _kernel_env(clinic: Clinic, profile_path: str | None) -> dict[str, str]:
    env = dict(os.environ)
    env.pop(CLINIC_ENV, None)
    env.pop(PROFILE_ENV, None)
    if clinic.config_path:
        env[CLINIC_ENV] = clinic.config_path
    if profile_path:
        env[PROFILE_ENV] = str(Path(profile_path).resolve())
    return env


def _first_line(source: str) -> str:
    line = next((ln.strip() for ln in source.splitlines() if ln.strip()), "")
    return line if len(line) <= 60 else line[:57] + "..."


async def execute_notebook_async(path: Path, env: dict[str, str]):
    """Run a notebook top to bottom in a fresh kernel; NotebookError names the failing cell."""
    # Imported here, not at the top: nbformat's validator pulls jsonschema's format
    # checkers (about 1.4 s), which a clinic serving cached pages never needs.
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    try:
        notebook = nbformat.read(path, as_version=4)
    except FileNotFoundError:
        raise InputError("the notebook does not exist.", source=str(path)) from None
    except Exception as error:  # nbformat raises several kinds for a broken file
        raise InputError(f"this is not a readable notebook ({error}).", source=str(path)) from None
    current = {"index": None, "source": ""}

    def started(cell, cell_index):
        current["index"], current["source"] = cell_index + 1, cell.source

    client = NotebookClient(
        notebook,
        timeout=CELL_TIMEOUT_S,
        kernel_name=notebook.metadata.get("kernelspec", {}).get("name", "python3"),
        resources={"metadata": {"path": str(path.parent)}},
        on_cell_start=started,
        # ipykernel warns on stderr about local TCP on every start; the user can do nothing.
        extra_arguments=["--IPKernelApp.log_level=ERROR"],
    )
    try:
        await client.async_execute(env=env)
    except (CellExecutionError, CellTimeoutError, DeadKernelError, RuntimeError) as error:
        cell = current["index"]
        where = f"cell {cell} ({_first_line(current['source'])})" if cell else "the kernel"
        if isinstance(error, CellExecutionError):
            what = f"{error.ename}: {error.evalue}"
        else:
            first = (str(error).strip().splitlines() or [""])[0]
            what = f"{type(error).__name__}: {first}"
        raise NotebookError(f"{path}: {where} failed to run. {what}") from None
    return notebook


def _run(coroutine):
    """Run a coroutine to the end, also from inside a running event loop (a notebook)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


@dataclass(frozen=True)
class Lesson:
    path: Path
    title: str
    summary: str
    html: str
    warnings: tuple[str, ...] = ()
    body_html: str = ""
    needs_kernel: bool = False  # an output only a live kernel can draw (another library's widget)


def _lesson_from(path: Path, notebook, clinic: Clinic) -> Lesson:
    warnings: list[str] = []
    title = notebook_title(notebook, path.stem)
    body = notebook_html(notebook, path.parent, warn=warnings.append)
    return Lesson(
        path=path,
        title=title,
        summary=notebook_summary(notebook),
        html=page_html(title, body, clinic, kind="Lesson handout"),
        warnings=tuple(f"{path.name} {w}" for w in warnings),
        body_html=body,
        needs_kernel=needs_kernel(notebook),
    )


def needs_kernel(notebook) -> bool:
    """True when an output only a live kernel can draw: another library's widget, or
    JavaScript (our widgets mark their complete static form, see ``ClientWidget``)."""
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if "eduwidgets" in output.get("metadata", {}):
                continue
            if WIDGET_VIEW_MIME in data or "application/javascript" in data:
                return True
    return False


async def build_lessons_async(
    paths: list[Path],
    clinic: Clinic,
    profile_path: str | None = None,
    jobs: int | None = None,
    on_done: Callable[[Path], None] | None = None,
) -> list[Lesson]:
    """Run and render several notebooks, at most ``jobs`` kernels at a time."""
    env = _kernel_env(clinic, profile_path)
    limit = asyncio.Semaphore(jobs or default_jobs(len(paths)))

    async def one(path: Path) -> Lesson:
        async with limit:
            notebook = await execute_notebook_async(path, env)
        lesson = _lesson_from(path, notebook, clinic)
        if on_done:
            on_done(path)
        return lesson

    tasks = [asyncio.ensure_future(one(path)) for path in paths]
    try:
        return list(await asyncio.gather(*tasks))
    except BaseException:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        raise


def default_jobs(count: int) -> int:
    """Kernels to run at once: one per core, at least two (a kernel often waits on I/O)."""
    return max(1, min(count, max(2, os.cpu_count() or 1)))


def lesson_paths(notebooks_dir: str | Path = "notebooks") -> list[Path]:
    folder = Path(notebooks_dir)
    if not folder.is_dir():
        raise InputError("this is not a folder of lessons.", source=str(folder))
    paths = sorted(p for p in folder.iterdir() if LESSON_PATTERN.match(p.name))
    if not paths:
        raise InputError(
            "this folder holds no lessons (numbered notebooks like 01-extensors.ipynb).",
            source=str(folder),
        )
    return paths


# ------------------------------------------------------------------------------ PDF


@contextlib.contextmanager
def chromium_page() -> Iterator:
    """A page in the system Chromium with every network request refused."""
    message = browser.missing_chromium_message()
    if message:
        raise RuntimeError("--pdf needs Chromium. " + message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = browser.launch(playwright)
        try:
            context = chromium.new_context()
            context.route(
                "**/*",
                lambda route: (
                    route.continue_()
                    if route.request.url.startswith(("file:", "data:", "about:", "blob:"))
                    else route.abort()
                ),
            )
            yield context.new_page()
        finally:
            chromium.close()


def _print_to(page, html_path: Path, pdf_path: Path, paper: str) -> None:
    page.goto(Path(html_path).resolve().as_uri(), wait_until="load")
    page.evaluate("() => document.fonts.ready.then(() => true)")
    page.evaluate("() => window.dispatchEvent(new Event('beforeprint'))")  # pdf() does not
    page.pdf(
        path=str(pdf_path),
        format=PAPER_SIZES.get(paper.lower(), paper),
        print_background=True,
        margin={"top": "15mm", "bottom": "15mm", "left": "15mm", "right": "15mm"},
    )


def _print_many(jobs: list[tuple[Path, Path]], paper: str) -> None:
    """Print each (html, pdf) pair with one Chromium.

    Runs in its own thread: Playwright's sync API refuses to start inside a running
    event loop (a notebook, or a test that already drives a browser).
    """

    def work() -> None:
        with chromium_page() as page:
            for html_path, pdf_path in jobs:
                _print_to(page, html_path, pdf_path, paper)

    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        pool.submit(work).result()


def print_pdf(html_path: str | Path, pdf_path: str | Path, paper: str = "A4") -> Path:
    """Print an HTML handout to PDF with the system Chromium, atomically."""
    with atomic_path(pdf_path) as tmp:
        _print_many([(Path(html_path), tmp)], paper)
    return Path(pdf_path)


def _write_outputs(items: list[tuple[Path, str]], pdf: bool, paper: str, private: bool) -> None:
    """Write each (path, html), and its PDF beside it with ``pdf``: all or nothing.

    Everything goes to temporary files first; only when every file is complete are
    they moved into place. A failure removes the temporary files and leaves no output.
    """
    with contextlib.ExitStack() as stack:
        staged = []
        for path, text in items:
            tmp = stack.enter_context(atomic_path(path, private=private))
            tmp.write_text(text, encoding="utf-8")
            staged.append((path, tmp))
        if pdf:
            jobs = [
                (tmp, stack.enter_context(atomic_path(path.with_suffix(".pdf"), private)))
                for path, tmp in staged
            ]
            _print_many(jobs, paper)


# ------------------------------------------------------------------------------ the plan

PLAN_CONTENT = "plan.toml"
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
LOG_WEEKS = 4
# Everyday postures for the "you and typical" table (their words: plan.toml muscles.tasks).
COMPARE_POSTURES = (
    {"position": "lying"},
    {"position": "sitting"},
    {},
    {"load_kg": 10.0, "load_distance_m": 0.3},
    {"trunk_flexion_deg": 45.0},
)
# Every text the plan needs from plan.toml, as "table.key" (a test reads this list too).
PLAN_FIELDS = (
    "title",
    "intro",
    "note_heading",
    *(
        f"muscles.{key}"
        for key in (
            "heading intro found_caption column_group column_found column_model typical "
            "weaker stronger tense hip_not_used load_caption column_task column_you "
            "column_typical tasks times load_note slider_start slider_note slider_title"
        ).split()
    ),
    *(f"exercises.{key}" for key in ("heading", "intro", "choice", "none_chosen", "why")),
    *(
        f"reasons.{key}"
        for key in ("weak", "bracing", "hip_stretch", "hip_control", "general", "mobility")
    ),
    *(f"week.{key}" for key in ("heading", "intro", "caption", "column_what", "stay_active")),
    "week.stay_active_detail",
    *(
        f"log.{key}"
        for key in (
            "heading intro scale week_caption column_day column_done column_pain "
            "column_notes done_label pain_label notes_label"
        ).split()
    ),
    *(f"flare_up.{key}" for key in ("heading", "intro", "steps", "when_to_call")),
    "warning.heading",
    *(f"contact.{key}" for key in ("heading", "phone", "website", "ask", "write_line")),
)


@cache
def plan_words() -> dict:
    """The plan's patient text from ``content/plan.toml``; InputError names a missing field."""
    from eduwidgets.content import content_path, load_content

    data = load_content(PLAN_CONTENT)
    for field in PLAN_FIELDS:
        value = data
        for part in field.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        ok = isinstance(value, str) and value.strip()
        ok = ok or (isinstance(value, list) and value and all(isinstance(v, str) for v in value))
        if not ok:
            raise InputError(
                f'"{field}" must be text in double quotes (or a list of texts), not {value!r}.',
                source=str(content_path(PLAN_CONTENT)),
                field=field,
            )
    if len(data["muscles"]["tasks"]) != len(COMPARE_POSTURES):
        raise InputError(
            f'"muscles.tasks" must name {len(COMPARE_POSTURES)} tasks, in order.',
            source=str(content_path(PLAN_CONTENT)),
            field="muscles.tasks",
        )
    return data


def _say(template: str, **values: str) -> str:
    """A plan.toml text with its {placeholders} filled, escaped for HTML."""
    return html.escape(template.format(**values))


def _possessive(name: str | None) -> str:
    return f"{name}'s" if name else "Your"


def _group_label(group: str) -> str:
    """The slider's own label (content/muscle_balance.toml), so the plan and widget agree."""
    from eduwidgets.widgets.muscle_balance import words

    return words()["controls"][group]["label"]


def _percent(value: float) -> str:
    # Every muscle value in the model is strength; bracing is shown as tension.
    words = plan_words()["muscles"]
    pct = round(value * 100)
    if pct == 100:
        return f"100% ({words['typical']})"
    return f"{pct}% ({words['weaker'] if pct < 100 else words['stronger']})"


def _model_strength(profile, group: str) -> str:
    """The plan's "in the model" cell: strength and tension, or why a rating is not used."""
    words = plan_words()["muscles"]
    if group == "hip_flexors":
        return words["hip_not_used"]
    text = _percent(profile.muscle_value(group))
    tension = profile.tension_value(group)  # 0.0 for a group that has no bracing rating
    if tension:
        text += "; " + words["tense"].format(pct=round(100 * tension))
    return text


def exercise_reasons(profile, exercise) -> list[str]:
    """Plain sentences on why this exercise suits this patient, from ratings and ``trains``."""
    from eduwidgets.widgets.exercise_demo import MUSCLE_GROUPS

    words = plan_words()["reasons"]
    reasons = []
    stretch = "stretch" in exercise.id or "stretch" in exercise.title.lower()
    for group in exercise.trains:
        if group not in MUSCLE_GROUPS:
            continue
        label = _group_label(group).split(" (")[0].lower()
        grade = profile.strength.get(group) if group != "hip_flexors" else None
        bracing = profile.bracing.get(group, "none")
        if grade is not None and grade < 5:
            reasons.append(words["weak"].format(label=label, grade=grade))
        if bracing != "none":
            reasons.append(words["bracing"].format(label=label, bracing=bracing))
        if group == "hip_flexors" and profile.hip_flexor_length not in (None, "normal"):
            template = words["hip_stretch"] if stretch else words["hip_control"]
            reasons.append(template.format(label=label, length=profile.hip_flexor_length))
    if not reasons:
        if not set(exercise.trains) & set(MUSCLE_GROUPS):
            reasons.append(words["mobility"])
        else:
            trains = " and ".join(exercise.trains_in_words())
            reasons.append(words["general"].format(trains=trains))
    return reasons


def _short_dose(dose) -> str:
    side = " each side" if dose.per_side else ""
    hold = f", hold {dose.hold_s} s" if dose.hold_s else ""
    if dose.reps_by_set:
        return f"{', '.join(str(n) for n in dose.reps_by_set)}{side}{hold}"
    sets = f"{dose.sets} × " if dose.sets > 1 else ""
    return f"{sets}{dose.reps}{side}{hold}"


def _checklist_html(rows: list[tuple[str, str]]) -> str:
    """A week of tick boxes: one row per activity, one column per day."""
    words = plan_words()["week"]
    head = "".join(f'<th scope="col"><abbr title="{day}">{day[:3]}</abbr></th>' for day in DAYS)
    body = []
    for title, detail in rows:
        cells = "".join(
            f'<td><input type="checkbox" class="handout-tick" '
            f'aria-label="{html.escape(title, quote=True)}, {day}"></td>'
            for day in DAYS
        )
        body.append(
            f'<tr><th scope="row">{html.escape(title)}'
            f'<span class="handout-dose">{html.escape(detail)}</span></th>{cells}</tr>'
        )
    return (
        f'<table class="handout-week"><caption>{html.escape(words["caption"])}</caption>'
        f'<thead><tr><th scope="col">{html.escape(words["column_what"])}</th>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table>"
    )


def _log_html() -> str:
    """Four weeks, one table each: a tick for exercises done, a 0-10 pain rating, a note.

    On paper the rating and note cells are empty boxes and lines to write in; on screen
    they can be typed into. Nothing typed is stored or sent anywhere.
    """
    words = plan_words()["log"]
    tables = []
    for week in range(1, LOG_WEEKS + 1):
        caption = _say(words["week_caption"], week=str(week))
        week_name = words["week_caption"].format(week=week)
        rows = []
        for day in DAYS:
            done, pain, notes = (
                html.escape(words[key].format(week=week_name, day=day), quote=True)
                for key in ("done_label", "pain_label", "notes_label")
            )
            rows.append(
                f'<tr><th scope="row"><abbr title="{day}">{day[:3]}</abbr></th>'
                f'<td><input type="checkbox" class="handout-tick" aria-label="{done}"></td>'
                f'<td><input type="text" class="handout-log-pain" inputmode="numeric" '
                f'maxlength="2" autocomplete="off" aria-label="{pain}"></td>'
                f'<td><input type="text" class="handout-log-note" autocomplete="off" '
                f'aria-label="{notes}"></td></tr>'
            )
        tables.append(
            f'<table class="handout-log"><caption>{caption}</caption><thead><tr>'
            f'<th scope="col">{html.escape(words["column_day"])}</th>'
            f'<th scope="col">{html.escape(words["column_done"])}</th>'
            f'<th scope="col">{html.escape(words["column_pain"])}</th>'
            f'<th scope="col">{html.escape(words["column_notes"])}</th>'
            f"</tr></thead><tbody>{''.join(rows)}</tbody></table>"
        )
    return "".join(tables)


def plan_body(profile, clinic: Clinic) -> tuple[str, str]:
    """The title and body HTML of one patient's plan. Everything typed is escaped.

    Every patient sentence comes from ``content/plan.toml`` (and the widgets' own
    content files), so translators edit one place and the reading-grade test sees it.
    """
    from eduwidgets.everyday import reference_compression_n
    from eduwidgets.model import Posture, lumbar_load
    from eduwidgets.widgets.exercise_demo import ExerciseDemo, get_exercise
    from eduwidgets.widgets.muscle_balance import MUSCLE_CONTROLS, STRENGTH_CONTROLS, MuscleBalance
    from eduwidgets.widgets.red_flags import RedFlags

    words = plan_words()
    owner = _possessive(profile.first_name)
    owner_lower = owner.lower() if owner == "Your" else owner
    title = words["title"].format(owner=owner)
    parts = [
        f'<h1 id="plan">{html.escape(title)}</h1>',
        f"<p>{html.escape(words['intro'])}</p>",
    ]
    if profile.note:
        note = "<br>".join(html.escape(line) for line in profile.note.splitlines())
        parts.append(
            '<aside class="handout-note" aria-labelledby="note-heading">'
            f'<h2 id="note-heading">{html.escape(words["note_heading"])}</h2>'
            f"<p>{note}</p></aside>"
        )

    # 1. The muscles, the patient's values next to typical.
    muscle_words = words["muscles"]
    muscles, body = profile.muscles(), profile.body()
    rows = "".join(
        f'<tr><th scope="row">{html.escape(_group_label(group))}</th>'
        f"<td>{html.escape(profile.rating_text(group))}</td>"
        f"<td>{html.escape(_model_strength(profile, group))}</td></tr>"
        for group in STRENGTH_CONTROLS
    )
    compare = []
    # Everyday terms: each push as a multiple of standing up straight (issue 12).
    standing_n = reference_compression_n(body)
    for label, values in zip(muscle_words["tasks"], COMPARE_POSTURES, strict=True):
        posture = Posture(**values)
        yours = lumbar_load(body, posture, muscles).compression_n / standing_n
        typical = lumbar_load(body, posture, None).compression_n / standing_n
        times = muscle_words["times"]
        compare.append(
            f'<tr><th scope="row">{html.escape(label)}</th>'
            f"<td>{_say(times, multiple=f'{yours:.1f}')}</td>"
            f"<td>{_say(times, multiple=f'{typical:.1f}')}</td></tr>"
        )
    balance = MuscleBalance(
        muscles=muscles,
        body=body,
        controls=list(MUSCLE_CONTROLS),
        use_patient=False,
        title=muscle_words["slider_title"].format(owner=owner),
    )
    balance.start_label = muscle_words["slider_start"].format(owner=owner_lower)
    balance.patient_note = muscle_words["slider_note"].format(owner=owner_lower)
    parts.append(
        '<section class="handout-section" aria-labelledby="muscles">'
        f'<h2 id="muscles">{html.escape(muscle_words["heading"])}</h2>'
        f"<p>{html.escape(muscle_words['intro'])}</p>"
        f'<table class="handout-table"><caption>{html.escape(muscle_words["found_caption"])}'
        f'</caption><thead><tr><th scope="col">{html.escape(muscle_words["column_group"])}</th>'
        f'<th scope="col">{html.escape(muscle_words["column_found"])}</th>'
        f'<th scope="col">{html.escape(muscle_words["column_model"])}</th></tr></thead>'
        f"<tbody>{rows}</tbody></table>"
        f'<table class="handout-table"><caption>{html.escape(muscle_words["load_caption"])}'
        f'</caption><thead><tr><th scope="col">{html.escape(muscle_words["column_task"])}</th>'
        f'<th scope="col">{html.escape(muscle_words["column_you"])}</th>'
        f'<th scope="col">{html.escape(muscle_words["column_typical"])}</th></tr></thead>'
        f"<tbody>{''.join(compare)}</tbody></table>"
        f'<div class="handout-output">{balance.static_html()}</div>'
        f"<p>{html.escape(muscle_words['load_note'])}</p></section>"
    )

    # 2. The exercises, why each was chosen, with the clinician's dose.
    exercise_words = words["exercises"]
    # The clinic's emergency number in each exercise's "get help now" line.
    emergency = clinic.config.emergency_number if clinic.config is not None else None
    week_rows = []
    exercise_parts = []
    for choice in profile.exercises:
        record = get_exercise(choice.id)
        demo = ExerciseDemo(choice.id, emergency_number=emergency, **choice.dose())
        reasons = " ".join(html.escape(r) for r in exercise_reasons(profile, record))
        exercise_parts.append(
            '<div class="handout-exercise">'
            f'<p class="handout-why"><strong>{_say(exercise_words["why"], title=record.title)}'
            f"</strong> {reasons}</p>"
            f'<div class="handout-output">{demo.static_html()}</div></div>'
        )
        week_rows.append((record.title, _short_dose(demo.dose)))
    if not exercise_parts:
        exercise_parts.append(f"<p>{html.escape(exercise_words['none_chosen'])}</p>")
    parts.append(
        '<section class="handout-section" aria-labelledby="exercises">'
        f'<h2 id="exercises">{html.escape(exercise_words["heading"])}</h2>'
        f"<p>{html.escape(exercise_words['intro'])}</p>"
        f"<p>{html.escape(exercise_words['choice'])}</p>" + "".join(exercise_parts) + "</section>"
    )

    # 3. The week, as tick boxes.
    week_words = words["week"]
    week_rows.append((week_words["stay_active"], week_words["stay_active_detail"]))
    parts.append(
        '<section class="handout-section" aria-labelledby="week">'
        f'<h2 id="week">{html.escape(week_words["heading"])}</h2>'
        f"<p>{html.escape(week_words['intro'])}</p>"
        f"{_checklist_html(week_rows)}</section>"
    )

    # 4. A plan for flare-ups: what to do in the first days, and when to call.
    flare = words["flare_up"]
    steps = "".join(f"<li>{html.escape(step)}</li>" for step in flare["steps"])
    parts.append(
        '<section class="handout-section" aria-labelledby="flare-up">'
        f'<h2 id="flare-up">{html.escape(flare["heading"])}</h2>'
        f'<p>{html.escape(flare["intro"])}</p><ol class="handout-steps">{steps}</ol>'
        f"<p>{html.escape(flare['when_to_call'])}</p></section>"
    )

    # 5. Four weeks to log, on paper or screen.
    log = words["log"]
    parts.append(
        '<section class="handout-section" aria-labelledby="log">'
        f'<h2 id="log">{html.escape(log["heading"])}</h2>'
        f"<p>{html.escape(log['intro'])}</p><p>{html.escape(log['scale'])}</p>"
        f"{_log_html()}</section>"
    )

    # 6. Warning signs at three levels, with the clinic's numbers.
    if clinic.config is not None:
        flags = RedFlags(clinic=clinic.config)
    else:
        flags = RedFlags(phone="", clinic_name="", emergency_number="")
    parts.append(
        '<section class="handout-section" aria-labelledby="warning">'
        f'<h2 id="warning">{html.escape(words["warning"]["heading"])}</h2>'
        f'<div class="handout-output">{flags.static_html()}</div></section>'
    )

    # 7. Contact.
    contact_words = words["contact"]
    if clinic.name or clinic.phone:
        contact = ""
        if clinic.name:
            contact += f"<p><strong>{html.escape(clinic.name)}</strong></p>"
        if clinic.phone:
            contact += f"<p>{html.escape(contact_words['phone'])} {_phone_link(clinic.phone)}</p>"
        if clinic.website:
            contact += (
                f"<p>{html.escape(contact_words['website'])} {html.escape(clinic.website)}</p>"
            )
    else:
        contact = (
            f"<p>{html.escape(contact_words['ask'])}</p>"
            f'<p class="handout-write-line">{html.escape(contact_words["write_line"])} '
            '<span class="handout-blank" aria-hidden="true"></span></p>'
        )
    parts.append(
        '<section class="handout-section" aria-labelledby="contact">'
        f'<h2 id="contact">{html.escape(contact_words["heading"])}</h2>{contact}</section>'
    )
    return title, "".join(parts)


# ------------------------------------------------------------------------------ commands


def _progress(total: int, stream=None) -> Callable[[Path], None]:
    """A progress bar on stderr: redrawn in place on a terminal, one line per step otherwise."""
    stream = stream or sys.stderr
    done = {"count": 0}
    started = time.perf_counter()

    def step(path: Path) -> None:
        done["count"] += 1
        count = done["count"]
        filled = round(20 * count / total)
        line = (
            f"[{'#' * filled}{'.' * (20 - filled)}] {count}/{total} lessons built "
            f"({time.perf_counter() - started:.0f} s) {path.name}"
        )
        if stream.isatty():
            stream.write("\r" + line.ljust(79) + ("\n" if count == total else ""))
        else:
            stream.write(line + "\n")
        stream.flush()

    return step


def _check_output_file(output: str | Path, suffix: str = ".html") -> Path:
    output = Path(output)
    if output.suffix.lower() not in (".html", ".htm"):
        raise InputError(
            f"the output file name must end in .html (got {output.name!r}).",
            source="-o",
        )
    if output.is_dir():
        raise InputError("this is a folder; give a file name ending in .html.", source=str(output))
    output.parent.mkdir(parents=True, exist_ok=True)
    return output


def build_handout(
    notebook: str | Path,
    output: str | Path,
    clinic: str | Path | None = None,
    pdf: bool = False,
    paper: str = "A4",
    profile: str | Path | None = None,
) -> Path:
    """One lesson as one self-contained HTML file (and a PDF beside it with ``pdf=True``)."""
    notebook = Path(notebook)
    clinic_info = load_clinic(clinic)  # InputError before any work
    if profile:
        from eduwidgets.patient.profile import load_profile

        load_profile(profile)
    if not notebook.is_file():
        raise InputError("the notebook does not exist.", source=str(notebook))
    output = _check_output_file(output)
    (lesson,) = _run(build_lessons_async([notebook], clinic_info, profile and str(profile)))
    for warning in lesson.warnings:
        print(f"eduwidgets: warning: {warning}", file=sys.stderr)
    _write_outputs([(output, lesson.html)], pdf, paper, private=bool(profile))
    return output


def build_all(
    output_dir: str | Path,
    notebooks_dir: str | Path = "notebooks",
    clinic: str | Path | None = None,
    pdf: bool = False,
    paper: str = "A4",
    jobs: int | None = None,
    progress: bool = True,
) -> list[Path]:
    """Every lesson as a handout in ``output_dir``, plus an ``index.html`` linking them."""
    clinic_info = load_clinic(clinic)
    paths = lesson_paths(notebooks_dir)
    output_dir = Path(output_dir)
    if output_dir.exists() and not output_dir.is_dir():
        raise InputError("this is a file; give a folder for the lessons.", source=str(output_dir))
    on_done = _progress(len(paths)) if progress else None
    lessons = _run(build_lessons_async(paths, clinic_info, jobs=jobs, on_done=on_done))
    for lesson in lessons:
        for warning in lesson.warnings:
            print(f"eduwidgets: warning: {warning}", file=sys.stderr)
    output_dir.mkdir(parents=True, exist_ok=True)
    items = [
        (output_dir / lesson.path.with_suffix(".html").name, site_lesson_html(lesson, clinic_info))
        for lesson in lessons
    ]
    items.append((output_dir / "index.html", site_index_html(paths, clinic_info)))
    _write_outputs(items, pdf, paper, private=False)
    return [path for path, _ in items]


def site_lesson_html(lesson: Lesson, clinic: Clinic, home_href: str = "index.html") -> str:
    """A lesson as a page of the site (and of the clinic): it applies the patient's values
    from its address fragment itself and links back to the lesson list."""
    return lesson_page_html(lesson.title, lesson.body_html, clinic, home_href)


def site_index_html(paths: list[Path], clinic: Clinic) -> str:
    """The site's landing page: the clinic's lesson list and patient form, as one file."""
    from eduwidgets.clinic import landing_html, read_lesson

    return landing_html(
        [read_lesson(path) for path in paths],
        lambda lesson: Path(lesson.file).with_suffix(".html").name,
        "index.html",
        clinic_name=clinic.name,
    )


def build_plan(
    profile_path: str | Path,
    output: str | Path,
    clinic: str | Path | None = None,
    pdf: bool = False,
    paper: str = "A4",
) -> Path:
    """One patient's plan as one self-contained HTML file (private: mode 0600)."""
    from eduwidgets.patient.profile import load_profile

    clinic_info = load_clinic(clinic)
    profile = load_profile(profile_path)
    output = _check_output_file(output)
    title, body = plan_body(profile, clinic_info)
    write_items = [(output, page_html(title, body, clinic_info, kind="Plan"))]
    _write_outputs(write_items, pdf, paper, private=True)
    return output

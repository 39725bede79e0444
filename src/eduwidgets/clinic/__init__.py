"""The clinic's landing page: the lesson list, the patient form, and the pages around them.

This package holds what the clinic app (``eduwidgets clinic``, see
``eduwidgets.clinic.app``), a public Binder link and the static site share:

* ``discover_lessons``: the lessons in ``notebooks/`` with a title, one line on what
  each teaches and a small picture, all read from the notebooks (no network);
* the landing page and its form for the patient's values (``landing_html``), made once:
  the form writes the values into the address fragment in the browser; the "save as a
  profile file" download (``ProfileFileHandler``) and friendly message pages;
* the Voilà template ``eduwidgets`` (in ``jupyter/voila/templates/``) for a lesson that
  needs a live kernel;
* a Jupyter server extension, so on Binder the landing page opens at ``/eduwidgets/``
  and the lesson pages at ``/eduwidgets/lessons/<name>``, as in the clinic.

The patient's values never reach the server: they travel in the address fragment
(after "#"), which browsers keep to themselves, and "save as a profile file" (the one
exception, on the clinician's request) hands them back to the clinician's browser,
which asks where to save.
"""

from __future__ import annotations

import datetime
import json
import re
import shutil
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import urlencode

import jinja2
import tornado.web
from markupsafe import Markup

from eduwidgets.errors import InputError
from eduwidgets.patient import session
from eduwidgets.patient.profile import (
    BRACING_GROUPS,
    FIRST_NAME_MAX_CHARS,
    GROUP_NAMES,
    HIP_FLEXOR_LENGTH_SCALE,
    STRENGTH_GROUPS,
    Profile,
)
from eduwidgets.widgets import static

__all__ = [
    "DATA_DIR",
    "TEMPLATE_NAME",
    "Lesson",
    "asset_handlers",
    "discover_lessons",
    "install_template",
    "landing_handlers",
]

HERE = Path(__file__).resolve().parent
DATA_DIR = HERE / "jupyter"
"""A Jupyter data directory holding the Voilà template (``voila/templates/eduwidgets``)."""
TEMPLATE_NAME = "eduwidgets"
PAGES_DIR = HERE / "templates"
LESSON_PATTERN = "[0-9][0-9]-*.ipynb"
ASSET_PATH = "/eduwidgets/assets/"
"""Where lesson pages find the widget scripts and styles, under the server's base URL."""
SUMMARY_MAX_CHARS = 160
GOAL_HEADING = re.compile(r"help you do|you will learn|in this lesson", re.IGNORECASE)

# Our own pages fetch nothing: styles, scripts and pictures are inline.
PAGE_CSP = (
    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
    "img-src data:; form-action 'self'; base-uri 'none'; frame-ancestors 'self'"
)

# The same rules in the page itself, for the static site (a <meta> CSP cannot hold
# frame-ancestors; the form never submits there).
META_CSP = (
    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
    "img-src data:; form-action 'self'; base-uri 'none'"
)

OXFORD_CHOICES = (
    ("5", "5: normal strength"),
    ("4", "4: holds against some resistance"),
    ("3", "3: moves against gravity only"),
    ("2", "2: moves with gravity taken away"),
    ("1", "1: a flicker, no movement"),
)
BRACING_CHOICES = (("mild", "mild"), ("strong", "strong"))


@dataclass(frozen=True)
class Lesson:
    """One lesson notebook as the landing page lists it."""

    file: str  # "01-extensors.ipynb"
    slug: str  # "01-extensors"
    title: str
    summary: str
    picture: str  # key of LESSON_PICTURES


def _plain(markdown: str) -> str:
    """Markdown to plain text, enough for a title or one line."""
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", markdown)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"<[^>]+>", "", text)
    text = re.sub(r"[*_`]+", "", text)
    return " ".join(text.split())


def _first_sentence(text: str) -> str:
    match = re.match(r"(.+?[.!?])(\s|$)", text)
    sentence = match.group(1) if match else text
    if len(sentence) > SUMMARY_MAX_CHARS:
        sentence = sentence[: SUMMARY_MAX_CHARS - 1].rsplit(" ", 1)[0] + "…"
    return sentence


def _picture_key(slug: str) -> str:
    for key in ("extensors", "obliques", "hip-flexors", "abdominals", "plan", "welcome"):
        if key in slug:
            return key
    return "welcome"


def read_lesson(path: Path) -> Lesson:
    """Title and one line from the notebook itself (metadata ``eduwidgets`` may override).

    The one line is the paragraph under the lesson's "What this lesson will help you
    do" heading when there is one, else the first paragraph after the title.
    """
    notebook = json.loads(path.read_text(encoding="utf-8"))
    meta = notebook.get("metadata", {}).get("eduwidgets", {})
    title, first_paragraph, goal = "", "", ""
    after_goal_heading = False
    for cell in notebook.get("cells", []):
        if cell.get("cell_type") != "markdown":
            continue
        source = cell.get("source", "")
        source = "".join(source) if isinstance(source, list) else source
        for block in re.split(r"\n\s*\n", source):
            block = block.strip()
            if not block:
                continue
            if block.startswith("#"):
                heading = block.splitlines()[0]
                if not title and heading.startswith("# "):
                    title = _plain(heading[2:])
                after_goal_heading = bool(GOAL_HEADING.search(heading))
                rest = "\n".join(block.splitlines()[1:]).strip()
                if not rest:
                    continue
                block = rest
            if block.startswith(("|", "<", "-", "*", ">")):
                continue
            if after_goal_heading and not goal:
                goal = _first_sentence(_plain(block))
            elif title and not first_paragraph:
                first_paragraph = _first_sentence(_plain(block))
        if goal:
            break
    summary = goal or first_paragraph
    slug = path.stem
    fallback = slug.split("-", 1)[-1].replace("-", " ").capitalize()
    return Lesson(
        file=path.name,
        slug=slug,
        title=str(meta.get("title") or title or fallback),
        summary=str(meta.get("summary") or summary),
        picture=_picture_key(slug),
    )


def discover_lessons(notebooks_dir: str | Path) -> list[Lesson]:
    """Every lesson (``NN-name.ipynb``) in the folder, in order."""
    return [read_lesson(path) for path in sorted(Path(notebooks_dir).glob(LESSON_PATTERN))]


# ------------------------------------------------------------------ pictures


def _spine(highlight: str) -> str:
    """A side view of a trunk: spine, pelvis, and one muscle group drawn strongly."""
    vertebrae = "".join(
        f'<rect x="52" y="{14 + i * 13}" width="16" height="10" rx="3" fill="#e4e7eb" '
        'stroke="#52606d" stroke-width="1.5"/>'
        for i in range(6)
    )
    pelvis = (
        '<path d="M34 94 Q60 84 86 94 L80 112 Q60 118 40 112 Z" fill="#e4e7eb" '
        'stroke="#52606d" stroke-width="1.5"/>'
    )
    muscles = {
        # Back muscles: a thick band behind the spine.
        "extensors": '<path d="M74 12 Q86 50 76 96" stroke="#0072b2" stroke-width="9" '
        'fill="none" stroke-linecap="round"/>',
        # Front stomach muscles: a band down the front.
        "abdominals": '<path d="M28 30 Q20 62 36 96" stroke="#cc79a7" stroke-width="9" '
        'fill="none" stroke-linecap="round"/>',
        # Side stomach muscles: slanted lines across the side.
        "obliques": "".join(
            f'<line x1="{24 + i * 6}" y1="{40 + i * 9}" x2="{48 + i * 4}" y2="{28 + i * 12}" '
            'stroke="#b36b00" stroke-width="5" stroke-linecap="round"/>'
            for i in range(5)
        ),
        # Hip flexors: from the lower spine to the front of the thigh.
        "hip-flexors": '<path d="M58 70 Q40 96 38 124" stroke="#009e73" stroke-width="8" '
        'fill="none" stroke-linecap="round" stroke-dasharray="10 4"/>',
    }
    drawn = muscles.get(highlight, "")
    if highlight in ("welcome", "plan"):
        drawn = "".join(muscles.values())
    return pelvis + vertebrae + drawn


def _plan_marks() -> str:
    ticks = "".join(
        f'<rect x="92" y="{20 + i * 22}" width="16" height="16" rx="3" fill="#ffffff" '
        f'stroke="#1f2933" stroke-width="2"/><path d="M95 {28 + i * 22} l4 4 l7 -9" '
        'stroke="#00734f" stroke-width="3" fill="none"/>'
        for i in range(3)
    )
    return ticks


@cache
def lesson_picture(key: str) -> str:
    """A small inline SVG for a lesson card (decorative: the card's text says it all)."""
    extra = _plan_marks() if key == "plan" else ""
    return (
        '<svg class="card-picture" viewBox="0 0 120 130" width="96" height="104" '
        'aria-hidden="true" focusable="false" xmlns="http://www.w3.org/2000/svg">'
        '<rect x="0" y="0" width="120" height="130" rx="14" fill="#f0f4f8"/>'
        f"{_spine(key)}{extra}</svg>"
    )


# ------------------------------------------------------------------ pages


@cache
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(PAGES_DIR)),
        autoescape=True,  # everything a person typed is escaped
        undefined=jinja2.StrictUndefined,
    )
    env.globals["picture"] = lambda key: Markup(lesson_picture(key))
    env.globals["meta_csp"] = META_CSP
    return env


def render_page(name: str, **values) -> str:
    return _environment().get_template(name).render(**values)


def message_page(base_url: str, title: str, message: str, detail: str = "") -> str:
    """A friendly full page for a problem (unknown lesson, busy, bad values)."""
    return render_page(
        "message.html", base_url=base_url, title=title, message=message, detail=detail
    )


def profile_toml(profile: Profile) -> str:
    """The patient form's values as a profile file (the format of ``load_profile``)."""
    today = datetime.date.today().isoformat()
    lines = [f"# Patient profile saved from the eduwidgets clinic app on {today}.", ""]
    if profile.first_name:
        lines.append(f"first_name = {json.dumps(profile.first_name)}")
    for group in ("extensors", "obliques", "abdominals", "hip_flexors"):
        entries = []
        if group in STRENGTH_GROUPS and profile.strength.get(group) is not None:
            entries.append(f"strength = {profile.strength[group]}")
        if group in BRACING_GROUPS and profile.bracing.get(group, "none") != "none":
            entries.append(f"bracing = {json.dumps(profile.bracing[group])}")
        if group == "hip_flexors" and profile.hip_flexor_length:
            entries.append(f"length = {json.dumps(profile.hip_flexor_length)}")
        if entries:
            lines += ["", f"[muscles.{group}]", *entries]
    sizes = [
        f"{name} = {getattr(profile, name):g}"
        for name in ("mass_kg", "height_m")
        if getattr(profile, name) is not None
    ]
    if sizes:
        lines += ["", "[body]", *sizes]
    return "\n".join(lines) + "\n"


class _PageHandler(tornado.web.RequestHandler):
    """Plain pages of our own: strict CSP, no caching of anything about a patient."""

    def initialize(self, app_settings: dict):
        self.app_settings = app_settings

    def prepare(self):
        # Sets the _xsrf cookie: a live (Voilà) lesson sends it back when it closes, to
        # shut its kernel down.
        self.xsrf_token  # noqa: B018

    def set_default_headers(self):
        self.set_header("Content-Security-Policy", PAGE_CSP)
        self.set_header("Cache-Control", "no-store")
        self.set_header("Referrer-Policy", "no-referrer")
        self.set_header("X-Content-Type-Options", "nosniff")

    @property
    def home_url(self) -> str:
        return self.app_settings["home_url"]

    def query_fields(self) -> dict[str, str]:
        return {key: self.get_argument(key) for key in self.request.arguments}

    def write_error(self, status_code: int, **kwargs):
        self.finish(
            message_page(
                self.home_url,
                "Something went wrong",
                f"The page could not be shown (error {status_code}). Please try again.",
            )
        )


def landing_html(
    lessons: list[Lesson],
    lesson_url,
    home_url: str,
    clinic_name: str = "",
    preset_fragment: str = "",
    profile_name: str = "",
    save_url: str = "",
) -> str:
    """The lesson list with the patient form: the same page in the clinic, on Binder and
    in the static site. The form writes the patient's values into the address fragment
    (after "#") of this page and of every lesson link, in the browser; the page itself
    holds nothing about a patient except the clinic's ``--profile`` preset.
    """
    from eduwidgets.handout import patient_rules

    return render_page(
        "landing.html",
        home_url=home_url,
        lesson_url=lesson_url,
        lessons=lessons,
        clinic_name=clinic_name,
        group_names=GROUP_NAMES,
        oxford_choices=OXFORD_CHOICES,
        bracing_choices=BRACING_CHOICES,
        length_choices=tuple(HIP_FLEXOR_LENGTH_SCALE),
        first_name_max=FIRST_NAME_MAX_CHARS,
        preset_fragment=preset_fragment,
        preset_json=Markup(static.json_for_script(preset_fragment)),
        profile_name=profile_name,
        save_url=save_url,
        rules_json=Markup(static.json_for_script(patient_rules())),
        patient_js=Markup(static.asset_text("patient.js")),
    )


def profile_fragment(profile: Profile | None) -> str:
    """A profile's values as a lesson address fragment (``clinic --profile``)."""
    return urlencode(session.patient_query(profile)) if profile is not None else ""


class LandingHandler(_PageHandler):
    """The lesson list and the patient form: one page, made once, the same for everyone."""

    def get(self):
        settings = self.app_settings
        if "pages" in settings:
            settings["pages"].start()  # on Binder: the lessons are made while this is read
        if "page" not in settings:
            profile_file: Profile | None = settings.get("profile")
            settings["page"] = landing_html(
                discover_lessons(settings["notebooks_dir"]),
                settings["lesson_url"],
                self.home_url,
                clinic_name=settings.get("clinic_name") or "",
                preset_fragment=profile_fragment(profile_file),
                profile_name=Path(profile_file.source).name if profile_file else "",
                save_url=self.home_url + "profile.toml",
            )
        self.finish(settings["page"])


class ProfileFileHandler(_PageHandler):
    """ "Save as a profile file": the browser downloads it and asks the clinician where."""

    def get(self):
        fields = {k: v for k, v in self.query_fields().items() if k != "large"}
        try:
            patient = session.patient_from_query(fields)
        except InputError as problem:
            self.set_status(400)
            self.finish(message_page(self.home_url, "Please check the values", str(problem)))
            return
        if patient is None:
            self.set_status(400)
            self.finish(
                message_page(
                    self.home_url,
                    "Nothing to save yet",
                    "Fill in at least one value in the form, then save.",
                )
            )
            return
        name = re.sub(r"[^A-Za-z0-9]+", "-", patient.first_name or "").strip("-").lower()
        self.set_header("Content-Type", "application/toml; charset=utf-8")
        self.set_header(
            "Content-Disposition",
            f'attachment; filename="{name or "patient"}-profile.toml"',
        )
        self.finish(profile_toml(patient.profile))


class NotFoundHandler(_PageHandler):
    """Any address we do not know: a friendly page, status 404."""

    def prepare(self):
        self.set_status(404)
        self.finish(
            message_page(
                self.home_url,
                "We could not find that page",
                "The address may have a typing mistake, or the lesson may have moved.",
                "All the lessons are on the lesson list.",
            )
        )


WIDGET_ASSETS = {
    "widgets.js": ("application/javascript; charset=utf-8", static.scripts),
    "widgets.css": ("text/css; charset=utf-8", static.styles),
    # The lesson-page frame (top bar, large text, patient line), shared with live lessons.
    "lesson.css": ("text/css; charset=utf-8", lambda: _lesson_css()),
}


def _lesson_css() -> str:
    from eduwidgets.handout import page_css

    return page_css("lesson.css")


class WidgetAssetHandler(tornado.web.RequestHandler):
    """The widgets' scripts and styles for lesson pages, one file each (see ``static``).

    Lesson pages draw the widgets in the browser (as handouts do), so the page links
    these once; the browser revalidates them on each visit (ETag) and reuses its copy.
    """

    def get(self, name: str):
        if name not in WIDGET_ASSETS:
            raise tornado.web.HTTPError(404)
        content_type, text = WIDGET_ASSETS[name]
        self.set_header("Content-Type", content_type)
        self.set_header("Cache-Control", "no-cache")
        self.set_header("X-Content-Type-Options", "nosniff")
        self.finish(text())


def asset_handlers(base_url: str) -> list[tuple]:
    """Tornado routes for the widget assets, at ``<base_url>eduwidgets/assets/``."""
    return [(base_url.rstrip("/") + ASSET_PATH + r"([a-z]+\.(?:js|css))", WidgetAssetHandler)]


def landing_handlers(base_url: str, app_settings: dict) -> list[tuple]:
    """Tornado routes for the landing page and the profile download, under ``base_url``."""
    prefix = base_url.rstrip("/")
    options = {"app_settings": app_settings}
    return [
        (prefix + r"/?", LandingHandler, options),
        (prefix + r"/profile\.toml", ProfileFileHandler, options),
    ]


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


class LessonPageHandler(_PageHandler):
    """A lesson's page, made once and served from memory (``eduwidgets.clinic.lesson_pages``).

    A lesson that needs a live kernel goes to Voilà (``voila_url(page)``) where Voilà
    runs; where it does not (the clinic started with no such lesson), a clear page says
    how to open it.
    """

    def initialize(self, app_settings: dict):
        super().initialize(app_settings)
        self.pages = app_settings["pages"]

    def set_default_headers(self):
        super().set_default_headers()
        self.set_header("Cache-Control", "no-cache")  # revalidated (ETag), so edits show

    def prepare(self):
        pass  # no cookie: a lesson page keeps nothing

    def _message(self, status: int, title: str, message: str, detail: str = ""):
        self.set_status(status)
        self.finish(message_page(self.home_url, title, message, detail))

    async def get(self, name: str):
        self.pages.start()
        page = await self.pages.page(name)
        if page is None and self.pages.slug_for(name) in self.pages.failed:
            return self._message(*LESSON_FAILED)
        if page is None:
            return self._message(*LESSON_NOT_FOUND)
        if page.needs_kernel and self.app_settings.get("voila_url"):
            return self.redirect(self.app_settings["voila_url"](page))
        if page.needs_kernel:
            return self._message(*LESSON_NEEDS_RESTART)
        self.finish(page.html)


LESSON_NOT_FOUND = (
    404,
    "We could not find that lesson",
    "The address may have a typing mistake, or the lesson may have moved.",
    "All the lessons are on the lesson list.",
)
LESSON_FAILED = (
    500,
    "This lesson could not be prepared",
    "Something in the lesson failed when it was made. The other lessons work. "
    "The clinic's window says what went wrong.",
)
LESSON_NEEDS_RESTART = (
    503,
    "This lesson needs the clinic to start again",
    "This lesson changed while the clinic was running, and now it needs live Python.",
    "Stop the clinic (Ctrl+C in its window) and start it again. Then open this lesson.",
)


def _load_jupyter_server_extension(serverapp):
    """On Binder: the landing page at ``<base>/eduwidgets/`` and the lessons' pages at
    ``<base>/eduwidgets/lessons/<name>``, the same pages as the clinic's; a lesson that
    needs a live kernel opens in Voilà."""
    from eduwidgets.clinic.lesson_pages import LessonPages

    base_url = serverapp.base_url
    root = Path(serverapp.root_dir)
    notebooks_dir = root / "notebooks" if (root / "notebooks").is_dir() else root
    relative = notebooks_dir.relative_to(root).as_posix()
    voila_prefix = base_url + "voila/render/" + (relative + "/" if relative != "." else "")
    home = base_url + "eduwidgets/"
    pages = LessonPages(notebooks_dir, home_href=home, say=serverapp.log.info)
    app_settings = {
        "notebooks_dir": notebooks_dir,
        "home_url": home,
        "lesson_url": lambda lesson: f"{home}lessons/{lesson.slug}",
        "voila_url": lambda page: voila_prefix + page.file,
        "pages": pages,
    }
    handlers = landing_handlers(base_url + "eduwidgets", app_settings) + asset_handlers(base_url)
    handlers.append((home + r"lessons/([^/]+)", LessonPageHandler, {"app_settings": app_settings}))
    serverapp.web_app.add_handlers(".*$", handlers)
    serverapp.log.info("eduwidgets: lesson list at %s", home)

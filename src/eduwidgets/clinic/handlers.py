"""The clinic's own pages as Tornado handlers: the lesson list, "save as a profile
file", the lesson pages, the widget assets and friendly message pages.

The same handlers serve the clinic app (``eduwidgets.clinic.app``) and, on Binder,
the Jupyter server extension (``eduwidgets.clinic``). Every page is the same for
everyone: the patient's values travel in the address fragment, never to the server.
"""

from __future__ import annotations

import inspect
from pathlib import Path

import tornado.web
from tornado.log import app_log

from eduwidgets.clinic import quiet_log
from eduwidgets.clinic.encoded import send_page
from eduwidgets.content import DEFAULT_LANGUAGE, in_language, languages
from eduwidgets.content.pages import message
from eduwidgets.handout.landing import landing_html
from eduwidgets.handout.markup import render
from eduwidgets.handout.page import page_css
from eduwidgets.lessons import discover_lessons
from eduwidgets.patient import session
from eduwidgets.patient.profile import Profile
from eduwidgets.widgets import static

__all__ = [
    "ASSET_PATH",
    "LESSON_FAILED",
    "LESSON_NEEDS_RESTART",
    "LESSON_NOT_FOUND",
    "PAGE_CSP",
    "LessonPageHandler",
    "NotFoundHandler",
    "PlanHandler",
    "asset_handlers",
    "landing_handlers",
    "message_page",
    "named_message_page",
    "profile_fragment",
]

PAGES_DIR = Path(__file__).resolve().parent / "templates"
ASSET_PATH = "/eduwidgets/assets/"
"""Where lesson pages find the widget scripts and styles, under the server's base URL."""

# Our own pages fetch nothing (the policy of every page, widgets.static); as a header it
# can also say that only our own pages may frame them.
PAGE_CSP = static.content_security_policy(form_action="'self'", frame_ancestors="'self'")


def render_page(name: str, **values) -> str:
    """A page of ``clinic/templates/`` (or of ``handout/templates/``: the shell, the list)."""
    return render(name, PAGES_DIR, **values)


def message_page(
    base_url: str, title: str, message: str, detail: str = "", language_links=None
) -> str:
    """A friendly full page for a problem (unknown lesson, busy, bad values), with the
    language switch to each language's lesson list (``language_links``, handout.switch)."""
    return render_page(
        "message.html", base_url=base_url, title=title, message=message, detail=detail,
        language_links=language_links or [],
    )  # fmt: skip


def named_message_page(base_url: str, key: str, language_links=None, **values) -> str:
    """The message page ``[messages.<key>]`` of ``content/pages.toml``."""
    return message_page(base_url, *message(key, **values), language_links=language_links)


class ClinicHandler(tornado.web.RequestHandler):
    """What every address of the clinic shares: strict headers, HEAD as GET without a
    body, the clinic's own page for any error, in the visitor's language, and a log that
    never holds what a patient typed. (The Host check is ``guard_hosts``, for every
    address of the server, Voilà's too.)"""

    def set_default_headers(self):
        self.set_header("Content-Security-Policy", PAGE_CSP)
        self.set_header("Cache-Control", "no-store")
        self.set_header("Referrer-Policy", "no-referrer")
        self.set_header("X-Content-Type-Options", "nosniff")

    async def head(self, *args):
        answer = self.get(*args)  # the same answer without its body (Tornado drops it)
        if inspect.isawaitable(answer):
            await answer

    @property
    def home_url(self) -> str:
        return "/"

    @property
    def language(self) -> str:
        return DEFAULT_LANGUAGE

    @property
    def language_links(self) -> list[dict]:
        """The language switch of this address's message pages (none: no switch)."""
        return []

    def finish_message(self, status_code: int, key: str, **values: str) -> None:
        """A friendly message page of ``content/pages.toml``, in the page's language."""
        self.clear_header("Content-Encoding")
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.set_status(status_code)
        with in_language(self.language):
            self.finish(named_message_page(self.home_url, key, self.language_links, **values))

    def write_error(self, status_code: int, **kwargs):
        self.finish_message(status_code, "error", status=str(status_code))

    def log_exception(self, typ, value, tb):
        # The visitor's page says what went wrong; the log names the address's path only
        # (an HTTPError's own text may quote a value, so it is never logged).
        if not isinstance(value, tornado.web.HTTPError):
            app_log.error(
                "eduwidgets clinic: error on %s %s\n%s",
                self.request.method,
                self.request.path,
                quiet_log.safe_traceback(value),
            )


class _PageHandler(ClinicHandler):
    """Plain pages of our own: strict CSP, no caching of anything about a patient."""

    def initialize(self, app_settings: dict):
        self.app_settings = app_settings

    def prepare(self):
        # Sets the _xsrf cookie: a live (Voilà) lesson sends it back when it closes, to
        # shut its kernel down.
        self.xsrf_token  # noqa: B018

    @property
    def home_url(self) -> str:
        return self.app_settings["home_url"]

    @property
    def language(self) -> str:
        """The language of the lesson list this page belongs to (``/es/...``: Spanish)."""
        return self.app_settings.get("language") or DEFAULT_LANGUAGE

    @property
    def language_links(self) -> list[dict]:
        """Each language's lesson list: where a message page's switch goes."""
        return self.app_settings.get("language_links") or []


class WrongHostHandler(ClinicHandler):
    """A request for a host name that is not this computer's: refused (see ``guard_hosts``)."""

    def prepare(self):
        self.finish_message(400, "error", status="400")


def guard_hosts(application: tornado.web.Application, allowed: frozenset[str] | None) -> None:
    """Answer only requests whose Host header is in ``allowed`` (None: any), at every
    address of ``application``, Voilà's too. Another site's page, pointed at this
    computer by a name it controls (DNS rebinding), would otherwise read the lessons
    and the preset patient."""
    if allowed is None:
        return
    find_handler = application.find_handler

    def find_allowed(request, **kwargs):
        if request.host.lower() not in allowed:
            return application.get_handler_delegate(request, WrongHostHandler)
        return find_handler(request, **kwargs)

    application.find_handler = find_allowed


def profile_fragment(profile: Profile | None) -> dict:
    """A profile as the page's patient object (``clinic --profile``): the page writes it
    into the address itself (``EduWidgets.pageFragment``), in the short form. Without a
    language of its own, the plan takes the page's."""
    if profile is None:
        return {}
    patient = session.page_patient(profile)
    if profile.language is None:
        del patient["language"]
    return patient


class LandingHandler(_PageHandler):
    """The lesson list and the patient form: one page, made once, the same for everyone."""

    def get(self):
        settings = self.app_settings
        revision = None
        if "pages" in settings:
            settings["pages"].start()  # on Binder: the lessons are made while this is read
            revision = settings["pages"].revision  # a lesson added or removed: made again
        if settings.get("page_revision", -1) != revision:
            with in_language(settings.get("language") or DEFAULT_LANGUAGE):
                settings["page"] = self._landing()
            settings["page_revision"] = revision
        send_page(self, settings["page"])

    def _landing(self) -> str:
        settings = self.app_settings
        profile_file: Profile | None = settings.get("profile")
        return landing_html(
            discover_lessons(settings["notebooks_dir"]),
            settings["lesson_url"],
            self.home_url,
            clinic_name=settings.get("clinic_name") or "",
            emergency_number=settings.get("emergency_number") or "",
            preset_fragment=profile_fragment(profile_file),
            profile_name=Path(profile_file.source).name if profile_file else "",
            language_links=settings.get("language_links"),
            send={
                "public_url": settings.get("public_url"),
                "print_href": self.home_url + "plan",
            },
            plan_href=self.home_url + "plan",
        )


class PlanHandler(_PageHandler):
    """The plan's page (``/plan``, ``/es/plan``): made once per language, the same for
    everyone, as a lesson page is; it makes the plan from its address's fragment in the
    browser, so no patient value reaches the server."""

    def prepare(self):
        pass  # no cookie: the plan's page keeps nothing

    def get(self):
        settings = self.app_settings
        if "plan_page" not in settings:
            from eduwidgets.handout.plan import plan_page_html

            # The clinic as its lesson pages show it (LessonPages loads the config once).
            clinic = settings["pages"].clinic
            with in_language(self.language):
                settings["plan_page"] = plan_page_html(
                    clinic,
                    home_href=self.home_url,
                    language_links=settings.get("plan_language_links"),
                    # The plan prints itself; its QR code points at the public site's plan.
                    send={"public_url": settings.get("public_url"), "print_href": ""},
                )
        send_page(self, settings["plan_page"])


class NotFoundHandler(_PageHandler):
    """Any address we do not know: a friendly page, status 404. Under a language's lesson
    list (``/es/...``) in that language; elsewhere in the language the visitor's browser
    prefers (Accept-Language) among those the clinic serves, with the way to its list."""

    def prepare(self):
        if self.language == DEFAULT_LANGUAGE:
            links = self.app_settings.get("language_links") or []
            homes = {self.language: self.home_url} | {x["code"]: x["href"] for x in links}
            chosen = preferred_language(self.request.headers.get("Accept-Language", ""), homes)
            if chosen and chosen != self.language:
                choice = {"language": chosen, "home_url": homes[chosen]}
                self.app_settings = {**self.app_settings, **choice}
        self.finish_message(404, "page_not_found")


def preferred_language(accept_language: str, served) -> str | None:
    """The served language code an Accept-Language header ranks first (None: none)."""
    ranked = []
    for order, item in enumerate(accept_language.split(",")):
        tag, _, parameters = item.strip().partition(";")
        code = tag.strip().lower().split("-")[0]
        try:
            quality = float(parameters.strip().removeprefix("q=")) if parameters.strip() else 1.0
        except ValueError:
            continue
        if code in served and quality > 0:
            ranked.append((-quality, order, code))
    return min(ranked)[2] if ranked else None


WIDGET_ASSETS = {
    "widgets.js": ("application/javascript; charset=utf-8", static.scripts),
    "widgets.css": ("text/css; charset=utf-8", static.styles),
    # The lesson-page frame (top bar, large text, patient line), shared with live lessons.
    "lesson.css": ("text/css; charset=utf-8", lambda: _lesson_css()),
}


def _lesson_css() -> str:
    return page_css("lesson.css")


class WidgetAssetHandler(ClinicHandler):
    """The widgets' scripts and styles for lesson pages, one file each (see ``static``).

    Lesson pages draw the widgets in the browser (as handouts do), so the page links
    these once; the browser revalidates them on each visit (ETag) and reuses its copy.
    """

    asset_language = DEFAULT_LANGUAGE

    @property
    def language(self) -> str:
        return self.asset_language

    def get(self, language: str | None, name: str):
        # The scripts carry the widgets' words: /assets/<code>/widgets.js in a language.
        if (language or DEFAULT_LANGUAGE) in languages():
            self.asset_language = language or DEFAULT_LANGUAGE
        if name not in WIDGET_ASSETS or (language or DEFAULT_LANGUAGE) not in languages():
            return self.finish_message(404, "page_not_found")
        content_type, text = WIDGET_ASSETS[name]
        self.set_header("Content-Type", content_type)
        self.set_header("Cache-Control", "no-cache")
        with in_language(self.asset_language):
            send_page(self, text())


def asset_handlers(base_url: str) -> list[tuple]:
    """Tornado routes for the widget assets, at ``<base_url>eduwidgets/assets/`` (English)
    and ``<base_url>eduwidgets/assets/<code>/`` (the widgets' words in another language)."""
    pattern = base_url.rstrip("/") + ASSET_PATH + r"(?:([a-z]{2,3})/)?([a-z]+\.(?:js|css))"
    return [(pattern, WidgetAssetHandler)]


def landing_handlers(base_url: str, app_settings: dict) -> list[tuple]:
    """Tornado routes for the landing page and the profile download, under ``base_url``."""
    prefix = base_url.rstrip("/")
    options = {"app_settings": app_settings}
    return [
        (prefix + r"/?", LandingHandler, options),
        (prefix + r"/plan", PlanHandler, options),
    ]


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

    async def get(self, name: str):
        self.pages.start()
        page = await self.pages.page(name)
        if page is None and self.pages.unavailable(name):  # failed, or still being made
            return self.finish_message(*LESSON_FAILED)
        if page is None:
            return self.finish_message(*LESSON_NOT_FOUND)
        if page.needs_kernel and self.app_settings.get("voila_url"):
            return self.redirect(self.app_settings["voila_url"](page))
        if page.needs_kernel:
            return self.finish_message(*LESSON_NEEDS_RESTART)
        send_page(self, page.html)


# (status, the message of content/pages.toml) for a lesson that cannot be shown.
LESSON_NOT_FOUND = (404, "lesson_not_found")
LESSON_FAILED = (500, "lesson_failed")
LESSON_NEEDS_RESTART = (503, "lesson_needs_restart")

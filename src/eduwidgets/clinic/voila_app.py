"""The clinic's Voilà: used only when a lesson needs a live kernel.

Imported by ``eduwidgets.clinic.app`` only then: Voilà and Jupyter Server take
about 2.7 s to import on a 2-core PC, which a clinic serving cached pages never pays.

* ``LessonHandler``: a lesson's page from memory, or Voilà when it needs a kernel,
  with at most ``--max-sessions`` live lessons at once (past that a clear "busy" page).
* ``ClinicVoila``: Voilà with our landing page, guarded lesson pages and friendly errors.
"""

from __future__ import annotations

import functools
import os
import re
from typing import TYPE_CHECKING

import tornado.web
from voila.app import Voila
from voila.static_file_handler import TemplateStaticFileHandler
from voila.tornado.contentshandler import VoilaContentsHandler
from voila.tornado.handler import TornadoVoilaHandler
from voila.tornado.treehandler import TornadoVoilaTreeHandler

from eduwidgets import clinic
from eduwidgets.clinic import quiet_log
from eduwidgets.clinic.app import SERVER_LIMITS
from eduwidgets.clinic.encoded import send_page
from eduwidgets.content import in_language

__all__ = ["ClinicVoila"]

if TYPE_CHECKING:
    from eduwidgets.clinic.app import ClinicState


class LessonHandler(TornadoVoilaHandler):
    """A lesson: its page from memory, or Voilà when it needs a live kernel."""

    def initialize(self, **kwargs):
        self.clinic_state: ClinicState = kwargs.pop("clinic_state")
        super().initialize(**kwargs)

    def _message(self, status_code: int, key: str, **values: str):
        """A message page in the language of the lesson asked for (``es/...``: Spanish),
        with the way back to that language's lesson list."""
        pages, _, _ = self.clinic_state.pages_for(self.path_args[0] if self.path_args else "")
        self.clear_header("Content-Encoding")
        self.set_status(status_code)
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        self.set_header("Content-Security-Policy", clinic.PAGE_CSP)
        with in_language(pages.language):
            home = self.clinic_state.home(pages.language)
            self.finish(clinic.named_message_page(home, key, **values))

    def write_error(self, status_code: int, **kwargs):
        # Not Voilà's English error.html: the clinic's own page, in the lesson's language.
        self._message(status_code, "error", status=str(status_code))

    def log_exception(self, typ, value, tb):
        clinic.ClinicHandler.log_exception(self, typ, value, tb)

    async def head(self, path=None):
        """The headers a visit would get; a lesson that needs a kernel starts none."""
        pages, _, name = self.clinic_state.pages_for(path or "")
        page = await pages.page(name)
        if page is None or not page.needs_kernel:
            return await self.get(path)
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.finish()

    @tornado.web.authenticated
    async def get(self, path=None):
        state = self.clinic_state
        pages, folder, name = state.pages_for(path or "")
        page = await pages.page(name)
        if page is None and pages.unavailable(name):  # failed, or still being made
            return self._message(*clinic.LESSON_FAILED)
        if page is None:
            return self._message(*clinic.LESSON_NOT_FOUND)
        if not page.needs_kernel:
            # The same page for everyone: the patient's values are in the address
            # fragment, which the browser keeps to itself and the page applies.
            self.set_header("Content-Type", "text/html; charset=utf-8")
            self.set_header("Cache-Control", "no-cache")
            self.set_header("Referrer-Policy", "no-referrer")
            self.set_header("X-Content-Type-Options", "nosniff")
            # The kit's strict policy, not Jupyter's: this page fetches nothing.
            self.set_header("Content-Security-Policy", clinic.PAGE_CSP)
            return send_page(self, page.html)
        in_use = len(self.kernel_manager.list_kernel_ids()) + state.pending
        if in_use >= state.max_sessions:
            self.set_header("Retry-After", "60")
            return self._message(503, "busy", count=str(state.max_sessions))
        # The _xsrf cookie: Voilà's front end sends it back when the page closes, to
        # shut its kernel down.
        self.xsrf_token  # noqa: B018
        state.pending += 1
        try:
            async for html in self.get_generator(path=folder + page.file):
                self.write(html)
                self.flush()
        finally:
            state.pending -= 1
        self.finish()


class TemplateFileHandler(TemplateStaticFileHandler):
    """Voilà's template files (``voila/templates/<name>/static/<file>``); any other
    address there is the clinic's "not found" page, not a 500 with a traceback."""

    TEMPLATE_FILE = re.compile(r"[^/]+/static/[^/].*")

    def parse_url_path(self, path):
        normal = os.path.normpath(path).replace(os.path.sep, "/")
        if not self.TEMPLATE_FILE.fullmatch(path) or not self.TEMPLATE_FILE.fullmatch(normal):
            raise tornado.web.HTTPError(404)
        return super().parse_url_path(path)

    def write_error(self, status_code: int, **kwargs):
        key = "page_not_found" if status_code == 404 else "error"
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.set_header("Content-Security-Policy", clinic.PAGE_CSP)
        self.finish(clinic.named_message_page("/", key, status=str(status_code)))

    def log_exception(self, typ, value, tb):
        clinic.ClinicHandler.log_exception(self, typ, value, tb)


class ClinicVoila(Voila):
    """Voilà with our landing page, guarded lesson pages and friendly errors."""

    name = "eduwidgets-clinic"
    clinic_state: ClinicState | None = None

    def init_handlers(self):
        state = self.clinic_state
        home = self.server_url  # "/"
        # Another language's lesson that needs a kernel opens at voila/render/<code>/...
        state.voila_render = home + "voila/render/"
        app_settings = state.app_settings(home)
        handlers = []
        for handler in super().init_handlers():
            pattern, handler_class = handler[0], handler[1]
            if handler_class in (TornadoVoilaTreeHandler, VoilaContentsHandler):
                continue  # the landing page replaces Voilà's file tree
            if handler_class is TemplateStaticFileHandler:
                handlers.append((pattern, TemplateFileHandler, *handler[2:]))
                continue
            if handler_class is TornadoVoilaHandler:
                options = {**handler[2], "clinic_state": state}
                handlers.append((pattern, LessonHandler, options))
                handlers.append((home + r"lessons/([^/]+)", LessonHandler, options))
                continue
            handlers.append(handler)
        self.tornado_settings = {
            **self.tornado_settings,
            "default_handler_class": clinic.NotFoundHandler,
            "default_handler_args": {"app_settings": app_settings},
            # No access log: a refused profile-file download address carries
            # patient values.
            "log_function": lambda handler: None,
        }
        self.app.settings.update(self.tornado_settings)
        routes = clinic.landing_handlers(home, app_settings) + clinic.asset_handlers(home)
        return routes + state.translation_routes() + handlers

    def _handle_signal_stop(self, sig, frame):
        # Stop making pages first (their notebooks' kernels shut down with them), then
        # the server; Voilà then shuts every live lesson's kernel down.
        self.ioloop.add_callback_from_signal(self._stop_clinic)

    async def _stop_clinic(self):
        await self.clinic_state.pages.stop()
        self.ioloop.stop()

    def listen(self):
        # Voilà runs its event loop in listen(); the pages are made on that loop.
        from tornado.ioloop import IOLoop

        IOLoop.current().add_callback(self.clinic_state.pages.start)
        quiet_log.install(self.log)
        # Voilà's listen() opens the port with no limits: held connections are let go.
        self.app.listen = functools.partial(self.app.listen, **SERVER_LIMITS)
        clinic.guard_hosts(self.app, self.clinic_state.allowed_hosts)
        super().listen()

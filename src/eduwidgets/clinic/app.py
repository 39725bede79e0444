"""``eduwidgets clinic``: serve the lessons as code-free apps on this computer.

    eduwidgets clinic [--port N] [--profile FILE] [--clinic FILE] [--lan]

What it does, and why:

* One page per lesson, made once: at start every lesson runs with typical values
  through the handout renderer (``eduwidgets.clinic.lesson_pages``, cached on disk) and its
  page is served from memory. A lesson opens with no kernel at all.
* The patient's values travel in the URL fragment (``/lessons/01-extensors#...``),
  which browsers never send to a server: the landing page's form writes it and the
  lesson page applies it itself. Nothing about a patient reaches the server, its log
  or its disk (except a profile file the clinician asks the form to save).
  ``--profile FILE`` presets every lesson (the pages carry it as their default).
* A lesson whose outputs need a live kernel (another library's widget) opens in
  Voilà, in this process, with the ``eduwidgets`` template. Voilà is started only when
  such a lesson exists, or may (a lesson not yet in the page cache); otherwise a plain
  Tornado server serves the pages, and a start from the cache is ready in about a
  second. With Voilà: at most
  ``--max-sessions`` kernels at once (past that a clear "busy" page, HTTP 503),
  kernels idle for 15 minutes with no page open are culled.
* It prints one line per lesson rendered on a cold start, "ready" once every page is
  made, and renders a lesson again when its notebook changes on disk.
* Safe: loopback only unless ``--lan``; Ctrl+C or SIGTERM stop the server and shut
  every kernel down; a port in use or a bad profile is one clear message, exit code 2.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import socket
import sys
from pathlib import Path

from eduwidgets.errors import InputError, has_extra, import_extra

__all__ = ["ClinicState", "add_commands", "language_pages"]

DEFAULT_PORT = 8866
DEFAULT_MAX_SESSIONS = 20
CULL_IDLE_TIMEOUT_S = 900
CULL_INTERVAL_S = 60
LOOPBACK = "127.0.0.1"
LOWEST_PORT = 1024  # below: ports only an administrator may open, kept for system services
# A visitor that sends nothing (or a request slower than this) is let go, so held
# connections cannot pile up; the clinic takes no uploads, so bodies stay small.
SERVER_LIMITS = {"idle_connection_timeout": 10.0, "body_timeout": 10.0, "max_body_size": 64 * 1024}


def allowed_hosts(port: int, lan: bool) -> frozenset[str] | None:
    """The Host headers the clinic answers: this computer's own names with the port,
    unless --lan (None: any, since the network reaches it by whatever name it uses)."""
    if lan:
        return None
    return frozenset(f"{name}:{port}" for name in (LOOPBACK, "localhost", "[::1]"))


def port_is_free(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            return False
    return True


def lan_addresses() -> list[str]:
    """This computer's addresses on the local network (best effort, no traffic sent)."""
    addresses = set()
    try:
        for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET):
            addresses.add(info[4][0])
    except OSError:
        pass
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("192.0.2.1", 9))  # TEST-NET address: picks a route, sends nothing
            addresses.add(probe.getsockname()[0])
    except OSError:
        pass
    return sorted(a for a in addresses if not a.startswith("127."))


class ClinicState:
    """What the clinic's handlers share: the lesson pages, the session bound, the profile.

    ``pages`` are the English lessons; ``translations`` the same lessons in another
    language (``notebooks/<code>/``), served under ``<home_root><code>/``.
    ``voila_render`` is the address of Voilà's page for the lessons folder, where a
    lesson that needs a live kernel opens (None: Voilà is not running).
    """

    def __init__(
        self, notebooks_dir: Path, max_sessions: int, pages, profile=None, clinic=None,
        translations: dict | None = None, home_root: str = "/",
    ):  # fmt: skip
        self.notebooks_dir = notebooks_dir
        self.max_sessions = max_sessions
        self.pages = pages  # eduwidgets.clinic.lesson_pages.LessonPages
        self.translations = translations or {}  # language code -> LessonPages
        self.profile = profile
        self.clinic = clinic  # the --clinic ClinicConfig, or None
        self.home_root = home_root
        self.voila_render: str | None = None
        self.pending = 0  # live lesson requests between the capacity check and their kernel
        self.allowed_hosts: frozenset[str] | None = None  # Host headers answered (None: any)

    def home(self, language: str = "en") -> str:
        if language not in self.translations:
            return self.home_root
        return f"{self.home_root}{language}/"

    def pages_for(self, path: str) -> tuple:
        """(the lessons of a path's language, its folder, the rest): "es/01-x.ipynb" is
        (the Spanish lessons, "es/", "01-x.ipynb")."""
        folder, _, rest = path.partition("/")
        if rest and folder in self.translations:
            return self.translations[folder], folder + "/", rest
        return self.pages, "", path

    def _voila_url(self, language: str):
        if self.voila_render is None:
            return None
        folder = f"{language}/" if language in self.translations else ""
        return lambda page: f"{self.voila_render}{folder}{page.file}"

    def language_links(self, page: str = "") -> list[dict]:
        """The language switch (``handout.switch``) of a page every language the clinic
        serves has, under each language's home: the lesson list (``page`` ""), the plan
        ("plan"); empty when it serves one language. The template marks the page's own."""
        from eduwidgets.handout.switch import switch_links

        served = ["en", *self.translations]
        if len(served) < 2:
            return []
        return switch_links(lambda code: self.home(code) + page if code in served else None)

    def app_settings(self, home: str, language: str = "en") -> dict:
        """What the page handlers read: the addresses, the preset patient, the pages.

        ``voila_url``: where a lesson that needs a kernel opens; None without Voilà (its
        page then says to start the clinic again).
        """
        pages = self.translations.get(language, self.pages)
        return {
            "notebooks_dir": pages.notebooks_dir,
            "home_url": home,
            "lesson_url": lambda lesson: f"{home}lessons/{lesson.slug}",
            "profile": self.profile,
            "clinic_name": (self.clinic.name if self.clinic else None) or "",
            "emergency_number": self.clinic.emergency_number if self.clinic else "",
            # The public lesson site, for the send dialog's QR code (None: not set).
            "public_url": self.clinic.public_url if self.clinic else None,
            "pages": pages,
            "voila_url": self._voila_url(language),
            "language": language,
            "language_links": self.language_links(),
            "plan_language_links": self.language_links("plan"),
        }

    def lesson_list_routes(self, language: str = "en", not_found: bool = False) -> list[tuple]:
        """A language's lesson list (with the profile download) and its lesson pages,
        under ``home(language)``; with ``not_found``, any other address there is the
        friendly "not found" page, in that language."""
        from eduwidgets import clinic

        home = self.home(language)
        options = {"app_settings": self.app_settings(home, language)}
        routes = [
            *clinic.landing_handlers(home, options["app_settings"]),
            (home + r"lessons/([^/]+)", clinic.LessonPageHandler, options),
        ]
        if not_found:
            routes.append((home + r".*", clinic.NotFoundHandler, options))
        return routes

    def translation_routes(self) -> list[tuple]:
        """The lesson list and lesson pages of every other language, under ``/<code>/``."""
        return [
            route
            for language in self.translations
            for route in self.lesson_list_routes(language, not_found=True)
        ]


def language_pages(notebooks_dir: Path, home_root: str, **options) -> tuple:
    """The English lessons of a folder and, for each other language with lessons in
    ``<folder>/<code>/``, its lessons: (pages, {code: pages}). ``options`` go to each
    ``LessonPages``."""
    from eduwidgets.clinic.lesson_pages import LessonPages
    from eduwidgets.content import DEFAULT_LANGUAGE, languages
    from eduwidgets.lessons import LESSON_GLOB

    translations = {
        code: LessonPages(
            notebooks_dir / code, home_href=f"{home_root}{code}/", language=code, **options
        )
        for code in languages()
        if code != DEFAULT_LANGUAGE and any((notebooks_dir / code).glob(LESSON_GLOB))
    }
    others = list(translations.values())
    return LessonPages(notebooks_dir, home_href=home_root, others=others, **options), translations


def _pages_application(state: ClinicState):
    """The clinic without Voilà: the landing page, the lesson pages and their assets.

    Used when no lesson needs a live kernel (known from the page cache), so a start
    does not pay for importing Voilà and Jupyter Server (about 2.7 s on a 2-core PC).
    """
    import tornado.web

    from eduwidgets import clinic

    home = state.home()
    options = {"app_settings": state.app_settings(home)}
    # The addresses of a Voilà-served clinic, so old links and bookmarks still work.
    old_addresses = [(home + r"voila/render/([^/]+)", clinic.LessonPageHandler, options)]
    routes = state.lesson_list_routes() + old_addresses + clinic.asset_handlers(home)
    application = tornado.web.Application(
        routes + state.translation_routes(),
        default_handler_class=clinic.NotFoundHandler,
        default_handler_args=options,
        # No access log: a refused profile-file download address carries patient values.
        log_function=lambda handler: None,
    )
    clinic.guard_hosts(application, state.allowed_hosts)
    return application


async def _serve_pages(state: ClinicState, host: str, port: int) -> None:
    """Serve until SIGINT or SIGTERM, then stop rendering and close the port."""
    server = _pages_application(state).listen(port, address=host, **SERVER_LIMITS)
    stopped = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signal_number in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signal_number, stopped.set)
    state.pages.start()
    await stopped.wait()
    await state.pages.stop()
    server.stop()


# Installed JupyterLab extensions the lessons do not use (plotly's 4 MB bundle among them);
# loading them slows every lesson's first paint.
UNUSED_EXTENSIONS = ("jupyterlab-plotly", "@voila-dashboards/jupyterlab-preview")


def clinic_config(args: argparse.Namespace, host: str):
    """The traitlets configuration of the clinic's Voilà."""
    from traitlets.config import Config

    from eduwidgets.clinic import voila_resources

    config = Config()
    config.Voila.ip = host
    config.Voila.port = args.port
    config.Voila.port_retries = 0
    config.Voila.open_browser = False
    config.Voila.root_dir = str(Path(args.notebooks).resolve())
    config.Voila.log_level = "ERROR"
    # Kernels talk over Unix sockets, not TCP ports, on this computer only.
    config.KernelManager.transport = "ipc"
    config.VoilaConfiguration.template = "eduwidgets"
    config.VoilaConfiguration.theme = "light"
    config.VoilaConfiguration.strip_sources = True
    config.VoilaConfiguration.show_tracebacks = False
    config.VoilaConfiguration.extension_denylist = list(UNUSED_EXTENSIONS)
    config.VoilaConfiguration.resources = voila_resources(home="")
    config.MappingKernelManager.cull_idle_timeout = CULL_IDLE_TIMEOUT_S
    config.MappingKernelManager.cull_interval = CULL_INTERVAL_S
    config.MappingKernelManager.cull_connected = False
    # A kernel that does not answer a shutdown request is killed after 2 s.
    config.KernelManager.shutdown_wait_time = 2.0
    return config


def _check_args(args: argparse.Namespace) -> Path:
    """The lessons folder; InputError for a value the clinic cannot use."""
    notebooks_dir = Path(args.notebooks).resolve()
    if not notebooks_dir.is_dir():
        raise InputError(f"--notebooks {args.notebooks!r} is not a folder of lessons.")
    if not LOWEST_PORT <= args.port <= 65535:
        raise InputError(f"--port {args.port} is not allowed; allowed: {LOWEST_PORT} to 65535.")
    if args.lan and args.profile:
        # Every page would carry this patient's values to anyone on the network.
        raise InputError(
            "--profile cannot be used with --lan: every lesson page would show the "
            "patient's values to anyone on the network. Use --profile without --lan, or "
            "with --lan fill in the patient form on the device the patient uses."
        )
    if args.max_sessions < 1:
        raise InputError(f"--max-sessions {args.max_sessions} is not allowed; allowed: 1 or more.")
    return notebooks_dir


def _load_profile_and_clinic(args: argparse.Namespace):
    """The ``--profile`` and the ``--clinic`` config (or None), both also handed to the
    lessons' kernels through the environment; InputError names a bad file."""
    from eduwidgets.patient.profile import PROFILE_ENV, load_profile

    profile = None
    if args.profile:
        profile = load_profile(args.profile)  # InputError: the plan command's message, exit 2
        os.environ[PROFILE_ENV] = str(Path(args.profile).resolve())
    clinic = None
    if args.clinic:
        from eduwidgets.patient.config import CLINIC_CONFIG_ENV, load_clinic_config

        clinic = load_clinic_config(args.clinic)
        os.environ[CLINIC_CONFIG_ENV] = str(Path(args.clinic).resolve())
    return profile, clinic


def _voila_app(state: ClinicState, args: argparse.Namespace, host: str):
    """The clinic's Voilà, ready to start (Voilà is imported here, and only here)."""
    import_extra("voila", "kernel", "A lesson that needs a live kernel (Voilà)")
    from eduwidgets.clinic.voila_app import ClinicVoila

    app = ClinicVoila(config=clinic_config(args, host))
    app.clinic_state = state
    app.initialize([])
    # Voilà stops on SIGTERM; make SIGINT (Ctrl+C) take the same clean path.
    signal.signal(signal.SIGINT, app._handle_signal_stop)
    return app


def _announce(args: argparse.Namespace, lesson_count: int) -> None:
    """What the clinic serves, where, and (with --lan) what that exposes."""
    if args.lan:
        where = ", ".join(f"http://{a}:{args.port}/" for a in lan_addresses()) or "this computer"
        print(
            "eduwidgets clinic: serving to the local network (--lan) at "
            f"{where}.\n  Anyone who can reach this computer on port {args.port} can open "
            "the lessons, and a lesson with a live widget runs Python on this computer. There is "
            "no password and no encryption (plain HTTP). Patient values stay in the browser "
            "(the address after '#'), except a profile file the clinician saves. Use --lan "
            "only on a network you trust.",
            flush=True,
        )
    if args.profile:
        print(f"eduwidgets clinic: lessons start from the profile {args.profile}", flush=True)
    print(
        f"eduwidgets clinic: {lesson_count} lesson{'' if lesson_count == 1 else 's'} at "
        f"http://{LOOPBACK}:{args.port}/ "
        "(Ctrl+C to stop)",
        flush=True,
    )


def run_clinic(args: argparse.Namespace) -> int:
    notebooks_dir = _check_args(args)
    from eduwidgets import clinic
    from eduwidgets.clinic import quiet_log

    profile, clinic_config = _load_profile_and_clinic(args)
    host = "0.0.0.0" if args.lan else LOOPBACK
    if not port_is_free(host, args.port):
        print(
            f"eduwidgets: --port {args.port} is already in use on {host}. Stop the other "
            "program, or choose a free port from 1024 to 65535 with --port.",
            file=sys.stderr,
        )
        return 2
    # Voilà finds templates in Jupyter data directories; ours comes first.
    os.environ["JUPYTER_PATH"] = os.pathsep.join(
        p for p in (str(clinic.DATA_DIR), os.environ.get("JUPYTER_PATH", "")) if p
    )
    options = {
        "clinic_config": args.clinic,
        "preset_fragment": clinic.profile_fragment(profile),
        "cache_dir": args.cache_dir,
    }
    pages, translations = language_pages(notebooks_dir, "/", **options)
    state = ClinicState(
        notebooks_dir, args.max_sessions, pages, profile, clinic_config, translations
    )
    state.allowed_hosts = allowed_hosts(args.port, args.lan)
    quiet_log.install()
    # Voilà only when a lesson needs a live kernel, or may (a lesson not yet rendered)
    # and Voilà (the "kernel" extra) is installed; a lesson known to need it says so.
    needs_kernel = pages.cached_needs_kernel()
    wanted = needs_kernel is True or (needs_kernel is None and has_extra("voila"))
    app = _voila_app(state, args, host) if wanted else None
    _announce(args, len(clinic.discover_lessons(notebooks_dir)))
    try:
        if app is None:
            asyncio.run(_serve_pages(state, host, args.port))
        else:
            app.start()  # returns after SIGINT or SIGTERM, once every kernel is shut down
    except KeyboardInterrupt:
        pass
    print("eduwidgets clinic: stopped; every lesson kernel is shut down.", flush=True)
    return 0


def add_commands(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "clinic",
        help="serve the lessons as code-free apps on this computer",
        description="Serve the lessons on this computer, loopback only unless --lan.",
    )
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help="port (default 8866)")
    parser.add_argument(
        "--profile", help="a patient profile (TOML, as for 'eduwidgets plan'): lessons start there"
    )
    parser.add_argument(
        "--clinic",
        help="a clinic config (TOML): name, phone number, and public_url (for Send to phone)",
    )
    parser.add_argument(
        "--lan",
        action="store_true",
        help="also serve to the local network (off by default; prints what it exposes)",
    )
    parser.add_argument("--notebooks", default="notebooks", help="folder of lessons")
    parser.add_argument(
        "--max-sessions",
        type=int,
        default=DEFAULT_MAX_SESSIONS,
        help="live-kernel lessons open at once before visitors see a 'busy' page "
        f"(default {DEFAULT_MAX_SESSIONS})",
    )
    parser.add_argument(
        "--cache-dir",
        default=None,
        help="where rendered lesson pages are kept (default ~/.cache/eduwidgets/pages, "
        "or $EDUWIDGETS_CACHE_DIR)",
    )
    parser.set_defaults(run=run_clinic)

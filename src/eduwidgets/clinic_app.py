"""``eduwidgets clinic``: serve the lessons as code-free apps on this computer (Voilà).

    eduwidgets clinic [--port N] [--profile FILE] [--clinic FILE] [--lan]

What it does, and why:

* Voilà in this process, with the ``eduwidgets`` template (no code, no CDN, larger
  text one click away) and a landing page of our own at ``/`` that lists the lessons
  and holds the patient form (``eduwidgets.clinic``).
* Fast: every lesson keeps pre-heated kernels (Voilà's ``preheat_kernel``): the
  notebook already ran when a visitor arrives, up to the first widget that asks for
  the patient (``eduwidgets.session.current_patient``), which waits for the request.
  The page then draws its widgets itself and gives its kernel back at once
  (docs/runtimes.md); the clinic prints "ready" once every lesson is prepared.
* Bounded: at most ``--max-sessions`` lesson kernels at once; past that a visitor gets
  a clear "busy" page (HTTP 503) at once, not a hang. Only pages with another
  library's widgets keep a kernel: those idle for 15 minutes with no page open are
  culled, and closing the tab shuts the kernel down.
* Safe: loopback only unless ``--lan``; Ctrl+C or SIGTERM stop the server and shut
  every kernel down; a port in use or a bad profile is one clear message, exit code 2.
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import socket
import sys
import time
from pathlib import Path

from eduwidgets.errors import InputError

DEFAULT_PORT = 8866
DEFAULT_MAX_SESSIONS = 20
DEFAULT_POOL_SIZE = 1
REFILL_DELAY_S = 2.0
READY_POLL_S = 0.25
CULL_IDLE_TIMEOUT_S = 900
CULL_INTERVAL_S = 60
LOOPBACK = "127.0.0.1"


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
    """What the clinic's handlers share: the lessons folder, the bound, the profile."""

    def __init__(self, notebooks_dir: Path, max_sessions: int, profile=None, clinic_name=""):
        self.notebooks_dir = notebooks_dir
        self.max_sessions = max_sessions
        self.profile = profile
        self.clinic_name = clinic_name
        self.pending = 0  # lesson requests between the capacity check and their kernel

    def find(self, path: str | None):
        """The lesson for a URL path ("01-extensors" or "01-extensors.ipynb"), or None."""
        from eduwidgets.clinic import discover_lessons

        name = (path or "").strip("/")
        for lesson in discover_lessons(self.notebooks_dir):
            if name in (lesson.file, lesson.slug):
                return lesson
        return None


def pool_state(kernel_manager) -> tuple[list[dict], int]:
    """Voilà's pre-heat pools: the kernels started (Voilà's items: ``kernel_id``, the
    render ``task``), and how many are still starting. A pool task that failed counts in
    neither: its lesson's visitors get Voilà's error page."""
    started, starting = [], 0
    for pool in getattr(kernel_manager, "_pools", {}).values():
        for task in pool:
            if not task.done():
                starting += 1
            elif not task.cancelled() and task.exception() is None:
                started.append(task.result())
    return started, starting


def sessions_in_use(kernel_manager) -> int:
    """Kernels serving a visitor: every kernel minus those waiting in a pre-heat pool."""
    started, starting = pool_state(kernel_manager)  # a starting refill may already be listed
    pooled = {item["kernel_id"] for item in started}
    return max(0, len(set(kernel_manager.list_kernel_ids()) - pooled) - starting)


def pools_ready(kernel_manager) -> bool:
    """True once every pre-heated kernel has run its lesson as far as it can.

    That is: up to the first widget that asks for the patient (the kernel then waits
    on Voilà's request socket, ``eduwidgets.session``), or to the end of the lesson.
    """
    from voila.request_info_handler import RequestInfoSocketHandler

    started, starting = pool_state(kernel_manager)
    waiting = RequestInfoSocketHandler._waiters
    return starting == 0 and all(
        item["kernel_id"] in waiting or item["task"].done() for item in started
    )


async def announce_when_ready(kernel_manager, lesson_count: int, started_s: float) -> None:
    """Say when every lesson opens from a ready kernel (the first seconds after a start)."""
    import asyncio

    while not pools_ready(kernel_manager):
        await asyncio.sleep(READY_POLL_S)
    print(
        f"eduwidgets clinic: ready; every lesson opens at once "
        f"({lesson_count} prepared in {time.monotonic() - started_s:.1f} s)",
        flush=True,
    )


# The lesson template's request to give a page's kernel back (static pages only).
RELEASED_KERNEL = re.compile(r"voila/api/shutdown/([0-9a-f-]{36})")


async def shut_down_quietly(kernel_manager, kernel_id: str) -> None:
    """Stop a kernel at once if it is still there (the page and the server may both ask).

    At once (``now=True``: a kill, no shutdown request): the kernel holds nothing to
    save, and a Python kernel that exits politely spends about 0.45 s of CPU tidying
    up, which on two cores slows the pages of everyone else arriving at that moment.
    """
    if kernel_id not in kernel_manager:
        return
    try:
        await kernel_manager.shutdown_kernel(kernel_id, now=True)
    except (KeyError, RuntimeError):  # the other request got there first
        pass


def share_compiled_templates() -> None:
    """Compile Voilà's page templates once per server, not once per kernel.

    Voilà gives every kernel it starts its own exporter and Jinja environment, which
    parses and compiles the whole template tree again: about 1 s of the server's one
    thread, during which every page it is streaming stalls. With a pool refilling after
    each visitor, six visitors at once waited 5 to 8 s for pages their kernels had
    ready. Jinja's bytecode cache keeps the compiled code, keyed by template and
    checked against the template's source, so an edited template still recompiles.
    """
    import jinja2
    from voila.exporter import VoilaExporter

    if getattr(VoilaExporter, "_eduwidgets_shared_cache", None):
        return

    class MemoryBytecodeCache(jinja2.BytecodeCache):
        def __init__(self):
            self.compiled: dict[str, bytes] = {}

        def load_bytecode(self, bucket):
            if bucket.key in self.compiled:
                bucket.bytecode_from_string(self.compiled[bucket.key])

        def dump_bytecode(self, bucket):
            self.compiled[bucket.key] = bucket.bytecode_to_string()

    cache = MemoryBytecodeCache()
    create_environment = VoilaExporter._create_environment

    def _create_environment(self):
        environment = create_environment(self)
        environment.bytecode_cache = cache
        return environment

    VoilaExporter._create_environment = _create_environment
    VoilaExporter._eduwidgets_shared_cache = cache


def _voila_classes():
    """Voilà's classes, imported only when the clinic starts (it is a heavy import)."""
    import tornado.web
    from voila.app import Voila
    from voila.shutdown_kernel_handler import VoilaShutdownKernelHandler
    from voila.tornado.contentshandler import VoilaContentsHandler
    from voila.tornado.handler import TornadoVoilaHandler
    from voila.tornado.treehandler import TornadoVoilaTreeHandler

    from eduwidgets import clinic, session

    class LessonHandler(TornadoVoilaHandler):
        """Voilà's notebook page, behind three checks: known lesson, good values, room."""

        def initialize(self, **kwargs):
            self.clinic_state: ClinicState = kwargs.pop("clinic_state")
            super().initialize(**kwargs)

        def _message(self, status: int, title: str, message: str, detail: str = ""):
            self.set_status(status)
            self.set_header("Content-Type", "text/html; charset=utf-8")
            self.set_header("Cache-Control", "no-store")
            self.finish(clinic.message_page(self.base_url, title, message, detail))

        @tornado.web.authenticated
        async def get(self, path=None):
            state = self.clinic_state
            lesson = state.find(path)
            if lesson is None:
                return self._message(
                    404,
                    "We could not find that lesson",
                    "The address may have a typing mistake, or the lesson may have moved.",
                    "All the lessons are on the lesson list.",
                )
            try:
                session.patient_from_query(self.request.query)
            except InputError as problem:
                return self._message(
                    400,
                    "Please check the patient's values",
                    str(problem),
                    "Go back to the lesson list and use the form for the clinician.",
                )
            in_use = sessions_in_use(self.kernel_manager) + state.pending
            if in_use >= state.max_sessions:
                self.set_header("Retry-After", "60")
                return self._message(
                    503,
                    "The lessons are busy right now",
                    f"{state.max_sessions} lessons are open at the moment, which is as many as "
                    "this computer serves at once.",
                    "Close a lesson you have finished with, or wait a minute and try again.",
                )
            # The _xsrf cookie: a lesson page sends it back when it gives its kernel up.
            self.xsrf_token  # noqa: B018
            state.pending += 1
            released = None
            try:
                async for html in self.get_generator(path=lesson.file):
                    self.write(html)
                    self.flush()
                    released = RELEASED_KERNEL.search(html) or released
            finally:
                state.pending -= 1
            self.finish()  # the page is complete for the browser before the kernel goes
            if released:
                # The page is whole and asks for its kernel to be given back (its script
                # does so too, but a visitor whose browser never runs it must not hold one).
                await shut_down_quietly(self.kernel_manager, released.group(1))

    class QuietShutdownHandler(VoilaShutdownKernelHandler):
        """Voilà's "give my kernel back" beacon; a kernel already gone is not an error."""

        @tornado.web.authenticated
        async def post(self, kernel_id):
            await shut_down_quietly(self.kernel_manager, kernel_id)
            self.set_status(204)
            self.finish()

    class ClinicVoila(Voila):
        """Voilà with our landing page, guarded lesson pages and friendly errors."""

        name = "eduwidgets-clinic"
        clinic_state: ClinicState | None = None

        def init_handlers(self):
            state = self.clinic_state
            home = self.server_url  # "/"
            app_settings = {
                "notebooks_dir": state.notebooks_dir,
                "home_url": home,
                "lesson_url": lambda lesson: f"{home}lessons/{lesson.slug}",
                "profile": state.profile,
                "clinic_name": state.clinic_name,
            }
            handlers = []
            for handler in super().init_handlers():
                pattern, handler_class = handler[0], handler[1]
                if handler_class in (TornadoVoilaTreeHandler, VoilaContentsHandler):
                    continue  # the landing page replaces Voilà's file tree
                if handler_class is VoilaShutdownKernelHandler:
                    handlers.append((pattern, QuietShutdownHandler))
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
            }
            self.app.settings.update(self.tornado_settings)
            return (
                clinic.landing_handlers(home, app_settings) + clinic.asset_handlers(home) + handlers
            )

        def listen(self):
            # Voilà made the kernel manager and its pools in start(); listen() runs the loop.
            if self.voila_configuration.preheat_kernel:
                from tornado.ioloop import IOLoop

                lesson_count = len(clinic.discover_lessons(self.clinic_state.notebooks_dir))
                IOLoop.current().add_callback(
                    announce_when_ready, self.kernel_manager, lesson_count, time.monotonic()
                )
            super().listen()

    return ClinicVoila


# Installed JupyterLab extensions the lessons do not use (plotly's 4 MB bundle among them);
# loading them slows every lesson's first paint.
UNUSED_EXTENSIONS = ("jupyterlab-plotly", "@voila-dashboards/jupyterlab-preview")


def clinic_config(args: argparse.Namespace, host: str):
    """The traitlets configuration of the clinic's Voilà."""
    from traitlets.config import Config

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
    config.VoilaConfiguration.preheat_kernel = args.pool_size > 0
    config.VoilaConfiguration.default_pool_size = args.pool_size
    # Refill a pool 2 s after a visitor takes a kernel. A page from a ready kernel is out
    # in about 0.5 s and then needs nothing here (it draws itself); starting a kernel costs
    # about 1.7 s of CPU, so an earlier refill slows the pages of others arriving at once
    # (six at once: 2-3 s at a 0.5 s delay, all under 0.65 s at 2 s).
    config.VoilaKernelManager.fill_delay = REFILL_DELAY_S
    config.MappingKernelManager.cull_idle_timeout = CULL_IDLE_TIMEOUT_S
    config.MappingKernelManager.cull_interval = CULL_INTERVAL_S
    config.MappingKernelManager.cull_connected = False
    # A kernel that does not answer a shutdown request is killed after 2 s.
    config.KernelManager.shutdown_wait_time = 2.0
    return config


def run_clinic(args: argparse.Namespace) -> int:
    notebooks_dir = Path(args.notebooks).resolve()
    if not notebooks_dir.is_dir():
        raise InputError(f"--notebooks {args.notebooks!r} is not a folder of lessons.")
    if not 1 <= args.port <= 65535:
        raise InputError(f"--port {args.port} is not allowed; allowed: 1024 to 65535.")
    if args.max_sessions < 1:
        raise InputError(f"--max-sessions {args.max_sessions} is not allowed; allowed: 1 or more.")
    if not 0 <= args.pool_size <= 4:
        raise InputError(f"--pool-size {args.pool_size} is not allowed; allowed: 0 to 4.")

    from eduwidgets import clinic
    from eduwidgets.profile import PROFILE_ENV, load_profile

    profile = None
    if args.profile:
        profile = load_profile(args.profile)  # InputError: the plan command's message, exit 2
        os.environ[PROFILE_ENV] = str(Path(args.profile).resolve())
    clinic_name = ""
    if args.clinic:
        from eduwidgets.config import CLINIC_CONFIG_ENV, load_clinic_config

        clinic_name = load_clinic_config(args.clinic).name or ""
        os.environ[CLINIC_CONFIG_ENV] = str(Path(args.clinic).resolve())

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
    ClinicVoila = _voila_classes()
    share_compiled_templates()
    app = ClinicVoila(config=clinic_config(args, host))
    app.clinic_state = ClinicState(notebooks_dir, args.max_sessions, profile, clinic_name)
    app.initialize([])
    # Voilà stops on SIGTERM; make SIGINT (Ctrl+C) take the same clean path.
    signal.signal(signal.SIGINT, app._handle_signal_stop)

    lessons = clinic.discover_lessons(notebooks_dir)
    if args.lan:
        where = ", ".join(f"http://{a}:{args.port}/" for a in lan_addresses()) or "this computer"
        print(
            "eduwidgets clinic: serving to the local network (--lan) at "
            f"{where}.\n  Anyone who can reach this computer on port {args.port} can open "
            "the lessons, and each lesson runs Python on this computer. There is no password "
            "and no encryption (plain HTTP): patient values typed in the form travel in the "
            "page address. Use --lan only on a network you trust.",
            flush=True,
        )
    if profile is not None:
        print(f"eduwidgets clinic: lessons start from the profile {args.profile}", flush=True)
    print(
        f"eduwidgets clinic: {len(lessons)} lesson{'' if len(lessons) == 1 else 's'} at "
        f"http://{LOOPBACK}:{args.port}/ "
        "(Ctrl+C to stop)",
        flush=True,
    )
    try:
        app.start()  # returns after SIGINT or SIGTERM, once every kernel is shut down
    except KeyboardInterrupt:
        pass
    print("eduwidgets clinic: stopped; every lesson kernel is shut down.", flush=True)
    return 0


def add_commands(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "clinic",
        help="serve the lessons as code-free apps on this computer",
        description="Serve the lessons on this computer (Voilà), loopback only unless --lan.",
    )
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help="port (default 8866)")
    parser.add_argument(
        "--profile", help="a patient profile (TOML, as for 'eduwidgets plan'): lessons start there"
    )
    parser.add_argument("--clinic", help="a clinic config (TOML): name and phone number")
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
        help="lessons open at once before visitors see a 'busy' page "
        f"(default {DEFAULT_MAX_SESSIONS})",
    )
    parser.add_argument(
        "--pool-size",
        type=int,
        default=DEFAULT_POOL_SIZE,
        help="pre-heated kernels kept ready per lesson, 0 to 4 (default 1)",
    )
    parser.set_defaults(run=run_clinic)

"""Shared fixtures: the repository's paths, the real sites and clinic (built once per
run), and a real Chromium driven by Playwright.

Marks come from the fixtures a test uses (``pytest_collection_modifyitems``), so a new
test that opens a browser or reads a built site is marked without anyone remembering:
``python3 dev.py test --fast`` (``-m "not slow and not browser"``) leaves it out.

``python3 dev.py test`` runs two pytest-xdist workers (``-n 2 --dist loadfile``, the
slow files first: ``slow_files_first``): each test file runs whole in one worker, so a
module's server or site is made once. A session site or notebook run is made once
per run, whichever worker asks first (``made_once``, a file lock in the run's shared
temporary folder); a session server (``spanish_clinic``) starts at most once per worker,
the second from the page cache the first filled."""

from __future__ import annotations

import contextlib
import fcntl
import functools
import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import settings

from eduwidgets.handout.browser import launch, missing_chromium_message

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS_DIR = ROOT / "notebooks"

# Property tests (hypothesis) have no deadline: its default, 200 ms of wall clock per
# example, is a timing test, and failed five of test_model's properties with the two
# cores shared (DeadlineExceeded, 5.5 s of CPU for the whole file). Speed goals live in
# benchmarks/; the properties check values only.
settings.register_profile("eduwidgets", deadline=None)
settings.load_profile("eduwidgets")


# ``python -m eduwidgets.cli ARGS`` with two things a user never sees: each notebook the
# export's first step ran (pipeline.execute_notebook_async) is also written, outputs and
# all, to the folder given first; and, when a page cache and a language follow, each
# lesson made is also kept there as a clinic keeps it (clinic/lesson_pages.py _keep: the
# same record under the same key, for a clinic with no config). The CLI, the kernels and
# the pages are the real ones; executed_notebook then reads these runs, and the clinics
# these pages, instead of running the same lessons again.
CLI_KEEPING_RUNS = """
import sys
from pathlib import Path

import nbformat

from eduwidgets import cli
from eduwidgets.clinic.lesson_pages import LessonPages
from eduwidgets.handout import pipeline

runs, page_cache, language = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
execute, export = pipeline.execute_notebook_async, pipeline.export_lesson


async def execute_and_keep(path, env):
    notebook = await execute(path, env)
    nbformat.write(notebook, runs / Path(path).name)
    return notebook


async def export_and_cache(path, clinic, env, kernels):
    lesson = await export(path, clinic, env, kernels)
    if page_cache:
        path = Path(path)
        pages = LessonPages(path.parent, "/", cache_dir=page_cache, language=language)
        pages._keep(path, pages._key(path), lesson)
    return lesson


pipeline.execute_notebook_async = execute_and_keep
pipeline.export_lesson = export_and_cache
sys.exit(cli.main(sys.argv[4:]))
"""


def run_cli_keeping_runs(
    runs: Path, *args: str, page_cache: Path | None = None, language: str = ""
) -> subprocess.CompletedProcess:
    """The CLI as a user runs it (see CLI_KEEPING_RUNS), each lesson's run kept in
    ``runs`` and, with ``page_cache``, each lesson page kept there for ``language``."""
    runs.mkdir(parents=True, exist_ok=True)
    cache = [str(page_cache or ""), language]
    return subprocess.run(
        [sys.executable, "-c", CLI_KEEPING_RUNS, str(runs), *cache, *args],
        capture_output=True, text=True, cwd=ROOT, timeout=900,
    )  # fmt: skip


def build_site(folder: Path, *options: str, runs: Path, page_cache: Path, language: str) -> Path:
    """``eduwidgets handout --all`` on the real lessons, run as a user would, into
    ``folder`` (each lesson's run kept in ``runs``, its page in ``page_cache``). Every
    output must have a static form (nothing left out)."""
    command = ["handout", "--all", *options, "-o", str(folder)]
    result = run_cli_keeping_runs(runs, *command, page_cache=page_cache, language=language)
    assert result.returncode == 0, result.stderr
    assert "left out" not in result.stderr, result.stderr
    return folder


def run_folder(tmp_path_factory) -> Path:
    """The temporary folder every worker of this run shares (a worker's own is inside it)."""
    own = tmp_path_factory.getbasetemp()
    return own.parent if os.environ.get("PYTEST_XDIST_WORKER") else own


def made_once(tmp_path_factory, name: str, make: Callable[[Path], object]) -> Path:
    """``make(folder)`` once per test run, whichever worker asks first; the others wait
    for it and get the same folder. A failed make is tried again by the next to ask, so
    each worker that needs it reports the failure."""
    shared = run_folder(tmp_path_factory)
    folder, done = shared / name, shared / f"{name}.done"
    with run_lock(tmp_path_factory, name):
        if not done.exists():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            make(folder)
            done.touch()
    return folder


@contextlib.contextmanager
def run_lock(tmp_path_factory, name: str):
    """One worker of this run at a time inside the block (a file lock, released on exit)."""
    with open(run_folder(tmp_path_factory) / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        yield


# The real sites, built once per test run and shared by every module that reads them:
# (made_once name, CLI options) per language; each site's lesson runs sit beside it.
# Each language's site: its folder, its options, and where in the folder it is built (the
# Spanish site in "es", as the public site has it: its worker sits at the folder above).
SITES = {"en": ("site", (), ""), "es": ("sitio", ("--lang", "es"), "es")}
PAGE_CACHE = "page-cache"  # page_cache's folder in run_folder
LESSONS_DIRS = {"en": NOTEBOOKS_DIR, "es": NOTEBOOKS_DIR / "es"}
GALLERY = NOTEBOOKS_DIR / "gallery.ipynb"


def made_site(tmp_path_factory, language: str) -> Path:
    name, options, inside = SITES[language]
    runs = run_folder(tmp_path_factory) / f"{name}-runs"
    cache = run_folder(tmp_path_factory) / PAGE_CACHE

    def make(folder: Path) -> None:
        build_site(folder / inside, *options, runs=runs, page_cache=cache, language=language)

    made = made_once(tmp_path_factory, name, make)
    return made / inside if inside else made


def made_gallery(tmp_path_factory) -> Path:
    """``eduwidgets handout notebooks/gallery.ipynb`` (every widget and a chart), once per
    run: ``gallery.html`` in the folder returned, its run in ``gallery-runs``."""
    runs = run_folder(tmp_path_factory) / "gallery-runs"

    def make(folder: Path) -> None:
        result = run_cli_keeping_runs(
            runs, "handout", str(GALLERY), "-o", str(folder / "gallery.html")
        )
        assert result.returncode == 0, result.stderr

    return made_once(tmp_path_factory, "gallery", make)


@pytest.fixture(scope="session")
def english_site(tmp_path_factory) -> Path:
    """``eduwidgets handout --all``: the English lessons and the lesson list."""
    return made_site(tmp_path_factory, "en")


@pytest.fixture(scope="session")
def spanish_site(tmp_path_factory) -> Path:
    """``eduwidgets handout --all --lang es``: the seven lessons and the lesson list, built
    into a folder named ``es`` as the public site has it (its worker at the folder above)."""
    return made_site(tmp_path_factory, "es")


@pytest.fixture(scope="session")
def gallery_handout(tmp_path_factory) -> Path:
    """The gallery notebook as a handout (``eduwidgets handout``), made once per run."""
    return made_gallery(tmp_path_factory) / "gallery.html"


@pytest.fixture(scope="session")
def executed_notebook(tmp_path_factory):
    """``executed_notebook(path)``: the notebook as it ran top to bottom in a fresh kernel,
    once per test run whoever asks first (whichever worker); each caller gets its own
    copy, read from the file the run wrote. A lesson's run is the one its language's
    site build made (``english_site``/``spanish_site``) and the gallery's the one its
    handout made: the export's own first step, so nothing runs twice. A run that fails
    fails the build, whose message names the notebook and the cell."""
    import nbformat
    from nbclient import NotebookClient

    def run(path: Path, folder: Path) -> None:
        notebook = nbformat.read(path, as_version=4)
        resources = {"metadata": {"path": str(path.parent)}}
        NotebookClient(notebook, timeout=120, resources=resources).execute()
        nbformat.write(notebook, folder / path.name)

    def executed(path: Path) -> nbformat.NotebookNode:
        path = path.resolve()
        shared = run_folder(tmp_path_factory)
        site = [code for code, folder in LESSONS_DIRS.items() if path.parent == folder]
        if site and path.match("[0-9][0-9]-*.ipynb"):
            made_site(tmp_path_factory, site[0])
            folder = shared / f"{SITES[site[0]][0]}-runs"
        elif path == GALLERY:
            made_gallery(tmp_path_factory)
            folder = shared / "gallery-runs"
        else:
            name = "executed-" + "-".join(path.relative_to(ROOT).parts)
            folder = made_once(tmp_path_factory, name, lambda folder: run(path, folder))
        return nbformat.read(folder / path.name, as_version=4)

    return executed


@pytest.fixture(scope="session")
def page_cache(tmp_path_factory) -> Path:
    """One clinic page cache (``--cache-dir``) for the whole run, every worker: a clinic
    that is not testing the cache, a cold start or a fault starts from it. The site
    builds fill it first (CLI_KEEPING_RUNS keeps each lesson page as a clinic does), so
    the real lessons, English and Spanish, run in a kernel once per run, and any other
    lesson once, by whichever clinic needs it first. Safe to share: the key is the
    page's content (package digest, language, notebook bytes, clinic config:
    ``clinic/lesson_pages.py _key``), writes are atomic and pruning is by age. A test
    about the cache keeps its own cold folder."""
    for language in SITES:
        made_site(tmp_path_factory, language)
    return run_folder(tmp_path_factory) / PAGE_CACHE


@pytest.fixture(scope="session")
def spanish_clinic(tmp_path_factory, page_cache):
    """``eduwidgets clinic`` serving every Spanish lesson at /es/ (and one English one,
    so the English list exists beside it). Tests only read it: none may change its
    lessons or stop it."""
    from support import Clinic

    folder = tmp_path_factory.mktemp("lessons")
    shutil.copytree(NOTEBOOKS_DIR / "es", folder / "es")
    english = sorted(NOTEBOOKS_DIR.glob("[0-9][0-9]-*.ipynb"))[1]
    shutil.copy(english, folder / english.name)
    # The run's page cache: under xdist the first worker's clinic renders every Spanish
    # lesson into it (Voila, a kernel each) while the other waits, then starts from it;
    # the English lesson is often there already (any clinic serving it put it there).
    with run_lock(tmp_path_factory, "spanish-clinic"):
        app = Clinic(
            tmp_path_factory.mktemp("clinic") / "clinic.log",
            *("--notebooks", str(folder), "--cache-dir", str(page_cache)),
        )
    yield app
    # SIGTERM after every test that used it (lists, lessons, bad values): a clean stop.
    assert app.stop(signal.SIGTERM) == 0, app.output()


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium through Playwright. Missing browser = failure, never a skip."""
    message = missing_chromium_message()
    if message:
        pytest.fail(
            message + " ('python3 dev.py test' installs it when run as root.)", pytrace=False
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch(playwright)
        yield browser
        browser.close()


class OfflinePage:
    """A page with every network request blocked and recorded, and console errors kept."""

    def __init__(self, browser, context=None, **context_options):
        # A context of its own unless one is lent (``offline_page``: one per module).
        self.own_context = context is None
        self.context = browser.new_context(**context_options) if context is None else context
        self.network_requests: list[str] = []
        self.console_errors: list[str] = []
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.console_errors.append(str(error)))

    def _route(self, route):
        url = route.request.url
        if url.startswith(("file:", "data:", "blob:", "about:")):
            route.continue_()
        else:
            self.network_requests.append(url)
            route.abort()

    def _console(self, message):
        if message.type == "error":
            self.console_errors.append(message.text)

    def close(self):
        if self.own_context:
            self.context.close()
            return
        # A lent context outlives this page: what the page stored goes with it, and so
        # does this page's route, so the next test's page starts as in a new context.
        with contextlib.suppress(Exception):  # a closed or crashed page stored nothing more
            self.page.evaluate(FORGET_STORAGE)
        self.page.close()
        self.context.unroute("**/*", self._route)


FORGET_STORAGE = "() => { try { localStorage.clear(); sessionStorage.clear(); } catch (e) {} }"


@pytest.fixture(scope="module")
def offline_context(browser):
    """One browser context for a module's ``offline_page`` tests. Opening a context
    costs about twice a page's CPU (measured: 0.5 s against 0.24 s in a context already
    open), and these tests read no cookie, cache or service worker; each still gets its
    own page, its own request and error lists, and the page's storage emptied after it."""
    context = browser.new_context()
    yield context
    context.close()


@pytest.fixture
def offline_page(browser, offline_context):
    holder = OfflinePage(browser, context=offline_context)
    yield holder
    holder.close()


AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


@functools.cache
def axe_script() -> str:
    import axe_playwright_python

    return (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text()


def axe_violations(page, selector: str | None = None) -> list[dict]:
    """axe-core (shipped inside the axe-playwright-python wheel) for WCAG 2.1 AA and best
    practice, on the whole page or inside the element ``selector`` names.

    Every rule runs on every node; only the violations are worked out in full
    (``resultTypes``). axe otherwise builds a selector and markup for every node that
    passes, a quarter of each run on a lesson page. axe goes into a page once (570 KB to
    compile); a second check of the same page after a change reuses it."""
    if not page.evaluate("typeof axe === 'object' && typeof axe.run === 'function'"):
        page.evaluate(axe_script())
    result = page.evaluate(
        """async ([selector, tags]) => await axe.run(selector ?? document,
        {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})""",
        [selector, AXE_TAGS],
    )
    return [
        {"id": v["id"], "help": v["help"], "nodes": [n["html"][:200] for n in v["nodes"][:3]]}
        for v in result["violations"]
    ]


def page_kernel_id(page) -> str:
    """The kernel that rendered a Voilà lesson page (Voilà writes it into the page config)."""
    return page.evaluate(
        "JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId"
    )


# Fixtures that open Chromium, and fixtures that build a site, run a notebook or start a
# server (directly or through another fixture: pytest lists every fixture a test needs).
BROWSER_FIXTURES = frozenset({"browser"})
SLOW_FIXTURES = frozenset(
    {"english_site", "spanish_site", "spanish_clinic", "executed_notebook", "gallery_handout"}
    | {"server", "site", "page_cache"}  # page_cache: the test starts a clinic
)


def pytest_collection_modifyitems(items):
    for item in items:
        needs = set(getattr(item, "fixturenames", ()))
        if needs & BROWSER_FIXTURES:
            item.add_marker(pytest.mark.browser)
        if needs & SLOW_FIXTURES:
            item.add_marker(pytest.mark.slow)
    if os.environ.get("PYTEST_XDIST_WORKER"):
        items[:] = slow_files_first(items)


def slow_files_first(items: list) -> list:
    """Under xdist (``dev.py test``: ``--dist loadfile --no-loadscope-reorder``) files are
    handed out in collection order: the files holding a slow or browser test first, so
    that a long file never starts last while the other worker idles, and the quick
    files fill in at the end. Stable: files and tests keep their order otherwise, and
    every worker collects the same order (xdist checks). One process keeps pytest's order."""
    slow = {
        item.nodeid.split("::")[0]
        for item in items
        if item.get_closest_marker("slow") or item.get_closest_marker("browser")
    }
    return sorted(items, key=lambda item: item.nodeid.split("::")[0] not in slow)


@pytest.fixture(autouse=True)
def no_clinic_env(monkeypatch):
    """No test sees the developer's clinic config or patient profile by accident."""
    monkeypatch.delenv("EDUWIDGETS_CLINIC_CONFIG", raising=False)
    monkeypatch.delenv("EDUWIDGETS_PROFILE", raising=False)


@pytest.fixture
def fk_grade():
    """Flesch-Kincaid grade, measured the same way for every text (textstat, pinned)."""
    import textstat

    return textstat.flesch_kincaid_grade

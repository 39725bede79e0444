"""Lesson pages made once and served from memory: the clinic app and Binder.

Every lesson runs once, top to bottom, with typical values, through the handout
renderer (``eduwidgets.handout``); the page applies a patient's values itself, from
its address fragment (``widgets/patient.js``). So a lesson opens with no kernel, and
the server never sees a patient value. A lesson whose outputs need a live kernel
(another library's widget) is marked ``needs_kernel``; the clinic opens it in Voilà.

Rendered lessons are kept on disk (``cache_dir``), one JSON file per lesson, named
by a digest of what the page depends on: the notebook's bytes, the clinic config's
bytes (its phone number is in the warning signs), the package version and the
package's own files (code, scripts, content). A restart with nothing changed is
ready at once; after a change only the changed lessons run again. Pages no clinic has
used for 30 days are removed.

A small cache of our own rather than ``jupyter-cache``: that caches executed notebooks
keyed by their code cells only, so it would miss a change to our widgets or content,
and we would still render and store the page ourselves (about 60 lines here).

While the server runs, ``watch`` notices a lesson notebook that changed on disk (or
a new or removed one), renders its page again and says what changed; the lesson list
follows the folder (``revision``).

Faults never leave a visitor waiting: a cache that cannot be written is said once and
pages are served from memory; an unreadable cache entry is said and made again; a
render that fails is tried again a few times, with a pause, and the "ready" line names
any lesson that could not be made; no visitor waits longer than ``PAGE_WAIT_S``.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import eduwidgets
from eduwidgets import handout
from eduwidgets.content import DEFAULT_LANGUAGE, in_language
from eduwidgets.files import write_text_atomic
from eduwidgets.handout.switch import switch_links
from eduwidgets.lessons import LESSON_GLOB

__all__ = ["LessonPages", "package_digest"]

CACHE_ENV = "EDUWIDGETS_CACHE_DIR"
CACHE_FORMAT = 1  # bump when the cached record's shape changes
WATCH_INTERVAL_S = 1.0
STOP_TIMEOUT_S = 5.0
CACHE_MAX_AGE_S = 30 * 24 * 3600  # a page no clinic used for 30 days is removed
# A render that fails is tried again after these pauses: a kernel that lost a race for
# a port, or a lesson saved half-way, often works a moment later.
RETRY_DELAYS_S = (2.0, 6.0)
# The longest a visitor waits for a page being made; then the "could not be prepared" page.
PAGE_WAIT_S = 90.0


def default_cache_dir() -> Path:
    """``$EDUWIDGETS_CACHE_DIR``, else ``$XDG_CACHE_HOME/eduwidgets/pages`` (~/.cache)."""
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "eduwidgets" / "pages"


@cache
def package_digest() -> str:
    """A digest of the package version and every file of the package (code, assets, content)."""
    root = Path(eduwidgets.__file__).parent
    digest = hashlib.sha256(f"{eduwidgets.__version__}/{CACHE_FORMAT}".encode())
    for path in sorted(root.rglob("*")):
        if path.is_file() and path.suffix in (".py", ".js", ".css", ".toml", ".html", ".j2"):
            digest.update(path.relative_to(root).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


@dataclass(frozen=True)
class LessonPage:
    """One lesson, rendered: its page for the clinic, or a mark that it needs a kernel."""

    slug: str  # "01-extensors"
    file: str  # "01-extensors.ipynb"
    title: str
    html: str
    needs_kernel: bool
    from_cache: bool


class LessonPages:
    """Every lesson of a folder, rendered once (or read from the disk cache), in memory.

    ``home_href`` is the lesson list's address (the pages' "All lessons" link);
    ``preset_fragment`` the patient object (``session.page_patient``) a page uses when its
    address names none.
    """

    def __init__(
        self,
        notebooks_dir: str | Path,
        home_href: str,
        clinic_config: str | Path | None = None,
        preset_fragment: dict | None = None,
        cache_dir: str | Path | None = None,
        say: Callable[[str], None] | None = None,
        language: str = DEFAULT_LANGUAGE,
        others: Sequence[LessonPages] = (),
    ):
        self.notebooks_dir = Path(notebooks_dir)
        self.language = language  # the pages' words, and their kernels' (content/<code>/)
        # The same lessons in other languages, made and watched with these, so the one
        # "ready" line comes when every page in every language is made.
        self.others = tuple(others)
        self.leader: LessonPages | None = None
        # What the console was already told (said once for the whole group).
        self._said: set[str] = set()
        for other in self.others:
            other.leader = self
            other._said = self._said
        self.home_href = home_href
        self.clinic_config = str(clinic_config) if clinic_config else None
        self.clinic = handout.load_clinic(self.clinic_config)
        self.preset_fragment = preset_fragment
        self.cache_dir = Path(cache_dir) if cache_dir else default_cache_dir()
        self.say = say or (lambda line: print(line, flush=True))
        self.pages: dict[str, LessonPage] = {}
        self.failed: dict[str, str] = {}  # slug -> why it could not be rendered
        self._stamps: dict[str, tuple[int, int]] = {}  # slug -> (mtime_ns, size)
        self._waiters: dict[str, asyncio.Event] = {}
        self.ready = asyncio.Event()
        self.created_s = time.monotonic()  # "ready" counts from here (the server's start)
        self.revision = 0  # goes up whenever a lesson is added, removed or changed on disk
        self._task = None
        self._stopping = False

    # -------------------------------------------------------------- finding and reading

    def lesson_paths(self) -> list[Path]:
        return sorted(self.notebooks_dir.glob(LESSON_GLOB))

    def slug_for(self, name: str) -> str:
        """The slug for "01-extensors", "01-extensors.html" or "01-extensors.ipynb"."""
        name = name.strip("/")
        for suffix in (".html", ".ipynb"):
            name = name.removesuffix(suffix)
        return name

    def known(self, name: str) -> bool:
        """A lesson of the folder (by its listing: an address cannot reach other files)."""
        return self.slug_for(name) in {path.stem for path in self.lesson_paths()}

    async def page(self, name: str) -> LessonPage | None:
        """The page of a lesson, waiting while it is being rendered (at most
        ``PAGE_WAIT_S``); None if unknown, or if it could not be made (``unavailable``)."""
        slug = self.slug_for(name)
        if slug not in self.pages and slug not in self.failed:
            if not self.known(slug):
                return None
            try:
                await asyncio.wait_for(self._waiter(slug).wait(), PAGE_WAIT_S)
            except TimeoutError:
                return None
        return self.pages.get(slug)

    def unavailable(self, name: str) -> bool:
        """A lesson of the folder with no page to show: it failed, or is still being made."""
        slug = self.slug_for(name)
        return slug not in self.pages and self.known(slug)

    def _waiter(self, slug: str) -> asyncio.Event:
        return self._waiters.setdefault(slug, asyncio.Event())

    def _key(self, path: Path) -> str:
        digest = hashlib.sha256(package_digest().encode())
        digest.update(self.language.encode())
        digest.update(path.read_bytes())
        if self.clinic_config:
            digest.update(Path(self.clinic_config).read_bytes())
        return digest.hexdigest()

    def cached_needs_kernel(self) -> bool | None:
        """Whether a lesson needs a live kernel, from the page cache alone.

        None when a lesson (in any of the languages) is not in the cache yet: only
        running it can tell.
        """
        records = [
            pages._cached(pages._key(path), path)
            for pages in (self, *self.others)
            for path in pages.lesson_paths()
        ]
        if any(record is None for record in records):
            return None
        return any(record["needs_kernel"] for record in records)

    def _page(self, path: Path, record: dict, from_cache: bool) -> LessonPage:
        html = ""
        if not record["needs_kernel"]:
            html = handout.lesson_page_html(
                record["title"], record["body_html"], self.clinic, self.home_href,
                self.preset_fragment, self.language_links(path.stem),
            )  # fmt: skip
        return LessonPage(
            slug=path.stem,
            file=path.name,
            title=record["title"],
            html=html,
            needs_kernel=record["needs_kernel"],
            from_cache=from_cache,
        )

    def language_links(self, slug: str) -> list[dict]:
        """A lesson's language switch: the same lesson in each language of the group where
        it exists, else that language's lesson list (``handout.switch``)."""
        leader = self.leader or self
        group = {pages.language: pages for pages in (leader, *leader.others)}
        if len(group) < 2:
            return []

        def href(code: str) -> str | None:
            pages = group.get(code)
            if pages is None:
                return None
            if (pages.notebooks_dir / f"{slug}.ipynb").is_file():
                return f"{pages.home_href}lessons/{slug}"
            return pages.home_href

        return switch_links(href)

    def _cached(self, key: str, lesson: Path) -> dict | None:
        """The cached record of a lesson; None (made again) when missing or unreadable."""
        path = self.cache_dir / f"{key}.json"
        try:
            data = path.read_bytes()
        except (FileNotFoundError, NotADirectoryError):
            return None  # not made yet (or the cache is a file: said when writing)
        except OSError as error:
            return self._unreadable(path, lesson, error.strerror or str(error))
        try:
            record = json.loads(data.decode("utf-8"))
        except ValueError:  # odd bytes, truncated JSON
            return self._unreadable(path, lesson, "not a page record")
        if not _is_record(record):  # {} or [] or another program's JSON
            return self._unreadable(path, lesson, "not a page record")
        try:
            os.utime(path)  # in use: kept by prune_cache
        except OSError as error:
            self._cache_unwritable(error)  # still a page from the cache, not a miss
        return record

    def _unreadable(self, path: Path, lesson: Path, why: str) -> None:
        self._say_once(
            path.name,
            f"eduwidgets clinic: ignored the page cache entry {path} ({why}); "
            f"making {lesson.name} again",
        )

    def _cache_unwritable(self, error: OSError) -> None:
        self._say_once(
            "cache-unwritable",
            f"eduwidgets clinic: the page cache {self.cache_dir} cannot be written "
            f"({error.strerror or error}); lesson pages are served from memory, and a page "
            "not in the cache is made again at each start. Give a folder this user can "
            "write with --cache-dir.",
        )

    def _say_once(self, topic: str, line: str) -> None:
        if topic not in self._said:
            self._said.add(topic)
            self.say(line)

    def _save(self, key: str, record: dict) -> None:
        """Keep a page on disk; a cache that cannot be written is said once, not fatal."""
        try:
            self.cache_dir.mkdir(parents=True, exist_ok=True)
            write_text_atomic(self.cache_dir / f"{key}.json", json.dumps(record))
        except OSError as error:
            self._cache_unwritable(error)

    def prune_cache(self, max_age_s: float = CACHE_MAX_AGE_S) -> None:
        """Remove pages no clinic has used for ``max_age_s`` (old versions of lessons or code)."""
        cutoff = time.time() - max_age_s
        for path in self.cache_dir.glob("*.json"):
            try:
                if path.stat().st_mtime < cutoff:
                    path.unlink()
            except OSError:
                pass  # another clinic sharing the folder got there first

    # -------------------------------------------------------------- rendering

    async def _render(self, paths: list[Path], progress: bool) -> list[str]:
        """Make the pages of ``paths`` (from the cache where it can); the slugs that failed."""
        # The pages' words, and the kernels' (the tasks and threads below inherit it).
        with in_language(self.language):
            return await self._render_in_language(paths, progress)

    async def _render_in_language(self, paths: list[Path], progress: bool) -> list[str]:
        cold: list[tuple[Path, str]] = []
        for path in paths:
            self._stamps[path.stem] = _stamp(path)
            try:
                key = self._key(path)
            except OSError as error:  # removed since it was listed: the watcher says so
                self._fail(path, f"cannot read it ({error.strerror})", retrying=False)
                continue
            record = self._cached(key, path)
            if record is None:
                cold.append((path, key))
            else:
                self._store(path, self._page(path, record, from_cache=True))
        if not cold:
            return [path.stem for path in paths if path.stem in self.failed]
        done = {"count": 0}
        started = time.monotonic()

        def finished(path: Path) -> None:
            done["count"] += 1
            if progress:
                self.say(
                    f"eduwidgets clinic: rendered {done['count']}/{len(cold)} lesson pages "
                    f"({time.monotonic() - started:.1f} s) {path.name}"
                )

        limit = asyncio.Semaphore(handout.default_jobs(len(cold)))
        if progress:
            self.say(f"eduwidgets clinic: rendering {len(cold)} lesson pages (once; then cached)")
        await asyncio.gather(*(self._make(path, key, limit, finished) for path, key in cold))
        return [path.stem for path in paths if path.stem in self.failed]

    async def _make(
        self, path: Path, key: str, limit: asyncio.Semaphore, made: Callable[[Path], None]
    ) -> bool:
        """Run a lesson and keep its page, trying again after ``RETRY_DELAYS_S`` if it
        fails; whether it was made. Visitors waiting for it get the error page at the
        first failure (a retry that works replaces it)."""
        for attempt, delay_s in enumerate((0.0, *RETRY_DELAYS_S)):
            await asyncio.sleep(delay_s)
            if self._stopping:
                return False
            try:
                async with limit:
                    lesson = await asyncio.to_thread(self._run_lesson, path)
            except Exception as error:  # any failure: a kernel that did not start, a bad file
                retrying = attempt < len(RETRY_DELAYS_S)
                self._fail(path, _why(error), retrying, RETRY_DELAYS_S[attempt:][:1])
                continue
            self._keep(path, key, lesson)
            made(path)  # the progress line, as each page is made
            return True
        return False

    def _fail(self, path: Path, why: str, retrying: bool, delay_s: tuple = ()) -> None:
        self.failed[path.stem] = why
        self.pages.pop(path.stem, None)
        self._waiter(path.stem).set()  # waiting visitors get the error page now
        again = f"; trying again in {delay_s[0]:g} s" if retrying and delay_s else ""
        self.say(f"eduwidgets clinic: could not render {path.name}: {why}{again}")

    def _keep(self, path: Path, key: str, lesson: handout.LessonHandout) -> None:
        for warning in lesson.warnings:
            if not lesson.needs_kernel:
                self.say(f"eduwidgets: warning: {warning}")
        record = {
            "title": lesson.title,
            "body_html": lesson.body_html,
            "needs_kernel": lesson.needs_kernel,
        }
        self._save(key, record)
        self._store(path, self._page(path, record, from_cache=False))

    def _run_lesson(self, path: Path) -> handout.LessonHandout:
        """Run and render one lesson, in a thread with its own event loop.

        Not on the server's loop: nbclient sets that loop's SIGINT and SIGTERM handlers
        while a notebook runs and removes them after, which would take Ctrl+C and the
        clean shutdown away from the server. Off the main thread it leaves signals alone.
        """
        (lesson,) = asyncio.run(handout.build_lessons_async([path], self.clinic))
        return lesson

    def _store(self, path: Path, page: LessonPage) -> None:
        self.failed.pop(page.slug, None)
        self.pages[page.slug] = page
        self._waiter(page.slug).set()

    def start(self) -> None:
        """Start rendering (and then watching) in the background, once (Binder's first visit)."""
        if self.leader is not None:
            return self.leader.start()
        if self._task is None:
            self._task = asyncio.ensure_future(self._render_and_watch())

    async def stop(self, timeout_s: float = STOP_TIMEOUT_S) -> None:
        """Stop rendering and watching; a notebook being run has its kernel shut down.

        At most ``timeout_s``: a kernel interrupted while it starts can leave nbclient
        waiting for it for a minute, and Ctrl+C must not. Such a kernel exits by itself
        once this process is gone (ipykernel watches its parent).
        """
        for pages in (self, *self.others):
            pages._stopping = True
        if self._task is not None and not self._task.done():
            self._task.cancel()
            await asyncio.wait([self._task], timeout=timeout_s)

    async def _render_and_watch(self) -> None:
        group = (self, *self.others)
        for pages in group:
            await pages.render_all()
        self.say(ready_line(group, time.monotonic() - self.created_s))
        await asyncio.gather(*(pages.watch() for pages in group))

    async def render_all(self) -> float:
        """Render every lesson (cached ones from disk); the seconds it took."""
        started = time.monotonic()
        await self._render(self.lesson_paths(), progress=True)
        self.ready.set()
        self.prune_cache()
        return time.monotonic() - started

    async def watch(self, interval_s: float = WATCH_INTERVAL_S) -> None:
        """Follow the folder: a lesson added, changed or removed on disk (until cancelled)."""
        await self.ready.wait()
        while True:
            await asyncio.sleep(interval_s)
            try:
                await self.follow_folder()
            except Exception as error:  # keep watching: the next look may work
                self._say_once(f"watch:{error}", f"eduwidgets clinic: {_why(error)}")

    async def follow_folder(self) -> None:
        """Take removed lessons off the list, make added and changed ones, and say so."""
        paths = {path.stem: path for path in self.lesson_paths()}
        removed = sorted(set(self._stamps) - set(paths))
        for slug in removed:
            self.pages.pop(slug, None)
            self.failed.pop(slug, None)
            self._stamps.pop(slug, None)
            self._waiters.pop(slug, None)
        added = [path for slug, path in paths.items() if slug not in self._stamps]
        changed = [
            path
            for slug, path in paths.items()
            if slug in self._stamps and self._stamps[slug] != _stamp(path)
        ]
        if removed or added or changed:
            self.revision += 1  # the lesson list is made again
        if removed:
            names = ", ".join(f"{slug}.ipynb" for slug in removed)
            self.say(f"eduwidgets clinic: {names} removed; taken off the lesson list")
        if not (added or changed):
            return
        for path in added + changed:
            # Visitors wait for the new page; one already waiting (a new lesson opened
            # before this loop saw it) keeps its event, which the render sets.
            waiter = self._waiters.get(path.stem)
            if waiter is None or waiter.is_set():
                self._waiters[path.stem] = asyncio.Event()
            self.pages.pop(path.stem, None)
            self.failed.pop(path.stem, None)
        if added:
            names = ", ".join(path.name for path in added)
            self.say(f"eduwidgets clinic: {names} added; rendering it for the lesson list")
        if changed:
            self.say(f"eduwidgets clinic: {_names(changed)} changed; rendering again")
        failed = set(await self._render(added + changed, progress=False))
        self.revision += 1  # a title may have changed with the page
        made = [path for path in added + changed if path.stem not in failed]
        if failed:
            broken = [path for path in added + changed if path.stem in failed]
            self.say(
                f"eduwidgets clinic: not ready: {_names(broken)} could not be made (see "
                "above); visitors get the error page for it"
                + (f"; {_names(made)} rendered" if made else "")
            )
        else:
            self.say(f"eduwidgets clinic: ready again; {_names(made)} rendered")


def _names(paths) -> str:
    return ", ".join(path.name for path in paths)


def _why(error: BaseException) -> str:
    """One line on what went wrong: our errors say it; others are named by their kind."""
    if isinstance(error, (handout.NotebookError, ValueError)):
        return str(error)
    first = (str(error).strip().splitlines() or [""])[0]
    return f"{type(error).__name__}: {first}" if first else type(error).__name__


def _is_record(record: object) -> bool:
    """The shape ``_keep`` writes: anything else in the cache is not ours, or broken."""
    return (
        isinstance(record, dict)
        and isinstance(record.get("title"), str)
        and isinstance(record.get("body_html"), str)
        and isinstance(record.get("needs_kernel"), bool)
    )


def _stamp(path: Path) -> tuple[int, int]:
    try:
        info = path.stat()
    except OSError:
        return (0, 0)
    return (info.st_mtime_ns, info.st_size)


def ready_line(group: Sequence[LessonPages], seconds: float) -> str:
    made = [page for pages in group for page in pages.pages.values()]
    cached = sum(page.from_cache for page in made)
    live = sum(page.needs_kernel for page in made)
    count = len(made)
    parts = [f"{cached} from the cache"] if cached else []
    if live:
        parts.append(f"{live} open in a live kernel")
    extra = f" ({', '.join(parts)})" if parts else ""
    languages = f" in {len(group)} languages" if len(group) > 1 else ""
    # Every lesson that could not be made, by its file (another language's in its folder).
    failed = [
        f"{'' if pages.leader is None else pages.language + '/'}{slug}.ipynb"
        for pages in group
        for slug in sorted(pages.failed)
    ]
    missing = (
        f"; could not make {len(failed)}: {', '.join(failed)} (see above; "
        "visitors get the error page for it)"
        if failed
        else ""
    )
    return (
        f"eduwidgets clinic: ready; {count} lesson page{'' if count == 1 else 's'}{languages} "
        f"open at once, rendered in {seconds:.1f} s{extra}{missing}"
    )

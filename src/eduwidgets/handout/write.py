"""Writing handouts: every file all or nothing, and a PDF beside each with ``--pdf``.

Every write is atomic (``eduwidgets.files``): nothing is written unless the whole
build succeeds. PDFs are printed by the system Chromium with every network request
refused.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

from eduwidgets.errors import InputError, import_extra
from eduwidgets.files import atomic_path
from eduwidgets.handout import browser

__all__ = [
    "PAPER_SIZES",
    "check_output_file",
    "check_pdf_ready",
    "print_pdf",
    "write_outputs",
]

PAPER_SIZES = {"a4": "A4", "letter": "Letter"}


def check_output_file(output: str | Path, suffix: str = ".html") -> Path:
    """The ``-o`` file, checked before any work: InputError names the value and what
    is allowed (a file name ending in .html, in a folder this user can write, and not
    a read-only file: it is refused, never silently replaced)."""
    output = Path(output)
    if output.suffix.lower() not in (".html", ".htm"):
        raise InputError(
            f"the output file name must end in .html (got {output.name!r}).",
            source="-o",
        )
    if output.is_dir():
        raise InputError("this is a folder; give a file name ending in .html.", source=str(output))
    check_writable(output, "-o")
    return output


def check_writable(path: Path, option: str) -> None:
    """Make ``path``'s folder and check that a file can be written there, and that
    ``path`` itself (if it exists) is not read-only; InputError says what is allowed."""
    allowed = "allowed: a file in a folder you can write"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, probe = tempfile.mkstemp(prefix=".eduwidgets-", dir=path.parent)
        os.close(handle)
        os.unlink(probe)
    except OSError as error:
        # The first part of the path that exists: a file there is the usual mistake.
        there = next((p for p in (path.parent, *path.parent.parents) if p.exists()), None)
        why = error.strerror or str(error)
        if there is not None and not there.is_dir():
            why = f"{str(there)!r} is a file, not a folder"
        raise InputError(
            f"{option} {str(path)!r}: cannot write in the folder {str(path.parent)!r} "
            f"({why}); {allowed}.",
        ) from None
    # Not os.access: it says yes to root for any file. A read-only file is one its
    # owner protected, and a write would replace it without a word.
    if path.exists() and not path.stat().st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
        raise InputError(
            f"{option} {str(path)!r} is a read-only file and is not replaced; {allowed}, "
            "or another name (or make the file writable first).",
        )


def check_pdf_ready():
    """Playwright's sync API, once --pdf can work (before any lesson runs): Playwright
    (the ``pdf`` extra) and the system Chromium. ``MissingExtra`` or ``RuntimeError``
    says what to install."""
    sync_api = import_extra("playwright.sync_api", "pdf", "--pdf (a PDF beside each page)")
    message = browser.missing_chromium_message()
    if message:
        raise RuntimeError("--pdf needs Chromium. " + message)
    return sync_api


@contextlib.contextmanager
def _chromium_page() -> Iterator:
    """A page in the system Chromium with every network request refused."""
    sync_api = check_pdf_ready()
    with sync_api.sync_playwright() as playwright:
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
        with _chromium_page() as page:
            for html_path, pdf_path in jobs:
                _print_to(page, html_path, pdf_path, paper)

    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        pool.submit(work).result()


def print_pdf(html_path: str | Path, pdf_path: str | Path, paper: str = "A4") -> Path:
    """Print an HTML handout to PDF with the system Chromium, atomically."""
    with atomic_path(pdf_path) as tmp:
        _print_many([(Path(html_path), tmp)], paper)
    return Path(pdf_path)


def write_outputs(items: list[tuple[Path, str]], pdf: bool, paper: str, private: bool) -> None:
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

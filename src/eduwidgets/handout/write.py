"""Writing handouts: every file all or nothing, and a PDF beside each with ``--pdf``.

Every write is atomic (``eduwidgets.files``): nothing is written unless the whole
build succeeds. PDFs are printed by the system Chromium with every network request
refused.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
from collections.abc import Iterator
from pathlib import Path

from eduwidgets.errors import InputError
from eduwidgets.files import atomic_path
from eduwidgets.handout import browser

__all__ = [
    "PAPER_SIZES",
    "check_output_file",
    "print_pdf",
    "write_outputs",
]

PAPER_SIZES = {"a4": "A4", "letter": "Letter"}


def check_output_file(output: str | Path, suffix: str = ".html") -> Path:
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


@contextlib.contextmanager
def _chromium_page() -> Iterator:
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

"""The system Chromium: where it is, how to start it here, and what to say when it is missing.

Handouts print PDFs with it; the tests and benchmarks drive it. One place for the
switches so all of them behave alike: no sandbox (containers run as root), and no
background traffic (this kit must never reach the network on its own).
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["launch", "launch_persistent", "missing_chromium_message"]

CHROMIUM_PATH = Path(os.environ.get("EDUWIDGETS_CHROMIUM", "/usr/bin/chromium"))
_CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
)
_INSTALL_HINT = (
    "Install Debian's Chromium with 'sudo apt-get update && sudo apt-get install -y chromium', "
    "or set EDUWIDGETS_CHROMIUM to another Chromium binary. "
    "(Do not run 'playwright install': it downloads a browser build.)"
)


def missing_chromium_message() -> str | None:
    """None when Chromium is there; otherwise a message saying how to install it."""
    if CHROMIUM_PATH.exists():
        return None
    return f"Chromium was not found at {CHROMIUM_PATH}. {_INSTALL_HINT}"


def launch(playwright, **options):
    """Start the system Chromium headless through Playwright."""
    message = missing_chromium_message()
    if message:
        raise RuntimeError(message)
    return playwright.chromium.launch(
        executable_path=str(CHROMIUM_PATH), headless=True, args=list(_CHROMIUM_ARGS), **options
    )


def launch_persistent(browser_type, user_data_dir, **options):
    """The system Chromium with a profile kept in ``user_data_dir`` (a phone's browser
    that is closed and opened again the next day): a Playwright BrowserContext from
    ``browser_type`` (``playwright.chromium``, or a launched browser's ``browser_type``)."""
    message = missing_chromium_message()
    if message:
        raise RuntimeError(message)
    return browser_type.launch_persistent_context(
        str(user_data_dir), executable_path=str(CHROMIUM_PATH), headless=True,
        args=list(_CHROMIUM_ARGS), **options,
    )  # fmt: skip

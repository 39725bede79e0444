#!/usr/bin/env python3
"""Set up and run eduwidgets from a fresh clone, with nothing but Python installed.

    python3 dev.py start    set up, then start the clinic app on 127.0.0.1
    python3 dev.py test     set up, then run every check and test
    python3 dev.py test --fast
                            the same without the tests that build a site, run a
                            notebook, start a server or open a browser (under a minute)
    python3 dev.py bench    set up, then run the benchmarks and write BENCHMARKS.md

Setting up means: a private copy of uv (pinned) in .tools/, then the exact
versions of uv.lock in .venv/. Both steps take seconds once cached.
This file uses only the standard library, because it runs before anything is installed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
TOOLS_DIR = ROOT / ".tools"
UV_VERSION = "0.13.8"
CHROMIUM_PATH = Path(os.environ.get("EDUWIDGETS_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_HELP = (
    "The browser tests need Debian's Chromium at {path}.\n"
    "Install it with:  sudo apt-get update && sudo apt-get install -y chromium\n"
    "(or set EDUWIDGETS_CHROMIUM to another Chromium binary). "
    "Do not run 'playwright install': it downloads a browser build."
)

JAVA_HELP = (
    "The HTML conformance test runs the W3C checker (vnu.jar), which needs Java.\n"
    "Install it with:  sudo apt-get update && sudo apt-get install -y default-jre-headless"
)


def say(message: str) -> None:
    print(f"[dev] {message}", flush=True)


def run(command: list[str], **kwargs) -> int:
    return subprocess.call(command, cwd=ROOT, **kwargs)


def bin_path(env_dir: Path, name: str) -> Path:
    scripts = "Scripts" if os.name == "nt" else "bin"
    return env_dir / scripts / name


def ensure_uv() -> Path:
    """A pinned uv in .tools/, so setup never depends on what the machine happens to have."""
    uv = bin_path(TOOLS_DIR, "uv")
    if uv.exists():
        version = subprocess.run([uv, "--version"], capture_output=True, text=True).stdout
        if UV_VERSION in version:
            return uv
    say(f"installing uv {UV_VERSION} into .tools/")
    venv.EnvBuilder(with_pip=True, clear=True).create(TOOLS_DIR)
    pip = [str(bin_path(TOOLS_DIR, "python")), "-m", "pip", "install", "--quiet"]
    if run([*pip, f"uv=={UV_VERSION}"]) != 0:
        sys.exit("[dev] could not install uv from PyPI; check the network and try again.")
    return uv


def sync(uv: Path) -> None:
    """Install exactly the locked versions into .venv (the lock file is the single truth)."""
    say("installing the locked environment into .venv/")
    # Every extra (JupyterLab, Voilà, Playwright): the README's commands install everything.
    if run([str(uv), "sync", "--locked", "--all-extras", "--python", sys.executable]) != 0:
        sys.exit(
            "[dev] 'uv sync --locked' failed. After editing pyproject.toml: .tools/bin/uv lock"
        )


def apt_install(package: str, why: str) -> bool:
    """Install a Debian package as root with apt-get; False when we cannot or it failed."""
    can_install = hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("apt-get")
    if not can_install:
        return False
    say(f"installing Debian's {package} package {why}")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    ok = run(["apt-get", "update", "-qq"], env=env) == 0
    return ok and run(["apt-get", "install", "-y", "-qq", package], env=env) == 0


def ensure_chromium() -> None:
    """Browser tests must never skip: install the browser when we can, else stop and say how."""
    if CHROMIUM_PATH.exists():
        return
    if not apt_install("chromium", "for the browser tests") or not CHROMIUM_PATH.exists():
        sys.exit("[dev] " + CHROMIUM_HELP.format(path=CHROMIUM_PATH))


def ensure_java() -> None:
    """The HTML checker (vnu.jar) runs on Java; like the browser, install it or say how."""
    if shutil.which("java"):
        return
    if not apt_install("default-jre-headless", "for the HTML checker") or not shutil.which("java"):
        sys.exit("[dev] " + JAVA_HELP)


def venv_tool(name: str) -> str:
    return str(bin_path(ROOT / ".venv", name))


def start(args: list[str]) -> int:
    sync(ensure_uv())
    return run([venv_tool("eduwidgets"), "clinic", *args])


# The markers (pyproject.toml) come from the fixtures a test uses (tests/conftest.py).
FAST_MARKERS = "not slow and not browser"
# The full run: two pytest-xdist workers, each test file whole in one worker (so a
# module's server starts once), files in collection order (conftest puts the files
# that build, run or open something first, so the quick files fill in at the end)
# instead of xdist's default of the files with the most tests first, which left files
# of one or a few long tests (Binder: 3 tests, the HTML checker: 1) for last. Most slow
# tests wait on kernels, servers and Chromium, so two at once cut the wall time on two
# cores (574 s to about 421 s when measured). A third worker does not help: the run
# keeps both cores busy (99%), and -n 3 took 366 s where -n 2 took 353-375 s (2 Dec
# 2026); the time goes down only with less work. Any -n/--dist given replaces these
# ('-n 0' for one process). The fast lane stays in one process: each worker collects
# every test first, which doubled its time.
TWO_WORKERS = ("-n", "2", "--dist", "loadfile", "--no-loadscope-reorder")


def test(args: list[str]) -> int:
    """Every check and test; with ``--fast`` (anywhere in ``args``) only the fast lane,
    which needs neither Chromium nor Java. Other arguments go to pytest."""
    fast = "--fast" in args
    args = [arg for arg in args if arg != "--fast"]
    sync(ensure_uv())
    if fast:
        args = ["-m", FAST_MARKERS, *args]
    else:
        ensure_chromium()
        ensure_java()
        if not any(arg.startswith(("-n", "--numprocesses", "--dist")) for arg in args):
            args = [*TWO_WORKERS, *args]
    checks = [
        ("lint (ruff check)", [venv_tool("ruff"), "check", "."]),
        ("format (ruff format --check)", [venv_tool("ruff"), "format", "--check", "."]),
    ]
    for label, command in checks:
        say(label)
        if run(command) != 0:
            say(f"{label} failed; 'ruff check --fix .' and 'ruff format .' fix most of it.")
            return 1
    say("pytest")
    code = run([venv_tool("pytest"), *args])
    if code == 5:
        say("pytest collected no tests: that is a failure, not a pass.")
        return 1
    return code


def bench(args: list[str]) -> int:
    sync(ensure_uv())
    ensure_chromium()
    ensure_java()
    return run([venv_tool("python"), "benchmarks/run.py", *args])


COMMANDS = {"start": start, "test": test, "bench": bench}


def main() -> int:
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
        print(__doc__)
        return 2
    return COMMANDS[sys.argv[1]](sys.argv[2:])


if __name__ == "__main__":
    sys.exit(main())

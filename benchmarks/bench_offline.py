"""The public site on a phone: the first visit that stores the whole site, and a lesson
reloaded with no network (issue 24).

The site is built as ``.github/workflows/pages.yml`` builds it (English at the root,
Spanish in ``es/``) and served from 127.0.0.1 by a small threaded server that does what
a static host (GitHub Pages) does: gzip for text files when the browser takes it. For
the phone's network the server itself is the bottleneck: every answer waits one round
trip, and all answers share one link of DevTools' "Fast 3G" download speed (so it also
holds for the service worker's own fetches, which page-level throttling misses).
Chromium at a 390 px wide viewport, a new profile each round.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import json
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from eduwidgets.handout.browser import launch  # noqa: E402

TITLE = "Offline site: first visit and offline reload on a phone"
# Chrome DevTools' "Fast 3G" preset: 1.6 Mbit/s down (times 0.9), 562.5 ms round trip.
FAST_3G_BYTES_PER_S = 1.6 * 1024 * 1024 / 8 * 0.9
FAST_3G_RTT_S = 0.5625
ROUNDS = 3
RELOADS = 5
LESSON = "es/01-extensors.html"
FILL_GOAL_S = 30.0
RELOAD_GOAL_S = 1.0
GZIPPED = {".html", ".js", ".json", ".webmanifest", ".svg", ".css"}
NOTE = (
    "First visit: Chromium opens the site's root with an empty profile; 'cache filled' "
    "is from the start of that navigation until the service worker is active, which it "
    "becomes only once every page and file of both languages is stored. 'bytes' is what "
    "the server sent for the whole visit (gzip for text, as GitHub Pages sends it). "
    f"'Fast 3G': every answer waits {FAST_3G_RTT_S * 1000:.1f} ms, and all share a "
    f"{FAST_3G_BYTES_PER_S / 1000:.0f} kB/s link; 'loopback': no limit. Offline reload: "
    f"the network cut, {LESSON} opened and reloaded {RELOADS} times, from the navigation "
    "to every widget drawn (median). Median of "
    f"{ROUNDS} rounds each; the machine is shared by other work, so times vary."
)


class Link:
    """One phone link shared by every answer: bytes leave at ``rate`` bytes a second."""

    def __init__(self, rate: float | None, rtt_s: float):
        self.rate, self.rtt_s = rate, rtt_s
        self.lock = threading.Lock()
        self.free_at = 0.0
        self.sent = 0

    def send(self, stream, data: bytes) -> None:
        chunk = 16 * 1024
        for start in range(0, len(data), chunk):
            part = data[start : start + chunk]
            if self.rate:
                with self.lock:
                    begin = max(time.monotonic(), self.free_at)
                    self.free_at = begin + len(part) / self.rate
                    done = self.free_at
                time.sleep(max(0.0, done - time.monotonic()))
            stream.write(part)
            with self.lock:
                self.sent += len(part)


class PhoneHost(http.server.SimpleHTTPRequestHandler):
    """A static host: gzip for text when asked, one round trip before each answer."""

    link: Link = Link(None, 0.0)
    extensions_map = {  # noqa: RUF012
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".webmanifest": "application/manifest+json",
    }

    def do_GET(self) -> None:
        time.sleep(self.link.rtt_s)
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file():
            self.send_error(404)
            return
        data = path.read_bytes()
        headers = {"Content-Type": self.guess_type(str(path))}
        if path.suffix in GZIPPED and "gzip" in self.headers.get("Accept-Encoding", ""):
            data = gzip.compress(data, 6)
            headers["Content-Encoding"] = "gzip"
        self.send_response(200)
        for name, value in {**headers, "Content-Length": str(len(data))}.items():
            self.send_header(name, value)
        self.end_headers()
        self.link.send(self.wfile, data)

    def log_message(self, *args) -> None:
        pass


def _serve(folder: Path, link: Link) -> http.server.ThreadingHTTPServer:
    handler = type("Host", (PhoneHost,), {"link": link})
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(handler, directory=str(folder))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def _build(site: Path) -> None:
    for language, folder in (("en", site), ("es", site / "es")):
        subprocess.run(
            [sys.executable, "-m", "eduwidgets.cli", "handout", "--all", "--lang", language,
             "-o", str(folder)],
            check=True, capture_output=True, cwd=ROOT, timeout=1800,
        )  # fmt: skip


def _first_visit(browser_type, url: str, profile: Path) -> tuple[float, int]:
    """Seconds from the navigation to the worker active with every file stored."""
    from eduwidgets.handout.browser import launch_persistent

    context = launch_persistent(browser_type, profile, viewport={"width": 390, "height": 844})
    try:
        page = context.pages[0] if context.pages else context.new_page()
        started = time.perf_counter()
        page.goto(url, wait_until="load")
        count = page.evaluate(
            """() => navigator.serviceWorker.ready.then(() => caches.keys())
                 .then(names => caches.open(names[0])).then(c => c.keys()).then(k => k.length)"""
        )
        return time.perf_counter() - started, count
    finally:
        context.close()


def _offline_reloads(browser_type, url: str, profile: Path) -> list[float]:
    """The profile a first visit filled, opened with no network: each reload's seconds."""
    from eduwidgets.handout.browser import launch_persistent

    context = launch_persistent(
        browser_type, profile, viewport={"width": 390, "height": 844}, offline=True
    )
    times = []
    try:
        page = context.pages[0] if context.pages else context.new_page()
        page.goto(url + LESSON, wait_until="load")
        for _ in range(RELOADS):
            started = time.perf_counter()
            page.reload(wait_until="load")
            page.wait_for_function(
                "document.querySelectorAll('[data-eduwidget]:not([data-edu-mounted])').length === 0"
            )
            times.append(time.perf_counter() - started)
    finally:
        context.close()
    return times


def _round(browser_type, site: Path, link: Link, tmp: Path) -> tuple[float, int, int, float]:
    server = _serve(site, link)
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    profile = Path(tempfile.mkdtemp(dir=tmp))
    try:
        fill_s, count = _first_visit(browser_type, url, profile)
        sent = link.sent
        reload_s = statistics.median(_offline_reloads(browser_type, url, profile))
    finally:
        server.shutdown()
        server.server_close()
    return fill_s, sent, count, reload_s


def run() -> list[dict]:
    from playwright.sync_api import sync_playwright

    rows = []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        tmp = Path(tmp)
        site = tmp / "site"
        _build(site)
        files = json.loads(
            (site / "sw.js").read_text(encoding="utf-8").splitlines()[0][len("var OFFLINE = ") : -1]
        )["files"]
        raw_bytes = sum((site / name).stat().st_size for name in files)
        browser = launch(playwright)
        try:
            for label, rate, rtt in (
                ("Fast 3G", FAST_3G_BYTES_PER_S, FAST_3G_RTT_S),
                ("loopback", None, 0.0),
            ):
                results = [
                    _round(browser.browser_type, site, Link(rate, rtt), tmp) for _ in range(ROUNDS)
                ]
                fill_s = statistics.median(r[0] for r in results)
                sent = statistics.median(r[1] for r in results)
                count = min(r[2] for r in results)
                reload_s = statistics.median(r[3] for r in results)
                assert count == len(files), f"{count} of {len(files)} files stored"
                rows.append(
                    {
                        "network": label,
                        "files stored": f"{count} ({raw_bytes / 1e6:.1f} MB on disk)",
                        "first visit: cache filled": f"{fill_s:.1f} s",
                        "bytes sent": f"{sent / 1e6:.2f} MB",
                        "goal (fill)": f"≤ {FILL_GOAL_S:.0f} s"
                        + (" ✓" if fill_s <= FILL_GOAL_S else " ✗"),
                        "offline reload of a lesson": f"{reload_s * 1000:.0f} ms",
                        "goal (reload)": f"≤ {RELOAD_GOAL_S:.0f} s"
                        + (" ✓" if reload_s <= RELOAD_GOAL_S else " ✗"),
                    }
                )
        finally:
            browser.close()
    return rows


if __name__ == "__main__":
    for row in run():
        print(row)

"""The public site on the patient's phone (issue 24): installable (a web app manifest and
icons) and offline (a service worker that stores every page on the first visit).

The browser tests serve the real built site (conftest's ``english_site`` at the root and
``spanish_site`` in ``es/``, as ``.github/workflows/pages.yml`` publishes it, the root's
worker then written over both as the Spanish build does) from a real HTTP server on
127.0.0.1, and drive Debian's Chromium with a profile kept on disk, so a browser closed
and opened again the next day is tested too.
"""

from __future__ import annotations

import contextlib
import functools
import html
import http.server
import json
import re
import shutil
import struct
import threading
import zlib
from pathlib import Path
from typing import ClassVar
from urllib.parse import urljoin

import pytest
from support import free_port, wait_until

from eduwidgets import content
from eduwidgets.content.app import app_words
from eduwidgets.handout import icons, offline
from eduwidgets.handout.page import Clinic, lesson_page_html, page_html
from eduwidgets.widgets import static

from conftest import axe_violations

LANGUAGES = list(content.languages())
# Any page's own address for checking a manifest's addresses (its folder is what counts).
SITE = "https://example.org/eduwidgets/"


def png_pixels(data: bytes) -> tuple[int, int, list[bytes]]:
    """(width, height, RGBA rows) of a PNG as icons.py writes it: checks its signature,
    each chunk's CRC, an 8-bit RGBA header and unfiltered rows."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG signature"
    chunks, position = {}, 8
    while position < len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        kind = data[position + 4 : position + 8]
        body = data[position + 8 : position + 8 + length]
        (crc,) = struct.unpack(">I", data[position + 8 + length : position + 12 + length])
        assert crc == zlib.crc32(kind + body), f"bad CRC in {kind!r}"
        chunks[kind] = chunks.get(kind, b"") + body
        position += 12 + length
    assert list(chunks)[-1] == b"IEND"
    width, height, depth, colour, *_ = struct.unpack(">IIBBBBB", chunks[b"IHDR"])
    assert (depth, colour) == (8, 6), "8-bit RGBA"
    raw = zlib.decompress(chunks[b"IDAT"])
    stride = 1 + 4 * width
    assert len(raw) == stride * height
    rows = [raw[y * stride : (y + 1) * stride] for y in range(height)]
    assert all(row[0] == 0 for row in rows), "rows are written unfiltered"
    return width, height, [row[1:] for row in rows]


def relative_luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


# ---------------------------------------------------------------- files (no browser)


@pytest.mark.parametrize(("name", "size", "purpose"), offline.ICONS)
def test_each_icon_is_a_real_png_of_its_size(name, size, purpose):
    width, height, rows = png_pixels(icons.icon_png(size, purpose == "maskable"))
    assert (width, height) == (size, size) == icons.png_size(icons.icon_png(size))
    corner_alpha, middle = rows[0][3], rows[size // 2][4 * (size // 2) : 4 * (size // 2) + 4]
    # The "any" icon is a rounded square (transparent corners); a maskable one fills its
    # square, since the phone cuts its own shape out of it.
    assert corner_alpha == (255 if purpose == "maskable" else 0), name
    assert middle == b"\xff\xff\xff\xff", "the middle vertebra is white"
    if purpose == "maskable":  # every white pixel inside the safe zone (a circle of 80 %)
        centre, radius = size / 2, 0.4 * size
        for y, row in enumerate(rows):
            for x in range(0, size, 2):
                if row[4 * x : 4 * x + 3] == b"\xff\xff\xff":
                    assert (x + 0.5 - centre) ** 2 + (y + 0.5 - centre) ** 2 <= radius**2


def test_the_theme_colour_holds_white_text_and_matches_the_icon():
    white = 1.0
    ratio = (white + 0.05) / (relative_luminance(offline.THEME_COLOUR) + 0.05)
    assert ratio >= 4.5, f"white on {offline.THEME_COLOUR} is {ratio:.1f}:1 (WCAG AA: 4.5:1)"
    assert offline.THEME_COLOUR in icons.icon_svg()
    assert icons.icon_svg().startswith('<svg xmlns="http://www.w3.org/2000/svg"')


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("root_href", ["", "../"])
def test_the_manifest_has_what_an_installable_app_needs(language, root_href):
    manifest = json.loads(offline.manifest_json(root_href, language))
    words = app_words(language)
    assert (manifest["name"], manifest["short_name"]) == (words.name, words.short_name)
    assert len(manifest["short_name"]) <= 12 and manifest["lang"] == language
    assert manifest["display"] == "standalone" and manifest["theme_color"] == offline.THEME_COLOUR
    here = urljoin(SITE, "es/" if root_href else "")
    address = urljoin(here, offline.MANIFEST_NAME)
    scope, start = urljoin(address, manifest["scope"]), urljoin(address, manifest["start_url"])
    assert scope == SITE, "the whole site (both languages) is the app"
    assert start == urljoin(here, "index.html") and start.startswith(scope)
    sizes = {(icon["sizes"], icon["type"], icon["purpose"]) for icon in manifest["icons"]}
    assert {("192x192", "image/png", "any"), ("512x512", "image/png", "any")} <= sizes
    assert ("512x512", "image/png", "maskable") in sizes
    assert ("any", "image/svg+xml", "any") in sizes
    for icon in manifest["icons"]:
        assert urljoin(address, icon["src"]).startswith(SITE + "icons/")


def test_only_site_pages_register_the_worker_and_allow_it():
    """A handout and a clinic page (rendered outside a site's build) hold no manifest, no
    worker and the strict CSP; a site page holds both and the two sources they need, in
    every CSP on it (and its own files as images: Chromium fetches the manifest's icons
    under the page's img-src), and nothing more."""
    clinic = Clinic()
    plain = [page_html("T", "<p>x</p>", clinic), lesson_page_html("T", "<p>x</p>", clinic, "/")]
    with offline.offline_site("../"):
        site = lesson_page_html("T", "<p>x</p>", clinic, "index.html")
    strict = static.content_security_policy()
    for page in plain:
        assert "manifest" not in page and "sw.js" not in page and "worker-src" not in page
        assert f'content="{strict}"' in page
    policies = re.findall(r'http-equiv="Content-Security-Policy" content="([^"]*)"', site)
    assert policies == [
        strict.replace("img-src data:;", "img-src data: 'self';")
        + "; worker-src 'self'; manifest-src 'self'"
    ]
    assert '<link rel="manifest" href="manifest.webmanifest">' in site
    assert '<script data-edu-worker="../sw.js">' in site
    assert offline.offline_root() is None, "the setting ends with the build"


def test_the_worker_lists_every_file_written_and_its_version_follows_their_bytes(tmp_path):
    root = tmp_path / "site"
    for name in ("index.html", "01-a.html", "plan.html", "es/index.html", "es/plan.html"):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(f"<p>{name}</p>", encoding="utf-8")
    (root / "01-a.pdf").write_bytes(b"%PDF")  # a print: not stored on a phone
    (root / ".01-a.tmp.html").write_text("half written", encoding="utf-8")
    offline.write_site_files(root / "es", "es")  # the Spanish build, in es/

    def worker_data() -> dict:
        first = (root / "sw.js").read_text(encoding="utf-8").splitlines()[0]
        return json.loads(first.removeprefix("var OFFLINE = ").removesuffix(";"))

    first = worker_data()
    assert first["files"] == [
        "01-a.html", "es/index.html", "es/manifest.webmanifest", "es/plan.html",
        "icons/icon-192.png", "icons/icon-512.png", "icons/icon-maskable-512.png",
        "icons/icon.svg", "index.html", "plan.html",
    ]  # fmt: skip
    offline.write_root_files(root)
    assert worker_data() == first, "the same files make the same version"
    (root / "es" / "plan.html").write_text("<p>new</p>", encoding="utf-8")
    offline.write_root_files(root)
    assert worker_data()["version"] != first["version"]


def test_the_site_root_is_the_folder_or_the_one_above_a_language_folder(tmp_path):
    assert offline.site_root(tmp_path / "site", "en") == (tmp_path / "site").resolve()
    assert offline.site_root(tmp_path / "site" / "es", "es") == (tmp_path / "site").resolve()
    assert offline.site_root(tmp_path / "sitio", "es") == (tmp_path / "sitio").resolve()
    assert offline.root_href(tmp_path / "site" / "es", "es") == "../"


# ---------------------------------------------------------------- the built site


def test_the_built_site_has_its_manifest_icons_and_worker(english_site, spanish_site):
    """``eduwidgets handout --all``: each language's manifest, the root's icons, and a
    worker listing every page the build wrote (the Spanish build's root is the folder
    above its ``es/``)."""
    for folder, root, href in (
        (english_site, english_site, ""),
        (spanish_site, spanish_site.parent, "../"),
    ):
        manifest = json.loads((folder / "manifest.webmanifest").read_text(encoding="utf-8"))
        for icon in manifest["icons"]:
            data = (folder / icon["src"]).resolve().read_bytes()
            if icon["type"] == "image/png":
                assert icons.png_size(data) == tuple(map(int, icon["sizes"].split("x")))
        listed = worker_files(root)["files"]
        pages = {path.relative_to(root).as_posix() for path in folder.glob("*.html")}
        assert pages and pages <= set(listed), pages - set(listed)
        for page in folder.glob("*.html"):
            text = html.unescape(page.read_text(encoding="utf-8"))
            # Every page registers the worker (a patient's first page may be any of them:
            # the plan, opened from a QR code), and allows it.
            assert f'<script data-edu-worker="{href}sw.js">' in text, page.name
            assert '<link rel="manifest" href="manifest.webmanifest">' in text, page.name
            assert "worker-src 'self'; manifest-src 'self'" in text, page.name


# ---------------------------------------------------------------- in Chromium


class StaticServer:
    """A folder served on a free loopback port by a threaded ``http.server``."""

    def __init__(self, folder: Path):
        handler = functools.partial(QuietHandler, directory=str(folder))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    extensions_map: ClassVar[dict[str, str]] = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".webmanifest": "application/manifest+json",
    }

    def log_message(self, *args) -> None:
        pass


def whole_site(english_site: Path, spanish_site: Path, folder: Path) -> Path:
    """The site as published: English at the root, Spanish in es/, the root's worker
    over both (what the Spanish build, run second, writes)."""
    shutil.copytree(english_site, folder)
    shutil.copytree(spanish_site, folder / "es")
    offline.write_root_files(folder)
    return folder


@pytest.fixture(scope="module")
def site(english_site, spanish_site, tmp_path_factory):
    return whole_site(english_site, spanish_site, tmp_path_factory.mktemp("whole") / "site")


@pytest.fixture(scope="module")
def server(site):
    served = StaticServer(site)
    yield served
    served.close()


def worker_files(root: Path) -> dict:
    first = (root / "sw.js").read_text(encoding="utf-8").splitlines()[0]
    return json.loads(first.removeprefix("var OFFLINE = ").removesuffix(";"))


class Phone:
    """Chromium with a profile on disk, at a phone's width, keeping every request and
    every console error of its pages."""

    def __init__(self, browser_type, profile: Path, offline_now: bool = False):
        from eduwidgets.handout.browser import launch_persistent

        self.context = launch_persistent(
            browser_type, profile, viewport={"width": 390, "height": 844}, offline=offline_now
        )
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.context.on("request", lambda request: self.requests.append(request.url))
        self.page = self.context.pages[0] if self.context.pages else self.context.new_page()
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))

    def wait_for_worker(self) -> list[str]:
        """Once the worker is active (its install stored every file): its cache's names."""
        return self.page.evaluate("navigator.serviceWorker.ready.then(() => caches.keys())", [])

    def close(self) -> None:
        self.context.close()


@contextlib.contextmanager
def phone(browser, profile: Path, offline_now: bool = False):
    """A ``Phone`` from the session's Playwright (the ``browser`` fixture's)."""
    opened = Phone(browser.browser_type, profile, offline_now)
    try:
        yield opened
    finally:
        opened.close()


def site_pages(root: Path) -> list[str]:
    """Every page of the site, as paths from its root: each lesson in both languages, both
    lesson lists, and any page another build step added (the plan)."""
    return sorted(name for name in worker_files(root)["files"] if name.endswith(".html"))


def assert_page_shows(phone_: Phone, site_root: Path, name: str) -> None:
    """The page open at ``name`` is the built page, with its content and its widgets drawn."""
    built = (site_root / name).read_text(encoding="utf-8")
    title = re.search(r"<title>(.*?)</title>", built, re.S).group(1)
    shown = phone_.page.evaluate(
        """() => ({title: document.title, text: document.querySelector('main').innerText.length,
                  plan: document.getElementById('plan')?.textContent ?? null,
                  widgets: document.querySelectorAll('[data-eduwidget]').length,
                  drawn: document.querySelectorAll('[data-eduwidget][data-edu-mounted]').length})"""
    )
    if shown["plan"] is None:
        assert shown["title"] == html.unescape(title), name
    else:  # the plan page titles itself from its address: drawn, with the patient's name
        assert shown["title"] == shown["plan"], name
        assert ("Ana" in shown["title"]) == ("first_name=Ana" in phone_.page.url), shown
    assert shown["text"] > 200, f"{name}: the page shows almost nothing"
    assert shown["drawn"] == shown["widgets"], f"{name}: widgets not drawn: {shown}"


RELOADED = {"index.html", "es/01-extensors.html"}


def test_after_one_visit_every_page_opens_offline_and_the_next_day(server, site, browser, tmp_path):
    """issue 24's goal: after one online visit to the site's root, with the network cut,
    every page opens from the worker (each lesson in both languages, both lesson lists,
    the plan pages when the site has them; a reload too, on a page of each language),
    shows its content and logs no console error; the
    browser closed and opened again offline (the next day) still opens them. The visit
    asks for nothing but the site's own files, and Chromium finds the site installable."""
    pages = site_pages(site)
    assert {"index.html", "es/index.html", "01-extensors.html", "es/01-extensors.html"} <= set(
        pages
    )
    profile = tmp_path / "profile"
    with phone(browser, profile) as online:
        online.page.goto(server.url, wait_until="load")
        caches = online.wait_for_worker()
        assert caches == [f"eduwidgets {server.url} {worker_files(site)['version']}"]
        stored = online.page.evaluate(
            "name => caches.open(name).then(c => c.keys()).then(k => k.length)", caches[0]
        )
        assert stored == len(worker_files(site)["files"])
        # Nothing but the site's own files: the page, the worker, and what the worker stores.
        own = {server.url + name for name in ["", "sw.js", *worker_files(site)["files"]]}
        other = sorted(set(online.requests) - own)
        assert other == [], f"the site asked for more than its own files: {other}"
        assert axe_violations(online.page) == []
        cdp = online.context.new_cdp_session(online.page)
        for folder in ("", "es/"):  # each language's list is installable, as its own app
            online.page.goto(server.url + folder + "index.html", wait_until="load")
            assert cdp.send("Page.getInstallabilityErrors")["installabilityErrors"] == []
            manifest = cdp.send("Page.getAppManifest")
            assert manifest["errors"] == [], manifest["errors"]
            assert manifest["url"] == server.url + folder + "manifest.webmanifest"
        online.context.set_offline(True)
        for name in pages:
            # Opened with the network cut, every page comes from the worker. A reload asks
            # the worker the same (a GET of the same address, offline_worker.js answers
            # both alike), so it is made on one page per language, not on each again.
            online.page.goto(server.url + name + "?from=home#first_name=Ana", wait_until="load")
            if name in RELOADED:
                online.page.reload(wait_until="load")
            assert_page_shows(online, site, name)
        assert online.errors == [], online.errors
    with phone(browser, profile, offline_now=True) as next_day:
        for name in ("index.html", "es/01-extensors.html", pages[-1]):
            next_day.page.goto(server.url + name, wait_until="load")
            assert_page_shows(next_day, site, name)
        next_day.page.goto(server.url + "es/", wait_until="load")
        assert_page_shows(next_day, site, "es/index.html")
        assert next_day.errors == [], next_day.errors


def test_a_new_release_reaches_the_phone_and_its_old_cache_goes(
    english_site, spanish_site, browser, tmp_path
):
    """A rebuilt site with one changed file: a new cache version; the phone's next open
    of a page fetches the new worker, which stores the new files and deletes the old
    cache, and the changed page shows its new text offline."""
    root = whole_site(english_site, spanish_site, tmp_path / "site")
    served = StaticServer(root)
    try:
        with phone(browser, tmp_path / "profile") as visitor:
            visitor.page.goto(served.url + "es/01-extensors.html", wait_until="load")
            old = visitor.wait_for_worker()
            changed = root / "es" / "plan.html" if (root / "es" / "plan.html").exists() else None
            changed = changed or root / "es" / "index.html"
            text = changed.read_text(encoding="utf-8")
            changed.write_text(text.replace("</main>", "<p>release two</p></main>"), "utf-8")
            offline.write_root_files(root)
            new_name = f"eduwidgets {served.url} {worker_files(root)['version']}"
            assert [new_name] != old
            visitor.page.goto(served.url + "index.html", wait_until="load")  # the next open
            # The browser checks sw.js soon after that navigation; the new worker stores
            # the new files, then deletes the old cache.
            assert wait_until(lambda: visitor.page.evaluate("caches.keys()") == [new_name], 60)
            visitor.context.set_offline(True)
            name = changed.relative_to(root).as_posix()
            visitor.page.goto(served.url + name, wait_until="load")
            assert "release two" in visitor.page.inner_text("main")
            assert visitor.errors == [], visitor.errors
    finally:
        served.close()


def test_pages_opened_from_files_register_nothing(english_site, spanish_site, browser, tmp_path):
    """From file:// (a site copied to a computer, a page saved from the phone) nothing is
    registered, nothing is asked of any server and no error is logged."""
    from conftest import OfflinePage

    holder = OfflinePage(browser)
    # Count every call to register (from file:// the browser refuses even to list them).
    holder.context.add_init_script(
        """if ('serviceWorker' in navigator) {
             const register = navigator.serviceWorker.register.bind(navigator.serviceWorker);
             window.eduRegisterCalls = 0;
             navigator.serviceWorker.register = function (...args) {
               window.eduRegisterCalls += 1; return register(...args); };
           }"""
    )
    try:
        for page in (english_site / "index.html", spanish_site / "01-extensors.html"):
            holder.page.goto(page.as_uri(), wait_until="load")
            assert holder.page.evaluate("window.eduRegisterCalls") == 0, page.name
            assert holder.page.evaluate("EduWidgets.offlineAllowed(window.location)") is False
        assert holder.network_requests == [] and holder.console_errors == []
    finally:
        holder.close()

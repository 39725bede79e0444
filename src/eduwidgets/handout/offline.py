"""The public site as an app on the patient's phone: a web app manifest, icons and a
service worker, written by ``eduwidgets handout --all`` (``site.build_all``).

* ``manifest.webmanifest`` in each language's folder (``site/``, ``site/es/``): the name
  and short name from ``content/app.toml`` in that language, the site's root as scope.
* ``icons/`` at the site's root: PNGs of 192 and 512 pixels, a maskable 512 and an SVG
  (``handout/icons.py``, drawn here, no image library).
* ``sw.js`` at the site's root (``handout/offline_worker.js`` after one line of data):
  on the first visit it stores every file the builds wrote under the root, both
  languages and any page added later (``plan.html``), since the list is made from the
  files there; then it answers from that store, so every page opens with no network.
  Its cache's name carries a version made from those files' bytes: a release that
  changes any file changes ``sw.js``, so phones fetch the new worker, which fills a new
  cache and deletes the old one.

Site pages say where the root is (``offline_site``, set while the build renders them),
and only they get the manifest link, the worker's registration (``handout/offline.js``,
which registers over https or on this computer only, never from ``file://``) and the
two CSP sources the worker and the manifest need. Handouts and the clinic's pages get
none of it.
"""

from __future__ import annotations

import contextlib
import contextvars
import hashlib
import json
from collections.abc import Iterator
from functools import cache
from pathlib import Path

from eduwidgets.content import DEFAULT_LANGUAGE, current_language
from eduwidgets.content.app import app_words
from eduwidgets.files import write_bytes_atomic, write_text_atomic
from eduwidgets.handout import icons
from eduwidgets.widgets import script_graph

__all__ = [
    "ICONS",
    "MANIFEST_NAME",
    "PRECACHED_SUFFIXES",
    "THEME_COLOUR",
    "WORKER_NAME",
    "manifest_json",
    "offline_root",
    "offline_script",
    "offline_site",
    "precache_files",
    "root_href",
    "site_root",
    "worker_js",
    "write_root_files",
    "write_site_files",
]

MANIFEST_NAME = "manifest.webmanifest"
WORKER_NAME = "sw.js"
ICONS_FOLDER = "icons"
THEME_COLOUR = "#{:02x}{:02x}{:02x}".format(*icons.BACKGROUND_RGB)
BACKGROUND_COLOUR = "#f5f7fa"  # the pages' background (page.css --soft): the splash screen
# (file name, pixels, purpose): Chromium asks for a 192 and a 512 px icon; Android
# draws the maskable one in its own shape.
ICONS = (
    ("icon-192.png", 192, "any"),
    ("icon-512.png", 512, "any"),
    ("icon-maskable-512.png", 512, "maskable"),
)
SVG_ICON = "icon.svg"
# What a phone stores on the first visit: the pages and what they use. PDFs are left
# out (a lesson prints from its page; a PDF per lesson would double the download).
PRECACHED_SUFFIXES = frozenset({".html", ".webmanifest", ".png", ".svg", ".css", ".js", ".json"})

_ROOT_HREF: contextvars.ContextVar[str | None] = contextvars.ContextVar("root_href", default=None)


@contextlib.contextmanager
def offline_site(root_href: str) -> Iterator[None]:
    """While rendering a site's pages: ``root_href`` is the site's root from the page
    (``""`` for the English pages, ``"../"`` for ``es/``)."""
    token = _ROOT_HREF.set(root_href)
    try:
        yield
    finally:
        _ROOT_HREF.reset(token)


def offline_root() -> str | None:
    """The site's root from the page being rendered, or None outside a site's build."""
    return _ROOT_HREF.get()


def site_root(output_dir: Path, language: str) -> Path:
    """Where the site's root is: the output folder, or its parent when another language
    is built into the folder named by its code beside the English pages (``site/es/``,
    as ``.github/workflows/pages.yml`` builds it and the language links expect)."""
    if language != DEFAULT_LANGUAGE and output_dir.resolve().name == language:
        return output_dir.resolve().parent
    return output_dir.resolve()


def root_href(output_dir: Path, language: str) -> str:
    root = site_root(output_dir, language)
    return "" if root == output_dir.resolve() else "../"


@cache
def offline_script() -> str:
    """The registration script every site page holds (``handout/offline.js``)."""
    return script_graph.bundle(["offline.js"])


def manifest_json(root_href: str, language: str | None = None) -> str:
    """The web app manifest of one language's folder: that language's start page, the
    whole site as scope (so the language switch stays in the app)."""
    words = app_words(language)
    manifest = {
        "name": words.name,
        "short_name": words.short_name,
        "description": words.description,
        "lang": language or current_language(),
        "dir": "ltr",
        "start_url": "index.html",
        "scope": root_href or "./",
        "display": "standalone",
        "theme_color": THEME_COLOUR,
        "background_color": BACKGROUND_COLOUR,
        "icons": [
            {
                "src": f"{root_href}{ICONS_FOLDER}/{name}",
                "sizes": f"{size}x{size}",
                "type": "image/png",
                "purpose": purpose,
            }
            for name, size, purpose in ICONS
        ]
        + [
            {
                "src": f"{root_href}{ICONS_FOLDER}/{SVG_ICON}",
                "sizes": "any",
                "type": "image/svg+xml",
                "purpose": "any",
            }
        ],
    }
    return json.dumps(manifest, ensure_ascii=False, indent=2) + "\n"


def _write_icons(root: Path) -> None:
    """The icons, rewritten only when they differ (their bytes are part of the version)."""
    folder = root / ICONS_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    files = {name: icons.icon_png(size, purpose == "maskable") for name, size, purpose in ICONS}
    files[SVG_ICON] = icons.icon_svg().encode("utf-8")
    for name, data in files.items():
        path = folder / name
        if not path.is_file() or path.read_bytes() != data:
            write_bytes_atomic(path, data)


def precache_files(root: Path) -> list[str]:
    """Every file under the site's root a phone stores, as paths from the root (sorted):
    pages and what they use, in every language folder; not the worker itself, nor a
    hidden or temporary file."""
    found = []
    for path in root.rglob("*"):
        relative = path.relative_to(root)
        if (
            path.is_file()
            and path.suffix in PRECACHED_SUFFIXES
            and relative.as_posix() != WORKER_NAME
            and not any(part.startswith(".") for part in relative.parts)
        ):
            found.append(relative.as_posix())
    return sorted(found)


def worker_js(root: Path, files: list[str]) -> str:
    """``sw.js``: the version and the files on its first line, then the worker. The
    version is made from every stored file's path and bytes and the worker's own code."""
    worker = script_graph.script_text("offline_worker.js")
    digest = hashlib.sha256(worker.encode("utf-8"))
    for name in files:
        digest.update(name.encode("utf-8") + b"\0")
        digest.update(hashlib.sha256((root / name).read_bytes()).digest())
    data = {"version": digest.hexdigest()[:16], "files": files}
    return f"var OFFLINE = {json.dumps(data, indent=None)};\n{worker}"


def write_root_files(root: Path) -> Path:
    """The icons, then ``sw.js`` listing every file under the site's ``root``; also what
    a site put together from several builds runs last (English at the root, ``es/``)."""
    _write_icons(root)
    return write_text_atomic(root / WORKER_NAME, worker_js(root, precache_files(root)))


def write_site_files(output_dir: Path, language: str) -> list[Path]:
    """After a build's pages: its language's manifest, then the root's icons and worker."""
    href = root_href(output_dir, language)
    manifest = write_text_atomic(output_dir / MANIFEST_NAME, manifest_json(href, language))
    return [manifest, write_root_files(site_root(output_dir, language))]

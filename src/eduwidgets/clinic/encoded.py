"""Pages made once, sent as they were made: compressed once, with a strong ETag.

A lesson page, the lesson list and the widget assets are the same for every visitor
until the lesson changes, so their gzip form and their ETag are computed once for each
made page (``encoded``) and every request after that sends bytes already made: a
browser that has the page gets ``304 Not Modified``, one that takes gzip gets about a
fifth of the bytes, and the server does no per-request hashing or compressing.

Gzip only, not brotli: every browser takes gzip, brotli would save about a sixth more
of a page that travels over a clinic's own network or this computer's loopback, and it
would add a compiled dependency to a kit that clinics install themselves.
"""

from __future__ import annotations

import gzip
import hashlib
from dataclasses import dataclass
from functools import lru_cache

import tornado.web

__all__ = ["send_page"]

GZIP_LEVEL = 9  # paid once per made page, not per request
PAGES_KEPT = 64  # lesson pages and assets in every language, with room for re-renders


@dataclass(frozen=True)
class EncodedPage:
    """A page's bytes, its gzip form, and an ETag for each (strong: they differ)."""

    body: bytes
    gzipped: bytes
    etag: str
    gzip_etag: str


@lru_cache(maxsize=PAGES_KEPT)
def encoded(text: str) -> EncodedPage:
    """The page ``text`` as bytes, compressed once. Keyed by the text itself: a page made
    again is a new text, so an edited lesson gets a new ETag."""
    body = text.encode("utf-8")
    digest = hashlib.sha256(body).hexdigest()[:32]
    gzipped = gzip.compress(body, compresslevel=GZIP_LEVEL, mtime=0)
    return EncodedPage(body, gzipped, f'"{digest}"', f'"{digest}-gzip"')


def accepts_gzip(accept_encoding: str) -> bool:
    """Whether an Accept-Encoding header takes gzip (``gzip;q=0`` refuses it)."""
    for item in accept_encoding.split(","):
        name, _, parameters = item.strip().partition(";")
        if name.strip().lower() not in ("gzip", "x-gzip", "*"):
            continue
        quality = parameters.strip().lower().removeprefix("q=")
        try:
            return not parameters.strip() or float(quality) > 0
        except ValueError:
            return False
    return False


def send_page(handler: tornado.web.RequestHandler, text: str) -> None:
    """Finish ``handler`` with a page made once: 304 when the browser's copy is current
    (If-None-Match), else the gzip form when the browser takes it, else the bytes."""
    page = encoded(text)
    request_headers = handler.request.headers
    use_gzip = accepts_gzip(request_headers.get("Accept-Encoding", ""))
    handler.set_header("Vary", "Accept-Encoding")
    handler.set_header("ETag", page.gzip_etag if use_gzip else page.etag)
    wanted = request_headers.get("If-None-Match", "")
    if wanted and (wanted.strip() == "*" or _names_etag(wanted, page)):
        handler.set_status(304)
        handler.finish()
        return
    if use_gzip:
        handler.set_header("Content-Encoding", "gzip")
    handler.finish(page.gzipped if use_gzip else page.body)


def _names_etag(if_none_match: str, page: EncodedPage) -> bool:
    """Either form's ETag: both stand for the same page (weak comparison, RFC 9110)."""
    tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
    return bool(tags & {page.etag, page.gzip_etag})

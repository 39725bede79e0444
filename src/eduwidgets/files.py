"""Atomic file writes: a reader sees the old file or the whole new one, never half of it.

Each write goes to a temporary file in the same folder (so the final rename stays
on one file system) and is moved into place with ``os.replace``. If anything
fails before that, the temporary file is removed and the target is untouched, so
a failed build leaves no partial handout behind.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

__all__ = ["atomic_path", "write_text_atomic"]

# Lesson handouts are meant to be shared; a patient's plan is private to its owner.
_PUBLIC_MODE = 0o644
_PRIVATE_MODE = 0o600


@contextlib.contextmanager
def atomic_path(path: str | Path, private: bool = False) -> Iterator[Path]:
    """Yield a temporary path next to ``path``; on success it replaces ``path``.

    Use it when another program writes the file (Chromium printing a PDF)::

        with atomic_path("plan.pdf") as tmp:
            page.pdf(path=str(tmp))
    """
    path = Path(path)
    # The real suffix stays last, so a browser opening the temporary file knows its type.
    handle, name = tempfile.mkstemp(
        prefix=f".{path.stem}.", suffix=f".tmp{path.suffix}", dir=path.parent
    )
    os.close(handle)
    tmp = Path(name)
    try:
        yield tmp
        os.chmod(tmp, _PRIVATE_MODE if private else _PUBLIC_MODE)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_bytes_atomic(path: str | Path, data: bytes, private: bool = False) -> Path:
    """Write ``data`` to ``path`` atomically; return the path."""
    with atomic_path(path, private=private) as tmp:
        with open(tmp, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
    return Path(path)


def write_text_atomic(path: str | Path, text: str, private: bool = False) -> Path:
    """Write UTF-8 ``text`` to ``path`` atomically; return the path."""
    return write_bytes_atomic(path, text.encode("utf-8"), private=private)

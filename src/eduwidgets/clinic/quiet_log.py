"""The clinic's log never holds what a patient typed.

A patient's values travel in the address fragment, which no browser sends; but a
profile-file download carries them in the query string, and anyone may type any
address. So every log line the clinic's servers write (Tornado's, Voilà's, ours) names
a request by its method and path only, and a traceback keeps its frames (file, line,
code) and each exception's type, never an exception's message, which may quote a value.
"""

from __future__ import annotations

import logging
import re
import traceback

# "?..." up to a space or a quote: a query string, in a request line or a request's repr.
__all__ = ["install", "safe_traceback"]

QUERY = re.compile(r"\?[^\s'\"]*")
# Tornado's HTTPError line is "<status> <request>: <why>", and <why> may quote a value.
HTTP_ERROR_FORMAT = "%d %s: "
WITHHELD = "(message withheld: it may quote what a patient typed)"
LOGGERS = ("tornado.access", "tornado.application", "tornado.general")


def without_query(text: str) -> str:
    return QUERY.sub("", text)


def safe_traceback(error: BaseException) -> str:
    """A traceback's frames and each chained exception's type, with no messages."""
    parts = []
    while error is not None:
        frames = "".join(traceback.format_tb(error.__traceback__))
        name = type(error).__name__
        parts.append(f"Traceback (most recent call last):\n{frames}{name} {WITHHELD}")
        error = error.__cause__ or (None if error.__suppress_context__ else error.__context__)
    return "\n\nWhile handling:\n".join(reversed(parts))


class PatientSafeFilter(logging.Filter):
    """Rewrites a record so it keeps no query string and no exception message."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str) and record.msg.startswith(HTTP_ERROR_FORMAT):
            record.msg, record.args = "%d %s", tuple(record.args[:2])
        try:
            message = record.getMessage()
        except (TypeError, ValueError):
            message = str(record.msg)
        record.msg, record.args = without_query(message), ()
        if record.exc_info and record.exc_info[1] is not None:
            record.exc_text = safe_traceback(record.exc_info[1])
            record.exc_info = None
        return True


_FILTER = PatientSafeFilter()


def install(*loggers: logging.Logger) -> None:
    """Guard Tornado's loggers, and any others given (Voilà's, the Jupyter server's)."""
    for logger in (*(logging.getLogger(name) for name in LOGGERS), *loggers):
        if _FILTER not in logger.filters:
            logger.addFilter(_FILTER)

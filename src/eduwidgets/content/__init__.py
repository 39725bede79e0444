"""Content that clinicians may edit lives in TOML files in ``eduwidgets/content/``.

This module finds, parses and checks those files, with errors that name the file,
the line, the field, the value and what is allowed; each file's loader (``content/
exercises.py``, ``red_flags.py``, ``knowledge_checks.py``, ``muscle_groups.py``) holds
the pydantic model of its file.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime
import decimal
import difflib
import os
import re
import tomllib
import types
import typing
import unicodedata
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from eduwidgets.errors import InputError

__all__ = [
    "DEFAULT_LANGUAGE",
    "LANGUAGE_ENV",
    "check_language",
    "clipped",
    "content_path",
    "current_language",
    "date_text",
    "in_language",
    "input_error",
    "language_locale",
    "languages",
    "list_text",
    "load_content",
    "load_content_model",
    "load_toml_file",
    "not_allowed",
    "number_text",
    "parse_toml",
    "percent_text",
    "plural_form",
    "use_language",
    "validate_toml",
    "validate_toml_file",
    "value_error",
    "weekday_names",
]

M = TypeVar("M", bound=BaseModel)


DEFAULT_LANGUAGE = "en"
# The language of the content a process reads when a caller names none: a renderer
# sets it for the kernel that runs a lesson, as it does the clinic config.
LANGUAGE_ENV = "EDUWIDGETS_LANGUAGE"


def _content_dir() -> Path:
    return Path(str(resources.files("eduwidgets") / "content"))


@cache
def languages() -> dict[str, str]:
    """Every language the content is written in: code -> its own name ("es": "Español").

    English is this folder; each other language is a subfolder with the same files and
    a ``language.toml``. Adding a language is adding a folder, not editing code.
    """
    found = {}
    for marker in [
        _content_dir() / "language.toml",
        *sorted(_content_dir().glob("*/language.toml")),
    ]:
        data = load_toml_file(marker)
        found[data["code"]] = data["name"]
    return found


def _language_file(language: str | None = None) -> dict:
    """A language's ``language.toml`` (the current language's when None)."""
    return _read_language_file(language or current_language())


@cache
def _read_language_file(language: str) -> dict:
    folder = _content_dir() if language == DEFAULT_LANGUAGE else _content_dir() / language
    return load_toml_file(folder / "language.toml")


def language_locale(language: str | None = None) -> str:
    """The CLDR locale Babel writes a language's numbers, dates and lists with."""
    return _language_file(language)["locale"]


def number_text(value: float, digits: int = 1, language: str | None = None) -> str:
    """A number as the language writes it, as the browser's ``toLocaleString`` does:
    2.2 / 2,2; 1,631 / 1631; 16,310 / 16.310 (Babel, CLDR)."""
    from babel.numbers import format_decimal

    language_file = _language_file(language)
    # Rounded as the browser rounds: the number as written (2.25, not the binary
    # 2.2499...), halves away from zero; Babel would round halves to even.
    rounded = decimal.Decimal(repr(float(value))).quantize(
        decimal.Decimal(1).scaleb(-digits), rounding=decimal.ROUND_HALF_UP
    )
    # Babel ignores CLDR's minimum grouping digits; a number too short to group by the
    # language's rule is written without the separator.
    shortest_grouped = 10 ** (2 + language_file.get("minimum_grouping_digits", 1))
    grouped = abs(rounded) >= shortest_grouped
    pattern = ("#,##0" if grouped else "0") + ("." + "0" * digits if digits else "")
    return format_decimal(rounded, format=pattern, locale=language_file["locale"])


def plural_form(count: float, language: str | None = None) -> str:
    """The CLDR plural category of a count in a language ("one", "many", "other"...),
    as the browser's ``Intl.PluralRules`` picks it (Babel, CLDR)."""
    from babel import Locale

    return Locale.parse(language_locale(language)).plural_form(count)


def date_text(day: datetime.date, language: str | None = None) -> str:
    """A date as the language writes it: "1 December 2026", "1 de diciembre de 2026"."""
    from babel.dates import format_date

    language_file = _language_file(language)
    return format_date(day, format=language_file["date_pattern"], locale=language_file["locale"])


def percent_text(share: float, language: str | None = None) -> str:
    """A share as a whole percent, as the language writes it: 50% / 50 % (Babel, CLDR)."""
    from babel.numbers import format_percent

    locale = language_locale(language)
    return format_percent(round(share * 100) / 100, locale=locale)


def list_text(items: list[str], language: str | None = None) -> str:
    """Words joined as the language joins a list: "a and b", "a y b" (Babel, CLDR)."""
    from babel.lists import format_list

    return format_list(list(items), locale=language_locale(language))


def weekday_names(language: str | None = None) -> list[tuple[str, str]]:
    """(short, full) name of each day, Monday first: ("Mon", "Monday"), ("lun", "lunes")."""
    from babel.dates import get_day_names

    locale = language_locale(language)
    short = get_day_names("abbreviated", locale=locale)
    full = get_day_names("wide", locale=locale)
    return [(short[day], full[day]) for day in range(7)]  # CLDR: 0 is Monday


def check_language(value: object, field: str = "language") -> str:
    """A language code we have content for; otherwise one clear message."""
    if value not in languages():
        allowed = ", ".join(f'"{code}" ({name})' for code, name in languages().items())
        raise InputError(f"{field} = {shown(value)} is not allowed: it must be one of {allowed}.")
    return value


# A language for one piece of work inside a process that serves several (the clinic
# makes its English and Spanish pages side by side); it outranks the environment.
_language_here: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "eduwidgets_language", default=None
)


def current_language() -> str:
    """The language of the work in hand (``in_language``), else ``$EDUWIDGETS_LANGUAGE``,
    else English."""
    here = _language_here.get()
    if here:
        return here
    return check_language(os.environ.get(LANGUAGE_ENV) or DEFAULT_LANGUAGE, LANGUAGE_ENV)


def use_language(code: str) -> None:
    """Speak ``code`` in this process from now on, as ``$EDUWIDGETS_LANGUAGE`` does.

    A lesson in another language calls it in its first cell (``use_language("es")``), so
    its widgets speak that language in whatever kernel runs it: a handout's, Voilà's, or
    JupyterLab's, which know nothing of the folder the notebook is in.
    """
    os.environ[LANGUAGE_ENV] = check_language(code)


@contextlib.contextmanager
def in_language(code: str):
    """Read content in ``code`` inside this block (and in tasks and threads it starts)."""
    token = _language_here.set(check_language(code))
    try:
        yield code
    finally:
        _language_here.reset(token)


def content_path(name: str, language: str | None = None) -> Path:
    """A content file in a language (the current one when None)."""
    language = check_language(language) if language else current_language()
    folder = _content_dir() if language == DEFAULT_LANGUAGE else _content_dir() / language
    return folder / name


def parse_toml(text: str, source: str) -> dict:
    """Parse TOML text; a syntax error becomes an InputError with the file and line."""
    try:
        # A byte-order mark (Windows Notepad writes one) is not part of the TOML.
        return tomllib.loads(text.removeprefix("\ufeff"))
    except tomllib.TOMLDecodeError as error:
        match = re.search(r"line (\d+)", str(error))
        raise InputError(
            f"this is not valid TOML ({error}).",
            source=source,
            line=int(match.group(1)) if match else None,
        ) from error


def load_toml_file(path: str | Path) -> dict:
    """Read and parse a TOML file given by a person; errors name the file."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError("the file does not exist.", source=str(path)) from None
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"the file cannot be read ({error}).", source=str(path)) from None
    return parse_toml(text, str(path))


def load_content(name: str, language: str | None = None) -> dict:
    """A packaged content file in a language (the current one when None), parsed once."""
    return _load_content(name, language or current_language())


@cache
def _load_content(name: str, language: str) -> dict:
    return load_toml_file(content_path(name, language))


# ---------------------------------------------------------------- checked content: pydantic models
#
# Every file a person edits is checked by a pydantic model (pydantic v2: its core is
# compiled, so the whole package imports in about 85 ms here, where jsonschema with its
# format checkers takes 1.4 s). The models carry the rules; ``input_error`` turns the
# first problem pydantic finds into one message: file, line, field, value, what is allowed.
# A rule's "allowed" text is the ``description`` of its field, or the ``allowed`` of a
# custom error (``not_allowed``).

# Plain words for pydantic's error types: "<value> is <reason>; allowed: ...".
REASONS = {
    "int_type": "not a whole number",
    "float_type": "not a number",
    "finite_number": "not a number",
    "string_type": "not text in quotes",
    "bool_type": "not true or false",
    "dict_type": "not a table",
    "model_type": "not a table",
    "model_attributes_type": "not a table",
    "list_type": "not a list",
    "tuple_type": "not a list",
    "greater_than_equal": "out of range",
    "less_than_equal": "out of range",
    "greater_than": "out of range",
    "less_than": "out of range",
    "literal_error": "not one of the allowed words",
    "string_pattern_mismatch": "not in the allowed form",
    "too_short": "too short",
    "too_long": "too long",
}


class NotAllowed(ValueError):
    """A rule's own refusal: why the value is refused, and what is allowed when not the field's.

    Pydantic keeps the exception in the error's context, where ``problem_text`` reads it.
    """

    def __init__(self, reason: str, allowed: str | None = None):
        super().__init__(reason)
        self.reason = reason
        self.allowed = allowed


def not_allowed(reason: str, allowed: str | None = None) -> NotAllowed:
    return NotAllowed(reason, allowed)


TOML_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r"}


def _toml_char(ch: str) -> str:
    """A character as a TOML string writes it; control and invisible ones (a BEL, a
    zero-width space, a direction override) as an escape, so a message shows what is there."""
    if ch in TOML_ESCAPES:
        return TOML_ESCAPES[ch]
    if unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp", "Cs"):
        return f"\\u{ord(ch):04X}" if ord(ch) < 0x10000 else f"\\U{ord(ch):08X}"
    return ch


def clipped(text: str, max_chars: int) -> str:
    """``text`` cut to ``max_chars`` with "..." at the end when it is longer (for a message)."""
    return text if len(text) <= max_chars else text[: max_chars - 3] + "..."


def shown(value: object) -> str:
    """A value as it looks in TOML (true, 3, "text"), shortened for a message."""
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, str):
        text = '"' + "".join(map(_toml_char, value)) + '"'
    else:
        text = repr(value)
    return clipped(text, 80)


def dotted(loc: tuple) -> str:
    """A pydantic location as the field name people read: ``exercises[2].id`` (from 1)."""
    out = ""
    for part in loc:
        if part == "[key]":
            continue
        out += f"[{part + 1}]" if isinstance(part, int) else ("." if out else "") + str(part)
    return out


def _key_parts(key: str) -> tuple[str, ...]:
    return tuple(part.strip().strip("\"'") for part in key.split("."))


def _resolved(keys: tuple, arrays: dict) -> tuple:
    """A table's path with the index of each array of tables it sits in."""
    path: tuple = ()
    for key in keys:
        path = (*path, key)
        if path in arrays:
            path = (*path, arrays[path])
    return path


def toml_line(text: str, loc: tuple) -> int | None:
    """The line (from 1) of the TOML text where the field at a pydantic location is written.

    A field inside an inline table or list gives the line of the key that holds it; a
    table gives its header's line.
    """
    loc, table, arrays, best, best_length = tuple(loc), (), {}, None, -1
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        header = re.match(r"^(\[\[?)\s*([^\]]+?)\s*\]", line)
        if header:
            keys = _key_parts(header.group(2))
            if header.group(1) == "[[":
                path = (*_resolved(keys[:-1], arrays), keys[-1])
                arrays[path] = arrays.get(path, -1) + 1
                table = (*path, arrays[path])
            else:
                table = _resolved(keys, arrays)
            if loc[: len(table)] == table and len(table) > best_length:
                best, best_length = number, len(table)  # the deepest table holding the field
            continue
        key = re.match(r"^([A-Za-z0-9_\-\"'. ]+?)\s*=", line)
        if key:
            full = (*table, *_key_parts(key.group(1)))
            if full == loc:
                return number
            if loc[: len(full)] == full and len(full) > best_length:
                best, best_length = number, len(full)  # an inline table or list holding it
    return best


def _annotation_parts(annotation) -> tuple[object, str | None]:
    """The model, list or dict inside an annotation, and the description it carries."""
    description = None
    for meta in getattr(annotation, "__metadata__", ()):
        description = getattr(meta, "description", None) or description
    inner = typing.get_args(annotation)[0] if hasattr(annotation, "__metadata__") else annotation
    if typing.get_origin(inner) in (typing.Union, types.UnionType):
        for arg in typing.get_args(inner):
            if arg is not type(None):
                sub, sub_description = _annotation_parts(arg)
                return sub, description or sub_description
    return inner, description


def field_rule(model: type[BaseModel], loc: tuple) -> tuple[str | None, tuple[str, ...]]:
    """The description of the field at ``loc`` and the field names allowed beside it."""
    current: object = model
    description, siblings = None, ()
    for part in loc:
        current, _ = _annotation_parts(current)
        if isinstance(current, type) and issubclass(current, BaseModel):
            # A field's key in the file is its alias when it has one ("mildly tight").
            by_key = {info.alias or name: info for name, info in current.model_fields.items()}
            siblings = tuple(by_key)
            if part not in by_key:
                return None, siblings
            info = by_key[part]
            current, description = _annotation_parts(info.annotation)
            description = info.description or description
        elif typing.get_origin(current) in (list, tuple, dict):
            current = typing.get_args(current)[-1]
            current, description = _annotation_parts(current)
        else:
            return description, siblings
    return description, siblings


def problem_text(model: type[BaseModel], error: dict, show=shown) -> str:
    """One pydantic error in plain words: the value, why it is refused, what is allowed."""
    loc = error["loc"]
    if "[key]" in loc:  # a table's key: the rule is the table's
        loc = loc[: loc.index("[key]") - 1]
    description, siblings = field_rule(model, loc)
    refusal = (error.get("ctx") or {}).get("error")
    context = vars(refusal) if isinstance(refusal, NotAllowed) else {}
    if error["type"] == "extra_forbidden":
        close = difflib.get_close_matches(str(loc[-1]), siblings, n=1)
        hint = f' Did you mean "{close[0]}"?' if close else ""
        return f"unknown field.{hint} Allowed here: {', '.join(siblings)}."
    allowed = context.get("allowed") or description
    tail = f"; allowed: {allowed}." if allowed else "."
    if error["type"] == "missing":
        return "is missing" + tail
    reason = context.get("reason") or REASONS.get(error["type"]) or error["msg"]
    if error["type"] in ("string_too_long", "string_too_short"):
        reason = f"{len(error['input'].strip())} characters long"
    if context and isinstance(error["input"], dict):  # a whole table's rule names its values
        return f"{reason[0].upper()}{reason[1:]}{tail}"
    return f"{show(error['input'])} is {reason}{tail}"


def first_problem(error: ValidationError) -> dict:
    """The problem to report: an unknown field first (often a typo of a missing one)."""
    problems = error.errors(include_url=False)
    unknown = [problem for problem in problems if problem["type"] == "extra_forbidden"]
    return (unknown or problems)[0]


def input_error(
    error: ValidationError, model: type[BaseModel], source: str, text: str | None = None
) -> InputError:
    """The first problem of a pydantic check as our InputError: file:line, field, value, allowed."""
    first = first_problem(error)
    field = dotted(first["loc"])
    line = toml_line(text, first["loc"]) if text else None
    return InputError(
        f"{field}: {problem_text(model, first)}", source=source, field=field, line=line
    )


def value_error(error: ValidationError, model: type[BaseModel]) -> ValueError:
    """The first problem of a check of Python arguments: field, value, what is allowed."""
    first = first_problem(error)
    field = dotted(first["loc"])
    problem = problem_text(model, first, show=repr)
    joint = {"missing": " ", "extra_forbidden": ": "}.get(first["type"], " = ")
    return ValueError(f"{field}{joint}{problem}")


def validate_toml(
    model: type[M], data: dict, source: str, text: str | None = None, context: dict | None = None
) -> M:
    """Check parsed TOML with a model; the first problem raises ``InputError``."""
    try:
        # A fresh context per check: rules may note what they saw (an id used twice).
        return model.model_validate(data, context=dict(context or {}))
    except ValidationError as error:
        raise input_error(error, model, source, text) from None


def validate_toml_file(model: type[M], path: str | Path, context: dict | None = None) -> M:
    """Read, parse and check a TOML file a person gave."""
    data = load_toml_file(path)
    text = Path(path).read_text(encoding="utf-8")
    return validate_toml(model, data, str(path), text, context)


def load_content_model(model: type[M], name: str, language: str | None = None) -> M:
    """A packaged content file in a language, checked by its model once per process."""
    return _load_content_model(model, name, language or current_language())


@cache
def _load_content_model(model: type[M], name: str, language: str) -> M:
    path = content_path(name, language)
    data = load_content(name, language)
    return validate_toml(model, data, str(path), path.read_text(encoding="utf-8"))

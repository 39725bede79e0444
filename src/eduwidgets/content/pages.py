"""The words around every page (``content/pages.toml``): headers, footers, the lesson
page's bar, the lesson list's form, the check of a patient's values, and the clinic's
message pages."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from eduwidgets.content import load_content, load_content_model

__all__ = [
    "PagesFile",
    "message",
    "page_texts",
    "page_words",
]

PAGES_CONTENT = "pages.toml"
MESSAGE_FIELDS = ("title", "message", "detail")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


Text = Annotated[
    str,
    AfterValidator(lambda text: " ".join(text.split())),
    Field(min_length=1, description="non-empty text in double quotes"),
]


class Kinds(_Strict):
    handout: Text
    lesson: Text
    lesson_handout: Text
    plan: Text


class Header(_Strict):
    made_on: Text
    phone: Text
    logo: Text
    logo_no_name: Text


class Footer(_Strict):
    about: Text
    your_clinic: Text
    call: Text
    call_phone: Text


class LessonPage(_Strict):
    skip: Text
    settings: Text
    lessons: Text
    all_lessons: Text
    go_to_all_lessons: Text
    larger_text: Text
    normal_text: Text
    opening: Text
    opening_wait: Text
    opening_progress: Text
    problem_heading: Text
    problem: Text
    live_only: Text
    missing_picture: Text
    figure: Text


class LanguageSwitch(_Strict):
    """The language switch on every page: its name for screen readers (each language
    is named in itself, from its ``language.toml``)."""

    label: Text


class ReadAloud(_Strict):
    """A section's read-aloud button: its words while it waits and while it reads."""

    read: Text
    stop: Text


class BracingWords(_Strict):
    """The words for a bracing rating; the keys are the values a profile stores."""

    mild: Text
    strong: Text


class HipFlexorLengthWords(_Strict):
    """The words for a Thomas-test rating; the keys (with spaces) are the stored values."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, serialize_by_alias=True)
    normal: Text
    mildly_tight: Text = Field(alias="mildly tight")
    moderately_tight: Text = Field(alias="moderately tight")
    very_tight: Text = Field(alias="very tight")


class Form(_Strict):
    oxford: Annotated[
        list[Text], Field(min_length=5, max_length=5, description="five grades, 5 down to 1")
    ]
    bracing: Annotated[BracingWords, Field(description="a table [form.bracing]: mild, strong")]
    hip_flexor_length: Annotated[
        HipFlexorLengthWords,
        Field(
            description='a table [form.hip_flexor_length]: normal, "mildly tight", '
            '"moderately tight", "very tight"'
        ),
    ]


class CheckFieldNames(_Strict):
    """How a check message names each patient field (the address's names are the keys)."""

    first_name: Text
    extensors_strength: Text
    obliques_strength: Text
    obliques_bracing: Text
    abdominals_strength: Text
    abdominals_bracing: Text
    hip_flexors_length: Text
    mass_kg: Text
    height_m: Text
    # The short address's fields (patient/session.py COMPACT_KEYS).
    version: Text
    ratings: Text
    exercises: Text
    language: Text
    note: Text


class DoseNames(_Strict):
    """How the form and a message name each dose of an exercise."""

    sets: Text
    reps: Text
    hold_s: Text
    rest_s: Text
    days_per_week: Text


class Checks(_Strict):
    """The words of the page's check of a patient's values (``patient/fields.py``)."""

    where: Text
    message: Text
    unknown: Text
    first_name: Text
    one_line: Text
    visible: Text
    utf8: Text
    cut: Text
    quoted: Text
    oxford: Text
    oxford_meanings: Annotated[
        list[Text], Field(min_length=5, max_length=5, description="five grades, 5 down to 1")
    ]
    oxford_rounding: Text
    choice: Text
    number: Text
    version: Text
    ratings: Text
    exercise: Text
    dose: Text
    language: Text
    note: Text
    dose_names: Annotated[DoseNames, Field(description="a table [checks.dose_names]")]
    field_names: Annotated[
        CheckFieldNames, Field(description="a table [checks.field_names]: one name per field")
    ]


class Message(_Strict):
    title: Text
    message: Text | None = None
    detail: Text | None = None


class Send(_Strict):
    """The "Send to phone" button and dialog (handout/send.py, templates/send.html)."""

    button: Text
    heading: Text
    intro: Text
    qr_label: Text
    address: Text
    copy_link: Text
    copied: Text
    copy_select: Text
    print: Text
    close: Text
    missing: Text
    missing_steps: list[Text] = Field(min_length=1)
    from_file: Text


class PagesFile(_Strict):
    kinds: Kinds
    header: Header
    footer: Footer
    language_switch: LanguageSwitch
    read_aloud: ReadAloud
    lesson_page: LessonPage
    form: Form
    checks: Checks
    messages: dict[str, Message]
    landing: dict[str, Text]
    send: Send


def page_words(language: str | None = None) -> dict:
    """The file's tables, checked (file, line, field, value, allowed on a mistake)."""
    return load_content_model(PagesFile, PAGES_CONTENT, language).model_dump()


def page_texts(language: str | None = None) -> list[tuple[str, str]]:
    """(field, text) for every text of the file (for the reading tests)."""
    return list(_texts(load_content(PAGES_CONTENT, language)))


def message(key: str, **values: str) -> tuple[str, str, str]:
    """A message page's (title, message, detail), placeholders filled."""
    words = page_words()["messages"][key]
    return tuple((words.get(field) or "").format(**values) for field in MESSAGE_FIELDS)


def _texts(data: dict, prefix: str = ""):
    for key, value in data.items():
        field = f"{prefix}{key}"
        if isinstance(value, dict):
            yield from _texts(value, field + ".")
        elif isinstance(value, list):
            yield from ((f"{field}[{i}]", item) for i, item in enumerate(value))
        else:
            yield field, value

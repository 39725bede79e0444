"""The teach-back questions of ``content/knowledge_checks.toml``, loaded and checked.

One ``[[check]]`` block each (the format is documented at the top of that file);
``widgets/knowledge_check.py`` shows one as a widget. A question written in a
notebook (``KnowledgeCheck(question=..., choices=[...])``) is checked by the same
model as the file.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, ValidationInfo

from eduwidgets.content import (
    content_path,
    load_content,
    not_allowed,
    validate_toml,
    value_error,
)

__all__ = [
    "CONTENT_FILE",
    "ChecksFile",
    "check_from_arguments",
    "check_ids",
    "get_check",
    "load_checks",
]

CONTENT_FILE = "knowledge_checks.toml"


@dataclass(frozen=True)
class Choice:
    """One answer: its text, whether it is right, and why (shown after answering)."""

    text: str
    correct: bool
    why: str

    def as_dict(self) -> dict:
        return {"text": self.text, "correct": self.correct, "why": self.why}


@dataclass(frozen=True)
class Check:
    id: str
    question: str
    choices: tuple[Choice, ...]


def _stripped(text: str) -> str:
    if not text.strip():
        raise not_allowed("empty")
    return text.strip()


Words = Annotated[str, AfterValidator(_stripped), Field(description="text in plain words")]


class ChoiceFields(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    text: Words
    correct: Annotated[bool, Field(description="true or false")]
    why: Annotated[Words, Field(description="why it is right or wrong, in plain words")]


def _someone_right(choices: list[ChoiceFields]) -> list[ChoiceFields]:
    if not any(choice.correct for choice in choices):
        raise not_allowed("not allowed: no choice has correct = true", "at least one right choice")
    return choices


def _unique_id(value: str, info: ValidationInfo) -> str:
    """Each id once in the file (``info.context`` notes the ids seen)."""
    seen = info.context.setdefault("check_ids", set()) if info.context is not None else set()
    if value in seen:
        raise not_allowed("used by two checks", "a unique id for each check")
    seen.add(value)
    return value


Choices = Annotated[
    list[ChoiceFields],
    AfterValidator(_someone_right),
    Field(
        min_length=2,
        description="a list of at least 2 choices ([[check.choice]] blocks), each with "
        "text, correct (true or false) and why",
    ),
]


class QuestionFields(BaseModel):
    """A question written in a notebook: the file's rules without the id."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    question: Words
    choice: Choices


class CheckFields(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    id: Annotated[
        str,
        AfterValidator(_unique_id),
        Field(
            pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$",
            description='a short name of lowercase letters, digits and "-", like "lifting-close"',
        ),
    ]
    question: Words
    choice: Choices


def _check(fields: QuestionFields | CheckFields, check_id: str) -> Check:
    choices = tuple(Choice(**choice.model_dump()) for choice in fields.choice)
    return Check(check_id, fields.question, choices)


class ChecksFile(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    check: Annotated[list[CheckFields], Field(description="[[check]] blocks")] = []


def check_from_arguments(question: object, choices: object) -> Check:
    """A question written in a notebook, checked by the file's rules; ValueError if bad."""
    if isinstance(choices, tuple):
        choices = list(choices)
    try:
        fields = QuestionFields.model_validate({"question": question, "choice": choices})
    except ValidationError as error:
        raise value_error(error, QuestionFields) from None
    return _check(fields, "")


def load_checks() -> dict[str, Check]:
    """Every check in ``content/knowledge_checks.toml``, by id, in file order.

    Raises ``InputError`` naming the file, the line, the field, the value and what is
    allowed when a check is malformed, so a lesson author can fix it from the message.
    """
    path = content_path(CONTENT_FILE)
    text = path.read_text(encoding="utf-8")
    checked = validate_toml(ChecksFile, load_content(CONTENT_FILE), str(path), text)
    return {block.id: _check(block, block.id) for block in checked.check}


def check_ids() -> list[str]:
    return list(load_checks())


def get_check(check_id: str) -> Check:
    """The check with this id; ValueError listing the known ids otherwise."""
    checks = load_checks()
    if check_id not in checks:
        raise ValueError(
            f"KnowledgeCheck {check_id!r} is not known. Known checks: {', '.join(checks)} "
            f"(add new ones to {content_path(CONTENT_FILE)})."
        )
    return checks[check_id]

"""KnowledgeCheck: a teach-back question whose feedback explains every choice.

Checks are data: ``content/knowledge_checks.toml`` holds one ``[[check]]`` block
each (the format is documented at the top of that file). The front end is
``widgets/knowledge_check.js``; live and static pages run the same render code::

    KnowledgeCheck("gallery-lifting")
    KnowledgeCheck(
        question="Which is easier on your back?",
        choices=[
            {"text": "A box held close", "correct": True, "why": "..."},
            {"text": "A box held far away", "correct": False, "why": "..."},
        ],
    )

The reader's answer syncs back to Python as ``answer`` (the index of the choice,
-1 before an answer) so a clinician can see it; nothing is stored anywhere.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import traitlets

from eduwidgets.content import content_path, load_content
from eduwidgets.errors import InputError
from eduwidgets.widgets.client import ClientWidget

__all__ = ["Check", "Choice", "KnowledgeCheck", "check_ids", "get_check", "load_checks"]

CONTENT_FILE = "knowledge_checks.toml"
ID_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
CHOICE_FIELDS = ("text", "correct", "why")


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


def make_check(check_id: str, question: object, choices: object) -> Check:
    """Check one question; ValueError naming the field and what is allowed otherwise."""
    where = f'check "{check_id}"' if check_id else "KnowledgeCheck"
    if not isinstance(question, str) or not question.strip():
        raise ValueError(f"{where}: question = {question!r} is not allowed: it must be text.")
    if isinstance(choices, str | bytes) or not isinstance(choices, Sequence) or len(choices) < 2:
        raise ValueError(
            f"{where}: choices = {choices!r} is not allowed: it must be a list of at least "
            "2 choices, each with text, correct (True or False) and why."
        )
    made = []
    for number, choice in enumerate(choices, start=1):
        label = f"{where}, choice {number}"
        if not isinstance(choice, Mapping):
            raise ValueError(
                f"{label} = {choice!r} is not allowed: it must be a table (dict) with "
                "text, correct and why."
            )
        unknown = sorted(set(choice) - set(CHOICE_FIELDS))
        if unknown:
            raise ValueError(
                f"{label} has unknown field(s) {', '.join(unknown)}; "
                f"allowed: {', '.join(CHOICE_FIELDS)}."
            )
        for field in ("text", "why"):
            value = choice.get(field)
            if not isinstance(value, str) or not value.strip():
                raise ValueError(
                    f"{label}: {field} = {value!r} is not allowed: every choice needs "
                    f"a {field} in plain words."
                )
        if not isinstance(choice.get("correct"), bool):
            raise ValueError(
                f"{label}: correct = {choice.get('correct')!r} is not allowed: "
                "it must be true or false."
            )
        made.append(Choice(choice["text"].strip(), choice["correct"], choice["why"].strip()))
    if not any(choice.correct for choice in made):
        raise ValueError(f"{where}: no choice has correct = true; at least one must be right.")
    return Check(check_id, question.strip(), tuple(made))


def _line_of_id(check_id: str) -> int | None:
    """The line of `id = "check_id"` in the content file, for error messages."""
    pattern = re.compile(rf"^\s*id\s*=\s*[\"']{re.escape(check_id)}[\"']")
    lines = content_path(CONTENT_FILE).read_text(encoding="utf-8").splitlines()
    return next((n for n, line in enumerate(lines, start=1) if pattern.match(line)), None)


def load_checks() -> dict[str, Check]:
    """Every check in ``content/knowledge_checks.toml``, by id, in file order.

    Raises ``InputError`` naming the file, the check, the field and its line when
    a check is malformed, so a lesson author can fix it from the message alone.
    """
    data = load_content(CONTENT_FILE)
    source = str(content_path(CONTENT_FILE))
    unknown = sorted(set(data) - {"check"})
    if unknown:
        raise InputError(
            f"unknown top-level field(s) {', '.join(unknown)}; only [[check]] blocks are allowed.",
            source=source,
        )
    blocks = data.get("check", [])
    if not isinstance(blocks, list) or not all(isinstance(b, dict) for b in blocks):
        raise InputError(
            'each check must be a [[check]] block (two square brackets), not "check = ...".',
            source=source,
            field="check",
        )
    checks: dict[str, Check] = {}
    for number, block in enumerate(blocks, start=1):
        check_id = block.get("id")
        if not isinstance(check_id, str) or not ID_PATTERN.fullmatch(check_id):
            raise InputError(
                f"check number {number}: id = {check_id!r} is not allowed: it must be a "
                'short name of lowercase letters, digits and "-", like "lifting-close".',
                source=source,
                field="id",
            )
        line = _line_of_id(check_id)
        if check_id in checks:
            raise InputError(
                f'two checks have id = "{check_id}"; each id must be unique.',
                source=source,
                field="id",
                line=line,
            )
        extra = sorted(set(block) - {"id", "question", "choice"})
        if extra:
            raise InputError(
                f'check "{check_id}" has unknown field(s) {", ".join(extra)}; '
                "allowed: id, question, and [[check.choice]] blocks.",
                source=source,
                field=extra[0],
                line=line,
            )
        try:
            checks[check_id] = make_check(check_id, block.get("question"), block.get("choice"))
        except ValueError as error:
            raise InputError(str(error), source=source, field=check_id, line=line) from None
    return checks


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


class KnowledgeCheck(ClientWidget):
    """A teach-back question; after an answer, feedback on why each choice is right or wrong.

    Parameters
    ----------
    check_id : str, optional
        The id of a check in ``content/knowledge_checks.toml``.
    question : str, optional
        The question, when not using ``check_id``.
    choices : list of dict, optional
        With ``question``: each choice a dict with ``text`` (str), ``correct`` (bool)
        and ``why`` (str). At least 2 choices, at least one correct.

    Attributes
    ----------
    answer : int
        The index of the choice the reader checked, or -1 before an answer (or
        after "Try again"). Synced from the page; kept only in memory.
    """

    KIND = "knowledge-check"

    check_id = traitlets.Unicode("").tag(sync=True)
    question = traitlets.Unicode("").tag(sync=True)
    choices = traitlets.List(traitlets.Dict()).tag(sync=True)
    answer = traitlets.Int(-1).tag(sync=True)

    def __init__(
        self,
        check_id: str | None = None,
        *,
        question: str | None = None,
        choices: Sequence[Mapping] | None = None,
        **kwargs,
    ):
        if check_id is not None and (question is not None or choices is not None):
            raise ValueError(
                'KnowledgeCheck takes either a check id, like KnowledgeCheck("gallery-lifting"), '
                "or question= and choices=, not both."
            )
        if check_id is not None:
            if not isinstance(check_id, str):
                raise ValueError(
                    f"KnowledgeCheck id = {check_id!r} is not allowed: it must be text. "
                    f"Known checks: {', '.join(check_ids())}."
                )
            check = get_check(check_id)
        elif question is None and choices is None:
            raise ValueError(
                'KnowledgeCheck needs a check id, like KnowledgeCheck("gallery-lifting"), '
                f"or question= and choices=. Known checks: {', '.join(check_ids())}."
            )
        else:
            check = make_check("", question, choices)
        super().__init__(
            check_id=check.id,
            question=check.question,
            choices=[choice.as_dict() for choice in check.choices],
            **kwargs,
        )

    @traitlets.validate("answer")
    def _valid_answer(self, proposal):
        value = proposal["value"]
        if not -1 <= value < len(self.choices):
            raise traitlets.TraitError(
                f"answer = {value!r} is not allowed: it must be -1 (no answer) or a choice "
                f"number from 0 to {len(self.choices) - 1}."
            )
        return value

    @property
    def answered_correctly(self) -> bool | None:
        """True or False once the reader has checked an answer; None before."""
        return None if self.answer < 0 else bool(self.choices[self.answer]["correct"])

    def static_label(self) -> str:
        # The question makes the region's name unique: a lesson page holds several checks
        # (axe: landmark-unique).
        return f"Check your understanding: {self.question}"

    def static_fallback_html(self) -> str:
        """The question with every choice and its explanation, as safe HTML."""
        items = "".join(
            "<li>{text} <strong>{mark}</strong> {why}</li>".format(
                text=html.escape(choice["text"]),
                mark="Right:" if choice["correct"] else "Not quite:",
                why=html.escape(choice["why"]),
            )
            for choice in self.choices
        )
        return f"<p><strong>{html.escape(self.question)}</strong></p><ul>{items}</ul>"

"""KnowledgeCheck: a teach-back question whose feedback explains every choice.

Checks are data: ``content/knowledge_checks.toml`` holds one ``[[check]]`` block
each, loaded and checked by ``eduwidgets.content.knowledge_checks``. The front end is
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
from collections.abc import Mapping, Sequence

import traitlets

from eduwidgets.content.knowledge_checks import (
    check_from_arguments,
    check_ids,
    get_check,
)
from eduwidgets.widgets import static
from eduwidgets.widgets.live import LiveWidget

# check_ids is re-exported: a notebook cell may pick a check by its place in the file.
__all__ = ["KnowledgeCheck"]

# The mark before each explanation, by whether the choice is right (widget_words.toml).
MARKS = {True: "check.right", False: "check.not_quite"}


class KnowledgeCheck(LiveWidget):
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
            check = check_from_arguments(question, choices)
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
        return static.say("check.region_label", question=self.question)

    def static_fallback_html(self) -> str:
        """The question with every choice and its explanation, as safe HTML."""
        items = "".join(
            "<li>{text} <strong>{mark}</strong> {why}</li>".format(
                text=html.escape(choice["text"]),
                mark=html.escape(static.say(MARKS[bool(choice["correct"])])),
                why=html.escape(choice["why"]),
            )
            for choice in self.choices
        )
        return f"<p><strong>{html.escape(self.question)}</strong></p><ul>{items}</ul>"

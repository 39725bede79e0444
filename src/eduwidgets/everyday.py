"""Everyday tasks as a scale for the push on the lower back.

A patient cannot use "1,631 N"; they can use "about 3 times the push of standing
up straight, more than bending over a sink". The tasks are model inputs in one
content file (``content/everyday_tasks.toml``), and the model computes each
task's push for the patient's own body, so the scale is never typed in.
The browser twin is ``EduWidgets.everyday`` in ``widgets/everyday.js``.
"""

from __future__ import annotations

from dataclasses import fields
from decimal import ROUND_HALF_UP, Decimal
from functools import cache

from eduwidgets.content import current_language, load_content, number_text
from eduwidgets.errors import InputError
from eduwidgets.model import Body, Muscles, Posture, lumbar_load, lumbar_load_range

__all__ = [
    "BEND_ANGLES_DEG",
    "compared_tasks",
    "everyday_content",
    "everyday_loads",
    "lead_sentence",
    "multiple_text",
    "place_sentence",
    "reference_compression_n",
    "reference_push_n",
    "reference_task",
    "task_posture",
]

TASKS_FILE = "everyday_tasks.toml"
POSTURE_FIELDS = tuple(f.name for f in fields(Posture))
"""Inputs a task may set; the rest keep their defaults (typical muscles, no tension)."""
BEND_ANGLES_DEG = tuple(float(deg) for deg in range(0, 91, 5))
"""Where the bend chart samples the push [deg]: every 5 degrees from upright to 90. The
page reads the same list as data (``static.page_constants``)."""


def everyday_content() -> dict:
    """The tasks and their words, checked: every task names only Posture inputs, and
    the reference and every comparison name tasks of the file."""
    return _checked_content(current_language())


@cache  # the file is parsed once per language (load_content): check it once too
def _checked_content(language: str) -> dict:
    content = load_content(TASKS_FILE, language)
    keys = set()
    for task in (*content["tasks"], *content.get("other_tasks", [])):
        extra = set(task) - {"key", "label", *POSTURE_FIELDS}
        if extra:
            raise InputError(
                f"task {task.get('key')!r} has {', '.join(sorted(extra))}: a task may set "
                f"key, label and {', '.join(POSTURE_FIELDS)}.",
                source=TASKS_FILE,
            )
        task_posture(task)  # raises ValueError naming the field, value and range
        keys.add(task["key"])
    named = [("reference.key", content["reference"]["key"])]
    for name, wanted in content.get("comparisons", {}).items():
        named += [(f"comparisons.{name}", key) for key in wanted]
    for field, key in named:
        if key not in keys:
            raise InputError(
                f"{field}: {key!r} is not a task: use one of {', '.join(sorted(keys))}.",
                source=TASKS_FILE,
            )
    return content


def compared_tasks(name: str) -> list[dict]:
    """The tasks one page compares (``[comparisons]`` of the file), in order: each a dict
    with ``key``, ``label`` and its Posture inputs (``task_posture`` makes the Posture)."""
    content = everyday_content()
    if name not in content.get("comparisons", {}):
        raise InputError(
            f"comparisons.{name} is missing: list the task keys that page compares.",
            source=TASKS_FILE,
        )
    by_key = {task["key"]: task for task in (*content["tasks"], *content["other_tasks"])}
    return [by_key[key] for key in content["comparisons"][name]]


def task_posture(task: dict) -> Posture:
    return Posture(**{name: task[name] for name in POSTURE_FIELDS if name in task})


def everyday_loads(body: Body | None = None) -> list[dict]:
    """Each task's push for this body, with typical muscles, smallest push first.

    Returns dicts with ``key``, ``label``, ``compression_n`` and ``multiple`` (the
    push divided by the reference task's push, standing up straight by default).
    """
    content = everyday_content()
    pushes = {
        task["key"]: lumbar_load(body, task_posture(task)).compression_n
        for task in content["tasks"]
    }
    reference_n = pushes[reference_task(content)["key"]]
    rows = [
        {
            "key": task["key"],
            "label": task["label"],
            "compression_n": pushes[task["key"]],
            "multiple": pushes[task["key"]] / reference_n,
        }
        for task in content["tasks"]
    ]
    return sorted(rows, key=lambda row: row["compression_n"])


def reference_compression_n(body: Body | None = None) -> float:
    """The push of the reference task (standing up straight) for this body [N]."""
    return lumbar_load(body, task_posture(reference_task())).compression_n


def reference_task(content: dict | None = None) -> dict:
    """The task every push is told against (standing up straight): the one place this
    runtime looks it up (the page's is ``referenceTask`` in ``widgets/everyday.js``)."""
    content = content or everyday_content()
    return next(t for t in content["tasks"] if t["key"] == content["reference"]["key"])


def reference_push_n(rows: list[dict]) -> float:
    """The reference task's push among ``everyday_loads`` rows [N]."""
    key = reference_task()["key"]
    return next(row["compression_n"] for row in rows if row["key"] == key)


def format_multiple(multiple: float) -> str:
    """One decimal, rounded as the browser's ``toFixed(1)`` does: the exact binary value,
    ties away from zero (Python's own format rounds ties to even)."""
    return str(Decimal(multiple).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def multiple_text(multiple: float) -> str:
    """``format_multiple`` as the reader's language writes it ("0.7" / "0,7"), as the
    browser's ``EduWidgets.everyday.formatMultiple`` does."""
    return number_text(float(format_multiple(multiple)), 1)


def place_sentence(multiple: float, loads: list[dict], words: dict | None = None) -> str:
    """Where a push falls among the tasks, in words; tasks within 0.05 of it are "the same"."""
    words = words or everyday_content()["words"]
    shown = float(format_multiple(multiple))
    same = [row for row in loads if float(format_multiple(row["multiple"])) == shown]
    if same:
        return words["same_as"].replace("{task}", same[0]["label"].lower())
    lower = [row for row in loads if row["multiple"] < multiple]
    higher = [row for row in loads if row["multiple"] > multiple]
    if not lower:
        return words["below_all"].replace("{lowest}", higher[0]["label"].lower())
    if not higher:
        return words["above_all"].replace("{highest}", lower[-1]["label"].lower())
    return (
        words["between"]
        .replace("{lower}", lower[-1]["label"].lower())
        .replace("{higher}", higher[0]["label"].lower())
    )


def lead_sentence(multiple: float, words: dict | None = None) -> str:
    words = words or everyday_content()["words"]
    return words["lead"].replace("{multiple}", multiple_text(multiple))


def multiple_range(
    posture: Posture, body: Body | None = None, muscles: Muscles | None = None
) -> tuple[float, float]:
    """The push of a posture as a multiple of standing up straight, at the two ends of the
    model's uncertain constants (``model.lumbar_load_range``): each end against standing
    under the same constants."""
    standing = lumbar_load_range(body, task_posture(reference_task()))
    ends = lumbar_load_range(body, posture, muscles)
    ratios = [
        end.compression_n / ref.compression_n for end, ref in zip(ends, standing, strict=True)
    ]
    return min(ratios), max(ratios)


def range_numbers(low: float, high: float) -> tuple[str, str] | None:
    """The two ends as a patient reads them: whole numbers from 2 up, one decimal below;
    None when both ends round to the same number (the range does not matter there)."""

    def shown(value: float) -> str:
        return number_text(round(value), 0) if value >= 2 else multiple_text(value)

    return None if shown(low) == shown(high) else (shown(low), shown(high))


def range_sentence(low: float, high: float, words: dict | None = None) -> str:
    """ "about 4 to 6 times" (``range_numbers``), or "" where the range does not matter."""
    words = words or everyday_content()["words"]
    ends = range_numbers(low, high)
    if ends is None:
        return ""
    return words["range"].replace("{low}", ends[0]).replace("{high}", ends[1])

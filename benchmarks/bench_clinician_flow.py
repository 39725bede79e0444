"""A clinician makes a full plan in the clinic and sends it to the patient's phone: how
many clicks and keystrokes, and how long they take by the Keystroke-Level Model.

A scripted Chromium run (Playwright) on ``eduwidgets clinic`` with a ``public_url``: open
the form, type the name, rate the muscles, type weight and height, pick three exercises
and change one dose, write a note, choose the language, press "Send to phone" (the
dialog with the QR code opens). Every action the script takes is counted as the person
would do it, and turned into time with the Keystroke-Level Model:

    Card, S. K., Moran, T. P. and Newell, A. (1980). The keystroke-level model for user
    performance time with interactive systems. Communications of the ACM 23(7), 396-410.
    https://doi.org/10.1145/358886.358895

K = 0.28 s a keystroke (an average typist, 40 words a minute), P = 1.1 s pointing with
the mouse, B = 0.1 s a mouse button press or release (a click is both: 0.2 s), H = 0.4 s
moving the hand between keyboard and mouse, M = 1.35 s a mental step (one per decision:
each field, and the send). System response time is left out: the page answers at once.

Every step is scripted: the run fails if the dialog's address does not hold the plan
made (the name, three exercises with the changed dose, the language).
"""

from __future__ import annotations

import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import NamedTuple

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

# Keystroke-Level Model operators, seconds (Card, Moran & Newell 1980, table 2).
K_S = 0.28  # one keystroke, average skilled typist (40 wpm)
P_S = 1.1  # point with the mouse at a target on the screen
B_S = 0.1  # press or release a mouse button (a click is two)
H_S = 0.4  # home the hand on the keyboard or the mouse
M_S = 1.35  # mentally prepare (one per decision)
GOAL_S = 60.0
PUBLIC_URL = "https://lessons.example.org/back"

TITLE = "Clinician flow: a full plan made and sent to a phone (Keystroke-Level Model)"
NOTE = (
    "A scripted Chromium run on `eduwidgets clinic` with a public_url: each action the "
    "script takes is counted as a person does it and timed with the Keystroke-Level Model "
    "(Card, Moran & Newell 1980, Commun. ACM 23(7):396-410): K 0.28 s a key, P 1.1 s "
    "pointing, B 0.1 s a button press or release (a click 0.2 s), H 0.4 s hand between "
    "keyboard and mouse, M 1.35 s a decision (one a field, one for the send). A menu "
    "choice is two clicks (open, choose). The same plan twice: with the mouse, and from "
    "the keyboard (Tab to each field, type; a menu takes the shortest start of its "
    "choice that no other choice shares; Tab into a number selects it, so typing "
    "replaces it; Space ticks a box); with the mouse a dose is clicked, selected with "
    "Ctrl+A and typed. Every step runs in the browser. Model time, not the machine's."
)


class Step(NamedTuple):
    """One thing the clinician does. ``kind``: "click", "tick" (a checkbox: a click, or
    Space from the keyboard), "type" (click in, type ``text``),
    "replace" (select the field's number, type ``text``), "select" (open the menu, choose
    ``text``)."""

    name: str
    kind: str
    selector: str
    text: str = ""


# Every selector in one place. Planned steps (selector None) wait for issue24-fragment's
# exercise picker, note and language: set the selector and the run scripts them.
STEPS = [
    Step("open the form", "click", "details.clinician summary"),
    Step("first name", "type", "#first_name", "Quillon"),
    Step("back muscles: strength", "select", "#extensors_strength", "3"),
    Step("side muscles: strength", "select", "#obliques_strength", "4"),
    Step("side muscles: bracing", "select", "#obliques_bracing", "strong"),
    Step("front muscles: strength", "select", "#abdominals_strength", "4"),
    Step("hip flexors: length", "select", "#hip_flexors_length", "very tight"),
    Step("weight (kg)", "type", "#mass_kg", "82"),
    Step("height (m)", "type", "#height_m", "1.74"),
    Step("exercise 1: pick", "tick", "#x-bird-dog"),
    Step("exercise 2: pick", "tick", "#x-glute-bridge"),
    Step("exercise 3: pick", "tick", "#x-half-kneeling-hip-flexor-stretch"),
    Step("exercise 3: change the reps", "replace", "#x-half-kneeling-hip-flexor-stretch-reps", "4"),
    Step("note", "type", "#note", "Walk 10 minutes each day."),
    Step("language", "select", "#plan_language", "es"),
    Step("send to phone", "click", "#edu-send-open"),
]
DIALOG = "#edu-send-dialog[open]"


def mouse_operators(step: Step, hand: str) -> tuple[list[str], str]:
    """The KLM operators of a step done with the mouse (and typing where there is text),
    and where the hand ends ("mouse" or "keys")."""
    ops = ["M"] + (["H"] if hand != "mouse" else []) + ["P", "B", "B"]
    if step.kind == "select":
        ops += ["P", "B", "B"]
        return ops, "mouse"
    if step.kind == "replace":  # click in, Ctrl+A selects the number, type the new one
        ops += ["H", "K", "K"] + ["K"] * len(step.text)
        return ops, "keys"
    if step.kind == "type":
        ops += ["H"] + ["K"] * len(step.text)
        return ops, "keys"
    return ops, "mouse"


def seconds(ops: list[str]) -> float:
    return sum({"K": K_S, "P": P_S, "B": B_S, "H": H_S, "M": M_S}[op] for op in ops)


def by_mouse(page, step: Step) -> list[str]:
    """Do the step in the browser with the mouse, as the person would."""
    if step.kind == "select":
        page.locator(step.selector).select_option(step.text)
    elif step.kind == "replace":
        page.locator(step.selector).click()
        page.keyboard.press("Control+a")
        page.keyboard.type(step.text)
        _check_value(page, step)
    elif step.kind == "type":
        page.locator(step.selector).click()
        page.keyboard.type(step.text)
    else:
        page.locator(step.selector).click()
    return []


def _check_value(page, step: Step) -> None:
    """The field holds what the clinician meant (a double click or Tab selected the old
    number, so typing replaced it)."""
    value = page.eval_on_selector(step.selector, "(s) => s.value")
    if value != step.text:
        raise RuntimeError(f"{step.selector} holds {value!r}, not {step.text!r}")


def tab_to(page, selector: str) -> int:
    """Press Tab until the focus is on ``selector``; how many presses it took."""
    for presses in range(1, 30):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return presses
    raise RuntimeError(f"Tab never reached {selector}")


def by_keyboard(page, step: Step) -> list[str]:
    """Do the step from the keyboard: Tab to the field, type; a menu takes the shortest
    start of its choice's words that no other choice shares (the browser's type-ahead)."""
    if step.kind == "click" and step.selector == STEPS[0].selector:
        return by_mouse(page, step) or ["P", "B", "B", "H"]  # the form opens with a click
    keys = ["K"] * tab_to(page, step.selector)
    if step.kind == "select":
        labels = page.eval_on_selector(
            step.selector, "(s) => Array.from(s.options).map((o) => [o.value, o.text])"
        )
        wanted = next(text for value, text in labels if value == step.text).lower()
        others = [text.lower() for value, text in labels if value != step.text]
        prefix = next(
            wanted[:n]
            for n in range(1, len(wanted) + 1)
            if not any(o.startswith(wanted[:n]) for o in others)
        )
        page.keyboard.type(prefix)
        chosen = page.eval_on_selector(step.selector, "(s) => s.value")
        if chosen != step.text:
            raise RuntimeError(f"typing {prefix!r} chose {chosen!r} in {step.selector}")
        return keys + ["K"] * len(prefix)
    if step.kind in ("type", "replace"):
        page.keyboard.type(step.text)  # Tab into a number selects it: typing replaces it
        if step.kind == "replace":
            _check_value(page, step)
        return keys + ["K"] * len(step.text)
    # A checkbox ticks with Space; the send button presses with Enter.
    page.keyboard.press("Space" if step.kind == "tick" else "Enter")
    return [*keys, "K"]


def flow(page, keyboard: bool) -> list[list[str]]:
    """Every step's KLM operators, each step done in the browser with the mouse or the
    keyboard."""
    done, hand = [], "mouse"
    for step in STEPS:
        if not keyboard:
            ops, hand = mouse_operators(step, hand)
            by_mouse(page, step)
        else:
            ops = ["M"] + (["H"] if hand == "mouse" and step is not STEPS[0] else [])
            ops += by_keyboard(page, step)
            hand = "keys"
        done.append(ops)
    page.wait_for_selector(DIALOG)
    return done


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _start_clinic(folder: Path) -> tuple[subprocess.Popen, str]:
    """The clinic with a public_url, on one short lesson (the flow is the form's)."""
    import nbformat

    lessons = folder / "lessons"
    lessons.mkdir()
    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    notebook.cells = [nbformat.v4.new_markdown_cell("# A lesson\n\nA short page.")]
    nbformat.write(notebook, lessons / "01-a-lesson.ipynb")
    config = folder / "clinic.toml"
    config.write_text(f'public_url = "{PUBLIC_URL}"\n', encoding="utf-8")
    port = _free_port()
    command = [sys.executable, "-m", "eduwidgets.cli", "clinic", "--port", str(port)]
    command += ["--notebooks", str(lessons), "--clinic", str(config)]
    command += ["--cache-dir", str(folder / "cache")]
    log = open(folder / "clinic.log", "w")
    process = subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError((folder / "clinic.log").read_text())
        try:
            with urllib.request.urlopen(url, timeout=5):
                return process, url
        except OSError:
            time.sleep(0.3)
    process.kill()
    raise RuntimeError(f"{url} did not answer")


def _rows(mouse: list, keyboard: list, address: str) -> list[dict]:
    rows = []
    for step, m_ops, k_ops in zip(STEPS, mouse, keyboard, strict=True):
        rows.append(
            {
                "step": step.name,
                "mouse: clicks, keys": f"{m_ops.count('B') // 2}, {m_ops.count('K')}",
                "mouse KLM": " ".join(m_ops),
                "mouse s": f"{seconds(m_ops):.2f}",
                "keyboard: clicks, keys": f"{k_ops.count('B') // 2}, {k_ops.count('K')}",
                "keyboard s": f"{seconds(k_ops):.2f}",
            }
        )
    totals = {}
    for name, done in (("mouse", mouse), ("keyboard", keyboard)):
        ops = [op for step_ops in done for op in step_ops]
        total = seconds(ops)
        verdict = "met" if total < GOAL_S else "NOT met"
        totals[name] = (ops, f"{total:.1f} ({verdict})")
    rows.append(
        {
            "step": f"total of {len(STEPS)} steps (goal: under {GOAL_S:.0f} s)",
            "mouse: clicks, keys": f"{totals['mouse'][0].count('B') // 2}, "
            f"{totals['mouse'][0].count('K')}",
            "mouse KLM": f"address in the QR code: {len(address)} characters",
            "mouse s": totals["mouse"][1],
            "keyboard: clicks, keys": f"{totals['keyboard'][0].count('B') // 2}, "
            f"{totals['keyboard'][0].count('K')}",
            "keyboard s": totals["keyboard"][1],
        }
    )
    return rows


def _check_address(address: str) -> None:
    """The address the QR code carries is the plan the clinician made, in Spanish."""
    fragment = address.partition("#")[2]
    fields = dict(part.split("=", 1) for part in fragment.split("&"))
    exercises = fields.get("x", "").split(",")
    if not (
        address.startswith(PUBLIC_URL + "/es/plan.html#")
        and fields.get("n") == "Quillon"
        and len(exercises) == 3
        and any(".r4" in code for code in exercises)
    ):
        raise RuntimeError(f"the dialog's address is {address!r}")


def run() -> list[dict]:
    from playwright.sync_api import sync_playwright

    from eduwidgets.handout.browser import launch

    folder = Path(tempfile.mkdtemp(prefix="bench-flow-"))
    process, url = _start_clinic(folder)
    try:
        with sync_playwright() as playwright:
            browser = launch(playwright)
            done = {}
            for keyboard in (False, True):
                page = browser.new_page()
                page.goto(url)
                done[keyboard] = flow(page, keyboard)
                address = page.locator("#edu-send-address").input_value()
                _check_address(address)
                page.close()
            browser.close()
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
        shutil.rmtree(folder, ignore_errors=True)
    return _rows(done[False], done[True], address)


if __name__ == "__main__":
    from run import table

    print(table(run()))

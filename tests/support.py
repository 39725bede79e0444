"""What several test modules share (test modules never import from each other:
tests/test_code_shape.py checks that). First, every text of one language, as (where,
text) pairs, for the all-language word tests.

A language's texts are its content files (``src/eduwidgets/content/*.toml`` for
English, ``content/<code>/*.toml`` for another language: the widgets' words, the
pages' words, exercises, warning signs, the plan...) and its lessons (``notebooks/``
or ``notebooks/<code>/``): each markdown cell, and the title= and prompt= of each
widget call. Citations (a list line with a year in brackets, or a content file's
sources) are left out: they keep the paper's own words.
"""

from __future__ import annotations

import ast
import re
import signal
import socket
import subprocess
import sys
import time
import tomllib
import urllib.error
import urllib.request
from functools import cache
from pathlib import Path

import nbformat
import pytest

from eduwidgets import content
from eduwidgets.content import content_path
from eduwidgets.widgets import static

from conftest import NOTEBOOKS_DIR, ROOT

LANGUAGES = list(content.languages())
ENGLISH_CONTENT_DIR = content_path("red_flags.toml", "en").parent
# Files that describe words rather than show them to a patient.
NOT_SHOWN = {"glossary.toml", "language.toml"}
# Keys whose values are citations or identifiers, not words a person reads.
NOT_WORDS = {"sources", "source", "references", "title_en", "journal", "id", "kind"}
CITATION = re.compile(r"^\s*[-*]\s.*\((?:19|20)\d\d[a-z]?[,)]")
SPOKEN_ARGUMENTS = ("title", "prompt")


def content_dir(language: str) -> Path:
    return ENGLISH_CONTENT_DIR if language == "en" else ENGLISH_CONTENT_DIR / language


def lessons_dir(language: str) -> Path:
    return NOTEBOOKS_DIR if language == "en" else NOTEBOOKS_DIR / language


@cache
def glossary(language: str) -> dict:
    return tomllib.loads((content_dir(language) / "glossary.toml").read_text(encoding="utf-8"))


def content_files(language: str) -> list[Path]:
    return sorted(p for p in content_dir(language).glob("*.toml") if p.name not in NOT_SHOWN)


def lesson_files(language: str) -> list[Path]:
    return sorted(lessons_dir(language).glob("[0-9][0-9]-*.ipynb"))


def language_files(language: str) -> list[Path]:
    return content_files(language) + lesson_files(language)


def _values(value, path: str):
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            if key not in NOT_WORDS:
                yield from _values(item, f"{path}.{key}" if path else key)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _values(item, f"{path}[{index}]")


def spoken_words(source: str) -> list[str]:
    """The words a widget call shows a patient: its title= and prompt= strings."""
    return [
        node.value.value
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.keyword)
        and node.arg in SPOKEN_ARGUMENTS
        and isinstance(node.value, ast.Constant)
        and isinstance(node.value.value, str)
    ]


def without_citations(markdown: str) -> str:
    return "\n".join(line for line in markdown.splitlines() if not CITATION.match(line))


@cache
def file_texts(path: Path) -> list[tuple[str, str]]:
    """(where, text) for each text of one content file or lesson. ``where`` names the
    key ("exercises.bird-dog.steps[1]") or the cell ("cell 03-07")."""
    if path.suffix == ".toml":
        return list(_values(tomllib.loads(path.read_text(encoding="utf-8")), ""))
    found = []
    for index, cell in enumerate(nbformat.read(path, as_version=4).cells):
        where = f"cell {cell.get('id', index)}"
        if cell.cell_type == "markdown":
            found.append((where, without_citations(cell.source)))
        elif cell.cell_type == "code":
            found += [(where, words) for words in spoken_words(cell.source)]
    return found


def shown_name(path: Path) -> str:
    return str(path.relative_to(NOTEBOOKS_DIR.parent))


# ---------------------------------------------------------------- the clinic app


READY_LINE = "eduwidgets clinic: ready"


START_TIMEOUT_S = 180


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def kernel_pids(parent_pid: int) -> set[int]:
    """Kernel processes started by the server (children running ipykernel), via /proc."""
    found = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().decode(errors="replace")
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        if ppid == parent_pid and "ipykernel" in cmdline:
            found.add(int(entry.name))
    return found


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


class Clinic:
    """``eduwidgets clinic`` in a subprocess, on a free loopback port.

    It waits until the log says ``until`` ("" to wait only for the server to answer)
    and the lesson list answers, for at most ``start_timeout_s``; ``prefix`` runs the
    command under another (``setpriv``, to drop root's power to write anywhere).
    """

    def __init__(
        self, log_path: Path, *args: str, until: str = READY_LINE,
        start_timeout_s: float = START_TIMEOUT_S, prefix: tuple[str, ...] = (),
    ):  # fmt: skip
        self.port = free_port()
        self.notebooks_dir = (
            Path(args[args.index("--notebooks") + 1]) if "--notebooks" in args else NOTEBOOKS_DIR
        )
        self.url = f"http://127.0.0.1:{self.port}/"
        self.log_path = log_path
        self.log = open(log_path, "w")
        command = (sys.executable, "-m", "eduwidgets.cli", "clinic", "--port", str(self.port))
        self.process = subprocess.Popen(
            [*prefix, *command, *args],
            cwd=ROOT,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        self.seen_kernels: set[int] = set()
        deadline = time.monotonic() + start_timeout_s
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"the clinic app exited early:\n{self.output()}")
            try:
                if until in self.output() and fetch(self.url)[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        self.stop()
        pytest.fail(f"the clinic app did not answer within {start_timeout_s} s:\n{self.output()}")

    def output(self) -> str:
        if not self.log.closed:
            self.log.flush()
        return self.log_path.read_text()

    def kernels(self) -> set[int]:
        pids = kernel_pids(self.process.pid)
        self.seen_kernels |= pids
        return pids

    def stop(self, sig: int = signal.SIGINT, timeout_s: float = 90) -> int | None:
        if self.process.poll() is None:
            self.kernels()
            self.process.send_signal(sig)
            try:
                self.process.wait(timeout=timeout_s)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
                return None
        self.log.close()
        return self.process.returncode


def wait_until(condition, timeout_s: float = 30) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return condition()


# ---------------------------------------------------------------- the lessons' prose


CONTENT_DIR = ROOT / "src" / "eduwidgets" / "content"


MUSCLE_LESSONS = {
    "01-extensors.ipynb": "extensors",
    "02-obliques.ipynb": "obliques",
    "03-hip-flexors.ipynb": "hip_flexors",
    "04-abdominals.ipynb": "abdominals",
}


LIVING = "06-living-with-back-pain.ipynb"


LESSONS = ["00-welcome.ipynb", *MUSCLE_LESSONS, "05-your-plan.ipynb", LIVING]


MAX_FK_GRADE = 6.0


# Keys in content records that are not read by patients (ids, tags, numbers for the
# animation, citations, which are checked elsewhere).
NOT_PATIENT_TEXT = {
    "id",
    "kind",
    "trains",
    "muscles",
    "groups",
    "group",
    "muscle_groups",
    "poses",
    "keyframes",
    "frames",
    "animation",
    "sources",
    "source",
    "references",
    "correct",
    "answer",
    "image",
    "alt_id",
    "key_poses",
}


LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")


URL = re.compile(r"https?://\S+")


TAG = re.compile(r"<[^>]+>")


LINE_MARKERS = re.compile(r"^\s*(?:#+\s*|>\s*|[-*+]\s+(?:\[[ xX]\]\s+)?|\d+[.)]\s+)")


def markdown_to_text(markdown: str) -> list[str]:
    """Plain lines of prose: one line = one unit (a header, a list item, a paragraph)."""
    lines = []
    for paragraph in re.split(r"\n\s*\n", markdown):
        if re.match(r"^\s*\|", paragraph):  # a table: one unit per row
            rows = [row for row in paragraph.splitlines() if not re.match(r"^[\s|:-]+$", row)]
            units = [" ".join(c.strip() for c in row.strip("| ").split("|")) for row in rows]
        elif re.search(r"^\s*(?:#|[-*+]\s|\d+[.)]\s)", paragraph, re.M):
            units = paragraph.splitlines()
        else:
            units = [" ".join(paragraph.split())]
        for unit in units:
            unit = LINE_MARKERS.sub("", unit)
            unit = LINK.sub(r"\1", unit)
            unit = URL.sub("", TAG.sub("", unit))
            unit = re.sub(r"[*_`]+", "", unit).strip()
            if unit:
                lines.append(unit)
    return lines


def as_sentences(lines: list[str]) -> str:
    """Join units, ending each with a full stop so headers and list items count as
    sentences rather than running into the next one."""
    return " ".join(line if line[-1] in ".!?" else line + "." for line in lines)


# ---------------------------------------------------------------- Spanish readability


MIN_FERNANDEZ_HUERTA = 70.0  # "bastante fácil" (fairly easy) on Fernández-Huerta's scale


# What the widget puts in {emergency} when the clinic sets no number, said in Spanish.
EMERGENCY_FALLBACK_ES = "número de emergencias de su zona"


DIGITS = re.compile(r"[^\s.!?;:,()]*\d[^\s.!?;:,()]*")


PLACEHOLDER = re.compile(r"\{[a-z_]+\}")


def prepare(lines: list[str]) -> str:
    text = as_sentences([line for line in lines if line.strip()])
    text = text.replace("{emergency}", EMERGENCY_FALLBACK_ES)
    text = PLACEHOLDER.sub("", text)  # names and numbers filled in later
    return " ".join(DIGITS.sub("", text).split())


# ---------------------------------------------------------------- content texts


def content_strings(value, key: str = ""):
    """Every text of a parsed content file, sources left out."""
    if key == "sources":  # a paper's title and journal stay as published
        return
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for name, item in value.items():
            yield from content_strings(item, name)
    elif isinstance(value, list):
        for item in value:
            yield from content_strings(item, key)


# ---------------------------------------------------------------- widgets in Spanish


def spanish_page(tmp_path, monkeypatch) -> str:
    monkeypatch.setenv(content.LANGUAGE_ENV, "es")
    from eduwidgets import ExerciseDemo, KnowledgeCheck, MuscleBalance, RedFlags, SpineFigure
    from eduwidgets.content.knowledge_checks import load_checks
    from eduwidgets.widgets.muscle_balance import CONTROL_NAMES

    widgets = [
        RedFlags(compact=True),
        SpineFigure(highlight="extensors"),
        MuscleBalance(controls=list(CONTROL_NAMES)),
        ExerciseDemo("bird-dog", sets=2),
        KnowledgeCheck(next(iter(load_checks()))),
        RedFlags(),
    ]
    path = tmp_path / "es.html"
    path.write_text(
        static.page("".join(w.static_html() for w in widgets), "Prueba"), encoding="utf-8"
    )
    return path.as_uri()


# ---------------------------------------------------------------- English left on a page


def english_content_texts() -> set[str]:
    """Every text of at least three words in the English content files (what a
    forgotten translation would leave behind). Sources are left out: a paper's title
    and journal stay as published."""
    found = set()
    for path in ENGLISH_CONTENT_DIR.glob("*.toml"):
        for text in content_strings(tomllib.loads(path.read_text(encoding="utf-8"))):
            text = " ".join(text.split())
            if len(text.split()) >= 3 and "{" not in text:
                found.add(text)
    return found


def english_widget_words(notebook: Path) -> list[str]:
    """The English lesson's widget titles and prompts (which its Spanish twin rewrites)."""
    cells = nbformat.read(notebook, as_version=4).cells
    return [
        words for cell in cells if cell.cell_type == "code" for words in spoken_words(cell.source)
    ]


def visible_text(page: str) -> str:
    """A page's text as written, scripts and styles left out, in one line."""
    import html

    body = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


# ---------------------------------------------------------------- the widgets' own words


def words(language: str) -> dict:
    """The widgets' own words (content/widget_words.toml) in a language."""
    return content.load_content(static.WORDS_FILE, language)


def all_values(data) -> list[str]:
    if isinstance(data, str):
        return [data]
    if isinstance(data, dict):
        return [text for value in data.values() for text in all_values(value)]
    return []


# Runs in the page: every text a person can meet (shown, closed or announced, and the
# names and value texts a screen reader reads), scripts and no-script fallbacks left out.
PAGE_TEXT_JS = """() => {
  const main = document.querySelector('main').cloneNode(true);
  main.querySelectorAll('script, noscript').forEach((node) => node.remove());
  const names = [...document.querySelectorAll('[aria-label], [aria-valuetext]')]
    .map((node) => [node.getAttribute('aria-label'), node.getAttribute('aria-valuetext')]);
  return [main.textContent, ...names.flat().filter(Boolean)].join('\\n');
}"""


def english_fragments() -> list[str]:
    """The English words of the file as pieces between placeholders, those Spanish lacks."""
    spanish = "\n".join(all_values(words("es")))
    pieces = set()
    for value in all_values(words("en")):
        for piece in PLACEHOLDER.split(value):
            piece = piece.strip(" .,;:()")
            # Whole words only, and not the ones both languages share (kg, psoas, newtons).
            if len(re.findall(r"[A-Za-z]{2,}", piece)) and len(piece) >= 4 and piece not in spanish:
                pieces.add(piece)
    return sorted(pieces)


def rules_page(browser, language: str):
    """A blank offline page holding the widgets' scripts (with their words), the rules and
    patient.js, as a lesson page in ``language`` does; fails on any page error. A
    generator for a fixture: ``yield from rules_page(browser, "en")``."""
    from eduwidgets.handout import patient_rules

    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.set_content(
        f'<!DOCTYPE html><html lang="{language}"><head><title>t</title>'
        f"<script>{static.scripts(language)}</script></head><body>"
        '<script type="application/json" id="edu-patient-rules">'
        f"{static.json_for_script(patient_rules(language))}</script>"
        f"<script>{static.asset_text('patient.js')}</script></body></html>"
    )
    yield page
    assert errors == []
    context.close()


# ---------------------------------------------------------------- a clinic with a config


# One clinic config for the modules that start ``eduwidgets clinic --clinic``: a name, a
# public site (the send dialog) and an emergency number (the warning signs).
CONFIG_CLINIC_TOML = (
    'name = "Riverside"\n'
    'public_url = "https://lessons.example.org/back/"\n'
    'emergency_number = "911"\n'
)


def warning_signs_lesson(folder: Path, languages) -> Path:
    """A lesson with only the warning signs (``RedFlags()``), for each language (English
    at the top), written byte for byte the same each time (fixed cell ids), so its page
    cache entry is the same in every module that writes it."""
    for code in languages:
        place = folder if code == content.DEFAULT_LANGUAGE else folder / code
        place.mkdir(parents=True, exist_ok=True)
        notebook = nbformat.v4.new_notebook()
        notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
        notebook.cells = [
            nbformat.v4.new_markdown_cell("# Warning signs\n\nThis lesson shows when to get help."),
            nbformat.v4.new_code_cell("from eduwidgets import RedFlags\nRedFlags()"),
        ]
        for number, cell in enumerate(notebook.cells):
            cell.id = f"warning-signs-{number}"
        nbformat.write(notebook, place / "01-warning-signs.ipynb")
    return folder


def config_clinic(tmp_path_factory, page_cache: Path, name: str) -> Clinic:
    """``eduwidgets clinic --clinic`` (CONFIG_CLINIC_TOML) serving the warning-signs lesson
    in every language, on the run's page cache (conftest ``page_cache``): the first module
    to start one renders its lessons (a kernel each, the clinic handing the config to
    it), the others start from those pages. The cache key holds the notebook's and the
    config's bytes, so a page made with another config or lesson is never served."""
    from conftest import run_lock

    work = tmp_path_factory.mktemp(name)
    lessons = warning_signs_lesson(work / "lessons", LANGUAGES)
    config = work / "clinic.toml"
    config.write_text(CONFIG_CLINIC_TOML, encoding="utf-8")
    with run_lock(tmp_path_factory, "config-clinic"):
        return Clinic(
            work / "clinic.log",
            *("--notebooks", str(lessons), "--cache-dir", str(page_cache)),
            *("--clinic", str(config)),
        )


def plan_by_cli(profile: Path, output: Path, language: str) -> Path:
    """``eduwidgets plan PROFILE -o OUTPUT --lang LANGUAGE`` through the command's own
    entry point (``cli.main``) in this process: the same bytes as the command run on
    its own, without a new Python loading the kit for each plan. The language the
    command sets for its process (an environment variable) is put back afterwards."""
    from eduwidgets import cli
    from eduwidgets.content import LANGUAGE_ENV

    with pytest.MonkeyPatch.context() as patch:
        patch.delenv(LANGUAGE_ENV, raising=False)  # restored when the block ends
        code = cli.main(["plan", str(profile), "-o", str(output), "--lang", language])
    assert code == 0, f"eduwidgets plan {profile} --lang {language} exited {code}"
    return output

"""No English left behind (issue 15): every Spanish page a patient can see, rendered
through the real code paths, holds no English sentence in its patient text.

The pages: the seven Spanish lesson handouts and the site's lesson list
(``eduwidgets handout --all --lang es``, conftest ``spanish_site``), a plan
(``eduwidgets plan --lang es``) from a profile that fills every rating, the clinic's
Spanish lesson list, every Spanish lesson page and its message pages (a real
``eduwidgets clinic`` on 127.0.0.1), and a page with every widget. Each is read twice:
as written (what a screen reader, a printer or a browser without scripts gets,
<noscript> included) and, in Chromium, after the widgets have drawn themselves.

Patient text is every text node (scripts and styles left out) and every alt,
aria-label, aria-valuetext, title and placeholder. A paper's own title in a sources
list stays in English, as published: a citation ("Author AB (2001). Title. Journal")
is left out, and its Spanish note in brackets is kept.

Two checks, each failure naming the page and the English words:
1. The English catalog: every sentence of three or more words in the English content
   files (src/eduwidgets/content/*.toml, sources left out), the English lessons'
   markdown (Sources left out) and their widget titles and prompts must not appear.
   Text that the Spanish files hold word for word too (a name, a guideline) is not a
   forgotten translation and is left out of the catalog.
2. English words, whatever file they came from (a template, a Python string): a
   sentence with two or more different English function words ("the", "your", "to",
   "with"...) making up a fifth of its words or more; a word of four letters or more
   that the English files use and the Spanish files never do ("strength", "tight");
   an English possessive ("Ana's").

3. Numbers written the English way: a decimal point ("2.3 veces") or a comma between
   thousands ("1,327 N"); Spanish writes 2,3 and 1327 / 16.310 (issue 15).

Pages that fail only on the plan's rating words ("strength 4 of 5", "mildly tight",
"Ana's", "each side, hold 8 s") wait for those words to move into content files.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlencode

import nbformat
import pytest
from support import (
    PAGE_TEXT_JS,
    content_strings,
    english_content_texts,
    english_fragments,
    english_widget_words,
    markdown_to_text,
    spanish_page,
    spoken_words,
    visible_text,
)
from support import words as widget_words

from eduwidgets import content

from conftest import NOTEBOOKS_DIR, ROOT, OfflinePage

CONTENT_DIR = ROOT / "src" / "eduwidgets" / "content"
ES_CONTENT_DIR = CONTENT_DIR / "es"
ES_NOTEBOOKS_DIR = NOTEBOOKS_DIR / "es"
ES_LESSONS = sorted(path.name for path in ES_NOTEBOOKS_DIR.glob("[0-9][0-9]-*.ipynb"))
# The lesson list, each lesson, and the plan made in the browser (issue 24).
SITE_PAGES = [
    "index.html",
    "plan.html",
    *(Path(name).with_suffix(".html").name for name in ES_LESSONS),
]
MIN_CATALOG_WORDS = 3

# Attributes whose values a person meets: shown on hover, read by a screen reader, or
# shown in place of a picture.
PATIENT_ATTRIBUTES = ("alt", "aria-label", "aria-valuetext", "title", "placeholder")
NOT_TEXT_ELEMENTS = ("script", "style", "template")
PLACEHOLDER = re.compile(r"\{[a-z_]+\}")
SENTENCE_END = re.compile(r"(?<=[.!?:;])\s+|\n")
# "Jorgensen MJ, Marras WS (2001). MRI-derived moment-arms... 16(3):182-193. (Spanish note.)"
CITATION = re.compile(r"^[^()]{2,300}\((?:19|20)\d\d[^)]*\)\.\s")
CITATION_NOTE = re.compile(r"\(([^()]+[.!?]?)\)\s*$")

# English words that carry grammar, not meaning: a sentence made with them is English.
# Words Spanish writes the same way ("a", "no", "me", "he", "son", "once", "as") are out.
ENGLISH_FUNCTION_WORDS = frozenset(
    """
    the your you you're yours and of to is are was were be been being with this that
    these those for it its it's on at by from or if when what which who how will would
    can can't could should not do does don't did have has had an in into out over
    under about after before more less than very our we they their them my i i'm all
    any each every some there here then so just only also may might must up down off
    why where while until because
    """.split()
)
# The language switch names each language in itself ("English"), marked with its lang.
LANGUAGE_NAMES = frozenset(content.languages().values())
ENGLISH_SHARE = 0.2
POSSESSIVE = re.compile(r"[A-Za-z]'s\b")
# 2.3 or 1,327: a decimal point or a thousands comma (Spanish: 2,3 and 1327 or 16.310).
ENGLISH_NUMBER = re.compile(r"(?<![\d.,])\d+(?:\.\d{1,2}|,\d{3})(?![\d.,]*\d)")
ENGLISH_DISTINCT_WORDS = 2


# ---------------------------------------------------------------- reading a page


class _PatientText(HTMLParser):
    """The patient text of an HTML page, one piece per text node or attribute."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.pieces: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in NOT_TEXT_ELEMENTS:
            self._skipping += 1
        for name, value in attrs:
            if name in PATIENT_ATTRIBUTES and value and value.strip():
                self.pieces.append(" ".join(value.split()))

    def handle_startendtag(self, tag, attrs):
        for name, value in attrs:
            if name in PATIENT_ATTRIBUTES and value and value.strip():
                self.pieces.append(" ".join(value.split()))

    def handle_endtag(self, tag):
        if tag in NOT_TEXT_ELEMENTS and self._skipping:
            self._skipping -= 1

    def handle_data(self, data):
        if not self._skipping and data.strip():
            self.pieces.append(" ".join(data.split()))


def without_citation(piece: str) -> str:
    """A sources-list entry keeps only its Spanish note; other text is kept whole."""
    if not CITATION.match(piece):
        return piece
    note = CITATION_NOTE.search(piece)
    return note.group(1) if note else ""


def patient_text(page_html: str) -> list[str]:
    """Every piece of text a patient can meet on the page, papers' titles left out."""
    parser = _PatientText()
    parser.feed(page_html)
    parser.close()
    pieces = [without_citation(piece) for piece in parser.pieces]
    return [piece for piece in pieces if piece and piece not in LANGUAGE_NAMES]


# ---------------------------------------------------------------- the English catalog


def _sentences(text: str) -> list[str]:
    """A text's sentences, and its pieces between placeholders, whitespace normalised."""
    found = []
    for part in PLACEHOLDER.split(text):
        for sentence in SENTENCE_END.split(part):
            sentence = " ".join(sentence.split()).strip(" ,;:()\"'")
            if len(re.findall(r"[A-Za-z]+", sentence)) >= MIN_CATALOG_WORDS:
                found.append(sentence)
    return found


def _lesson_strings(path: Path) -> list[str]:
    """A lesson's markdown (its Sources section left out) and its widget words."""
    texts: list[str] = []
    for cell in nbformat.read(path, as_version=4).cells:
        if cell.cell_type == "code":
            texts += spoken_words(cell.source)
        elif cell.cell_type == "markdown":
            kept, in_sources = [], False
            for line in cell.source.splitlines():
                if line.startswith("## "):
                    in_sources = line.strip() in ("## Sources", "## Fuentes")
                if not in_sources:
                    kept.append(line)
            texts += markdown_to_text("\n".join(kept))
    return texts


def _all_strings(content_dir: Path, notebooks_dir: Path) -> list[str]:
    texts = []
    for path in sorted(content_dir.glob("*.toml")):
        texts += content_strings(tomllib.loads(path.read_text(encoding="utf-8")))
    for path in sorted(notebooks_dir.glob("[0-9][0-9]-*.ipynb")):
        texts += _lesson_strings(path)
    return texts


@cache
def english_catalog() -> frozenset[str]:
    """Every English sentence of 3+ words that a Spanish page must not show."""
    spanish = "\n".join(
        " ".join(text.split()) for text in _all_strings(ES_CONTENT_DIR, ES_NOTEBOOKS_DIR)
    )
    english = {s for text in _all_strings(CONTENT_DIR, NOTEBOOKS_DIR) for s in _sentences(text)}
    return frozenset(sentence for sentence in english if sentence not in spanish)


@cache
def english_only_words() -> frozenset[str]:
    """Words of four letters or more that the English files use and the Spanish never do
    ("strength", "tight"): one of them alone on a Spanish page is a word left in English."""

    def words(texts: list[str]) -> set[str]:
        return {w.lower() for text in texts for w in re.findall(r"[A-Za-z][a-z]{3,}", text)}

    english = words(_all_strings(CONTENT_DIR, NOTEBOOKS_DIR))
    return frozenset(english - words(_all_strings(ES_CONTENT_DIR, ES_NOTEBOOKS_DIR)))


def catalog_hits(pieces: list[str]) -> list[str]:
    text = "\n".join(pieces)
    return sorted(sentence for sentence in english_catalog() if sentence in text)


def english_sentences(pieces: list[str]) -> list[str]:
    """Sentences built with English function words, or holding a word only the English
    files use, or an English possessive ("Ana's"): the catalog's safety net."""
    found = []
    for piece in pieces:
        for sentence in SENTENCE_END.split(piece):
            words = [word.lower() for word in re.findall(r"[A-Za-z']+", sentence)]
            hits = [word for word in words if word in ENGLISH_FUNCTION_WORDS]
            grammar = len(set(hits)) >= ENGLISH_DISTINCT_WORDS and (
                len(hits) >= ENGLISH_SHARE * len(words)
            )
            vocabulary = sorted(set(words) & english_only_words())
            if grammar or vocabulary or POSSESSIVE.search(sentence):
                found.append(
                    sentence.strip() + (f"  [{', '.join(vocabulary)}]" if vocabulary else "")
                )
    return found


def assert_no_english(where: str, page_html: str) -> list[str]:
    pieces = patient_text(page_html)
    assert pieces, f"{where}: no patient text found"
    from_catalog = catalog_hits(pieces)
    by_words = list(dict.fromkeys(english_sentences(pieces)))
    numbers = list(dict.fromkeys(p for p in pieces if ENGLISH_NUMBER.search(p)))
    assert not from_catalog and not by_words and not numbers, (
        f"English on the Spanish page {where}:\n"
        + "".join(f"  from the English files: {s!r}\n" for s in from_catalog)
        + "".join(f"  English words: {s!r}\n" for s in by_words)
        + "".join(f"  an English number: {s!r}\n" for s in numbers)
    )
    return pieces


# ---------------------------------------------------------------- the checks themselves


def test_the_checks_find_english_and_leave_a_papers_title():
    spanish = (
        '<html lang="es"><body><p title="Ayuda">Busque ayuda ahora.</p><p>2,3 veces</p>'
        "<script>var note = 'Press the button to start';</script>"
        "<ul><li>McGill SM (1999). Endurance times for low back stabilization exercises. "
        "Archives 80(8):941-944. (Cuánto aguantan los músculos.)</li></ul>"
        '<a lang="en" hreflang="en" href="../">English</a></body></html>'
    )
    assert patient_text(spanish) == [
        "Ayuda",
        "Busque ayuda ahora.",
        "2,3 veces",
        "Cuánto aguantan los músculos.",
    ]
    assert_no_english("a Spanish sample", spanish)
    for english in (
        "<p>Go to all lessons</p>",  # a template's words: function words
        '<button aria-label="x">Larger text</button>',  # a word only English files use
        "<h1>Plan para la espalda de Ana's</h1>",  # an English possessive
        "<noscript>Get help now</noscript>",  # a content file's sentence
        "<p>Unas 2.3 veces</p>",  # a decimal point
        "<p>1,327 N</p>",  # a thousands comma
    ):
        with pytest.raises(AssertionError, match="English on the Spanish page"):
            assert_no_english("a sample", english)


# ---------------------------------------------------------------- reading in Chromium

# Every widget drawn, every <details> opened: then the page as the browser holds it.
ALL_DRAWN = """() => document.querySelectorAll('[data-eduwidget]').length ===
  document.querySelectorAll('[data-edu-mounted]').length"""
OPEN_ALL = "() => document.querySelectorAll('details').forEach((d) => (d.open = true))"


def drawn_html(page, url: str) -> str:
    page.goto(url)
    page.wait_for_load_state("load")
    page.wait_for_function(ALL_DRAWN, timeout=30_000)
    page.evaluate(OPEN_ALL)
    assert page.locator("html").get_attribute("lang") == "es", f"{url}: not lang=es"
    return page.content()


def assert_drawn_page_has_no_english(browser, where: str, url: str) -> list[str]:
    holder = OfflinePage(browser) if url.startswith("file:") else None
    context = None if holder else browser.new_context()
    page = holder.page if holder else context.new_page()
    try:
        html_text = drawn_html(page, url)
        if holder:
            assert holder.console_errors == [] and holder.network_requests == []
    finally:
        (holder or context).close()
    return assert_no_english(f"{where} (drawn in Chromium)", html_text)


# ---------------------------------------------------------------- the handouts and the site


def run_cli(*args: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "eduwidgets.cli", *args],
        capture_output=True, text=True, timeout=600, cwd=ROOT,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr


@pytest.mark.slow
def test_the_spanish_site_is_every_spanish_lesson(spanish_site):
    assert len(ES_LESSONS) == 7
    assert sorted(path.name for path in spanish_site.iterdir()) == sorted(
        [*SITE_PAGES, "manifest.webmanifest"]
    )  # its own manifest; the icons and the worker are the site root's, the folder above
    assert {path.name for path in spanish_site.parent.iterdir()} >= {"es", "icons", "sw.js"}


@pytest.mark.slow
@pytest.mark.parametrize("name", SITE_PAGES)
def test_a_spanish_handout_as_written_has_no_english(spanish_site, name):
    page_html = (spanish_site / name).read_text(encoding="utf-8")
    assert '<html lang="es">' in page_html
    assert_no_english(f"sitio/{name}", page_html)
    # Whole English texts too (issue 15), shared ones included: every content text and
    # the English twin's widget titles and prompts, in the text as written.
    text = visible_text(page_html)
    twin = NOTEBOOKS_DIR / Path(name).with_suffix(".ipynb").name
    english = english_content_texts() | set(english_widget_words(twin) if twin.exists() else [])
    assert not sorted(sentence for sentence in english if sentence in text)
    if name == "01-extensors.html":
        assert "Busque ayuda ahora" in text


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.parametrize("name", SITE_PAGES)
def test_a_spanish_handout_drawn_has_no_english(spanish_site, browser, name):
    assert_drawn_page_has_no_english(browser, f"sitio/{name}", (spanish_site / name).as_uri())


# ---------------------------------------------------------------- the plan

# Every rating filled in, bracing at both levels, a length, a body, a note, and doses
# with sides, holds and rests: every sentence the plan can say about them.
EVERY_RATING_PROFILE = """
first_name = "Ana"
language = "es"
note = "Camine todos los días, un poco más cada semana."

[muscles.extensors]
strength = 2

[muscles.obliques]
strength = 4
bracing = "strong"

[muscles.abdominals]
strength = 3
bracing = "mild"

[muscles.hip_flexors]
length = "moderately tight"

[body]
mass_kg = 82
height_m = 1.70

[[exercises]]
id = "bird-dog"
sets = 2
reps = 5
hold_s = 8
rest_s = 30

[[exercises]]
id = "side-bridge-knees"

[[exercises]]
id = "half-kneeling-hip-flexor-stretch"

[[exercises]]
id = "cat-camel"

[[exercises]]
id = "mcgill-curl-up"
"""


@pytest.fixture(scope="module")
def spanish_plan(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("plan")
    profile = folder / "ana.toml"
    profile.write_text(EVERY_RATING_PROFILE, encoding="utf-8")
    output = folder / "plan.html"
    run_cli("plan", "--lang", "es", "-o", str(output), str(profile))
    return output


@pytest.mark.slow
def test_a_spanish_plan_as_written_has_no_english(spanish_plan):
    written = spanish_plan.read_text(encoding="utf-8")
    assert_no_english("plan --lang es", written)
    # The clinician's note travels in the patient baked into the page (the page shows it).
    assert "Camine todos los días, un poco más cada semana." in written


@pytest.mark.slow
@pytest.mark.browser
def test_a_spanish_plan_drawn_has_no_english(spanish_plan, browser):
    assert_drawn_page_has_no_english(browser, "plan --lang es", spanish_plan.as_uri())


# ---------------------------------------------------------------- every widget


@pytest.mark.browser
def test_every_widget_drawn_in_spanish_has_no_english(browser, tmp_path, monkeypatch):
    """A page of every widget in Spanish, drawn and used (a check answered, a step taken):
    no English by this module's checks, the Spanish words of widget_words.toml and none
    of its English ones."""
    holder = OfflinePage(browser)
    page = holder.page
    try:
        page.goto(spanish_page(tmp_path, monkeypatch))
        page.wait_for_function(ALL_DRAWN, timeout=30_000)
        page.wait_for_selector(".edu-kc-check")
        # Meet the words that appear only on use: an unanswered check, an answer, a step.
        page.click(".edu-kc-check")
        unanswered = page.inner_text(".edu-kc-status")
        page.click(".edu-ex-next")
        page.check(".edu-kc-choice input >> nth=0")
        page.click(".edu-kc-check")
        answered = page.inner_text(".edu-kc-status")
        page.evaluate(OPEN_ALL)
        assert page.locator("html").get_attribute("lang") == "es"
        drawn = page.content()
        text = page.evaluate(PAGE_TEXT_JS) + "\n" + unanswered
        numbers = page.evaluate(
            "() => [EduWidgets.formatNumber(1631), EduWidgets.formatNumber(16310)]"
        )
        assert holder.console_errors == [] and holder.network_requests == []
    finally:
        holder.close()
    assert_no_english("every widget (drawn in Chromium, used)", drawn)

    es = widget_words("es")
    assert unanswered == es["check"]["pick_first"]
    assert answered.startswith((es["check"]["result_right"][:9], es["check"]["result_wrong"][:11]))
    assert numbers == ["1631", "16.310"]
    for key in (
        "exercise.start_over",
        "exercise.steps",
        "exercise.mistakes",
        "check.check",
        "check.right",
        "check.not_quite",
        "balance.reset",
        "balance.settings_label",
        "spine.title",
        "muscles.extensors",
        "muscles.abdominals_short",
    ):
        table, name = key.split(".")
        assert es[table][name] in text, f"{key}: {es[table][name]!r} is not on the Spanish page"
    english = [
        piece for piece in english_fragments() if re.search(rf"\b{re.escape(piece)}\b", text)
    ]
    where = [text[max(0, text.index(piece) - 60) : text.index(piece) + 40] for piece in english]
    assert not english, f"English widget words on the Spanish page: {english} in {where}"
    assert "Seconds" not in text and "Rep " not in text
    assert "número de emergencias de su zona" in text


# ---------------------------------------------------------------- the clinic


# The clinic (conftest ``spanish_clinic``) serves every Spanish lesson at /es/.

# Pages the clinic answers with a message, and the status of each.
CLINIC_MESSAGES = {
    "es/lessons/no-such-lesson": 404,
    "es/no/such/page": 404,
    # "Save as a profile file" is made in the browser now: the old address is unknown.
    "es/profile.toml?" + urlencode({"extensors_strength": "9"}): 404,
}


@pytest.mark.slow
@pytest.mark.parametrize("path", CLINIC_MESSAGES)
def test_a_spanish_clinic_message_has_no_english(spanish_clinic, path):
    from support import fetch

    status, body = fetch(spanish_clinic.url + path)
    assert status == CLINIC_MESSAGES[path], (path, body[:300])
    assert '<html lang="es">' in body, f"/{path}: not a Spanish page"
    assert_no_english(f"clinic /{path}", body)


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.parametrize("slug", ["", *(f"lessons/{Path(name).stem}" for name in ES_LESSONS)])
def test_a_spanish_clinic_page_has_no_english(spanish_clinic, browser, slug):
    from support import fetch

    url = spanish_clinic.url + "es/" + slug
    status, body = fetch(url)
    assert status == 200, (url, body[:300])
    assert_no_english(f"clinic /es/{slug}", body)
    assert_drawn_page_has_no_english(browser, f"clinic /es/{slug}", url)

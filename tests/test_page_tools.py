"""The tools every page carries (issue 24): the same language switch on the lesson list,
each lesson, the plan and the clinic's messages, keeping the patient's values in the
address fragment; and read aloud on each section of a lesson and of the plan, with the
browser's own speech.

Headless Chromium has speechSynthesis but no voice, so there the read-aloud buttons
stay hidden: that is checked as it is. The speech engine itself cannot run headless;
the one stand-in is ``VOICES``, an init script that gives the page a voice list (after
the page loads, as a phone does) and records what the page asks it to say.
"""

from __future__ import annotations

import re
import shutil

import pytest
from support import fetch, plan_by_cli

from eduwidgets import content
from eduwidgets.handout.switch import lesson_folders, site_switch_links, switch_links

from conftest import ROOT, OfflinePage, axe_violations

PHONE = {"width": 390, "height": 844}
PATIENT = "first_name=Ana&extensors_strength=3"
# Each page's words, from its content (the test reads them as the page does).
WORDS = {code: content.pages.page_words(code) for code in content.languages()}

VOICES = """
(() => {
  const voices = [
    { name: "Stand-in English", lang: "en-US", localService: true, default: true, voiceURI: "en" },
    { name: "Stand-in Español", lang: "es-ES", localService: true, default: false, voiceURI: "es" },
  ];
  let loaded = false;
  const record = { spoken: [], cancels: 0, queue: [] };
  window.__speech = record;
  const synth = window.speechSynthesis;
  // A real utterance takes only a real voice object: keep the stand-in's as given.
  Object.defineProperty(SpeechSynthesisUtterance.prototype, "voice", {
    configurable: true,
    get() { return this.__voice || null; },
    set(value) { this.__voice = value; },
  });
  synth.getVoices = () => (loaded ? voices : []);
  synth.speak = (utterance) => {
    record.spoken.push({ text: utterance.text, lang: utterance.lang,
                         voice: utterance.voice && utterance.voice.name });
    record.queue.push(utterance);
  };
  synth.cancel = () => { record.cancels += 1; record.queue = []; };
  setTimeout(() => { loaded = true; synth.dispatchEvent(new Event("voiceschanged")); }, 150);
})();
"""


# ------------------------------------------------------------------ which page links where


def test_a_lesson_links_to_its_twin_where_it_exists_and_else_to_the_list(tmp_path):
    (tmp_path / "es").mkdir()
    (tmp_path / "01-a.ipynb").write_text("{}")
    (tmp_path / "02-b.ipynb").write_text("{}")
    (tmp_path / "es" / "01-a.ipynb").write_text("{}")
    english = lesson_folders(tmp_path, "en")
    spanish = lesson_folders(tmp_path / "es", "es")
    hrefs = lambda links: {link["code"]: link["href"] for link in links}  # noqa: E731
    assert hrefs(site_switch_links("en", "01-a.html", english)) == {
        "en": "01-a.html", "es": "es/01-a.html",
    }  # fmt: skip
    assert hrefs(site_switch_links("en", "02-b.html", english))["es"] == "es/index.html"
    assert hrefs(site_switch_links("es", "01-a.html", spanish))["en"] == "../01-a.html"
    assert hrefs(site_switch_links("es", "index.html")) == {
        "en": "../index.html", "es": "../es/index.html",
    }  # fmt: skip
    # Each language named in itself, in the content's order; a page in one language only
    # gets no switch (the macro shows none for fewer than two).
    assert [link["name"] for link in switch_links(lambda code: "x")] == ["English", "Español"]
    assert switch_links(lambda code: "x" if code == "en" else None) == [
        {"code": "en", "name": "English", "href": "x"}
    ]


def switch_of(html: str) -> str:
    found = re.search(r'<nav class="edu-languages".*?</nav>', html, re.S)
    assert found, "no language switch on the page"
    return found.group(0)


def test_the_clinic_message_pages_carry_the_switch_in_their_language():
    from eduwidgets.clinic import named_message_page

    links = [
        {"code": "en", "name": "English", "href": "/"},
        {"code": "es", "name": "Español", "href": "/es/"},
    ]
    with content.in_language("es"):
        page = named_message_page("/es/", "page_not_found", links)
    nav = switch_of(page)
    assert f'aria-label="{WORDS["es"]["language_switch"]["label"]}"' in nav
    assert '<span class="edu-language" aria-current="true" lang="es">Español</span>' in nav
    assert 'href="/" lang="en" hreflang="en"' in nav
    assert '<nav class="edu-languages"' not in named_message_page("/", "page_not_found")


# ------------------------------------------------------------------ the site, in Chromium


@pytest.fixture(scope="module")
def both_sites(english_site, spanish_site, tmp_path_factory):
    """The public site as published: English at the root, Spanish in es/."""
    folder = tmp_path_factory.mktemp("published")
    shutil.copytree(english_site, folder, dirs_exist_ok=True)
    shutil.copytree(spanish_site, folder / "es")
    return folder


def check_switch(page, language: str, other: str, other_href: str) -> None:
    """The switch as a screen reader meets it: a named nav, this language current."""
    nav = page.get_by_role("navigation", name=WORDS[language]["language_switch"]["label"])
    current = nav.locator("[aria-current]")
    assert current.get_attribute("aria-current") == "true"
    assert current.get_attribute("lang") == language
    link = nav.get_by_role("link", name=content.languages()[other])
    assert link.get_attribute("lang") == other and link.get_attribute("hreflang") == other
    assert link.get_attribute("href") == other_href, link.get_attribute("href")


# How each page keeps the patient in its address, as a template for the page's language: a
# lesson keeps an old long address as it is (and its switch carries it unchanged); the
# lesson list writes the short one (issue 24), whose "l" the switch sets to the target's.
KEPT = {
    "01-extensors.html": (PATIENT, "first_name=Eva"),
    "index.html": ("v=1&n=Ana&r=3-----&l={}", "v=1&n=Eva&l={}"),
}


@pytest.mark.parametrize(
    "start, twin", [("01-extensors.html", "es/01-extensors.html"), ("index.html", "es/index.html")]
)
def test_the_site_switch_keeps_the_patient_both_ways_and_fits_a_phone(
    both_sites, browser, start, twin
):
    ana, eva = KEPT[start]
    holder = OfflinePage(browser, viewport=PHONE)
    page = holder.page
    try:
        page.goto((both_sites / start).as_uri() + "#" + PATIENT)
        check_switch(page, "en", "es", f"{twin}#{ana.format('es')}")
        # Larger text changes the fragment with replaceState (no event): the link follows.
        large = page.locator("#edu-large-toggle, #large-toggle")
        large.click()
        link = page.get_by_role("link", name="Español")
        link.hover()
        assert link.get_attribute("href") == f"{twin}#{ana.format('es')}&large=1"
        # Large text and the switch together on a 390 px phone: no sideways scroll.
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        link.click()
        page.wait_for_url(f"**/{twin}#*")
        assert page.locator("html").get_attribute("lang") == "es"
        assert page.evaluate("location.hash") == f"#{ana.format('es')}&large=1"
        assert page.evaluate("document.body.classList.contains('edu-large')")
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        back = "../" + start
        check_switch(page, "es", "en", f"{back}#{ana.format('en')}&large=1")
        if start != "index.html":
            assert "Ana" in page.locator("#edu-patient").inner_text()
        # A new fragment typed into the address bar: the switch carries it, too.
        page.evaluate("location.hash = 'first_name=Eva'")
        page.wait_for_timeout(300)  # a lesson page reloads for a new fragment
        page.wait_for_load_state("load")
        english = page.get_by_role("link", name="English")
        assert english.get_attribute("href") == f"{back}#{eva.format('en')}"
        english.click()
        page.wait_for_url(lambda address: "/es/" not in address)
        assert page.url.endswith(f"/{start}#{eva.format('en')}")
        assert page.locator("html").get_attribute("lang") == "en"
        assert holder.network_requests == [] and holder.console_errors == []
    finally:
        holder.close()


# The sections a reader sees: the plan keeps one for "no exercises yet" hidden when it has
# exercises (and the other way round); a hidden section's button is hidden with it.
SHOWN_SECTION = "section.handout-section:not([hidden])"


def section_index(page, selector: str) -> int:
    """Which shown section.handout-section holds ``selector`` first."""
    return page.evaluate(
        """([shown, selector]) => Array.from(document.querySelectorAll(shown))
        .findIndex((section) => section.querySelector(selector))""",
        [SHOWN_SECTION, selector],
    )


def check_read_aloud(holder, url: str, language: str) -> None:
    """On a page opened with the stand-in voices: a button per section appears, reads that
    section (what a patient sees, not the clinicians' box) in the page's language, says
    it reads, and stops, by mouse and by keyboard."""
    page, w = holder.page, WORDS[language]["read_aloud"]
    page.goto(url)
    buttons = page.locator(f"{SHOWN_SECTION} > .edu-read-aloud")
    sections = page.locator(f"{SHOWN_SECTION}:has(> h2)").count()
    assert sections > 3 and buttons.count() == sections
    buttons.first.wait_for(state="visible")  # after "voiceschanged"
    index = section_index(page, ".edu-clinicians")
    has_box = index >= 0
    if not has_box:  # the plan has no clinicians' box: its first section
        index = 0
    section = page.locator(SHOWN_SECTION).nth(index)
    button = buttons.nth(index)
    assert button.inner_text() == w["read"] and button.get_attribute("aria-pressed") == "false"
    button.click()
    assert button.get_attribute("aria-pressed") == "true" and button.inner_text() == w["stop"]
    spoken = page.evaluate("window.__speech.spoken")
    texts = [entry["text"] for entry in spoken]
    assert texts[0] == section.locator("h2").inner_text()
    assert {entry["lang"] for entry in spoken} == {language}
    expected_voice = {"en": "Stand-in English", "es": "Stand-in Español"}[language]
    assert {entry["voice"] for entry in spoken} == {expected_voice}
    said = " ".join(texts)
    for paragraph in section.locator("p:visible").all():
        if not paragraph.evaluate("(p) => !!p.closest('.edu-clinicians, [aria-hidden=true]')"):
            text = " ".join(paragraph.inner_text().split())
            assert text in said, text
    # Nothing a patient does not see or is not for them: the clinicians' box (its summary
    # line too), what a closed box or the hidden attribute hides, aria-hidden text.
    unseen = section.evaluate(
        """(section) => Array.from(section.querySelectorAll(
          '.edu-clinicians, .edu-clinicians *, details:not([open]) > :not(summary),'
          + ' details:not([open]) > :not(summary) *, [hidden], [aria-hidden=true]'))
          .map((node) => node.textContent.replace(/\\s+/g, ' ').trim())
          .filter((text) => text.length > 3)"""
    )
    assert unseen or not has_box, "the section has nothing hidden to leave out"
    # The same words may also show where the reader sees them (the plan's dose, on its
    # line and again in the closed "show me how"): read once there, that is right.
    seen = " ".join(section.inner_text().split())
    for text in unseen:
        if text in seen:
            continue
        assert text not in texts and (len(text) <= 12 or text not in said), text
    # Pressed again: it stops and says so.
    button.click()
    assert button.get_attribute("aria-pressed") == "false" and button.inner_text() == w["read"]
    assert page.evaluate("window.__speech.cancels") >= 1
    # By keyboard: Space starts another section; Escape stops it.
    other = buttons.nth(index + 1)
    other.focus()
    page.keyboard.press("Space")
    assert other.get_attribute("aria-pressed") == "true"
    page.keyboard.press("Escape")
    assert other.get_attribute("aria-pressed") == "false"
    # Reading to the end lets the button go back by itself.
    other.click()
    page.evaluate("window.__speech.queue.at(-1).onend()")
    assert other.get_attribute("aria-pressed") == "false"
    assert axe_violations(page) == []
    assert holder.network_requests == [] and holder.console_errors == []


@pytest.mark.parametrize(
    "language, lesson", [("en", "01-extensors.html"), ("es", "es/01-extensors.html")]
)
def test_read_aloud_on_the_site_hides_without_a_voice_and_reads_a_section(
    both_sites, browser, language, lesson
):
    url = (both_sites / lesson).as_uri() + "#" + PATIENT
    # Headless Chromium as it is: speech, but no voice for any language: no button shows.
    holder = OfflinePage(browser, viewport=PHONE)
    try:
        holder.page.goto(url)
        assert holder.page.evaluate("typeof speechSynthesis.speak") == "function"
        holder.page.wait_for_timeout(300)
        buttons = holder.page.locator(".edu-read-aloud")
        assert buttons.count() > 3
        assert all(buttons.nth(i).is_hidden() for i in range(buttons.count()))
    finally:
        holder.close()
    holder = OfflinePage(browser, viewport=PHONE)
    holder.context.add_init_script(VOICES)
    try:
        check_read_aloud(holder, url, language)
        assert holder.page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    finally:
        holder.close()


@pytest.mark.parametrize("language", ["en", "es"])
def test_read_aloud_on_the_plan(browser, tmp_path, language):
    plan = tmp_path / f"plan-{language}.html"
    plan_by_cli(ROOT / "examples" / "profile.toml", plan, language)
    # A single file has no twin beside it: no switch.
    assert '<nav class="edu-languages"' not in plan.read_text(encoding="utf-8")
    holder = OfflinePage(browser, viewport=PHONE)
    holder.context.add_init_script(VOICES)
    try:
        check_read_aloud(holder, plan.as_uri(), language)
    finally:
        holder.close()


# ------------------------------------------------------------------ the clinic, in Chromium


def test_the_clinic_switch_and_read_aloud(spanish_clinic, browser):
    """The clinic (conftest ``spanish_clinic``: every Spanish lesson, one English one)."""
    url = spanish_clinic.url
    holder = OfflinePage(browser, viewport=PHONE)
    holder.context.unroute("**/*")  # the clinic is a server on this computer
    holder.context.add_init_script(VOICES)
    page = holder.page
    try:
        # A Spanish lesson with an English twin links to it; one without, to the list.
        page.goto(url + "es/lessons/00-welcome#" + PATIENT)
        check_switch(page, "es", "en", f"/#{PATIENT}")
        check_read_aloud(holder, url + "es/lessons/01-extensors#" + PATIENT, "es")
        check_switch(page, "es", "en", f"/lessons/01-extensors#{PATIENT}")
        page.get_by_role("link", name="English").click()
        page.wait_for_url("**/lessons/01-extensors#*")
        check_switch(page, "en", "es", f"/es/lessons/01-extensors#{PATIENT}")
        page.evaluate("window.__speech.spoken = []")
        check_read_aloud(holder, url + "lessons/01-extensors#" + PATIENT, "en")
        # A message page in a language: the switch to each lesson list, values kept.
        page.goto(url + "es/lessons/no-such-lesson#" + PATIENT)
        check_switch(page, "es", "en", f"/#{PATIENT}")
        assert axe_violations(page) == []
    finally:
        holder.close()
    status, body = fetch(url)
    assert status == 200 and 'aria-current="true" lang="en"' in switch_of(body)


@pytest.mark.parametrize("lesson_list", ["index.html", "es/index.html"])
def test_the_clinicians_form_fits_a_360_px_phone(both_sites, browser, lesson_list):
    """The form's menus hold long options ("4: holds against some resistance"); a
    fieldset is as wide as its widest by default: 427 px in English, 619 in Spanish."""
    holder = OfflinePage(browser, viewport={"width": 360, "height": 800})
    page = holder.page
    try:
        for fragment in ("", "#large=1"):
            page.goto((both_sites / lesson_list).as_uri() + fragment)
            page.evaluate("document.querySelector('details.clinician').open = true")
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= 360, (fragment, width)
        assert holder.network_requests == [] and holder.console_errors == []
    finally:
        holder.close()

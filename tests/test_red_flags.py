"""RedFlags: content from the data file, clinic details, plain language, escaping, browser."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

from eduwidgets.content import content_path
from eduwidgets.content.red_flags import load_red_flags, red_flags_plain_text
from eduwidgets.patient.config import CLINIC_CONFIG_ENV, ClinicConfig
from eduwidgets.widgets import static
from eduwidgets.widgets.knowledge_check import KnowledgeCheck
from eduwidgets.widgets.red_flags import RedFlags

from conftest import axe_violations

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE_CLINIC = ROOT / "examples" / "clinic.toml"
HOSTILE = "<script>alert(1)</script>"
MAX_GRADE = 6.0


# --- content -------------------------------------------------------------------------------


def level_signs(level: str) -> str:
    entry = next(e for e in load_red_flags()["levels"] if e["key"] == level)
    return " ".join(entry["signs"])


def test_every_warning_sign_from_the_guidelines_is_at_its_level():
    # Emergency (cauda equina, serious injury): NHS "call 999 or go to A&E".
    now = level_signs("emergency")
    for words in ("numb", "between your legs", "genitals", "wipe", "cannot pee", "bladder"):
        assert words in now, words
    for words in ("both legs", "weak legs", "walking", "erection", "serious accident"):
        assert words in now, words
    # Within a day: possible fracture, infection or cancer (NHS "urgent GP or 111").
    within_a_day = level_signs("urgent")
    for words in (
        "weakness in one leg or foot",
        "fever",
        "shivery",
        "infection",
        "small fall",
        "a lift or even a cough",
        "weak bones",
        "steroid tablets",
        "cancer",
        "losing weight",
        "immune system",
        "inject drugs",
        "all the time",
        "at night",
        "lump",
        "changed shape",
    ):
        assert words in within_a_day, words
    # An ordinary appointment, not an urgent one.
    routine = level_signs("routine")
    for words in ("under 20 or over 50", "4 to 6 weeks"):
        assert words in routine, words
    assert "serious accident" not in within_a_day + routine
    assert "one leg" not in now and "both legs" not in within_a_day
    assert "a month" not in within_a_day


def test_levels_run_from_most_to_least_urgent():
    text = load_red_flags()
    assert [entry["key"] for entry in text["levels"]] == ["emergency", "urgent", "routine"]
    headings = [entry["heading"] for entry in text["levels"]]
    assert headings == ["Get help now", "See a clinician within a day", "Book an appointment"]


def test_data_file_cites_its_sources():
    source = content_path("red_flags.toml").read_text(encoding="utf-8")
    assert "NICE guideline NG59" in source and "AHCPR" in source and "NBK52120" in source
    assert "nhs.uk" in source


def test_reading_grade_at_most_6(fk_grade):
    for clinic_name, phone in (("", ""), ("", "020 7946 0000"), ("Riverside Clinic", "911")):
        text = red_flags_plain_text(clinic_name, phone)
        grade = fk_grade(text)
        print(f"red flags (clinic={clinic_name!r}, phone={phone!r}): FK grade {grade:.1f}")
        assert grade <= MAX_GRADE
    # Each part on its own too, so one hard section cannot hide behind easy ones.
    # Sections with their headings, as a reader meets them.
    sections = re.split(
        r"\n(?=Get help now|See a clinician within a day|Book an appointment)",
        red_flags_plain_text(),
    )
    assert len(sections) == 4
    for section in sections:
        grade = fk_grade(section)
        print(f"  section {section[:30]!r}: FK grade {grade:.1f}")
        assert grade <= MAX_GRADE
    compact_line = load_red_flags()["heading"] + "."
    print(f"  compact line: FK grade {fk_grade(compact_line):.1f}")
    assert fk_grade(compact_line) <= MAX_GRADE


# --- clinic details ----------------------------------------------------------------------


def test_defaults_tell_the_reader_to_call_their_doctor():
    widget = RedFlags()
    assert (widget.phone, widget.clinic_name) == ("", "")
    assert widget.emergency_number == ""  # not set; the words below are the page's
    assert widget.emergency_words == "your local emergency number"
    text = widget.plain_text()
    assert "Call your doctor today" in text
    assert "Call your local emergency number now, or go to the emergency room" in text
    assert "Book a visit with your doctor or clinician" in text


def test_explicit_phone_and_name():
    widget = RedFlags(phone="020 7946 0000", clinic_name="Riverside Physiotherapy")
    assert "Call Riverside Physiotherapy on 020 7946 0000 today" in widget.plain_text()
    assert "Call Riverside Physiotherapy on 020 7946 0000 to book a visit" in widget.plain_text()
    assert "Call your clinic on 911 today" in RedFlags(phone="911").plain_text()


def test_clinic_from_environment_and_explicit_values_win(monkeypatch):
    monkeypatch.setenv(CLINIC_CONFIG_ENV, str(EXAMPLE_CLINIC))
    widget = RedFlags()
    assert (widget.clinic_name, widget.phone) == ("Riverside Physiotherapy", "020 7946 0000")
    assert widget.emergency_number == "999 or 112"
    assert "Call 999 or 112 now" in widget.plain_text()
    assert RedFlags(phone="911").phone == "911"
    assert RedFlags(phone="911").clinic_name == "Riverside Physiotherapy"


def test_clinic_argument():
    clinic = ClinicConfig(name="Hill Clinic", phone="555 0100", emergency_number="911")
    widget = RedFlags(clinic=clinic, compact=True)
    assert (widget.clinic_name, widget.phone, widget.emergency_number, widget.compact) == (
        "Hill Clinic",
        "555 0100",
        "911",
        True,
    )


def test_bad_values_say_what_is_allowed():
    with pytest.raises(ValueError, match=r"phone = 'ring me' is not allowed.*digits, spaces"):
        RedFlags(phone="ring me")
    with pytest.raises(ValueError, match="compact = 'yes' is not allowed: it must be True or"):
        RedFlags(compact="yes")
    widget = RedFlags()
    with pytest.raises(ValueError, match="phone"):
        widget.phone = "call us"


def test_static_html_escapes_typed_text():
    widget = RedFlags(clinic_name=HOSTILE, phone="911")
    fragment = widget.static_html()
    assert "<script>alert" not in fragment
    assert html.escape(HOSTILE) in fragment  # the no-script fallback
    config_json = re.search(r'class="edu-config">(.*?)</script>', fragment).group(1)
    assert json.loads(config_json)["clinic_name"] == HOSTILE
    assert 'aria-label="Warning signs: when to get help"' in fragment


# --- browser -----------------------------------------------------------------------------


def build_page(tmp_path: Path) -> str:
    """One static page with both widgets (compact and full red flags, and a check)."""
    body = (
        "<h1>Warning signs and a question</h1><h2>Before you start</h2>"
        + RedFlags(compact=True, phone="020 7946 0000", clinic_name=HOSTILE).static_html()
        + "<h2>Check what you learned</h2>"
        + KnowledgeCheck("gallery-lifting").static_html()
        + RedFlags(emergency_number="999 or 112").static_html()
    )
    path = tmp_path / "red-flags.html"
    path.write_text(static.page(body, "Red flags test"), encoding="utf-8")
    return path.as_uri()


@pytest.mark.browser
def test_compact_expands_with_keyboard_and_shows_text_safely(offline_page, tmp_path):
    page = offline_page.page
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(build_page(tmp_path))
    compact = page.locator(".edu-red-flags").first
    toggle = compact.get_by_role("button", name="Warning signs: when to get help")
    panel = compact.locator(".edu-rf-panel")
    assert toggle.get_attribute("aria-expanded") == "false"
    assert panel.is_hidden()

    page.keyboard.press("Tab")  # first focusable thing on the page
    assert page.evaluate("document.activeElement.className") == "edu-rf-toggle"
    page.keyboard.press("Enter")
    assert toggle.get_attribute("aria-expanded") == "true"
    assert panel.is_visible()
    assert "Get help now" in panel.inner_text()

    # Typed text stays text: the clinic name shows literally and runs nothing.
    intro = compact.locator(".edu-rf-urgent .edu-rf-intro")
    assert intro.inner_text().startswith(f"Call {HOSTILE} on 020 7946 0000 today")
    assert compact.locator("script").count() == 1  # only the JSON config
    assert compact.locator("a.edu-rf-phone").first.get_attribute("href") == "tel:02079460000"
    assert dialogs == []

    assert axe_violations(page) == []
    page.keyboard.press("Space")
    assert toggle.get_attribute("aria-expanded") == "false" and panel.is_hidden()

    full = page.locator(".edu-red-flags").nth(1)
    assert full.get_by_role("note").is_visible()
    assert full.get_by_role("button").count() == 0
    assert "Call 999 or 112 now" in full.inner_text()
    assert "Call your doctor today" in full.inner_text()
    assert "Book an appointment" in full.inner_text()
    assert full.locator(".edu-rf-group").count() == 3
    assert offline_page.network_requests == []
    assert offline_page.console_errors == []


@pytest.mark.browser
def test_prints_in_full(offline_page, tmp_path):
    page = offline_page.page
    page.goto(build_page(tmp_path))
    page.emulate_media(media="print")
    compact = page.locator(".edu-red-flags").first
    assert compact.locator(".edu-rf-panel").is_visible()
    assert compact.locator(".edu-rf-toggle").is_visible()  # the heading text stays on paper
    assert compact.locator(".edu-rf-chevron").is_hidden()
    assert offline_page.console_errors == []


@pytest.mark.browser
@pytest.mark.parametrize("width", [320, 390, 1200])
def test_fits_phone_and_desktop(browser, tmp_path, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    try:
        page = context.new_page()
        page.goto(build_page(tmp_path))
        page.locator(".edu-rf-toggle").click()
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        assert scroll_width <= width, f"sideways scrolling at {width} px: {scroll_width}"
        # Targets: the disclosure button is at least 44 px tall.
        box = page.locator(".edu-rf-toggle").bounding_box()
        assert box["height"] >= 44
    finally:
        context.close()

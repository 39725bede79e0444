"""KnowledgeCheck: data file, validation messages, plain language, escaping, keyboard use."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
import traitlets

from eduwidgets.content import knowledge_checks, load_toml_file
from eduwidgets.content.knowledge_checks import check_ids, get_check, load_checks
from eduwidgets.errors import InputError
from eduwidgets.widgets import static
from eduwidgets.widgets.knowledge_check import KnowledgeCheck
from eduwidgets.widgets.red_flags import RedFlags

from conftest import axe_violations

HOSTILE = "<script>alert(1)</script>"
MAX_GRADE = 6.0
GOOD_CHOICES = [
    {"text": "Close", "correct": True, "why": "Less pull."},
    {"text": "Far", "correct": False, "why": "More pull."},
]


@pytest.fixture
def checks_file(tmp_path, monkeypatch):
    """Point the loader at a TOML file written by the test."""

    def use(text: str) -> Path:
        path = tmp_path / "knowledge_checks.toml"
        path.write_text(text, encoding="utf-8")
        monkeypatch.setattr(knowledge_checks, "content_path", lambda name: path)
        monkeypatch.setattr(knowledge_checks, "load_content", lambda name: load_toml_file(path))
        return path

    return use


# --- loading ---------------------------------------------------------------------------------


def test_gallery_checks_load():
    assert check_ids()[:2] == ["gallery-lifting", "gallery-balance"]
    widget = KnowledgeCheck("gallery-lifting")
    assert widget.check_id == "gallery-lifting"
    assert widget.question.startswith("You need to carry a heavy box")
    assert [c["correct"] for c in widget.choices] == [True, False, False]
    assert widget.answer == -1 and widget.answered_correctly is None


def test_every_check_in_the_file_is_valid():
    for check in load_checks().values():
        assert len(check.choices) >= 2
        assert any(choice.correct for choice in check.choices)
        assert all(choice.why for choice in check.choices)


def test_unknown_id_lists_known_ids():
    with pytest.raises(ValueError) as caught:
        KnowledgeCheck("extensors-why")
    message = str(caught.value)
    print(message)
    assert "'extensors-why' is not known" in message
    assert "gallery-lifting, gallery-balance" in message
    assert "knowledge_checks.toml" in message


def test_question_and_choices_form():
    widget = KnowledgeCheck(question="Which is easier?", choices=GOOD_CHOICES)
    assert widget.check_id == "" and widget.choices == GOOD_CHOICES
    # Several checks on one page need different region names.
    assert widget.static_label() == "Check your understanding: Which is easier?"


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"question": "Q?", "choices": GOOD_CHOICES[:1]}, "at least 2 choices"),
        ({"question": "Q?", "choices": "ab"}, "at least 2 choices"),
        (
            {"question": "Q?", "choices": [dict(c, correct=False) for c in GOOD_CHOICES]},
            "not allowed: no choice has correct = true",
        ),
        (
            {"question": "Q?", "choices": [GOOD_CHOICES[0], {"text": "Far", "correct": False}]},
            "choice[2].why is missing; allowed: why it is right or wrong",
        ),
        (
            {"question": "Q?", "choices": [dict(GOOD_CHOICES[0], correct="yes"), GOOD_CHOICES[1]]},
            "choice[1].correct = 'yes' is not true or false",
        ),
        (
            {"question": "Q?", "choices": [dict(GOOD_CHOICES[0], note="x"), GOOD_CHOICES[1]]},
            "choice[1].note: unknown field. Allowed here: text, correct, why.",
        ),
        ({"question": "", "choices": GOOD_CHOICES}, "question = '' is empty; allowed: text"),
        ({}, 'needs a check id, like KnowledgeCheck("gallery-lifting")'),
    ],
)
def test_bad_questions_say_what_is_allowed(kwargs, expected):
    with pytest.raises(ValueError) as caught:
        KnowledgeCheck(**kwargs)
    print(caught.value)
    assert expected in str(caught.value)


def test_id_and_question_together_is_an_error():
    with pytest.raises(ValueError, match="not both"):
        KnowledgeCheck("gallery-lifting", question="Q?")


def test_answer_trait():
    widget = KnowledgeCheck("gallery-lifting")
    widget.answer = 1
    assert widget.answered_correctly is False
    widget.answer = 0
    assert widget.answered_correctly is True
    with pytest.raises(traitlets.TraitError, match="from 0 to 2"):
        widget.answer = 3


def test_bad_data_file_names_file_check_and_line(checks_file):
    path = checks_file(
        """# checks
[[check]]
id = "ok-one"
question = "Q?"
[[check.choice]]
text = "A"
correct = true
why = "Because."
[[check.choice]]
text = "B"
correct = false
why = "Because not."

[[check]]
id = "broken"
question = "Q?"
[[check.choice]]
text = "A"
correct = true
why = "Because."
[[check.choice]]
text = "B"
correct = false
"""
    )
    with pytest.raises(InputError) as caught:
        load_checks()
    message = str(caught.value)
    print(message)
    assert message.startswith(f"{path}, line 21: check[2].choice[2].why: is missing")
    assert "allowed: why it is right or wrong" in message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('[[check]]\nid = "Bad Id"\n', 'check[1].id: "Bad Id" is not in the allowed form'),
        (
            '[[check]]\nid = "a"\nquestion = "Q?"\nhint = "x"\n',
            "check[1].hint: unknown field. Allowed here: id, question, choice",
        ),
        ('title = "x"\n', "title: unknown field. Allowed here: check"),
        (
            '[[check]]\nid = "a"\nquestion = "Q?"\n',
            "check[1].choice: is missing; allowed: a list of at least 2 choices",
        ),
    ],
)
def test_more_data_file_mistakes(checks_file, text, expected):
    checks_file(text)
    with pytest.raises(InputError, match=re.escape(expected)):
        load_checks()


def test_duplicate_ids(checks_file):
    block = (
        '[[check]]\nid = "twice"\nquestion = "Q?"\n'
        '[[check.choice]]\ntext = "A"\ncorrect = true\nwhy = "W"\n'
        '[[check.choice]]\ntext = "B"\ncorrect = false\nwhy = "W"\n'
    )
    checks_file(block + block)
    with pytest.raises(InputError, match=r'line 13: check\[2\]\.id: "twice" is used by two checks'):
        load_checks()


def test_reading_grade_at_most_6(fk_grade):
    for check in load_checks().values():
        text = " ".join(
            [check.question] + [f"{choice.text} {choice.why}" for choice in check.choices]
        )
        grade = fk_grade(text)
        print(f"knowledge check {check.id}: FK grade {grade:.1f}")
        assert grade <= MAX_GRADE, check.id
        for choice in check.choices:
            assert fk_grade(choice.why) <= MAX_GRADE, choice.why


def test_static_html_escapes_typed_text():
    widget = KnowledgeCheck(
        question=HOSTILE,
        choices=[dict(GOOD_CHOICES[0], text=HOSTILE), dict(GOOD_CHOICES[1], why=HOSTILE)],
    )
    fragment = widget.static_html()
    assert "<script>alert" not in fragment
    assert html.escape(HOSTILE) in fragment  # no-script fallback
    config = json.loads(re.search(r'class="edu-config">(.*?)</script>', fragment).group(1))
    assert config["question"] == HOSTILE and config["answer"] == -1


def test_get_check():
    assert get_check("gallery-balance").choices[0].correct is True


# --- browser ---------------------------------------------------------------------------------


def build_page(tmp_path: Path, **check_kwargs) -> str:
    """One static page with both widgets: compact red flags, then the check."""
    check = KnowledgeCheck(**check_kwargs) if check_kwargs else KnowledgeCheck("gallery-lifting")
    body = (
        "<h1>A lesson</h1><h2>Warning signs</h2>"
        + RedFlags(compact=True).static_html()
        + "<h2>Check what you learned</h2>"
        + check.static_html()
    )
    path = tmp_path / "knowledge-check.html"
    path.write_text(static.page(body, "Knowledge check test"), encoding="utf-8")
    return path.as_uri()


def focused(page) -> str:
    return page.evaluate(
        "(() => { const a = document.activeElement;"
        " return a.tagName + ':' + (a.value || a.textContent.trim()); })()"
    )


@pytest.mark.browser
def test_answer_with_keyboard_only(offline_page, tmp_path):
    page = offline_page.page
    page.goto(build_page(tmp_path))
    assert axe_violations(page) == []
    widget = page.locator(".edu-knowledge-check")
    radios = widget.get_by_role("radio")
    feedback = widget.locator(".edu-kc-feedback")
    status = widget.locator("[aria-live]")
    assert radios.count() == 3 and feedback.count() == 3
    assert all(feedback.nth(i).is_hidden() for i in range(3))
    assert widget.get_by_role("group", name=re.compile("carry a heavy box")).is_visible()

    page.keyboard.press("Tab")  # the compact red-flags button
    page.keyboard.press("Tab")  # the radio group
    assert focused(page) == "INPUT:0"
    # Checking with nothing picked asks for a pick, and keeps focus on the choices.
    page.keyboard.press("Tab")
    assert focused(page) == "BUTTON:Check my answer"
    page.keyboard.press("Enter")
    assert "Pick an answer first" in status.inner_text()
    assert focused(page) == "INPUT:0"

    page.keyboard.press("ArrowDown")  # picks "arm's length" (wrong)
    assert radios.nth(1).is_checked()
    page.keyboard.press("Tab")
    page.keyboard.press("Space")  # "Check my answer"
    for i, mark in enumerate(["Right:", "Not quite:", "Not quite:"]):
        assert feedback.nth(i).is_visible()
        text = feedback.nth(i).inner_text()
        assert text.startswith(mark), text
        assert feedback.nth(i).locator("svg[aria-hidden='true']").count() == 1  # icon + word
    assert status.inner_text().startswith("Not quite. You picked \u201cHold the box out at arm's")
    assert "The best answer is \u201cHold the box close to your belly\u201d." in status.inner_text()
    assert widget.locator(".edu-kc-mine:visible").count() == 1
    assert radios.nth(1).get_attribute("aria-describedby") == feedback.nth(1).get_attribute("id")
    assert focused(page) == "BUTTON:Try again"
    assert widget.get_by_role("button", name="Check my answer").is_hidden()
    assert axe_violations(page) == []

    page.keyboard.press("Enter")  # Try again
    assert all(feedback.nth(i).is_hidden() for i in range(3))
    assert not any(radios.nth(i).is_checked() for i in range(3))
    assert status.inner_text() == ""
    assert focused(page) == "INPUT:0"

    page.keyboard.press("Space")  # pick the first choice (right)
    page.keyboard.press("Enter")  # Enter in a radio group submits the question
    assert status.inner_text().startswith("Right! You picked \u201cHold the box close")
    assert feedback.nth(0).is_visible() and feedback.nth(2).is_visible()

    assert offline_page.network_requests == []
    assert offline_page.console_errors == []


@pytest.mark.browser
def test_typed_text_is_set_as_text(offline_page, tmp_path):
    page = offline_page.page
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(
        build_page(
            tmp_path,
            question=HOSTILE,
            choices=[dict(GOOD_CHOICES[0], text=HOSTILE), dict(GOOD_CHOICES[1], why=HOSTILE)],
        )
    )
    widget = page.locator(".edu-knowledge-check")
    assert widget.locator("legend").inner_text() == HOSTILE
    widget.get_by_role("radio").first.check()
    widget.get_by_role("button", name="Check my answer").click()
    assert HOSTILE in widget.locator(".edu-kc-feedback").nth(1).inner_text()
    assert widget.locator("script").count() == 1  # only the JSON config
    assert dialogs == []
    assert offline_page.console_errors == []


@pytest.mark.browser
def test_live_render_syncs_answer_back(offline_page, tmp_path):
    """The anywidget path: render() against a model like anywidget's, which records syncs."""
    page = offline_page.page
    page.goto(build_page(tmp_path))
    config = KnowledgeCheck("gallery-balance").static_config()
    result = page.evaluate(
        """(config) => {
          const synced = [];
          const model = new EduWidgets.LocalModel(config);
          model.save_changes = () => synced.push(model.get("answer"));
          const host = document.createElement("div");
          document.querySelector("main").append(host);
          EduWidgets.widgets["knowledge-check"].render(model, host);
          host.querySelectorAll("input")[2].click();
          host.querySelector("button[type=submit]").click();
          const afterCheck = host.querySelectorAll(".edu-kc-feedback:not([hidden])").length;
          host.querySelector(".edu-kc-again").click();
          // The kernel can set the answer too (a clinician's view shows it).
          model.set("answer", 0);
          const fromKernel = host.querySelector(".edu-kc-status").textContent;
          return {synced, afterCheck, fromKernel};
        }""",
        config,
    )
    assert result["synced"] == [2, -1]
    assert result["afterCheck"] == 3
    assert result["fromKernel"].startswith("Right!")
    assert offline_page.console_errors == []


@pytest.mark.browser
def test_prints_every_explanation(offline_page, tmp_path):
    page = offline_page.page
    page.goto(build_page(tmp_path))
    page.emulate_media(media="print")
    feedback = page.locator(".edu-knowledge-check .edu-kc-feedback")
    assert all(feedback.nth(i).is_visible() for i in range(feedback.count()))
    assert page.get_by_role("button", name="Check my answer").is_hidden()


@pytest.mark.browser
@pytest.mark.parametrize("width", [320, 390, 1200])
def test_fits_phone_and_desktop(browser, tmp_path, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    try:
        page = context.new_page()
        page.goto(build_page(tmp_path))
        page.locator(".edu-knowledge-check input").nth(1).check()
        page.get_by_role("button", name="Check my answer").click()
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        assert scroll_width <= width, f"sideways scrolling at {width} px: {scroll_width}"
        for label in page.locator(".edu-kc-label").all():
            assert label.bounding_box()["height"] >= 44  # the whole row is the target
        assert page.get_by_role("button", name="Try again").bounding_box()["height"] >= 44
    finally:
        context.close()

"""The patient's plan as a patient meets it: made in Chromium by ``plan_page.js``.

Each profile below is made into a plan by ``eduwidgets plan`` (the patient baked into
the page) and opened once per language in a real Chromium at 390 px; one load gives
everything the page shows (``read_plan``), and each test checks many things on it.
These checks hold what the Python rule functions' tests held before the rules moved
to the page (issue 24): the ratings in words, why each exercise, doses, days, the
log, the flare-up plan, the warning signs, the model's numbers (equal to model.py's),
both languages. The words' reading grade is measured on the content files
(``tests/test_plan_text.py``).
"""

from __future__ import annotations

import html
import re

import pytest

from eduwidgets.content import in_language, languages, load_content
from eduwidgets.handout import DAYS_PER_WEEK, LOG_WEEKS, Clinic, plan_page_html, plan_words

from conftest import ROOT, OfflinePage, axe_violations

LANGUAGES = list(languages())
PHONE = {"width": 390, "height": 844}
MAX_PLAN_PAGES = 4  # A4, printed (issue 24)
MAX_GRADE = 6.0
EXAMPLE_PROFILE = ROOT / "examples" / "profile.toml"

# Every rating filled, and exercises that show every kind of dose (sets, each side, a
# hold, no hold, a pyramid), so every rating, dose and day word of the plan shows.
EVERY_RATING = """
first_name = "Sam"
[muscles.extensors]
strength = 3
[muscles.obliques]
strength = 4
bracing = "mild"
[muscles.abdominals]
strength = 2
bracing = "strong"
[muscles.hip_flexors]
length = "moderately tight"
[[exercises]]
id = "mcgill-curl-up"
[[exercises]]
id = "bird-dog"
sets = 3
[[exercises]]
id = "dead-bug"
[[exercises]]
id = "cat-camel"
[[exercises]]
id = "half-kneeling-hip-flexor-stretch"
"""
PROFILES = {
    "example": EXAMPLE_PROFILE.read_text(encoding="utf-8"),
    "every-rating": EVERY_RATING,
    "every-rating-no-name": EVERY_RATING.replace('first_name = "Sam"\n', ""),
    # No strength rated: the general reason; a Thomas-test rating alone.
    "hip-only": (
        '[muscles.hip_flexors]\nlength = "very tight"\n[[exercises]]\nid = "mcgill-curl-up"\n'
    ),
    # Bracing without strength, and no exercises: the plan says how it is made.
    "bracing-only": '[muscles.obliques]\nbracing = "mild"\n',
}

# What the page shows, read once per load: the plan the script computed, the texts of
# its parts, the widths of table cells at 390 px, and the page's own numbers.
READ = """() => {
  const clipped = (c) => c.closest('thead')?.getBoundingClientRect().width <= 1;
  const main = document.querySelector("main");
  const text = (node) => node ? node.textContent.replace(/\\s+/g, " ").trim() : "";
  const clone = main.cloneNode(true);
  clone.querySelectorAll("script, style").forEach((n) => n.remove());
  // The plan's own words: the widgets' words are their content files' (and their tests').
  const prose = main.cloneNode(true);
  prose.querySelectorAll("script, style, .edu-widget").forEach((n) => n.remove());
  const names = [...prose.querySelectorAll("[title], [aria-label], [alt]")].flatMap((n) =>
    ["title", "aria-label", "alt"].map((a) => n.getAttribute(a)).filter(Boolean));
  // A cell whose words are wider than the cell: a word broken or cut (issue 24).
  const tooWide = [...main.querySelectorAll("table th, table td")].filter((c) =>
    c.getClientRects().length && c.scrollWidth > c.clientWidth + 1 && !clipped(c))
    .map((c) => text(c));
  const plan = EduWidgets.plan;
  const body = JSON.parse(document.getElementById("edu-plan-patient")?.textContent || "null")?.body;
  const standing = (muscles) =>
    EduWidgets.model.lumbarLoad(Object.assign({}, body, muscles)).compression_n;
  return {
    plan, title: document.title, h1: text(document.getElementById("plan")),
    text: text(clone), prose: text(prose), names,
    too_wide: tooWide, page_width: document.documentElement.scrollWidth,
    empty_shown: !document.getElementById("edu-plan-empty").hidden,
    today_hidden: document.querySelector(".plan-today").hidden,
    about_open: document.getElementById("edu-plan-about").open,
    demos: [...document.querySelectorAll(".plan-today-item[data-exercise]")].map((li) => ({
      id: li.dataset.exercise,
      in_details: !!li.querySelector("details.plan-demo [data-eduwidget='exercise-demo']"),
      mounted: !!li.querySelector("[data-eduwidget='exercise-demo'][data-edu-mounted]"),
      config: JSON.parse(li.querySelector("script.edu-config").textContent),
    })),
    help_link: document.querySelector(".plan-today a[href='#warning']") !== null,
    today_before_about: !!(document.querySelector(".plan-today").compareDocumentPosition(
      document.getElementById("edu-plan-about")) & Node.DOCUMENT_POSITION_FOLLOWING),
    check_first: [...main.querySelectorAll(".handout-check-first")].map((n) => text(n)),
    check_first_before_demo: (() => {
      const box = main.querySelector(".plan-today .handout-check-first");
      const demo = main.querySelector("[data-eduwidget='exercise-demo']");
      const after = box && demo && box.compareDocumentPosition(demo);
      return !!(after & Node.DOCUMENT_POSITION_FOLLOWING);
    })(),
    log: (() => {
      const log = document.querySelector("section[aria-labelledby='log']");
      return {
        tables: log.querySelectorAll("table.handout-log").length,
        days: log.querySelectorAll("tbody th[scope='row']").length,
        ticks: log.querySelectorAll(".handout-tick").length,
        notes: log.querySelectorAll(".handout-log-note").length,
        pain: log.querySelectorAll(".handout-log-pain").length,
        goal: log.querySelectorAll(".handout-log-goal-input").length,
        hooks: new Set([...log.querySelectorAll("[data-edu-progress]")]
          .map((n) => n.dataset.eduProgress)).size,
        ids: new Set([...log.querySelectorAll("input")].map((n) => n.id).filter(Boolean)).size,
        inputs: log.querySelectorAll("input").length,
        text: text(log),
      };
    })(),
    week_hooks: [...document.querySelectorAll("#edu-plan-week [data-edu-progress]")]
      .map((n) => n.dataset.eduProgress),
    load_keys: [...document.querySelectorAll("#edu-plan-loads tr")].map((tr) => tr.dataset.task),
    balance: JSON.parse(document.querySelector("#edu-plan-balance script.edu-config").textContent),
    balance_standing_rise: plan && body ? standing(plan.balance_muscles) / standing({}) - 1 : null,
    html: document.documentElement.outerHTML,
  };
}"""


# Larger text: the page's width and any cell whose words are wider than the cell (the
# stacked tables' column names, clipped for screen readers only, are no cell one sees).
LARGE = """() => {
  const clipped = (c) => c.closest('thead')?.getBoundingClientRect().width <= 1;
  return {
    on: document.body.classList.contains("edu-large"),
    width: document.documentElement.scrollWidth,
    too_wide: [...document.querySelectorAll("main table th, main table td")].filter((c) =>
      c.getClientRects().length && c.scrollWidth > c.clientWidth + 1 && !clipped(c))
      .map((c) => c.textContent),
  };
}"""


def made_plan(folder, name: str, language: str):
    """``eduwidgets plan`` on one profile, in one language: the file it writes."""
    from eduwidgets.handout import build_plan

    profile = folder / f"{name}.toml"
    profile.write_text(PROFILES[name].replace('language = "en"\n', ""), encoding="utf-8")
    output = folder / f"{name}-{language}.html"
    with in_language(language):
        build_plan(profile, output)
    return output


@pytest.fixture(scope="module")
def plans(browser, tmp_path_factory):
    """(profile, language) -> what the page showed (``READ``), its network requests and
    console errors, axe's findings, and the printed page count: one load each."""
    folder = tmp_path_factory.mktemp("plans")
    seen = {}
    # One phone opens the plans one after another (a context costs about as much CPU as
    # a load): opening a plan stores nothing the next could read (asserted), and each
    # plan's requests and errors are its own (the lists are emptied before each).
    holder = OfflinePage(browser, viewport=PHONE)
    try:
        for language in LANGUAGES:
            for name in PROFILES:
                path = made_plan(folder, name, language)
                holder.network_requests.clear()
                holder.console_errors.clear()
                holder.page.goto(path.as_uri(), wait_until="load")
                holder.page.wait_for_timeout(150)
                shown = holder.page.evaluate(READ)
                shown["stored"] = holder.page.evaluate("localStorage.length")
                shown["axe"] = axe_violations(holder.page) if name == "every-rating" else []
                shown["pdf_pages"] = pdf_pages(holder.page.pdf(format="A4"))
                shown["requests"] = list(holder.network_requests)
                shown["errors"] = list(holder.console_errors)
                shown["mode"] = path.stat().st_mode & 0o777
                # Larger text, as a reader with poor sight sets it: still nothing cut.
                holder.page.click("#edu-large-toggle")
                shown["large"] = holder.page.evaluate(LARGE)
                seen[name, language] = shown
    finally:
        holder.close()
    return seen


def pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf))


def squeezed(text: str) -> str:
    return " ".join(html.unescape(text).split())


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_plan_is_made_on_the_page_offline_private_and_accessible(plans, language):
    for name in PROFILES:
        shown = plans[name, language]
        assert shown["errors"] == [] and shown["requests"] == [], (name, language)
        assert shown["stored"] == 0, (name, language)  # a plan opened stores nothing
        assert shown["mode"] == 0o600, (name, language)  # one patient's plan is private
        assert shown["page_width"] <= PHONE["width"], (name, language, "sideways scroll")
        # No word broken or cut inside a table cell at 390 px (issue 24).
        assert shown["too_wide"] == [], (name, language, shown["too_wide"])
        large = shown["large"]
        assert large["on"] and large["width"] <= PHONE["width"] and large["too_wide"] == [], (
            name,
            language,
            large,
        )
        # Printed on A4: at most four pages, the log still on paper.
        assert shown["pdf_pages"] <= MAX_PLAN_PAGES, (name, language, shown["pdf_pages"])
    assert plans["every-rating", language]["axe"] == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_plan_starts_with_today(plans, language):
    words = plan_words(language)
    shown = plans["every-rating", language]
    plan = shown["plan"]
    ids = [e["id"] for e in plan["exercises"]]
    assert ids == [
        "mcgill-curl-up",
        "bird-dog",
        "dead-bug",
        "cat-camel",
        "half-kneeling-hip-flexor-stretch",
    ]
    assert [d["id"] for d in shown["demos"]] == ids  # the clinician's order
    for demo, exercise in zip(shown["demos"], plan["exercises"], strict=True):
        assert demo["in_details"] and demo["mounted"], demo["id"]  # one tap away, drawn
        assert demo["config"]["dose_text"] == exercise["dose_text"]
        assert demo["config"]["exercise"]["check_first"] is None  # shown once, above
    assert shown["help_link"] and shown["today_before_about"] and not shown["about_open"]
    # Who should ask first: once, before the first exercise (the demos leave it out).
    from eduwidgets.content.exercises import check_first_words

    with in_language(language):
        ask_first = check_first_words()
    (box,) = shown["check_first"]
    assert shown["check_first_before_demo"]
    for item in (ask_first["heading"], ask_first["intro"], *ask_first["items"]):
        assert item in box, (language, item)
    assert not shown["empty_shown"] and not shown["today_hidden"]
    assert words["today"]["heading"] in shown["text"]
    # Week ticks: stable hooks for progress.js, one per row and day.
    assert len(shown["week_hooks"]) == len(set(shown["week_hooks"])) == (len(ids) + 1) * 7


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_doses_are_the_demos_own(plans, language):
    """The page's dose words equal the exercise widget's (Python's ``Dose``): one rule."""
    from dataclasses import replace

    from eduwidgets.content.exercises import get_exercise

    for name in ("example", "every-rating"):
        for exercise in plans[name, language]["plan"]["exercises"]:
            with in_language(language):
                record = get_exercise(exercise["id"])
                changed = {k: v for k, v in exercise["dose"].items() if k != "days_per_week"}
                dose = replace(
                    record.dose, **{**changed, "reps_by_set": tuple(changed["reps_by_set"])}
                )
                expected = f"{dose.in_words()} {record.how_often()}"
                assert exercise["dose_text"] == expected, (name, language)
                assert exercise["dose_short"] == dose.in_short_words(), (name, language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_plan_without_exercises_says_the_clinician_makes_it(plans, language):
    shown = plans["bracing-only", language]
    words = plan_words(language)["empty"]
    assert shown["empty_shown"] and shown["today_hidden"]
    assert words["text"] in shown["text"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_plan_has_a_flare_up_plan_a_log_and_three_levels(plans, language):
    words = plan_words(language)
    shown = plans["example", language]
    text = shown["text"]
    assert words["flare_up"]["heading"] in text
    for step in words["flare_up"]["steps"]:
        assert step in text
    # The log (issue 20): four weeks of seven days, each day what was done (exercises,
    # activity, a step toward the patient's goal) and a note; pain once a week only.
    log = shown["log"]
    days = LOG_WEEKS * DAYS_PER_WEEK
    assert log["tables"] == LOG_WEEKS and log["days"] == days
    assert log["ticks"] == 3 * days and log["notes"] == days
    assert log["pain"] == LOG_WEEKS and log["goal"] == 1  # pain once a week, the goal once
    # Stable hooks and ids on every tick and field of the log (progress.js keeps them).
    assert log["hooks"] == log["ids"] == log["inputs"] == 4 * days + LOG_WEEKS + 1
    log_words = words["log"]
    for label in ("done_label", "active_label", "goal_day_label"):
        part = log_words[label].split("}")[-1].strip()  # the words after "{week}, {day}:"
        assert sum(part in n for n in shown["names"]) == days, (language, label)
    assert log_words["scale"] in log["text"]
    assert log_words["week_pain"].split(":")[0].split("}")[-1].strip() in log["text"]
    assert "pain_label" not in log_words and "column_pain" not in log_words
    from eduwidgets.content.red_flags import level_texts

    with in_language(language):
        headings = [level_texts(level)["heading"] for level in ("emergency", "urgent", "routine")]
    for heading in headings:
        assert heading in text, (language, heading)


def test_the_whole_plan_reads_at_grade_6(plans, fk_grade):
    """The plan's own prose, as the reader meets it (the widgets' words are graded with
    their content files)."""
    text = plans["example", "en"]["prose"]
    text = re.sub(r"(?<=[a-z)])(?=[A-Z])", ". ", text)  # blocks run together in textContent
    assert fk_grade(text) <= MAX_GRADE


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_plan_compares_the_everyday_tasks_of_the_content_file(plans, language):
    """One list of everyday tasks (content/everyday_tasks.toml): the plan's table shows
    the tasks its ``comparisons.plan`` names, in order."""
    keys = load_content("everyday_tasks.toml", language)["comparisons"]["plan"]
    assert plans["example", language]["load_keys"] == keys


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_frightening_or_old_model_words_and_everyday_terms(plans, language):
    """Patients read multiples of standing, not newtons (issue 12); clinicians' boxes aside."""
    text = plans["example", language]["prose"]
    lower = text.lower()
    for phrase in ("risk injury", "adds up", "collapse", "tighter or more tense", "unsafe"):
        assert phrase not in lower, phrase
    assert not re.search(r"\d[\d,.]* ?(N|MPa)\b", text), text
    assert "newton" not in lower
    times = plan_words(language)["muscles"]["times"].replace("{multiple}", "").strip()
    assert times in text


def test_the_numbers_are_the_models(plans):
    """The page's loads and guarding equal model.py's: the table's "typical" column is
    the model's push over standing's, "you" adds guarding at the sources' size
    (GUARDING_COMPRESSION_RISE, scaled by the bracing rating: strong is the whole of it,
    mild a third), and the sliders start at the same guarding as the table."""
    from eduwidgets.everyday import compared_tasks, reference_compression_n, task_posture
    from eduwidgets.model import GUARDING_COMPRESSION_RISE, lumbar_load
    from eduwidgets.patient.profile import Profile

    rises = {"every-rating": GUARDING_COMPRESSION_RISE, "example": GUARDING_COMPRESSION_RISE / 3}
    rises |= {"hip-only": 0.0, "bracing-only": GUARDING_COMPRESSION_RISE / 3}
    # The sliders hold tension on their own step of 0.01: a strong brace lands within
    # 0.02 of the table's rise; a mild one's is below a step (as before issue 24).
    sliders_checked = {"every-rating", "hip-only"}
    for name, rise in rises.items():
        shown = plans[name, "en"]
        plan = shown["plan"]
        assert plan["guarding_rise"] == pytest.approx(rise, abs=1e-12), name
        body = Profile(mass_kg=82, height_m=1.70).body() if name == "example" else Profile().body()
        standing = reference_compression_n(body)
        for row, task in zip(plan["load_rows"], compared_tasks("plan"), strict=True):
            typical = lumbar_load(body, task_posture(task)).compression_n / standing
            assert row["typical"] == pytest.approx(typical, rel=1e-9), (name, row["key"])
            assert row["yours"] == pytest.approx(typical * (1 + rise), rel=1e-9)
        if name in sliders_checked:
            assert shown["balance_standing_rise"] == pytest.approx(rise, abs=0.02), name
        for key, value in plan["balance_muscles"].items():
            assert shown["balance"]["start_values"][key] == value


def test_the_found_column_says_each_rating_or_not_rated(plans):
    def found(name):
        return {row["group"]: row["found"] for row in plans[name, "en"]["plan"]["strength_rows"]}

    assert found("bracing-only") == {
        "extensors": "not rated",
        "obliques": "bracing: mild",
        "hip_flexors": "not rated",
        "abdominals": "not rated",
    }
    assert found("hip-only")["hip_flexors"] == "very tight"
    assert found("every-rating")["abdominals"] == "strength 2 of 5, bracing: strong"


@pytest.mark.parametrize("language", LANGUAGES)
def test_reasons_come_from_the_content_file(plans, language):
    reasons = plan_words(language)["reasons"]
    with in_language(language):
        from eduwidgets.widgets.muscle_balance import words

        back = words()["controls"]["extensors"]["label"].split(" (")[0].lower()
    by_id = {e["id"]: e["reasons"] for e in plans["every-rating", language]["plan"]["exercises"]}
    assert by_id["cat-camel"] == [reasons["mobility"]]  # mobility, not extensor training
    assert by_id["bird-dog"][0] == reasons["weak"].format(label=back, grade=3)


def test_the_english_plan_reads_as_before(plans):
    """The same words as before the rules moved to the page, in the same places."""
    text = squeezed(plans["every-rating", "en"]["text"])
    for shown in (
        "strength 3 of 5",
        "strength 4 of 5, bracing: mild",
        "strength 2 of 5, bracing: strong",
        "Your front stomach muscles tend to stay tense (strong bracing).",
        "Your hip flexors are moderately tight. This exercise gently stretches them.",
        "3 × 5 each side, hold 8 s",
        "5, 3, 1, hold 8 s",
        "50% (weaker than typical)",
        "Week 1: your pain this week, from 0 to 10",
    ):
        assert shown in text, shown
    assert plans["every-rating", "en"]["title"] == "Sam's back plan"
    assert plans["every-rating", "en"]["h1"] == "Sam's back plan"
    assert "Week 1, Monday: a step toward your goal done" in plans["every-rating", "en"]["names"]
    assert '<abbr title="Wednesday">Wed</abbr>' in plans["every-rating", "en"]["html"]
    assert plans["every-rating-no-name", "en"]["h1"] == "Your back plan"
    (general,) = plans["hip-only", "en"]["plan"]["exercises"][0]["reasons"]
    trains = "front stomach muscles and side stomach muscles"
    assert general == plan_words("en")["reasons"]["general"].format(trains=trains)
    note = plans["example", "en"]["text"]
    assert "Walk every day, a little further each week." in note  # the clinician's note


def test_a_spanish_plan_says_the_ratings_doses_and_days_in_spanish(plans):
    from eduwidgets.content.pages import page_words

    shown = plans["every-rating", "es"]
    text = squeezed(shown["text"])
    form = page_words("es")["form"]
    for expected in (
        "fuerza 3 de 5",
        f"fuerza 4 de 5, tensión: {form['bracing']['mild']}",
        f"fuerza 2 de 5, tensión: {form['bracing']['strong']}",
        f"(tensión {form['bracing']['strong']})",
        f"Sus flexores de la cadera están {form['hip_flexor_length']['moderately tight']}.",
        "3 × 5 de cada lado, sostenga 8 s",
        "5, 3, 1, sostenga 8 s",
        "50 % (más débil de lo típico)",
        "Semana 1: su dolor esta semana, de 0 a 10",
    ):
        assert expected in text, expected
    assert shown["h1"] == "Plan para la espalda de Sam"
    assert "Semana 1, lunes: un paso hacia su meta hecho" in shown["names"]
    assert '<abbr title="miércoles">mié</abbr>' in shown["html"]
    # Decimals as Spanish writes them: "1,2 veces", never "1.2 veces".
    assert re.search(r"\d,\d veces", text) and not re.search(r"\d\.\d veces", text)
    (reason,) = plans["hip-only", "es"]["plan"]["exercises"][0]["reasons"]
    assert " y " in reason and " and " not in reason, reason


def english_glue(first_name: str | None) -> set[str]:
    """The English words the plan adds around a rating, a dose or a day, read from the
    English content (and Babel's English day names), so the test follows the files."""
    from eduwidgets.content import weekday_names
    from eduwidgets.content.pages import page_words

    form = page_words("en")["form"]
    plan = load_content("plan.toml", "en")
    dose = load_content("dose_words.toml", "en")
    words = {*form["bracing"].values(), *form["hip_flexor_length"].values()}
    templates = [plan["muscles"][key] for key in ("found_strength", "found_bracing", "not_rated")]
    templates += [dose["short_side"], dose["short_hold"], plan["owner_you"]]
    for template in templates:
        words |= {part.strip(" ,:") for part in re.split(r"\{[a-z_]+\}", template)}
    words |= {name for pair in weekday_names("en") for name in pair}
    if first_name:
        words.add(plan["owner_named"].format(name=first_name))
    words.add("and")  # the join of an exercise's muscle groups
    # "normal" is the same word in Spanish ("fuerza normal"), and a letter is no word.
    return {word for word in words if len(word) > 1} - {"normal"}


@pytest.mark.parametrize("name", ["every-rating", "every-rating-no-name"])
def test_a_spanish_plan_shows_no_english_rating_dose_or_day_words(plans, name):
    """issue 15: the words the plan puts around the clinician's ratings, the doses and
    the days come from content in the reader's language, not from English in code."""
    shown = plans[name, "es"]
    text = " ".join([shown["prose"], *shown["names"]])
    glue = english_glue("Sam" if name == "every-rating" else None)
    assert {"mild", "moderately tight", "each side", "Monday", "Mon", "and"} <= glue
    left = sorted(w for w in glue if re.search(rf"(?<!\w){re.escape(w)}(?!\w)", text))
    assert not left
    assert "strength" not in text.lower() and "bracing" not in text.lower()


# ---------------------------------------------------------------- the page with no patient


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_page_reads_the_fragment_and_says_how_a_plan_is_made(browser, tmp_path, language):
    """The site's and the clinic's page: the same for everyone; with no exercises in the
    address it says plainly that the clinician makes the plan, and links to the
    lessons; a patient's ratings in the fragment fill the plan's tables; larger text."""
    with in_language(language):
        page_html = plan_page_html(Clinic(), home_href="index.html")
        words = plan_words()
    assert 'id="edu-plan-patient"' not in page_html  # nothing about a patient in the page
    path = tmp_path / f"plan-{language}.html"
    path.write_text(page_html, encoding="utf-8")
    holder = OfflinePage(browser, viewport=PHONE)
    try:
        page = holder.page
        page.goto(path.as_uri() + "#extensors_strength=2&first_name=Ana", wait_until="load")
        assert page.is_visible("#edu-plan-empty") and page.is_hidden(".plan-today")
        assert words["empty"]["text"] in page.inner_text("#edu-plan-empty")
        link = page.get_attribute("#edu-plan-empty a", "href")
        assert link.startswith("index.html#") and "first_name=Ana" in link
        # In the closed "about your muscles" section: its text, shown or not.
        found = page.text_content("#edu-plan-strength tr[data-group='extensors']")
        assert words["muscles"]["found_strength"].format(grade=2) in found
        assert "Ana" in page.inner_text("#plan")
        page.click("#edu-large-toggle")
        assert "large=1" in page.evaluate("location.hash")
        assert page.evaluate("document.body.classList.contains('edu-large')")
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        assert holder.console_errors == [] and holder.network_requests == []
        # A new fragment (only the hash changes): the page shows the plan for it; a bad
        # value gets a clear message.
        page.goto(path.as_uri() + "#extensors_strength=9", wait_until="load")
        page.wait_for_selector("#edu-patient-problem", state="visible", timeout=10_000)
        assert holder.console_errors == []
    finally:
        holder.close()


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_site_has_the_plan_and_the_list_links_to_it(
    browser, english_site, spanish_site, language
):
    site = english_site if language == "en" else spanish_site
    assert (site / "plan.html").is_file()
    holder = OfflinePage(browser, viewport=PHONE)
    try:
        holder.page.goto(
            (site / "index.html").as_uri() + "#extensors_strength=3", wait_until="load"
        )
        href = holder.page.get_attribute("#edu-plan-link", "href")
        # An old long address in, the short one out (issue 24), in the list's language.
        assert href == f"plan.html#v=1&r=3-----&l={language}"
        holder.page.click("#edu-plan-link")
        holder.page.wait_for_load_state("load")
        assert holder.page.is_visible("#edu-plan-empty")
        # The plan's language switch: the same patient, the plan in the other language.
        other = "es" if language == "en" else "en"
        switch = holder.page.locator(f"nav.edu-languages a[hreflang='{other}']")
        assert switch.get_attribute("href").endswith(f"plan.html#v=1&r=3-----&l={other}")
        assert holder.console_errors == [] and holder.network_requests == []
    finally:
        holder.close()


MAX_LESSON_PAGES = 8  # A4, printed (issue 24)


def test_every_lesson_prints_on_at_most_eight_pages(browser, english_site, spanish_site):
    """A lesson page on paper: the clinicians' boxes and the sliders' numbers left out,
    the figures at the patient's values; both languages (the site's own lesson pages,
    which are the clinic's too)."""
    lessons = [*sorted(english_site.glob("[0-9]*.html")), *sorted(spanish_site.glob("[0-9]*.html"))]
    assert len(lessons) >= 2
    holder = OfflinePage(browser)
    try:
        counts = {}
        for path in lessons:
            holder.page.goto(path.as_uri() + "#extensors_strength=2", wait_until="load")
            holder.page.wait_for_timeout(150)
            counts[path.parent.name + "/" + path.name] = pdf_pages(holder.page.pdf(format="A4"))
        print("printed pages:", counts)
        assert max(counts.values()) <= MAX_LESSON_PAGES, counts
        assert holder.console_errors == [] and holder.network_requests == []
    finally:
        holder.close()


def test_the_clinic_serves_the_plan_in_each_language(browser, spanish_clinic):
    """``/plan`` and ``/es/plan``: made once, the same for everyone (no patient on the
    server); the lesson list links to it, and the link carries the form's values."""
    from support import fetch

    for home, language in (("", "en"), ("es/", "es")):
        status, page = fetch(spanish_clinic.url + home + "plan")
        assert status == 200, (language, page[:300])
        assert f'<html lang="{language}">' in page and 'id="edu-plan-data"' in page
        assert 'id="edu-plan-patient"' not in page
        assert plan_words(language)["empty"]["heading"] in page
        status, listing = fetch(spanish_clinic.url + home)
        assert status == 200 and f'href="/{home}plan"' in listing, language
    holder = OfflinePage(browser, viewport=PHONE)
    try:
        page = holder.page
        page.route("http://127.0.0.1:*/**", lambda route: route.continue_())
        page.goto(spanish_clinic.url + "es/#extensors_strength=3", wait_until="load")
        assert page.get_attribute("#edu-plan-link", "href") == "/es/plan#v=1&r=3-----&l=es"
        page.click("#edu-plan-link")
        page.wait_for_selector("#edu-plan-empty", state="visible")
        found = page.text_content("#edu-plan-strength tr[data-group='extensors']")
        assert plan_words("es")["muscles"]["found_strength"].format(grade=3) in found
        assert holder.console_errors == []
    finally:
        holder.close()


def test_the_baked_patient_is_the_fragments_patient(browser, tmp_path):
    """``page_patient(profile)`` (baked in by ``eduwidgets plan``) and the page's own
    ``patientFromFragment`` of the same values give the same patient: one shape."""
    import json
    from urllib.parse import urlencode

    from eduwidgets.patient.profile import load_profile
    from eduwidgets.patient.session import page_patient, patient_query

    path = tmp_path / "every-rating.toml"
    path.write_text(EVERY_RATING, encoding="utf-8")
    profile = load_profile(path)
    baked = page_patient(profile)
    page_file = tmp_path / "plan.html"
    page_file.write_text(plan_page_html(Clinic()), encoding="utf-8")
    holder = OfflinePage(browser)
    try:
        holder.page.goto(page_file.as_uri(), wait_until="load")
        fragment = urlencode(patient_query(profile))
        read = holder.page.evaluate(
            "(f) => EduWidgets.patientFromFragment(f, EduWidgets.patientRules()).patient",
            fragment,
        )
    finally:
        holder.close()
    for key in ("first_name", "ratings", "body"):
        assert read[key] == baked[key], key
    assert read["muscles"] == pytest.approx(baked["muscles"])
    assert [e["id"] for e in baked["exercises"]] == re.findall(r'id = "([a-z-]+)"', EVERY_RATING)
    assert baked["exercises"][1] == {"id": "bird-dog", "sets": 3}  # only what was changed
    assert json.dumps(baked)  # plain JSON

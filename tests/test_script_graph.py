"""The page's scripts form a graph a reader can see (``widgets/script_graph.py``).

Every JavaScript file says on its first line which files it needs; the build sorts the
files by those lines, so no Python list holds the load order. These tests check the
lines tell the truth: each name a file takes from the shared namespace is made by the
file itself, by a file it names, or by the build; each file it names gives it something;
and the build refuses a cycle, a missing file and a file without the line.
"""

from __future__ import annotations

import re

import pytest

from eduwidgets.widgets import script_graph, static

SCRIPTS = sorted(script_graph.script_paths())
# The pages' own scripts: the lesson page, the lesson list, the plan, the send dialog and
# progress
# kept on the phone (handout/), the page tools their macros put in (templates/macros.html:
# the language switch, read aloud), the Voilà template's (included by its Jinja
# template), the public site's worker registration on every site page, and the worker
# itself (written as sw.js, offline.py).
PAGE_SCRIPTS = (
    "lesson_page.js", "landing_page.js", "language_switch.js", "read_aloud.js", "clinic.js",
    "offline.js", "offline_worker.js", "send_page.js", "progress.js",
    "plan_page.js",
)  # fmt: skip
NAMESPACE_PARAMETER = re.compile(r"^\(function \((\w+)\) \{$", re.MULTILINE)


def namespace_names(text: str) -> tuple[set[str], set[str]]:
    """(names the file puts in the shared namespace, names it reads from it)."""
    parameter = NAMESPACE_PARAMETER.search(text)
    if not parameter:
        return set(), set()
    alias = re.escape(parameter.group(1))
    made = set(re.findall(rf"\b{alias}\.(\w+)\s*=(?!=)", text))
    used = set(re.findall(rf"\b{alias}\.(\w+)", text))
    return made, used


def test_the_package_has_scripts_to_check():
    assert {"core.js", "model.js", "muscle_balance.js", "lesson_page.js"} <= set(SCRIPTS)


@pytest.mark.parametrize("name", SCRIPTS)
def test_each_script_says_what_it_needs_and_takes_nothing_else(name):
    text = script_graph.script_text(name)
    needs = script_graph.parse_needs(name, text)
    made, used = namespace_names(text)
    given = {n for need in needs for n in namespace_names(script_graph.script_text(need))[0]}
    unexplained = used - made - given - set(static.BUILD_NAMES)
    assert not unexplained, (
        f"{name} uses {sorted(unexplained)} from the namespace, made by no file its first "
        f"line names ({', '.join(needs) or 'nothing'})"
    )
    for need in needs:
        from_need = namespace_names(script_graph.script_text(need))[0]
        assert used & from_need, f"{name} names {need} as a need but uses nothing it makes"


def test_every_script_is_on_some_page():
    reached = set(static.widget_script_order())
    for page in PAGE_SCRIPTS:
        reached |= set(script_graph.script_order([page]))
    assert reached == set(SCRIPTS), f"scripts no page loads: {sorted(set(SCRIPTS) - reached)}"


@pytest.mark.parametrize("roots", [static.WIDGET_SCRIPTS, *[[page] for page in PAGE_SCRIPTS]])
def test_each_file_comes_after_the_files_it_needs(roots):
    order = script_graph.script_order(roots)
    assert len(order) == len(set(order))
    for position, name in enumerate(order):
        assert set(script_graph.needs_of(name)) <= set(order[:position]), (name, order)


def test_the_widget_scripts_are_written_once_in_that_order():
    text = static.scripts("en")
    starts = [text.index(script_graph.script_text(name)) for name in static.widget_script_order()]
    assert starts == sorted(starts)
    assert text.index(").modelConstants = ") < starts[0]


def test_a_page_script_skips_what_the_widgets_already_put_on_the_page():
    lesson = static.page_script("lesson_page.js", widgets_on_page=True)
    assert script_graph.script_text("patient.js") in lesson
    assert script_graph.script_text("core.js") not in lesson
    landing = static.page_script("landing_page.js", widgets_on_page=False)
    assert landing.index(script_graph.script_text("core.js")) < landing.index(
        script_graph.script_text("patient.js")
    )


def test_a_cycle_is_refused_with_the_files_in_it():
    graph = {"a.js": ("b.js",), "b.js": ("c.js",), "c.js": ("a.js",), "d.js": ()}
    with pytest.raises(script_graph.ScriptGraphError, match=r"circle: (\w\.js -> ){3}\w\.js"):
        script_graph.script_order(["a.js"], graph)
    assert script_graph.script_order(["d.js"], graph) == ("d.js",)


def test_a_missing_file_is_refused_naming_who_needs_it():
    with pytest.raises(script_graph.ScriptGraphError, match=r"a\.js needs nope\.js, but there"):
        script_graph.script_order(["a.js"], {"a.js": ("nope.js",)})


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("// The core\n(function (EduWidgets) {})", "does not say what it needs"),
        ("// needs: core.js model.js\n", "must name script files separated by commas"),
        ("// needs:\n", "must name script files"),
    ],
)
def test_a_file_without_a_true_needs_line_is_refused(text, message):
    with pytest.raises(script_graph.ScriptGraphError, match=message):
        script_graph.parse_needs("x.js", text)
    assert script_graph.parse_needs("x.js", "// needs: nothing\n") == ()
    assert script_graph.parse_needs("x.js", "// needs: a.js, b_c.js\n") == ("a.js", "b_c.js")


# Script names a text may give that are not the package's files: the clinic's bundle as
# served (/assets/<code>/widgets.js), libraries named in prose, the vendored QR library's
# name in its own release (dist/qrcode.js), the site's service worker as written (sw.js,
# from offline_worker.js), and the example of a `// needs:` line in
# script_graph.py.
NOT_PACKAGE_SCRIPTS = {
    "widgets.js",
    "plotly.js",
    "require.js",
    "qrcode.js",
    "sw.js",
    "a.js",
    "b.js",
}
SCRIPT_MENTION = re.compile(r"(?<![\w-])([a-z0-9_]+\.js)(?![\w.])")


def test_every_script_a_text_names_is_there():
    """A comment, a message or a doc (the slider's walk in docs/architecture.md) that
    names a script names one that exists: a merged or renamed file leaves no stale name."""
    root = script_graph.PACKAGE_DIR.parent.parent
    texts = [root / "README.md", *sorted((root / "docs").glob("*.md"))]
    texts += [
        path
        for path in sorted(script_graph.PACKAGE_DIR.rglob("*"))
        if path.suffix in {".py", ".js", ".toml", ".html", ".css", ".md", ".j2"}
    ]
    stale = {
        f"{path.relative_to(root)}: {name}"
        for path in texts
        for name in SCRIPT_MENTION.findall(path.read_text(encoding="utf-8"))
        if name not in SCRIPTS and name not in NOT_PACKAGE_SCRIPTS
    }
    assert not stale, f"texts name scripts that are not there: {sorted(stale)}"

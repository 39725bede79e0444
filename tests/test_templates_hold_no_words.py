"""Pages' templates hold markup, never words: every word a person reads comes from a
content file (``content/pages.toml`` and its twin in each language), so a new language
is files, not code, and no English is left on another language's page.

Text nodes and the attributes a person sees or a screen reader says (alt, title,
aria-label, placeholder, value) are read from each template with its Jinja tags
removed; the scripts a template holds are searched for quoted words.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "eduwidgets"
TEMPLATES = [
    *sorted((SRC / "handout" / "templates").glob("*.html")),
    *sorted((SRC / "clinic" / "templates").glob("*.html")),
    SRC / "clinic" / "jupyter" / "voila" / "templates" / "eduwidgets" / "index.html.j2",
]
JINJA = re.compile(r"\{#.*?#\}|\{%.*?%\}|\{\{.*?\}\}", re.S)
WORD = re.compile(r"[A-Za-zÀ-ÿ]{2,}")
# A block that fills in an attribute (``{% block body_attributes %} class="x"``).
ATTRIBUTE_TEXT = re.compile(r'^\s*[a-z-]+="[^"]*"\s*$')
SHOWN_ATTRIBUTES = {"alt", "title", "aria-label", "aria-valuetext", "placeholder", "value"}
# Quoted words in a script: two or more words with a space ("Normal text"), not a
# selector, a class name or "use strict".
QUOTED_WORDS = re.compile(r"""(["'])([A-Za-z]+(?: [A-Za-z]+)+[.!?]?)\1""")
SCRIPT_DIRECTIVES = {"use strict"}
JS_COMMENT = re.compile(r"/\*.*?\*/|//[^\n]*", re.S)


class _ShownText(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.in_code = 0

    def handle_starttag(self, tag, attrs):
        self.in_code += tag in ("script", "style")
        for name, value in attrs:
            if name in SHOWN_ATTRIBUTES and value and WORD.search(value):
                self.found.append(f"<{tag} {name}={value!r}>")

    def handle_endtag(self, tag):
        self.in_code -= tag in ("script", "style")

    def handle_data(self, data):
        if not self.in_code and WORD.search(data) and not ATTRIBUTE_TEXT.match(data):
            self.found.append(" ".join(data.split())[:80])


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda path: path.name)
def test_a_template_holds_no_words(template):
    markup = JINJA.sub(" ", template.read_text(encoding="utf-8"))
    parser = _ShownText()
    if template.name.endswith(".js.html"):  # a script, included in a <script> element
        scripts = [markup]
    else:
        parser.feed(markup)
        scripts = re.findall(r"<script[^>]*>(.*?)</script>", markup, re.S)
    scripts = [JS_COMMENT.sub(" ", script) for script in scripts]
    quoted = [
        words for script in scripts for _, words in QUOTED_WORDS.findall(script)
        if words not in SCRIPT_DIRECTIVES
    ]  # fmt: skip
    assert parser.found + quoted == [], (
        f"{template.name} holds words; put them in content/pages.toml (and each "
        f"language's twin) and read them with words(): {parser.found + quoted}"
    )

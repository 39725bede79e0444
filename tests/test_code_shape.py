"""No JavaScript function over 60 lines in the package (the Python limit is in test_layers).

The JavaScript has no parser in the lock, so a small scanner reads it: it walks the text
once, passing over comments, strings, template literals (with ``${...}`` inside them,
nested) and regular-expression literals, and keeps the rest as tokens with their line.
A ``{`` opens a function body when it follows:

- ``function name(...)`` or ``function (...)`` (a function expression; its name is the
  one it is assigned to, ``x = function`` or ``x: function``);
- ``name(...)`` where ``name`` is not a keyword (a method in a class or object literal);
- ``=>`` (an arrow function with a block body; named by ``x = (...) =>`` or ``x: ... =>``,
  otherwise ``<arrow>``, for example a callback passed to ``forEach``).

A function runs from the line of its header to the line of its matching ``}``. Every
function is counted, named or not, except the wrapper of a file's module pattern
``(function (EduWidgets) { ... })(...)`` at the top level, which holds the whole file.

Limits, fine for the package's own files and checked by the small cases below: a ``/``
counts as a regular expression when the token before it cannot end an expression (an
operator, an opening bracket, a comma, ``return`` and the like), so ``a++ / b`` or a
regular expression after ``)`` (``if (x) /re/.test(y)``) would be misread; a
regular-expression class holding ``/`` is handled, but not every escape a parser knows;
getters and setters count as methods; JSX, HTML comments and ``#private`` names are not
handled.
"""

from __future__ import annotations

from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "eduwidgets"
MAX_FUNCTION_LINES = 60
KEYWORDS = {"if", "for", "while", "switch", "catch", "with", "function", "return", "typeof"}
# After one of these a "/" starts a regular expression, not a division.
REGEX_AFTER_WORDS = {"return", "typeof", "case", "do", "else", "in", "of", "new", "delete", "void"}
CLOSERS = {")", "]", "}"}


def _tokens(source: str) -> list[tuple[str, int]]:
    """The code's tokens (words and punctuation) with their line, without strings and comments."""
    tokens: list[tuple[str, int]] = []
    braces: list[str] = []  # "code" for a "{" in code, "template" for a "${" in a template
    i, line, n = 0, 1, len(source)

    def skip_template(start: int) -> int:
        """From after a backtick (or a template's closing "}") to after its end or its next "${"."""
        nonlocal line
        j = start
        while j < n:
            ch = source[j]
            if ch == "\\":
                j += 2
                continue
            if ch == "\n":
                line += 1
            if ch == "`":
                return j + 1
            if ch == "$" and source.startswith("${", j):
                braces.append("template")
                return j + 2
            j += 1
        return j

    while i < n:
        ch = source[i]
        if ch == "\n":
            line += 1
            i += 1
        elif ch.isspace():
            i += 1
        elif source.startswith("//", i):
            i = source.find("\n", i) if "\n" in source[i:] else n
        elif source.startswith("/*", i):
            end = source.find("*/", i + 2)
            end = n if end < 0 else end + 2
            line += source.count("\n", i, end)
            i = end
        elif ch in "\"'":
            j = i + 1
            while j < n and source[j] != ch and source[j] != "\n":
                j += 2 if source[j] == "\\" else 1
            tokens.append(("<string>", line))
            i = j + 1
        elif ch == "`":
            tokens.append(("<template>", line))
            i = skip_template(i + 1)
        elif ch == "/" and _regex_may_start(tokens):
            j, in_class = i + 1, False
            while j < n and source[j] != "\n" and (in_class or source[j] != "/"):
                if source[j] == "\\":
                    j += 1
                elif source[j] == "[":
                    in_class = True
                elif source[j] == "]":
                    in_class = False
                j += 1
            j += 1
            while j < n and (source[j].isalnum()):
                j += 1
            tokens.append(("<regex>", line))
            i = j
        elif ch.isalnum() or ch in "_$":
            j = i
            while j < n and (source[j].isalnum() or source[j] in "_$"):
                j += 1
            tokens.append((source[i:j], line))
            i = j
        elif source.startswith("=>", i):
            tokens.append(("=>", line))
            i += 2
        elif ch == "{":
            braces.append("code")
            tokens.append(("{", line))
            i += 1
        elif ch == "}":
            if braces and braces.pop() == "template":
                i = skip_template(i + 1)
            else:
                tokens.append(("}", line))
                i += 1
        else:
            tokens.append((ch, line))
            i += 1
    return tokens


def _regex_may_start(tokens: list[tuple[str, int]]) -> bool:
    if not tokens:
        return True
    last = tokens[-1][0]
    if last in CLOSERS or last.startswith("<"):
        return False
    if last[0].isalnum() or last[0] in "_$":
        return last in REGEX_AFTER_WORDS
    return True


def _matching_open(tokens: list[tuple[str, int]], close: int) -> int:
    """The index of the "(" that the ")" at ``close`` closes."""
    depth = 0
    for k in range(close, -1, -1):
        if tokens[k][0] == ")":
            depth += 1
        elif tokens[k][0] == "(":
            depth -= 1
            if depth == 0:
                return k
    return 0


def _assigned_name(tokens: list[tuple[str, int]], k: int) -> str | None:
    """The name a function expression starting at token ``k`` is assigned to, if any."""
    if k >= 2 and tokens[k - 1][0] in {"=", ":"} and tokens[k - 2][0][0].isalpha():
        return tokens[k - 2][0]
    return None


def _function_header(tokens: list[tuple[str, int]], brace: int) -> tuple[str, int, bool] | None:
    """For a "{" that opens a function body: (name, first line, is a module wrapper)."""
    before = tokens[brace - 1][0] if brace else ""
    if before == "=>":
        start = brace - 2
        if tokens[start][0] == ")":
            start = _matching_open(tokens, start)
        if start and tokens[start - 1][0] == "async":
            start -= 1
        return _assigned_name(tokens, start) or "<arrow>", tokens[start][1], False
    if before != ")":
        return None
    open_paren = _matching_open(tokens, brace - 1)
    word = tokens[open_paren - 1][0] if open_paren else ""
    if word == "function":
        start = open_paren - 1
        wrapper = start >= 1 and tokens[start - 1][0] == "(" and _depth_at(tokens, start) == 0
        return _assigned_name(tokens, start) or "<function>", tokens[start][1], wrapper
    if not word or not (word[0].isalpha() or word[0] in "_$") or word in KEYWORDS:
        return None
    start = open_paren - 1
    if start >= 1 and tokens[start - 1][0] == "function":
        start -= 1
    return word, tokens[start][1], False


def _depth_at(tokens: list[tuple[str, int]], k: int) -> int:
    return sum(1 if t == "{" else -1 if t == "}" else 0 for t, _ in tokens[:k])


def function_lengths(source: str) -> list[tuple[str, int, int]]:
    """Every function in JavaScript ``source``: (name, first line, length in lines)."""
    tokens = _tokens(source)
    found: list[tuple[str, int, int]] = []
    open_braces: list[tuple[int, tuple[str, int, bool] | None]] = []
    for k, (text, line) in enumerate(tokens):
        if text == "{":
            open_braces.append((k, _function_header(tokens, k)))
        elif text == "}" and open_braces:
            _, header = open_braces.pop()
            if header and not header[2]:
                name, first, _ = header
                found.append((name, first, line - first + 1))
    return found


# Our scripts. Vendored code (widgets/vendor/) is kept byte for byte as released, so its
# shape is its authors' (tests/test_vendored.py checks it is unchanged instead).
SCRIPTS = sorted(path for path in PACKAGE.rglob("*.js") if "vendor" not in path.parts)


def test_the_package_has_scripts_to_check():
    assert len(SCRIPTS) >= 10


@pytest.mark.parametrize("path", SCRIPTS, ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_no_javascript_function_is_longer_than_60_lines(path):
    """A function a reader can hold in mind; a long one draws several things."""
    long = [
        f"{name} (line {first}, {lines} lines)"
        for name, first, lines in function_lengths(path.read_text(encoding="utf-8"))
        if lines > MAX_FUNCTION_LINES
    ]
    assert not long, f"{path.name}: functions over {MAX_FUNCTION_LINES} lines: {long}"


def _lines(count: int) -> str:
    return "\n".join(f"  x += {k};" for k in range(count))


SCANNER_CASES = [
    ("function draw(a, b) {\n" + _lines(3) + "\n}", [("draw", 1, 5)]),
    ("EduWidgets.make = function (el) {\n  return 1;\n};", [("make", 1, 3)]),
    ("const f = async (a) => {\n  a();\n};", [("f", 1, 3)]),
    ("const g = a => {\n  a();\n};", [("g", 1, 3)]),
    ("const o = {\n  update(x) {\n    if (x) {\n      y();\n    }\n  },\n};", [("update", 2, 5)]),
    ("list.forEach((g) => {\n  g();\n});", [("<arrow>", 1, 3)]),
    ("(function (EduWidgets) {\n  function a() {\n    b();\n  }\n})(X);", [("a", 2, 3)]),
    # Braces inside strings, templates, comments and regular expressions do not count.
    ("function s() {\n  const t = \"}{\";\n  const u = '{';\n  // }\n  /* { */\n}", [("s", 1, 6)]),
    ("function t() {\n  return `a ${b({ c: `}` })} }`;\n}", [("t", 1, 3)]),
    ("function r() {\n  return x.replace(/[{}/]/g, '');\n}", [("r", 1, 3)]),
    ("function d(a) {\n  return a / 2 / (3);\n}", [("d", 1, 3)]),
]


@pytest.mark.parametrize(("source", "expected"), SCANNER_CASES)
def test_the_scanner_finds_functions_and_their_lengths(source, expected):
    assert sorted(function_lengths(source)) == sorted(expected)


TESTS_DIR = Path(__file__).resolve().parent


def imported_test_modules(source: str) -> list[str]:
    """The ``test_*`` modules a test file imports, at any depth (a helper inside a test too)."""
    import ast

    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names if alias.name.startswith("test_")]
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("test_"):
            found.append(node.module)
    return found


@pytest.mark.parametrize("path", sorted(TESTS_DIR.glob("*.py")), ids=lambda p: p.name)
def test_no_test_module_imports_another(path):
    """Shared helpers live in tests/support.py (or conftest.py fixtures): a test module
    that imports another runs that module's top level and ties the two together."""
    imported = imported_test_modules(path.read_text(encoding="utf-8"))
    assert not imported, f"{path.name} imports from {imported}: move it to tests/support.py"

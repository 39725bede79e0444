"""The "Send to phone" button and dialog: the patient's plan as a QR code, a link to copy,
and a print button (``templates/send.html``, ``send_page.js``).

The address is ``<public site>/[<code>/]plan.html#<fragment>``: the public lesson site's
plan page in the patient's language, with the patient's values after the "#", which a
browser never sends to a server. The page makes the QR code itself with the vendored
qrcode-generator (``widgets/vendor/``), so no value leaves the browser.

Where the public site is:
- on the public site itself, the page's own address (``site_root``: the site's root
  relative to the page, so it works from https and from 127.0.0.1 alike; from
  ``file://`` the dialog says a phone cannot open it);
- in the clinic, the clinic config's ``public_url``; without one the dialog says, in
  plain words, how to set it.

A page shows the dialog with ``{% include "send.html" %}`` where ``send`` is
``send_context(...)``, and its style in the head: ``{% include "send.css" %}`` in a
template stylesheet (as ``page.css`` does), or ``<style>{{ send.css }}</style>``. The
plan page passes ``print_href=""`` (it prints itself) and no ``form``.
"""

from __future__ import annotations

from importlib import resources

from eduwidgets.content import DEFAULT_LANGUAGE, current_language, languages
from eduwidgets.content.pages import page_words
from eduwidgets.handout.markup import Markup
from eduwidgets.widgets import script_graph, static

__all__ = ["plan_paths", "send_context", "send_css"]

# The send dialog's script: it needs the patient rules' reader and the QR generator.
SEND_SCRIPT = "send_page.js"


def plan_paths() -> dict[str, str]:
    """Each language's plan page on the public site, from the site's root: the site keeps
    English at its root and each other language in a folder named by its code."""
    return {
        code: "plan.html" if code == DEFAULT_LANGUAGE else f"{code}/plan.html"
        for code in languages()
    }


def send_css() -> str:
    """The dialog's style (``templates/send.css``), for a page whose stylesheet is not a
    template: ``<style>{{ send.css }}</style>`` in its head."""
    return (resources.files("eduwidgets.handout") / "templates" / "send.css").read_text(
        encoding="utf-8"
    )


def send_context(
    page_script: str,
    public_url: str | None = None,
    site_root: str | None = None,
    print_href: str = "",
    form: str = "",
) -> dict:
    """What ``templates/send.html``'s ``send_dialog`` needs, in the current language.

    ``page_script``: the page's own script (its bundle is on the page already, so the
    dialog's script leaves those files out). ``public_url``: the clinic config's (None:
    not set). ``site_root``: on the public site, its root relative to this page ("" or
    "../"); it wins over ``public_url``. ``print_href``: the plan page to open and print
    ("" when this page is the plan: it prints itself). ``form``: a selector for the
    page's patient form, submitted first so the address holds what the form shows.
    """
    config = {
        "public_url": public_url,
        "site_root": site_root,
        "plan_paths": plan_paths(),
        "language": current_language(),
        "print_href": print_href,
        "form": form,
        "words": page_words()["send"],
    }
    loaded = script_graph.script_order([page_script])
    return {
        "w": page_words()["send"],
        "css": Markup(send_css()),
        "config_json": Markup(static.json_for_script(config)),
        "script": Markup(script_graph.bundle([SEND_SCRIPT], loaded=loaded)),
    }

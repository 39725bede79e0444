"""LiveWidget: a widget whose front end lives in ``widgets/`` and runs live and static."""

from __future__ import annotations

from typing import ClassVar

import anywidget

from eduwidgets.widgets import static

__all__ = ["STATIC_MARKER", "LiveWidget"]

STATIC_MARKER = "eduwidgets"
"""Output metadata key: this output's text/html is a complete static widget."""


class LiveWidget(anywidget.AnyWidget):
    """Base for widgets drawn by the shared JavaScript in ``eduwidgets/widgets/``.

    Subclasses set ``KIND`` (the name the JavaScript registers with
    ``EduWidgets.register``) and declare synced traits. Live, anywidget syncs the
    traits with the kernel; static, ``static_html()`` writes the same traits into
    the page as JSON and the same render code runs against a local model.
    """

    KIND: ClassVar[str] = ""

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        # Only classes that name their own KIND: anywidget's add_traits makes
        # subclasses on the fly, and those must keep the trait descriptors.
        if "KIND" in cls.__dict__ and cls.KIND:
            cls._css = static.styles()

    @property
    def _esm(self) -> str:
        # Read by anywidget when a widget is made: the scripts with the words of the
        # language current then ($EDUWIDGETS_LANGUAGE), as static.scripts() writes them.
        return static.esm(self.KIND)

    def static_config(self) -> dict:
        """The synced state the static form starts from."""
        skip = {"layout", "tabbable", "tooltip", "comm", "keys", "log"}
        return {
            name: value
            for name, value in self.get_state().items()
            if not name.startswith("_") and name not in skip
        }

    def static_label(self) -> str:
        """Plain-text accessible name of the widget's region."""
        return self.KIND.replace("-", " ")

    def static_fallback_html(self) -> str:
        """Safe HTML shown where scripts cannot run (some mail clients, some printers)."""
        return ""

    def static_html(self) -> str:
        """This widget as a self-contained HTML fragment (see ``eduwidgets.widgets.static``)."""
        return static.fragment(
            self.KIND, self.static_config(), self.static_label(), self.static_fallback_html()
        )

    def _repr_mimebundle_(self, **kwargs):
        data, metadata = super()._repr_mimebundle_(**kwargs)
        data["text/html"] = self.static_html()
        # Tells the clinic's lesson template that the text/html is this widget whole:
        # it can put it in the page as it streams, with no kernel link (see docs/runtimes.md).
        metadata = {**(metadata or {}), STATIC_MARKER: {"kind": self.KIND}}
        return data, metadata

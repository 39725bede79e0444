"""The widgets layer: the runtime (live in a kernel, static in a page) and each widget.

Each widget's Python sits beside its JavaScript and CSS. Imports only from the layers
below it (patient, figures, content, the science, errors and files).
"""

__all__: list[str] = []

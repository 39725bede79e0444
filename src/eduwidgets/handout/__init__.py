"""Handouts: lessons and personal plans as single HTML files for offline, phone and paper.

Three commands, each also a Python function (``cli.py`` adds them to ``eduwidgets``):

* ``eduwidgets handout notebooks/01-extensors.ipynb -o extensors.html`` (``build_handout``)
* ``eduwidgets handout --all -o site/`` (``build_all``): every lesson and an ``index.html``
* ``eduwidgets plan profile.toml -o plan.html`` (``build_plan``): one patient's plan

How a lesson becomes a handout (``pipeline.export_lesson``: execute, keep outputs,
markdown, page; its docstring says why this is not built on nbconvert)
------------------------------------------------------------------------------------
1. The notebook runs in a fresh kernel (nbclient). The kernel's environment
   carries ``EDUWIDGETS_CLINIC_CONFIG`` (and ``EDUWIDGETS_PROFILE`` when given),
   so widgets pick up the clinic's phone number with no code in the lesson.
2. From each code cell only the outputs go in, never the code. Every widget and
   figure offers a ``text/html`` static fragment; that is what is used. Widget
   views (``application/vnd.jupyter.widget-view+json``), require.js, MathJax, the
   widget manager and plotly.js never go in. An output whose HTML would run other
   scripts or fetch anything is left out, with a warning.
3. Markdown cells become HTML. Task lists (``- [ ] walk``) become checkboxes that
   print as empty boxes to tick. Local images become data: URLs.
4. The page holds every asset once, inline, behind the Content-Security-Policy of
   ``eduwidgets.widgets.static`` (no fetch of any kind), with the clinic's name, phone and
   logo, the date, and a print stylesheet (``handout/handout.css``).

Where each part lives: ``pipeline`` (the four steps as one function), ``run``
(executing notebooks with nbclient), ``outputs`` (what of a notebook is kept),
``markdown`` (the kept parts as HTML), ``page`` (the page around them),
``markup`` and ``templates/`` (Jinja2, autoescaped), ``plan`` (the personal plan),
``site`` (``--all`` and the lesson list, ``landing``), ``write`` (files and PDFs).
The lessons themselves (which notebooks, their titles) are ``eduwidgets.lessons``.

Several lessons build at once: each runs in its own kernel process, a few at a
time (``jobs``), all driven from one event loop, so ``--all`` pays the start-up
cost of Python and nbclient once instead of once per lesson.

Failure modes: a bad profile or clinic config raises ``InputError`` (exit code 2)
before any work; a notebook that fails raises ``NotebookError`` naming the cell
and the error (exit code 1). Every write is atomic (``eduwidgets.files``): nothing
is written unless the whole build succeeds.
"""

from __future__ import annotations

from eduwidgets.handout.markdown import render_markdown
from eduwidgets.handout.outputs import is_static_fragment, output_html
from eduwidgets.handout.page import (
    Clinic,
    lesson_page_html,
    load_clinic,
    patient_rules,
)
from eduwidgets.handout.pipeline import LessonHandout, build_lessons_async, export_lesson
from eduwidgets.handout.plan import (
    DAYS_PER_WEEK,
    LOG_WEEKS,
    PLAN_FIELDS,
    build_plan,
    plan_body,
    plan_page_html,
    plan_words,
)
from eduwidgets.handout.run import NotebookError, default_jobs
from eduwidgets.handout.site import build_all, build_handout
from eduwidgets.handout.write import PAPER_SIZES
from eduwidgets.lessons import lesson_paths

__all__ = [
    "DAYS_PER_WEEK",
    "LOG_WEEKS",
    "PAPER_SIZES",
    "PLAN_FIELDS",
    "Clinic",
    "LessonHandout",
    "NotebookError",
    "build_all",
    "build_handout",
    "build_lessons_async",
    "build_plan",
    "default_jobs",
    "export_lesson",
    "is_static_fragment",
    "lesson_page_html",
    "lesson_paths",
    "load_clinic",
    "output_html",
    "patient_rules",
    "plan_body",
    "plan_page_html",
    "plan_words",
    "render_markdown",
]

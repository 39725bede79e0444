"""Who is this lesson for? The patient of the current clinic session, if any.

A lesson does not ask. Widgets call ``current_patient()`` when they are built and
start from the patient's values (typical values stay one click away). The patient
comes from, in this order:

1. the query string of the Voilà request that opened the lesson, written by the
   clinic app's landing page form (``eduwidgets clinic``). The field names are the
   ``PATIENT_FIELDS`` below, on the clinician's scales of ``eduwidgets.profile``;
2. the profile file named by the environment variable ``EDUWIDGETS_PROFILE``
   (``eduwidgets clinic --profile FILE`` sets it for every lesson's kernel).

Nothing about the patient is written to disk here: the values live in the page's
address for that session only.

In JupyterLab, in nbclient (tests, handouts) or anywhere outside Voilà, there is no
request, so this returns at once with the profile or ``None``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode

from eduwidgets.errors import InputError
from eduwidgets.model import BODY_RANGES, Body, Muscles
from eduwidgets.profile import (
    BRACING_GROUPS,
    BRACING_SCALE,
    FIRST_NAME_MAX_CHARS,
    HIP_FLEXOR_LENGTH_SCALE,
    OXFORD_SCALE,
    PROFILE_ENV,
    STRENGTH_GROUPS,
    Profile,
    load_profile,
)

__all__ = [
    "PATIENT_FIELDS",
    "Patient",
    "current_patient",
    "patient_from_query",
    "patient_query",
]

QUERY_SOURCE = "the patient form"

# Query-string field -> (profile part, muscle group or body field). One flat name per
# rating, so the landing page form and the lesson address carry the same fields.
PATIENT_FIELDS = {
    "first_name": ("first_name", None),
    "extensors_strength": ("strength", "extensors"),
    "obliques_strength": ("strength", "obliques"),
    "obliques_bracing": ("bracing", "obliques"),
    "abdominals_strength": ("strength", "abdominals"),
    "abdominals_bracing": ("bracing", "abdominals"),
    "hip_flexors_length": ("length", "hip_flexors"),
    "mass_kg": ("body", "mass_kg"),
    "height_m": ("body", "height_m"),
}
# Query fields that are about the page, not the patient (kept out of the patient check).
PAGE_FIELDS = ("large",)


@dataclass(frozen=True)
class Patient:
    """One patient's values for the lessons: muscles and body for the model, and a name."""

    muscles: Muscles
    body: Body
    first_name: str | None = None
    profile: Profile | None = None
    source: str = ""


def patient_from_profile(profile: Profile) -> Patient:
    return Patient(
        muscles=profile.muscles(),
        body=profile.body(),
        first_name=profile.first_name,
        profile=profile,
        source=profile.source,
    )


def _fail(field: str, value: str, allowed: str) -> None:
    raise InputError(
        f"{field} = {value!r} is not allowed; allowed: {allowed}.",
        source=QUERY_SOURCE,
        field=field,
    )


def patient_from_query(query: str | dict) -> Patient | None:
    """The patient described by a lesson's query string, or None when it names none.

    Empty values mean "not rated" (typical). Unknown fields that are not page
    settings are refused, so a typo in an address cannot pass silently.
    Raises ``InputError`` naming the field, the value and what is allowed.
    """
    if isinstance(query, str):
        pairs = parse_qsl(query.lstrip("?"), keep_blank_values=True)
    else:
        pairs = list(query.items())
    values: dict[str, str] = {}
    for key, value in pairs:
        if key in PAGE_FIELDS:
            continue
        if key not in PATIENT_FIELDS:
            _fail(key, value, f"one of the fields {', '.join(PATIENT_FIELDS)}")
        value = value.strip()
        if value:
            values[key] = value
    if not values:
        return None

    first_name = values.get("first_name")
    if first_name is not None:
        if len(first_name) > FIRST_NAME_MAX_CHARS:
            _fail("first_name", first_name, f"1 to {FIRST_NAME_MAX_CHARS} characters")
        if any(ord(ch) < 32 or ord(ch) == 127 for ch in first_name):
            _fail("first_name", first_name, "printable text on one line")

    strength: dict[str, int | None] = dict.fromkeys(STRENGTH_GROUPS)
    bracing = dict.fromkeys(BRACING_GROUPS, "none")
    hip_flexor_length = None
    sizes: dict[str, float] = {}
    for key, value in values.items():
        part, name = PATIENT_FIELDS[key]
        if part == "strength":
            grades = ", ".join(str(grade) for grade in sorted(OXFORD_SCALE))
            if not value.isdigit() or int(value) not in OXFORD_SCALE:
                _fail(key, value, f"a whole Oxford (MRC) grade: {grades}")
            strength[name] = int(value)
        elif part in ("bracing", "length"):
            scale = BRACING_SCALE if part == "bracing" else HIP_FLEXOR_LENGTH_SCALE
            normalised = " ".join(value.lower().replace("-", " ").split())
            if normalised not in scale:
                _fail(key, value, "one of " + ", ".join(f'"{c}"' for c in scale))
            if part == "bracing":
                bracing[name] = normalised
            else:
                hip_flexor_length = normalised
        elif part == "body":
            low, high = BODY_RANGES[name]
            unit = name.rsplit("_", 1)[1]
            try:
                number = float(value)
            except ValueError:
                number = float("nan")
            if not low <= number <= high:  # NaN fails too
                _fail(key, value, f"a number from {low:g} to {high:g} {unit}")
            sizes[name] = number
    profile = Profile(
        source=QUERY_SOURCE,
        first_name=first_name,
        strength=strength,
        bracing=bracing,
        hip_flexor_length=hip_flexor_length,
        mass_kg=sizes.get("mass_kg"),
        height_m=sizes.get("height_m"),
    )
    return patient_from_profile(profile)


def patient_query(profile: Profile) -> dict[str, str]:
    """The query fields that describe a profile (the inverse of ``patient_from_query``)."""
    fields: dict[str, str] = {}
    if profile.first_name:
        fields["first_name"] = profile.first_name
    for group in STRENGTH_GROUPS:
        if profile.strength.get(group) is not None:
            fields[f"{group}_strength"] = str(profile.strength[group])
    for group in BRACING_GROUPS:
        if profile.bracing.get(group, "none") != "none":
            fields[f"{group}_bracing"] = profile.bracing[group]
    if profile.hip_flexor_length:
        fields["hip_flexors_length"] = profile.hip_flexor_length
    for name in ("mass_kg", "height_m"):
        if getattr(profile, name) is not None:
            fields[name] = f"{getattr(profile, name):g}"
    return fields


def query_string(fields: dict[str, str]) -> str:
    return urlencode(fields)


# Preheated Voilà kernels run a lesson before anyone asks for it; the request (and its
# query string) reaches them over a websocket, once. Remember the answer.
_request_query: str | None = None
VOILA_CONNECT_TIMEOUT_S = 5  # Voilà's own helper waits as long to reach the server
_request_query_known = False


def _voila_query_string() -> str:
    """The query string of the Voilà request for this kernel ("" outside Voilà)."""
    global _request_query, _request_query_known
    if _request_query_known:
        return _request_query or ""
    if os.environ.get("VOILA_PREHEAT") == "True":
        _request_query = _wait_for_visitor()
    else:
        # A kernel Voilà started for one request has it in its environment; elsewhere
        # (JupyterLab, nbclient) the variable is absent.
        _request_query = os.environ.get("QUERY_STRING", "")
    _request_query_known = True
    return _request_query


def _wait_for_visitor() -> str:
    """Block until a visitor takes this pre-heated kernel; the query string of their request.

    Voilà sends the request's details over a websocket at ``voila/query/<kernel id>``,
    as its own helper (``voila.utils.get_query_string``) expects. We read that socket
    ourselves because importing ``voila.utils`` costs a kernel about 4.5 s of CPU (it
    pulls in the Jupyter server): a kernel that replaces one a visitor took would not
    be ready for the next visitor for 10 s or more on a two-core computer.
    """
    import json

    from websockets.exceptions import WebSocketException
    from websockets.sync.client import connect

    server_url = os.environ.get("VOILA_SERVER_URL", "/")
    url = "{}://{}:{}{}voila/query/{}".format(
        os.environ.get("VOILA_WS_PROTOCOL", "ws"),
        os.environ.get("VOILA_APP_IP", "127.0.0.1"),
        os.environ.get("VOILA_APP_PORT", "8866"),
        os.environ.get("VOILA_WS_BASE_URL", server_url),
        os.environ.get("VOILA_KERNEL_ID", ""),
    )
    try:
        with connect(url, open_timeout=VOILA_CONNECT_TIMEOUT_S) as socket:
            request_info = json.loads(socket.recv())  # waits for the visitor
    except (OSError, TimeoutError, WebSocketException, ValueError):
        # As Voilà does: no request details, so the lesson opens with typical values.
        return os.environ.get("QUERY_STRING", "")
    for name, value in request_info.items():
        os.environ[name] = str(value)  # as Voilà does: SCRIPT_NAME, QUERY_STRING, ...
    return request_info.get("QUERY_STRING", "")


def current_patient() -> Patient | None:
    """The patient this lesson is for, or None when no patient was given.

    Order: the Voilà request's query string, then the ``EDUWIDGETS_PROFILE`` file.
    Raises ``InputError`` for a bad value (the clinic app checks addresses before
    they reach a kernel, so a lesson sees this only from a hand-edited address).
    """
    patient = patient_from_query(_voila_query_string())
    if patient is not None:
        return patient
    path = os.environ.get(PROFILE_ENV, "").strip()
    return patient_from_profile(load_profile(path)) if path else None

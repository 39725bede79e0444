"""The clinic's answers to odd, hostile and heavy requests (issue 21), on both servers.

A real ``eduwidgets clinic`` on a free loopback port, twice: started cold (a lesson
not yet in the page cache, so Voilà runs too) and started again on the filled cache
(the plain Tornado server). Each test asks both with raw HTTP and reads what each
server wrote to its console. The patient here is "Zephyrine": that name, and the
Latin-1 byte of "Jos\\xe9", must never appear in a log.
"""

from __future__ import annotations

import gzip
import http.client
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

import pytest
from support import Clinic, free_port

from eduwidgets.clinic.app import SERVER_LIMITS
from eduwidgets.handout.markup import fill
from eduwidgets.patient.config import load_clinic_config
from eduwidgets.patient.profile import load_profile

from conftest import ROOT

NAME = "Zephyrine"
LATIN1_QUERY = f"first_name=Jos%E9{NAME}&extensors_strength=3"
LESSON = "01-tiny"
PLAIN, VOILA = "plain", "voila"


def write_tiny_lesson(folder: Path, language: str = "en") -> None:
    """A lesson with one sentence: rendered in seconds, enough to serve."""
    import nbformat

    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    if language != "en":
        notebook.metadata["language"] = language
    notebook.cells = [
        nbformat.v4.new_markdown_cell("# Tiny\n\n## What this lesson will help you do\n\nRead."),
        nbformat.v4.new_code_cell("1 + 1", metadata={"tags": ["remove-input"]}),
    ]
    nbformat.write(notebook, folder / f"{LESSON}.ipynb")


@pytest.fixture(scope="module")
def clinics(tmp_path_factory):
    """{"voila": a cold start (Voilà runs), "plain": a start from the filled cache}."""
    work = tmp_path_factory.mktemp("requests")
    folder = work / "lessons"
    (folder / "es").mkdir(parents=True)
    write_tiny_lesson(folder)
    write_tiny_lesson(folder / "es", "es")
    options = ("--notebooks", str(folder), "--cache-dir", str(work / "cache"))
    voila = Clinic(work / "voila.log", *options)
    plain = Clinic(work / "plain.log", *options)
    started = {VOILA: voila, PLAIN: plain}
    assert request(voila, "GET", "/voila/static/voila.js")[0] == 200, voila.output()
    assert request(plain, "GET", "/voila/static/voila.js")[0] == 404, plain.output()
    yield started
    for app in started.values():
        assert app.stop(signal.SIGTERM) == 0, app.output()


def request(app: Clinic, method: str, path: str, headers: dict | None = None):
    """(status, headers, body bytes) of one raw request: nothing re-encoded on the way."""
    connection = http.client.HTTPConnection("127.0.0.1", app.port, timeout=30)
    try:
        skip_host = "Host" in (headers or {})
        connection.putrequest(method, path, skip_host=skip_host, skip_accept_encoding=True)
        for key, value in (headers or {}).items():
            connection.putheader(key, value)
        connection.endheaders()
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


def assert_no_patient_value(app: Clinic) -> None:
    output = app.output()
    for trace in (NAME, "%E9", "\\xe9", "Jos\xe9", "first_name="):
        assert trace not in output, f"{trace!r} in the server's console:\n{output}"
    assert "Traceback" not in output, output


@pytest.mark.slow
@pytest.mark.parametrize("mode", [PLAIN, VOILA])
def test_no_patient_value_reaches_the_log_whatever_the_request(clinics, mode):
    """issue 21 defect 2: the Latin-1 byte gave the whole query string and a traceback
    repeating the name; every other odd request is tried too."""
    app = clinics[mode]
    patient = urlencode({"first_name": NAME, "extensors_strength": "3"})
    answers = {
        (method, path): request(app, method, path)
        for method, path in (
            ("GET", f"/profile.toml?{LATIN1_QUERY}"),
            ("GET", f"/profile.toml?{patient}"),
            ("GET", f"/es/profile.toml?{LATIN1_QUERY}"),
            ("GET", f"/profile.toml?first_name={NAME}&extensors_strength=9"),
            ("GET", f"/profile.toml?{NAME}=1"),
            ("GET", f"/profile.toml?first_name%E9={NAME}"),
            ("POST", f"/profile.toml?{patient}"),
            ("GET", f"/lessons/{LESSON}?{patient}"),
            ("GET", f"/lessons/no-such?{patient}"),
            ("GET", f"/no/such/page?{patient}"),
            ("GET", f"/voila/render/no-such.ipynb?{patient}"),
            ("GET", f"/voila/templates/?{patient}"),
            ("GET", f"/eduwidgets/assets/nope.js?{patient}"),
        )
    }
    assert_no_patient_value(app)  # first: the log is what this test guards
    for (method, path), (status, _, body) in answers.items():
        assert 400 <= status < 500 or status == 200, (method, path, status)
        # The page may name a refused field to the one who typed it; the log never.
        assert b"Traceback" not in body, (method, path)
    # "Save as a profile file" is made in the browser: the clinic has no such address.
    assert answers["GET", f"/profile.toml?{patient}"][0] == 404


@pytest.mark.slow
@pytest.mark.parametrize("mode", [PLAIN, VOILA])
def test_every_error_is_the_clinics_page_in_the_visitors_language(clinics, mode):
    """issue 21 defect 4: write_error passed ``status`` twice: empty 400/405/500 pages
    and a traceback in the log (``curl -X POST /``, ``HEAD``)."""
    app = clinics[mode]
    for method, path, status, words in (
        ("POST", "/", 405, b"Something went wrong"),
        ("POST", "/es/", 405, "Algo salió mal".encode()),
        ("DELETE", "/", 405, b"Something went wrong"),
        ("GET", "/es/profile.toml?first_name=%FF", 404, b"No encontramos"),
        ("GET", "/voila/templates/", 404, b"We could not find that page"),
        ("GET", "/eduwidgets/assets/es/nope.js", 404, b"No encontramos"),
    ):
        got, headers, body = request(app, method, path)
        assert got == status, (method, path, got, body[:200])
        assert words in body and b"</html>" in body, (method, path, body[:300])
        assert headers["Content-Type"].startswith("text/html"), (method, path)
        assert "default-src 'none'" in headers["Content-Security-Policy"], (method, path)
    # An address of no language: the browser's language, if the clinic serves it.
    spanish = {"Accept-Language": "fr-CA, es-MX;q=0.8, en;q=0.5"}
    status, _, body = request(app, "GET", "/no/such/page", spanish)
    assert status == 404 and "No encontramos esa página".encode() in body
    assert b'href="/es/"' in body
    status, _, body = request(app, "GET", "/no/such/page", {"Accept-Language": "en, es"})
    assert status == 404 and b"We could not find that page" in body
    for path in ("/", f"/lessons/{LESSON}", "/eduwidgets/assets/widgets.js"):
        status, headers, body = request(app, "HEAD", path)
        assert (status, body) == (200, b""), (path, status)
        assert int(headers["Content-Length"]) > 0, path
    assert "Traceback" not in app.output(), app.output()


@pytest.mark.slow
@pytest.mark.parametrize("mode", [PLAIN, VOILA])
def test_only_this_computers_names_are_answered(clinics, mode):
    """issue 21 defect 10: any Host header was answered (DNS rebinding reads the pages)."""
    app = clinics[mode]
    for host in (f"127.0.0.1:{app.port}", f"localhost:{app.port}", f"LOCALHOST:{app.port}"):
        assert request(app, "GET", f"/lessons/{LESSON}", {"Host": host})[0] == 200, host
    for host in (f"evil.example:{app.port}", "127.0.0.1:1", f"127.0.0.1.evil.example:{app.port}"):
        for path in ("/", f"/lessons/{LESSON}", "/voila/static/voila.js", "/no/such"):
            status, _, body = request(app, "GET", path, {"Host": host})
            assert status == 400 and b"Something went wrong" in body, (host, path, status)


@pytest.mark.slow
@pytest.mark.parametrize("mode", [PLAIN, VOILA])
def test_pages_go_compressed_once_with_an_etag_and_a_strict_policy(clinics, mode):
    """Load: pages made once are sent pre-compressed with a strong ETag (a reload is a
    304); issue 21 defect 10: assets, and Voilà mode's lesson pages, carry the kit's CSP."""
    app = clinics[mode]
    for path in ("/", f"/lessons/{LESSON}", "/es/", "/eduwidgets/assets/widgets.js"):
        status, plain_headers, plain = request(app, "GET", path)
        assert status == 200 and "Content-Encoding" not in plain_headers, path
        status, headers, packed = request(app, "GET", path, {"Accept-Encoding": "gzip, br"})
        assert status == 200 and headers["Content-Encoding"] == "gzip", path
        assert gzip.decompress(packed) == plain and len(packed) < len(plain) / 2, path
        assert headers["Vary"] == "Accept-Encoding", path
        assert "default-src 'none'" in headers["Content-Security-Policy"], path
        etag = headers["ETag"]
        assert etag.startswith('"') and etag != plain_headers["ETag"], path
        again = request(app, "GET", path, {"Accept-Encoding": "gzip", "If-None-Match": etag})
        assert (again[0], again[2]) == (304, b""), path
        refused = request(app, "GET", path, {"Accept-Encoding": "gzip;q=0"})
        assert "Content-Encoding" not in refused[1] and refused[2] == plain, path


@pytest.mark.slow
def test_held_connections_are_let_go(clinics):
    """issue 21 defect 10: 200 held connections stayed open for 60 s."""
    held = []
    for app in clinics.values():
        for index in range(20):
            connection = socket.create_connection(("127.0.0.1", app.port), timeout=5)
            if index % 2:  # half send part of a request and stop; half send nothing
                connection.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            held.append(connection)
    deadline = time.monotonic() + SERVER_LIMITS["idle_connection_timeout"] + 15
    for connection in held:
        connection.settimeout(max(0.1, deadline - time.monotonic()))
        try:
            assert connection.recv(1024) == b"", "the server answered a request never sent"
        except TimeoutError:
            pytest.fail("a held connection was still open after the idle timeout")
        finally:
            connection.close()


# ------------------------------------------------------------------ the command line


def clinic_command(*args: str) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "eduwidgets.cli", "clinic", *args]
    return subprocess.run(command, capture_output=True, text=True, cwd=ROOT, timeout=60)


def test_lan_with_a_profile_is_refused_in_one_line():
    """issue 21 defect 3: ``--lan --profile`` put the patient's values on every page
    served to the network."""
    profile = ROOT / "examples" / "profile.toml"
    result = clinic_command("--port", str(free_port()), "--lan", "--profile", str(profile))
    assert result.returncode == 2, result.stdout + result.stderr
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "--profile cannot be used with --lan" in lines[0], lines


def test_a_port_below_1024_is_refused():
    """issue 21 defect 10: ``--port 80`` was accepted though the message says 1024 to 65535."""
    for port in ("80", "1023", "65536"):
        result = clinic_command("--port", port)
        assert result.returncode == 2
        assert f"--port {port} is not allowed; allowed: 1024 to 65535." in result.stderr


def test_command_line_messages_print_no_control_characters(tmp_path):
    """issue 21 defect 10: a NUL or BEL in a value went raw to the terminal."""
    result = clinic_command("--port", str(free_port()), "--notebooks", "le\x07ss\x1b[2Jons")
    assert result.returncode == 2
    assert "\x07" not in result.stderr and "\x1b" not in result.stderr
    assert "le\\x07ss\\x1b[2Jons" in result.stderr
    broken = tmp_path / "broken.toml"
    broken.write_text('first_name = "Ann\\u0007\\u202e"\n[muscles.extensors]\nstrength = 9\n')
    result = clinic_command("--port", str(free_port()), "--profile", str(broken))
    assert result.returncode == 2 and result.stderr.count("\n") == 1, result.stderr
    assert not any(char in result.stderr for char in "\x07\u202e"), repr(result.stderr)


def test_a_byte_order_mark_is_accepted_in_a_profile_and_a_clinic_config(tmp_path):
    """issue 21 defect 10: a UTF-8 BOM (Notepad's) gave "Invalid statement (line 1, column 1)"."""
    profile = tmp_path / "profile.toml"
    profile.write_bytes(b'\xef\xbb\xbffirst_name = "Ann"\n[muscles.extensors]\nstrength = 3\n')
    assert load_profile(profile).first_name == "Ann"
    config = tmp_path / "clinic.toml"
    config.write_bytes('\ufeffname = "Clínica Sol"\nphone = "555 0100"\n'.encode())
    assert load_clinic_config(config).name == "Clínica Sol"


def test_a_clinic_name_holding_a_placeholder_stays_as_typed():
    """issue 21 defect 10: a clinic name containing ``{phone}`` got the phone put in."""
    text = str(fill("Questions? Call {who} on {phone}.", who="{phone} & Co", phone="555"))
    assert text == "Questions? Call {phone} &amp; Co on 555."


def test_the_log_filter_keeps_no_query_and_no_exception_message(caplog):
    """What guards the Binder server's log (Jupyter's access log, its tracebacks): the
    filter ``quiet_log`` puts on Tornado's loggers and the server's own."""
    import logging

    from eduwidgets.clinic import quiet_log

    logger = logging.getLogger("eduwidgets-test-quiet")
    quiet_log.install(logger)
    try:
        raise ValueError(f"bad first_name {NAME!r}")
    except ValueError:
        with caplog.at_level(logging.INFO, logger=logger.name):
            logger.warning("%d %s: " + "Invalid unicode in %s: %r", 400, "GET /p?x=1", "n", NAME)
            logger.warning("400 GET /eduwidgets/profile.toml?first_name=%s (1.2.3.4)", NAME)
            logger.exception("Uncaught exception GET /x?first_name=%s", NAME)
    text = caplog.text + "".join(record.exc_text or "" for record in caplog.records)
    assert NAME not in text and "first_name=" not in text, text
    assert "GET /eduwidgets/profile.toml (1.2.3.4)" in text
    assert "ValueError (message withheld" in text and "Traceback" in text

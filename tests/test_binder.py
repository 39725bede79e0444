"""Binder: the pinned requirements match uv.lock, and a fresh environment built the way
Binder builds it (requirements, then postBuild) runs every lesson in a small kernel.

repo2docker cannot run here, so the slow test does its steps by hand: a fresh virtual
environment, ``binder/requirements.txt`` installed into it, then ``binder/postBuild``
(whose ``pip install --no-deps .`` runs pip itself). The requirements go in with the
pinned uv (``uv pip install``) rather than pip: every line pins one exact version, so
both install the same files, but uv takes them from the cache ``dev.py`` filled when
it installed the same lock, where pip spent 44 s of CPU (measured) unpacking and
compiling every package (and on a fresh clone, with its cache empty, downloading them).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest
from support import free_port, kernel_pids

ROOT = Path(__file__).resolve().parents[1]
BINDER = ROOT / "binder"
UV = ROOT / ".tools" / "bin" / "uv"
EXPORT = ["export", "--locked", "--no-dev", "--no-hashes", "--no-emit-project"]
EXPORT += ["--extra", "author", "--extra", "kernel"]  # JupyterLab and Voilà; no --pdf on Binder
EXPORT += ["--no-header", "--no-annotate"]
LESSONS = sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))
SPANISH_LESSONS = sorted((ROOT / "notebooks" / "es").glob("[0-9][0-9]-*.ipynb"))
KERNEL_RSS_LIMIT_MB = 150


def test_pinned_requirements_match_the_lock_exactly():
    if not UV.exists():
        pytest.fail(f"{UV} is missing: run 'python3 dev.py test', which installs it.")
    exported = subprocess.run(
        [str(UV), *EXPORT], cwd=ROOT, capture_output=True, text=True, check=True, timeout=120
    ).stdout
    pinned = (BINDER / "requirements.txt").read_text()
    assert pinned == exported, (
        "binder/requirements.txt differs from uv.lock; regenerate it with\n"
        f"  .tools/bin/uv {' '.join(EXPORT)} -o binder/requirements.txt"
    )
    for line in pinned.splitlines():
        requirement = line.split(";")[0].strip()
        assert "==" in requirement, f"not pinned exactly: {line}"


def test_binder_steps_install_without_changing_pins():
    post_build = (BINDER / "postBuild").read_text()
    assert os.access(BINDER / "postBuild", os.X_OK), "binder/postBuild must be executable"
    assert "pip install --no-deps ." in post_build
    assert "python -m eduwidgets.clinic --install" in post_build
    runtime = (BINDER / "runtime.txt").read_text().strip()
    assert runtime.startswith("python-3.")


@pytest.mark.slow
def test_a_fresh_binder_environment_runs_every_lesson_in_a_small_kernel(tmp_path, browser):
    assert LESSONS, "no lessons in notebooks/"
    env_dir = tmp_path / "binder-env"
    started = time.perf_counter()
    # --seed: pip in the environment, for postBuild.
    uv_venv = [str(UV), "venv", "--quiet", "--seed", "--python", sys.executable, str(env_dir)]
    subprocess.run(uv_venv, check=True, timeout=120)
    python = env_dir / "bin" / "python"
    environment = {
        **os.environ,
        "PATH": f"{env_dir / 'bin'}{os.pathsep}{os.environ['PATH']}",
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
        "VIRTUAL_ENV": str(env_dir),
        "JUPYTER_PATH": "",
        "JUPYTER_CONFIG_DIR": str(tmp_path / "jupyter-config"),
        "JUPYTER_DATA_DIR": str(tmp_path / "jupyter-data"),
    }
    environment.pop("PYTHONPATH", None)
    # Bytecode is written as the kernels import (as on Binder): where the machine sets
    # PYTHONDONTWRITEBYTECODE, each of the 14 kernels compiled every module it imported.
    environment.pop("PYTHONDONTWRITEBYTECODE", None)
    # --no-compile-bytecode: uv would follow this project's [tool.uv] setting and compile
    # every package (about 10 s of CPU); the kernels compile only what they import.
    install = [str(UV), "pip", "install", "--quiet", "--no-compile-bytecode"]
    install += ["--python", str(python)]
    subprocess.run(
        [*install, "-r", str(BINDER / "requirements.txt")], check=True, env=environment, timeout=600
    )
    # postBuild, as Binder runs it: from the repository root, with the new env first on PATH.
    subprocess.run(
        ["bash", str(BINDER / "postBuild")], cwd=ROOT, check=True, env=environment, timeout=300
    )
    installed = time.perf_counter() - started

    # Every pin that applies here holds after postBuild (it must not upgrade anything).
    from packaging.requirements import Requirement

    frozen = subprocess.run(
        [str(python), "-m", "pip", "freeze"], capture_output=True, text=True, env=environment
    ).stdout
    installed_versions = {
        Requirement(line).name.lower().replace("_", "-"): line.split("==")[1]
        for line in frozen.splitlines()
        if "==" in line
    }
    for line in (BINDER / "requirements.txt").read_text().splitlines():
        requirement = Requirement(line)
        if requirement.marker is not None and not requirement.marker.evaluate():
            continue
        name = requirement.name.lower().replace("_", "-")
        pinned = str(requirement.specifier).removeprefix("==")
        assert installed_versions.get(name) == pinned, f"{name}: expected {pinned}"

    # The Binder badge's landing page: Jupyter server with our extension, serving the same
    # lesson pages as the clinic (made once, no kernel); Voilà stays for live widgets.
    # Asked for its landing page, it runs every lesson in both languages in a fresh
    # kernel of this environment (its page cache is empty), as on Binder: those runs are
    # the lessons' check, each kernel's resident memory sampled while it runs. (A separate run of
    # each lesson first ran all fourteen twice: 14 more kernels, a third of the CPU.)
    port = free_port()
    server = subprocess.Popen(
        [
            str(env_dir / "bin" / "jupyter"),
            "server",
            "--no-browser",
            "--allow-root",  # containers and CI often run as root
            f"--port={port}",
            "--ServerApp.ip=127.0.0.1",
            "--IdentityProvider.token=",
            f"--ServerApp.root_dir={ROOT}",
        ],
        env={**environment, "EDUWIDGETS_CACHE_DIR": str(tmp_path / "page-cache")},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    log = _ServerLog(server)
    try:
        # The landing page answers at once, and starts making the lesson pages.
        landing = _wait_for(f"http://127.0.0.1:{port}/eduwidgets/", server, log)
        for path in LESSONS:
            assert f'href="/eduwidgets/lessons/{path.stem}"' in landing, path.name
        kernels_mb = _kernel_memory_until_ready(server, log)
        ready = log.ready_line
        print(f"\nbinder env built in {installed:.0f} s; {ready}")
        lessons = LESSONS + SPANISH_LESSONS
        assert f"ready; {len(lessons)} lesson pages in 2 languages" in ready, log.text()[-3000:]
        assert "could not make" not in ready, log.text()[-3000:]  # a cell raised, say
        assert "from the cache" not in ready  # every lesson ran, here and now
        assert "could not render" not in log.text(), log.text()[-3000:]
        assert len(list((tmp_path / "page-cache").glob("*.json"))) == len(lessons)
        print(", ".join(f"kernel {mb:.0f} MB" for mb in kernels_mb.values()))
        assert len(kernels_mb) >= len(lessons), kernels_mb  # a fresh kernel for each
        for pid, mb in kernels_mb.items():
            assert mb < KERNEL_RSS_LIMIT_MB, f"kernel {pid}: {mb:.0f} MB resident"
        lesson = _wait_for(f"http://127.0.0.1:{port}/eduwidgets/lessons/{LESSONS[1].stem}")
        assert "edu-topbar" in lesson and "edu-patient-rules" in lesson
        assert "data-eduwidget=" in lesson  # widgets arrive whole, drawn by our scripts
        voila = _wait_for(f"http://127.0.0.1:{port}/voila/render/notebooks/{LESSONS[0].name}")
        assert "edu-topbar" in voila  # Voilà still uses our template, for live widgets
        assert "There was an error when executing cell" not in voila
        # The Spanish lessons (notebooks/es/): their own list, pages and Voilà frame.
        lista = _wait_for(f"http://127.0.0.1:{port}/eduwidgets/es/")
        assert '<html lang="es"' in lista and "Lecciones para su espalda" in lista
        for path in SPANISH_LESSONS:
            assert f'href="/eduwidgets/es/lessons/{path.stem}"' in lista, path.name
        leccion = _wait_for(f"http://127.0.0.1:{port}/eduwidgets/es/lessons/{LESSONS[1].stem}")
        assert '<html lang="es"' in leccion and "Todas las lecciones" in leccion
        voila = _wait_for(f"http://127.0.0.1:{port}/voila/render/notebooks/es/{LESSONS[0].name}")
        assert '<html lang="es"' in voila and "Todas las lecciones" in voila
        assert 'href="/eduwidgets/es/"' in voila and "/eduwidgets/assets/es/widgets.js" in voila
        assert "There was an error when executing cell" not in voila
        _check_lesson_in_browser(browser, f"http://127.0.0.1:{port}/")
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
    shutil.rmtree(env_dir, ignore_errors=True)


def _check_lesson_in_browser(browser, base_url: str) -> None:
    """From the landing page into a lesson with a patient's values, as a Binder visitor
    goes: the page draws itself with those values and starts no kernel."""

    def running() -> set[str]:
        return {kernel["id"] for kernel in json.loads(_wait_for(base_url + "api/kernels"))}

    before = running()
    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else 0)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(base_url + "eduwidgets/#first_name=Bo&extensors_strength=2")
    page.locator("a.card").nth(1).click()
    page.wait_for_selector("main#main [data-eduwidget][data-edu-mounted]", timeout=120_000)
    assert page.locator("#edu-patient").inner_text() == "Set for Bo"
    # The list writes the values as the short address (issue 24) and the lesson keeps it.
    assert page.url.split("#", 1)[1] == "v=1&n=Bo&r=2-----&l=en"
    assert running() <= before, "a lesson page started a kernel"
    assert errors == [], errors
    context.close()


def _wait_for(
    url: str,
    server: subprocess.Popen | None = None,
    log: _ServerLog | None = None,
    timeout_s: float = 120,
) -> str:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if server is not None and server.poll() is not None:
            pytest.fail(f"jupyter server exited: {log.text()[-3000:] if log else ''}")
        try:
            with urllib.request.urlopen(url, timeout=120) as response:
                return response.read().decode()
        except OSError:
            time.sleep(0.5)
    pytest.fail(f"{url} did not answer within {timeout_s} s")


class _ServerLog:
    """The server's stderr, read as it comes (a full pipe would stop the server)."""

    def __init__(self, server: subprocess.Popen):
        self.lines: list[str] = []
        self.ready_line = ""
        self._thread = threading.Thread(target=self._read, args=(server,), daemon=True)
        self._thread.start()

    def _read(self, server: subprocess.Popen) -> None:
        for line in server.stderr:
            self.lines.append(line)
            if "eduwidgets clinic: ready" in line:
                self.ready_line = line.strip()

    def text(self) -> str:
        return "".join(self.lines)


def _kernel_memory_until_ready(
    server: subprocess.Popen, log: _ServerLog, timeout_s: float = 600
) -> dict[int, float]:
    """Each kernel the server starts (``support.kernel_pids``), with the most
    resident memory it had, sampled four times a second (a lesson's kernel lives for
    seconds; a walk of /proc costs CPU) until the server says it is ready."""
    peaks: dict[int, float] = {}
    deadline = time.monotonic() + timeout_s
    while not log.ready_line:
        if server.poll() is not None:
            time.sleep(0.5)  # the last lines
            pytest.fail(f"jupyter server exited: {log.text()[-3000:]}")
        if time.monotonic() > deadline:
            pytest.fail(f"the lesson pages were not ready in {timeout_s} s: {log.text()[-3000:]}")
        for pid in kernel_pids(server.pid):
            if (mb := _rss_mb(pid)) is not None:  # None: it ended while read
                peaks[pid] = max(mb, peaks.get(pid, 0.0))
        time.sleep(0.25)
    return peaks


def _rss_mb(pid: int) -> float | None:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    for line in status.splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return None

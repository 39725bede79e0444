"""Step 1 of the export (``pipeline.py``), execute: a lesson notebook runs top to
bottom in a fresh kernel (nbclient).

The notebook runs in a fresh kernel. The kernel's environment carries
``EDUWIDGETS_CLINIC_CONFIG`` (and ``EDUWIDGETS_PROFILE`` when given), so widgets pick
up the clinic's phone number with no code in the lesson.

Several lessons build at once: each runs in its own kernel process, a few at a time
(``jobs``), all driven from one event loop, so ``--all`` pays the start-up cost of
Python and nbclient once instead of once per lesson.

What a kernel process writes to its own stdout and stderr goes to a temporary file,
not to the console of the command or clinic that runs it. ipykernel echoes there what
a cell writes to stderr (the notebook's outputs already hold it, and a lesson's
warnings are reported from them, one line each), and libraries in the kernel log
there when its sockets close under them at shutdown, a traceback a clinician cannot
act on. When the kernel dies or never answers, its last line joins the error.
"""

from __future__ import annotations

import asyncio
import atexit
import concurrent.futures
import os
import tempfile
from pathlib import Path

from eduwidgets.content import LANGUAGE_ENV, clipped, current_language
from eduwidgets.errors import InputError
from eduwidgets.handout.page import CLINIC_ENV, Clinic

__all__ = [
    "NotebookError",
    "default_jobs",
    "execute_notebook_async",
    "kernel_env",
    "run_coroutine",
]

PROFILE_ENV = "EDUWIDGETS_PROFILE"
_CELL_TIMEOUT_S = 120
# The Jupyter protocol's known race: jupyter_client picks free ports and the kernel binds
# them a moment later, so another process can take one in between (jupyter_client and
# papermill issues; seen here when two test workers and a Jupyter server started kernels
# at once). That kernel dies at once saying so; a new one gets new ports.
_PORT_TAKEN = "Address already in use"
_KERNEL_STARTS = 3


class NotebookError(RuntimeError):
    """A lesson notebook failed to run; the message names the notebook, the cell and the error."""


class _PortTaken(NotebookError):
    """The kernel died before any cell ran because one of its ports was taken."""


def kernel_env(clinic: Clinic, profile_path: str | None) -> dict[str, str]:
    """The kernel's environment: the page's language, the clinic config and the profile."""
    env = dict(os.environ)
    env[LANGUAGE_ENV] = current_language()  # the kernel's widgets speak the page's language
    env.pop(CLINIC_ENV, None)
    env.pop(PROFILE_ENV, None)
    if clinic.config_path:
        env[CLINIC_ENV] = clinic.config_path
    if profile_path:
        env[PROFILE_ENV] = str(Path(profile_path).resolve())
    return env


def _first_line(source: str) -> str:
    return clipped(next((ln.strip() for ln in source.splitlines() if ln.strip()), ""), 60)


def _read_notebook(path: Path):
    # Imported here, not at the top: nbformat's validator pulls jsonschema's format
    # checkers (about 1.4 s), which a clinic serving cached pages never needs.
    import nbformat

    try:
        return nbformat.read(path, as_version=4)
    except FileNotFoundError:
        raise InputError("the notebook does not exist.", source=str(path)) from None
    except Exception as error:  # nbformat raises several kinds for a broken file
        raise InputError(f"this is not a readable notebook ({error}).", source=str(path)) from None


async def execute_notebook_async(path: Path, env: dict[str, str]):
    """Run a notebook top to bottom in a fresh kernel; NotebookError names the failing cell.

    A kernel that could not bind its ports is started again, ``_KERNEL_STARTS`` times in all.
    """
    for start in range(1, _KERNEL_STARTS + 1):
        try:
            return await _execute_in_a_fresh_kernel(path, env)
        except _PortTaken:
            if start == _KERNEL_STARTS:
                raise


async def _execute_in_a_fresh_kernel(path: Path, env: dict[str, str]):
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    notebook = _read_notebook(path)
    current = {"index": None, "source": ""}

    def started(cell, cell_index):
        current["index"], current["source"] = cell_index + 1, cell.source

    client = NotebookClient(
        notebook,
        timeout=_CELL_TIMEOUT_S,
        kernel_name=notebook.metadata.get("kernelspec", {}).get("name", "python3"),
        resources={"metadata": {"path": str(path.parent)}},
        on_cell_start=started,
        # ipykernel warns on stderr about local TCP on every start; the user can do nothing.
        extra_arguments=["--IPKernelApp.log_level=ERROR"],
    )
    with tempfile.TemporaryFile() as kernel_output:
        try:
            await client.async_execute(env=env, stdout=kernel_output, stderr=kernel_output)
        except (CellExecutionError, CellTimeoutError, DeadKernelError, RuntimeError) as error:
            cell = current["index"]
            where = f"cell {cell} ({_first_line(current['source'])})" if cell else "the kernel"
            if isinstance(error, CellExecutionError):
                what = f"{error.ename}: {error.evalue}"
            else:
                first = (str(error).strip().splitlines() or [""])[0]
                what = f"{type(error).__name__}: {first}"
                said = _last_line(kernel_output)
                what += f". The kernel said: {said}" if said else ""
                # nbclient leaves its exit hook registered when a kernel fails to start,
                # and at exit the hook fails on the manager it already cleared: a second,
                # unrelated traceback after this one message.
                atexit.unregister(client._cleanup_kernel)
                if cell is None and _PORT_TAKEN in said:
                    raise _PortTaken(f"{path}: {where} failed to run. {what}") from None
            raise NotebookError(f"{path}: {where} failed to run. {what}") from None
    return notebook


def _last_line(output) -> str:
    """The last line a kernel wrote (its reason, when it died), at most 200 characters."""
    output.seek(0, os.SEEK_END)
    output.seek(max(0, output.tell() - 4096))
    lines = output.read().decode("utf-8", errors="replace").splitlines()
    return clipped(next((line.strip() for line in reversed(lines) if line.strip()), ""), 200)


def run_coroutine(coroutine):
    """Run a coroutine to the end, also from inside a running event loop (a notebook)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def default_jobs(count: int) -> int:
    """Kernels to run at once: one per core, at least two (a kernel often waits on I/O)."""
    return max(1, min(count, max(2, os.cpu_count() or 1)))

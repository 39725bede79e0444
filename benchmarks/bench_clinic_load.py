"""The clinic app under load: requests a second and latency at 50 connections.

A section of its own (beside ``bench_clinic.py``, whose helpers it uses) so it runs in
about a minute with no browser: ``python3 dev.py bench clinic_load``.

The server: ``eduwidgets clinic`` on the kit's own lessons, started from a filled page
cache (the plain Tornado server, as a clinic runs it day to day). The load: 50
keep-alive connections in a separate process (asyncio, raw sockets, HTTP/1.1), each
sending its next request as soon as the last answer is read; 127.0.0.1 only, bounded
in time and in count. Three kinds of visit to a lesson page: the browser takes no
compression, takes gzip, or already has the page (If-None-Match: a 304).
"""

from __future__ import annotations

import asyncio
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent

CONNECTIONS = 50
SECONDS = 5.0  # per round of one kind of visit
WARM_UP_S = 1.0
MAX_REQUESTS = 50_000  # per round: a bound even on a much faster machine
ROUNDS = 5
RATE_GOAL = 1000  # requests a second
P99_GOAL_MS = 100.0
LESSON = "01-extensors"
CONTENT_LENGTH = re.compile(rb"(?im)^content-length:\s*(\d+)\s*$")

TITLE = "Clinic app under load: 50 connections"
NOTE = (
    f"The plain server (pages from a filled cache) answering `GET /lessons/{LESSON}` on "
    f"{CONNECTIONS} keep-alive connections at once, from a load generator in another "
    "process (asyncio, raw sockets: about a third of one core at these rates, on the same "
    f"two cores as the server). Each round: {WARM_UP_S:.0f} s of warm-up, then "
    f"{SECONDS:.0f} s measured; {ROUNDS} rounds of each kind, taken in turn, the median "
    "round (by rate) shown, "
    "with the slowest round's p99 in brackets. Latency: request sent to the last byte "
    "of the answer read. 'no compression': no Accept-Encoding; 'gzip': the bytes "
    "compressed once per made page; 'reload': If-None-Match with the page's ETag, "
    "answered 304 with no body. The machine is shared, so rounds vary."
)


# ------------------------------------------------------------------ the load generator


async def _connection(port: int, request: bytes, until: dict, record: list) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        while time.perf_counter() < until["end"] and until["left"] > 0:
            until["left"] -= 1
            started = time.perf_counter()
            writer.write(request)
            head = await reader.readuntil(b"\r\n\r\n")
            length = CONTENT_LENGTH.search(head)
            if length:
                await reader.readexactly(int(length.group(1)))
            status = int(head[9:12])
            if started >= until["measure_from"]:
                record.append((time.perf_counter() - started, status))
    finally:
        writer.close()


async def _load(port: int, request: bytes) -> list:
    now = time.perf_counter()
    until = {"measure_from": now + WARM_UP_S, "end": now + WARM_UP_S + SECONDS}
    until["left"] = MAX_REQUESTS
    record: list = []
    await asyncio.gather(*(_connection(port, request, until, record) for _ in range(CONNECTIONS)))
    return record


def load_main(port: int, headers: str) -> None:
    """In the load process: one round, printed as JSON ([latency_s], statuses);
    ``headers``: request header lines joined by "|"."""
    lines = [f"GET /lessons/{LESSON} HTTP/1.1", f"Host: 127.0.0.1:{port}"]
    lines += [line.strip() for line in headers.split("|") if line.strip()]
    request = ("\r\n".join(lines) + "\r\n\r\n").encode()
    record = asyncio.run(_load(port, request))
    statuses = sorted({status for _, status in record})
    print(json.dumps({"latencies": [lat for lat, _ in record], "statuses": statuses}))


# ------------------------------------------------------------------ the benchmark


def _bench_clinic():
    """``bench_clinic.py`` beside this file (not imported by the load process: it loads
    Playwright)."""
    sys.path.insert(0, str(HERE))
    import bench_clinic

    return bench_clinic


def _round(port: int, headers: str) -> dict:
    percentile = _bench_clinic()._percentile
    command = [sys.executable, __file__, "--load", str(port), headers]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=True)
    result = json.loads(done.stdout)
    latencies = result["latencies"]
    return {
        "rate": len(latencies) / SECONDS,
        "p50": percentile(latencies, 0.50) * 1000,
        "p95": percentile(latencies, 0.95) * 1000,
        "p99": percentile(latencies, 0.99) * 1000,
        "statuses": result["statuses"],
    }


def _etag(port: int, encoding: str) -> str:
    import urllib.request

    url = f"http://127.0.0.1:{port}/lessons/{LESSON}"
    request = urllib.request.Request(url, headers={"Accept-Encoding": encoding})
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.headers["ETag"]


def run() -> list[dict]:
    bench_clinic = _bench_clinic()
    work = Path(tempfile.mkdtemp(prefix="bench-clinic-load-"))
    kit_dir = work / "kit-lessons"
    shutil.copytree(bench_clinic.ROOT / "notebooks", kit_dir, ignore=shutil.ignore_patterns(".*"))
    cache_dir = work / "page-cache"
    rows = []
    try:
        clinic, _, _ = bench_clinic._start_clinic(kit_dir, cache_dir, work / "cold.log")
        bench_clinic._stop(clinic)  # cold: renders and fills the cache (and runs Voilà)
        clinic, base, _ = bench_clinic._start_clinic(kit_dir, cache_dir, work / "plain.log")
        port = int(base.rstrip("/").rsplit(":", 1)[1])
        try:
            etag = _etag(port, "gzip")
            kinds = {
                "no compression": ("", 200),
                "gzip": ("Accept-Encoding: gzip", 200),
                "reload (304)": (f"Accept-Encoding: gzip|If-None-Match: {etag}", 304),
            }
            # Round-robin over the kinds, so each meets the shared machine's same moods.
            rounds: dict[str, list] = {kind: [] for kind in kinds}
            for _ in range(ROUNDS):
                for kind, (headers, _status) in kinds.items():
                    rounds[kind].append(_round(port, headers))
            rows = [_row(kind, rounds[kind], status) for kind, (_, status) in kinds.items()]
        finally:
            bench_clinic._stop(clinic)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return rows


def _row(kind: str, rounds: list[dict], status: int) -> dict:
    middle = sorted(rounds, key=lambda r: r["rate"])[len(rounds) // 2]
    worst_p99 = max(r["p99"] for r in rounds)
    statuses = sorted({s for r in rounds for s in r["statuses"]})
    met = middle["rate"] >= RATE_GOAL and middle["p99"] < P99_GOAL_MS and statuses == [status]
    return {
        "visit": kind,
        "requests/s (rounds)": f"{middle['rate']:.0f} ("
        + ", ".join(f"{r['rate']:.0f}" for r in rounds)
        + ")",
        "p50": f"{middle['p50']:.1f} ms",
        "p95": f"{middle['p95']:.1f} ms",
        "p99 (slowest round)": f"{middle['p99']:.1f} ms ({worst_p99:.1f} ms)",
        "answers": ", ".join(str(s) for s in statuses),
        "goal": f">= {RATE_GOAL} req/s, p99 < {P99_GOAL_MS:.0f} ms",
        "met": "yes" if met else "no",
    }


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--load":
        load_main(int(sys.argv[2]), sys.argv[3])

"""``eduwidgets clinic``: serve the lessons as code-free apps on this computer (Voilà)."""

from __future__ import annotations

import argparse
import socket
import subprocess
import sys
from pathlib import Path

DEFAULT_PORT = 8866


def port_is_free(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        try:
            probe.bind((host, port))
        except OSError:
            return False
    return True


def run_clinic(args: argparse.Namespace) -> int:
    notebooks_dir = Path(args.notebooks).resolve()
    if not notebooks_dir.is_dir():
        print(f"eduwidgets: --notebooks {args.notebooks!r} is not a folder.", file=sys.stderr)
        return 2
    host = "0.0.0.0" if args.lan else "127.0.0.1"
    if not port_is_free(host, args.port):
        print(
            f"eduwidgets: --port {args.port} is already in use on {host}. Stop the other "
            "program or choose a free port from 1024 to 65535 with --port.",
            file=sys.stderr,
        )
        return 2
    if args.lan:
        print(
            "Serving to the local network (--lan): anyone who can reach this computer "
            f"on port {args.port} can open the lessons and run their code.",
            flush=True,
        )
    print(f"eduwidgets clinic: open http://127.0.0.1:{args.port}/ (Ctrl+C to stop)", flush=True)
    command = [
        sys.executable,
        "-m",
        "voila",
        str(notebooks_dir),
        "--no-browser",
        f"--port={args.port}",
        f"--Voila.ip={host}",
        "--Voila.port_retries=0",
        "--strip_sources=True",
    ]
    try:
        return subprocess.call(command)
    except KeyboardInterrupt:
        return 0


def add_commands(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("clinic", help="serve the lessons on this computer")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help="port (default 8866)")
    parser.add_argument(
        "--lan", action="store_true", help="also serve to the local network (off by default)"
    )
    parser.add_argument("--notebooks", default="notebooks", help="folder of lessons")
    parser.set_defaults(run=run_clinic)

"""Command line: ``eduwidgets clinic`` serves the lessons as code-free apps on this machine."""

from __future__ import annotations

import argparse
import socket
import subprocess
import sys
from pathlib import Path

DEFAULT_PORT = 8866


def _port_is_free(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            return False
    return True


def _fail(message: str, code: int = 2) -> int:
    print(f"eduwidgets: {message}", file=sys.stderr)
    return code


def clinic(args: argparse.Namespace) -> int:
    notebooks_dir = Path(args.notebooks).resolve()
    if not notebooks_dir.is_dir():
        return _fail(f"--notebooks {args.notebooks!r} is not a folder of lessons.")
    host = "0.0.0.0" if args.lan else "127.0.0.1"
    if not _port_is_free(host, args.port):
        return _fail(
            f"--port {args.port} is already in use on {host}. "
            "Stop the other program or choose a free port from 1024 to 65535 with --port."
        )
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


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="eduwidgets", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    clinic_parser = commands.add_parser("clinic", help="serve the lessons on this computer")
    clinic_parser.add_argument("--port", type=int, default=DEFAULT_PORT, help="port (default 8866)")
    clinic_parser.add_argument(
        "--lan", action="store_true", help="also serve to the local network (off by default)"
    )
    clinic_parser.add_argument("--notebooks", default="notebooks", help="folder of lessons")
    clinic_parser.set_defaults(run=clinic)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())

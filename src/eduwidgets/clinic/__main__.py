"""``python -m eduwidgets.clinic --install``: set up Jupyter for the Binder links.

Binder's ``postBuild`` runs this after installing the package. It copies the Voilà
template into this environment's Jupyter data folder and turns on the landing page
(a Jupyter server extension at ``/eduwidgets/``), with lessons shown in Voilà
through that template.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from eduwidgets.clinic import TEMPLATE_NAME, install_template, voila_resources

__all__: list[str] = []

SERVER_CONFIG = {
    "ServerApp": {"jpserver_extensions": {"eduwidgets.clinic": True, "voila": True}},
}


def voila_config() -> dict:
    """Voilà's server extension reads its settings from voila.json, not the server's
    config; the template's words and the lesson list's address go in as resources."""
    return {
        "VoilaConfiguration": {
            "template": TEMPLATE_NAME,
            "strip_sources": True,
            "resources": voila_resources(home="eduwidgets/"),
        }
    }


def _write_json(path: Path, data: dict) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".json.tmp")
    temporary.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    os.replace(temporary, path)
    return path


def install(prefix: Path) -> list[Path]:
    config_dir = prefix / "etc" / "jupyter"
    return [
        install_template(prefix),
        _write_json(config_dir / "jupyter_server_config.d" / "eduwidgets.json", SERVER_CONFIG),
        _write_json(config_dir / "voila.json", voila_config()),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eduwidgets.clinic", description=__doc__)
    parser.add_argument("--install", action="store_true", help="set up this environment")
    parser.add_argument("--prefix", default=sys.prefix, help="environment (default: this one)")
    args = parser.parse_args(argv)
    if not args.install:
        parser.print_help()
        return 2
    for path in install(Path(args.prefix)):
        print(f"eduwidgets: wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

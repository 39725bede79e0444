"""Code we did not write (``widgets/vendor/``) is kept as released, pinned and licensed.

``VENDORED.toml`` names each vendored file's package, version, release tarball and the
sha256 of the released file; the file in the package must hold that file byte for byte
(between its two marker lines), and its licence must ship in the wheel.
"""

from __future__ import annotations

import hashlib
import re
import subprocess
import tomllib
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
VENDOR = ROOT / "src" / "eduwidgets" / "widgets" / "vendor"
UV = ROOT / ".tools" / "bin" / "uv"
VENDORED = tomllib.loads((VENDOR / "VENDORED.toml").read_text(encoding="utf-8"))
UPSTREAM = re.compile(
    r"^// ---- (?P<package>\S+) (?P<version>\S+) (?P<file>\S+) begins ----\n"
    r"(?P<text>.*)"
    r"^// ---- (?P=package) (?P=version) (?P=file) ends ----\n",
    re.MULTILINE | re.DOTALL,
)


def released_part(entry: dict) -> re.Match:
    text = (VENDOR / entry["vendored_file"]).read_text(encoding="utf-8")
    found = UPSTREAM.search(text)
    assert found, f"{entry['vendored_file']} has no begins/ends marker lines around the release"
    return found


@pytest.mark.parametrize("name", sorted(VENDORED))
def test_the_vendored_file_is_the_release_byte_for_byte(name):
    entry = VENDORED[name]
    found = released_part(entry)
    assert (found["package"], found["version"]) == (entry["package"], entry["version"])
    assert found["file"] == entry["upstream_file"].removeprefix("package/")
    digest = hashlib.sha256(found["text"].encode("utf-8")).hexdigest()
    assert digest == entry["upstream_sha256"], (
        f"{entry['vendored_file']} no longer holds {entry['package']} {entry['version']}'s "
        f"{entry['upstream_file']} as released (sha256 {digest}, recorded "
        f"{entry['upstream_sha256']}): download {entry['tarball']} again, check its sha256 "
        "is the recorded tarball_sha256, and copy the file in unchanged"
    )
    assert re.fullmatch(r"[0-9a-f]{64}", entry["tarball_sha256"])
    assert entry["tarball"].endswith(f"-{entry['version']}.tgz")
    licence = (VENDOR / entry["licence_file"]).read_text(encoding="utf-8")
    assert entry["licence"] in licence and "Permission is hereby granted" in licence


def test_the_licences_ship_in_the_wheel(tmp_path):
    if not UV.exists():
        pytest.fail(f"{UV} is missing: run 'python3 dev.py test', which installs it.")
    result = subprocess.run(
        [str(UV), "build", "--wheel", "-o", str(tmp_path)],
        capture_output=True, text=True, cwd=ROOT, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    (wheel,) = tmp_path.glob("*.whl")
    shipped = set(zipfile.ZipFile(wheel).namelist())
    for entry in VENDORED.values():
        for key in ("vendored_file", "licence_file"):
            assert f"eduwidgets/widgets/vendor/{entry[key]}" in shipped, (key, entry[key])

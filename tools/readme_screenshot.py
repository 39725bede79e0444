"""The README's picture of the visit-to-phone flow: ``.venv/bin/python tools/readme_screenshot.py``.

Runs the clinician's scripted flow of ``benchmarks/bench_clinician_flow.py`` (a full plan
made on the clinic's form, then "Send to phone"), photographs the dialog with its QR code,
opens the plan the code carries at a phone's width (390 px), and puts the two side by
side in ``docs/images/visit-to-phone.png``. Made again by hand when the pages change.
"""

from __future__ import annotations

import io
import shutil
import signal
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUTPUT = ROOT / "docs" / "images" / "visit-to-phone.png"
sys.path.insert(0, str(ROOT / "benchmarks"))

import bench_clinician_flow as flow  # noqa: E402


def main() -> None:
    from PIL import Image
    from playwright.sync_api import sync_playwright

    from eduwidgets.files import write_bytes_atomic
    from eduwidgets.handout.browser import launch

    folder = Path(tempfile.mkdtemp(prefix="readme-shot-"))
    process, url = flow._start_clinic(folder)
    try:
        with sync_playwright() as playwright:
            browser = launch(playwright)
            desk = browser.new_page(viewport={"width": 1000, "height": 860})
            desk.goto(url)
            flow.flow(desk, keyboard=False)
            address = desk.locator("#edu-send-address").input_value()
            form_png = desk.screenshot()
            # The same plan as the phone opens it (the clinic's copy of the public page),
            # in English for the README.
            fragment = address.partition("#")[2].replace("&l=es", "&l=en")
            phone = browser.new_page(viewport={"width": 390, "height": 860})
            phone.goto(url + "plan#" + fragment)
            phone.wait_for_selector("#edu-plan-today-list li")
            phone_png = phone.screenshot()
            browser.close()
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=60)
        shutil.rmtree(folder, ignore_errors=True)
    left, right = Image.open(io.BytesIO(form_png)), Image.open(io.BytesIO(phone_png))
    gap = 24
    picture = Image.new("RGB", (left.width + gap + right.width, left.height), "white")
    picture.paste(left, (0, 0))
    picture.paste(right, (left.width + gap, 0))
    out = io.BytesIO()
    picture.save(out, format="PNG", optimize=True)
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    write_bytes_atomic(OUTPUT, out.getvalue())
    print(f"{OUTPUT.relative_to(ROOT)}: {len(out.getvalue()) // 1024} KB")


if __name__ == "__main__":
    main()

"""Refresh the README screenshots from the demo organisation, in French.

    .venv/bin/python docs/screenshots/capture.py            # throwaway database, seeded, then captured
    .venv/bin/python docs/screenshots/capture.py --var-dir /tmp/shots --no-seed   # reuse a seeded one

It migrates and seeds a throwaway database (``OPENQSSE_VAR_DIR``), serves it with ``runserver`` on a
free port, logs in as the demo QSSE manager and writes, next to this file, 1400 pixels wide:
``process-map.png``, ``nonconformity.png``, ``kanban.png`` and ``dashboard.png``.
Chromium is Debian's (``/usr/bin/chromium``), as in the browser tests.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import expect, sync_playwright

ROOT = Path(__file__).resolve().parents[2]
OUT = Path(__file__).resolve().parent
PYTHON = ROOT / ".venv" / "bin" / "python"
USERNAME, PASSWORD = "claire.morel", "openqsse-demo"
WIDTH, HEIGHT = 1400, 900
MAX_BYTES = 400_000

# The complaint to show: the one with the richest analysis (5 whys and Ishikawa in several branches).
FIND_COMPLAINT = """
from django.db.models import Count
from qsse.nonconformities.models import Nonconformity
record = (
    Nonconformity.objects.filter(kind="complaint")
    .annotate(
        whys=Count("why_steps", distinct=True),
        causes=Count("ishikawa_causes", distinct=True),
        branches=Count("ishikawa_causes__category", distinct=True),
    )
    .filter(whys__gte=3, causes__gte=3)
    .order_by("-branches", "-causes", "-whys", "-detected_on")
    .first()
)
print(record.pk if record else "")
"""


def manage(env: dict[str, str], *args: str, capture: bool = False) -> str:
    result = subprocess.run(
        [str(PYTHON), "manage.py", *args], cwd=ROOT, env=env, check=True, text=True, capture_output=capture
    )
    return result.stdout if capture else ""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(url: str, server: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"runserver stopped (exit code {server.returncode})")
        try:
            with urllib.request.urlopen(f"{url}/login/", timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    sys.exit(f"runserver did not answer on {url} within {timeout} s")


def check_size(path: Path) -> None:
    size = path.stat().st_size
    print(f"{path.relative_to(ROOT)}: {size // 1024} KB")
    if size > MAX_BYTES:
        sys.exit(f"{path.name} is {size} bytes, over the {MAX_BYTES} bytes budget")


def capture(url: str, complaint_pk: str) -> None:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu", "--lang=fr-FR"]
        )
        context = browser.new_context(
            locale="fr-FR",
            timezone_id="Europe/Paris",
            viewport={"width": WIDTH, "height": HEIGHT},
            device_scale_factor=1,
        )
        page = context.new_page()
        page.goto(f"{url}/login/")
        page.fill("#id_username", USERNAME)
        page.fill("#id_password", PASSWORD)
        page.locator("#id_password").press("Enter")
        page.wait_for_url(f"{url}/")
        expect(page.locator("html")).to_have_attribute("lang", "fr")

        # Dashboard: the whole page (its widgets).
        page.wait_for_load_state("networkidle")
        path = OUT / "dashboard.png"
        page.screenshot(path=path, full_page=True)
        check_size(path)

        # Process map: the drawing, cropped to one screen.
        page.goto(f"{url}/processes/map/")
        figure = page.locator("figure.process-map-figure")
        expect(figure.locator("a.process-box").first).to_be_visible()
        box = figure.bounding_box()
        top = max(0, box["y"] - 70)  # keep the page title above the map
        path = OUT / "process-map.png"
        page.screenshot(path=path, full_page=True, clip={"x": 0, "y": top, "width": WIDTH, "height": HEIGHT})
        check_size(path)

        # A customer complaint: its 5 whys down to the fishbone drawing, the history alongside (the
        # whole record from its title would be over the size budget).
        page.goto(f"{url}/nonconformities/{complaint_pk}/")
        fishbone = page.locator("#ishikawa svg.fishbone")
        expect(fishbone).to_be_visible()
        top = page.locator("#whys").bounding_box()["y"] - 12
        drawing = fishbone.locator("xpath=..").bounding_box()
        bottom = drawing["y"] + drawing["height"] + 12
        path = OUT / "nonconformity.png"
        page.screenshot(
            path=path, full_page=True, clip={"x": 0, "y": top, "width": WIDTH, "height": bottom - top}
        )
        check_size(path)

        # Kanban board: what fits on the screen.
        page.goto(f"{url}/actions/board/")
        expect(page.locator(".kanban-card").first).to_be_visible()
        path = OUT / "kanban.png"
        page.screenshot(path=path)
        check_size(path)
        browser.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--var-dir", type=Path, help="data folder (default: a new temporary folder)")
    parser.add_argument("--no-seed", action="store_true", help="the database is already seeded")
    options = parser.parse_args()
    var_dir = options.var_dir or Path(tempfile.mkdtemp(prefix="openqsse-shots-"))
    var_dir.mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        "OPENQSSE_VAR_DIR": str(var_dir),
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "LANGUAGE": "fr",
    }
    env.pop("DATABASE_URL", None)  # always the throwaway SQLite database of var_dir
    if not options.no_seed:
        manage(env, "migrate", "--no-input", "-v", "0")
        manage(env, "seed_demo")
    output = manage(env, "shell", "--no-imports", "-c", FIND_COMPLAINT, capture=True)
    complaint_pk = (output.strip().splitlines() or [""])[-1]
    if not complaint_pk:
        sys.exit("No complaint with 5 whys and an Ishikawa diagram in the demo data")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [str(PYTHON), "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_until_up(url, server)
        capture(url, complaint_pk)
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()

"""Take the README screenshots with Debian's Chromium against the demo database.

Usage: make screenshots (runs after the demo database exists: make demo, or
`manage.py migrate && manage.py demo_setup`). Starts its own server on a free port.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2)  # noqa: S310 - loopback only
            return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"Le serveur ne répond pas : {url}")


def main() -> int:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "prevex.settings.dev"}
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--noinput"], check=True, env=env, cwd=ROOT)
    subprocess.run([*manage, "demo_setup"], check=True, env=env, cwd=ROOT)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [*manage, "runserver", f"127.0.0.1:{port}", "--noreload"], env=env, cwd=ROOT
    )
    try:
        wait_for(f"{base}/sante/")
        OUT.mkdir(parents=True, exist_ok=True)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1366, "height": 900}, locale="fr-FR")
            page.goto(f"{base}/comptes/connexion/")
            page.fill("input[name=username]", "demo-ccapex")
            page.fill("input[name=password]", "demo")
            page.click("button[type=submit]")
            page.wait_for_url(f"{base}/**")
            page.goto(f"{base}/dossiers/?stage=CQL")
            page.screenshot(path=str(OUT / "dashboard.png"), full_page=False)
            page.click("#liste-dossiers tbody tr:first-child a")
            page.wait_for_selector("[data-testid=echeances]")
            page.screenshot(path=str(OUT / "household.png"), full_page=True)
            browser.close()
        print(f"Captures écrites dans {OUT.relative_to(ROOT)}")
    finally:
        server.terminate()
        server.wait(timeout=10)
    return 0


if __name__ == "__main__":
    sys.exit(main())

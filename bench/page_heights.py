"""Page heights of a built site in headless Chromium (issue #13): a script, not a test.

Prints, per page, the document height in pixels at 1280x800 (desktop) and 390x844 (phone),
the number of screens that is, and for the edition homes where the first kern card starts.
Usage (from the repository root, after `handbook build --out site`):

    python bench/page_heights.py site
    python bench/page_heights.py site --pages voorzitters/index.html,aanbevelingen/voorzitters.html
"""

from __future__ import annotations

import argparse
import functools
import os
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
VIEWPORTS = {"desktop": (1280, 800), "phone": (390, 844)}
AUDIENCES = ("voorzitters", "deelnemers", "leidinggevenden", "bestuurders")
DEFAULT_PAGES = (
    "index.html",
    *(f"{audience}/index.html" for audience in AUDIENCES),
    "aanbevelingen/index.html",
    *(f"aanbevelingen/{audience}.html" for audience in AUDIENCES),
    *(f"{audience}/aanbevelingen/index.html" for audience in AUDIENCES),
)
# Top of the first kern card (or the role chooser on the complete home), relative to the page.
FIRST_ACTION_JS = """() => {
  const el = document.querySelector('.kern-cards li, .role-chooser');
  return el ? Math.round(el.getBoundingClientRect().top + window.scrollY) : null;
}"""


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a page that navigates on mid-download breaks the pipe: no error


def serve(root: Path) -> tuple[ThreadingHTTPServer, str]:
    server = _QuietServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def measure(site: Path, pages: list[str]) -> list[tuple[str, str, int, int | None]]:
    from playwright.sync_api import sync_playwright

    server, base = serve(site)
    rows = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
            for name, (width, height) in VIEWPORTS.items():
                page = browser.new_page(viewport={"width": width, "height": height})
                for path in pages:
                    if not (site / path).is_file():
                        continue
                    page.goto(base + path, wait_until="load")
                    total = int(page.evaluate("() => document.documentElement.scrollHeight"))
                    rows.append((path, name, total, page.evaluate(FIRST_ACTION_JS)))
                page.close()
            browser.close()
    finally:
        server.shutdown()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--pages", default=",".join(DEFAULT_PAGES))
    args = parser.parse_args()
    rows = measure(args.site.resolve(), [p for p in args.pages.split(",") if p])
    print(f"{'page':45} {'viewport':8} {'height px':>10} {'screens':>8} {'first card px':>14}")
    for path, name, total, first in rows:
        screens = total / VIEWPORTS[name][1]
        print(f"{path:45} {name:8} {total:10,d} {screens:8.1f} {'-' if first is None else f'{first:,d}':>14}")


if __name__ == "__main__":
    sys.exit(main())

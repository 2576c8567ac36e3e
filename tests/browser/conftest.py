"""Shared browser fixtures: headless system Chromium (Playwright) and a local static server.

Other browser test modules (site quality, zelfscan) use the same generic names:
`browser` (one Chromium per session) and `serve_site` (folder -> base URL).
"""

from __future__ import annotations

import functools
import os
import threading
from collections.abc import Callable, Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
# Quiet, offline and reproducible: no updates, no sync, no first-run pages.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


def _require_chromium() -> None:
    """In CI a missing browser is a failure; on a laptop without it, a skip."""
    if CHROMIUM.is_file():
        return
    message = f"Chromium niet gevonden op {CHROMIUM} (installeer het pakket 'chromium')"
    if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless system Chromium for the whole session (never `playwright install`)."""
    _require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a browser that navigates on mid-download breaks the pipe; that is no test failure


@pytest.fixture(scope="session")
def serve_site() -> Iterator[Callable[[Path], str]]:
    """Factory: serve a folder on 127.0.0.1 (free port, own thread); returns the base URL ending in '/'."""
    servers: dict[Path, tuple[ThreadingHTTPServer, str]] = {}

    def serve(root: Path) -> str:
        root = Path(root).resolve()
        if root not in servers:
            handler = functools.partial(_QuietHandler, directory=str(root))
            server = _QuietServer(("127.0.0.1", 0), handler)
            threading.Thread(target=server.serve_forever, daemon=True).start()
            servers[root] = (server, f"http://127.0.0.1:{server.server_address[1]}/")
        return servers[root][1]

    yield serve
    for server, _ in servers.values():
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def base_url(mini_site: Path, serve_site: Callable[[Path], str]) -> str:
    """The mini guide's site, served (a module may serve another site under this name)."""
    return serve_site(mini_site)


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh context per test (no state carried over), offline as the zelfscan and teamscan
    must work (the theme's one outside script is refused at once); a JS error fails the test."""
    context = browser.new_context(accept_downloads=True, viewport={"width": 1280, "height": 900})
    context.route("https://**/*", lambda route: route.abort())
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert not errors, errors


def refuse_network(page: Any) -> list[str]:
    """Abort every http(s) request of `page`; the returned list collects their addresses."""
    network: list[str] = []

    def refuse(route: Any) -> None:
        network.append(route.request.url)
        route.abort()

    page.route("http*://**", refuse)
    return network

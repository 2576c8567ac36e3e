"""`handbook serve` in a real browser: an edit shows up in the open page without the reader
reloading it, and the preview makes no request to another host."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from generator.serve import stop_process
from tests.conftest import ROOT

pytestmark = pytest.mark.browser
TIMEOUT = 90.0


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _up(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=5):
            return True
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


def test_an_edit_reloads_the_open_page(browser: Any, mini_content: Path, tmp_path: Path) -> None:
    port = _free_port()
    log = tmp_path / "serve.log"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "generator.cli", "serve", "--content", str(mini_content), "--port", str(port)]
    with log.open("wb") as output:
        server = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT, cwd=tmp_path, env=env)
    url = f"http://127.0.0.1:{port}/factoren/vertrouwen.html"  # no site_url: served at the root
    try:
        deadline = time.monotonic() + TIMEOUT
        while not _up(url):
            assert server.poll() is None and time.monotonic() < deadline, log.read_text(encoding="utf-8")
            time.sleep(0.2)
        page = browser.new_page()
        hosts: set[str] = set()
        page.on("request", lambda request: hosts.add(request.url.split("/")[2]))
        page.goto(url)
        assert page.locator("h1").inner_text() == "2. Vertrouwen"

        factor = mini_content / "factors" / "vertrouwen.yaml"
        factor.write_text(factor.read_text(encoding="utf-8").replace("name: Vertrouwen", "name: Wederzijds vertrouwen"), encoding="utf-8")

        page.wait_for_function("document.querySelector('h1').innerText === '2. Wederzijds vertrouwen'", timeout=TIMEOUT * 1000)
        assert hosts == {f"127.0.0.1:{port}"}
        page.close()
    finally:
        stop_process(server)

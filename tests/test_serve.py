"""`handbook serve`: a content edit shows up in the served page; bad content keeps the last good one."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from generator.serve import stop_process

TIMEOUT = 60.0
"""Upper bound for each wait; the loops return as soon as the condition holds."""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode("utf-8"))
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def _wait_for(condition: Callable[[], bool], what: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        if condition():
            return
        assert process.poll() is None, f"serve stopped early:\n{log.read_text(encoding='utf-8')}"
        time.sleep(0.2)
    pytest.fail(f"gave up waiting for {what}:\n{log.read_text(encoding='utf-8')}")


@pytest.fixture
def served(mini_content: Path, tmp_path: Path) -> Iterator[tuple[str, subprocess.Popen[bytes], Path]]:
    """`handbook serve` on a copy of the mini content; always terminated afterwards."""
    port = _free_port()
    log = tmp_path / "serve.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "generator.cli", "serve", "--content", str(mini_content), "--port", str(port)],
            stdout=output, stderr=subprocess.STDOUT, cwd=tmp_path,
        )
    base = f"http://127.0.0.1:{port}/"  # the mini guide has no site_url: served from the root
    try:
        yield base, process, log
    finally:
        stop_process(process)
    # the site server went down with it: nothing answers on the port any more
    assert _fetch(base) is None


def test_edit_is_served_and_errors_keep_last_good_version(served: tuple[str, subprocess.Popen[bytes], Path], mini_content: Path) -> None:
    base, process, log = served
    page = base + "factoren/vertrouwen.html"
    _wait_for(lambda: "Vertrouwen" in (_fetch(page) or ""), "the first build", process, log)
    assert "Wederzijds vertrouwen" not in (_fetch(page) or "")

    factor = mini_content / "factors" / "vertrouwen.yaml"
    factor.write_text(factor.read_text(encoding="utf-8").replace("name: Vertrouwen", "name: Wederzijds vertrouwen"), encoding="utf-8")
    _wait_for(lambda: "Wederzijds vertrouwen" in (_fetch(page) or ""), "the edited name", process, log)

    factor.write_text(factor.read_text(encoding="utf-8").replace("number: 2", "number: [2"), encoding="utf-8")
    # the path is shown relative to the working folder (the copy's parent)
    shown = (
        "content/factors/vertrouwen.yaml:3:5: de lijst die op regel 2 met '[' begint, is niet goed afgesloten "
        "of bevat een ':'; verwacht: een ']' aan het eind van de lijst; zet tekst met een dubbele punt tussen aanhalingstekens"
    )
    _wait_for(lambda: shown in log.read_text(encoding="utf-8"), "the error report", process, log)
    assert "De inhoud bevat fouten; het voorbeeld toont de laatste goede versie." in log.read_text(encoding="utf-8")
    assert "Wederzijds vertrouwen" in (_fetch(page) or "")
    assert process.poll() is None


def test_busy_port_is_one_dutch_line_before_any_address(mini_content: Path, tmp_path: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = int(busy.getsockname()[1])
        result = subprocess.run(
            [sys.executable, "-m", "generator.cli", "serve", "--content", str(mini_content), "--port", str(port)],
            capture_output=True, text=True, cwd=tmp_path, env={**os.environ, "TMPDIR": str(tmp_path)}, timeout=TIMEOUT, check=False,
        )
    assert result.returncode == 1
    assert result.stderr == (
        f"Fout: poort {port} op 127.0.0.1 is al in gebruik; stop het andere programma of kies een andere poort met --port\n"
    )
    assert result.stdout == ""
    assert not list(tmp_path.glob("handbook-serve-*"))  # the work folder is removed again


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT])
def test_serve_leaves_no_temporary_folder(mini_content: Path, tmp_path: Path, stop: signal.Signals) -> None:
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    port = _free_port()
    log = tmp_path / "serve.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "generator.cli", "serve", "--content", str(mini_content), "--port", str(port)],
            stdout=output, stderr=subprocess.STDOUT, cwd=tmp_path, env={**os.environ, "TMPDIR": str(scratch)},
        )
    try:
        _wait_for(lambda: _fetch(f"http://127.0.0.1:{port}/") is not None, "the first page", process, log)  # no site_url: the root
        assert list(scratch.iterdir())  # the work folder (with the server's own site inside)
        process.send_signal(stop)
        process.wait(timeout=TIMEOUT)
    finally:
        stop_process(process)
    assert list(scratch.iterdir()) == []


def test_serve_accepts_any_audience_in_the_content(mini_content: Path, tmp_path: Path) -> None:
    """`--edition` is checked against audiences.yaml, not a list in the code."""
    from generator.serve import Preview

    audiences = mini_content / "audiences.yaml"
    audiences.write_text(
        audiences.read_text(encoding="utf-8")
        + "  - id: wijkagenten\n    name: Wijkagenten\n    singular: wijkagent\n    order: 5\n"
        "    description: Agenten in de wijk.\n    intro: Als wijkagent ken je de buurt.\n",
        encoding="utf-8",
    )
    (mini_content / "kern.yaml").unlink()  # it would need a kern for the new audience as well
    lines: list[str] = []
    preview = Preview(mini_content, "wijkagenten", tmp_path / "work", lines.append)
    assert preview.regenerate(), lines
    assert "Wijkagenten" in (tmp_path / "work/src/mkdocs.yml").read_text(encoding="utf-8")


def test_serve_refuses_an_unknown_edition_with_a_suggestion(mini_content: Path) -> None:
    from tests.conftest import run_cli

    result = run_cli("serve", "--content", mini_content, "--edition", "voorzittrs")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        ("Fout: de editie 'voorzittrs' bestaat niet (bedoelde je 'voorzitters'?); kies een van: volledig, voorzitters, "
        "deelnemers, leidinggevenden, bestuurders (de doelgroepen staan in audiences.yaml)")
    ]

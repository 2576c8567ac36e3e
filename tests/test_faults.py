"""A build killed at any moment (SIGKILL, SIGTERM) leaves the previous site as it was, and the
next build succeeds and removes what the killed one left behind."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import MINI, ROOT, run_cli

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="watches the build through /proc")
TIMEOUT = 120.0


def _digest(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _staging(root: Path) -> list[Path]:
    return sorted(root.glob(".site-build-*"))


def _has_children(pid: int) -> bool:
    try:
        return bool(Path(f"/proc/{pid}/task/{pid}/children").read_text().split())
    except OSError:
        return False


# The moments: the worker is warming up while the content loads; the sources are staged;
# the engines are writing sites into the staging folder.
MOMENTS: dict[str, Callable[[Path, int], bool]] = {
    "loading": lambda root, pid: _has_children(pid),
    "staged": lambda root, pid: any((staging / "src").is_dir() for staging in _staging(root)),
    "building": lambda root, pid: any(any((staging / "parts").glob("*")) or (staging / "site").is_dir() for staging in _staging(root)),
}


@pytest.mark.parametrize("moment", sorted(MOMENTS))
@pytest.mark.parametrize("signum", [signal.SIGKILL, signal.SIGTERM], ids=["SIGKILL", "SIGTERM"])
def test_a_killed_build_loses_nothing(moment: str, signum: int, mini_site: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(mini_site, site)
    before = _digest(site)
    content = tmp_path / "content"  # an edit: had the killed build swapped its site in, it would show
    shutil.copytree(MINI, content)
    guide = content / "guide.yaml"
    guide.write_text(guide.read_text(encoding="utf-8").replace("about: Over de testgids.", "about: Over de nieuwe gids."), encoding="utf-8")

    env = {**os.environ, "PYTHONPATH": str(ROOT), "HANDBOOK_CACHE": str(tmp_path / "cache")}
    command = [sys.executable, "-m", "generator.cli", "build", "--content", "content", "--out", "site", "--no-cache"]
    build = subprocess.Popen(command, cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + TIMEOUT
    while not MOMENTS[moment](tmp_path, build.pid):
        assert build.poll() is None, f"the build ended before '{moment}': {build.communicate()}"
        assert time.monotonic() < deadline, f"never reached '{moment}'"
        time.sleep(0.005)
    build.send_signal(signum)
    _, stderr = build.communicate(timeout=TIMEOUT)

    assert _digest(site) == before
    if signum == signal.SIGTERM:  # handled like Ctrl+C: workers stopped, staging removed, one Dutch line
        assert build.returncode == 128 + signal.SIGTERM
        assert stderr.splitlines() == ["Bouwen afgebroken; 'site' is niet veranderd."]
        assert _staging(tmp_path) == []
    # the next build succeeds, and removes what a killed build left behind
    os.chdir(tmp_path)
    try:
        result = run_cli("build", "--content", "content", "--out", "site")
    finally:
        os.chdir(ROOT)
    assert result.exit_code == 0, result.output + result.stderr
    assert "Over de nieuwe gids." in (site / "over.html").read_text(encoding="utf-8")
    assert _staging(tmp_path) == []

"""The YAML in content/ and in the test fixtures passes yamllint with the repository's settings."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml

from tests.conftest import CONTENT, MINI, ROOT

CONFIG = ROOT / ".yamllint.yaml"


def _yamllint(*paths: Path) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "yamllint", "-c", str(CONFIG), "--strict", "-f", "parsable", *map(str, paths)]
    return subprocess.run(command, capture_output=True, text=True, check=False, cwd=ROOT)


def test_content_and_fixtures_pass_yamllint() -> None:
    result = _yamllint(CONTENT, MINI)
    assert result.returncode == 0, result.stdout + result.stderr


def test_yamllint_reports_what_editors_get_wrong(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("terms:\n  - id: a\n    term: A   \n    background: True\n", encoding="utf-8")
    result = _yamllint(bad)
    assert result.returncode == 1
    assert f"{bad}:3:12: [error] trailing spaces (trailing-spaces)" in result.stdout.splitlines()
    assert any(line.startswith(f"{bad}:4:17: [warning] truthy value should be one of") for line in result.stdout.splitlines())


def test_pre_commit_runs_yamllint_and_check() -> None:
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    entries = {hook["id"]: hook["entry"] for repo in config["repos"] for hook in repo["hooks"]}
    assert entries["yamllint"] == "yamllint -c .yamllint.yaml --strict"
    assert entries["handbook-check"] == "handbook check --content content"

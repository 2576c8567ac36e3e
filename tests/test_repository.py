"""The repository stands on its own: nothing outside tests/ and .ci/ points at files beside
the checkout, and the README's links lead to files in the repository (issue 17, item 5)."""

from __future__ import annotations

import re
import subprocess

import pytest

from tests.conftest import ROOT

ALLOWED_OUTSIDE = ("tests/", ".ci/")
"""Tests and CI may know where the study texts lie beside the checkout; nothing else may."""


def _tracked_text_files() -> list[str]:
    try:
        listed = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("not a git checkout: the tracked files are unknown")
    return [name for name in listed.splitlines() if name.endswith((".md", ".py", ".toml", ".yaml", ".yml", ".j2", ".html", ".txt"))]


def test_nothing_outside_tests_and_ci_points_beside_the_checkout() -> None:
    offenders = [
        name for name in _tracked_text_files()
        if not name.startswith(ALLOWED_OUTSIDE) and re.search(r"\.\./shared|shared/(seeds|DESIGN|research)", (ROOT / name).read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_readme_links_resolve_inside_the_repository() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    targets = re.findall(r"\]\(([^)#]+)(?:#[^)]*)?\)", readme)
    assert "docs/architecture.md" in targets
    for target in targets:
        path = (ROOT / target).resolve()
        assert path.is_relative_to(ROOT) and path.exists(), target

"""Shared test helpers: small content trees in tmp_path, the CLI runner, built sites."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from generator.cli import main

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
MINI = FIXTURES / "mini"
CONTENT = ROOT / "content"


@pytest.fixture(autouse=True, scope="session")
def _build_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Builds in tests keep their cache in a temporary folder, never in the checkout."""
    import os

    os.environ["HANDBOOK_CACHE"] = str(tmp_path_factory.mktemp("cache"))


@pytest.fixture
def mini_content(tmp_path: Path) -> Path:
    """A writable copy of the mini fixture content tree."""
    target = tmp_path / "content"
    shutil.copytree(MINI, target)
    return target


@pytest.fixture
def write_files() -> Callable[[Path, dict[str, str]], None]:
    """Write {relative path: text} under a folder (MkDocs' `tempdir` idea)."""

    def write(root: Path, files: dict[str, str]) -> None:
        for relative, text in files.items():
            path = root / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")

    return write


@pytest.fixture
def content(mini_content: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A writable mini content tree, with the working folder beside it (messages name
    'content/...' as an editor sees them)."""
    monkeypatch.chdir(mini_content.parent)
    return mini_content


def edit_once(content: Path, relative: str, old: str, new: str) -> None:
    """Replace `old` by `new` in one content file; `old` must occur exactly once."""
    path = content / relative
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"fixture changed: {old!r} not found once in {relative}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def check_lines(exit_code: int) -> list[str]:
    """Run `handbook check --content content` in the working folder (see the `content`
    fixture), assert its exit code and return the lines it printed on stderr."""
    result = run_cli("check", "--content", "content")
    assert result.exit_code == exit_code, result.stderr
    return result.stderr.splitlines()


def recommendation_block(html: str, rec_id: str) -> str:
    """The built HTML of one recommendation on a page that shows it in full: its heading, the
    gist, and the disclosure (`<details>`) with rationale, note, links, evidence and sources."""
    block = html[html.index(f'id="{rec_id}"'):]
    depth, end = 0, 0
    for tag in re.finditer(r"<(/?)details\b", block):  # the disclosure may hold another one
        depth += -1 if tag.group(1) else 1
        if depth == 0:
            end = block.index(">", tag.end()) + 1
            break
    return block[:end]


def run_cli(*args: str | Path) -> Result:
    """Run `handbook ARGS` in-process; stderr is kept separately."""
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def _built(tmp_path_factory: pytest.TempPathFactory, name: str, content: Path) -> Path:
    out = tmp_path_factory.mktemp(name) / "site"
    result = run_cli("build", "--content", content, "--out", out)
    assert result.exit_code == 0, result.output + result.stderr
    return out


@pytest.fixture(scope="session")
def mini_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The mini content built once per test session (complete guide + four editions)."""
    return _built(tmp_path_factory, "mini", MINI)


@pytest.fixture(scope="session")
def guide_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled guide (content/) built once per test session."""
    return _built(tmp_path_factory, "guide", CONTENT)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden", action="store_true",
        help="Rewrite tests/golden/ from the current templates instead of comparing (then review the diff).",
    )

"""`--out` only ever replaces what handbook made: every other target is refused, untouched.

Each case sets up a target, runs one command, and expects exit 1, the exact Dutch line,
the target unchanged, and an earlier build beside it byte-identical.
"""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import MINI, run_cli

FOREIGN = "bestaat al en is niet door handbook gemaakt (er staat geen .handbook in); kies een nieuwe of lege map, of ruim deze map eerst zelf op"
A_FILE = "is een bestand, geen map; kies een map die nog niet bestaat, zoals 'site'"


def _lines(stderr: str) -> list[str]:
    # the CLI's "Fout: " prefix (issue 15 item 4) is tested in test_failures.py
    return [line.removeprefix("Fout: ") for line in stderr.splitlines()]


def _digest(path: Path) -> dict[str, str]:
    if path.is_file():
        return {path.name: hashlib.sha256(path.read_bytes()).hexdigest()}
    return {
        p.relative_to(path).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(path.rglob("*"))
        if p.is_file()
    }


def _documents(root: Path) -> Path:
    folder = root / "documenten"
    folder.mkdir()
    (folder / "brief.txt").write_text("Belangrijk.\n", encoding="utf-8")
    return folder


def _a_file(root: Path) -> Path:
    path = root / "verslag.txt"
    path.write_text("Niet weggooien.\n", encoding="utf-8")
    return path


def _content_cases(root: Path) -> Path:
    return root / "content" / "cases"


def _the_content(root: Path) -> Path:
    return root / "content"


def _other_content(root: Path) -> Path:
    other = root / "andere-gids"
    shutil.copytree(MINI, other)
    return other


@dataclass(frozen=True)
class Case:
    command: tuple[str, ...]
    target: Callable[[Path], Path]
    message: str
    """The expected line; {out} is the target as given on the command line (relative)."""


CASES: dict[str, Case] = {
    "build-into-documents": Case(("build", "--content", "content"), _documents, "--out '{out}' " + FOREIGN),
    "build-into-a-file": Case(("build", "--content", "content"), _a_file, "--out '{out}' " + A_FILE),
    "build-into-content-cases": Case(("build", "--content", "content"), _content_cases, "--out '{out}' " + FOREIGN),
    "checklists-into-documents": Case(("checklists", "--content", "content"), _documents, "--out '{out}' " + FOREIGN),
    "checklists-into-a-file": Case(("checklists", "--content", "content"), _a_file, "--out '{out}' " + A_FILE),
    "render-into-documents": Case(("render", "--content", "content"), _documents, "--out '{out}' " + FOREIGN),
    "schema-into-documents": Case(("schema",), _documents, "--out '{out}' " + FOREIGN),
    "schema-into-the-content": Case(
        ("schema",), _the_content, "--out '{out}' zou de inhoudsmap ('{root}/content') overschrijven; kies een eigen map zoals 'site'"
    ),
    "schema-into-other-content": Case(
        ("schema",), _other_content,
        "--out '{out}' is een inhoudsmap; schrijf de schema's in een eigen map, zoals 'content/schemas'",
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_foreign_target_is_refused_and_nothing_changes(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, mini_site: Path
) -> None:
    case = CASES[name]
    shutil.copytree(MINI, tmp_path / "content")
    monkeypatch.chdir(tmp_path)
    target = case.target(tmp_path)
    out = target.relative_to(tmp_path).as_posix()
    target_before, earlier_before = _digest(target), _digest(mini_site)

    result = run_cli(*case.command, "--out", out)

    assert result.exit_code == 1
    assert _lines(result.stderr) == [case.message.format(out=out, root=tmp_path.resolve())]
    assert _digest(target) == target_before
    assert _digest(mini_site) == earlier_before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no staging, no cache


def test_a_parent_of_the_home_folder_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "mensen" / "ik"
    home.mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    result = run_cli("build", "--content", MINI, "--out", tmp_path / "mensen")
    assert result.exit_code == 1
    assert _lines(result.stderr) == [
        f"--out '{tmp_path / 'mensen'}' bevat je thuismap ('{home.resolve()}'); kies een eigen map zoals 'site'"
    ]
    assert home.is_dir()


def test_a_cache_inside_out_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HANDBOOK_CACHE", str(tmp_path / "site" / "cache"))
    result = run_cli("build", "--content", MINI, "--out", tmp_path / "site")
    assert result.exit_code == 1
    assert _lines(result.stderr) == [
        (f"de bouwcache '{tmp_path / 'site' / 'cache'}' ligt in --out '{tmp_path / 'site'}'; "
        "kies met HANDBOOK_CACHE een map buiten de site")
    ]
    assert not (tmp_path / "site").exists()


def test_a_previous_build_and_an_empty_folder_are_accepted(mini_site: Path, tmp_path: Path) -> None:
    again = tmp_path / "site"
    shutil.copytree(mini_site, again)
    (again / "oud.html").write_text("van de vorige keer", encoding="utf-8")
    assert run_cli("build", "--content", MINI, "--out", again).exit_code == 0
    assert not (again / "oud.html").exists()  # a previous build is replaced as a whole
    empty = tmp_path / "leeg"
    empty.mkdir()
    assert run_cli("build", "--content", MINI, "--out", empty).exit_code == 0
    assert (empty / ".handbook").is_file()

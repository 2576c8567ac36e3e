"""Every failure is a sentence: one Dutch line naming the path and what to do, exit 1, no
traceback; `handbook --debug` shows the traceback; a bug always shows it."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from generator import pipeline
from tests.conftest import run_cli


@pytest.fixture
def content(mini_content: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(mini_content.parent)
    return mini_content


ENVIRONMENT = {
    errno.ENOSPC: "Fout: de schijf is vol bij het schrijven van '{path}'; maak ruimte vrij en probeer het opnieuw.",
    errno.EROFS: "Fout: de map '{path}' staat op een schijf waarop niet geschreven mag worden; kies een andere map met --out.",
    errno.EACCES: "Fout: je hebt geen toestemming voor '{path}'; pas de rechten aan of kies een andere map.",
}


@pytest.mark.parametrize("code", sorted(ENVIRONMENT))
def test_machine_failures_during_a_build_are_one_line(content: Path, monkeypatch: pytest.MonkeyPatch, code: int) -> None:
    """Disk full, a read-only disk and a missing permission cannot be made for real in a
    test run as root; the failure is raised where the build writes its output."""
    path = str(content.parent / "site" / "index.html")

    def fail(*args: object, **kwargs: object) -> None:
        raise OSError(code, os.strerror(code), path)

    monkeypatch.setattr(pipeline, "build_all", fail)
    result = run_cli("build", "--content", "content", "--out", "site")
    assert result.exit_code == 1
    assert result.stderr == ENVIRONMENT[code].format(path=path) + "\n"
    assert result.stdout == ""


@pytest.mark.parametrize(
    ("command", "line"),
    [
        (["build", "--out", "gewoon/site"], "Fout: '{cwd}/gewoon' bestaat al en is geen map die gebruikt kan worden; kies een ander pad."),
        (["checklists", "--out", "gewoon/x"], "Fout: een deel van 'gewoon/x' is een bestand en geen map; kies een ander pad."),
        (["schema", "--out", "gewoon/s"], "Fout: een deel van 'gewoon/s' is een bestand en geen map; kies een ander pad."),
    ],
)
def test_an_output_folder_inside_a_file(content: Path, command: list[str], line: str) -> None:
    (content.parent / "gewoon").write_text("een gewoon bestand\n", encoding="utf-8")
    args = command if command[0] == "schema" else [command[0], "--content", "content", *command[1:]]
    result = run_cli(*args)
    assert result.exit_code == 1
    assert result.stderr == line.format(cwd=content.parent.resolve()) + "\n"
    assert (content.parent / "gewoon").read_text(encoding="utf-8") == "een gewoon bestand\n"


def test_debug_shows_the_traceback(content: Path) -> None:
    (content.parent / "gewoon").write_text("x\n", encoding="utf-8")
    with pytest.raises(NotADirectoryError):
        run_cli("--debug", "schema", "--out", "gewoon/s")


def test_a_bug_shows_its_traceback(content: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def bug(content_dir: Path) -> list[object]:
        raise ValueError("een fout in het programma")

    monkeypatch.setattr(pipeline, "check_content", bug)
    with pytest.raises(ValueError, match="een fout in het programma"):
        run_cli("check", "--content", "content")


def test_interrupt_is_afgebroken(content: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(content_dir: Path) -> list[object]:
        raise KeyboardInterrupt

    monkeypatch.setattr(pipeline, "check_content", interrupted)
    result = run_cli("check", "--content", "content")
    assert result.exit_code == 1
    # (click ends the line of the terminal's '^C' first)
    assert [line for line in result.stderr.splitlines() if line] == ["Afgebroken."]


def test_refused_request_is_one_line(content: Path) -> None:
    result = run_cli("checklists", "--content", "content", "--audience", "niemand", "--out", "uit")
    assert result.exit_code == 1
    assert result.stderr.startswith("Fout: onbekende doelgroep 'niemand'; ")
    assert len(result.stderr.splitlines()) == 1

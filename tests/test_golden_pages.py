"""Render: one golden file per page kind of a tiny guide, compared byte for byte.

The generated Markdown (and each edition's mkdocs.yml) of the mini fixture is compared
with the committed files in tests/golden/. After an intended change to a template or to
the render stage, regenerate them and review the diff like any other change:

    pytest tests/test_golden_pages.py --update-golden && git diff tests/golden
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

import pytest

from generator.editions import select_edition
from generator.pipeline import load_valid
from generator.render import render_edition
from tests.conftest import MINI

GOLDEN = Path(__file__).resolve().parent / "golden"
EDITIONS = ("volledig", "voorzitters")


def page_kind(path: str) -> str:
    """Pages of one kind share a folder (`factoren/x.md`) or are one of a kind (`over.md`)."""
    pure = PurePosixPath(path)
    if pure.parent == PurePosixPath(".") or pure.name == "index.md":
        return path
    return f"{pure.parent}/*"


def golden_files(edition_id: str) -> dict[str, str]:
    """The first page (by path) of each page kind, plus mkdocs.yml, of one mini edition."""
    loaded, _ = load_valid(MINI)
    assert loaded.knowledge is not None
    files = render_edition(select_edition(loaded.knowledge, edition_id)).files
    chosen: dict[str, str] = {}
    for path in sorted(name for name in files if name.startswith("docs/") and name.endswith(".md")):
        chosen.setdefault(page_kind(path.removeprefix("docs/")), path)
    return {path: files[path] for path in ["mkdocs.yml", *chosen.values()]}


@pytest.mark.parametrize("edition_id", EDITIONS)
def test_every_page_kind_renders_as_its_golden_file(edition_id: str, request: pytest.FixtureRequest) -> None:
    files = golden_files(edition_id)
    folder = GOLDEN / edition_id
    if request.config.getoption("--update-golden"):
        for old in folder.rglob("*"):
            if old.is_file():
                old.unlink()
        for path, text in files.items():
            (folder / path).parent.mkdir(parents=True, exist_ok=True)
            (folder / path).write_text(text, encoding="utf-8")
    committed = {str(p.relative_to(folder)): p.read_text(encoding="utf-8") for p in folder.rglob("*") if p.is_file()}
    assert sorted(committed) == sorted(files), "page kinds added or removed: regenerate with --update-golden"
    for path, text in files.items():
        assert text == committed[path], f"{edition_id}/{path} differs from tests/golden: regenerate with --update-golden and review"


def test_page_kinds_are_grouped_by_folder() -> None:
    assert page_kind("factoren/vertrouwen.md") == "factoren/*"
    assert page_kind("factoren/index.md") == "factoren/index.md"
    assert page_kind("over.md") == "over.md"

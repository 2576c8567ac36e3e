"""Every pattern over content text is linear: 2 MB adversarial lines run through.

The quadratic patterns this replaces (`\\{[^}\\n]*=`, `^\\s*\\[` over blank lines) took
hours on these inputs; now each runs in a fraction of a second. Nothing here asserts a
time (CI machines vary): a regression shows as a test that does not finish.
`python bench/linear.py` prints the figures at 0.5, 1 and 2 MB (twice the text, twice the time).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import markdown, validate, yaml_reader
from generator.load import MAX_FILE_BYTES
from generator.markdown import markup_problems
from generator.yaml_reader import read_yaml
from tests.conftest import run_cli

SIZE = 2_000_000

PATTERNS = {
    "attribute list": markdown._ATTRIBUTE_LIST,
    "link scheme": markdown._LINK_SCHEME,
    "tag": markdown._TAG_LIKE,
    "image": markdown._IMAGE,
    "odd character": validate._ODD_CHARACTER,
    "anchor": yaml_reader._ANCHOR,
}

ADVERSARIAL: dict[str, tuple[str, set[str]]] = {
    # text, the patterns that find something in it
    "braces": ("{" * SIZE, set()),
    "braces then '='": ("{" * SIZE + "=", {"attribute list"}),
    "brace, whitespace, ':'": ("{" + " " * SIZE + ":", {"attribute list"}),
    "blank lines": (" \n" * (SIZE // 2), set()),
    "blank lines then a reference": ("\n" * (SIZE - 40) + "[a]: javascript:x", {"link scheme"}),
    "open labels": ("\n[" * (SIZE // 2), set()),
    "spaces after '](' ": ("](" + " " * SIZE, set()),
    "spaces, quote and scheme after '](' ": ("](" + " " * SIZE + "<" + " " * SIZE + "'javascript:", {"link scheme"}),
    "autolink starts": ("<http:" * (SIZE // 6), {"tag"}),
    "brackets": ("[" * SIZE, set()),
    "ampersands": (" &" * (SIZE // 2), set()),
}


@pytest.mark.parametrize("name", sorted(ADVERSARIAL))
def test_every_pattern_runs_through_2_mb(name: str) -> None:
    text, expected = ADVERSARIAL[name]
    assert {label for label, pattern in PATTERNS.items() if pattern.search(text)} == expected


def test_markdown_check_reports_at_the_right_line() -> None:
    text = "\n" * 100_000 + "{" * 100_000 + "="
    assert markup_problems(text) == [(100_000, "attributen tussen accolades ('{: ... }') zijn niet toegestaan")]


def test_deep_yaml_is_refused_at_its_line() -> None:
    text = "clusters:\n  - id: a\n    name: " + "[" * (SIZE // 2) + "\n"
    document, problems = read_yaml(text, "clusters.yaml")
    assert document is None
    assert [str(p) for p in problems] == [
        (
            "clusters.yaml:3:72: de gegevens zijn hier meer dan 64 niveaus diep genest; verwacht: minder diep "
            "geneste lijsten en gegevens; kijk of er haakjes '[' of '{' niet gesloten worden"
        )
    ]


@pytest.mark.slow  # the Markdown parser itself takes ~10 s over 1.9 MB (linear; see bench/linear.py)
def test_a_case_with_a_long_line_of_braces(mini_content: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The report's case: a 1.9 MB line of '{' in a case's story (it ran for hours)."""
    monkeypatch.chdir(mini_content.parent)
    case = mini_content / "cases" / "oostplein.md"
    case.write_text(case.read_text(encoding="utf-8") + "\n" + "{" * (MAX_FILE_BYTES - 100_000) + "=\n", encoding="utf-8")
    result = run_cli("check", "--content", "content")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        (
            "content/cases/oostplein.md:24:1: in 'body': attributen tussen accolades ('{: ... }') zijn niet toegestaan; "
            "verwacht: Markdown zonder HTML; links alleen naar http(s), mailto of binnen de gids"
        ),
        "1 fout, 0 waarschuwingen.",
    ]

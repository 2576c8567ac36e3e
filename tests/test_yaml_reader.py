"""The YAML reader: libyaml's fast path and the careful Python path agree, positions included."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from generator import yaml_reader
from generator.yaml_reader import read_yaml
from tests.conftest import CONTENT

YAML_FILES = sorted(CONTENT.rglob("*.yaml"))


def _read(text: str) -> tuple[object, dict[str, str]]:
    document, problems = read_yaml(text, "x.yaml")
    assert document is not None and not problems, problems
    spans = {repr(path): str(document.source_map.span(path)) for path in document.source_map.positions}
    return document.value, spans


@pytest.mark.skipif(not yaml.__with_libyaml__, reason="PyYAML zonder libyaml: er is maar één pad")
@pytest.mark.parametrize("path", YAML_FILES, ids=lambda p: p.relative_to(CONTENT).as_posix())
def test_fast_and_careful_path_read_the_same(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = path.read_text(encoding="utf-8")
    fast = _read(text)
    monkeypatch.setattr(yaml, "__with_libyaml__", False)
    careful = _read(text)
    assert fast == careful


def test_an_ampersand_in_prose_is_text() -> None:
    text = "title: Politie &amp; gemeente\nnote: P&O en zorg & veiligheid\n"
    value, spans = _read(text)
    assert value == {"title": "Politie &amp; gemeente", "note": "P&O en zorg & veiligheid"}
    assert spans["('note',)"] == "x.yaml:2:7"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a: &basis\n  b: 1\n", "x.yaml:1:4: YAML-syntaxfout: ankers met '&' (YAML-aliassen) zijn niet toegestaan"),
        ("- [&a x, y]\n", "x.yaml:1:4: YAML-syntaxfout: ankers met '&' (YAML-aliassen) zijn niet toegestaan"),
        ("a: *basis\n", "x.yaml:1:4: YAML-syntaxfout: verwijzingen met '*' (YAML-aliassen) zijn niet toegestaan"),
    ],
)
def test_anchors_and_aliases_are_refused_where_they_stand(text: str, message: str) -> None:
    document, problems = read_yaml(text, "x.yaml")
    assert document is None
    assert [str(p).split("; verwacht")[0] for p in problems] == [message]


def test_a_duplicate_key_names_both_lines() -> None:
    document, problems = read_yaml("a: 1\nb: 2\na: 3\n", "x.yaml")
    assert document is not None
    assert [str(p) for p in problems] == [
        "x.yaml:3:1: de sleutel 'a' staat twee keer in dezelfde lijst van gegevens (eerder op regel 1); verwacht: elke sleutel één keer"
    ]


def test_the_anchor_pattern_sends_only_possible_anchors_the_careful_way() -> None:
    assert yaml_reader._ANCHOR.search("a: &x 1")
    assert yaml_reader._ANCHOR.search("- [&x 1]")
    assert not yaml_reader._ANCHOR.search("a: P&O\nb: '&'\n")

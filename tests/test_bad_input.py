"""Bad content never gets a traceback or a changed site: exit 1 and a FILE:LINE:COL message.

Each folder in tests/fixtures/bad/ holds files that replace or extend the mini
content tree; the table below says what `handbook check` must print for it.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, MINI, run_cli

BAD = FIXTURES / "bad"

EXPECTED: dict[str, str] = {
    "yaml-syntax": "content/roles.yaml:4:10: YAML-syntaxfout: expected ',' or ']', but got ':' (while parsing a flow sequence); verwacht: geldige YAML",
    "tabs": "content/clusters.yaml:4:1: een tab-teken; YAML staat alleen spaties toe voor inspringen; verwacht: spaties in plaats van tabs",
    "duplicate-key": "content/clusters.yaml:5:5: de sleutel 'name' staat twee keer in dezelfde lijst van gegevens (eerder op regel 3); verwacht: elke sleutel één keer",
    "wrong-type": "content/clusters.yaml:4:12: 'order' moet een geheel getal zijn, maar is 'eerste'; verwacht: een geheel getal",
    "unknown-key": "content/clusters.yaml:5:5: onbekend veld 'descripton'; verwacht: een van de velden: id, name, description, order (bedoelde je 'description'?)",
    "missing-field": "content/clusters.yaml:2:5: het veld 'name' ontbreekt; verwacht: een waarde voor 'name'",
    "duplicate-id": "content/glossary.yaml:6:9: de id 'casusoverleg' komt twee keer voor bij begrip; verwacht: een unieke id (eerder gebruikt in content/glossary.yaml:2:9)",
    "unresolved-reference": "content/glossary.yaml:5:24: de bron 'scriptei' bestaat niet; verwacht: een bestaande bron-id (boek, scriptie) (bedoelde je 'scriptie'?)",
    "invalid-id": "content/glossary.yaml:2:9: 'Casus Overleg' is geen geldige id; verwacht: kleine letters, cijfers en koppeltekens, beginnend met een letter of cijfer (bijv. 'gedeelde-opgave')",
    "non-utf8": "content/clusters.yaml:3:20: ongeldige tekens: byte 0xe9 is geen UTF-8; verwacht: een bestand in UTF-8-codering",
    "bom": "content/clusters.yaml:1:1: het bestand begint met een byte-order mark (BOM); verwacht: UTF-8 zonder BOM; sla het op als 'UTF-8' in plaats van 'UTF-8 met BOM'",
    "empty-file": "content/clusters.yaml:1:1: het bestand is leeg; verwacht: inhoud volgens het schema",
    "unknown-file": "content/factoren.yaml:1:1: het bestand 'factoren.yaml' past bij geen enkele soort inhoud; verwacht: een van: guide.yaml, audiences.yaml, sources.yaml, clusters.yaml, factors/*.yaml, roles.yaml, competencies.yaml, strategies.yaml, phases.yaml, recommendations/*.yaml, cases/*.md, glossary.yaml, zelfscan.yaml, kern.yaml, versions.yaml (bedoelde je 'factors/*.yaml'?)",
    "front-matter-missing": "content/cases/oostplein.md:1:1: de kopgegevens ontbreken: de eerste regel moet '---' zijn; verwacht: '---', YAML-kopgegevens, '---', dan het verhaal",
    "front-matter-unclosed": "content/cases/oostplein.md:1:1: de kopgegevens worden niet afgesloten met een regel '---'; verwacht: een tweede regel met alleen '---'",
    "front-matter-invalid": "content/cases/oostplein.md:5:21: YAML-syntaxfout: mapping values are not allowed here; verwacht: geldige YAML",
    "alias-bomb": "content/clusters.yaml:1:4: YAML-syntaxfout: ankers met '&' (YAML-aliassen) zijn niet toegestaan; verwacht: geldige YAML",
    "raw-html": "content/clusters.yaml:5:18: in 'description': HTML-code '<script>' is niet toegestaan; verwacht: Markdown zonder HTML; links alleen naar http(s), mailto of binnen de gids",
    "event-handler": "content/clusters.yaml:5:18: in 'description': HTML-code '<img src=x onerror=alert(1)>' is niet toegestaan; verwacht: Markdown zonder HTML; links alleen naar http(s), mailto of binnen de gids",
    "javascript-link": "content/clusters.yaml:5:18: in 'description': de link 'javascript:alert(1)' is niet toegestaan; verwacht: Markdown zonder HTML; links alleen naar http(s), mailto of binnen de gids",
    "attribute-list": "content/clusters.yaml:5:18: in 'description': attributen tussen accolades ('{: ... }') zijn niet toegestaan; verwacht: Markdown zonder HTML; links alleen naar http(s), mailto of binnen de gids",
}


def _digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def previous_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("previous") / "site"
    assert run_cli("build", "--content", MINI, "--out", out).exit_code == 0
    return out


def test_every_fixture_has_an_expectation() -> None:
    assert sorted(p.name for p in BAD.iterdir() if p.is_dir()) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_bad_input_is_reported_and_loses_nothing(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, previous_site: Path
) -> None:
    content = tmp_path / "content"
    shutil.copytree(MINI, content)
    shutil.copytree(BAD / name, content, dirs_exist_ok=True)
    monkeypatch.chdir(tmp_path)
    before = _digest(previous_site)

    checked = run_cli("check", "--content", "content")
    built = run_cli("build", "--content", "content", "--out", previous_site)

    assert checked.exit_code == 1
    assert EXPECTED[name] in checked.stderr.splitlines()
    assert "Traceback" not in checked.output + checked.stderr
    assert built.exit_code == 1
    assert EXPECTED[name] in built.stderr.splitlines()
    assert _digest(previous_site) == before


def test_very_large_file_is_refused(mini_content: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(mini_content.parent)
    big = "terms:\n" + "".join(
        f"  - id: t{i}\n    term: T{i}\n    definition: {'x' * 80}\n    background: true\n" for i in range(25_000)
    )
    (mini_content / "glossary.yaml").write_text(big, encoding="utf-8")
    result = run_cli("check", "--content", "content")
    assert result.exit_code == 1
    line = result.stderr.splitlines()[0]
    assert line.startswith("content/glossary.yaml:1:1: het bestand is te groot (")
    assert line.endswith("bytes); verwacht: hoogstens 2000000 bytes; splits het op")

"""Bad content never gets a traceback or a changed site: exit 1 and a FILE:LINE:COL message.

Each folder in tests/fixtures/bad/ holds files that replace or extend the mini
content tree; the table below says what `handbook check` must print for it.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, MINI, run_cli

BAD = FIXTURES / "bad"

EXPECTED: dict[str, str] = {
    "yaml-syntax": "content/roles.yaml:4:10: de lijst die op regel 3 met '[' begint, is niet goed afgesloten of bevat een ':'; verwacht: een ']' aan het eind van de lijst; zet tekst met een dubbele punt tussen aanhalingstekens",
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
    "front-matter-invalid": 'content/cases/oostplein.md:5:21: een dubbele punt met een spatie erna (\': \') in een tekst zonder aanhalingstekens; verwacht: de tekst tussen aanhalingstekens, bijv. samenvatting: "Vraag: wie doet wat?"',
    "alias-bomb": "content/clusters.yaml:1:4: YAML-syntaxfout: ankers met '&' (YAML-aliassen) zijn niet toegestaan; verwacht: geldige YAML",
    "raw-html": "content/clusters.yaml:5:18: in 'description': HTML-code '<script>' is niet toegestaan; verwacht: Markdown zonder HTML; links alleen naar http(s), mailto of binnen de gids",
    "event-handler": "content/clusters.yaml:5:18: in 'description': HTML-code '<img src=x onerror=alert(1)>' is niet toegestaan; verwacht: Markdown zonder HTML; links alleen naar http(s), mailto of binnen de gids",
    "javascript-link": "content/clusters.yaml:5:18: in 'description': de link 'javascript:alert(1)' is niet toegestaan; verwacht: Markdown zonder HTML; links alleen naar http(s), mailto of binnen de gids",
    "attribute-list": "content/clusters.yaml:5:18: in 'description': attributen tussen accolades ('{: ... }') zijn niet toegestaan; verwacht: Markdown zonder HTML; links alleen naar http(s), mailto of binnen de gids",
    "attribute-bare-word": "content/clusters.yaml:3:11: in 'name': attributen tussen accolades ('{: ... }') zijn niet toegestaan; verwacht: Markdown zonder HTML; links alleen naar http(s), mailto of binnen de gids",
    "yaml-indentation": "content/clusters.yaml:4:4: de regel springt niet even ver in als regel 3 erboven ('name: Richting'); verwacht: evenveel spaties aan het begin als de andere regels van hetzelfde niveau",
    "yaml-unclosed-quote": 'content/clusters.yaml:3:11: het aanhalingsteken " wordt nergens gesloten; verwacht: een tweede " aan het eind van de tekst',
    "yaml-missing-colon": "content/clusters.yaml:3:5: na 'name Richting' ontbreekt een dubbele punt; verwacht: sleutel: waarde, met een spatie na de dubbele punt",
    "yaml-colon-in-text": 'content/clusters.yaml:5:23: een dubbele punt met een spatie erna (\': \') in een tekst zonder aanhalingstekens; verwacht: de tekst tussen aanhalingstekens, bijv. samenvatting: "Vraag: wie doet wat?"',
    "too-deep": "content/clusters.yaml:5:79: de gegevens zijn hier meer dan 64 niveaus diep genest; verwacht: minder diep geneste lijsten en gegevens; kijk of er haakjes '[' of '{' niet gesloten worden",
    "placeholder": "content/clusters.yaml:3:11: 'name' bevat nog 'VUL IN' uit het skelet; verwacht: je eigen tekst in plaats van de aanwijzing; een onaf onderdeel wordt niet gepubliceerd",
    "editor-leftovers": "content/clusters.yaml:3:11: 'name' bevat nog 'VUL IN' uit het skelet; verwacht: je eigen tekst in plaats van de aanwijzing; een onaf onderdeel wordt niet gepubliceerd",
    "javascript-site-url": "content/guide.yaml:5:11: 'site_url' moet beginnen met http:// of https://, maar is 'javascript://x.nl/%0aalert(document.domain)'; verwacht: een volledig adres zoals 'https://example.org/praktijkgids/'",
    "attribute-breakout-url": 'content/guide.yaml:5:11: \'site_url\' mag geen spaties, aanhalingstekens of tekens als < > { } bevatten, maar is \'https://x.nl/" onmouseover="alert(1)\'; verwacht: een volledig adres zoals \'https://example.org/praktijkgids/\'',
    "bidi-title": "content/clusters.yaml:3:11: in 'name': een teken dat de leesrichting omkeert U+202E (RIGHT-TO-LEFT OVERRIDE); verwacht: tekst zonder tekens voor de leesrichting; haal het teken weg",
    "zero-width-title": "content/clusters.yaml:3:11: in 'name': een onzichtbaar teken U+200B (ZERO WIDTH SPACE); verwacht: zichtbare tekens; haal het teken weg (het komt vaak mee bij kopiëren en plakken)",
    "control-character": "content/clusters.yaml:3:11: in 'name': een stuurteken U+0007; verwacht: gewone tekst; haal het teken weg",
    "entity-tag": "content/clusters.yaml:3:11: in 'name': '</title><script>' lijkt op HTML-code (geschreven met '&'-codes); dat is niet toegestaan; verwacht: Markdown zonder HTML; links alleen naar http(s), mailto of binnen de gids",
    "story-markup": "content/cases/oostplein.md:24:1: in 'body': de link 'javascript:alert(1)' is niet toegestaan; verwacht: Markdown zonder HTML; links alleen naar http(s), mailto of binnen de gids",
    "dangling-link": "content/cases/kapot.md:1:1: 'kapot.md' is een koppeling (symlink) naar 'ontbreekt.md', dat niet bestaat; verwacht: een gewoon bestand, of een koppeling naar een bestaand bestand in de inhoudsmap",
}

ONLY_LINE = {"editor-leftovers"}
"""Fixtures whose report holds nothing else: the editors' lock and backup files beside
the mistake are skipped without a message."""


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
    shutil.copytree(BAD / name, content, dirs_exist_ok=True, symlinks=True)
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
    if name in ONLY_LINE:
        assert checked.stderr.splitlines() == [EXPECTED[name], "1 fout, 0 waarschuwingen."]


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


def _fifo(content: Path) -> None:
    os.mkfifo(content / "cases" / "pijp.md")


def _folder_named_like_a_file(content: Path) -> None:
    (content / "cases" / "map.md").mkdir()


def _link_to_a_device(content: Path) -> None:
    (content / "factors" / "nul.yaml").symlink_to("/dev/zero")


def _link_out_of_content(content: Path) -> None:
    outside = content.parent / "elders.md"
    shutil.copy(content / "cases" / "oostplein.md", outside)
    (content / "cases" / "oostplein.md").unlink()
    (content / "cases" / "oostplein.md").symlink_to(outside)


FILE_STATES = {
    "fifo": (_fifo, "content/cases/pijp.md:1:1: 'pijp.md' is geen gewoon bestand maar een named pipe (FIFO); verwacht: een gewoon tekstbestand"),
    "folder-named-like-a-file": (_folder_named_like_a_file, "content/cases/map.md:1:1: 'map.md' is een map, geen bestand; verwacht: een bestand met deze naam; hernoem de map"),
    "link-to-a-device": (_link_to_a_device, "content/factors/nul.yaml:1:1: 'nul.yaml' verwijst naar '/dev/zero', buiten de inhoudsmap; verwacht: een gewoon bestand in de inhoudsmap; kopieer het bestand in plaats van ernaar te verwijzen"),
    "link-out-of-content": (_link_out_of_content, "content/cases/oostplein.md:1:1: 'oostplein.md' verwijst naar '{outside}', buiten de inhoudsmap; verwacht: een gewoon bestand in de inhoudsmap; kopieer het bestand in plaats van ernaar te verwijzen"),
}


@pytest.mark.parametrize("name", sorted(FILE_STATES))
def test_odd_files_are_reported_without_reading_them(name: str, tmp_path: Path, previous_site: Path) -> None:
    """Made here, not in fixtures/: git keeps no FIFOs or empty folders. Run as a process with
    a time limit, so that a FIFO that is opened after all fails the test instead of hanging it."""
    content = tmp_path / "content"
    shutil.copytree(MINI, content)
    make, expected = FILE_STATES[name]
    make(content)
    before = _digest(previous_site)
    line = expected.format(outside=(tmp_path / "elders.md").resolve())

    for command in (["check"], ["build", "--out", str(previous_site)]):
        result = subprocess.run(
            [sys.executable, "-m", "generator.cli", *command, "--content", "content"],
            capture_output=True, text=True, cwd=tmp_path, timeout=120, check=False,
        )
        assert result.returncode == 1
        assert result.stderr.splitlines() == [line, "1 fout, 0 waarschuwingen."]
    assert _digest(previous_site) == before

"""`handbook new KIND ID`: skeletons that pass `handbook check` and leave existing text alone."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.load import load_content
from tests.conftest import run_cli


@pytest.fixture
def content(mini_content: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(mini_content.parent)
    return mini_content


def _new(*args: str) -> str:
    result = run_cli("new", *args, "--content", "content")
    assert result.exit_code == 0, result.output + result.stderr
    return result.output


def _refused(*args: str) -> str:
    result = run_cli("new", *args, "--content", "content")
    assert result.exit_code == 1
    return result.stderr


def test_every_kind_passes_check_and_is_loaded(content: Path) -> None:
    assert _new("case", "nieuwplein") == (
        "'content/cases/nieuwplein.md' gemaakt. Vervang de teksten met 'VUL IN' en controleer met: handbook check\n"
    )
    _new("factor", "nieuwe-factor")
    _new("recommendation", "nieuwe-aanbeveling")
    _new("term", "nieuw-begrip")

    result = run_cli("check", "--content", "content")

    # the skeletons are complete but for the placeholders: those are errors, so an
    # unfinished item cannot be published, and nothing else is wrong
    errors = [line for line in result.stderr.splitlines()[:-1] if ": waarschuwing: " not in line]
    assert result.exit_code == 1
    assert errors and all("bevat nog 'VUL IN' uit het skelet" in line for line in errors), result.stderr
    knowledge = load_content(content).knowledge
    assert knowledge is not None
    assert "nieuwplein" in [case.id for case in knowledge.cases]
    assert [f.number for f in knowledge.factors if f.id == "nieuwe-factor"] == [3]
    assert "nieuwe-aanbeveling" in [rec.id for rec in knowledge.recommendations]
    assert "nieuw-begrip" in [term.id for term in knowledge.glossary]


def test_skeleton_starts_with_schema_line_and_explains_fields(content: Path) -> None:
    _new("case", "nieuwplein")
    text = (content / "cases" / "nieuwplein.md").read_text(encoding="utf-8")
    assert text.startswith("---\n# yaml-language-server: $schema=../schemas/case.schema.json\n")
    assert "# factors: de succesfactoren die speelden, minstens één." in text
    # the required reference is an existing id, announced as an example
    assert "  - factor: gedeelde-opgave\n" in text


def test_placeholders_are_errors_until_replaced(content: Path, tmp_path: Path) -> None:
    _new("term", "nieuw-begrip")
    checked = run_cli("check", "--content", "content")
    built = run_cli("build", "--content", "content", "--out", tmp_path / "site")
    line = (
        "content/glossary.yaml:15:11: 'term' bevat nog 'VUL IN' uit het skelet; "
        "verwacht: je eigen tekst in plaats van de aanwijzing; een onaf onderdeel wordt niet gepubliceerd"
    )
    assert checked.exit_code == 1 and line in checked.stderr.splitlines()
    assert built.exit_code == 1 and line in built.stderr.splitlines()
    assert not (tmp_path / "site").exists()
    glossary = content / "glossary.yaml"
    glossary.write_text(
        glossary.read_text(encoding="utf-8").replace("VUL IN: begrip", "Nieuw begrip")
        .replace("VUL IN: uitleg.", "Een uitleg.").replace("VUL IN: paragraaf en pagina", "§2.2"),
        encoding="utf-8",
    )
    result = run_cli("check", "--content", "content")
    assert result.exit_code == 0
    assert result.stderr == ""


def test_recommendation_appends_to_named_file_and_cites_that_source(content: Path) -> None:
    recommendations = content / "recommendations" / "boek.yaml"
    before = recommendations.read_text(encoding="utf-8")

    assert _new("recommendation", "nieuwe-aanbeveling", "--file", "scriptie").startswith(
        "'content/recommendations/scriptie.yaml' gemaakt."
    )
    assert _new("recommendation", "tweede-aanbeveling", "--file", "boek").startswith(
        "'content/recommendations/boek.yaml' aangevuld."
    )

    after = recommendations.read_text(encoding="utf-8")
    assert after.startswith(before)
    assert "  - id: tweede-aanbeveling\n" in after
    created = (content / "recommendations" / "scriptie.yaml").read_text(encoding="utf-8")
    assert created.startswith("# yaml-language-server: $schema=../schemas/recommendations.schema.json\n")
    assert "      - source: scriptie\n" in created
    checked = run_cli("check", "--content", "content").stderr.splitlines()
    assert checked[-1].endswith("waarschuwingen.") and all("VUL IN" in line for line in checked[:-1])


def test_refuses_existing_id(content: Path) -> None:
    assert _refused("factor", "vertrouwen") == (
        "Fout: er is al een succesfactor met de id 'vertrouwen'; kies een andere id\n"
    )
    assert _refused("recommendation", "tijd-geven") == (
        "Fout: er is al een aanbeveling met de id 'tijd-geven'; kies een andere id\n"
    )


def test_refuses_invalid_id_with_suggestion(content: Path) -> None:
    assert _refused("case", "Nieuw Plein") == (
        "Fout: 'Nieuw Plein' is geen geldige id; verwacht: kleine letters, cijfers en koppeltekens, "
        "beginnend met een letter of cijfer (bijvoorbeeld 'nieuw-plein')\n"
    )
    assert not (content / "cases" / "Nieuw Plein.md").exists()


def test_refuses_to_append_when_the_list_is_not_last(content: Path) -> None:
    glossary = content / "glossary.yaml"
    odd = glossary.read_text(encoding="utf-8") + "extra: 1\n"
    glossary.write_text(odd, encoding="utf-8")
    assert _refused("term", "nieuw-begrip") == (
        "Fout: kan het nieuwe item niet automatisch toevoegen aan 'glossary.yaml': de lijst 'terms' "
        "staat niet als laatste in het bestand; voeg het met de hand toe\n"
    )
    assert glossary.read_text(encoding="utf-8") == odd


def test_new_term_keeps_crlf_line_endings_and_every_existing_byte(content: Path) -> None:
    glossary = content / "glossary.yaml"
    before = glossary.read_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
    glossary.write_bytes(before)

    _new("term", "nieuw-begrip")

    after = glossary.read_bytes()
    assert after.startswith(before)
    added = after[len(before):]
    assert b"  - id: nieuw-begrip\r\n" in added
    assert added.count(b"\n") == added.count(b"\r\n") > 3
    assert "nieuw-begrip" in [term.id for term in load_content(content).knowledge.glossary]

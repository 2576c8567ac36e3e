"""`handbook check`: every problem at once, each as FILE:LINE:COL: message."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import check_lines, edit_once, run_cli


def _lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("content/") or ":" in line.split(" ")[0]]


def test_clean_fixture_passes(mini_content: Path) -> None:
    result = run_cli("check", "--content", mini_content)
    assert result.exit_code == 0
    assert "in orde" in result.output


def test_broken_reference_duplicate_id_and_unknown_key_in_one_run(mini_content: Path, monkeypatch) -> None:
    monkeypatch.chdir(mini_content.parent)
    recs = mini_content / "recommendations" / "boek.yaml"
    text = recs.read_text(encoding="utf-8")
    text = text.replace("factors: [gedeelde-opgave]", "factors: [gedeelde-opgav]")  # line 7
    text = text.replace("  - id: tijd-geven", "  - id: bestaansreden-helder")  # line 10
    text = text.replace("    rationale: Conflict kan constructief zijn.", "    rationale: Conflict kan constructief zijn.\n    audience: [deelnemers]")
    recs.write_text(text, encoding="utf-8")

    result = run_cli("check", "--content", "content")

    assert result.exit_code == 1
    errors = result.stderr.splitlines()
    assert (
        "content/recommendations/boek.yaml:7:15: de succesfactor 'gedeelde-opgav' bestaat niet; "
        "verwacht: een bestaande succesfactor-id (gedeelde-opgave, vertrouwen) (bedoelde je 'gedeelde-opgave'?)"
    ) in errors
    assert (
        "content/recommendations/boek.yaml:10:9: de id 'bestaansreden-helder' komt twee keer voor bij aanbeveling; "
        "verwacht: een unieke id (eerder gebruikt in content/recommendations/boek.yaml:2:9)"
    ) in errors
    assert (
        "content/recommendations/boek.yaml:20:5: onbekend veld 'audience'; verwacht: een van de velden: "
        "sources, id, checklist, gist, rationale, audiences, phases, factors, kind, applies_to, study_audiences, note, note_sources, source_note (bedoelde je 'audiences'?)"
    ) in errors
    # the fixture's versions.yaml notes a change to 'tijd-geven', which is gone now
    assert (
        "content/versions.yaml:10:15: de aanbeveling 'tijd-geven' bestaat niet; verwacht: een bestaande aanbeveling-id "
        "(bestaansreden-helder, verschillen-uitspreken)"
    ) in errors
    assert (  # the kern still names the renamed recommendation (twice: leidinggevenden, bestuurders)
        "content/kern.yaml:41:25: de aanbeveling 'tijd-geven' bestaat niet; verwacht: een bestaande "
        "aanbeveling-id (bestaansreden-helder, verschillen-uitspreken)"
    ) in errors
    assert errors[-1] == "6 fouten, 1 waarschuwing."


def test_duplicate_id_names_both_places(content: Path) -> None:
    edit_once(content, "recommendations/boek.yaml", "  - id: tijd-geven", "  - id: bestaansreden-helder")
    assert (
        "content/recommendations/boek.yaml:10:9: de id 'bestaansreden-helder' komt twee keer voor bij aanbeveling; "
        "verwacht: een unieke id (eerder gebruikt in content/recommendations/boek.yaml:2:9)"
    ) in check_lines(1)


def test_problems_in_several_files_are_all_reported(content: Path) -> None:
    (content / "roles.yaml").write_text("roles:\n  - id: Vertaler\n", encoding="utf-8")
    glossary = content / "glossary.yaml"
    glossary.write_text(glossary.read_text(encoding="utf-8").replace("    background: true\n", ""), encoding="utf-8")

    lines = check_lines(1)
    assert any(line.startswith("content/roles.yaml:2:9: 'Vertaler' is geen geldige id") for line in lines)
    assert any(line.startswith("content/roles.yaml:2:5: het veld 'name' ontbreekt") for line in lines)
    # the roles file failed, so references to its roles fail too: reported, not hidden
    assert lines[-1].endswith("0 waarschuwingen.")


def test_missing_content_dir(tmp_path: Path) -> None:
    result = run_cli("check", "--content", tmp_path / "nope")
    assert result.exit_code == 1
    assert "bestaat niet" in result.stderr


def test_uncited_source_is_a_warning(content: Path) -> None:
    sources = content / "sources.yaml"
    sources.write_text(
        sources.read_text(encoding="utf-8")
        + "  - id: ongebruikt\n    short: Ongebruikt\n    title: Niet geciteerd\n    authors: [onbekend]\n"
        "    year: \"2020\"\n    kind: rapport\n    method: Onbekend.\n",
        encoding="utf-8",
    )
    assert (
        "content/sources.yaml:16:9: waarschuwing: de bron 'ongebruikt' wordt nergens geciteerd; "
        "verwacht: een verwijzing naar deze bron in minstens één onderdeel"
    ) in check_lines(0)

"""End to end: a small content tree becomes a complete guide and four tailored editions."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from tests.conftest import MINI, recommendation_block, run_cli

EDITIONS = ("voorzitters", "deelnemers", "leidinggevenden", "bestuurders")


def _html(site: Path, page: str) -> str:
    return (site / page).read_text(encoding="utf-8")


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_layout_of_design_md(mini_site: Path) -> None:
    assert (mini_site / "index.html").is_file()
    for audience in EDITIONS:
        assert (mini_site / audience / "index.html").is_file()
    assert (mini_site / "kennisbank.json").is_file()
    assert (mini_site / "kennisbank.schema.json").is_file()


def test_page_for_every_item(mini_site: Path) -> None:
    for page in (
        "factoren/gedeelde-opgave.html", "factoren/vertrouwen.html", "rollen/vertaler.html",
        "strategieen/route-naar-consensus.html", "fasen/storming.html", "voorbeelden/oostplein.html",
        "begrippen.html", "bronnen.html", "over.html", "aanbevelingen/index.html",
        "aanbevelingen/voor-de-start.html", "aanbevelingen/storming.html", "aanbevelingen/doorlopend.html",
        *(f"aanbevelingen/{a}.html" for a in EDITIONS),
    ):
        assert (mini_site / page).is_file(), page


def test_home_has_role_chooser_linking_every_edition(mini_site: Path) -> None:
    html = _html(mini_site, "index.html")
    for audience in EDITIONS:
        assert f'href="{audience}/index.html"' in html
    assert '<html lang="nl"' in html


def test_complete_edition_flags_recommendations_with_audience_badges(mini_site: Path) -> None:
    html = _html(mini_site, "aanbevelingen/doorlopend.html")  # a phase-less recommendation's moment page
    block = recommendation_block(html, "tijd-geven")
    assert '<span class="badge badge--leidinggevenden">Leidinggevenden</span>' in block
    assert '<span class="badge badge--bestuurders">Bestuurders</span>' in block
    assert "badge--voorzitters" not in block
    # nothing hidden: every recommendation is on the complete index, its anchor linking to its moment page
    index = _html(mini_site, "aanbevelingen/index.html")
    for rec_id, moment in (("bestaansreden-helder", "voor-de-start"), ("tijd-geven", "doorlopend"), ("verschillen-uitspreken", "storming")):
        assert f'<a href="{moment}.html#{rec_id}" id="{rec_id}">' in index


def test_tailored_edition_shows_only_its_recommendations(mini_site: Path) -> None:
    html = _html(mini_site, "deelnemers/aanbevelingen/index.html")
    assert 'id="verschillen-uitspreken"' in html
    assert 'id="bestaansreden-helder"' not in html
    assert 'id="tijd-geven"' not in html
    home = _text(_html(mini_site, "voorzitters/index.html"))
    assert "Maak de bestaansreden van het overleg helder." in home  # its recommendations first


def test_tailored_edition_keeps_roles_for_its_audience(mini_site: Path) -> None:
    assert (mini_site / "voorzitters/rollen/coordinator.html").is_file()
    assert not (mini_site / "deelnemers/rollen/coordinator.html").exists()
    assert not (mini_site / "bestuurders/rollen/index.html").exists()


def test_factor_page_highlights_what_the_audience_can_do(mini_site: Path) -> None:
    text = _text(_html(mini_site, "voorzitters/factoren/gedeelde-opgave.html"))
    assert "Wat je als voorzitter kunt doen" in text
    assert "Maak de bestaansreden helder." in text


def test_cross_links_both_ways(mini_site: Path) -> None:
    factor = _html(mini_site, "factoren/gedeelde-opgave.html")
    assert 'href="../aanbevelingen/voor-de-start.html#bestaansreden-helder"' in factor
    assert 'href="../voorbeelden/oostplein.html"' in factor
    assert 'href="../rollen/vertaler.html"' in factor
    case = _html(mini_site, "voorbeelden/oostplein.html")
    assert 'href="../factoren/gedeelde-opgave.html"' in case
    recs = _html(mini_site, "aanbevelingen/voor-de-start.html")
    assert 'href="../factoren/gedeelde-opgave.html"' in recs
    role = _html(mini_site, "rollen/vertaler.html")
    assert 'href="../factoren/gedeelde-opgave.html"' in role
    assert 'href="../voorbeelden/oostplein.html"' in role


def test_sources_with_locations_are_shown(mini_site: Path) -> None:
    recs = _text(_html(mini_site, "aanbevelingen/doorlopend.html"))
    assert "Bron: Testboek , §8.2, p. 138; Testscriptie , §6.2" in recs
    factor = _text(_html(mini_site, "factoren/gedeelde-opgave.html"))
    assert "Testboek , §2.3.5, p. 36" in factor
    assert "(§6.2.1, p. 113)" in factor
    case = _text(_html(mini_site, "voorbeelden/oostplein.html"))
    assert "Testboek , H3, p. 55-66" in case


def test_render_writes_sources_per_edition(tmp_path: Path) -> None:
    result = run_cli("render", "--content", MINI, "--out", tmp_path / "src")
    assert result.exit_code == 0, result.stderr
    for edition in ("volledig", *EDITIONS):
        assert (tmp_path / "src" / edition / "mkdocs.yml").is_file()
        assert (tmp_path / "src" / edition / "docs" / "index.md").is_file()


def _digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_failed_build_leaves_previous_site_untouched(mini_content: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert run_cli("build", "--content", mini_content, "--out", out).exit_code == 0
    before = _digest(out)
    recs = mini_content / "recommendations" / "boek.yaml"
    recs.write_text(recs.read_text(encoding="utf-8").replace("factors: [vertrouwen]", "factors: [onbekend]"), encoding="utf-8")

    result = run_cli("build", "--content", mini_content, "--out", out)

    assert result.exit_code == 1
    assert "de succesfactor 'onbekend' bestaat niet" in result.stderr
    assert _digest(out) == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no staging left


def test_engine_failure_leaves_previous_site_untouched(mini_content: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert run_cli("build", "--content", mini_content, "--out", out).exit_code == 0
    before = _digest(out)
    # A Markdown link to a page that does not exist passes the content check but
    # fails MkDocs' strict link validation.
    guide = mini_content / "guide.yaml"
    guide.write_text(guide.read_text(encoding="utf-8").replace("about: Over de testgids.", "about: Zie [elders](nergens.md)."), encoding="utf-8")

    result = run_cli("build", "--content", mini_content, "--out", out)

    assert result.exit_code == 1
    assert "nergens.md" in result.stderr
    assert _digest(out) == before


@pytest.mark.parametrize("out", [".", "content", "..", "/", "HOME"])
def test_refuses_unsafe_out(mini_content: Path, monkeypatch: pytest.MonkeyPatch, out: str) -> None:
    monkeypatch.chdir(mini_content.parent)
    home = mini_content.parent / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))  # a stand-in home folder: never the real one
    result = run_cli("build", "--content", "content", "--out", str(home) if out == "HOME" else out)
    assert result.exit_code == 1
    assert "kies een eigen map" in result.stderr
    assert (mini_content / "guide.yaml").is_file()


def test_two_builds_are_identical(mini_site: Path, tmp_path: Path) -> None:
    again = tmp_path / "site"
    assert run_cli("build", "--content", MINI, "--out", again).exit_code == 0
    first, second = _digest(mini_site), _digest(again)
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []


def test_glossary_lists_terms_under_their_initial(mini_site: Path) -> None:
    html = _html(mini_site, "begrippen.html")
    letters = re.findall(r'<h2 id="letter-([a-z]+)">', html)
    assert letters == ["c", "d"]  # the mini glossary: Casusoverleg, Driehoek
    for letter in letters:
        section = html.split(f'<h2 id="letter-{letter}">', 1)[1].split("<h2 ", 1)[0]
        names = re.findall(r'<dt id="[^"]+"><strong>([^<]+)</strong></dt>', section)
        assert names and all(name[0].upper() == letter.upper() for name in names)


def test_initials_ignore_accents_and_gather_the_rest() -> None:
    from generator.editions import _initial

    assert [_initial(t) for t in ("Één overheid", "achterban", "ZSM", "3D-aanpak", "'t Veld")] == ["E", "A", "Z", "#", "#"]


def test_phase_page_groups_its_recommendations_by_success_factor(mini_site: Path) -> None:
    html = _html(mini_site, "fasen/storming.html")
    section = html.split('id="aanbevelingen-in-deze-fase"', 1)[1]
    groups = re.findall(r"<h3 [^>]*>([^<]+)</h3>", section)
    links = re.findall(r'href="../aanbevelingen/[a-z-]+\.html#([^"]+)"', section)
    assert groups, "a heading per success factor"
    assert len(links) == len(set(links)) > 0  # each recommendation once, under its first factor

"""Change notes per audience (issue 16): versions.yaml, 'Wat is er nieuw', the Atom feed.

The mini fixture's versions.yaml changes, in version 0.1, a recommendation for voorzitters
only (`bestaansreden-helder`), one for leidinggevenden and bestuurders (`tijd-geven`), a
factor and a term (shared by every edition) and a role only the voorzitters edition shows.
"""

from __future__ import annotations

import json
from pathlib import Path

import feedparser
import pytest
from lxml import etree

from generator import dates
from generator.editions import edition_ids, select_edition
from generator.feed import atom_feed
from generator.load import load_content
from generator.model import Knowledge
from generator.pipeline import knowledge_files
from generator.render import feed_bytes, render_edition
from tests.conftest import MINI, edit_once, run_cli

ATOM = "{http://www.w3.org/2005/Atom}"
VOORZITTERS_ONLY = "recommendation/bestaansreden-helder"


@pytest.fixture(scope="module")
def knowledge() -> Knowledge:
    loaded = load_content(MINI)
    assert loaded.complete and loaded.knowledge is not None, loaded.problems
    return loaded.knowledge


@pytest.fixture(scope="module")
def feeds(knowledge: Knowledge) -> dict[str, bytes]:
    # the mini guide has no address of its own (issue 13): these feeds are built for one
    deployed = knowledge.model_copy(update={"guide": knowledge.guide.model_copy(update={"site_url": "https://test.example.org/gids/"})})
    return {edition: feed_bytes(select_edition(deployed, edition)) for edition in edition_ids(deployed)}


def _entry_items(feed: bytes) -> list[str]:
    """The `kind/id` of each entry, from its tag: id (`tag:…:0.1/kind/id`)."""
    parsed = feedparser.parse(feed)
    return [entry.id.split(":", 2)[2].split("/", 1)[1] for entry in parsed.entries]


# -- the feed ------------------------------------------------------------------------


def test_voorzitters_only_change_reaches_voorzitters_and_complete_feeds_not_bestuurders(feeds: dict[str, bytes]) -> None:
    assert VOORZITTERS_ONLY in _entry_items(feeds["voorzitters"])
    assert VOORZITTERS_ONLY in _entry_items(feeds["volledig"])
    assert VOORZITTERS_ONLY not in _entry_items(feeds["bestuurders"])
    assert "recommendation/tijd-geven" in _entry_items(feeds["bestuurders"])


def test_feeds_hold_what_concerns_each_audience(feeds: dict[str, bytes]) -> None:
    assert _entry_items(feeds["volledig"]) == [
        "recommendation/bestaansreden-helder", "recommendation/tijd-geven", "factor/vertrouwen", "role/coordinator", "term/driehoek",
    ]
    # the role page exists only in the voorzitters edition; factors and terms are shared
    assert _entry_items(feeds["voorzitters"]) == [
        "recommendation/bestaansreden-helder", "factor/vertrouwen", "role/coordinator", "term/driehoek",
    ]
    assert _entry_items(feeds["deelnemers"]) == ["factor/vertrouwen", "term/driehoek"]
    assert len(set(feeds.values())) == len(feeds), "every edition has its own feed"


@pytest.mark.parametrize("edition", ["volledig", "voorzitters", "deelnemers", "leidinggevenden", "bestuurders"])
def test_feed_is_valid_atom(feeds: dict[str, bytes], edition: str) -> None:
    feed = feeds[edition]
    parsed = feedparser.parse(feed)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    # RFC 4287 §4.1.1: a feed has exactly one id, title and updated, and an author (or every entry has one)
    root = etree.fromstring(feed)
    assert root.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated", "author"):
        assert len(root.findall(f"{ATOM}{name}")) == 1, name
    assert root.find(f"{ATOM}author/{ATOM}name").text
    entries = root.findall(f"{ATOM}entry")
    assert entries
    for entry in entries:
        # §4.1.2: id, title, updated once each; without content of its own, a link rel=alternate
        for name in ("id", "title", "updated", "content"):
            assert len(entry.findall(f"{ATOM}{name}")) == 1, name
        assert entry.findtext(f"{ATOM}id").startswith("tag:testgids,2026-01-01:")  # RFC 4151
        assert entry.find(f"{ATOM}link").get("href").startswith(f"https://test.example.org/gids/{'' if edition == 'volledig' else edition + '/'}")
    # §3.3: dates are RFC 3339; and they are the version's date, never the build's
    assert {entry.findtext(f"{ATOM}updated") for entry in entries} == {"2026-01-15T00:00:00+00:00"}


def test_feed_bytes_depend_on_the_content_only(knowledge: Knowledge, monkeypatch: pytest.MonkeyPatch) -> None:
    edition = select_edition(knowledge, "voorzitters")
    first = feed_bytes(edition)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1900000000")
    assert feed_bytes(select_edition(knowledge, "voorzitters")) == first


def test_feed_without_site_url_has_relative_links_and_absolute_ids(knowledge: Knowledge) -> None:
    edition = select_edition(knowledge, "voorzitters")
    feed = atom_feed(edition, "Testgids", "", "nieuw.html", lambda change: f"pagina/{change.change.item_id}.html")
    root = etree.fromstring(feed)
    assert [link.get("rel") for link in root.findall(f"{ATOM}link")] == ["alternate"]  # no rel=self without an address
    assert root.find(f"{ATOM}link").get("href") == "nieuw.html"
    assert root.find(f"{ATOM}entry/{ATOM}link").get("href") == "pagina/bestaansreden-helder.html"
    assert all(element.text.startswith("tag:") for element in root.iter(f"{ATOM}id"))


# -- the page and the marks ----------------------------------------------------------


def _docs(knowledge: Knowledge, edition: str) -> dict[str, str]:
    return {path.removeprefix("docs/"): text for path, text in render_edition(select_edition(knowledge, edition)).files.items()}


def test_changes_page_lists_the_edition_changes_with_working_links(knowledge: Knowledge) -> None:
    voorzitters = _docs(knowledge, "voorzitters")
    page = voorzitters["nieuw.md"]
    assert "## Versie 0.1 (15 januari 2026) {: #versie-0-1 }" in page
    assert "[Maak de bestaansreden van het overleg helder](aanbevelingen/index.md#bestaansreden-helder)" in page
    assert "[Coördinator](rollen/coordinator.md)" in page
    assert page.index("Versie 0.1") < page.index("Versie 0.0"), "newest first"
    for target in ("aanbevelingen/index.md", "rollen/coordinator.md", "factoren/vertrouwen.md", "begrippen.md", "feed.xml"):
        assert target in voorzitters
    bestuurders = _docs(knowledge, "bestuurders")["nieuw.md"]
    assert "bestaansreden" not in bestuurders and "Coördinator" not in bestuurders
    assert "[Geef afgevaardigden tijd en mandaat](aanbevelingen/index.md#tijd-geven)" in bestuurders


def test_changed_items_carry_a_mark_with_the_note(knowledge: Knowledge) -> None:
    docs = _docs(knowledge, "voorzitters")
    mark = '<small class="change-mark">**Gewijzigd in 0.1** (correctie): De onderbouwing volgt de bron nu nauwkeuriger'
    assert mark in docs["aanbevelingen/index.md"]
    assert "**Gewijzigd in 0.1** (aanvulling)" in docs["factoren/vertrouwen.md"]
    assert "**Gewijzigd in 0.1** (aanvulling)" in docs["rollen/coordinator.md"]
    assert "**Gewijzigd in 0.1** (correctie): De uitleg noemt" in docs["begrippen.md"]
    assert "Gewijzigd in" not in docs["factoren/gedeelde-opgave.md"]
    assert "[Wat is er nieuw](../nieuw.md#versie-0-1)" in docs["factoren/vertrouwen.md"]


def test_page_head_links_the_feed(knowledge: Knowledge) -> None:
    config = render_edition(select_edition(knowledge, "deelnemers")).files["mkdocs.yml"]
    assert "feed: feed.xml" in config and "feed_title: 'Testgids voor deelnemers: wat is er nieuw'" in config
    override = (Path(__file__).resolve().parent.parent / "templates/overrides/main.html").read_text(encoding="utf-8")
    assert '<link rel="alternate" type="application/atom+xml"' in override


def test_kennisbank_carries_the_version_history(knowledge: Knowledge) -> None:
    files = knowledge_files(knowledge)
    data = json.loads(files["kennisbank.json"])
    assert [v["version"] for v in data["versions"]] == ["0.1", "0.0"]
    assert data["versions"][0]["date"] == "2026-01-15"
    assert data["versions"][0]["changes"][0] == {
        "item": VOORZITTERS_ONLY, "type": "correctie", "note": "De onderbouwing volgt de bron nu nauwkeuriger (alleen voor voorzitters).",
    }
    schema = json.loads(files["kennisbank.schema.json"])
    assert "versions" in schema["properties"]


def test_built_editions_have_their_own_changes_page_and_feed(mini_site: Path) -> None:
    feeds = set()
    for edition in ("", "voorzitters/", "deelnemers/", "leidinggevenden/", "bestuurders/"):
        assert (mini_site / f"{edition}nieuw.html").is_file()
        feeds.add((mini_site / f"{edition}feed.xml").read_bytes())
        page = (mini_site / f"{edition}factoren/vertrouwen.html").read_text(encoding="utf-8")
        assert '<link rel="alternate" type="application/atom+xml"' in page and 'href="../feed.xml"' in page
    assert len(feeds) == 5


# -- validation ----------------------------------------------------------------------



def _problems() -> list[str]:
    result = run_cli("check", "--content", "content")
    assert result.exit_code == 1, result.stdout
    return result.stderr.splitlines()[:-1]


def test_change_naming_an_unknown_kind(content: Path) -> None:
    edit_once(content, "versions.yaml", "item: term/driehoek", "item: begrip/driehoek")
    assert _problems() == [
        ("content/versions.yaml:19:15: de soort 'begrip' in 'begrip/driehoek' bestaat niet; verwacht: soort/id met als soort "
        "een van: recommendation, case, factor, role, competency, strategy, phase, term, source")
    ]


def test_change_naming_an_unknown_item(content: Path) -> None:
    edit_once(content, "versions.yaml", "item: factor/vertrouwen", "item: factor/vertrouwn")
    assert _problems() == [
        ("content/versions.yaml:13:15: de succesfactor 'vertrouwn' bestaat niet; verwacht: een bestaande succesfactor-id "
        "(gedeelde-opgave, vertrouwen) (bedoelde je 'vertrouwen'?)")
    ]


def test_change_item_must_be_kind_slash_id(content: Path) -> None:
    edit_once(content, "versions.yaml", "item: factor/vertrouwen", "item: vertrouwen")
    assert _problems() == [
        ("content/versions.yaml:13:15: 'vertrouwen' is geen onderdeel in de vorm soort/id; "
        "verwacht: soort/id, bijv. 'recommendation/bestaansreden-helder'")
    ]


def test_versions_newest_first(content: Path) -> None:
    edit_once(content, "versions.yaml", "date: 2026-01-01", "date: 2026-02-01")
    assert _problems() == [
        ("content/versions.yaml:23:11: de versie '0.0' (2026-02-01) is nieuwer dan de versie erboven ('0.1', 2026-01-15); "
        "verwacht: de nieuwste versie bovenaan, daarna steeds oudere")
    ]


def test_guide_version_is_the_newest_version(content: Path) -> None:
    edit_once(content, "guide.yaml", 'version: "0.1"', 'version: "0.0"')
    assert _problems() == [
        ("content/guide.yaml:3:10: de versie '0.0' is niet de nieuwste versie in versions.yaml ('0.1'); "
        "verwacht: version: \"0.1\" (of zet versie '0.0' bovenaan in versions.yaml)")
    ]


@pytest.mark.parametrize(
    ("written", "problem"),
    [
        ("15-01-2026", "'date' moet een datum zijn, maar is '15-01-2026'"),
        ("2026-02-30", "'2026-02-30' is geen bestaande datum"),
        ("20260115", "'date' moet een datum zijn, maar is getal '20260115'"),
    ],
)
def test_version_date_is_a_real_date(content: Path, written: str, problem: str) -> None:
    edit_once(content, "versions.yaml", "date: 2026-01-15", f"date: {written}")
    assert _problems() == [f"content/versions.yaml:4:11: {problem}; verwacht: een datum als JJJJ-MM-DD, bijv. 2026-12-05"]


def test_content_date_is_parsed_once_into_a_date(knowledge: Knowledge, monkeypatch: pytest.MonkeyPatch) -> None:
    assert knowledge.guide.content_date.isoformat() == "2026-01-15"
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert dates.source_date_epoch(knowledge.guide) == 1768435200  # 2026-01-15T00:00:00Z
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert dates.source_date_epoch(knowledge.guide) == 1700000000

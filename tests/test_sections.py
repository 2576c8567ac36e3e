"""One SECTIONS table drives page paths, the pages and the navigation: they cannot drift apart."""

from __future__ import annotations

from typing import Any

import pytest

from generator import model
from generator.editions import COMPLETE, select_edition
from generator.render import PAGE_KINDS, SECTIONS, _pages, nav, page_path
from tests import factories as f


@pytest.fixture
def knowledge() -> model.Knowledge:
    return f.knowledge(
        audiences=[f.audience("deelnemers", 2), f.audience("voorzitters", 1)],
        factors=[f.factor("vertrouwen", 2), f.factor("doelen", 1)],
        roles=[f.role("vertaler", 1, {"voorzitters": "hoofdrol"})],
        cases=[f.case("west", ["doelen"])],
        recommendations=[f.recommendation("a", ["voorzitters"])],
    )


def _nav_paths(items: list[Any]) -> list[str]:
    paths: list[str] = []
    for item in items:
        value = next(iter(item.values())) if isinstance(item, dict) else item
        paths.extend(_nav_paths(value) if isinstance(value, list) else [value])
    return paths


@pytest.mark.parametrize("edition_id", [COMPLETE, "voorzitters", "deelnemers"])
def test_every_page_is_in_the_navigation_once_in_page_order(knowledge: model.Knowledge, edition_id: str) -> None:
    edition = select_edition(knowledge, edition_id)
    paths = [page.path for page in _pages(edition)]
    assert _nav_paths(nav(edition)) == paths
    assert len(paths) == len(set(paths))


def test_the_navigation_follows_the_sections_and_leaves_out_empty_ones(knowledge: model.Knowledge) -> None:
    complete = nav(select_edition(knowledge, COMPLETE))
    assert [next(iter(section)) for section in complete] == [
        "Start", "Aanbevelingen", "Succesfactoren", "Rollen", "Praktijkvoorbeelden", "Begrippen", "Over deze gids",
    ]
    assert complete[1] == {"Aanbevelingen": [
        {"Alle aanbevelingen": "aanbevelingen/index.md"},
        {"Per moment": [{"Gedurende de hele samenwerking": "aanbevelingen/doorlopend.md"}]},
        {"Per doelgroep": [
            {"Voor voorzitters": "aanbevelingen/voorzitters.md"},
            {"Voor deelnemers": "aanbevelingen/deelnemers.md"},
        ]},
    ]}
    assert complete[2] == {"Succesfactoren": ["factoren/index.md", "factoren/doelen.md", "factoren/vertrouwen.md"]}
    assert complete[-1]["Over deze gids"][-1] == {"Bijdragen": "bijdragen.md"}
    participants = nav(select_edition(knowledge, "deelnemers"))
    assert participants[1] == {"Aanbevelingen": "aanbevelingen/index.md"}  # one page: one link
    assert "Rollen" not in [next(iter(section)) for section in participants]  # no role for deelnemers
    assert {"Bijdragen": "bijdragen.md"} not in participants[-1]["Over deze gids"]


def test_page_kinds_are_unique_and_every_path_resolves() -> None:
    kinds = [kind.kind for section in SECTIONS for kind in section.pages]
    assert len(kinds) == len(set(kinds)) == len(PAGE_KINDS)
    assert page_path("factor", "doelen") == "factoren/doelen.md"
    assert page_path("glossary") == "begrippen.md"

"""Select: what each audience sees, in which order, linked to what (in-memory knowledge)."""

from __future__ import annotations

import pytest

from generator import model
from generator.checklists import build_checklist
from generator.editions import (
    COMPLETE,
    THROUGHOUT,
    audience_ids,
    edition_ids,
    group_by_moment,
    select_edition,
    select_editions,
)
from tests import factories as f


@pytest.fixture
def knowledge() -> model.Knowledge:
    """Two audiences, three phases, two factors, recommendations for one, the other or both."""
    return f.knowledge(
        audiences=[f.audience("deelnemers", 2), f.audience("voorzitters", 1)],  # file order ≠ guide order
        phases=[f.phase("storming", 3), f.phase("voor-de-start", 1), f.phase("forming", 2)],
        factors=[f.factor("vertrouwen", 2), f.factor("doelen", 1)],
        recommendations=[
            f.recommendation("z-later", ["voorzitters"], phases=["storming"], factors=["vertrouwen"]),
            f.recommendation("a-altijd", ["voorzitters", "deelnemers"], factors=["doelen", "vertrouwen"]),
            f.recommendation("m-start", ["deelnemers"], phases=["voor-de-start"], factors=["doelen"]),
            f.recommendation("b-start", ["voorzitters"], phases=["forming", "voor-de-start"]),
        ],
        roles=[
            f.role("vertaler", 2, {"deelnemers": "hoofdrol", "voorzitters": "bijrol"}),
            f.role("netwerk-bouwer", 1, {"voorzitters": "hoofdrol"}),
        ],
        cases=[
            f.case("west", ["vertrouwen"], audiences=["deelnemers"]),
            f.case("oost", ["doelen", "vertrouwen"], roles=["netwerk-bouwer"]),
        ],
        kernen=[
            f.kern("deelnemers", [("m-start", "voor-de-start")]),
            f.kern("voorzitters", [("z-later", "storming"), ("b-start", "voor-de-start"), ("a-altijd", "storming")]),
        ],
    )


def _ids(views: list) -> list[str]:  # type: ignore[type-arg]
    return [view.item.id for view in views]


def test_edition_ids_complete_first_then_audiences_in_guide_order(knowledge: model.Knowledge) -> None:
    assert edition_ids(knowledge) == [COMPLETE, "voorzitters", "deelnemers"]


def test_a_tailored_edition_shows_only_its_audiences_recommendations(knowledge: model.Knowledge) -> None:
    edition = select_edition(knowledge, "deelnemers")
    assert edition.audience is not None and edition.audience.id == "deelnemers"
    assert not edition.is_complete
    assert _ids(edition.recommendations) == ["m-start", "a-altijd"]
    assert list(edition.recommendations_by_audience) == ["deelnemers"]


def test_the_complete_edition_shows_everything_grouped_per_audience_in_guide_order(knowledge: model.Knowledge) -> None:
    edition = select_edition(knowledge, COMPLETE)
    assert edition.is_complete and edition.audience is None
    assert _ids(edition.recommendations) == ["b-start", "m-start", "z-later", "a-altijd"]
    assert list(edition.recommendations_by_audience) == ["voorzitters", "deelnemers"]
    assert _ids(edition.recommendations_by_audience["voorzitters"]) == ["b-start", "z-later", "a-altijd"]


def test_recommendations_sort_by_their_earliest_phase_and_throughout_comes_last(knowledge: model.Knowledge) -> None:
    views = select_edition(knowledge, "voorzitters").recommendations
    assert _ids(views) == ["b-start", "z-later", "a-altijd"]
    b_start = views[0]
    assert [p.id for p in b_start.phases] == ["voor-de-start", "forming"]  # phase order, not file order
    assert b_start.moment == "Moment voor-de-start"
    assert views[-1].moment == THROUGHOUT
    assert [moment for moment, _ in group_by_moment(views)] == ["Moment voor-de-start", "Moment storming", THROUGHOUT]


def test_a_recommendation_view_resolves_its_audiences_and_factors_in_guide_order(knowledge: model.Knowledge) -> None:
    view = next(v for v in select_edition(knowledge, COMPLETE).recommendations if v.item.id == "a-altijd")
    assert [a.id for a in view.audiences] == ["voorzitters", "deelnemers"]
    assert [factor.id for factor in view.factors] == ["doelen", "vertrouwen"]  # by number


def test_factor_pages_list_this_editions_recommendations_and_every_case(knowledge: model.Knowledge) -> None:
    edition = select_edition(knowledge, "deelnemers")
    assert _ids(edition.factors) == ["doelen", "vertrouwen"]
    doelen, vertrouwen = edition.factors
    assert _ids(doelen.recommendations) == ["m-start", "a-altijd"]
    assert _ids(vertrouwen.recommendations) == ["a-altijd"]
    assert [link.case.id for link in vertrouwen.cases] == ["oost", "west"]
    assert doelen.cluster is not None and doelen.cluster.id == "cluster"


def test_a_tailored_edition_shows_the_roles_its_audience_needs_main_roles_first(knowledge: model.Knowledge) -> None:
    assert _ids(select_edition(knowledge, "deelnemers").roles) == ["vertaler"]
    chairs = select_edition(knowledge, "voorzitters").roles
    assert [(view.item.id, view.weight) for view in chairs] == [("netwerk-bouwer", "hoofdrol"), ("vertaler", "bijrol")]
    assert [(view.item.id, view.weight) for view in select_edition(knowledge, COMPLETE).roles] == [
        ("netwerk-bouwer", ""), ("vertaler", ""),
    ]


def test_cross_links_never_point_at_a_role_the_edition_does_not_show(knowledge: model.Knowledge) -> None:
    oost = next(view for view in select_edition(knowledge, "deelnemers").cases if view.item.id == "oost")
    assert oost.roles == []  # netwerk-bouwer has no page in the deelnemers edition
    oost_complete = next(view for view in select_edition(knowledge, COMPLETE).cases if view.item.id == "oost")
    assert [r.id for r in oost_complete.roles] == ["netwerk-bouwer"]


def test_cases_for_the_audience_come_first_and_are_marked(knowledge: model.Knowledge) -> None:
    cases = select_edition(knowledge, "deelnemers").cases
    assert [(view.item.id, view.relevant) for view in cases] == [("west", True), ("oost", False)]
    assert [(view.item.id, view.relevant) for view in select_edition(knowledge, COMPLETE).cases] == [
        ("oost", False), ("west", False),
    ]


def test_phases_in_order_with_the_audiences_own_asks_apart() -> None:
    asks = [
        {"audience": "voorzitters", "text": "Leid."},
        {"audience": "deelnemers", "text": "Doe mee."},
    ]
    knowledge = f.knowledge(phases=[f.phase("forming", 2, asks=asks), f.phase("voor-de-start", 1)])
    forming = select_edition(knowledge, "deelnemers").phases[1]
    assert forming.item.id == "forming"
    assert [a.text for a in forming.asks_for_audience] == ["Doe mee."]
    assert [a.text for a in forming.other_asks] == ["Leid."]


def test_a_tailored_edition_carries_its_own_kern_grouped_by_moment(knowledge: model.Knowledge) -> None:
    edition = select_edition(knowledge, "voorzitters")
    assert list(edition.kernen) == ["voorzitters"]
    kern = edition.kern
    assert kern is not None
    assert [item.view.item.id for item in kern.items] == ["z-later", "b-start", "a-altijd"]  # the kern's own order
    grouped = [(moment.id, [item.view.item.id for item in items]) for moment, items in kern.by_moment]
    assert grouped == [("voor-de-start", ["b-start"]), ("storming", ["z-later", "a-altijd"])]


def test_the_complete_edition_carries_every_kern_in_audience_order(knowledge: model.Knowledge) -> None:
    edition = select_edition(knowledge, COMPLETE)
    assert list(edition.kernen) == ["voorzitters", "deelnemers"]
    assert edition.kern is None
    assert edition.kern_method == "Zo gekozen."


def test_an_unknown_edition_is_refused(knowledge: model.Knowledge) -> None:
    with pytest.raises(Exception, match="onbekende editie 'bestuurders'"):
        select_edition(knowledge, "bestuurders")


def test_every_edition_carries_every_audience_in_guide_order_and_its_own_apart(knowledge: model.Knowledge) -> None:
    for edition in select_editions(knowledge):
        assert [a.id for a in edition.audiences] == ["voorzitters", "deelnemers"]  # order, not file order
    assert audience_ids(knowledge) == ["voorzitters", "deelnemers"]
    assert [a.id for a in select_edition(knowledge, "deelnemers").own_audiences] == ["deelnemers"]
    assert [a.id for a in select_edition(knowledge, COMPLETE).own_audiences] == ["voorzitters", "deelnemers"]


def test_audiences_with_the_same_order_fall_back_to_their_id() -> None:
    knowledge = f.knowledge(audiences=[f.audience("zeta", 1), f.audience("alfa", 1)])
    assert [a.id for a in select_edition(knowledge, COMPLETE).audiences] == ["alfa", "zeta"]
    assert edition_ids(knowledge) == [COMPLETE, "alfa", "zeta"]


def test_checklist_groups_are_the_editions_recommendations_by_moment(knowledge: model.Knowledge) -> None:
    chairs = select_edition(knowledge, "voorzitters")
    grouped = [(moment, _ids(views)) for moment, views in chairs.checklist_groups]
    assert grouped == [("Moment voor-de-start", ["b-start"]), ("Moment storming", ["z-later"]), (THROUGHOUT, ["a-altijd"])]
    assert list(chairs.checklist_groups_by_audience) == ["voorzitters"]
    complete = select_edition(knowledge, COMPLETE)
    assert list(complete.checklist_groups_by_audience) == ["voorzitters", "deelnemers"]
    participants = [(moment, _ids(views)) for moment, views in complete.checklist_groups_by_audience["deelnemers"]]
    assert participants == [("Moment voor-de-start", ["m-start"]), (THROUGHOUT, ["a-altijd"])]


def test_a_checklist_comes_from_the_edition_it_is_given(knowledge: model.Knowledge) -> None:
    edition = select_edition(knowledge, "voorzitters")
    checklist = build_checklist(edition)
    assert [(group.moment, [item.id for item in group.items]) for group in checklist.groups] == [
        (moment, _ids(views)) for moment, views in edition.checklist_groups
    ]
    assert checklist.online is not None and checklist.online.url == "https://gids.nl/voorzitters/"
    assert checklist.kaart_page == "../kaarten/voorzitters.html"  # the edition has a kern for voorzitters
    with pytest.raises(ValueError):
        build_checklist(select_edition(knowledge, COMPLETE))


def test_sources_by_short_name_and_glossary_by_initial_letter() -> None:
    knowledge = f.knowledge(
        sources=[f.source("z", "zoetermeer"), f.source("a", "Apeldoorn"), f.source("b", "Bruggenbouwers")],
        glossary=[f.term("regie", "Regie"), f.term("een", "Één loket"), f.term("om", "OM"), f.term("cijfer", "1-loket"),
                  f.term("ketens", "ketenpartner")],
    )
    edition = select_edition(knowledge, "deelnemers")
    assert [s.short for s in edition.sources_by_name] == ["Apeldoorn", "Bruggenbouwers", "zoetermeer"]
    assert list(edition.sources) == ["z", "a", "b"]  # the lookup by id keeps the file order
    assert [(letter, [t.id for t in terms]) for letter, terms in edition.glossary_groups] == [
        ("#", ["cijfer"]), ("E", ["een"]), ("K", ["ketens"]), ("O", ["om"]), ("R", ["regie"]),
    ]
    assert [t.id for t in edition.glossary] == ["regie", "een", "om", "cijfer", "ketens"]  # file order, for linking


def test_the_zelfscan_and_kern_method_come_with_the_edition(knowledge: model.Knowledge) -> None:
    edition = select_edition(knowledge, "voorzitters")
    assert edition.zelfscan is None
    assert edition.kern_method == "Zo gekozen."
    assert edition.guide.title == "Gids"
    assert select_edition(f.knowledge(), COMPLETE).kern_method == ""


def _case_with_valence(id: str, valence: str) -> model.Case:
    link = model.CaseFactor.model_validate({"factor": "doelen", "valence": valence, "note": "Zo ging het."})
    return f.case(id, ["doelen"]).model_copy(update={"factors": [link]})


def test_cases_to_read_put_a_missing_factor_first() -> None:
    knowledge = f.knowledge(
        factors=[f.factor("doelen", 1)],
        cases=[_case_with_valence("a-werkte", "+"), _case_with_valence("b-ontbrak", "-"), _case_with_valence("c-gemengd", "±")],
    )
    [doelen] = select_edition(knowledge, COMPLETE).factors
    assert [link.case.id for link in doelen.cases] == ["a-werkte", "b-ontbrak", "c-gemengd"]
    assert [link.case.id for link in doelen.cases_to_read] == ["b-ontbrak", "c-gemengd", "a-werkte"]

"""The kern (issue #13): per audience the handful of recommendations that matter most.

Validation messages are in test_check_errors.py; here: the real content's kern holds, and
an edition carries its kern resolved to recommendation views, grouped by moment.
"""

from __future__ import annotations

from pathlib import Path

from generator.editions import COMPLETE, select_edition
from generator.load import load_content
from generator.model import KERN_MAX_ITEMS
from generator.validate import validate
from tests.conftest import CONTENT, MINI


def test_real_kern_is_valid_and_covers_every_audience() -> None:
    loaded = load_content(CONTENT)
    assert loaded.knowledge is not None and loaded.knowledge.kern is not None
    kern_problems = [p for p in validate(loaded) if "kern.yaml" in str(p.span)]
    assert kern_problems == []
    kernen = {k.audience: k for k in loaded.knowledge.kern.kernen}
    assert set(kernen) == {a.id for a in loaded.knowledge.audiences}
    recommendations = {r.id: r for r in loaded.knowledge.recommendations}
    for audience, kern in kernen.items():
        assert 1 <= len(kern.items) <= KERN_MAX_ITEMS
        assert 3 <= len(kern.questions) <= 4
        for item in kern.items:
            assert audience in recommendations[item.recommendation].audiences


def test_voorzitters_kern_starts_with_the_books_own_recommendations() -> None:
    """The method promises chapter 8 first: every voorzitters item is a formal recommendation of §8.3."""
    loaded = load_content(CONTENT)
    assert loaded.knowledge is not None and loaded.knowledge.kern is not None
    recommendations = {r.id: r for r in loaded.knowledge.recommendations}
    kern = next(k for k in loaded.knowledge.kern.kernen if k.audience == "voorzitters")
    for item in kern.items:
        rec = recommendations[item.recommendation]
        assert rec.kind.value == "formele-aanbeveling"
        assert rec.sources[0].source == "bruggenbouwers" and rec.sources[0].location.startswith("§8.3"), rec.id


def test_edition_carries_its_kern_by_moment() -> None:
    knowledge = load_content(MINI).knowledge
    assert knowledge is not None
    edition = select_edition(knowledge, "deelnemers")
    assert edition.kern is not None
    assert [item.view.item.id for item in edition.kern.items] == ["verschillen-uitspreken"]
    assert [(phase.id, [i.view.item.id for i in items]) for phase, items in edition.kern.by_moment] == [
        ("storming", ["verschillen-uitspreken"])
    ]
    assert edition.kern.items[0].view.audiences[0].id == "deelnemers"  # a full view, with its links
    assert list(edition.kernen) == ["deelnemers"]
    complete = select_edition(knowledge, COMPLETE)
    assert complete.kern is None
    assert list(complete.kernen) == ["voorzitters", "deelnemers", "leidinggevenden", "bestuurders"]
    assert complete.kern_method.startswith("De kern volgt")


def test_without_kern_file_editions_have_no_kern(mini_content: Path) -> None:
    (mini_content / "kern.yaml").unlink()
    knowledge = load_content(mini_content).knowledge
    assert knowledge is not None
    edition = select_edition(knowledge, "voorzitters")
    assert edition.kern is None and edition.kernen == {} and edition.kern_method == ""


def test_every_recommendation_has_a_one_sentence_gist() -> None:
    """The layered recommendations show the gist first: one sentence, not the rationale again."""
    from generator.render import first_sentence

    loaded = load_content(CONTENT)
    assert loaded.knowledge is not None
    missing = [r.id for r in loaded.knowledge.recommendations if not r.gist]
    assert missing == []
    longer = [r.id for r in loaded.knowledge.recommendations if first_sentence(r.gist) != r.gist or len(r.gist) > 140]
    assert longer == []


def test_first_sentence_is_the_gist_of_a_recommendation_without_one() -> None:
    from generator.render import first_sentence

    assert first_sentence("Zie §8.3, p. 140. Daarna meer.") == "Zie §8.3, p. 140."
    assert first_sentence("Een zin\nover twee regels. \"Tweede.\"\n\nAlinea.") == "Een zin over twee regels."
    assert first_sentence("Alleen één zin") == "Alleen één zin"

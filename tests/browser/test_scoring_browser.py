"""The page script's scoring against the Python reference, over many generated answer sets.

The script (templates/assets/zelfscan.js, window.PraktijkgidsScan) runs in headless Chromium;
hypothesis generates answers (scale values, 'weet ik niet', no answer; negative statements
included) for the real guide's zelfscan data and for the mini fixture's, and the figures of
both must be identical: the same floating-point operations give the same numbers.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.editions import select_edition
from generator.load import load_content
from generator.render import render_edition
from tests import scoring_reference as reference
from tests.test_zelfscan import _page_data

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
SETTINGS = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
MISSING = object()


@functools.cache
def dataset(name: str) -> dict[str, Any]:
    """The zelfscan data of the real guide ('gids') or the mini fixture, read when first needed."""
    loaded = load_content(ROOT / "content" if name == "gids" else ROOT / "tests" / "fixtures" / "mini")
    assert loaded.knowledge is not None
    data = _page_data(render_edition(select_edition(loaded.knowledge, "volledig")).files["docs/zelfscan.md"])
    # what scoring reads, no more: every example sends it to the page
    return {
        "scoring": data["scoring"],
        "audiences": [{"id": a["id"]} for a in data["audiences"]],
        "factors": [{"id": f["id"], "number": f["number"], "statements": f["statements"]} for f in data["factors"]],
    }


DATASETS = ["gids", "mini"]


@pytest.fixture(scope="module")
def scan(browser: Any, mini_site: Path, serve_site: Callable[[Path], str]) -> Iterator[Any]:
    """One page with the script loaded, for every example."""
    context = browser.new_context()
    context.route("https://**/*", lambda route: route.abort())
    page = context.new_page()
    page.goto(serve_site(mini_site) + "zelfscan.html")
    page.wait_for_function("!!window.PraktijkgidsScan")
    yield page
    context.close()


def answers_for(data: dict[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
    rule = data["scoring"]
    value = st.one_of(st.integers(rule["min"], rule["max"]), st.just(rule["dont_know"]), st.just(MISSING))
    ids = [s["id"] for f in data["factors"] for s in f["statements"]]
    return st.fixed_dictionaries({i: value for i in ids}).map(lambda d: {k: v for k, v in d.items() if v is not MISSING})


def people_for(data: dict[str, Any]) -> st.SearchStrategy[list[tuple[str, dict[str, Any]]]]:
    roles = st.sampled_from([a["id"] for a in data["audiences"]])
    return st.lists(st.tuples(roles, answers_for(data)), min_size=1, max_size=6)


SCORE_JS = """([data, answers]) => PraktijkgidsScan.scoreFactors(data, answers)
  .map(r => ({factor: r.factor.id, mean: r.mean, answered: r.answered, weak: r.weak}))"""
TEAM_JS = """([data, people]) => {
  const team = PraktijkgidsScan.teamFactors(data, people.map(([role, answers]) => ({role, answers})));
  const picks = PraktijkgidsScan.agenda(team, 3);
  return {team: team.map(r => ({factor: r.factor.id, n: r.n, mean: r.mean, low: r.low, high: r.high,
                               by_role: r.byRole, weak: r.weak, disputed: r.disputed})),
          weakest: picks.weakest.map(r => r.factor.id), disputed: picks.disputed.map(r => r.factor.id)};
}"""


@pytest.mark.parametrize("name", DATASETS)
def test_one_persons_scores_match_the_reference(scan: Any, name: str) -> None:
    data = dataset(name)

    @SETTINGS
    @given(answers=answers_for(data))
    def check(answers: dict[str, Any]) -> None:
        shown = scan.evaluate(SCORE_JS, [data, answers])
        want = [{"factor": s.factor, "mean": s.mean, "answered": s.answered, "weak": s.weak} for s in reference.score(data, answers)]
        assert shown == want

    check()


@pytest.mark.parametrize("name", DATASETS)
def test_team_figures_and_agenda_match_the_reference(scan: Any, name: str) -> None:
    data = dataset(name)

    @SETTINGS
    @given(people=people_for(data))
    def check(people: list[tuple[str, dict[str, Any]]]) -> None:
        shown = scan.evaluate(TEAM_JS, [data, people])
        scores = reference.team(data, people)
        want = [
            {"factor": s.factor, "n": s.n, "mean": s.mean, "low": s.low, "high": s.high, "by_role": s.by_role, "weak": s.weak, "disputed": s.disputed}
            for s in scores
        ]
        assert shown["team"] == want
        assert (shown["weakest"], shown["disputed"]) == reference.agenda(data, scores)

    check()


def test_the_guide_has_reverse_items_for_the_generated_answers_to_exercise() -> None:
    statements = [s for f in dataset("gids")["factors"] for s in f["statements"]]
    assert any(s["reverse"] for s in statements) and not all(s["reverse"] for s in statements)


@SETTINGS
@given(value=st.one_of(st.fractions(1, 5, max_denominator=8).map(float), st.floats(1, 5, allow_nan=False)))
def test_scores_are_written_the_same_way(scan: Any, value: float) -> None:
    assert scan.evaluate("v => PraktijkgidsScan.formatScore(v)", value) == reference.formatted(value)

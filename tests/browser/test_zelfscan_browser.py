"""The zelfscan in real headless Chromium: scoring, advice per role, export/import, keyboard, axe, file://.

Every test opens the zelfscan page of the mini site (built once per session) in a fresh
browser context. Expected results are computed here in Python from the page's own
embedded data, so the test checks the script against the scoring rule, not against itself.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests import scoring_reference as reference
from tests.browser.conftest import refuse_network

pytestmark = pytest.mark.browser

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
DONT_KNOW = "weet-niet"

# Answer sets for the mini fixture: gedeelde-opgave has three positive statements (1, 2, 5) and
# one negative (3); vertrouwen two positive ones. A factor needs two counted answers.
ONE_WEAK = {"gedeelde-opgave-1": 2, "gedeelde-opgave-2": DONT_KNOW, "gedeelde-opgave-3": 4, "vertrouwen-1": 4, "vertrouwen-2": 3}
BOTH_WEAK = {"gedeelde-opgave-1": 2, "gedeelde-opgave-2": 3, "gedeelde-opgave-5": 3, "gedeelde-opgave-3": 3, "vertrouwen-1": 1, "vertrouwen-2": 2}
AT_THRESHOLD = {"gedeelde-opgave-1": 3, "gedeelde-opgave-2": 3, "vertrouwen-1": 2, "vertrouwen-2": 2}
# the example: 3, 3, 3 and "helemaal eens" on the negative statement is 2,5, not 3,5
REVERSED = {"gedeelde-opgave-1": 3, "gedeelde-opgave-2": 3, "gedeelde-opgave-5": 3, "gedeelde-opgave-3": 5}
ROLES = ["", "voorzitters", "deelnemers", "leidinggevenden", "bestuurders"]
SCENARIOS = [
    *(pytest.param(BOTH_WEAK, role, id=f"both-weak-{role or 'geen-rol'}") for role in ROLES),
    pytest.param(ONE_WEAK, "", id="one-weak-geen-rol"),
    pytest.param(ONE_WEAK, "voorzitters", id="one-weak-voorzitters"),
    pytest.param(AT_THRESHOLD, "", id="at-threshold-geen-rol"),
    pytest.param(AT_THRESHOLD, "leidinggevenden", id="at-threshold-leidinggevenden"),
    pytest.param(REVERSED, "deelnemers", id="reversed-deelnemers"),
]

# What the page shows after scoring, gathered in one round trip.
RESULTS_JS = """() => ({
  summary: document.getElementById('zelfscan-summary').textContent,
  rows: [...document.querySelectorAll('.zelfscan-table tbody tr')].map(tr => ({
    factor: tr.dataset.factor,
    score: tr.querySelector('.zelfscan-score').textContent,
    verdict: tr.querySelector('.zelfscan-verdict').textContent,
  })),
  weak: [...document.querySelectorAll('.zelfscan-weak')].map(article => ({
    factor: article.dataset.factor,
    recommendations: [...article.querySelectorAll('[data-recommendation]')].map(li => li.dataset.recommendation),
    recommendationLinks: [...article.querySelectorAll('[data-recommendation] a')].map(a => a.getAttribute('href')),
    cases: [...article.querySelectorAll('[data-case]')].map(li => li.dataset.case),
  })),
  bars: [...document.querySelectorAll('svg.zelfscan-chart .zelfscan-bar')].map(bar => bar.getAttribute('fill')),
  chartText: [...document.querySelectorAll('svg.zelfscan-chart text')].map(t => t.textContent),
  details: document.getElementById('zelfscan-details').innerHTML,
})"""


STORAGE_JS = "() => [document.cookie, Object.keys(localStorage).sort(), Object.keys(sessionStorage).sort()]"


# -- the expected result, from the Python reference of the rule -----------------------------------


def expected(data: dict[str, Any], answers: dict[str, Any], role: str) -> dict[str, Any]:
    """Per factor the reference score; weakest first (unscored last, ties in guide order)."""
    factors = {f["id"]: f for f in data["factors"]}
    numbers = {f["id"]: f["number"] for f in data["factors"]}
    scores = sorted(reference.score(data, answers), key=lambda s: (s.mean is None, s.mean or 0, numbers[s.factor]))
    return {
        "rows": [
            {
                "factor": s.factor,
                "score": reference.formatted(s.mean),
                "verdict": "niet beoordeeld" if s.mean is None else "aandachtspunt" if s.weak else "op orde",
            }
            for s in scores
        ],
        "weak": [
            {
                "factor": s.factor,
                "recommendations": [rec["id"] for rec in _recommendations(factors[s.factor], role, data)],
                "recommendationLinks": [rec["href"] for rec in _recommendations(factors[s.factor], role, data)],
                "cases": [case["id"] for case in factors[s.factor]["cases"]],
            }
            for s in scores
            if s.weak
        ],
    }


def _recommendations(factor: dict[str, Any], role: str, data: dict[str, Any]) -> list[dict[str, Any]]:
    if role:
        return list(factor["recommendations"][role])
    seen: dict[str, dict[str, Any]] = {}
    for audience in data["audiences"]:
        for rec in factor["recommendations"][audience["id"]]:
            seen.setdefault(rec["id"], rec)
    return list(seen.values())


# -- fixtures and page helpers -----------------------------------------------------------------


def page_data(page: Any) -> dict[str, Any]:
    return json.loads(page.text_content("#zelfscan-data"))


def answer(page: Any, answers: dict[str, Any], role: str | None = None) -> None:
    if role:
        page.check(f'input[name="zelfscan-role"][value="{role}"]')
    for question, value in answers.items():
        page.check(f'input[name="{question}"][value="{value}"]')


def show_results(page: Any) -> dict[str, Any]:
    page.click("#zelfscan-show")
    page.wait_for_selector(".zelfscan-table")
    results: dict[str, Any] = page.evaluate(RESULTS_JS)
    return results


def checked_answers(page: Any) -> dict[str, str]:
    return page.evaluate(
        """() => Object.fromEntries([...document.querySelectorAll('.zelfscan-question input:checked')]
              .map(input => [input.name, input.value]))"""
    )


# Every text box and every threshold segment of a chart, in screen coordinates.
CHART_BOXES_JS = """selector => {
  const svg = document.querySelector(selector);
  const box = e => { const r = e.getBoundingClientRect(); return {x: r.x, y: r.y, w: r.width, h: r.height, text: e.textContent}; };
  return {texts: [...svg.querySelectorAll('text')].map(box), lines: [...svg.querySelectorAll('.scan-threshold')].map(box)};
}"""


def assert_threshold_crosses_no_text(page: Any, selector: str) -> None:
    """The dashed threshold line never runs through a label (issue 14)."""
    boxes = page.evaluate(CHART_BOXES_JS, selector)
    assert boxes["lines"], "no threshold line drawn"
    for line in boxes["lines"]:
        for text in boxes["texts"]:
            overlap_x = line["x"] <= text["x"] + text["w"] and text["x"] <= line["x"] + max(line["w"], 1)
            overlap_y = line["y"] < text["y"] + text["h"] and text["y"] < line["y"] + line["h"]
            assert not (overlap_x and overlap_y), f"de drempellijn loopt door '{text['text']}'"


def assert_matches(results: dict[str, Any], want: dict[str, Any]) -> None:
    assert results["rows"] == want["rows"]
    assert results["weak"] == want["weak"]


# -- scoring and advice ------------------------------------------------------------------------------


@pytest.mark.parametrize(("answers", "role"), SCENARIOS)
def test_scores_and_advice_for_the_chosen_role(page: Any, base_url: str, answers: dict[str, Any], role: str) -> None:
    page.goto(base_url + "zelfscan.html")
    answer(page, answers, role)

    results = show_results(page)

    assert_matches(results, expected(page_data(page), answers, role))


def test_the_mini_answers_give_the_known_result(page: Any, base_url: str) -> None:
    """The same rule written out by hand for one case, so `expected` itself is checked."""
    page.goto(base_url + "zelfscan.html")
    answer(page, BOTH_WEAK, "leidinggevenden")

    results = show_results(page)

    assert [(r["factor"], r["score"], r["verdict"]) for r in results["rows"]] == [
        ("vertrouwen", "1,5", "aandachtspunt"),
        ("gedeelde-opgave", "2,8", "aandachtspunt"),  # (2 + 3 + 3 + (6 − 3)) / 4 = 2,75
    ]
    assert [(w["factor"], w["recommendations"]) for w in results["weak"]] == [
        ("vertrouwen", ["tijd-geven"]),
        ("gedeelde-opgave", []),
    ]
    assert results["weak"][0]["cases"] == ["oostplein"]
    assert "Aandachtspunten, zwakste eerst: Vertrouwen, Gedeelde opgave." in results["summary"]
    assert "6 van 6 stellingen beantwoord" in results["summary"]


def test_a_negative_statement_is_reverse_scored(page: Any, base_url: str) -> None:
    """The issue's example: 3, 3, 3 and 'helemaal eens' (5) on the negative statement gives
    (3 + 3 + 3 + 1) / 4 = 2,5, a point for attention (not 3,5)."""
    page.goto(base_url + "zelfscan.html")
    assert [s["reverse"] for s in page_data(page)["factors"][0]["statements"]] == [False, False, False, True]
    answer(page, REVERSED)

    results = show_results(page)

    assert results["rows"][0] == {"factor": "gedeelde-opgave", "score": "2,5", "verdict": "aandachtspunt"}
    assert any("2,5 (aandachtspunt)" in text for text in results["chartText"])


def test_gespreksvragen_are_shown_and_never_scored(page: Any, base_url: str) -> None:
    page.goto(base_url + "zelfscan.html")
    conversation = ["gedeelde-opgave-4", "vertrouwen-3"]
    for question in conversation:
        assert page.locator(f'[data-conversation="{question}"]').count() == 1  # shown with its factor
        assert page.locator(f'input[name="{question}"]').count() == 0  # nothing to answer
    # a saved file that answers them anyway: those answers are skipped, the score unchanged
    payload = {"zelfscan": 2, "role": "deelnemers", "answers": {**AT_THRESHOLD, "gedeelde-opgave-4": 1, "vertrouwen-3": 1}}
    page.set_input_files("#zelfscan-import", {"name": "met-gespreksvragen.json", "mimeType": "application/json", "buffer": json.dumps(payload).encode()})
    page.wait_for_selector(".zelfscan-table")

    results = page.evaluate(RESULTS_JS)
    assert_matches(results, expected(page_data(page), AT_THRESHOLD, "deelnemers"))
    assert "2 antwoorden horen niet bij een stelling" in page.text_content("#zelfscan-file-status")
    # and the weak factor's advice lists its gespreksvraag
    assert page.locator('.zelfscan-weak[data-factor="vertrouwen"] [data-conversation="vertrouwen-3"]').count() == 1


def test_a_factor_at_the_threshold_is_not_weak(page: Any, base_url: str) -> None:
    page.goto(base_url + "zelfscan.html")
    answer(page, AT_THRESHOLD, "leidinggevenden")

    results = show_results(page)

    assert [(r["factor"], r["score"], r["verdict"]) for r in results["rows"]] == [
        ("vertrouwen", "2,0", "aandachtspunt"),
        ("gedeelde-opgave", "3,0", "op orde"),
    ]
    assert [(w["factor"], w["recommendations"]) for w in results["weak"]] == [("vertrouwen", ["tijd-geven"])]


def test_dont_know_is_left_out_and_a_factor_without_scores_is_not_judged(page: Any, base_url: str) -> None:
    page.goto(base_url + "zelfscan.html")
    # gedeelde-opgave: one counted answer, below the minimum of two
    answer(page, {"gedeelde-opgave-1": DONT_KNOW, "gedeelde-opgave-2": DONT_KNOW, "gedeelde-opgave-3": 2, "vertrouwen-1": 5, "vertrouwen-2": 4})

    results = show_results(page)

    assert results["rows"] == [
        {"factor": "vertrouwen", "score": "4,5", "verdict": "op orde"},
        {"factor": "gedeelde-opgave", "score": "–", "verdict": "niet beoordeeld"},
    ]
    assert results["weak"] == []
    assert "Geen aandachtspunten" in results["summary"]


def test_chart_is_readable_without_colour(page: Any, base_url: str) -> None:
    page.goto(base_url + "zelfscan.html")
    answer(page, ONE_WEAK)

    results = show_results(page)
    chart = page.locator("svg.zelfscan-chart")

    assert chart.get_attribute("role") == "img"
    assert page.locator("#zelfscan-chart-title").text_content() == "Gemiddelde score per succesfactor"
    # weakest first: the weak bar is hatched, the other solid; each carries its score in words
    assert results["bars"] == ["url(#zelfscan-hatch)", "currentColor"]
    assert "1. Gedeelde opgave: 2,0 (aandachtspunt)" in results["chartText"]
    assert "2. Vertrouwen: 3,5 (op orde)" in results["chartText"]
    assert "drempel 3,0" in results["chartText"]
    assert_threshold_crosses_no_text(page, "svg.zelfscan-chart")


def test_links_in_the_advice_lead_to_existing_pages_and_anchors(page: Any, base_url: str) -> None:
    page.goto(base_url + "zelfscan.html")
    answer(page, BOTH_WEAK, "deelnemers")
    show_results(page)

    page.click('.zelfscan-weak[data-factor="vertrouwen"] [data-recommendation="verschillen-uitspreken"] a')

    page.wait_for_url("**/aanbevelingen/storming.html#verschillen-uitspreken")  # its moment page
    assert page.locator("#verschillen-uitspreken").count() == 1


def test_tailored_edition_uses_its_own_role(page: Any, base_url: str) -> None:
    page.goto(base_url + "voorzitters/zelfscan.html")
    assert page.locator('input[name="zelfscan-role"][type="radio"]').count() == 0
    answer(page, BOTH_WEAK)

    results = show_results(page)

    assert_matches(results, expected(page_data(page), BOTH_WEAK, "voorzitters"))
    assert [w["recommendations"] for w in results["weak"]] == [[], ["bestaansreden-helder"]]
    assert "Aanbevelingen voor voorzitters" in page.locator(".zelfscan-weak h5").all_text_contents()


# -- export, reload, import ------------------------------------------------------------------------------


def export(page: Any, folder: Path) -> tuple[Path, dict[str, Any]]:
    with page.expect_download() as download_info:
        page.click("#zelfscan-export")
    download = download_info.value
    target = folder / download.suggested_filename
    download.save_as(target)
    return target, json.loads(target.read_text(encoding="utf-8"))


def test_export_carries_the_role_and_no_name_and_imports_again(page: Any, base_url: str, tmp_path: Path) -> None:
    page.goto(base_url + "zelfscan.html")
    answer(page, BOTH_WEAK, "deelnemers")
    before = show_results(page)

    saved, payload = export(page, tmp_path)
    assert saved.name == "zelfscan-deelnemers.json"
    assert payload == {
        "zelfscan": 2,
        "edition": "volledig",
        "version": page_data(page)["version"],
        "role": "deelnemers",
        "answers": BOTH_WEAK,
    }

    page.click("#zelfscan-wipe")
    assert checked_answers(page) == {}
    assert page.locator(".zelfscan-table").count() == 0

    page.set_input_files("#zelfscan-import", saved)
    page.wait_for_selector(".zelfscan-table")

    after = page.evaluate(RESULTS_JS)
    assert after["details"] == before["details"]
    assert after["summary"] == before["summary"]
    assert checked_answers(page) == {q: str(v) for q, v in BOTH_WEAK.items()}
    assert page.locator('input[name="zelfscan-role"]:checked').get_attribute("value") == "deelnemers"
    assert "zelfscan-deelnemers.json" in page.text_content("#zelfscan-file-status")


def test_export_asks_for_a_role_first(page: Any, base_url: str) -> None:
    page.goto(base_url + "zelfscan.html")
    answer(page, BOTH_WEAK)
    downloads: list[Any] = []
    page.on("download", lambda download: downloads.append(download))

    page.click("#zelfscan-export")

    assert "Kies eerst je rol" in page.text_content("#zelfscan-file-status")
    assert page.evaluate("document.activeElement.name") == "zelfscan-role"
    assert downloads == []


def test_reload_keeps_the_answers_and_the_wipe_button_clears_them(page: Any, base_url: str) -> None:
    page.goto(base_url + "zelfscan.html")
    answer(page, BOTH_WEAK, "bestuurders")
    before = show_results(page)

    page.reload()
    page.wait_for_selector(".zelfscan-table")

    assert checked_answers(page) == {q: str(v) for q, v in BOTH_WEAK.items()}
    assert page.locator('input[name="zelfscan-role"]:checked').get_attribute("value") == "bestuurders"
    assert page.evaluate(RESULTS_JS)["details"] == before["details"]
    assert list(page.evaluate("() => Object.keys(sessionStorage)")) == ["praktijkgids-zelfscan:volledig"]

    page.click("#zelfscan-wipe")

    assert checked_answers(page) == {}
    assert page.locator('input[name="zelfscan-role"]:checked').count() == 0
    assert page.locator(".zelfscan-table").count() == 0
    assert page.evaluate("() => Object.keys(sessionStorage)") == []
    assert "gewist" in page.text_content("#zelfscan-file-status")
    page.reload()
    assert checked_answers(page) == {}


def test_import_into_a_tailored_edition_keeps_its_role(page: Any, base_url: str, tmp_path: Path) -> None:
    saved = tmp_path / "van-deelnemer.json"
    saved.write_text(json.dumps({"zelfscan": 2, "role": "deelnemers", "answers": BOTH_WEAK}), encoding="utf-8")
    page.goto(base_url + "voorzitters/zelfscan.html")

    page.set_input_files("#zelfscan-import", saved)
    page.wait_for_selector(".zelfscan-table")

    results = page.evaluate(RESULTS_JS)
    assert_matches(results, expected(page_data(page), BOTH_WEAK, "voorzitters"))
    assert "andere rol" in page.text_content("#zelfscan-file-status")


def test_import_refuses_a_file_that_is_no_saved_zelfscan(page: Any, base_url: str) -> None:
    page.goto(base_url + "zelfscan.html")
    answer(page, ONE_WEAK)

    page.set_input_files("#zelfscan-import", {"name": "notities.json", "mimeType": "application/json", "buffer": b"[1, 2"})
    page.wait_for_function("document.getElementById('zelfscan-file-status').textContent !== ''")

    assert "'notities.json' kon niet worden ingeladen" in page.text_content("#zelfscan-file-status")
    assert checked_answers(page) == {q: str(v) for q, v in ONE_WEAK.items()}  # nothing was lost


def test_import_skips_unknown_questions_and_values(page: Any, base_url: str) -> None:
    page.goto(base_url + "zelfscan.html")
    payload = {"zelfscan": 2, "role": "leidinggevenden", "answers": {"vertrouwen-1": 2, "vertrouwen-2": 9, "weg-1": 3, "gedeelde-opgave-1": "x"}}

    page.set_input_files("#zelfscan-import", {"name": "oud.json", "mimeType": "application/json", "buffer": json.dumps(payload).encode()})
    page.wait_for_function("document.getElementById('zelfscan-file-status').textContent.includes('ingeladen')")

    assert checked_answers(page) == {"vertrouwen-1": "2"}
    assert "3 antwoorden" in page.text_content("#zelfscan-file-status")


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"[1, 2", "geen opgeslagen zelfscan"),
        (json.dumps({"zelfscan": 1, "role": "", "answers": {}}).encode(), "andere versie van de zelfscan"),
        (json.dumps({"zelfscan": 2, "role": "burgemeester", "answers": {}}).encode(), "geen rol"),
        (json.dumps({"zelfscan": 2, "role": "deelnemers", "answers": [1]}).encode(), "geen antwoorden"),
    ],
)
def test_import_names_what_is_wrong_with_a_file(page: Any, base_url: str, content: bytes, reason: str) -> None:
    page.goto(base_url + "zelfscan.html")

    page.set_input_files("#zelfscan-import", {"name": "fout.json", "mimeType": "application/json", "buffer": content})
    page.wait_for_function("document.getElementById('zelfscan-file-status').textContent !== ''")

    status = page.text_content("#zelfscan-file-status")
    assert "'fout.json' kon niet worden ingeladen" in status and reason in status


# -- keyboard only -------------------------------------------------------------------------------------------


def test_complete_the_zelfscan_with_the_keyboard_only(page: Any, base_url: str) -> None:
    """Tab through the page; in each radio group Space picks the first option and the
    arrow keys move on; Enter on the button shows the result."""
    page.goto(base_url + "zelfscan.html")
    data = page_data(page)
    options = [str(step["value"]) for step in data["scale"]] + [DONT_KNOW]
    want_role = "bestuurders"
    role_options = page.evaluate("() => [...document.querySelectorAll('input[name=\"zelfscan-role\"]')].map(i => i.value)")
    outlines: list[str] = []

    for _ in range(300):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            """() => { const e = document.activeElement;
                 const label = e.closest('label');
                 return {id: e.id, name: e.name || '', type: e.type || '', value: e.value || '',
                         outline: label ? getComputedStyle(label).outlineStyle : ''}; }"""
        )
        if focused["name"] == "zelfscan-role":
            for _ in range(role_options.index(want_role) - role_options.index(focused["value"])):
                page.keyboard.press("ArrowRight")
        elif focused["type"] == "radio" and focused["name"] in BOTH_WEAK:
            outlines.append(focused["outline"])
            page.keyboard.press("Space")  # checks the first option: value 1
            for _ in range(options.index(str(BOTH_WEAK[focused["name"]]))):
                page.keyboard.press("ArrowRight")
        elif focused["id"] == "zelfscan-show":
            page.keyboard.press("Enter")
            break
    else:
        pytest.fail("the 'Toon de uitslag' button was never reached with Tab")

    page.wait_for_selector(".zelfscan-table")
    assert checked_answers(page) == {q: str(v) for q, v in BOTH_WEAK.items()}
    assert_matches(page.evaluate(RESULTS_JS), expected(data, BOTH_WEAK, want_role))
    assert outlines == ["solid"] * len(BOTH_WEAK)  # the focused option is visibly marked
    assert page.evaluate("document.activeElement.id") == "zelfscan-results"  # focus moved to the result


# -- accessibility ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["zelfscan.html", "voorzitters/zelfscan.html"])
def test_axe_finds_no_wcag_violations_before_and_after_scoring(page: Any, base_url: str, path: str) -> None:
    axe = Axe()
    options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
    page.goto(base_url + path)

    empty = axe.run(page, options=options)
    answer(page, BOTH_WEAK)
    show_results(page)
    scored = axe.run(page, options=options)

    assert empty.violations_count == 0, empty.generate_report()
    assert scored.violations_count == 0, scored.generate_report()


# -- offline and private --------------------------------------------------------------------------------------


def test_works_from_file_without_network_and_sends_nothing(page: Any, mini_site: Path, tmp_path: Path) -> None:
    network = refuse_network(page)
    page.goto((mini_site / "zelfscan.html").as_uri())
    page.wait_for_function("document.documentElement.classList.contains('zelfscan-ready')")
    network.clear()  # the page's own loading is the theme's business; from here on it is ours
    stored = page.evaluate(STORAGE_JS)

    answer(page, ONE_WEAK, "voorzitters")
    results = show_results(page)
    saved, _ = export(page, tmp_path)
    page.set_input_files("#zelfscan-import", saved)
    page.wait_for_function("document.getElementById('zelfscan-file-status').textContent.includes('ingeladen')")

    assert_matches(results, expected(page_data(page), ONE_WEAK, "voorzitters"))
    assert page.evaluate(RESULTS_JS)["details"] == results["details"]
    assert network == []
    assert page.evaluate("document.cookie") == ""
    # kept only in this tab: no cookie, nothing added to localStorage (the theme keeps its colour
    # scheme there), one sessionStorage entry
    cookie, local, session = page.evaluate(STORAGE_JS)
    assert (cookie, local) == (stored[0], stored[1]) and cookie == ""
    assert (stored[2], session) == ([], ["praktijkgids-zelfscan:volledig"])

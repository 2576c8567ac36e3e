"""The teamscan in real headless Chromium: three saved zelfscans of different roles side by side,
a broken file reported and skipped, drag-and-drop, the agenda, keyboard, axe, file://, print.

Expected figures come from the Python reference of the scoring rule (tests/scoring_reference.py)
applied to the page's own embedded data and the fixture files in tests/fixtures/teamscan/.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from tests import scoring_reference as reference
from tests.browser.conftest import refuse_network

pytestmark = pytest.mark.browser

EXPORTS = Path(__file__).resolve().parents[1] / "fixtures" / "teamscan"
PEOPLE = ["voorzitter.json", "deelnemer.json", "bestuurder.json"]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
A4_CSS_PX = 794  # 210 mm at 96 px per inch

TABLE_JS = """() => ({
  heads: [...document.querySelectorAll('.teamscan-table thead th')].map(th => th.textContent),
  rows: [...document.querySelectorAll('.teamscan-table tbody tr')].map(tr => ({
    factor: tr.dataset.factor,
    n: tr.querySelector('.teamscan-n').textContent,
    mean: tr.querySelector('td.teamscan-mean').textContent,
    range: tr.querySelector('td.teamscan-range').textContent,
    roles: Object.fromEntries([...tr.querySelectorAll('.teamscan-role')].map(td => [td.dataset.role, td.textContent])),
    flags: tr.querySelector('.teamscan-flags').textContent,
  })),
  messages: [...document.querySelectorAll('#teamscan-messages li')].map(li => li.textContent),
  summary: document.getElementById('teamscan-summary').textContent,
  agenda: [...document.querySelectorAll('.teamscan-agenda-item')].map(item => ({
    factor: item.dataset.factor,
    heading: item.querySelector('h3').textContent,
    why: item.querySelector('.teamscan-agenda-why').textContent,
    conversation: [...item.querySelectorAll('[data-conversation]')].map(li => li.dataset.conversation),
    recommendations: Object.fromEntries([...item.querySelectorAll('[data-role]')].map(list =>
      [list.dataset.role, [...list.querySelectorAll('[data-recommendation]')].map(li => li.dataset.recommendation)])),
  })),
})"""


def people() -> list[tuple[str, dict[str, Any]]]:
    found = []
    for name in PEOPLE:
        payload = json.loads((EXPORTS / name).read_text(encoding="utf-8"))
        found.append((payload["role"], payload["answers"]))
    return found


def team_data(page: Any) -> dict[str, Any]:
    return json.loads(page.text_content("#teamscan-data"))


def load_files(page: Any, names: list[str]) -> dict[str, Any]:
    page.set_input_files("#teamscan-files", [EXPORTS / name for name in names])
    page.wait_for_function(f"document.querySelectorAll('#teamscan-messages li').length === {len(names)}")
    result: dict[str, Any] = page.evaluate(TABLE_JS)
    return result


def expected_rows(data: dict[str, Any], team: list[tuple[str, dict[str, Any]]]) -> list[dict[str, Any]]:
    """The table as the reference computes it: weakest first, unscored last, ties in guide order."""
    numbers = {f["id"]: f["number"] for f in data["factors"]}
    roles = [a["id"] for a in data["audiences"] if a["id"] in {role for role, _ in team}]
    scores = sorted(reference.team(data, team), key=lambda s: (s.mean is None, s.mean or 0, numbers[s.factor]))
    return [
        {
            "factor": s.factor,
            "n": str(s.n),
            "mean": reference.formatted(s.mean),
            "range": "–" if s.mean is None else f"{reference.formatted(s.low)}–{reference.formatted(s.high)}",
            "roles": {role: reference.formatted(s.by_role.get(role)) for role in roles},
            "flags": "; ".join(f for f, on in (("aandachtspunt", s.weak), ("verschil van mening", s.disputed)) if on) or "–",
        }
        for s in scores
    ]


# -- the team's figures ----------------------------------------------------------------------------


def test_three_roles_give_the_reference_means_and_spreads(page: Any, base_url: str) -> None:
    page.goto(base_url + "teamscan.html")

    shown = load_files(page, PEOPLE)

    assert shown["rows"] == expected_rows(team_data(page), people())
    assert shown["heads"] == [
        "Succesfactor", "Personen", "Gemiddelde", "Laagste–hoogste",
        "Gemiddelde voorzitters", "Gemiddelde deelnemers", "Gemiddelde bestuurders", "Signaal",
    ]
    assert shown["summary"].startswith("3 zelfscans ingeladen (1 voorzitter, 1 deelnemer, 1 bestuurder).")


def test_the_fixture_team_gives_the_known_figures(page: Any, base_url: str) -> None:
    """The same figures worked out by hand, so the reference itself is checked: per person
    gedeelde-opgave is 1,75 / 4,67 / 3,0 (the negative statement reversed), vertrouwen
    5,0 / 1,5 / none (the bestuurder answered one statement, below the minimum of two)."""
    page.goto(base_url + "teamscan.html")

    rows = {row["factor"]: row for row in load_files(page, PEOPLE)["rows"]}

    assert rows["gedeelde-opgave"] == {
        "factor": "gedeelde-opgave", "n": "3", "mean": "3,1", "range": "1,8–4,7",
        "roles": {"voorzitters": "1,8", "deelnemers": "4,7", "bestuurders": "3,0"}, "flags": "verschil van mening",
    }
    assert rows["vertrouwen"] == {
        "factor": "vertrouwen", "n": "2", "mean": "3,3", "range": "1,5–5,0",
        "roles": {"voorzitters": "5,0", "deelnemers": "1,5", "bestuurders": "–"}, "flags": "verschil van mening",
    }


def test_a_broken_file_is_named_and_skipped_while_the_others_load(page: Any, base_url: str) -> None:
    page.goto(base_url + "teamscan.html")

    shown = load_files(page, ["voorzitter.json", "kapot.json", "deelnemer.json"])

    assert shown["messages"] == [
        "'voorzitter.json' is ingeladen: voorzitter, 6 antwoorden.",
        "'kapot.json' is overgeslagen: het is geen opgeslagen zelfscan.",
        "'deelnemer.json' is ingeladen: deelnemer, 6 antwoorden.",
    ]
    assert shown["rows"] == expected_rows(team_data(page), people()[:2])
    assert page.locator("#teamscan-status .teamscan-message--error").count() == 1


def test_the_same_file_twice_counts_once(page: Any, base_url: str) -> None:
    page.goto(base_url + "teamscan.html")
    load_files(page, ["voorzitter.json"])

    shown = load_files(page, ["voorzitter.json"])

    assert shown["messages"] == ["'voorzitter.json' is overgeslagen: dit bestand is al ingeladen."]
    assert {row["n"] for row in shown["rows"]} == {"1"}


def test_files_can_be_dropped_on_the_page(page: Any, base_url: str) -> None:
    page.goto(base_url + "teamscan.html")
    files = [{"name": name, "text": (EXPORTS / name).read_text(encoding="utf-8")} for name in PEOPLE]

    page.evaluate(
        """files => {
             const transfer = new DataTransfer();
             files.forEach(f => transfer.items.add(new File([f.text], f.name, {type: 'application/json'})));
             const zone = document.getElementById('teamscan-drop');
             zone.dispatchEvent(new DragEvent('dragover', {dataTransfer: transfer, bubbles: true, cancelable: true}));
             zone.dispatchEvent(new DragEvent('drop', {dataTransfer: transfer, bubbles: true, cancelable: true}));
           }""",
        files,
    )
    page.wait_for_selector(".teamscan-table")

    assert page.evaluate(TABLE_JS)["rows"] == expected_rows(team_data(page), people())


def test_agenda_lists_weakest_and_most_disputed_with_questions_and_recommendations_per_role(page: Any, base_url: str) -> None:
    page.goto(base_url + "teamscan.html")
    load_files(page, ["voorzitter.json", "deelnemer.json"])
    data = team_data(page)

    agenda = page.evaluate(TABLE_JS)["agenda"]

    # two factors in the mini guide: each is among the three weakest and the three most disputed;
    # gedeelde-opgave (1,75 and 4,67: 3,2) before vertrouwen (5,0 and 1,5: 3,25)
    assert [item["factor"] for item in agenda] == ["gedeelde-opgave", "vertrouwen"]
    assert agenda[0]["heading"] == "Agendapunt 1: Gedeelde opgave"
    assert "zwakste" in agenda[0]["why"] and "meningen" in agenda[0]["why"]
    factors = {f["id"]: f for f in data["factors"]}
    for item in agenda:
        factor = factors[item["factor"]]
        assert item["conversation"] == [q["id"] for q in factor["conversation"]]
        # only the roles present in the team: voorzitters and deelnemers
        assert item["recommendations"] == {role: [r["id"] for r in factor["recommendations"][role]] for role in ("voorzitters", "deelnemers")}
    assert page.locator("#teamscan-agenda-print").is_visible()


def test_start_again_clears_the_team(page: Any, base_url: str) -> None:
    page.goto(base_url + "teamscan.html")
    load_files(page, PEOPLE)

    page.click("#teamscan-clear")

    assert page.locator(".teamscan-table").count() == 0
    assert page.locator(".teamscan-agenda-item").count() == 0
    assert page.text_content("#teamscan-summary") == "Nog geen bestanden ingeladen."
    load_files(page, ["voorzitter.json"])  # the same file loads again after a fresh start
    assert page.locator(".teamscan-table").count() == 1


def test_tailored_edition_shows_every_role(page: Any, base_url: str) -> None:
    page.goto(base_url + "leidinggevenden/teamscan.html")

    shown = load_files(page, PEOPLE)

    assert shown["rows"] == expected_rows(team_data(page), people())
    # the roles present, none of them this edition's: their recommendations in the complete guide
    links = page.eval_on_selector_all(".teamscan-agenda-item .teamscan-elsewhere a", "as => as.map(a => a.getAttribute('href'))")
    assert set(links) == {"../aanbevelingen/voorzitters.html", "../aanbevelingen/deelnemers.html", "../aanbevelingen/bestuurders.html"}
    page.click(".teamscan-agenda-item [data-role='deelnemers'] a")
    page.wait_for_url("**/aanbevelingen/deelnemers.html")


# -- chart, keyboard, accessibility, offline, print --------------------------------------------------


def test_chart_works_in_black_and_white_and_keeps_the_threshold_off_the_labels(page: Any, base_url: str) -> None:
    page.goto(base_url + "teamscan.html")
    load_files(page, PEOPLE)
    chart = page.locator("svg.teamscan-chart")

    assert chart.get_attribute("role") == "img"
    # no colour carries meaning: every mark is drawn in currentColor, a hatch or no fill
    fills = page.eval_on_selector_all("svg.teamscan-chart rect, svg.teamscan-chart path", "els => els.map(e => e.getAttribute('fill'))")
    assert set(fills) <= {"none", "currentColor", "url(#teamscan-hatch)"}
    assert page.locator("svg.teamscan-chart .teamscan-range--disputed").count() == 2
    texts = chart.locator("text").all_text_contents()
    assert any("verschil van mening" in text for text in texts)
    boxes = page.evaluate(
        """() => { const box = e => { const r = e.getBoundingClientRect(); return {x: r.x, y: r.y, w: r.width, h: r.height, t: e.textContent}; };
                   const svg = document.querySelector('svg.teamscan-chart');
                   return {texts: [...svg.querySelectorAll('text')].map(box), lines: [...svg.querySelectorAll('.scan-threshold')].map(box)}; }"""
    )
    assert boxes["lines"]
    for line in boxes["lines"]:
        for text in boxes["texts"]:
            crosses = line["x"] <= text["x"] + text["w"] and text["x"] <= line["x"] + 1 and line["y"] < text["y"] + text["h"] and text["y"] < line["y"] + line["h"]
            assert not crosses, text["t"]


def test_load_files_and_print_the_agenda_with_the_keyboard_only(page: Any, base_url: str) -> None:
    page.goto(base_url + "teamscan.html")
    printed: list[str] = []
    page.expose_function("reportPrint", lambda classes: printed.append(classes))
    page.evaluate("() => { window.print = () => window.reportPrint(document.documentElement.className); }")

    reached = False
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "teamscan-files":
            reached = True
            break
    assert reached, "the file picker was never reached with Tab"
    chooser = _choose_with_the_keyboard(page)
    chooser.set_files([EXPORTS / name for name in PEOPLE])
    page.wait_for_selector(".teamscan-agenda-item")
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "teamscan-agenda-print":
            page.keyboard.press("Enter")
            break
    page.wait_for_function("() => true")

    assert printed and "teamscan-print-agenda" in printed[0]


def _choose_with_the_keyboard(page: Any) -> Any:
    """The file chooser opened by Space on the focused picker. Under a loaded full run headless
    Chromium now and then drops the first key's chooser; a second press is still keyboard-only."""
    for attempt in range(3):
        try:
            with page.expect_file_chooser(timeout=10_000) as chooser:
                page.keyboard.press("Space")
            return chooser.value
        except PlaywrightTimeoutError:
            assert page.evaluate("document.activeElement.id") == "teamscan-files", "focus left the file picker"
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


@pytest.mark.parametrize("path", ["teamscan.html", "bestuurders/teamscan.html"])
def test_axe_finds_no_wcag_violations_before_and_after_loading(page: Any, base_url: str, path: str) -> None:
    axe = Axe()
    options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
    page.goto(base_url + path)

    empty = axe.run(page, options=options)
    load_files(page, [*PEOPLE, "kapot.json"])
    loaded = axe.run(page, options=options)

    assert empty.violations_count == 0, empty.generate_report()
    assert loaded.violations_count == 0, loaded.generate_report()


def test_works_from_file_without_network_and_keeps_nothing(page: Any, mini_site: Path) -> None:
    network = refuse_network(page)
    page.goto((mini_site / "teamscan.html").as_uri())
    page.wait_for_function("document.documentElement.classList.contains('teamscan-ready')")
    network.clear()
    session_before = page.evaluate("() => Object.keys(sessionStorage)")

    shown = load_files(page, PEOPLE)

    assert shown["rows"] == expected_rows(team_data(page), people())
    assert network == []
    assert page.evaluate("document.cookie") == ""
    assert page.evaluate("() => Object.keys(sessionStorage)") == session_before == []
    page.reload()
    assert page.locator(".teamscan-table").count() == 0  # the files are not kept


@pytest.mark.parametrize(("path", "agenda_only"), [("teamscan.html", False), ("teamscan.html", True), ("zelfscan.html", False)])
def test_print_view_fits_a4(page: Any, base_url: str, path: str, agenda_only: bool) -> None:
    """Printed, nothing is wider than an A4 page (minus the 15 mm margins of @page)."""
    page.goto(base_url + path)
    if path == "teamscan.html":
        load_files(page, PEOPLE)
    else:
        for statement, value in {"gedeelde-opgave-1": 2, "gedeelde-opgave-2": 2, "vertrouwen-1": 4, "vertrouwen-2": 4}.items():
            page.check(f'input[name="{statement}"][value="{value}"]')
        page.click("#zelfscan-show")
    if agenda_only:
        page.evaluate("document.documentElement.classList.add('teamscan-print-agenda')")
    width = A4_CSS_PX - round(2 * 15 / 25.4 * 96)
    page.set_viewport_size({"width": width, "height": 1123})
    page.emulate_media(media="print")

    overflow = page.evaluate(
        """limit => [...document.querySelectorAll('article *')]
             .filter(e => e.getClientRects().length && e.getBoundingClientRect().right > limit + 1)
             .map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))""",
        width,
    )
    hidden = page.evaluate("() => getComputedStyle(document.querySelector('.md-sidebar--primary')).display")

    assert overflow == []
    assert hidden == "none"
    if agenda_only:
        assert page.locator(".teamscan-table").is_hidden()
        assert page.locator(".teamscan-agenda-item").first.is_visible()
    assert page.pdf(format="A4", print_background=False).startswith(b"%PDF")

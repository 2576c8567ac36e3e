"""The kern in a real browser (issue #13), on the bundled guide.

A chair preparing a first meeting: the front page's role chooser is on the first phone screen,
and the first-meeting actions of the voorzitters kern are two clicks away and then on screen
without scrolling. Page heights are measured in Chromium against the issue's limits, and the
layered recommendations are checked: closed on screen, open in print, anchors still land.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from generator.editions import select_edition
from generator.load import load_content
from tests.conftest import CONTENT

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
HOME_LIMIT = 2_400
"""The voorzitters home fits in three desktop screens."""
RECOMMENDATIONS_LIMIT = 12_000
"""A page of recommendations fits in fifteen desktop screens."""
FIRST_MEETING = "forming"
"""The phase whose moment is 'Bij de eerste bijeenkomsten'."""


@pytest.fixture(scope="module")
def base_url(guide_site: Path, serve_site: Callable[[Path], str]) -> str:
    return serve_site(guide_site)


@pytest.fixture
def phone(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    yield context.new_page()
    context.close()


@pytest.fixture
def desktop(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport=DESKTOP)
    yield context.new_page()
    context.close()


def _first_meeting_actions() -> list[str]:
    """The action lines of the voorzitters kern at the first meetings, from the content."""
    knowledge = load_content(CONTENT).knowledge
    assert knowledge is not None
    kern = select_edition(knowledge, "voorzitters").kern
    assert kern is not None
    actions = [item.view.item.checklist for item in kern.items if item.moment.id == FIRST_MEETING]
    assert actions, "the voorzitters kern has actions for the first meetings"
    return actions


def _fully_on_screen(box: dict[str, float] | None, height: int) -> bool:
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= height


def test_chair_reaches_the_first_meeting_actions_in_two_clicks_on_a_phone(phone: Any, base_url: str) -> None:
    phone.goto(base_url + "index.html")
    chooser = phone.locator("nav.role-chooser")
    voorzitters = chooser.get_by_role("link", name="Voorzitters")
    box = chooser.bounding_box()
    assert box is not None and box["y"] < PHONE["height"], "the role chooser starts on the first phone screen"
    assert _fully_on_screen(voorzitters.bounding_box(), PHONE["height"]), "the voorzitters choice is on the first screen"

    voorzitters.click()  # click 1
    phone.wait_for_url("**/voorzitters/index.html")
    first_card = phone.locator(".kern-cards li").first.bounding_box()
    assert first_card is not None and first_card["y"] < PHONE["height"], "the first action starts on the first phone screen"

    phone.locator("nav.kern-moments").get_by_role("link", name="Bij de eerste bijeenkomsten").click()  # click 2
    phone.wait_for_url(f"**/voorzitters/index.html#kern-{FIRST_MEETING}")
    phone.wait_for_function("() => window.scrollY > 0")
    cards = phone.locator(f"h3#kern-{FIRST_MEETING} + .kern-cards li")
    shown = [" ".join(cards.nth(i).locator("a").first.inner_text().split()) for i in range(cards.count())]
    assert shown == _first_meeting_actions()
    for i in range(cards.count()):
        assert _fully_on_screen(cards.nth(i).bounding_box(), PHONE["height"]), f"card {i + 1} is visible without scrolling: {shown[i]}"


def test_voorzitters_home_fits_three_desktop_screens_and_starts_with_an_action_on_a_phone(
    desktop: Any, phone: Any, base_url: str
) -> None:
    desktop.goto(base_url + "voorzitters/index.html")
    height = desktop.evaluate("() => document.documentElement.scrollHeight")
    assert height <= HOME_LIMIT, f"voorzitters home is {height} px tall at 1280x800"
    phone.goto(base_url + "voorzitters/index.html")
    box = phone.locator(".kern-cards li").first.bounding_box()
    assert box is not None and box["y"] < PHONE["height"], "the first action starts on the first phone screen"


def test_recommendation_pages_fit_the_height_limit(desktop: Any, base_url: str, guide_site: Path) -> None:
    pages = [
        "voorzitters/aanbevelingen/index.html",
        *sorted(str(p.relative_to(guide_site)) for p in (guide_site / "aanbevelingen").glob("*.html")),
    ]
    assert len(pages) > 6  # the complete edition's index, its moment pages and audience pages
    heights = {}
    for page in pages:
        desktop.goto(base_url + page)
        heights[page] = desktop.evaluate("() => document.documentElement.scrollHeight")
    too_tall = {page: height for page, height in heights.items() if height > RECOMMENDATIONS_LIMIT}
    assert too_tall == {}, f"taller than {RECOMMENDATIONS_LIMIT} px at 1280x800: {too_tall}"


def test_layered_recommendation_closed_on_screen_open_in_print_and_reached_by_anchor(desktop: Any, base_url: str) -> None:
    rec_id = "groep-klein-houden"
    desktop.goto(base_url + f"voorzitters/aanbevelingen/index.html#{rec_id}")
    heading = desktop.locator(f"#{rec_id}")
    assert _fully_on_screen(heading.bounding_box(), DESKTOP["height"]), "the anchor lands on the recommendation"
    gist = desktop.locator(f"#{rec_id} + p.gist")
    details = desktop.locator(f"#{rec_id} ~ details.onderbouwing").first
    sources = details.locator("small.bron")
    assert gist.is_visible() and not sources.is_visible()  # gist first; sources one click away

    details.locator(":scope > summary").click()
    assert sources.is_visible()
    details.locator(":scope > summary").click()
    assert not sources.is_visible()

    # printing opens every disclosure: without JavaScript through the print style sheet ...
    desktop.emulate_media(media="print")
    assert sources.is_visible()
    desktop.emulate_media(media="screen")
    assert not sources.is_visible()
    # ... and with it, the beforeprint handler opens them and afterprint closes them again
    desktop.evaluate("() => window.dispatchEvent(new Event('beforeprint'))")
    assert desktop.evaluate("() => [...document.querySelectorAll('details.onderbouwing')].every(d => d.open)")
    desktop.evaluate("() => window.dispatchEvent(new Event('afterprint'))")
    assert desktop.evaluate("() => [...document.querySelectorAll('details.onderbouwing')].every(d => !d.open)")


def test_layered_recommendations_work_without_javascript(browser: Any, base_url: str) -> None:
    context = browser.new_context(viewport=DESKTOP, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(base_url + "voorzitters/aanbevelingen/index.html")
        summary = page.locator("details.onderbouwing summary").first
        rationale = page.locator("details.onderbouwing").first.locator("small.bewijs")
        assert not rationale.is_visible()
        summary.click()
        assert rationale.is_visible()
    finally:
        context.close()

"""What a reader sees first (issue 13, item 8), measured in Chromium on the built mini site.

A phone is 390×844 (a common current size); a desktop 1280×800.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
EDITIONS = {
    "index.html": "Testgids",
    "voorzitters/index.html": "Testgids voor voorzitters",
    "deelnemers/index.html": "Testgids voor deelnemers",
    "leidinggevenden/index.html": "Testgids voor leidinggevenden",
    "bestuurders/index.html": "Testgids voor bestuurders",
}

HEADER_JS = """() => {
  const name = document.querySelector('.md-header__topic .md-ellipsis');
  return {text: name.textContent.trim(), clipped: name.scrollHeight > name.clientHeight + 1 || name.scrollWidth > name.clientWidth + 1};
}"""
# How far the page title stands below the top of the article: nothing may push it down.
TITLE_JS = """() => {
  const article = document.querySelector('article');
  return document.querySelector('article h1').getBoundingClientRect().top - article.getBoundingClientRect().top;
}"""


def _page(browser: Any, viewport: dict[str, int]) -> Iterator[Any]:
    context = browser.new_context(viewport=viewport)
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.fixture
def phone(browser: Any) -> Iterator[Any]:
    yield from _page(browser, PHONE)


@pytest.fixture
def desktop(browser: Any) -> Iterator[Any]:
    yield from _page(browser, DESKTOP)


@pytest.mark.parametrize("path", sorted(EDITIONS))
def test_phone_header_shows_the_whole_edition_name(phone: Any, base_url: str, path: str) -> None:
    phone.goto(base_url + path)
    header = phone.evaluate(HEADER_JS)
    assert header["text"] == EDITIONS[path]
    assert not header["clipped"], f"de naam van de editie is afgekapt in de kop: {header}"


@pytest.mark.parametrize("path", ["index.html", "voorzitters/index.html", "factoren/vertrouwen.html"])
def test_the_title_comes_first_and_the_print_downloads_stand_beside_it(phone: Any, base_url: str, path: str) -> None:
    phone.goto(base_url + path)
    assert phone.evaluate(TITLE_JS) <= 24  # the article's own top margin (20 px); a line of links would add 30 or more
    action = phone.locator("article a.md-content__button").first
    title = phone.locator("article h1").bounding_box()
    box = action.bounding_box()
    assert action.is_visible() and box is not None and title is not None
    assert box["y"] < title["y"] + title["height"]  # on the title's line, not above it


def test_the_role_chooser_starts_on_the_first_phone_screen(phone: Any, base_url: str) -> None:
    phone.goto(base_url + "index.html")
    first_role = phone.locator(".role-chooser a").first.bounding_box()
    assert first_role is not None and first_role["y"] < PHONE["height"]


def test_the_complete_guides_home_has_its_side_menu_on_a_desktop(desktop: Any, base_url: str) -> None:
    desktop.goto(base_url + "index.html")
    menu = desktop.locator(".md-sidebar--primary")
    assert menu.is_visible()
    for section in ("Succesfactoren", "Fasen", "Praktijkvoorbeelden"):
        assert menu.get_by_text(section, exact=True).first.is_visible()


@pytest.mark.slow
def test_the_bundled_guides_role_chooser_starts_on_the_first_phone_screen(
    phone: Any, serve_site: Callable[[Path], str], guide_site: Path
) -> None:
    phone.goto(serve_site(guide_site) + "index.html")
    first_role = phone.locator(".role-chooser a").first.bounding_box()
    assert first_role is not None and first_role["y"] < PHONE["height"], first_role

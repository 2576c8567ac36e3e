"""Quality gates in a real browser (issue #7): every page of every edition, plus the checklist pages.

Each built site is audited once per session (`audit_site`): the links are checked from the HTML
files, then every page is opened in headless Chromium twice, in the light and the dark colour
scheme, with axe-core (WCAG 2.0/2.1 A + AA) and our own checks. The tests below each assert
one part of that audit, so a failure names what is wrong and on which page.
"""

from __future__ import annotations

import itertools
import posixpath
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

pytestmark = pytest.mark.browser

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_ALL = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
# Only contrast changes with the colour scheme, so the dark pass runs that rule alone.
AXE_CONTRAST = {"runOnly": {"type": "rule", "values": ["color-contrast"]}, "resultTypes": ["violations"]}
# 404.html links from the server root of the deployed site (site_url), not from where it lies.
SKIPPED_PAGES = {"404.html"}
VIEWPORT = {"width": 1280, "height": 900}
SEARCH_WORKER = "/assets/javascripts/workers/search."
TABS = 3  # pages in flight per context: enough to keep two cores busy
SEARCH_WORD = "burgemeester"  # a Dutch word from the mini fixture (glossary and pages)
# Dutch stemming: (query, another form of the word, a page of the mini fixture with only that form).
# afspraak/afspraken share the stem "afsprak" but neither is a prefix of the other, so only a
# stemmed search finds the one from the other; the plurals cannot be found by prefix either.
STEMMED_SEARCHES = [
    ("burgemeesters", "burgemeester", "begrippen.html"),
    ("samenwerkingen", "samenwerking", "index.html"),
    ("afspraken", "afspraak", "factoren/vertrouwen.html"),
    ("afspraak", "afspraken", "voorbeelden/oostplein.html"),
]
# Material's copy of the Dutch stemmer, and our theme override of it (copy + patch, see there).
LUNR_NL = "assets/javascripts/lunr/min/lunr.nl.min.js"
LUNR_NL_OVERRIDE = Path(__file__).resolve().parents[2] / "templates" / "overrides" / LUNR_NL

# Runs in the page: the facts our own checks need, gathered in one round trip.
PAGE_FACTS_JS = """() => {
  const article = document.querySelector('article') || document.body;
  const levels = [...article.querySelectorAll('h1, h2, h3, h4, h5, h6')]
    .filter(h => h.getClientRects().length > 0)
    .map(h => Number(h.tagName[1]));
  const skip = document.querySelector('a.md-skip');
  return {lang: document.documentElement.lang, levels, skip: skip ? skip.getAttribute('href') : null,
          scheme: document.body.getAttribute('data-md-color-scheme')};
}"""


@dataclass
class SiteAudit:
    """What one pass over a built site found; every list is empty on a good site."""

    site: Path
    pages: list[str] = field(default_factory=list)
    violations: list[str] = field(default_factory=list)
    external_requests: set[str] = field(default_factory=set)
    failed_requests: set[str] = field(default_factory=set)
    broken_links: list[str] = field(default_factory=list)
    external_links: set[str] = field(default_factory=set)
    page_problems: list[str] = field(default_factory=list)
    seconds: float = 0.0


# --- links, from the built files -------------------------------------------------------------


class _LinkParser(HTMLParser):
    """Collects element ids and every href/src of one HTML page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[tuple[str, str, str]] = []  # (tag, rel, url)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if "id" in values:
            self.ids.add(values["id"])
        if tag == "a" and "name" in values:
            self.ids.add(values["name"])
        for attribute in ("href", "src"):
            if attribute in values:
                self.links.append((tag, values.get("rel", ""), values[attribute]))


def _link_parser(site: Path, relative: str, cache: dict[str, _LinkParser]) -> _LinkParser:
    if relative not in cache:
        parser = _LinkParser()
        parser.feed((site / relative).read_text(encoding="utf-8"))
        cache[relative] = parser
    return cache[relative]


def _target_file(site: Path, page: str, path: str) -> str | None:
    """The site-relative file a relative link path points to, or None when it leaves the site."""
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(page), path)) if path else page
    if joined == ".." or joined.startswith("../"):
        return None
    if joined == "." or (site / joined).is_dir():
        joined = posixpath.join(joined, "index.html") if joined != "." else "index.html"
    return joined


def check_links(site: Path, pages: list[str], audit: SiteAudit) -> None:
    """Every internal href/src resolves to a file in the site, every #anchor to an id in it."""
    cache: dict[str, _LinkParser] = {}
    for page in pages:
        for tag, rel, url in _link_parser(site, page, cache).links:
            parts = urlsplit(url)
            if parts.scheme in {"mailto", "data"}:
                continue
            if parts.scheme or parts.netloc:
                if tag in {"a", "area"} and parts.scheme in {"http", "https"}:
                    audit.external_links.add(url)  # a link to elsewhere, followed only by the reader
                elif not (tag == "link" and rel in {"canonical", "alternate"}):
                    audit.broken_links.append(f"{page}: <{tag}> {url}: verwijst buiten de site")
                continue
            if parts.path.startswith("/"):
                audit.broken_links.append(f"{page}: {url}: absoluut pad werkt niet onder een submap")
                continue
            target = _target_file(site, page, unquote(parts.path))
            if target is None or not (site / target).is_file():
                audit.broken_links.append(f"{page}: {url}: bestand bestaat niet")
                continue
            anchor = unquote(parts.fragment)
            if anchor and target.endswith(".html") and anchor not in _link_parser(site, target, cache).ids:
                audit.broken_links.append(f"{page}: {url}: anker '#{anchor}' bestaat niet in {target}")


# --- the browser pass ------------------------------------------------------------------------


def _format_violation(page: str, scheme: str, violation: dict[str, Any]) -> str:
    targets = ", ".join(" ".join(map(str, node["target"])) for node in violation["nodes"][:3])
    more = f" (+{len(violation['nodes']) - 3})" if len(violation["nodes"]) > 3 else ""
    return f"{page} [{scheme}] {violation['id']}: {violation['help']}: {targets}{more}"


def _heading_problem(levels: list[int]) -> str | None:
    """One h1 first, then no level skipped on the way down (WCAG 1.3.1 / 2.4.6)."""
    if not levels or levels[0] != 1 or levels.count(1) != 1:
        return f"verwacht precies één h1 als eerste kop, gevonden {levels}"
    for previous, current in itertools.pairwise(levels):
        if current > previous + 1:
            return f"kop springt van h{previous} naar h{current}: {levels}"
    return None


def browse_site(browser: Any, base_url: str, pages: list[str], audit: SiteAudit, scheme: str) -> None:
    """Open every page in one fresh context of `scheme`; record axe violations, requests and page facts.

    A few tabs work in turn: axe is started in each tab without waiting, so it runs in one
    renderer while the next tab loads (two cores are used without threads in Python).
    """
    host = urlsplit(base_url).netloc
    context = browser.new_context(color_scheme=scheme, viewport=VIEWPORT)
    context.add_init_script(Axe().axe_script)

    def guard(route: Any) -> None:
        parts = urlsplit(route.request.url)
        if parts.scheme in {"http", "https"} and parts.netloc == host:
            if SEARCH_WORKER in parts.path:
                # The worker rebuilds the whole search index on every page load, which would
                # dominate the audit; search has its own test (from file://) below.
                route.fulfill(status=200, content_type="text/javascript", body="")
            else:
                route.continue_()
            return
        audit.external_requests.add(f"{_page_of(route.request)}: {route.request.url}")
        route.abort()

    def on_response(response: Any) -> None:
        if response.status >= 400:
            audit.failed_requests.add(f"{_page_of(response.request)}: {response.status} {response.url}")

    context.route("**/*", guard)
    context.on("response", on_response)
    tabs = [context.new_page() for _ in range(TABS)]
    options = AXE_ALL if scheme == "light" else AXE_CONTRAST
    try:
        for start in range(0, len(pages), TABS):
            batch = list(zip(tabs, pages[start : start + TABS]))
            for tab, relative in batch:
                tab.goto(base_url + relative, wait_until="load")
                tab.evaluate("options => { window.__axe = axe.run(document, options); }", options)
            for tab, relative in batch:
                results = tab.evaluate("() => window.__axe")
                audit.violations += [_format_violation(relative, scheme, v) for v in results["violations"]]
                _record_page_facts(relative, scheme, tab.evaluate(PAGE_FACTS_JS), audit)
    finally:
        context.close()


def _page_of(request: Any) -> str:
    """The page a request was made for (its frame's URL), for the failure listing."""
    try:
        return urlsplit(request.frame.url).path.lstrip("/") or "index.html"
    except Exception:  # noqa: BLE001  (Playwright's own error: a worker's request has no frame)
        return "(worker)"


def _record_page_facts(relative: str, scheme: str, facts: dict[str, Any], audit: SiteAudit) -> None:
    expected_scheme = "slate" if scheme == "dark" else "default"
    if facts["scheme"] not in {expected_scheme, None}:  # None: a checklist page without the theme
        audit.page_problems.append(f"{relative} [{scheme}]: kleurenschema '{facts['scheme']}', verwacht '{expected_scheme}'")
    if scheme != "light":
        return
    if facts["lang"] != "nl":
        audit.page_problems.append(f"{relative}: <html lang='{facts['lang']}'>, verwacht 'nl'")
    heading = _heading_problem(facts["levels"])
    if heading:
        audit.page_problems.append(f"{relative}: {heading}")
    if facts["scheme"] is not None and not facts["skip"]:
        audit.page_problems.append(f"{relative}: geen skiplink (a.md-skip)")


def html_pages(site: Path) -> list[str]:
    """Every HTML page of every edition and the checklist pages, site-relative and sorted."""
    found = (path.relative_to(site).as_posix() for path in site.rglob("*.html"))
    return sorted(p for p in found if posixpath.basename(p) not in SKIPPED_PAGES)


def audit_site(browser: Any, base_url: str, site: Path) -> SiteAudit:
    started = time.perf_counter()
    audit = SiteAudit(site, pages=html_pages(site))
    check_links(site, audit.pages, audit)
    for scheme in ("light", "dark"):
        browse_site(browser, base_url, audit.pages, audit, scheme)
    audit.seconds = time.perf_counter() - started
    return audit


# --- fixtures --------------------------------------------------------------------------------

SITES = ["mini_site", "guide_site"]
AUDIENCE_EDITIONS = ("voorzitters", "deelnemers", "leidinggevenden", "bestuurders")
_AUDITS: dict[str, SiteAudit] = {}


@pytest.fixture(scope="session", params=SITES)
def audit(request: pytest.FixtureRequest, browser: Any, serve_site: Callable[[Path], str]) -> SiteAudit:
    """The audit of one built site (mini fixture, real guide), run once per session."""
    name = request.param
    if name not in _AUDITS:
        site: Path = request.getfixturevalue(name)
        _AUDITS[name] = audit_site(browser, serve_site(site), site)
        result = _AUDITS[name]
        # Shown with `pytest -s`: the page count, and the links to elsewhere (not followed, not
        # requested by the site; a reader's click leaves the site) for a human to review.
        print(f"\n{name}: {len(result.pages)} pagina's gecontroleerd in {result.seconds:.1f} s")
        print(f"{name}: links naar andere sites: {_listing(result.external_links)}")
    return _AUDITS[name]


def _listing(problems: Iterable[str]) -> str:
    items = sorted(problems)
    return f"{len(items)} gevonden:\n" + "\n".join(items[:60])


# --- the gates -------------------------------------------------------------------------------


def test_every_edition_and_checklist_page_is_audited(audit: SiteAudit) -> None:
    prefixes = ["", *(f"{edition}/" for edition in AUDIENCE_EDITIONS)]  # the complete guide sits at the root
    for prefix in prefixes:
        assert f"{prefix}index.html" in audit.pages
        assert f"{prefix}toegankelijkheid.html" in audit.pages
    checklists = sorted(p.relative_to(audit.site).as_posix() for p in (audit.site / "checklists").glob("*.html"))
    assert set(checklists) <= set(audit.pages)


def test_no_axe_violations_in_light_and_dark_scheme(audit: SiteAudit) -> None:
    assert not audit.violations, _listing(audit.violations)


def test_no_requests_to_other_hosts(audit: SiteAudit) -> None:
    assert not audit.external_requests, _listing(audit.external_requests)


def test_every_request_succeeds(audit: SiteAudit) -> None:
    assert not audit.failed_requests, _listing(audit.failed_requests)


def test_internal_links_and_anchors_resolve(audit: SiteAudit) -> None:
    assert not audit.broken_links, _listing(audit.broken_links)


def test_lang_skip_link_and_heading_order_on_every_page(audit: SiteAudit) -> None:
    assert not audit.page_problems, _listing(audit.page_problems)


# --- keyboard, and the site opened from the file system --------------------------------------

FOCUS_JS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  const box = el.getBoundingClientRect();
  return {tag: el.tagName.toLowerCase(), cls: el.className, href: el.getAttribute('href'),
          outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0,
          shadow: style.boxShadow !== 'none', visible: box.width > 0 && box.height > 0 && box.top >= 0};
}"""


def test_keyboard_reaches_skip_link_first_and_sees_focus(browser: Any, serve_site: Callable[[Path], str], mini_site: Path) -> None:
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    try:
        page.goto(serve_site(mini_site) + "factoren/vertrouwen.html")
        page.keyboard.press("Tab")
        first = page.evaluate(FOCUS_JS)
        assert first and "md-skip" in first["cls"] and first["visible"], first
        page.keyboard.press("Enter")
        assert page.evaluate("() => location.hash") == first["href"]
        page.keyboard.press("Tab")  # focus continues in the main content, past header and navigation
        assert page.evaluate("() => !!document.activeElement.closest('article')")
        stops = 0
        for _ in range(16):  # on through the page and around to header and navigation
            page.keyboard.press("Tab")
            focused = page.evaluate(FOCUS_JS)
            if focused is None:
                continue  # past the last element, focus leaves the document once
            assert focused["outline"] or focused["shadow"], f"geen zichtbare focus op {focused}"
            stops += 1
        assert stops >= 12
    finally:
        context.close()


def test_search_works_offline_from_file_in_dutch(browser: Any, mini_site: Path) -> None:
    """Opened from file://, the search box finds pages by a Dutch word, with no request elsewhere."""
    context = browser.new_context(viewport=VIEWPORT)
    remote: list[str] = []
    context.on("request", lambda request: None if request.url.startswith(("file:", "data:", "blob:")) else remote.append(request.url))
    page = context.new_page()
    try:
        page.goto((mini_site / "index.html").as_uri())
        search_box = page.get_by_role("textbox", name="Zoeken")
        search_box.click()
        search_box.press_sequentially(SEARCH_WORD)
        results = page.locator(".md-search-result__item")
        results.first.wait_for(state="visible", timeout=15_000)
        assert SEARCH_WORD in " ".join(results.all_inner_texts()).casefold()
        assert not remote, remote
    finally:
        context.close()


# Runs in the page: the result links and the highlighted words (letters only) of the result list.
SEARCH_RESULTS_JS = """() => ({
  hrefs: [...document.querySelectorAll('.md-search-result__link')].map(a => a.getAttribute('href')),
  marks: [...document.querySelectorAll('.md-search-result mark')]
    .map(m => m.textContent.toLowerCase().replace(/[^\\p{L}]/gu, '')),
})"""


def _all_search_results(page: Any) -> dict[str, list[str]]:
    """Every search result, not only the first ones: Material renders ten and adds more as the
    list is scrolled, so scroll it to the end until no more results appear."""
    found: dict[str, list[str]] = page.evaluate(SEARCH_RESULTS_JS)
    for _ in range(20):
        page.evaluate("() => { const list = document.querySelector('.md-search__scrollwrap'); if (list) list.scrollTop = list.scrollHeight; }")
        page.wait_for_timeout(200)
        more: dict[str, list[str]] = page.evaluate(SEARCH_RESULTS_JS)
        if len(more["hrefs"]) == len(found["hrefs"]):
            break
        found = more
    return found


@pytest.mark.parametrize("transport", ["file", "http"])
@pytest.mark.parametrize(("query", "other_form", "page_with_other_form"), STEMMED_SEARCHES)
def test_search_finds_other_dutch_word_forms(
    browser: Any, serve_site: Callable[[Path], str], mini_site: Path,
    transport: str, query: str, other_form: str, page_with_other_form: str,
) -> None:
    """Search stems Dutch: a plural finds the singular and the other way round, from file:// and over http.

    Material appends '*' to each typed term and lunr skips the stemmer for such a term; our
    override of lunr.nl stems it (templates/overrides/assets/javascripts/lunr/min/lunr.nl.min.js).
    """
    start = (mini_site / "index.html").as_uri() if transport == "file" else serve_site(mini_site) + "index.html"
    context = browser.new_context(viewport=VIEWPORT)
    remote: list[str] = []
    local = ("file:", "data:", "blob:", "about:", start.rsplit("/", 1)[0] + "/")
    context.on("request", lambda request: None if request.url.startswith(local) else remote.append(request.url))
    page = context.new_page()
    try:
        page.goto(start)
        search_box = page.get_by_role("textbox", name="Zoeken")
        search_box.click()
        search_box.press_sequentially(query)
        try:
            page.wait_for_function(f"() => ({SEARCH_RESULTS_JS})().marks.includes({other_form!r})", timeout=15_000)
        except PlaywrightTimeoutError:
            shown = page.evaluate(SEARCH_RESULTS_JS)
            pytest.fail(f"'{query}' vindt '{other_form}' niet; gemarkeerd: {sorted(set(shown['marks']))}")
        found = _all_search_results(page)
        base = start.rsplit("/", 1)[0] + "/"
        targets = {urlsplit(href)._replace(query="", fragment="").geturl().removeprefix(base) for href in found["hrefs"]}
        assert page_with_other_form in targets, (query, sorted(targets))
        assert not remote, remote
    finally:
        context.close()


def test_search_stemmer_override_holds_materials_copy() -> None:
    """The override is Material's lunr.nl byte for byte, plus our patch: re-copy it when Material changes it."""
    from importlib.resources import files

    material = (files("material") / "templates" / LUNR_NL).read_text(encoding="utf-8")
    override = LUNR_NL_OVERRIDE.read_text(encoding="utf-8")
    copy = override.split("--- PRAKTIJKGIDS: begin of Material's lunr.nl.min.js --- */\n", 1)[1]
    copy = copy.split("\n/* --- PRAKTIJKGIDS: end of Material's lunr.nl.min.js --- */", 1)[0]
    assert copy == material, f"{LUNR_NL} van Material is veranderd: kopieer het opnieuw in {LUNR_NL_OVERRIDE}"

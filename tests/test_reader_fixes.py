"""Small things a reader noticed (issue 13, item 8), checked in the built mini site.

The layout ones (what a phone shows first, the header) are browser tests in
tests/browser/test_layout.py; these read the built HTML and the search index.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

from tests.conftest import recommendation_block


def _html(site: Path, page: str) -> str:
    return (site / page).read_text(encoding="utf-8")


def _article(html: str) -> str:
    return html[html.index("<article") : html.index("</article>")]


class _TableHeads(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.heads: list[str] = []
        self._in_th = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "th":
            self._in_th = True
            self.heads.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "th":
            self._in_th = False

    def handle_data(self, data: str) -> None:
        if self._in_th:
            self.heads[-1] += data


def test_every_column_of_the_practice_examples_table_has_a_header(mini_site: Path) -> None:
    parser = _TableHeads()
    parser.feed(_html(mini_site, "factoren/vertrouwen.html"))
    assert parser.heads == ["Voorbeeld", "De factor", "Wat het laat zien"]


def test_what_a_phase_asks_of_others_keeps_its_nested_list(mini_site: Path) -> None:
    html = _article(_html(mini_site, "voorzitters/fasen/voor-de-start.html"))
    section = html[html.index('id="wat-deze-fase-van-anderen-vraagt"') :]
    compact = re.sub(r"\s+", " ", section)
    assert (
        "<li> <p><strong>Bestuurders:</strong></p> <ul> "
        "<li>Weeg af wat de samenwerking de eigen organisatie oplevert.</li> "
        "<li>Laat de uitvoering over aan het overleg.</li> </ul> </li>"
    ) in compact
    assert "- Weeg af" not in section


def test_audience_labels_are_separate_words_on_the_page_and_in_search(mini_site: Path) -> None:
    # the complete edition shows the full item on its moment's page ('doorlopend': no phase)
    block = recommendation_block(_html(mini_site, "aanbevelingen/doorlopend.html"), "tijd-geven")
    assert "Leidinggevenden</span> <span" in block
    index = json.loads((mini_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    texts = " ".join(doc["text"] for doc in index["docs"])
    assert "Leidinggevenden Bestuurders" in texts
    assert "LeidinggevendenBestuurders" not in texts


def test_the_complete_guides_home_keeps_its_side_menu(mini_site: Path) -> None:
    sidebar = re.compile(r'<div class="md-sidebar md-sidebar--primary"[^>]*>')
    complete = sidebar.search(_html(mini_site, "index.html"))
    assert complete and "hidden" not in complete.group(0)
    assert 'href="factoren/index.html"' in _html(mini_site, "index.html")


def test_no_download_links_above_the_title(mini_site: Path) -> None:
    for page in ("index.html", "voorzitters/index.html", "factoren/vertrouwen.html", "voorzitters/aanbevelingen/index.html"):
        article = _article(_html(mini_site, page))
        before_title = article[: article.index("<h1")]
        assert "checklist-links" not in article
        # only the page actions (icons floated beside the title) come before it
        assert re.sub(r"<a [^>]*md-content__button[^>]*>.*?</a>", "", before_title, flags=re.DOTALL).count("<a ") == 0, page


def test_the_complete_home_lists_every_checklist_to_print(mini_site: Path) -> None:
    html = _article(_html(mini_site, "index.html"))
    assert 'id="printen"' in html
    for audience in ("voorzitters", "deelnemers", "leidinggevenden", "bestuurders"):
        assert f'href="checklists/{audience}.pdf"' in html
        assert f'href="checklists/{audience}.html"' in html
    # and every other page points there with its print action
    assert 'href="../index.html#printen"' in _html(mini_site, "factoren/vertrouwen.html")

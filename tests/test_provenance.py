"""Where the guide's statements come from, as a reader sees it (issue #16).

- a recommendation says whose audience it is: the study's or the editors';
- every evidence label links to the design and limits of its study;
- notes about slips in a source sit behind a fold;
- reader text cites section and page, never the line numbers of the study text files.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from generator import model
from generator.editions import select_edition
from generator.load import load_content
from generator.render import recommendation_pages, render_edition
from generator.validate import validate
from tests.conftest import MINI, check_lines, edit_once

LINE_NUMBER = re.compile(r"(?<![\w-])L ?\d{2,}")


def _knowledge() -> model.Knowledge:
    loaded = load_content(MINI)
    assert loaded.knowledge is not None
    return loaded.knowledge


def _with_recommendation(knowledge: model.Knowledge, rec_id: str, **changes: object) -> model.Knowledge:
    recs = [r.model_copy(update=changes) if r.id == rec_id else r for r in knowledge.recommendations]
    return knowledge.model_copy(update={"recommendations": recs})


def _page(knowledge: model.Knowledge, edition: str, path: str) -> str:
    return render_edition(select_edition(knowledge, edition)).files[f"docs/{path}"]


def _block(markdown: str, rec_id: str) -> str:
    start = markdown.index(f"{{: #{rec_id} ")
    end = re.search(r"\n#{2,3} ", markdown[start:])
    return markdown[start:] if end is None else markdown[start : start + end.start()]


def _rec_block(knowledge: model.Knowledge, edition: str, rec_id: str) -> str:
    """A recommendation's Markdown where the edition shows it in full (the complete edition: on
    its moment's page)."""
    selected = select_edition(knowledge, edition)
    path = recommendation_pages(selected)[rec_id]
    return _block(render_edition(selected).files[f"docs/{path}"], rec_id)


# -- whose audience ------------------------------------------------------------------


def test_audience_chosen_by_the_editors_is_said_on_every_edition() -> None:
    knowledge = _knowledge()  # no recommendation in the mini content names study_audiences
    for edition in ("volledig", "voorzitters"):
        block = _rec_block(knowledge, edition, "bestaansreden-helder")
        assert "Doelgroep gekozen door de redactie" in block


def test_audience_named_by_the_study_carries_no_editors_mark() -> None:
    knowledge = _with_recommendation(_knowledge(), "bestaansreden-helder", study_audiences=["voorzitters"])
    block = _rec_block(knowledge, "volledig", "bestaansreden-helder")
    assert "redactie" not in block


def test_audience_partly_added_by_the_editors_names_both() -> None:
    knowledge = _with_recommendation(_knowledge(), "tijd-geven", study_audiences=["leidinggevenden"])
    block = _rec_block(knowledge, "volledig", "tijd-geven")
    assert "Doelgroep volgens het onderzoek: leidinggevenden; toegevoegd door de redactie: bestuurders." in block


def test_study_audience_outside_the_audiences_is_refused(content: Path) -> None:
    edit_once(content, "recommendations/boek.yaml", "    audiences: [voorzitters]\n", "    audiences: [voorzitters]\n    study_audiences: [deelnemers]\n")
    assert (
        "content/recommendations/boek.yaml:6:23: de doelgroep 'deelnemers' staat in 'study_audiences' maar niet in "
        "'audiences'; verwacht: alleen doelgroepen die ook in 'audiences' staan"
    ) in check_lines(1)


def test_advice_bound_to_one_case_says_so() -> None:
    knowledge = _with_recommendation(_knowledge(), "tijd-geven", applies_to="het beslismodel van de gemeente Den Haag")
    block = _rec_block(knowledge, "leidinggevenden", "tijd-geven")
    assert "Het onderzoek beveelt dit aan voor het beslismodel van de gemeente Den Haag." in block
    assert "beveelt dit aan voor" not in _rec_block(knowledge, "voorzitters", "bestaansreden-helder")


# -- evidence kinds link to the study's design and limits -------------------------------


def test_evidence_label_links_to_the_limits_of_its_first_source() -> None:
    knowledge = _knowledge()
    sources = [s.model_copy(update={"limits": "Drie casussen, inductief."}) if s.id == "boek" else s for s in knowledge.sources]
    knowledge = knowledge.model_copy(update={"sources": sources})
    assert "(../bronnen.md#boek-opzet " in _rec_block(knowledge, "volledig", "tijd-geven")
    # a study without a statement of its limits: the label links to the study itself
    assert "(../bronnen.md#scriptie " in _rec_block(knowledge, "volledig", "verschillen-uitspreken")
    page = _page(knowledge, "volledig", "bronnen.md")
    assert "### Opzet en grenzen van dit onderzoek {: #boek-opzet }" in page
    assert "Drie casussen, inductief." in page


# -- slips in a source sit behind a fold ---------------------------------------------------


def test_source_note_is_folded_and_note_sources_are_cited() -> None:
    knowledge = _with_recommendation(
        _knowledge(),
        "bestaansreden-helder",
        note="Voorzichtig geformuleerd.",
        note_sources=[model.Citation(source="scriptie", location="§5.4", lines="L10-12")],
        source_note="Tabel 1 zegt 71, de tekst 72.",
    )
    block = _rec_block(knowledge, "volledig", "bestaansreden-helder")
    note = block.index('!!! note "Let op"')
    fold = block.index('<details class="info" markdown="1">\n<summary>Over de bron</summary>')
    assert note < block.index("**Bron:** *Testscriptie*, §5.4") < fold < block.index("Tabel 1 zegt 71, de tekst 72.")
    assert "L10" not in block


# -- no line numbers in reader text -----------------------------------------------------------


def test_line_numbers_in_reader_text_are_refused_by_check(content: Path) -> None:
    edit_once(content, "recommendations/boek.yaml", "rationale: Zonder tijd geen inzet.", "rationale: Zonder tijd geen inzet (§8.2, L5672-5677).")
    assert (
        "content/recommendations/boek.yaml:12:16: 'rationale' noemt een regelnummer van de brontekst ('L5672'); "
        "verwacht: paragraaf en pagina in de tekst; regelnummers alleen in een 'lines'-veld"
    ) in check_lines(1)


def test_line_numbers_in_a_lines_field_are_fine() -> None:
    loaded = load_content(MINI)
    assert loaded.knowledge is not None
    knowledge = _with_recommendation(loaded.knowledge, "tijd-geven", sources=[model.Citation(source="boek", location="§8.2", lines="L5672")])
    object.__setattr__(loaded, "knowledge", knowledge)
    assert not [p for p in validate(loaded) if "regelnummer" in p.message]


class _ReaderText(HTMLParser):
    """The text a reader sees on a page: no code samples, scripts or styles."""

    SKIPPED = frozenset({"code", "pre", "script", "style"})

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIPPED:
            self._skipping += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIPPED and self._skipping:
            self._skipping -= 1

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def line_numbers_in(html: str) -> list[tuple[str, str]]:
    """Each line number in the page's reader text, with the text before it (for the message)."""
    parser = _ReaderText()
    parser.feed(html)
    text = " ".join(parser.parts)
    return [(m.group(0), text[max(0, m.start() - 40) : m.end()]) for m in LINE_NUMBER.finditer(text)]


def test_reader_text_finder() -> None:
    page = "<p>Zie §5.2.1, L4851-4857.</p><pre><code>lines: \"L5602\"</code></pre><p>Vanaf L 36 en L-vorm, DL123</p>"
    assert [number for number, _ in line_numbers_in(page)] == ["L4851", "L 36"]


@pytest.mark.slow
def test_built_guide_cites_no_line_numbers(guide_site: Path) -> None:
    pages = sorted(guide_site.rglob("*.html"))
    assert len(pages) > 100
    found = {str(p.relative_to(guide_site)): hits for p in pages if (hits := line_numbers_in(p.read_text(encoding="utf-8")))}
    assert not found, found

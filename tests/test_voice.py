"""One voice (issue #13): the guide addresses its reader as "je", never as "u" or "uw".

The check reads the rendered text of every HTML file of the built guide (all pages of all
editions, the checklist and kaart pages, from which the PDFs are made): the visible text and
the words a screen reader speaks (aria-label, title, alt, placeholder). Quotations stay as the
studies wrote them, so blockquotes, <q> and text between quotation marks are left out.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

PRONOUN = re.compile(r"(?<![\w'-])(?:u|uw|uzelf)(?![\w'+-])", re.IGNORECASE)  # not U+0041
# Text between quotation marks: curly (“…”, „…”), straight ("…") and single curly (‘…’).
QUOTED = re.compile(r"“[^”]*”|„[^”“]*[”“]|\"[^\"\n]*\"|‘[^’]*’")
SKIPPED_ELEMENTS = frozenset({"script", "style", "blockquote", "q", "code", "pre", "svg", "template"})
SPOKEN_ATTRIBUTES = ("aria-label", "title", "alt", "placeholder")


class _TextParser(HTMLParser):
    """The text of a page outside quotations, plus the attributes a screen reader speaks."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipped: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in SKIPPED_ELEMENTS:
            self._skipped.append(tag)
        if not self._skipped:
            self.parts.extend(value for name, value in attrs if name in SPOKEN_ATTRIBUTES and value)

    def handle_endtag(self, tag: str) -> None:
        if self._skipped and self._skipped[-1] == tag:
            self._skipped.pop()

    def handle_data(self, data: str) -> None:
        if not self._skipped:
            self.parts.append(data)


def pronoun_uses(html: str) -> list[str]:
    """Each "u"/"uw" used as a pronoun outside quotations, with a little context."""
    parser = _TextParser()
    parser.feed(html)
    text = QUOTED.sub(" ", " ".join(" ".join(parser.parts).split()))
    return [text[max(0, m.start() - 40) : m.end() + 40] for m in PRONOUN.finditer(text)]


def test_detector_finds_the_formal_pronoun_and_spares_quotations() -> None:
    html = (
        '<html><body><nav aria-label="Kies uw rol"></nav><p>Wat u kunt doen.</p>'
        "<blockquote><p>Zoals u weet</p></blockquote><p>Een respondent: “dan moet u bellen”.</p>"
        '<p>Zeg "u" tegen niemand.</p><script>var u = 1;</script>'
        "<p>Je kunt duo's vormen; uur, u-bocht, U+00A0 en Uwe blijven.</p></body></html>"
    )
    hits = pronoun_uses(html)
    assert len(hits) == 2, hits  # "uw" in the label, "u" in "Wat u kunt doen"; nothing else
    assert "Kies uw rol" in hits[0] and "Wat u kunt doen" in hits[1]
    assert pronoun_uses("<p>Wat je als voorzitter kunt doen; jouw rol.</p>") == []


@pytest.mark.slow
def test_the_built_guide_speaks_to_its_reader_as_je(guide_site: Path) -> None:
    pages = sorted(guide_site.rglob("*.html"))
    assert len(pages) > 200  # every edition, the checklists, the kaarten
    found = {
        str(page.relative_to(guide_site)): hits
        for page in pages
        if (hits := pronoun_uses(page.read_text(encoding="utf-8")))
    }
    assert found == {}, "\n".join(f"{page}: {' | '.join(hits[:3])}" for page, hits in sorted(found.items())[:30])

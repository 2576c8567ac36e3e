"""Kaarten (issue 13, item 4): the kern of an audience on one A4, as a print page and a tagged PDF.

The kern comes from the content. Here the mini fixture gets eleven long recommendations and a
kern of the most a kern may hold (`model.Kernen`, built in memory), so the tests control how much
has to fit on the sheet; the kaart is built from the voorzitters edition, as the build does.
"""

from __future__ import annotations

import io
import re
import urllib.parse
from pathlib import Path

import pytest
from pypdf import PdfReader
from pypdf.generic import BooleanObject

from generator import model
from generator.editions import select_edition, select_editions
from generator.kaarten import build_kaart, render_kaart_html, render_kaart_pages, short_citation
from generator.load import load_content
from generator.pdf import html_to_pdf
from tests.pdf_structure import figures

MINI = Path(__file__).resolve().parent / "fixtures" / "mini"
SITE_URL = "https://gids.example.org/praktijk/"  # a placeholder, for the test only: never built into a site
CITATION = model.Citation(source="boek", location="§8.3, p. 140")


def _moment(number: int) -> str:
    return "storming" if number % 2 else "voor-de-start"


def _long_recommendation(number: int) -> model.Recommendation:
    """As long as the longest action lines of the real guide (about 180 characters)."""
    return model.Recommendation(
        id=f"lang-{number:02d}",
        checklist=f"Bespreek punt {number} met iedereen aan tafel, zodat elke deelnemer weet wat er van hem of haar "
        "verwacht wordt, wie het bijhoudt en wanneer jullie erop terugkomen.",
        rationale="Onderbouwing.",
        audiences=["voorzitters"],
        phases=[_moment(number)],
        factors=["vertrouwen"],
        kind=model.EvidenceKind.formal,
        sources=[model.Citation(source="boek", location=f"§8.{number}, p. {130 + number}")],
    )


REASON = "Zonder deze stap verliest het overleg zijn richting; het boek noemt het bij alle drie de casussen."
QUESTIONS = [
    model.KernQuestion(
        text=f"Vraag {n}: weet iedereen aan tafel waarom hij of zij er zit en wat de eigen organisatie verwacht?",
        sources=[CITATION],
    )
    for n in range(1, 5)
]
FULL_KERN = model.Kern(
    audience="voorzitters",
    for_whom="Je zit een overleg voor. Deze kaart zet op een rij wat er het meest toe doet.",
    questions=QUESTIONS,
    # the most a kern may hold: twelve actions with a reason each, and four questions; the first
    # is for a later moment than the last, so the moments' order comes from the phases
    items=[
        *(model.KernItem(recommendation=f"lang-{n:02d}", moment=_moment(n), reason=REASON) for n in range(1, 12)),
        model.KernItem(recommendation="bestaansreden-helder", moment="voor-de-start", reason="Zonder een *helder* waarom haken deelnemers af."),
    ],
)


@pytest.fixture(scope="session")
def mini() -> model.Knowledge:
    knowledge = load_content(MINI).knowledge
    assert knowledge is not None
    return knowledge


def _guide(mini: model.Knowledge, kern: model.Kern = FULL_KERN, site_url: str = "") -> model.Knowledge:
    """The mini knowledge plus eleven long recommendations for voorzitters, with `kern` as the
    voorzitters' kern (the other audiences keep the mini's)."""
    assert mini.kern is not None
    kernen = [kern if k.audience == kern.audience else k for k in mini.kern.kernen]
    return mini.model_copy(update={
        "recommendations": [*mini.recommendations, *(_long_recommendation(n) for n in range(1, 12))],
        "kern": mini.kern.model_copy(update={"kernen": kernen}),
        "guide": mini.guide.model_copy(update={"site_url": site_url}),
    })


def _pdf(knowledge: model.Knowledge) -> tuple[str, bytes, PdfReader]:
    page = render_kaart_html(build_kaart(select_edition(knowledge, "voorzitters")))
    pdf = html_to_pdf(page)
    return page, pdf, PdfReader(io.BytesIO(pdf))


@pytest.fixture(scope="session")
def full(mini: model.Knowledge) -> tuple[str, bytes, PdfReader]:
    return _pdf(_guide(mini))


@pytest.fixture(scope="session")
def online(mini: model.Knowledge) -> tuple[str, bytes, PdfReader]:
    return _pdf(_guide(mini, site_url=SITE_URL))


def _text(reader: PdfReader) -> str:
    text = "\n".join(page.extract_text() or "" for page in reader.pages)
    return " ".join(re.sub(r"(\w)-\s*\n\s*(\w)", r"\1\2", text).split())


def _qr_modules(data_uri: str) -> set[tuple[int, int]]:
    """The dark modules (row, column) drawn by a segno SVG data URI: one path of horizontal runs."""
    svg = urllib.parse.unquote(data_uri.split(",", 1)[1])
    path = re.search(r"""\sd=["']([^"']+)["']""", svg)
    assert path, svg[:200]
    x = y = 0.0
    dark: set[tuple[int, int]] = set()
    for command, first, second in re.findall(r"([Mmh])\s*(-?[\d.]+)(?:\s+(-?[\d.]+))?", path.group(1)):
        if command == "M":
            x, y = float(first), float(second)
        elif command == "m":
            x, y = x + float(first), y + float(second)
        else:
            dark |= {(int(y), int(x) + step) for step in range(int(float(first)))}
            x += float(first)
    # drop the quiet zone around the code: the top-left finder pattern starts at (0, 0)
    top, left = min(r for r, _ in dark), min(c for _, c in dark)
    return {(r - top, c - left) for r, c in dark}


# -- what the kaart holds ---------------------------------------------------------------------


def test_items_stand_under_their_moment_in_phase_order_and_keep_the_kern_order(mini: model.Knowledge) -> None:
    kaart = build_kaart(select_edition(_guide(mini), "voorzitters"))
    assert [group.moment for group in kaart.groups] == ["Voor de start", "Als het schuurt"]
    assert [group.anchor for group in kaart.groups] == ["moment-1", "moment-2"]
    assert [item.id for item in kaart.groups[0].items] == [*(f"lang-{n:02d}" for n in range(2, 12, 2)), "bestaansreden-helder"]
    assert [item.id for item in kaart.groups[1].items] == [f"lang-{n:02d}" for n in range(1, 12, 2)]
    assert kaart.item_count == 12
    assert kaart.checklist_count == 12  # the mini's one recommendation for voorzitters plus eleven


def test_page_has_every_action_with_a_tick_box_and_source_and_the_questions(full: tuple[str, bytes, PdfReader]) -> None:
    page = full[0]
    assert '<html lang="nl">' in page
    assert "<title>Kaart voor voorzitters – Testgids</title>" in page
    assert page.count('<span class="box" aria-hidden="true"></span>') == 12
    assert '<p class="action">Maak de bestaansreden van het overleg helder. <span class="source">(Testboek §8.3, p. 140)</span></p>' in page
    # the reasons are for the edition's home page: the card keeps to what to do
    assert REASON not in page
    for question in QUESTIONS:
        assert question.text in page


def test_citations_on_the_card_leave_out_section_names() -> None:
    assert short_citation("Bruggenbouwers §8.3 (Sturen op inhoud), p. 140") == "Bruggenbouwers §8.3, p. 140"
    assert short_citation("Den Haag H6, Aanbevelingen") == "Den Haag H6, Aanbevelingen"


def test_page_links_to_the_checklist_and_the_edition_and_fetches_nothing(full: tuple[str, bytes, PdfReader]) -> None:
    page = full[0]
    assert "<link" not in page and "<script" not in page and "src=" not in page and "url(" not in page
    assert re.findall(r'href="([^"]+)"', page) == [
        "../checklists/voorzitters.html",
        "../checklists/voorzitters.pdf",
        "../voorzitters/aanbevelingen/index.html",
        "../voorzitters/zelfscan.html",
        "../voorzitters/index.html",
    ]
    assert "alle 12 acties" in page


def test_every_tailored_edition_with_a_kern_gets_a_kaart_in_edition_order(mini: model.Knowledge) -> None:
    assert list(render_kaart_pages(select_editions(mini))) == [
        "kaarten/voorzitters.html", "kaarten/deelnemers.html", "kaarten/leidinggevenden.html", "kaarten/bestuurders.html",
    ]
    assert mini.kern is not None
    only_voorzitters = mini.model_copy(update={"kern": mini.kern.model_copy(update={"kernen": mini.kern.kernen[:1]})})
    assert list(render_kaart_pages(select_editions(only_voorzitters))) == ["kaarten/voorzitters.html"]
    assert render_kaart_pages(select_editions(mini.model_copy(update={"kern": None}))) == {}


def test_the_kern_comes_from_the_content_and_the_complete_edition_has_no_kaart(mini: model.Knowledge) -> None:
    kaart = build_kaart(select_edition(mini, "voorzitters"))  # the content's kern, as the build uses it
    assert [(group.moment, [item.id for item in group.items]) for group in kaart.groups] == [("Voor de start", ["bestaansreden-helder"])]
    assert len(kaart.questions) == 3
    with pytest.raises(ValueError, match="geen kern"):
        build_kaart(select_edition(mini, "volledig"))


# -- the PDF ----------------------------------------------------------------------------------


def test_a_full_kern_fits_on_at_most_two_pages_and_a_short_one_on_one(
    mini: model.Knowledge, full: tuple[str, bytes, PdfReader]
) -> None:
    # twelve of the longest action lines, each with a reason, and four questions: two pages at most
    assert len(full[2].pages) <= 2
    short = FULL_KERN.model_copy(update={"questions": QUESTIONS[:3], "items": FULL_KERN.items[:8]})
    assert len(_pdf(_guide(mini, short))[2].pages) == 1


def test_pdf_is_tagged_in_dutch_with_a_title(full: tuple[str, bytes, PdfReader]) -> None:
    reader = full[2]
    catalog = reader.trailer["/Root"]
    assert catalog["/Lang"] == "nl"
    assert catalog["/MarkInfo"]["/Marked"] == BooleanObject(True)
    assert "/StructTreeRoot" in catalog
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"] == BooleanObject(True)
    assert reader.metadata is not None and reader.metadata.title == "Kaart voor voorzitters – Testgids"
    assert b'pdfuaid:part="1"' in catalog["/Metadata"].get_object().get_data()
    # one bookmark per moment, then the questions and where to find more
    assert [entry.title for entry in reader.outline] == [
        "Voor de start", "Als het schuurt", "Vraag jezelf af", "Meer vinden",
    ]


def test_every_action_and_question_is_in_the_pdf_text(full: tuple[str, bytes, PdfReader]) -> None:
    text = _text(full[2])
    assert "Kaart voor voorzitters" in text
    assert "Maak de bestaansreden van het overleg helder." in text
    for number in range(1, 12):
        assert f"Bespreek punt {number} met iedereen aan tafel" in text
    for question in QUESTIONS:
        assert question.text in text
    assert "(Testboek §8.3, p. 140)" in text and "(Testboek §8.11, p. 141)" in text  # each action's first source


def test_without_an_address_the_pdf_names_the_guide_and_edition_and_has_no_links(full: tuple[str, bytes, PdfReader]) -> None:
    reader = full[2]
    text = _text(reader)
    assert "Testgids, editie voor voorzitters" in text
    assert "http" not in text
    assert not figures(reader)
    for page in reader.pages:
        assert "/Annots" not in page  # no link annotations: a relative link would be dead on paper


def test_with_an_address_the_pdf_prints_it_and_a_qr_code_to_it(online: tuple[str, bytes, PdfReader]) -> None:
    import segno

    page, _, reader = online
    edition_url = SITE_URL + "voorzitters/"
    assert f"Online: {edition_url}" in _text(reader)
    assert figures(reader) == [f"QR-code naar de editie voor voorzitters: {edition_url}"]
    qr = re.search(r'<img class="qr" src="([^"]+)"', page)
    assert qr and qr.group(1).startswith("data:image/svg+xml;")
    # the code drawn is the code of the edition's address (segno's matrix for that URL)
    expected = segno.make(edition_url, error="m", micro=False).matrix
    assert _qr_modules(qr.group(1)) == {(r, c) for r, row in enumerate(expected) for c, bit in enumerate(row) if bit}


def test_the_qr_code_has_its_quiet_zone(online: tuple[str, bytes, PdfReader]) -> None:
    qr = re.search(r'<img class="qr" src="([^"]+)"', online[0])
    assert qr
    svg = urllib.parse.unquote(qr.group(1).split(",", 1)[1])
    size = int(re.search(r"viewBox=.0 0 (\d+) ", svg).group(1))  # type: ignore[union-attr]
    modules = max(c for _, c in _qr_modules(qr.group(1))) + 1
    assert size == modules + 2 * 4  # four light modules on every side, as scanners expect


def test_pdf_bytes_are_deterministic(online: tuple[str, bytes, PdfReader], mini: model.Knowledge) -> None:
    assert _pdf(_guide(mini, site_url=SITE_URL))[1] == online[1]


CONTENT = Path(__file__).resolve().parent.parent / "content"


def test_the_bundled_guides_kaarten_fit_on_one_a4_each() -> None:
    knowledge = load_content(CONTENT).knowledge
    assert knowledge is not None
    pages = render_kaart_pages(select_editions(knowledge))
    assert sorted(pages) == [f"kaarten/{a}.html" for a in ("bestuurders", "deelnemers", "leidinggevenden", "voorzitters")]
    counts = {name: len(PdfReader(io.BytesIO(html_to_pdf(page))).pages) for name, page in pages.items()}
    # one sheet for the table; if this fails, the kern grew: shorten its action lines or choose fewer
    assert counts == dict.fromkeys(pages, 1), counts

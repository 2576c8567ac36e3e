"""Printable checklists (issue #4): the PDFs and HTML pages are read back and checked.

PDFs are rendered once per session (WeasyPrint is the slow part) from the mini fixture
plus an in-memory knowledge base with enough recommendations to fill several pages.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from pypdf import PdfReader
from pypdf.generic import BooleanObject

from generator import model
from generator.checklists import (
    build_checklist,
    render_checklist_files,
    render_checklist_html,
)
from generator.cli import main
from generator.editions import select_edition, select_editions
from generator.load import load_content
from generator.pdf import html_to_pdf
from tests.pdf_structure import figures

# Local, not imported from conftest: `conftest` is ambiguous once tests/browser/ is collected too.
MINI = Path(__file__).resolve().parent / "fixtures" / "mini"
AUDIENCES = ("voorzitters", "deelnemers", "leidinggevenden", "bestuurders")
PHASES = ("voor-de-start", "storming", None)  # None: throughout the collaboration
MOMENTS = ("Voor de start", "Als het schuurt", "Gedurende de hele samenwerking")
VERBS = ("Bespreek", "Leg vast", "Vraag", "Zorg voor", "Plan")


def run_cli(*args: str | Path) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def _normalise(text: str) -> str:
    """PDF text as words: hyphenated line ends joined, whitespace collapsed."""
    text = re.sub(r"(\w)-\s*\n\s*(\w)", r"\1\2", text)
    return " ".join(text.split())


def _pdf_text(reader: PdfReader) -> str:
    return _normalise("\n".join(page.extract_text() or "" for page in reader.pages))


def _recommendation(audience: str, number: int) -> model.Recommendation:
    """A recommendation whose wording names its audience and number, so leaks are visible."""
    phase = PHASES[number % len(PHASES)]
    # lengths vary (two to six lines) so page breaks fall at different places within items
    longer = " En spreek af wie het bijhoudt, wanneer u erop terugkomt en wat u doet als het niet lukt." * (number % 4)
    return model.Recommendation(
        id=f"{audience}-{number:02d}",
        checklist=f"{VERBS[number % len(VERBS)]} punt {number} van de {audience}lijst, zodat iedereen aan tafel "
        f"weet wat er van hem of haar verwacht wordt en waarom.{longer}",
        rationale="Onderbouwing.",
        audiences=[audience],
        phases=[phase] if phase else [],
        factors=["vertrouwen"] if number % 2 else ["gedeelde-opgave", "vertrouwen"],
        kind=model.EvidenceKind.finding,
        sources=[model.Citation(source="boek", location=f"§{number}.1, p. {100 + number}")],
    )


SHARED = model.Recommendation(
    id="gedeeld",
    checklist="Deel *samen* de agenda & de stukken < een week vooraf.",
    rationale="Onderbouwing.",
    audiences=["voorzitters", "deelnemers"],
    factors=["vertrouwen"],
    kind=model.EvidenceKind.formal,
    sources=[model.Citation(source="scriptie", location="§6.2")],
)
RICH_COUNTS = {"voorzitters": 36, "deelnemers": 5, "leidinggevenden": 2, "bestuurders": 0}


@pytest.fixture(scope="session")
def mini_knowledge() -> model.Knowledge:
    knowledge = load_content(MINI).knowledge
    assert knowledge is not None
    return knowledge


@pytest.fixture(scope="session")
def rich_knowledge(mini_knowledge: model.Knowledge) -> model.Knowledge:
    """The mini knowledge with many recommendations per audience (36 for voorzitters)."""
    extra = [_recommendation(audience, n) for audience, count in RICH_COUNTS.items() for n in range(1, count + 1)]
    return mini_knowledge.model_copy(update={"recommendations": [*mini_knowledge.recommendations, *extra, SHARED]})


@pytest.fixture(scope="session")
def rich_files(rich_knowledge: model.Knowledge) -> dict[str, str | bytes]:
    return render_checklist_files(select_editions(rich_knowledge))


@pytest.fixture(scope="session")
def rich_pdfs(rich_files: dict[str, str | bytes]) -> dict[str, PdfReader]:
    return {audience: PdfReader(io.BytesIO(_bytes(rich_files[f"checklists/{audience}.pdf"]))) for audience in AUDIENCES}


def _bytes(data: str | bytes) -> bytes:
    assert isinstance(data, bytes)
    return data


def _wordings(knowledge: model.Knowledge, audience: str) -> list[str]:
    return [item.plain_text for group in build_checklist(select_edition(knowledge, audience)).groups for item in group.items]


def _other_audiences_only(knowledge: model.Knowledge, audience: str) -> list[str]:
    return [
        " ".join(rec.checklist.replace("*", "").split())
        for rec in knowledge.recommendations
        if audience not in rec.audiences
    ]


# -- what the checklist holds --------------------------------------------------------------


def test_files_for_every_audience(rich_files: dict[str, str | bytes]) -> None:
    expected = {f"checklists/{a}.{ext}" for a in AUDIENCES for ext in ("html", "pdf")}
    assert set(rich_files) == expected
    for audience in AUDIENCES:
        assert _bytes(rich_files[f"checklists/{audience}.pdf"]).startswith(b"%PDF-1.7")


@pytest.mark.parametrize("audience", AUDIENCES)
def test_every_item_of_the_audience_is_in_the_pdf(
    audience: str, rich_knowledge: model.Knowledge, rich_pdfs: dict[str, PdfReader]
) -> None:
    text = _pdf_text(rich_pdfs[audience])
    wordings = _wordings(rich_knowledge, audience)
    assert len(wordings) == sum(audience in rec.audiences for rec in rich_knowledge.recommendations)
    missing = [wording for wording in wordings if _normalise(wording) not in text]
    assert missing == []


@pytest.mark.parametrize("audience", AUDIENCES)
def test_nothing_from_another_audience_in_the_pdf(
    audience: str, rich_knowledge: model.Knowledge, rich_pdfs: dict[str, PdfReader]
) -> None:
    text = _pdf_text(rich_pdfs[audience])
    others = _other_audiences_only(rich_knowledge, audience)
    assert others, "the fixture must give every audience something to leak"
    assert [wording for wording in others if wording in text] == []
    for other in AUDIENCES:
        if other != audience:
            assert f"{other}lijst" not in text


def test_an_audience_without_recommendations_still_gets_a_one_page_checklist(rich_pdfs: dict[str, PdfReader]) -> None:
    reader = rich_pdfs["bestuurders"]  # only the mini fixture's one recommendation
    assert len(reader.pages) == 1
    assert "Geef afgevaardigden tijd en mandaat." in _pdf_text(reader)


def test_groups_follow_the_moments_in_phase_order(rich_knowledge: model.Knowledge) -> None:
    checklist = build_checklist(select_edition(rich_knowledge, "voorzitters"))
    assert [group.moment for group in checklist.groups] == list(MOMENTS)
    assert checklist.item_count == 1 + RICH_COUNTS["voorzitters"] + 1  # mini item, extra items, shared


def test_each_item_shows_its_source_and_success_factors(mini_knowledge: model.Knowledge) -> None:
    item = build_checklist(select_edition(mini_knowledge, "deelnemers")).groups[0].items[0]
    assert item.id == "verschillen-uitspreken"
    assert item.sources == ["Testscriptie §5.4"]
    assert item.factors == ["Gedeelde opgave", "Vertrouwen"]
    page = render_checklist_html(build_checklist(select_edition(mini_knowledge, "deelnemers")))
    assert "Bron: Testscriptie §5.4" in page
    assert "Succesfactoren: Gedeelde opgave, Vertrouwen" in page


# -- the PDF as a document --------------------------------------------------------------------


@pytest.mark.parametrize("audience", AUDIENCES)
def test_pdf_is_tagged_in_dutch_with_a_title(audience: str, rich_pdfs: dict[str, PdfReader]) -> None:
    reader = rich_pdfs[audience]
    catalog = reader.trailer["/Root"]
    assert catalog["/Lang"] == "nl"
    assert catalog["/MarkInfo"]["/Marked"] == BooleanObject(True)
    assert "/StructTreeRoot" in catalog
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"] == BooleanObject(True)
    assert reader.metadata is not None
    assert reader.metadata.title == f"Checklist voor {audience} – Testgids"
    xmp = catalog["/Metadata"].get_object().get_data()
    assert b'pdfuaid:part="1"' in xmp


def test_bookmarks_one_per_group(rich_pdfs: dict[str, PdfReader]) -> None:
    outline = rich_pdfs["voorzitters"].outline
    assert [entry.title for entry in outline] == list(MOMENTS)  # flat: one level, no title entry


def test_page_count_is_sensible(rich_knowledge: model.Knowledge, rich_pdfs: dict[str, PdfReader]) -> None:
    items = len(_wordings(rich_knowledge, "voorzitters"))
    pages = len(rich_pdfs["voorzitters"].pages)
    # about eight items of two to six lines fit on an A4 page: never a page per item, never all on one
    assert items // 14 <= pages <= items // 5, (items, pages)
    assert len(rich_pdfs["deelnemers"].pages) == 1


def test_no_item_is_split_across_pages(rich_knowledge: model.Knowledge, rich_pdfs: dict[str, PdfReader]) -> None:
    reader = rich_pdfs["voorzitters"]
    assert len(reader.pages) > 1
    pages = [_normalise(page.extract_text() or "") for page in reader.pages]
    checklist = build_checklist(select_edition(rich_knowledge, "voorzitters"))
    for item in (item for group in checklist.groups for item in group.items):
        wording = _normalise(item.plain_text)
        holding = [number for number, text in enumerate(pages) if wording in text]
        assert len(holding) == 1, f"'{item.id}' is not whole on one page"
        assert f"Bron: {'; '.join(item.sources)}" in pages[holding[0]], f"the source of '{item.id}' left its item"


def test_header_and_footer_on_every_page(rich_pdfs: dict[str, PdfReader]) -> None:
    reader = rich_pdfs["voorzitters"]
    total = len(reader.pages)
    for number, page in enumerate(reader.pages, start=1):
        text = _normalise(page.extract_text() or "")
        assert "Checklist voor voorzitters" in text
        assert "Testgids" in text
        assert f"Pagina {number} van {total}" in text
        assert "Versie 0.1, 15 januari 2026" in text
        # the mini guide has no address: the footer names the guide and edition instead
        assert "Testgids, editie voor voorzitters" in text
        assert "http" not in text


SITE_URL = "https://gids.example.org/praktijk/"  # a placeholder, for the test only: never built into a site


def _with_site_url(knowledge: model.Knowledge, site_url: str) -> model.Knowledge:
    return knowledge.model_copy(update={"guide": knowledge.guide.model_copy(update={"site_url": site_url})})


def test_with_an_address_every_page_prints_it_and_the_first_a_qr_code(rich_knowledge: model.Knowledge) -> None:
    page = render_checklist_html(build_checklist(select_edition(_with_site_url(rich_knowledge, SITE_URL), "voorzitters")))
    reader = PdfReader(io.BytesIO(html_to_pdf(page)))
    assert len(reader.pages) > 1
    for pdf_page in reader.pages:
        text = _normalise(pdf_page.extract_text() or "")
        assert "Online: https://gids.example.org/praktijk/voorzitters/" in text
    # the QR code: a figure with a text alternative, before the title on page one
    assert figures(reader) == ["QR-code naar de editie voor voorzitters: https://gids.example.org/praktijk/voorzitters/"]
    assert '<img class="qr" src="data:image/svg+xml;' in page
    assert 'alt="QR-code naar de editie voor voorzitters: https://gids.example.org/praktijk/voorzitters/"' in page


def test_pdf_bytes_are_deterministic_and_dated_by_the_content(
    mini_knowledge: model.Knowledge, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    page = render_checklist_html(build_checklist(select_edition(mini_knowledge, "voorzitters")))
    first, second = html_to_pdf(page), html_to_pdf(page)
    assert first == second
    metadata = PdfReader(io.BytesIO(first)).metadata
    assert metadata is not None
    assert metadata["/CreationDate"] == metadata["/ModDate"] == "D:20260115000000Z"  # guide.content_date


def test_source_date_epoch_sets_the_pdf_date(mini_knowledge: model.Knowledge, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    page = render_checklist_html(build_checklist(select_edition(mini_knowledge, "voorzitters")))
    metadata = PdfReader(io.BytesIO(html_to_pdf(page))).metadata
    assert metadata is not None
    assert metadata["/CreationDate"] == "D:20231114221320Z"


def test_forms_make_one_fillable_checkbox_per_item(rich_knowledge: model.Knowledge) -> None:
    checklist = build_checklist(select_edition(rich_knowledge, "deelnemers"), forms=True)
    reader = PdfReader(io.BytesIO(html_to_pdf(render_checklist_html(checklist), forms=True)))
    fields = reader.get_fields() or {}
    items = [item for group in checklist.groups for item in group.items]
    assert sorted(fields) == sorted(item.id for item in items)
    for item in items:
        assert fields[item.id]["/FT"] == "/Btn"
        assert fields[item.id]["/TU"] == item.plain_text
    assert reader.trailer["/Root"]["/Lang"] == "nl"


def test_without_forms_the_pdf_has_no_fields(rich_pdfs: dict[str, PdfReader]) -> None:
    assert "/AcroForm" not in rich_pdfs["deelnemers"].trailer["/Root"]
    assert not rich_pdfs["deelnemers"].get_fields()


# -- the print-ready HTML page --------------------------------------------------------------------


@pytest.mark.parametrize("audience", AUDIENCES)
def test_html_page_has_every_item_and_nothing_else(
    audience: str, rich_knowledge: model.Knowledge, rich_files: dict[str, str | bytes]
) -> None:
    page = rich_files[f"checklists/{audience}.html"]
    assert isinstance(page, str)
    assert '<html lang="nl">' in page
    assert f"<title>Checklist voor {audience} – Testgids</title>" in page
    checklist = build_checklist(select_edition(rich_knowledge, audience))
    items = [item for group in checklist.groups for item in group.items]
    assert page.count('<span class="box" aria-hidden="true"></span>') == len(items)
    for item in items:
        assert f'<p class="action">{item.text}</p>' in page
    for other in AUDIENCES:
        if other != audience:
            assert f"{other}lijst" not in page


def test_html_page_renders_markdown_and_escapes_markup(rich_files: dict[str, str | bytes]) -> None:
    page = rich_files["checklists/voorzitters.html"]
    assert isinstance(page, str)
    assert "Deel <em>samen</em> de agenda &amp; de stukken &lt; een week vooraf." in page


def test_html_page_makes_no_requests(rich_files: dict[str, str | bytes]) -> None:
    page = rich_files["checklists/voorzitters.html"]
    assert isinstance(page, str)
    assert "<link" not in page and "<script" not in page and "@import" not in page
    assert "src=" not in page and "url(" not in page
    assert re.findall(r'href="([^"]+)"', page) == ["../kaarten/voorzitters.html"]  # the mini guide has no address


def test_html_page_with_an_address_links_only_to_it(rich_knowledge: model.Knowledge) -> None:
    page = render_checklist_html(build_checklist(select_edition(_with_site_url(rich_knowledge, SITE_URL), "voorzitters")))
    assert re.findall(r'href="([^"]+)"', page) == [SITE_URL + "voorzitters/", "../kaarten/voorzitters.html"]
    assert [src[:24] for src in re.findall(r'src="([^"]+)"', page)] == ["data:image/svg+xml;chars"]


# -- the command line -------------------------------------------------------------------------


def test_cli_writes_every_checklist(tmp_path: Path) -> None:
    out = tmp_path / "lijsten"
    result = run_cli("checklists", "--content", MINI, "--out", out)
    assert result.exit_code == 0, result.output + result.stderr
    assert sorted(p.name for p in out.iterdir()) == sorted([".handbook", *(f"{a}.{ext}" for a in AUDIENCES for ext in ("html", "pdf"))])
    reader = PdfReader(out / "deelnemers.pdf")
    assert "Spreek verschillen open uit." in _pdf_text(reader)
    assert "8 bestanden geschreven" in result.output


def test_cli_one_audience_leaves_other_files_alone(tmp_path: Path) -> None:
    out = tmp_path / "lijsten"
    assert run_cli("checklists", "--content", MINI, "--out", out, "--audience", "deelnemers").exit_code == 0
    (out / "notities.txt").write_text("blijft staan", encoding="utf-8")
    result = run_cli("checklists", "--content", MINI, "--out", out, "--audience", "voorzitters")
    assert result.exit_code == 0, result.output + result.stderr
    assert sorted(p.name for p in out.iterdir()) == [
        ".handbook", "deelnemers.html", "deelnemers.pdf", "notities.txt", "voorzitters.html", "voorzitters.pdf",
    ]


def test_cli_writes_into_the_checklists_folder_of_a_build(mini_site: Path, tmp_path: Path) -> None:
    import shutil

    site = tmp_path / "site"
    shutil.copytree(mini_site, site)
    result = run_cli("checklists", "--content", MINI, "--out", site / "checklists", "--audience", "voorzitters")
    assert result.exit_code == 0, result.output + result.stderr
    assert not (site / "checklists" / ".handbook").exists()  # the site's own marker covers it


def test_cli_forms(tmp_path: Path) -> None:
    result = run_cli("checklists", "--content", MINI, "--out", tmp_path, "--audience", "leidinggevenden", "--forms")
    assert result.exit_code == 0, result.output + result.stderr
    fields = PdfReader(tmp_path / "leidinggevenden.pdf").get_fields() or {}
    assert list(fields) == ["tijd-geven"]
    assert '<input class="box" type="checkbox" name="tijd-geven"' in (tmp_path / "leidinggevenden.html").read_text()


def test_cli_unknown_audience_suggests_the_nearest(tmp_path: Path) -> None:
    out = tmp_path / "lijsten"
    result = run_cli("checklists", "--content", MINI, "--out", out, "--audience", "voorziters")
    assert result.exit_code == 1
    assert result.stderr == (
        "Fout: onbekende doelgroep 'voorziters'; bedoelde je 'voorzitters'? "
        "Kies uit: voorzitters, deelnemers, leidinggevenden, bestuurders\n"
    )
    assert not out.exists()


def test_cli_audience_without_a_near_match(tmp_path: Path) -> None:
    result = run_cli("checklists", "--content", MINI, "--out", tmp_path / "x", "--audience", "volledig")
    assert result.exit_code == 1
    assert "Fout: onbekende doelgroep 'volledig'; kies uit: voorzitters," in result.stderr
    assert "bedoelde je" not in result.stderr


def test_cli_content_errors_are_reported_and_nothing_is_written(mini_content: Path, tmp_path: Path) -> None:
    path = mini_content / "recommendations" / "boek.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("phases: [storming]", "phases: [stroming]"), encoding="utf-8")
    out = tmp_path / "lijsten"
    result = run_cli("checklists", "--content", mini_content, "--out", out)
    assert result.exit_code == 1
    assert re.search(r"boek\.yaml:\d+:\d+: .*'stroming'", result.stderr)
    assert not out.exists()


def test_build_writes_the_checklists_beside_the_site(mini_site: Path) -> None:
    for audience in AUDIENCES:
        assert (mini_site / "checklists" / f"{audience}.pdf").read_bytes().startswith(b"%PDF-1.7")
        assert '<html lang="nl">' in (mini_site / "checklists" / f"{audience}.html").read_text(encoding="utf-8")


def test_rebuild_renders_only_the_pdfs_of_changed_checklists(tmp_path: Path) -> None:
    """A PDF is a pure function of its page: unchanged pages come from the build cache."""
    import shutil

    from generator.cache import BuildCache
    from generator.pipeline import build_guide

    content = tmp_path / "content"
    shutil.copytree(Path(__file__).parent / "fixtures" / "mini", content)
    out = tmp_path / "site"
    cache = BuildCache(tmp_path / "cache")
    build_guide(content, out, cache=cache)
    first = {p.name: p.read_bytes() for p in (out / "checklists").glob("*.pdf")}

    recs = content / "recommendations" / "boek.yaml"
    recs.write_text(recs.read_text(encoding="utf-8").replace("Spreek verschillen open uit.", "Spreek verschillen tijdig uit."), encoding="utf-8")
    report = build_guide(content, out, cache=cache)

    rendered = sorted(t.name for t in report.task_timings if not t.cached and t.name.endswith(".pdf"))
    # only deelnemers changed: its checklist, and its kaart (the recommendation is in its kern)
    assert rendered == ["checklists/deelnemers.pdf", "kaarten/deelnemers.pdf"]
    second = {p.name: p.read_bytes() for p in (out / "checklists").glob("*.pdf")}
    assert second["voorzitters.pdf"] == first["voorzitters.pdf"]
    assert second["deelnemers.pdf"] != first["deelnemers.pdf"]
    assert "Spreek verschillen tijdig uit." in _pdf_text(PdfReader(out / "checklists" / "deelnemers.pdf"))


def test_the_checklist_names_the_kaart_as_its_short_form(rich_files: dict[str, str | bytes], rich_pdfs: dict[str, PdfReader]) -> None:
    page = rich_files["checklists/voorzitters.html"]
    assert isinstance(page, str)
    # on screen a link to the kaart's page; on paper (and in the PDF) its name, without a dead link
    assert '<a class="screen-only" href="../kaarten/voorzitters.html">kaart voor voorzitters</a>' in page
    text = _normalise(rich_pdfs["voorzitters"].pages[0].extract_text() or "")
    assert "De korte vorm: de kaart voor voorzitters (de kern op één A4)." in text
    assert "/Annots" not in rich_pdfs["voorzitters"].pages[0]

"""Printable checklists: one audience's recommendations as a print-ready HTML page and a tagged PDF.

Our own Jinja2 print template (templates/checklist/) and WeasyPrint, so the checklists
do not depend on the site engine. Selection and grouping come from `editions`; this
module only shapes a typed context, renders it and turns the HTML into PDF bytes.
"""

from __future__ import annotations

import difflib
import html
import re
from dataclasses import dataclass
from functools import lru_cache

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from generator import dates, model, resources
from generator.editions import RecommendationView, group_by_moment, select_edition
from generator.markdown import to_inline_html
from generator.problems import Refusal

TEMPLATES_DIR = resources.TEMPLATES_DIR / "checklist"
PDF_VARIANT = "pdf/ua-1"


@dataclass(frozen=True)
class ChecklistItem:
    id: str
    text: Markup
    """The checklist wording, rendered inline (raw HTML escaped by markdown-it)."""
    plain_text: str
    """The same wording without markup: the tooltip of a fillable checkbox."""
    sources: list[str]
    """Short source name plus location, e.g. 'Bruggenbouwers §8.3, p. 140'."""
    factors: list[str]
    """Names of the related success factors, in guide order."""


@dataclass(frozen=True)
class ChecklistGroup:
    moment: str
    anchor: str
    items: list[ChecklistItem]


@dataclass(frozen=True)
class OnlineAddress:
    """Where an edition lives online, for print: the address and a QR code to it."""

    url: str
    qr: str
    """The QR code as an SVG data URI (no file beside the page, no request)."""


def online_address(guide: model.Guide, edition_path: str) -> OnlineAddress | None:
    """The address of `edition_path` (`voorzitters/`) under the guide's site_url, or None
    when the guide has no address yet: print then names the guide by title and edition."""
    if not guide.site_url:
        return None
    url = f"{guide.site_url.rstrip('/')}/{edition_path}"
    return OnlineAddress(url, qr_data_uri(url))


def qr_data_uri(url: str) -> str:
    """A QR code for `url` as an SVG data URI; segno's output is a pure function of its input."""
    import segno  # imported late: only a build with an address needs it

    # error level M: still readable with a crease or a coffee ring; the quiet zone of four
    # modules that scanners need is part of the image; the size comes from the CSS
    return str(segno.make(url, error="m", micro=False).svg_data_uri(omitsize=True, border=4, dark="#000"))


@dataclass(frozen=True)
class Checklist:
    """Everything the print template shows for one audience."""

    audience: model.Audience
    guide: model.Guide
    groups: list[ChecklistGroup]
    online: OnlineAddress | None
    """The edition's address and QR code; None without a site_url."""
    kaart_page: str | None
    """The kaart (the short form of this checklist), relative to the checklist page;
    None when the audience has no kern."""
    content_date: str
    """The content date in words, e.g. '15 januari 2026' (falls back to the raw value)."""
    document_date: str
    """W3C date-time for the PDF metadata: fixed by the content, never the clock."""
    forms: bool

    @property
    def item_count(self) -> int:
        return sum(len(group.items) for group in self.groups)


def checklist_audience_ids(knowledge: model.Knowledge) -> list[str]:
    """Audiences that get a checklist, in menu order."""
    return [a.id for a in sorted(knowledge.audiences, key=lambda a: (a.order, a.id))]


def require_audience(knowledge: model.Knowledge, audience_id: str) -> str:
    """Return `audience_id` if it names an audience, else refuse it with a suggestion."""
    known = checklist_audience_ids(knowledge)
    if audience_id in known:
        return audience_id
    close = difflib.get_close_matches(audience_id, known, n=1)
    suggestion = f"bedoelde je '{close[0]}'? Kies" if close else "kies"
    raise Refusal(f"onbekende doelgroep '{audience_id}'; {suggestion} uit: {', '.join(known)}")


def build_checklist(knowledge: model.Knowledge, audience_id: str, forms: bool = False) -> Checklist:
    """The checklist context for one audience: its recommendations grouped by moment."""
    edition = select_edition(knowledge, require_audience(knowledge, audience_id))
    assert edition.audience is not None  # an audience id never selects the complete edition
    sources = {source.id: source for source in knowledge.sources}
    groups = [
        ChecklistGroup(moment, f"moment-{index}", [_item(view, sources) for view in views])
        for index, (moment, views) in enumerate(group_by_moment(edition.recommendations), start=1)
    ]
    return Checklist(
        audience=edition.audience,
        guide=knowledge.guide,
        groups=groups,
        online=online_address(knowledge.guide, f"{audience_id}/"),
        kaart_page=f"../kaarten/{audience_id}.html" if audience_id in _kaart_audiences(knowledge) else None,
        content_date=dates.in_words(knowledge.guide.content_date),
        document_date=document_date(knowledge.guide),
        forms=forms,
    )


def render_checklist_html(checklist: Checklist) -> str:
    """The print-ready page: one self-contained HTML file (CSS inline, no requests)."""
    template = print_environment().get_template("checklist.html.j2")
    css = (TEMPLATES_DIR / "checklist.css").read_text(encoding="utf-8")
    return template.render(checklist=checklist, css=Markup(css)).rstrip() + "\n"


def render_checklist_pdf(page_html: str, forms: bool = False) -> bytes:
    """A tagged A4 PDF (PDF/UA-1) from the print page; same HTML, same bytes."""
    from weasyprint import HTML  # type: ignore[import-untyped]  # imported late: loading Pango costs time that `check` never needs

    document = HTML(string=page_html, base_url=str(TEMPLATES_DIR))
    # No /ID (PDF/UA does not ask for one, and an automatic one would hash in nothing new);
    # the dates come from <meta name="dcterms.*"> in the page, never from the clock.
    pdf = document.write_pdf(pdf_variant=PDF_VARIANT, pdf_forms=forms, pdf_identifier=False)
    assert isinstance(pdf, bytes)
    return pdf


def render_checklist_pages(
    knowledge: model.Knowledge, audience_ids: list[str] | None = None, forms: bool = False
) -> dict[str, str]:
    """`checklists/<audience>.html` for every audience (or the ones asked for): the
    print-ready pages, each also the source of its PDF."""
    if audience_ids is None:
        audience_ids = checklist_audience_ids(knowledge)
    return {
        f"checklists/{audience_id}.html": render_checklist_html(build_checklist(knowledge, audience_id, forms=forms))
        for audience_id in audience_ids
    }


def pdf_name(page_name: str) -> str:
    """`checklists/x.html` → `checklists/x.pdf`."""
    return page_name.removesuffix(".html") + ".pdf"


def render_checklist_files(
    knowledge: model.Knowledge, audience_ids: list[str] | None = None, forms: bool = False
) -> dict[str, str | bytes]:
    """`checklists/<audience>.html` and `.pdf` for every audience (or the ones asked for),
    rendered in this process (`handbook checklists`; `handbook build` hands its PDFs to the
    build worker instead)."""
    pages = render_checklist_pages(knowledge, audience_ids, forms=forms)
    files: dict[str, str | bytes] = dict(pages)
    for name, page in pages.items():
        files[pdf_name(name)] = render_checklist_pdf(page, forms=forms)
    return files


# -- helpers -----------------------------------------------------------------------------


def _item(view: RecommendationView, sources: dict[str, model.Source]) -> ChecklistItem:
    rendered = to_inline_html(view.item.checklist)
    return ChecklistItem(
        id=view.item.id,
        text=Markup(rendered),
        plain_text=strip_markup(rendered),
        sources=[citation_text(citation, sources) for citation in view.item.sources],
        factors=[factor.name for factor in view.factors],
    )


def _kaart_audiences(knowledge: model.Knowledge) -> set[str]:
    from generator.kaarten import kernen_of  # kaarten builds on this module

    return {kern.audience for kern in kernen_of(knowledge)}


def citation_text(citation: model.Citation, sources: dict[str, model.Source]) -> str:
    source = sources.get(citation.source)
    name = source.short if source else citation.source
    return f"{name} {citation.location}"


def strip_markup(rendered: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", rendered)).split())


def document_date(guide: model.Guide) -> str:
    """SOURCE_DATE_EPOCH when set (reproducible builds), else the content date at midnight UTC."""
    return dates.build_moment(guide).strftime("%Y-%m-%dT%H:%M:%SZ")


@lru_cache(maxsize=1)
def print_environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(str(TEMPLATES_DIR)),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )

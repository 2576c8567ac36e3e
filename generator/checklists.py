"""Printable checklists: one audience's recommendations as a print-ready HTML page and a tagged PDF.

Our own Jinja2 print template (templates/checklist/) and WeasyPrint, so the checklists
do not depend on the site engine. Selection and grouping come from `editions`; this
module only shapes a typed context, renders it and turns the HTML into PDF bytes.
"""

from __future__ import annotations

import difflib
import html
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Generic, TypeVar

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from generator import dates, model
from generator.editions import Edition, RecommendationView, audience_ids
from generator.markdown import to_inline_html
from generator.pdf import PRINT_TEMPLATES, html_to_pdf
from generator.problems import Refusal


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


Item = TypeVar("Item")


@dataclass(frozen=True)
class MomentGroup(Generic[Item]):
    """Print items under one moment heading (a checklist's or a kaart's)."""

    moment: str
    anchor: str
    """`moment-1`, `moment-2`, ...: the heading's id, in the order of the moments."""
    items: list[Item]


def moment_groups(groups: Iterable[tuple[str, list[Item]]]) -> list[MomentGroup[Item]]:
    """(moment, items) pairs, in order, as groups with numbered anchors."""
    return [MomentGroup(moment, f"moment-{index}", items) for index, (moment, items) in enumerate(groups, start=1)]


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
    groups: list[MomentGroup[ChecklistItem]]
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


def require_audience(knowledge: model.Knowledge, audience_id: str) -> str:
    """Return `audience_id` if it names an audience, else refuse it with a suggestion."""
    known = audience_ids(knowledge)
    if audience_id in known:
        return audience_id
    close = difflib.get_close_matches(audience_id, known, n=1)
    suggestion = f"bedoelde je '{close[0]}'? Kies" if close else "kies"
    raise Refusal(f"onbekende doelgroep '{audience_id}'; {suggestion} uit: {', '.join(known)}")


def build_checklist(edition: Edition, forms: bool = False) -> Checklist:
    """The checklist context for one audience's edition: its recommendations grouped by moment
    (the same Edition its site pages come from: selected once)."""
    if edition.audience is None:
        raise ValueError("de volledige editie heeft geen eigen checklist")
    groups = moment_groups((moment, [_item(view, edition.sources) for view in views]) for moment, views in edition.checklist_groups)
    return Checklist(
        audience=edition.audience,
        guide=edition.guide,
        groups=groups,
        online=online_address(edition.guide, f"{edition.audience.id}/"),
        kaart_page=f"../kaarten/{edition.audience.id}.html" if edition.kern is not None else None,
        content_date=dates.in_words(edition.guide.content_date),
        document_date=document_date(edition.guide),
        forms=forms,
    )


def render_checklist_html(checklist: Checklist) -> str:
    """The print-ready page: one self-contained HTML file (CSS inline, no requests)."""
    template = print_environment().get_template("checklist.html.j2")
    css = (PRINT_TEMPLATES / "checklist.css").read_text(encoding="utf-8")
    return template.render(checklist=checklist, css=Markup(css)).rstrip() + "\n"


def render_checklist_pages(editions: list[Edition], forms: bool = False) -> dict[str, str]:
    """`checklists/<audience>.html` for every tailored edition among `editions` (the
    complete edition has none): the print-ready pages, each also the source of its PDF."""
    return {
        f"checklists/{edition.id}.html": render_checklist_html(build_checklist(edition, forms=forms))
        for edition in editions
        if not edition.is_complete
    }


def pdf_name(page_name: str) -> str:
    """`checklists/x.html` → `checklists/x.pdf`."""
    return page_name.removesuffix(".html") + ".pdf"


def render_checklist_files(editions: list[Edition], forms: bool = False) -> dict[str, str | bytes]:
    """`checklists/<audience>.html` and `.pdf` for every tailored edition among `editions`,
    rendered in this process (`handbook checklists`; `handbook build` hands its PDFs to the
    build worker instead)."""
    pages = render_checklist_pages(editions, forms=forms)
    files: dict[str, str | bytes] = dict(pages)
    for name, page in pages.items():
        files[pdf_name(name)] = html_to_pdf(page, forms=forms)
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
        loader=FileSystemLoader(str(PRINT_TEMPLATES)),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )

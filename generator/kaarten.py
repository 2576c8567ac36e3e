"""Kaarten: one audience's kern as a one-sheet A4 summary card, a print page and a tagged PDF.

The short form of the checklist: the handful of actions that matter most (the kern, chosen
in the content), grouped by moment with tick boxes, the questions to ask yourself and where
to find more. Like the checklist, a kaart is built from its audience's `Edition`, which has
already chosen and ordered everything (the kern by moment, the sources); this module only
shapes a typed context. Same print machinery as the checklists (`generator.checklists`): our
own Jinja2 template in templates/checklist/, the same WeasyPrint settings (PDF/UA-1).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markupsafe import Markup

from generator import dates, model
from generator.checklists import (
    MomentGroup,
    OnlineAddress,
    citation_text,
    document_date,
    moment_groups,
    online_address,
    print_environment,
    strip_markup,
)
from generator.editions import Edition, KernItemView
from generator.markdown import to_inline_html
from generator.pdf import PRINT_TEMPLATES

# -- what the template shows --------------------------------------------------------------


@dataclass(frozen=True)
class KaartItem:
    id: str
    text: Markup
    """The action line (the recommendation's checklist wording), rendered inline."""
    plain_text: str
    source: str
    """The first source with its location: the card has room for one, the checklist has all."""


@dataclass(frozen=True)
class KaartQuestion:
    text: Markup
    sources: list[str]


@dataclass(frozen=True)
class KaartLinks:
    """Where to find more, relative to the kaart page (`kaarten/<audience>.html`)."""

    edition: str
    recommendations: str
    checklist: str
    checklist_pdf: str
    zelfscan: str | None


@dataclass(frozen=True)
class Kaart:
    """Everything the kaart template shows for one audience."""

    audience: model.Audience
    guide: model.Guide
    for_whom: Markup
    groups: list[MomentGroup[KaartItem]]
    questions: list[KaartQuestion]
    checklist_count: int
    """How many actions the full checklist of this audience has."""
    links: KaartLinks
    online: OnlineAddress | None
    """The edition's address and QR code; None without a site_url."""
    content_date: str
    document_date: str

    @property
    def item_count(self) -> int:
        return sum(len(group.items) for group in self.groups)


def build_kaart(edition: Edition) -> Kaart:
    """The kaart context of a tailored edition with a kern (the same Edition its site pages
    and checklist come from: selected once, in order)."""
    kern = edition.kern
    if edition.audience is None or kern is None:
        raise ValueError(f"de editie '{edition.id}' heeft geen kern, dus geen kaart")
    audience = edition.audience
    return Kaart(
        audience=audience,
        guide=edition.guide,
        for_whom=Markup(to_inline_html(kern.for_whom)),
        groups=moment_groups((moment.moment, [_item(entry, edition.sources) for entry in entries]) for moment, entries in kern.by_moment),
        questions=[
            KaartQuestion(Markup(to_inline_html(q.text)), [short_citation(citation_text(c, edition.sources)) for c in q.sources])
            for q in kern.questions
        ],
        checklist_count=len(edition.recommendations),
        links=KaartLinks(
            edition=f"../{audience.id}/index.html",
            recommendations=f"../{audience.id}/aanbevelingen/index.html",
            checklist=f"../checklists/{audience.id}.html",
            checklist_pdf=f"../checklists/{audience.id}.pdf",
            zelfscan=f"../{audience.id}/zelfscan.html" if edition.zelfscan is not None else None,
        ),
        online=online_address(edition.guide, f"{audience.id}/"),
        content_date=dates.in_words(edition.guide.content_date),
        document_date=document_date(edition.guide),
    )


def render_kaart_html(kaart: Kaart) -> str:
    """The print page: one self-contained HTML file (CSS inline, no requests)."""
    template = print_environment().get_template("kaart.html.j2")
    css = (PRINT_TEMPLATES / "checklist.css").read_text(encoding="utf-8")
    css += (PRINT_TEMPLATES / "kaart.css").read_text(encoding="utf-8")
    return template.render(kaart=kaart, css=Markup(css)).rstrip() + "\n"


def render_kaart_pages(editions: list[Edition]) -> dict[str, str]:
    """`kaarten/<audience>.html` for every tailored edition among `editions` that has a kern,
    in their order; each page is also the source of its PDF (rendered like a checklist's)."""
    return {
        f"kaarten/{edition.id}.html": render_kaart_html(build_kaart(edition))
        for edition in editions
        if edition.kern is not None
    }


# -- helpers ------------------------------------------------------------------------------


def _item(entry: KernItemView, sources: dict[str, model.Source]) -> KaartItem:
    rec = entry.view.item
    rendered = to_inline_html(rec.checklist)
    return KaartItem(
        id=rec.id,
        text=Markup(rendered),
        plain_text=strip_markup(rendered),
        source=short_citation(citation_text(rec.sources[0], sources)),
    )


def short_citation(citation: str) -> str:
    """A citation without its parenthesised section names ('§8.3 (Sturen op inhoud), p. 140'
    → '§8.3, p. 140'): the card has room for where, the checklist says what."""
    return re.sub(r"\s*\([^()]*\)", "", citation)

"""Kaarten: one audience's kern as a one-sheet A4 summary card, a print page and a tagged PDF.

The short form of the checklist: the handful of actions that matter most (the kern, chosen
in the content), grouped by moment with tick boxes, the questions to ask yourself and where
to find more. Same print machinery as the checklists (`generator.checklists`): our own
Jinja2 template in templates/checklist/, the same WeasyPrint settings (PDF/UA-1).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from markupsafe import Markup

from generator import dates, model
from generator.checklists import (
    TEMPLATES_DIR,
    OnlineAddress,
    checklist_audience_ids,
    citation_text,
    document_date,
    online_address,
    print_environment,
    strip_markup,
)
from generator.editions import THROUGHOUT, THROUGHOUT_ORDER
from generator.markdown import to_inline_html

# -- the kern as the kaart reads it: `model.Kern`, or a stand-in of the same shape -----------


class KernQuestion(Protocol):
    @property
    def text(self) -> str: ...
    @property
    def sources(self) -> Sequence[model.Citation]: ...


class KernItem(Protocol):
    @property
    def recommendation(self) -> str: ...
    @property
    def moment(self) -> str:
        """A phase id: the moment in the collaboration the action belongs to."""
    @property
    def reason(self) -> str: ...


class Kern(Protocol):
    @property
    def audience(self) -> str: ...
    @property
    def for_whom(self) -> str: ...
    @property
    def questions(self) -> Sequence[KernQuestion]: ...
    @property
    def items(self) -> Sequence[KernItem]: ...


def kernen_of(knowledge: model.Knowledge) -> list[Kern]:
    """The kern of every audience that has one (content/kern.yaml); none without the file."""
    return list(knowledge.kern.kernen) if knowledge.kern is not None else []


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
class KaartGroup:
    moment: str
    anchor: str
    items: list[KaartItem]


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
    groups: list[KaartGroup]
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


def build_kaart(knowledge: model.Knowledge, kern: Kern) -> Kaart:
    """The kaart context for the audience of `kern` (validated content: every id resolves)."""
    audience = next(a for a in knowledge.audiences if a.id == kern.audience)
    sources = {source.id: source for source in knowledge.sources}
    recommendations = {rec.id: rec for rec in knowledge.recommendations}
    return Kaart(
        audience=audience,
        guide=knowledge.guide,
        for_whom=Markup(to_inline_html(kern.for_whom)),
        groups=_groups(knowledge, kern, recommendations, sources),
        questions=[
            KaartQuestion(Markup(to_inline_html(q.text)), [short_citation(citation_text(c, sources)) for c in q.sources])
            for q in kern.questions
        ],
        checklist_count=sum(1 for rec in knowledge.recommendations if audience.id in rec.audiences),
        links=KaartLinks(
            edition=f"../{audience.id}/index.html",
            recommendations=f"../{audience.id}/aanbevelingen/index.html",
            checklist=f"../checklists/{audience.id}.html",
            checklist_pdf=f"../checklists/{audience.id}.pdf",
            zelfscan=f"../{audience.id}/zelfscan.html" if knowledge.zelfscan is not None else None,
        ),
        online=online_address(knowledge.guide, f"{audience.id}/"),
        content_date=dates.in_words(knowledge.guide.content_date),
        document_date=document_date(knowledge.guide),
    )


def render_kaart_html(kaart: Kaart) -> str:
    """The print page: one self-contained HTML file (CSS inline, no requests)."""
    template = print_environment().get_template("kaart.html.j2")
    css = (TEMPLATES_DIR / "checklist.css").read_text(encoding="utf-8")
    css += (TEMPLATES_DIR / "kaart.css").read_text(encoding="utf-8")
    return template.render(kaart=kaart, css=Markup(css)).rstrip() + "\n"


def render_kaart_pages(knowledge: model.Knowledge, kernen: Sequence[Kern]) -> dict[str, str]:
    """`kaarten/<audience>.html` for every audience with a kern, in menu order; each page
    is also the source of its PDF (rendered like a checklist's)."""
    by_audience = {kern.audience: kern for kern in kernen}
    return {
        f"kaarten/{audience_id}.html": render_kaart_html(build_kaart(knowledge, by_audience[audience_id]))
        for audience_id in checklist_audience_ids(knowledge)
        if audience_id in by_audience
    }


# -- helpers ------------------------------------------------------------------------------


def _groups(
    knowledge: model.Knowledge,
    kern: Kern,
    recommendations: dict[str, model.Recommendation],
    sources: dict[str, model.Source],
) -> list[KaartGroup]:
    """The kern's items under their moment, moments in phase order, items in kern order."""
    phases = {phase.id: phase for phase in knowledge.phases}
    groups: dict[tuple[int, str], list[KaartItem]] = {}
    for entry in kern.items:
        phase = phases.get(entry.moment)
        key = (phase.order, phase.moment) if phase else (THROUGHOUT_ORDER, THROUGHOUT)
        groups.setdefault(key, []).append(_item(recommendations[entry.recommendation], sources))
    return [
        KaartGroup(moment, f"moment-{index}", items)
        for index, ((_, moment), items) in enumerate(sorted(groups.items(), key=lambda kv: kv[0][0]), start=1)
    ]


def _item(rec: model.Recommendation, sources: dict[str, model.Source]) -> KaartItem:
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

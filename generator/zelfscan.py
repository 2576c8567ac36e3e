"""Zelfscan data: what the self-assessment page of one edition needs, as a plain dict.

Part of the render stage: it takes an Edition (select) and produces data that the
page template lays out and that the page script scores. Questions, scale, threshold
and every word about collaboration come from the content; text fields are rendered
to HTML here (markdown-it, raw HTML escaped) so the browser script never sees Markdown.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from generator import model
from generator.editions import CaseLink, Edition, FactorView, RecommendationView
from generator.markdown import to_inline_html

Href = Callable[[str, str, str], str]
"""(page kind, item id, anchor) → an href from the zelfscan page to that page."""

FORMAT = 1
"""Version of the export file format; bump when the shape of the answers changes."""

_SCRIPT_ESCAPES = (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"))
"""Characters that could end or confuse the <script> element holding the data."""


def zelfscan_data(edition: Edition, href: Href) -> dict[str, Any]:
    """Everything the zelfscan page shows and scores, for one edition."""
    settings = edition.knowledge.zelfscan
    if settings is None:
        raise ValueError("de inhoud heeft geen zelfscan.yaml")
    audiences = _audiences(edition)
    values = [step.value for step in settings.scale]
    return {
        "format": FORMAT,
        "edition": edition.id,
        "version": edition.guide.version,
        "fixed_role": edition.audience.id if edition.audience else None,
        "audiences": [_audience(a) for a in audiences],
        "scale": [
            {"value": step.value, "label": to_inline_html(step.label)} for step in settings.scale
        ],
        "dont_know": to_inline_html(settings.dont_know),
        "min": min(values),
        "max": max(values),
        "threshold": settings.weak_threshold,
        "factors": [_factor(view, edition, audiences, href) for view in edition.factors],
    }


def script_json(data: Any) -> str:
    """JSON that is safe inside <script type="application/json">: without a raw `<`, `>`
    or `&`, no content can close the element or open a comment in it."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for character, escape in _SCRIPT_ESCAPES:  # str.replace: many times faster than str.translate
        text = text.replace(character, escape)
    return text


def _audiences(edition: Edition) -> list[model.Audience]:
    """The roles a visitor can choose: only the edition's own in a tailored edition."""
    if edition.audience is not None:
        return [edition.audience]
    return sorted(edition.knowledge.audiences, key=lambda a: (a.order, a.id))


def _audience(audience: model.Audience) -> dict[str, Any]:
    return {
        "id": audience.id,
        "name": to_inline_html(audience.name),
        "name_lower": to_inline_html(audience.name.lower()),
        "singular": to_inline_html(audience.singular),
    }


def _factor(
    view: FactorView, edition: Edition, audiences: list[model.Audience], href: Href
) -> dict[str, Any]:
    factor = view.item
    by_audience = edition.recommendations_by_audience
    return {
        "id": factor.id,
        "number": factor.number,
        "name": to_inline_html(factor.name),
        "summary": to_inline_html(factor.summary),
        "href": href("factor", factor.id, ""),
        "questions": [{"id": q.id, "text": to_inline_html(q.text)} for q in factor.questions],
        "recommendations": {
            a.id: [_recommendation(r, href) for r in view.recommendations if a.id in r.item.audiences] if a.id in by_audience else []
            for a in audiences
        },
        "cases": [_case(link, href) for link in _cases_to_read(view)],
    }


def _recommendation(view: RecommendationView, href: Href) -> dict[str, Any]:
    return {
        "id": view.item.id,
        "text": to_inline_html(view.item.checklist),
        "href": href("recommendations", "", view.item.id),
    }


def _case(link: CaseLink, href: Href) -> dict[str, Any]:
    return {
        "id": link.case.id,
        "title": to_inline_html(link.case.title),
        "note": to_inline_html(link.link.note),
        "href": href("case", link.case.id, ""),
    }


def _cases_to_read(view: FactorView) -> list[CaseLink]:
    """Cases where the factor was missing teach most about a weak spot, so they come first."""
    rank = {"-": 0, "±": 1, "+": 2}
    return sorted(view.cases, key=lambda c: (rank.get(c.link.valence, 3), c.case.id))

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

FORMAT = 2
"""Version of the export file format; bump when the shape of the answers changes
(2: statements with a direction, the role required, gespreksvragen never answered)."""

DONT_KNOW = "weet-niet"
"""The answer value of 'weet ik niet' in the form, the export and the scoring rule."""

_SCRIPT_ESCAPES = (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"))
"""Characters that could end or confuse the <script> element holding the data."""


def zelfscan_data(edition: Edition, href: Href) -> dict[str, Any]:
    """Everything the zelfscan page shows and scores, for one edition."""
    settings = _settings(edition)
    audiences = _audiences(edition)
    return {
        **_common(edition, settings),
        "fixed_role": edition.audience.id if edition.audience else None,
        "audiences": [_audience(a) for a in audiences],
        "factors": [_factor(view, _by_audience(view, audiences, href), href) for view in edition.factors],
    }


def teamscan_data(edition: Edition, href: Href, guide_href: Callable[[str], str]) -> dict[str, Any]:
    """Everything the teamscan page needs: the same factors and scoring rule as the zelfscan,
    and every role (a team mixes roles). A tailored edition holds only its own audience's
    recommendations; for the other roles the page points to their recommendations page in the
    complete guide (`guide_href`: audience id → href of that page from the teamscan page).
    Listing them here would make every edition depend on every recommendation, and an edit
    for one audience would rebuild them all."""
    settings = _settings(edition)
    audiences = sorted(edition.knowledge.audiences, key=lambda a: (a.order, a.id))
    own = [edition.audience] if edition.audience else audiences
    elsewhere = {
        a.id: guide_href(a.id) for a in audiences if a not in own
    }
    return {
        **_common(edition, settings),
        "audiences": [{**_audience(a), **({"elsewhere": elsewhere[a.id]} if a.id in elsewhere else {})} for a in audiences],
        "factors": [_factor(view, _by_audience(view, own, href), href, with_cases=False) for view in edition.factors],
    }


def scoring_rule(settings: model.Zelfscan) -> dict[str, Any]:
    """The scoring definition, the one place both the page scripts and the tests' Python
    reference read it from: scale ends (a reversed answer is min + max − answer), the
    threshold (a mean below it is weak), the minimum of scored answers per factor, the
    'weet ik niet' value that never counts, and the team spread that marks a dispute."""
    values = [step.value for step in settings.scale]
    return {
        "min": min(values),
        "max": max(values),
        "threshold": settings.weak_threshold,
        "min_answered": settings.min_answered,
        "dispute_spread": settings.dispute_spread,
        "dont_know": DONT_KNOW,
    }


def script_json(data: Any) -> str:
    """JSON that is safe inside <script type="application/json">: without a raw `<`, `>`
    or `&`, no content can close the element or open a comment in it."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for character, escape in _SCRIPT_ESCAPES:  # str.replace: many times faster than str.translate
        text = text.replace(character, escape)
    return text


def _settings(edition: Edition) -> model.Zelfscan:
    settings = edition.knowledge.zelfscan
    if settings is None:
        raise ValueError("de inhoud heeft geen zelfscan.yaml")
    return settings


def _common(edition: Edition, settings: model.Zelfscan) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "edition": edition.id,
        "version": edition.guide.version,
        "scale": [{"value": step.value, "label": to_inline_html(step.label)} for step in settings.scale],
        "dont_know": to_inline_html(settings.dont_know),
        "scoring": scoring_rule(settings),
        # every role a saved file may carry, also in a tailored edition (whose own list is one)
        "roles": [
            {"id": a.id, "singular": to_inline_html(a.singular)}
            for a in sorted(edition.knowledge.audiences, key=lambda a: (a.order, a.id))
        ],
    }


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


def _by_audience(view: FactorView, audiences: list[model.Audience], href: Href) -> dict[str, list[dict[str, Any]]]:
    """This edition's recommendations for the factor, per audience."""
    return {a.id: [_recommendation(r, href) for r in view.recommendations if a.id in r.item.audiences] for a in audiences}


def _factor(view: FactorView, recommendations: dict[str, list[dict[str, Any]]], href: Href, with_cases: bool = True) -> dict[str, Any]:
    factor = view.item
    data = {
        "id": factor.id,
        "number": factor.number,
        "name": to_inline_html(factor.name),
        "summary": to_inline_html(factor.summary),
        "href": href("factor", factor.id, ""),
        "statements": [
            {"id": q.id, "text": to_inline_html(q.text), "reverse": q.direction == "negatief"}
            for q in factor.questions
            if q.kind == "stelling"
        ],
        "conversation": [{"id": q.id, "text": to_inline_html(q.text)} for q in factor.questions if q.kind == "gespreksvraag"],
        "recommendations": recommendations,
    }
    if with_cases:
        data["cases"] = [_case(link, href) for link in _cases_to_read(view)]
    return data


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

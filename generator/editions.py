"""Select: an Edition is the knowledge as one audience sees it.

All choosing, sorting and cross-linking happens here, so templates only lay out
what they are given. The complete edition (`volledig`) hides nothing and marks
each recommendation with its audiences; a tailored edition puts the audience's
recommendations first and highlights what is relevant to it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from generator import model
from generator.problems import Refusal, did_you_mean

COMPLETE = "volledig"


@dataclass(frozen=True)
class RecommendationView:
    item: model.Recommendation
    audiences: list[model.Audience]
    phases: list[model.Phase]
    factors: list[model.Factor]
    moment: str
    """Checklist heading: the moment of the first phase, or the 'throughout' heading."""
    moment_order: int


@dataclass(frozen=True)
class CaseLink:
    case: model.Case
    link: model.CaseFactor


@dataclass(frozen=True)
class FactorView:
    item: model.Factor
    cluster: model.Cluster | None
    helps_for_audience: list[model.AudienceAdvice]
    other_helps: list[model.AudienceAdvice]
    recommendations: list[RecommendationView]
    cases: list[CaseLink]
    roles: list[model.Role]
    strategies: list[model.Strategy]


@dataclass(frozen=True)
class RoleView:
    item: model.Role
    weight: str
    """'hoofdrol', 'bijrol' or '' for this edition's audience."""
    weight_note: str
    competencies: list[model.Competency]
    factors: list[model.Factor]
    cases: list[model.Case]
    strategies: list[model.Strategy]


@dataclass(frozen=True)
class StrategyView:
    item: model.Strategy
    roles: list[model.Role]
    factors: list[model.Factor]


@dataclass(frozen=True)
class PhaseView:
    item: model.Phase
    asks_for_audience: list[model.PhaseAdvice]
    other_asks: list[model.PhaseAdvice]
    recommendations: list[RecommendationView]

    @property
    def recommendations_by_factor(self) -> list[tuple[model.Factor | None, list[RecommendationView]]]:
        """The phase's recommendations under their first success factor (in factor order;
        None: without one): a phase gathers many, and a long flat list reads badly (and is
        one search section too long for Zensical's index in a large guide)."""
        groups: dict[str, tuple[model.Factor | None, list[RecommendationView]]] = {}
        for view in self.recommendations:
            factor = view.factors[0] if view.factors else None
            groups.setdefault(factor.id if factor else "", (factor, []))[1].append(view)
        return sorted(groups.values(), key=lambda group: (group[0] is None, group[0].number if group[0] else 0))


@dataclass(frozen=True)
class CaseView:
    item: model.Case
    factors: list[tuple[model.Factor, model.CaseFactor]]
    roles: list[model.Role]
    relevant: bool
    """Marked as especially instructive for this edition's audience."""


@dataclass(frozen=True)
class CompetencyGroupView:
    item: model.CompetencyGroup
    competencies: list[model.Competency]
    relevant: bool


@dataclass(frozen=True)
class ChangeView:
    """One change note as an edition shows it: which version, which item, under what name."""

    version: model.Version
    change: model.Change
    title: str
    """The item's name as the guide shows it (a recommendation's checklist line, a term...)."""


@dataclass(frozen=True)
class VersionView:
    item: model.Version
    changes: list[ChangeView]
    """The changes of this version that concern the edition's audience (all, when complete)."""


@dataclass(frozen=True)
class KernItemView:
    """One recommendation of a kern, under the moment the kern gives it."""

    view: RecommendationView
    moment: model.Phase
    reason: str


@dataclass(frozen=True)
class KernView:
    """An audience's kern, resolved: what its reader should do now, by moment."""

    audience: model.Audience
    for_whom: str
    questions: list[model.KernQuestion]
    items: list[KernItemView]
    """In the kern's own order."""

    @property
    def by_moment(self) -> list[tuple[model.Phase, list[KernItemView]]]:
        """The items grouped under their moment, in phase order (the kern's order within)."""
        groups: dict[str, tuple[model.Phase, list[KernItemView]]] = {}
        for item in self.items:
            groups.setdefault(item.moment.id, (item.moment, []))[1].append(item)
        return sorted(groups.values(), key=lambda group: (group[0].order, group[0].id))


@dataclass(frozen=True)
class Edition:
    """Everything one edition shows, ready to render."""

    id: str
    audience: model.Audience | None
    knowledge: model.Knowledge
    recommendations: list[RecommendationView]
    recommendations_by_audience: dict[str, list[RecommendationView]]
    factors: list[FactorView]
    roles: list[RoleView]
    strategies: list[StrategyView]
    phases: list[PhaseView]
    cases: list[CaseView]
    competency_groups: list[CompetencyGroupView]
    sources: dict[str, model.Source] = field(default_factory=dict)
    versions: list[VersionView] = field(default_factory=list)
    """The version history, newest first, each with the changes that concern this edition."""
    change_marks: dict[str, ChangeView] = field(default_factory=dict)
    """The newest version's changes by item (`kind/id`): changed items carry a mark."""

    @property
    def changes(self) -> list[ChangeView]:
        """Every change that concerns this edition, newest version first."""
        return [change for version in self.versions for change in version.changes]
    kernen: dict[str, KernView] = field(default_factory=dict)
    """Per audience id (in audience order), its kern: all of them in the complete edition,
    the audience's own in a tailored one. Empty without kern.yaml."""

    @property
    def kern(self) -> KernView | None:
        """A tailored edition's kern (None in the complete edition or without kern.yaml)."""
        return self.kernen.get(self.audience.id) if self.audience is not None else None

    @property
    def kern_method(self) -> str:
        """How the kern was chosen (Markdown), or '' without kern.yaml."""
        return self.knowledge.kern.method if self.knowledge.kern is not None else ""

    @property
    def is_complete(self) -> bool:
        return self.audience is None

    @property
    def guide(self) -> model.Guide:
        return self.knowledge.guide


THROUGHOUT = "Gedurende de hele samenwerking"
THROUGHOUT_ORDER = 50


def group_by_moment(views: list[RecommendationView]) -> list[tuple[str, list[RecommendationView]]]:
    """Recommendations grouped under their checklist moment, in phase order."""
    groups: dict[tuple[int, str], list[RecommendationView]] = {}
    for view in views:
        groups.setdefault((view.moment_order, view.moment), []).append(view)
    return [(moment, items) for (_, moment), items in sorted(groups.items())]


def edition_ids(knowledge: model.Knowledge) -> list[str]:
    return [COMPLETE, *(audience.id for audience in sorted(knowledge.audiences, key=lambda a: a.order))]


def require_edition(knowledge: model.Knowledge, edition_id: str) -> str:
    """Return `edition_id` if the content has that edition (`volledig` or an audience in
    audiences.yaml), else refuse with the editions there are and a 'did you mean'."""
    known = edition_ids(knowledge)
    if edition_id in known:
        return edition_id
    hint = did_you_mean(edition_id, known)
    raise Refusal(
        f"de editie '{edition_id}' bestaat niet{f' ({hint})' if hint else ''}; "
        f"kies een van: {', '.join(known)} (de doelgroepen staan in audiences.yaml)"
    )


def select_edition(knowledge: model.Knowledge, edition_id: str) -> Edition:
    """The knowledge seen by one audience (or everything, for `volledig`)."""
    audiences = {a.id: a for a in knowledge.audiences}
    if edition_id != COMPLETE and edition_id not in audiences:
        raise Refusal(f"onbekende editie '{edition_id}'")
    audience = audiences.get(edition_id)
    roles = _role_views(knowledge, audience)
    index = _Index(knowledge, {view.item.id for view in roles})
    all_recommendations = [index.recommendation_view(rec) for rec in _sorted_recommendations(knowledge, index)]
    mine = [view for view in all_recommendations if audience is None or audience.id in view.item.audiences]
    by_audience = {
        a.id: [view for view in all_recommendations if a.id in view.item.audiences]
        for a in sorted(knowledge.audiences, key=lambda a: a.order)
    }
    mine_by_factor: dict[str, list[RecommendationView]] = {}
    for view in mine:  # one pass, not one per factor: a guide ten times larger stays linear
        for factor_id in view.item.factors:
            mine_by_factor.setdefault(factor_id, []).append(view)
    return Edition(
        id=edition_id,
        audience=audience,
        knowledge=knowledge,
        recommendations=mine,
        recommendations_by_audience=by_audience if audience is None else {audience.id: mine},
        factors=[
            _factor_view(factor, audience, mine_by_factor.get(factor.id, []), index)
            for factor in sorted(knowledge.factors, key=lambda f: (f.number, f.id))
        ],
        roles=roles,
        strategies=[_strategy_view(strategy, index) for strategy in sorted(knowledge.strategies, key=lambda s: (s.order, s.id))],
        phases=[_phase_view(phase, audience, mine) for phase in sorted(knowledge.phases, key=lambda p: (p.order, p.id))],
        cases=_case_views(knowledge, audience, index),
        competency_groups=_competency_groups(knowledge, audience),
        sources={source.id: source for source in knowledge.sources},
        versions=_version_views(knowledge, audience),
        change_marks=_change_marks(knowledge),
        kernen=_kern_views(knowledge, audience, {view.item.id: view for view in all_recommendations}, index),
    )


class _Index:
    """Lookups by id, built once per edition."""

    def __init__(self, knowledge: model.Knowledge, visible_roles: set[str]) -> None:
        self.knowledge = knowledge
        self.audiences = {a.id: a for a in knowledge.audiences}
        self.phases = {p.id: p for p in knowledge.phases}
        self.factors = {f.id: f for f in knowledge.factors}
        self.roles = {r.id: r for r in knowledge.roles if r.id in visible_roles}
        """Only the roles this edition shows, so no page links to a missing role page."""
        self.strategies = {s.id: s for s in knowledge.strategies}
        self.clusters = {c.id: c for c in knowledge.clusters}
        self.cases_by_factor: dict[str, list[CaseLink]] = {}
        for case in sorted(knowledge.cases, key=lambda c: c.id):
            for link in case.factors:
                self.cases_by_factor.setdefault(link.factor, []).append(CaseLink(case, link))

    def recommendation_view(self, rec: model.Recommendation) -> RecommendationView:
        phases = sorted((self.phases[p] for p in rec.phases if p in self.phases), key=lambda p: p.order)
        return RecommendationView(
            item=rec,
            audiences=sorted((self.audiences[a] for a in rec.audiences if a in self.audiences), key=lambda a: a.order),
            phases=phases,
            factors=sorted((self.factors[f] for f in rec.factors if f in self.factors), key=lambda f: f.number),
            moment=phases[0].moment if phases else THROUGHOUT,
            moment_order=phases[0].order if phases else THROUGHOUT_ORDER,
        )


def _sorted_recommendations(knowledge: model.Knowledge, index: _Index) -> list[model.Recommendation]:
    def key(rec: model.Recommendation) -> tuple[int, str]:
        orders = [index.phases[p].order for p in rec.phases if p in index.phases]
        return (min(orders) if orders else THROUGHOUT_ORDER, rec.id)

    return sorted(knowledge.recommendations, key=key)


def _factor_view(
    factor: model.Factor, audience: model.Audience | None, recommendations: list[RecommendationView], index: _Index
) -> FactorView:
    """`recommendations`: this edition's recommendations for this factor, in guide order."""
    mine = [h for h in factor.helps if audience is not None and h.audience == audience.id]
    return FactorView(
        item=factor,
        cluster=index.clusters.get(factor.cluster),
        helps_for_audience=mine,
        other_helps=[h for h in factor.helps if h not in mine],
        recommendations=recommendations,
        cases=index.cases_by_factor.get(factor.id, []),
        roles=[index.roles[r] for r in factor.roles if r in index.roles],
        strategies=[index.strategies[s] for s in factor.strategies if s in index.strategies],
    )


def _role_views(knowledge: model.Knowledge, audience: model.Audience | None) -> list[RoleView]:
    views = []
    for role in sorted(knowledge.roles, key=lambda r: (r.order, r.id)):
        entry = next((a for a in role.audiences if audience is not None and a.audience == audience.id), None)
        if audience is not None and entry is None:
            continue  # a tailored edition shows the roles its audience needs
        views.append(
            RoleView(
                item=role,
                weight=entry.weight if entry else "",
                weight_note=entry.note if entry else "",
                competencies=[c for c in knowledge.competencies if role.id in c.roles],
                factors=sorted((f for f in knowledge.factors if role.id in f.roles), key=lambda f: f.number),
                cases=sorted((c for c in knowledge.cases if role.id in c.roles), key=lambda c: c.id),
                strategies=sorted((s for s in knowledge.strategies if role.id in s.roles), key=lambda s: s.order),
            )
        )
    return sorted(views, key=lambda v: (v.weight != "hoofdrol", v.item.order)) if audience else views


def _strategy_view(strategy: model.Strategy, index: _Index) -> StrategyView:
    return StrategyView(
        item=strategy,
        roles=[index.roles[r] for r in strategy.roles if r in index.roles],
        factors=sorted((f for f in index.knowledge.factors if strategy.id in f.strategies), key=lambda f: f.number),
    )


def _phase_view(phase: model.Phase, audience: model.Audience | None, recommendations: list[RecommendationView]) -> PhaseView:
    mine = [a for a in phase.asks if audience is not None and a.audience == audience.id]
    return PhaseView(
        item=phase,
        asks_for_audience=mine,
        other_asks=[a for a in phase.asks if a not in mine],
        recommendations=[r for r in recommendations if phase.id in r.item.phases],
    )


def _case_views(knowledge: model.Knowledge, audience: model.Audience | None, index: _Index) -> list[CaseView]:
    views = [
        CaseView(
            item=case,
            factors=[(index.factors[link.factor], link) for link in case.factors if link.factor in index.factors],
            roles=[index.roles[r] for r in case.roles if r in index.roles],
            relevant=audience is not None and audience.id in case.audiences,
        )
        for case in sorted(knowledge.cases, key=lambda c: c.id)
    ]
    return sorted(views, key=lambda v: not v.relevant)


def _kern_views(
    knowledge: model.Knowledge, audience: model.Audience | None, views: dict[str, RecommendationView], index: _Index
) -> dict[str, KernView]:
    """Each kern with its recommendations and moments looked up (validation guarantees they exist;
    an item that does not resolve is left out rather than breaking the edition)."""
    if knowledge.kern is None:
        return {}
    kernen = {kern.audience: kern for kern in knowledge.kern.kernen}
    result = {}
    for target in sorted(knowledge.audiences, key=lambda a: a.order):
        kern = kernen.get(target.id)
        if kern is None or (audience is not None and target.id != audience.id):
            continue
        items = [
            KernItemView(views[item.recommendation], index.phases[item.moment], item.reason)
            for item in kern.items
            if item.recommendation in views and item.moment in index.phases
        ]
        result[target.id] = KernView(target, kern.for_whom, kern.questions, items)
    return result


def _competency_groups(knowledge: model.Knowledge, audience: model.Audience | None) -> list[CompetencyGroupView]:
    groups = []
    for group in sorted(knowledge.competency_groups, key=lambda g: (g.order, g.id)):
        members = [c for c in knowledge.competencies if c.group == group.id]
        relevant = audience is not None and any(audience.id in c.audiences for c in members)
        groups.append(CompetencyGroupView(group, members, relevant))
    return groups


def _item_titles(knowledge: model.Knowledge) -> dict[str, str]:
    """`kind/id` → the name the guide shows, for every item a change note may name."""
    titles: dict[str, str] = {}
    for rec in knowledge.recommendations:
        titles[f"recommendation/{rec.id}"] = rec.checklist
    for case in knowledge.cases:
        titles[f"case/{case.id}"] = case.title
    for kind, items in (
        ("factor", knowledge.factors), ("role", knowledge.roles), ("competency", knowledge.competencies),
        ("strategy", knowledge.strategies), ("phase", knowledge.phases),
    ):
        titles.update({f"{kind}/{item.id}": item.name for item in items})
    titles.update({f"term/{term.id}": term.term for term in knowledge.glossary})
    titles.update({f"source/{source.id}": source.short for source in knowledge.sources})
    return titles


def _change_audiences(knowledge: model.Knowledge) -> dict[str, set[str] | None]:
    """`kind/id` → the audiences a change to that item concerns; None: every audience.

    A recommendation concerns its audiences; a role the audiences whose editions show it;
    a case or competency its audiences when it names some, else everyone; factors,
    strategies, phases, terms and sources are shared by every edition."""
    audiences: dict[str, set[str] | None] = {}
    for rec in knowledge.recommendations:
        audiences[f"recommendation/{rec.id}"] = set(rec.audiences)
    for role in knowledge.roles:
        audiences[f"role/{role.id}"] = {entry.audience for entry in role.audiences}
    for case in knowledge.cases:
        audiences[f"case/{case.id}"] = set(case.audiences) or None
    for competency in knowledge.competencies:
        audiences[f"competency/{competency.id}"] = set(competency.audiences) or None
    return audiences


def _version_views(knowledge: model.Knowledge, audience: model.Audience | None) -> list[VersionView]:
    titles = _item_titles(knowledge)
    concerns = _change_audiences(knowledge)
    views = []
    for version in knowledge.versions:  # validated: newest first
        changes = []
        for change in version.changes:
            wanted = concerns.get(change.item)
            if audience is None or wanted is None or audience.id in wanted:
                changes.append(ChangeView(version, change, titles.get(change.item, change.item)))
        views.append(VersionView(version, changes))
    return views


def _change_marks(knowledge: model.Knowledge) -> dict[str, ChangeView]:
    if not knowledge.versions:
        return {}
    newest = knowledge.versions[0]
    titles = _item_titles(knowledge)
    return {change.item: ChangeView(newest, change, titles.get(change.item, change.item)) for change in newest.changes}

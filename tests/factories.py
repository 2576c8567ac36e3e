"""Small in-memory knowledge for tests of the middle stages (select, render).

Each factory fills the required fields with short placeholder text and takes the fields a
test cares about as keyword arguments, so a test states only what it is about
(Pelican's `tests/support.py` idea). `knowledge()` assembles a whole `Knowledge` with
one of everything unless the test passes its own lists.
"""

from __future__ import annotations

from typing import Any, TypeVar

from generator import model

CITE = [{"source": "studie", "location": "§1, p. 1"}]
M = TypeVar("M", bound=model.Strict)


def _make(cls: type[M], base: dict[str, Any], fields: dict[str, Any]) -> M:
    return cls.model_validate({**base, **fields})


def audience(id: str, order: int, **fields: Any) -> model.Audience:
    base = {"id": id, "name": id.capitalize(), "singular": id, "description": "Wie.", "intro": "Intro.", "order": order}
    return _make(model.Audience, base, fields)


def phase(id: str, order: int, **fields: Any) -> model.Phase:
    base = {"id": id, "name": id, "order": order, "moment": f"Moment {id}", "description": "Fase.", "sources": CITE}
    return _make(model.Phase, base, fields)


def recommendation(id: str, audiences: list[str], **fields: Any) -> model.Recommendation:
    base = {
        "id": id, "checklist": f"Doe {id}.", "rationale": "Omdat.", "audiences": audiences,
        "kind": "formele-aanbeveling", "sources": CITE,
    }
    return _make(model.Recommendation, base, fields)


def factor(id: str, number: int, **fields: Any) -> model.Factor:
    base = {
        "id": id, "number": number, "name": id, "cluster": "cluster", "summary": "Kort.", "why": "Waarom.",
        "warning_signs": [{"text": "Signaal.", "sources": CITE}],
        "evidence": [{"source": "studie", "location": "§1, p. 1", "kind": "bevinding", "text": "Bewijs."}],
        "questions": [
            {"id": f"{id}-1", "text": "We spreken af wat we doen.", "sources": CITE},
            {"id": f"{id}-2", "text": "We doen wat we afspreken.", "sources": CITE},
        ],
        "sources": CITE,
    }
    return _make(model.Factor, base, fields)


def role(id: str, order: int, audiences: dict[str, str] | None = None, **fields: Any) -> model.Role:
    entries = [{"audience": a, "weight": w} for a, w in (audiences or {}).items()]
    base = {"id": id, "name": id, "order": order, "summary": "Kort.", "description": "Rol.", "audiences": entries, "sources": CITE}
    return _make(model.Role, base, fields)


def case(id: str, factors: list[str], **fields: Any) -> model.Case:
    base = {
        "id": id, "title": id, "place": "Ergens", "summary": "Kort.", "setting": "Setting.", "participants": "Wie.",
        "organisation": "Hoe.", "factors": [{"factor": f, "valence": "+", "note": "Werkte."} for f in factors],
        "sources": CITE,
    }
    return _make(model.Case, base, fields)


def source(id: str, short: str, **fields: Any) -> dict[str, Any]:
    """A source as data (the knowledge validates it)."""
    base = {"id": id, "short": short, "title": f"Over {short}", "authors": ["A. Auteur"], "year": "2025", "kind": "boek", "method": "Interviews."}
    return {**base, **fields}


def term(id: str, name: str, **fields: Any) -> model.Term:
    return _make(model.Term, {"id": id, "term": name, "definition": "Uitleg.", "background": True}, fields)


def kern(audience_id: str, items: list[tuple[str, str]], **fields: Any) -> dict[str, Any]:
    """One audience's kern as data: `items` are (recommendation id, moment phase id)."""
    questions = [{"text": f"Vraag {n}?", "sources": CITE} for n in (1, 2, 3)]
    base = {
        "audience": audience_id, "for_whom": "Voor wie.", "questions": questions,
        "items": [{"recommendation": r, "moment": m, "reason": "Daarom."} for r, m in items],
    }
    return {**base, **fields}


def knowledge(**parts: Any) -> model.Knowledge:
    """A whole knowledge base: one source, cluster and competency group, plus `parts`."""
    base: dict[str, Any] = {
        "guide": {
            "title": "Gids", "version": "1", "content_date": "2026-01-01", "site_url": "https://gids.nl/", "about": "Over.", "reading_guide": "Lees.",
        },
        "audiences": [audience("voorzitters", 1), audience("deelnemers", 2)],
        "sources": [{
            "id": "studie", "short": "Studie", "title": "Een studie", "authors": ["A. Auteur"], "year": "2025",
            "kind": "boek", "method": "Interviews.",
        }],
        "clusters": [{"id": "cluster", "name": "Cluster", "description": "Cluster.", "order": 1}],
        "factors": [], "roles": [], "competency_groups": [], "competencies": [], "strategies": [],
        "phases": [], "recommendations": [], "cases": [], "glossary": [],
    }
    kernen = parts.pop("kernen", None)
    data = {**base, **{key: value for key, value in parts.items()}}
    if kernen is not None:
        data["kern"] = {"method": "Zo gekozen.", "kernen": kernen}
    return model.Knowledge.model_validate(data)

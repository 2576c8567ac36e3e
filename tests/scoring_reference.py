"""The zelfscan scoring rule in Python: the reference the page scripts are tested against.

It reads the same definition as the scripts (the `scoring` object and the statements of the
data embedded in the page, made by generator/zelfscan.py) and follows the rule as the
zelfscan.yaml text states it, written independently of templates/assets/zelfscan.js:
a negative statement is reversed (min + max − answer), 'weet ik niet' never counts, a factor
needs `min_answered` counted answers, a mean below the threshold is weak. The team view takes
each person's factor mean and gives the number of people, their mean, lowest, highest and
mean per role; a spread of `dispute_spread` or more between two or more people is a dispute.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

Answers = dict[str, Any]


@dataclass(frozen=True)
class FactorScore:
    factor: str
    mean: float | None
    answered: int
    weak: bool


@dataclass(frozen=True)
class TeamScore:
    factor: str
    n: int
    mean: float | None
    low: float | None
    high: float | None
    by_role: dict[str, float]
    weak: bool
    disputed: bool


def counted(statement: dict[str, Any], answer: Any, rule: dict[str, Any]) -> int | None:
    """What one answer adds to its factor, or None when it does not count."""
    if isinstance(answer, bool) or not isinstance(answer, int) or not rule["min"] <= answer <= rule["max"]:
        return None
    return rule["min"] + rule["max"] - answer if statement["reverse"] else answer


def score_factor(factor: dict[str, Any], answers: Answers, rule: dict[str, Any]) -> FactorScore:
    values = [v for s in factor["statements"] if (v := counted(s, answers.get(s["id"]), rule)) is not None]
    mean = sum(values) / len(values) if len(values) >= rule["min_answered"] else None
    return FactorScore(factor["id"], mean, len(values), mean is not None and mean < rule["threshold"])


def score(data: dict[str, Any], answers: Answers) -> list[FactorScore]:
    """One person's scores, in guide order."""
    return [score_factor(factor, answers, data["scoring"]) for factor in data["factors"]]


def team(data: dict[str, Any], people: list[tuple[str, Answers]]) -> list[TeamScore]:
    """The team's scores per factor, in guide order; people: (role, answers)."""
    rule = data["scoring"]
    found = []
    for factor in data["factors"]:
        own = [(role, s.mean) for role, answers in people if (s := score_factor(factor, answers, rule)).mean is not None]
        means = [mean for _, mean in own]
        roles: dict[str, list[float]] = {}
        for role, mean in own:
            roles.setdefault(role, []).append(mean)
        by_role = {role: sum(values) / len(values) for role, values in roles.items()}
        if not means:
            found.append(TeamScore(factor["id"], 0, None, None, None, by_role, False, False))
            continue
        low, high, mean = min(means), max(means), sum(means) / len(means)
        disputed = len(means) >= 2 and high - low >= rule["dispute_spread"]
        found.append(TeamScore(factor["id"], len(means), mean, low, high, by_role, mean < rule["threshold"], disputed))
    return found


def formatted(value: float | None) -> str:
    """One decimal rounded half up, decimal comma; '–' for no score."""
    if value is None:
        return "–"
    return f"{math.floor(value * 10 + 0.5) / 10:.1f}".replace(".", ",")


def agenda(data: dict[str, Any], scores: list[TeamScore], count: int = 3) -> tuple[list[str], list[str]]:
    """The agenda's picks: the `count` lowest means, and the `count` widest spreads above zero
    among two or more people; ties in guide order."""
    numbers = {f["id"]: f["number"] for f in data["factors"]}
    scored = [s for s in scores if s.mean is not None]
    weakest = sorted(scored, key=lambda s: (s.mean, numbers[s.factor]))[:count]
    spread = [s for s in scored if s.n >= 2 and s.high is not None and s.low is not None and s.high - s.low > 0]
    disputed = sorted(spread, key=lambda s: (-(s.high - s.low), numbers[s.factor]))[:count]  # type: ignore[operator]
    return [s.factor for s in weakest], [s.factor for s in disputed]

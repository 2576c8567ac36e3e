"""Coverage and faithfulness of the real knowledge base in `content/` (issue #3, "Done means").

These tests load the real content once per module and pin what the content brief
(kept beside the repository, with the study texts) requires:

- every chapter-8 *handreiking* of Bruggenbouwers (29) is a formal recommendation for the
  right audience, found by its line in the study text;
- the factors and conditions of the five studies (Apeldoorn's eight factors, Zoetermeer's
  conditions, Den Haag's factors, Leeuwarden's conditions, Bruggenbouwers' organisational
  conditions) are traceable to a unified success factor through an evidence entry;
- the minimum counts of the brief, and the shape of every recommendation;
- no sentence is copied from a study (no 10-word overlap outside quotation marks);
- every citation points inside its study text.

Line numbers refer to the five study texts, which are not part of this repository: the
tests find them in the folder named by PRAKTIJKGIDS_STUDIES (`.ci/run` sets it to
`shared/seeds` beside the checkout). Outside CI the tests that read those texts are skipped
when it is not set; in CI (CI=true) a missing folder is a failure.
"""

from __future__ import annotations

import os
import re
from collections import defaultdict
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest
from pydantic import BaseModel

from generator import model
from generator.load import load_content

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
STUDIES_VARIABLE = "PRAKTIJKGIDS_STUDIES"
SEEDS = Path(os.environ.get(STUDIES_VARIABLE) or "")
"""The folder with the five study texts (meaningless when the variable is not set: ask
`studies_found()`)."""


def studies_found() -> bool:
    return bool(os.environ.get(STUDIES_VARIABLE)) and SEEDS.is_dir()


needs_seeds = pytest.mark.skipif(
    not studies_found() and os.environ.get("CI") != "true",
    reason=f"the study texts are not in this repository: set {STUDIES_VARIABLE} to their folder",
)


@pytest.fixture(scope="module")
def knowledge() -> model.Knowledge:
    loaded = load_content(CONTENT)
    assert loaded.complete, [str(p) for p in loaded.problems]
    assert loaded.knowledge is not None
    return loaded.knowledge


# ---------------------------------------------------------------------------
# Line ranges: "L5731-5732", "L1065, L975", "L2095-2103; L2476-2481", "L5602–5609"
# ---------------------------------------------------------------------------

RANGE = re.compile(r"L\s*(\d+)(?:\s*[-–]\s*L?\s*(\d+))?")


def parse_lines(lines: str | None) -> list[tuple[int, int]]:
    """All (first, last) ranges in a `lines` string; an empty list if there are none."""
    if not lines:
        return []
    ranges = []
    for match in RANGE.finditer(lines):
        first = int(match.group(1))
        last = int(match.group(2)) if match.group(2) else first
        ranges.append((first, last))
    return ranges


def overlaps(ranges: list[tuple[int, int]], wanted: list[tuple[int, int]]) -> bool:
    return any(a <= d and c <= b for a, b in ranges for c, d in wanted)


def test_parse_lines() -> None:
    assert parse_lines("L5731-5732") == [(5731, 5732)]
    assert parse_lines("L5602–5609, L983-997") == [(5602, 5609), (983, 997)]
    assert parse_lines("L2095-2103; L2476-2481") == [(2095, 2103), (2476, 2481)]
    assert parse_lines("L1065, L975") == [(1065, 1065), (975, 975)]
    assert parse_lines(None) == []


# ---------------------------------------------------------------------------
# 1. Bruggenbouwers chapter 8: the 29 handreikingen
# ---------------------------------------------------------------------------
# In the seed text (004, chapter 8, L5586-5855) each handreiking starts with the glyph "3"
# (a rendered check mark) at the start of a line; "●" marks sub-points inside one handreiking
# (the two selection sub-points of §8.2's first handreiking, the three boundaries and the
# listed behaviours in §8.3). The table gives the line of each "3".

BB_FILE = "004_14e185fd1ba1efee.txt"
CHAPTER8_SECTIONS = {  # section: (audience, first line, last line) in the seed
    "8.1": ("bestuurders", 5600, 5635),
    "8.2": ("leidinggevenden", 5636, 5686),
    "8.3": ("voorzitters", 5687, 5826),
    "8.4": ("deelnemers", 5827, 5854),
}
CHAPTER8 = [
    ("8.1", 5602, "winst en verlies vooraf afwegen"),
    ("8.1", 5611, "nagaan of interdisciplinaire samenwerking nodig is"),
    ("8.1", 5618, "controle op de uitvoering loslaten"),
    ("8.1", 5628, "leefbaarheid en veiligheid vroeg concreet maken"),
    ("8.2", 5638, "bewust kiezen wie wordt afgevaardigd (deelnemers en vijf eisen voorzitter)"),
    ("8.2", 5666, "tijd en ruimte geven voor relaties"),
    ("8.2", 5672, "draagvlak, mandaat en toegang voor de voorzitter"),
    ("8.2", 5679, "bij bottom-up: doelen verbinden, kaders en beslisruimte geven"),
    ("8.3", 5690, "authentiek en transparant zijn"),
    ("8.3", 5693, "organisch proces: experimenteren, reflecteren, evalueren"),
    ("8.3", 5702, "zorgvuldig en persoonlijk uitnodigen"),
    ("8.3", 5707, "groep klein houden (10-15)"),
    ("8.3", 5710, "duo's laten aanwijzen"),
    ("8.3", 5717, "realistisch en ambitieus, kleine stappen, span of control"),
    ("8.3", 5731, "eerst de bestaansreden helder"),
    ("8.3", 5734, "ook sturen op groepsproces, drie balansen"),
    ("8.3", 5742, "geduld betrachten"),
    ("8.3", 5750, "weerstand en frictie omarmen"),
    ("8.3", 5762, "conflict benutten: sociale, cognitieve, materiële grenzen"),
    ("8.3", 5776, "handelen namens het samenwerkingsverband"),
    ("8.3", 5783, "sturen op integratie, gedeelde taal"),
    ("8.3", 5792, "open, samenwerkende houding stimuleren"),
    ("8.3", 5802, "iedereen gelijkwaardig betrekken"),
    ("8.3", 5808, "deelnemers kunnen besluiten uitleggen in eigen organisatie"),
    ("8.3", 5815, "alert op afhaken, tijdig beëindigen"),
    ("8.3", 5819, "samen de wijk in"),
    ("8.4", 5829, "nagaan of deelnemen bij je past"),
    ("8.4", 5837, "voorbereid zijn op conflict en het positief zien"),
    ("8.4", 5846, "overbrugwerk naar eigen collega's en leidinggevende"),
]
CHAPTER8_SUBPOINTS = [  # "●" sub-points that must be covered as well (within 8.2's first item)
    ("8.2", 5646, "selectie van deelnemers"),
    ("8.2", 5650, "vijf selectie-elementen voor de voorzitter"),
]


def test_chapter8_table_has_29_items_per_brief() -> None:
    counts: dict[str, int] = defaultdict(int)
    for section, _, _ in CHAPTER8:
        counts[section] += 1
    assert dict(counts) == {"8.1": 4, "8.2": 4, "8.3": 18, "8.4": 3}


@needs_seeds
def test_chapter8_table_matches_the_study_text() -> None:
    """The table is derived from the seed: every '3' bullet of §8.1–8.4 and nothing else."""
    lines = seed_lines(BB_FILE)
    assert lines[5586 - 1].strip().startswith("8. Handreikingen")
    found = []
    for section, (_, first, last) in CHAPTER8_SECTIONS.items():
        heading = lines[first - 1].strip()
        assert heading.startswith(f"{section} Handreikingen"), (section, heading)
        for number in range(first, last + 1):
            if re.match(r"^3 \S", lines[number - 1].strip()):
                found.append((section, number))
    assert found == [(section, line) for section, line, _ in CHAPTER8]
    for _, line, label in CHAPTER8_SUBPOINTS:
        assert lines[line - 1].strip().startswith("●"), label


def _bb_covering(knowledge: model.Knowledge, line: int) -> list[tuple[model.Recommendation, model.Citation]]:
    hits = []
    for rec in knowledge.recommendations:
        for cit in rec.sources:
            if cit.source == "bruggenbouwers" and overlaps(parse_lines(cit.lines), [(line, line)]):
                hits.append((rec, cit))
    return hits


@pytest.mark.parametrize(("section", "line", "label"), CHAPTER8 + CHAPTER8_SUBPOINTS,
                         ids=[f"§{s}-L{n}" for s, n, _ in CHAPTER8 + CHAPTER8_SUBPOINTS])
def test_chapter8_handreiking_is_a_formal_recommendation(knowledge: model.Knowledge, section: str, line: int, label: str) -> None:
    audience = CHAPTER8_SECTIONS[section][0]
    starts = [n for _, n, _ in CHAPTER8]
    good = []
    for rec, cit in _bb_covering(knowledge, line):
        if rec.kind != model.EvidenceKind.formal or audience not in rec.audiences:
            continue
        assert f"§{section}" in cit.location or f"§ {section}" in cit.location, (rec.id, cit.location)
        # The citation must point at this handreiking, not at the whole chapter.
        covered = [n for n in starts if overlaps(parse_lines(cit.lines), [(n, n)])]
        assert len(covered) <= 3, f"{rec.id}: citation {cit.lines} spans {len(covered)} handreikingen"
        good.append(rec.id)
    assert good, f"§{section} L{line} ({label}): no formele-aanbeveling for {audience} citing this line"


def test_chapter8_items_have_their_own_recommendations(knowledge: model.Knowledge) -> None:
    """At most a few handreikingen share one recommendation (merging is allowed, lumping is not)."""
    per_rec: dict[str, list[int]] = defaultdict(list)
    for _, line, _ in CHAPTER8:
        for rec, _ in _bb_covering(knowledge, line):
            if rec.kind == model.EvidenceKind.formal:
                per_rec[rec.id].append(line)
    assert len(per_rec) >= 25, sorted(per_rec)
    assert all(len(set(lines)) <= 2 for lines in per_rec.values()), dict(per_rec)


# ---------------------------------------------------------------------------
# 2. Factors and conditions of the studies are traceable to a unified factor
# ---------------------------------------------------------------------------

# (name in the study, seed line ranges where the study defines or reports it, acceptable factor ids)
Trace = tuple[str, list[tuple[int, int]], set[str]]

APELDOORN_FACTORS: list[Trace] = [  # §3.2.2 definition, §5.2.1 results, §6.1 conclusion
    ("wederzijdse afhankelijkheidsbesef", [(1868, 1905), (3522, 3767), (5467, 5479)], {"wederzijdse-afhankelijkheid"}),
    ("concretisering", [(1907, 1947), (3768, 3993), (5479, 5487)], {"concrete-doelen", "structuur-en-mandaat"}),
    ("onderlinge verhoudingen", [(1949, 2007), (3994, 4299), (5487, 5501)], {"vertrouwen-en-relaties", "communicatie-en-taal"}),
    ("coördinatie/bestuurlijke kracht", [(2008, 2062), (4300, 4489), (5503, 5516)], {"bestuurlijke-kracht"}),
    ("stabiliteit", [(2063, 2099), (4490, 4587), (5516, 5522)], {"stabiliteit-en-continuiteit"}),
    ("continuïteit", [(2135, 2168), (4588, 4639), (5522, 5528)], {"stabiliteit-en-continuiteit"}),
    ("externe druk/dwang", [(2100, 2134), (4640, 4737), (5528, 5532)], {"wederzijdse-afhankelijkheid", "bestuurlijke-kracht"}),
    ("randvoorwaarden", [(2169, 2205), (4738, 4905), (5532, 5546)], {"capaciteit-en-middelen"}),
]

ZOETERMEER_CONDITIONS: list[Trace] = [  # §4.1 (voorwaarden), §5.1 analysis
    ("afhankelijkheid", [(506, 520), (897, 897)], {"wederzijdse-afhankelijkheid"}),
    ("capaciteit en middelen", [(522, 528), (901, 901)], {"capaciteit-en-middelen"}),
    ("gezamenlijke percepties", [(532, 544), (905, 905)], {"gedeelde-opgave"}),
    ("vertrouwen", [(548, 564), (909, 913)], {"vertrouwen-en-relaties"}),
    ("leiderschap", [(566, 584), (915, 927)], {"verbindend-voorzitterschap", "bestuurlijke-kracht"}),
    ("geen bureaucratische barrières", [(590, 590), (929, 931)], {"informatiedeling"}),
    ("menselijke aspecten: communicatie en taal", [(592, 592), (640, 640)], {"communicatie-en-taal"}),
    ("de juiste mensen op de juiste plek", [(598, 598), (933, 937)], {"juiste-mensen"}),
    ("wederkerigheid", [(658, 662)], {"wederzijdse-afhankelijkheid"}),
]

DEN_HAAG_FACTORS: list[Trace] = [  # digest seed-000 §4, F-numbers
    ("F1 organisatiestructuur", [(677, 727), (850, 871), (2631, 2671)], {"structuur-en-mandaat"}),
    ("F3 neutrale facilitator/secretaris", [(811, 847), (2016, 2062)], {"verbindend-voorzitterschap"}),
    ("F5 één beslisser per niveau, escalatie", [(1826, 1836), (1849, 1855)], {"structuur-en-mandaat"}),
    ("F6 mandaat aan tafel", [(2709, 2713)], {"structuur-en-mandaat", "juiste-mensen"}),
    ("F8 communicatie", [(898, 929), (2095, 2111), (2476, 2482)], {"communicatie-en-taal"}),
    ("F10 gedeeld doel", [(1979, 1998), (795, 805)], {"gedeelde-opgave"}),
    ("F11 vertrouwen", [(1093, 1159), (2223, 2266)], {"vertrouwen-en-relaties"}),
    ("F13 conflictoplossing", [(1051, 1089), (2296, 2319)], {"groepsproces-en-conflict"}),
    ("F16 commitment", [(2367, 2400)], {"commitment-en-draagvlak"}),
    ("F17 de juiste mensen aan tafel", [(1959, 1975), (2709, 2713)], {"juiste-mensen"}),
    ("F18 achterban voor en na het overleg", [(2713, 2719), (2119, 2136)], {"commitment-en-draagvlak"}),
    ("F19 vergaderdiscipline", [(2721, 2757)], {"werkvorm-en-samen-doen"}),
    ("F24 data plus signalen uit de wijk (IGW)", [(2541, 2567)], {"informatiedeling"}),
    ("F31 waan van de dag, politieke prioriteiten", [(550, 558)], {"stabiliteit-en-continuiteit", "bestuurlijke-kracht"}),
    ("F32 beperkte handhavingscapaciteit", [(217, 241), (2837, 2846), (2968, 2973)], {"capaciteit-en-middelen"}),
]

LEEUWARDEN_CONDITIONS: list[Trace] = [  # digest seed-001 §5A, E-numbers
    ("E1 bestuurlijke/strategische visie", [(4231, 4245), (4598, 4607), (4726, 4731), (4762, 4781)], {"bestuurlijke-kracht", "gedeelde-opgave"}),
    ("E2 initiatief en regie van de gemeente", [(3219, 3226), (3276, 3288), (4471, 4477), (4841, 4843)], {"bestuurlijke-kracht"}),
    ("E5/E6 bestuurlijke eenheid, doorzettingsmacht", [(2615, 2628), (2733, 2737), (2849, 2857)], {"bestuurlijke-kracht", "structuur-en-mandaat"}),
    ("E7 urgentiebesef", [(2935, 2954), (3022, 3028), (4630, 4633)], {"wederzijdse-afhankelijkheid"}),
    ("E8 extra middelen", [(2956, 2958), (4380, 4382)], {"capaciteit-en-middelen"}),
    ("E9 tijdig betrekken van ketenpartners", [(2885, 2895), (3084, 3099)], {"commitment-en-draagvlak", "juiste-mensen"}),
    ("E10 heldere afspraken en structuur", [(632, 643), (2806, 2820)], {"structuur-en-mandaat"}),
    ("E13 informeel contact en korte lijnen", [(3071, 3077), (3206, 3209), (3228, 3249), (4816, 4821)], {"vertrouwen-en-relaties", "werkvorm-en-samen-doen"}),
    ("E14 ondernemende houding van professionals", [(2660, 2667), (2740, 2746), (4501, 4508), (4844, 4847)], {"juiste-mensen"}),
    ("E16/E17 terugkoppeling en informatiesysteem", [(2553, 2566), (2644, 2658), (4797, 4806)], {"informatiedeling"}),
    ("E18 elkaar kennen", [(657, 663), (3521, 3534), (4915, 4918)], {"communicatie-en-taal", "vertrouwen-en-relaties"}),
    ("E21 voortbouwen op ervaring", [(2395, 2398), (4478, 4485)], {"stabiliteit-en-continuiteit"}),
    ("E25 vertrouwen", [(2609, 2614), (4539, 4543)], {"vertrouwen-en-relaties"}),
    ("E29 evaluatie van casussen, leerwerkplaatsen", [(2980, 2987), (3067, 3070)], {"evaluatie-en-leren"}),
    ("E30 rust en tijd", [(3799, 3805), (3698, 3704)], {"stabiliteit-en-continuiteit", "groepsproces-en-conflict"}),
]

BRUGGENBOUWERS_CONDITIONS: list[Trace] = [  # §6.2 organisatorische randvoorwaarden
    ("visie (§6.2.1)", [(4491, 4531)], {"gedeelde-opgave"}),
    ("mandaat en organisatiestructuur (§6.2.2)", [(4532, 4583)], {"structuur-en-mandaat"}),
    ("commitment (§6.2.3)", [(4584, 4612)], {"commitment-en-draagvlak"}),
]

TRACES = [
    ("apeldoorn", APELDOORN_FACTORS),
    ("zoetermeer", ZOETERMEER_CONDITIONS),
    ("den-haag", DEN_HAAG_FACTORS),
    ("leeuwarden", LEEUWARDEN_CONDITIONS),
    ("bruggenbouwers", BRUGGENBOUWERS_CONDITIONS),
]
TRACE_CASES = [(source, *trace) for source, traces in TRACES for trace in traces]


def test_apeldoorn_has_eight_factors() -> None:
    assert len(APELDOORN_FACTORS) == 8


@pytest.mark.parametrize(("source", "name", "wanted", "factor_ids"), TRACE_CASES,
                         ids=[f"{s}:{n}" for s, n, _, _ in TRACE_CASES])
def test_study_factor_is_traceable(knowledge: model.Knowledge, source: str, name: str,
                                   wanted: list[tuple[int, int]], factor_ids: set[str]) -> None:
    hits = {
        factor.id
        for factor in knowledge.factors
        for ev in factor.evidence
        if ev.source == source and overlaps(parse_lines(ev.lines), wanted)
    }
    assert hits & factor_ids, f"{source} '{name}' ({wanted}) maps to none of {sorted(factor_ids)}; found in {sorted(hits)}"


# ---------------------------------------------------------------------------
# 3. Minimum counts from the brief
# ---------------------------------------------------------------------------

SOURCE_IDS = {"bruggenbouwers", "den-haag", "leeuwarden", "zoetermeer", "apeldoorn"}


def test_sources(knowledge: model.Knowledge) -> None:
    assert {s.id for s in knowledge.sources} == SOURCE_IDS
    for source in knowledge.sources:
        assert source.method.strip() and source.authors and source.year.strip(), source.id
        if studies_found():
            assert (SEEDS / source.file).is_file(), source.id


def test_each_study_supports_at_least_four_factors(knowledge: model.Knowledge) -> None:
    per_source: dict[str, set[str]] = defaultdict(set)
    for factor in knowledge.factors:
        for ev in factor.evidence:
            per_source[ev.source].add(factor.id)
    for source in SOURCE_IDS:
        assert len(per_source[source]) >= 4, (source, sorted(per_source[source]))


def test_factors(knowledge: model.Knowledge) -> None:
    assert 12 <= len(knowledge.factors) <= 16
    clusters = {c.id for c in knowledge.clusters}
    for factor in knowledge.factors:
        assert factor.cluster in clusters, factor.id
        assert sum(q.kind == "stelling" for q in factor.questions) >= 2, factor.id
        assert len(factor.warning_signs) >= 2, factor.id
        assert factor.summary and factor.why, factor.id
    assert len({f.number for f in knowledge.factors}) == len(knowledge.factors)


def test_roles(knowledge: model.Knowledge) -> None:
    ids = [r.id for r in knowledge.roles]
    assert {"netwerk-bouwer", "vertaler", "coordinator", "ondernemer"} <= set(ids)
    assert "status" in ids
    chair = {r.id for r in knowledge.roles if any(a.audience == "voorzitters" for a in r.audiences)}
    assert {"netwerk-bouwer", "vertaler", "coordinator", "ondernemer"} <= chair


def test_competencies(knowledge: model.Knowledge) -> None:
    groups: dict[str, list[str]] = defaultdict(list)
    for competency in knowledge.competencies:
        groups[competency.group].append(competency.id)
    assert len(groups["persoonlijke-eigenschappen"]) == 10
    assert len(groups["eisen-voorzitter"]) == 5
    assert len(groups["balansen"]) == 3
    assert len(groups["kerncompetentie"]) >= 1
    assert groups["rolcompetenties"] and groups["samenwerkingscompetenties"] and groups["houding"]
    role_ids = {r.id for r in knowledge.roles}
    for role in ("netwerk-bouwer", "vertaler", "coordinator", "ondernemer"):
        assert any(role in c.roles for c in knowledge.competencies if c.group == "rolcompetenties"), role
    assert all(set(c.roles) <= role_ids for c in knowledge.competencies)


def test_strategies_and_route(knowledge: model.Knowledge) -> None:
    ids = [s.id for s in knowledge.strategies]
    assert "route-naar-consensus" in ids
    route = next(s for s in knowledge.strategies if s.id == "route-naar-consensus")
    assert len(route.steps) == 3
    assert len([i for i in ids if i != "route-naar-consensus"]) >= 7


# The studies give participants no advice for the ending of a collaboration (Bruggenbouwers only
# describes how participants dropped out, and advises chairs to end in time, §8.3 L5815).
PHASES_WITHOUT_PARTICIPANT_ADVICE = {"afronding"}


def test_phases(knowledge: model.Knowledge) -> None:
    ids = {p.id for p in knowledge.phases}
    assert {"voor-de-start", "forming", "storming", "norming", "performing", "afronding", "wisseling"} <= ids
    for phase in knowledge.phases:
        asked = {a.audience for a in phase.asks}
        assert "voorzitters" in asked, phase.id
        if phase.id not in PHASES_WITHOUT_PARTICIPANT_ADVICE:
            assert "deelnemers" in asked, phase.id


def test_cases(knowledge: model.Knowledge) -> None:
    ids = {c.id for c in knowledge.cases}
    assert len(ids) >= 7
    assert {"hooghuizen", "bloemenbuurt", "ruitersoord", "den-haag", "leeuwarden", "zoetermeer", "apeldoorn"} <= ids
    for case in knowledge.cases:
        assert len({f.factor for f in case.factors}) >= 3, case.id
        assert case.figures, case.id
        assert len(case.body.split()) >= 150, case.id


GLOSSARY_REQUIRED = ["Veiligheidshuis", "ZSM", "wijkteam", "Veilig Thuis", "RIEC", "ondermijning", "IGW",
                     "casusoverleg", "BOA"]


def test_glossary(knowledge: model.Knowledge) -> None:
    names = [t.term.lower() for t in knowledge.glossary]
    for wanted in GLOSSARY_REQUIRED:
        assert any(wanted.lower() in name for name in names), wanted
    for term in knowledge.glossary:
        assert term.background or term.sources, term.id


def test_zelfscan_questions(knowledge: model.Knowledge) -> None:
    assert knowledge.zelfscan is not None
    questions = [q for f in knowledge.factors for q in f.questions]
    assert len({q.id for q in questions}) == len(questions)


# ---------------------------------------------------------------------------
# 4. Every recommendation is complete and has a usable checklist line
# ---------------------------------------------------------------------------

NOT_A_VERB = {
    "de", "het", "een", "u", "je", "jij", "jullie", "we", "wij", "ze", "zij", "hij", "men", "als", "bij",
    "in", "op", "voor", "met", "om", "dat", "dit", "deze", "die", "er", "zo", "door", "na", "tijdens",
    "wanneer", "ook", "niet", "geen", "elke", "iedere", "ieder", "alle", "wie", "wat", "waar", "hoe",
    "zodat", "omdat", "indien", "over", "naar", "uit", "van", "aan", "tot", "goede", "meer", "minder",
}


def test_recommendations_are_complete(knowledge: model.Knowledge) -> None:
    audiences = {a.id for a in knowledge.audiences}
    phases = {p.id for p in knowledge.phases}
    factors = {f.id for f in knowledge.factors}
    problems = []
    for rec in knowledge.recommendations:
        if not rec.audiences or not set(rec.audiences) <= audiences:
            problems.append(f"{rec.id}: audiences {rec.audiences}")
        if not set(rec.phases) <= phases or not set(rec.factors) <= factors:
            problems.append(f"{rec.id}: unknown phase or factor")
        if not rec.factors:
            problems.append(f"{rec.id}: no related factor")
        if not rec.sources or not all(c.location.strip() for c in rec.sources):
            problems.append(f"{rec.id}: source without location")
        if not rec.rationale.strip():
            problems.append(f"{rec.id}: no rationale")
    assert not problems, problems


def test_checklist_lines(knowledge: model.Knowledge) -> None:
    problems = []
    seen: dict[str, str] = {}
    for rec in knowledge.recommendations:
        line = rec.checklist.strip()
        first = re.sub(r"[^\w-]", "", line.split()[0]).lower()
        if not line[0].isupper():
            problems.append(f"{rec.id}: does not start with a capital: {line!r}")
        if not line.endswith("."):
            problems.append(f"{rec.id}: does not end with '.': {line!r}")
        if first in NOT_A_VERB:
            problems.append(f"{rec.id}: first word {first!r} is not a verb: {line!r}")
        if "\n" in line:
            problems.append(f"{rec.id}: more than one line")
        key = line.lower()
        if key in seen:
            problems.append(f"{rec.id}: same checklist line as {seen[key]}")
        seen[key] = rec.id
    assert not problems, problems


def test_recommendation_ids_unique(knowledge: model.Knowledge) -> None:
    ids = [r.id for r in knowledge.recommendations]
    assert len(ids) == len(set(ids))


def test_every_source_has_formal_recommendations(knowledge: model.Knowledge) -> None:
    formal = {c.source for r in knowledge.recommendations if r.kind == model.EvidenceKind.formal for c in r.sources}
    assert SOURCE_IDS <= formal


# ---------------------------------------------------------------------------
# 5. Citations point inside the study texts
# ---------------------------------------------------------------------------

def walk(value: object, path: str = "", owner: str = "") -> Iterator[tuple[str, str, object]]:
    """Yield (owner id, path, value) for every value in the model tree."""
    if isinstance(value, BaseModel):
        owner = getattr(value, "id", None) or owner
        for name in type(value).model_fields:
            yield from walk(getattr(value, name), f"{path}.{name}" if path else name, owner)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from walk(item, f"{path}[{index}]", owner)
    else:
        yield owner, path, value


def all_citations(knowledge: model.Knowledge) -> Iterator[tuple[str, str, str, str, str | None]]:
    """(owner, path, source, location, lines) for every Citation and Evidence entry."""
    def visit(value: object, path: str, owner: str) -> Iterator[tuple[str, str, str, str, str | None]]:
        if isinstance(value, (model.Citation, model.Evidence)):
            yield owner, path, value.source, value.location, value.lines
        if isinstance(value, BaseModel):
            owner = getattr(value, "id", None) or owner
            for name in type(value).model_fields:
                yield from visit(getattr(value, name), f"{path}.{name}", owner)
        elif isinstance(value, list):
            for index, item in enumerate(value):
                yield from visit(item, f"{path}[{index}]", owner)
    yield from visit(knowledge, "", "")


def test_every_location_is_filled(knowledge: model.Knowledge) -> None:
    sources = {s.id for s in knowledge.sources}
    citations = list(all_citations(knowledge))
    assert len(citations) > 500
    bad = [(o, p) for o, p, s, loc, _ in citations if not loc.strip() or s not in sources]
    assert not bad, bad
    unparsable = [(o, p, lines) for o, p, _, _, lines in citations if lines and not parse_lines(lines)]
    assert not unparsable, unparsable


@needs_seeds
def test_every_line_range_lies_inside_its_study(knowledge: model.Knowledge) -> None:
    files = {s.id: s.file for s in knowledge.sources}
    problems = []
    for owner, path, source, _, lines in all_citations(knowledge):
        count = len(seed_lines(files[source]))
        for first, last in parse_lines(lines):
            if not (1 <= first <= last <= count):
                problems.append(f"{owner} {path}: {source} {lines} (file has {count} lines)")
    assert not problems, problems


# ---------------------------------------------------------------------------
# 6. No sentences copied from the studies
# ---------------------------------------------------------------------------

SHINGLE = 10
QUOTED = re.compile(
    r"„[^”“\"]*[”“\"]"                  # „…” (also closed with “ or ")
    r"|“[^”]*”"                         # “…”
    r"|\"[^\"]*\""                      # "…"
    r"|(?<!\w)'[^'\n]*?'(?!\w)"         # '…' but not the apostrophe in duo's
    r"|(?<!\w)‘[^’\n]*?’(?!\w)"         # ‘…’
)
WORD = re.compile(r"\w+")
NOT_PROSE = {"id", "source", "lines", "file", "isbn", "site_url", "year", "content_date", "version"}
VERBATIM_FIELDS = {("sources", "title"), ("sources", "subtitle")}  # bibliographic titles are copied by design


def words(text: str) -> list[str]:
    text = text.replace("\u00ad", "")
    text = re.sub(r"(?<=\w)-\s*\n\s*(?=\w)", "", text)       # hyphenation at line ends
    text = re.sub(r"(?<=\w)[-‑](?=\w)", "", text)             # word-internal hyphens
    return WORD.findall(text.lower())


@cache
def seed_lines(name: str) -> list[str]:
    assert studies_found(), f"{STUDIES_VARIABLE} must name the folder with the study texts (in CI: shared/seeds beside the checkout)"
    return (SEEDS / name).read_text(encoding="utf-8").splitlines()


@cache
def seed_shingles(name: str) -> frozenset[int]:
    tokens = words("\n".join(seed_lines(name)))
    return frozenset(hash(" ".join(tokens[i:i + SHINGLE])) for i in range(len(tokens) - SHINGLE + 1))


def unquoted_parts(text: str) -> list[str]:
    return QUOTED.split(text)


def copied_phrases(text: str, shingles: frozenset[int]) -> list[str]:
    """The longest runs of words (at least SHINGLE long) that also occur in a study text."""
    found = []
    for part in unquoted_parts(text):
        tokens = words(part)
        start = end = -1
        for i in range(len(tokens) - SHINGLE + 1):
            if hash(" ".join(tokens[i:i + SHINGLE])) in shingles:
                if i > end:
                    if end >= 0:
                        found.append(" ".join(tokens[start:end]))
                    start = i
                end = i + SHINGLE
        if end >= 0:
            found.append(" ".join(tokens[start:end]))
    return found


def test_quote_stripping() -> None:
    text = 'Het boek noemt dit „een plek die te abstract blijft”, zegt "iemand hier" en duo\'s en auto\'s blijven.'
    parts = " | ".join(unquoted_parts(text))
    assert "abstract" not in parts and "iemand" not in parts
    assert "duo's en auto's blijven" in parts


@needs_seeds
def test_no_sentences_copied_from_the_studies(knowledge: model.Knowledge) -> None:
    files = sorted({s.file for s in knowledge.sources})
    shingles = frozenset().union(*(seed_shingles(f) for f in files))
    offenders = []
    for owner, path, value in walk(knowledge):
        if not isinstance(value, str) or path.split(".")[-1].split("[")[0] in NOT_PROSE:
            continue
        top = path.split("[")[0]
        if (top, path.split(".")[-1]) in VERBATIM_FIELDS:
            continue
        for phrase in copied_phrases(value, shingles):
            offenders.append(f"{owner} ({path}): “{phrase}”")
    assert not offenders, "\n".join(offenders)


# Quotations must be copied from the study text (CONTENT-BRIEF: "quotations must be copied from the
# study text, never from a digest"). Known, explained exceptions:
QUOTE_EXCEPTIONS = {
    "prestatieafspraken en up to date taakverdeling",  # Apeldoorn heading, "up- to- date" in the text file
    "is geen strikte verplichting",  # explicitly given as the corrected reading of a typo in Bruggenbouwers §8.3
}


@needs_seeds
def test_quotations_are_verbatim(knowledge: model.Knowledge) -> None:
    seed_text = " " + " ".join(" ".join(words("\n".join(seed_lines(s.file)))) for s in knowledge.sources) + " "
    problems = []
    for owner, path, value in walk(knowledge):
        if not isinstance(value, str):
            continue
        for match in QUOTED.finditer(value):
            quoted = words(match.group(0))
            phrase = " ".join(quoted).replace("uptodate", "up to date")
            if len(quoted) >= 4 and f" {phrase} " not in seed_text and phrase not in QUOTE_EXCEPTIONS:
                problems.append(f"{owner} ({path}): {match.group(0)}")
    assert not problems, "\n".join(problems)

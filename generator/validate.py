"""Validate loaded knowledge: unique ids, resolving references, no orphans, safe Markdown.

The checks are a table of small functions, each `(loaded) -> Iterable[Problem]`,
run in order; every problem of every check is reported.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from typing import Any
from urllib.parse import urlsplit

from pydantic import BaseModel

from generator.load import UNKNOWN, Loaded, Origin
from generator.markdown import markup_problems, web_address_problem
from generator.model import (
    CHANGE_KINDS,
    KERN_MAX_ITEMS,
    KERN_QUESTIONS,
    Kern,
    Knowledge,
    Recommendation,
)
from generator.problems import Problem, Span, did_you_mean, errors_in

Check = Callable[[Loaded], Iterable[Problem]]

ID_COLLECTIONS = (
    "audiences", "sources", "clusters", "factors", "roles", "competency_groups",
    "competencies", "strategies", "phases", "recommendations", "cases", "glossary",
)

# (collection, path inside an item with "*" for every list index, target collection)
REFERENCES: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("factors", ("cluster",), "clusters"),
    ("factors", ("roles", "*"), "roles"),
    ("factors", ("strategies", "*"), "strategies"),
    ("factors", ("helps", "*", "audience"), "audiences"),
    ("roles", ("audiences", "*", "audience"), "audiences"),
    ("competencies", ("group",), "competency_groups"),
    ("competencies", ("roles", "*"), "roles"),
    ("competencies", ("audiences", "*"), "audiences"),
    ("strategies", ("roles", "*"), "roles"),
    ("phases", ("asks", "*", "audience"), "audiences"),
    ("recommendations", ("audiences", "*"), "audiences"),
    ("recommendations", ("study_audiences", "*"), "audiences"),
    ("recommendations", ("phases", "*"), "phases"),
    ("recommendations", ("factors", "*"), "factors"),
    ("cases", ("factors", "*", "factor"), "factors"),
    ("cases", ("roles", "*"), "roles"),
    ("cases", ("audiences", "*"), "audiences"),
)

NAMES = {
    "audiences": "doelgroep", "sources": "bron", "clusters": "cluster", "factors": "succesfactor",
    "roles": "rol", "competency_groups": "competentiegroep", "competencies": "competentie",
    "strategies": "strategie", "phases": "fase", "recommendations": "aanbeveling",
    "cases": "praktijkvoorbeeld", "glossary": "begrip",
}


def validate(loaded: Loaded) -> list[Problem]:
    """Run every check; return all problems (errors and warnings)."""
    if loaded.knowledge is None:
        return []
    return [problem for check in CHECKS for problem in check(loaded)]


def check_unique_ids(loaded: Loaded) -> Iterator[Problem]:
    knowledge = _knowledge(loaded)
    for collection in ID_COLLECTIONS:
        first_seen: dict[str, int] = {}
        for index, item in enumerate(getattr(knowledge, collection)):
            if item.id in first_seen:
                earlier = loaded.origin(collection, first_seen[item.id]).span("id")
                yield Problem(
                    loaded.origin(collection, index).span("id"),
                    f"de id '{item.id}' komt twee keer voor bij {NAMES[collection]}",
                    f"een unieke id (eerder gebruikt in {earlier})",
                )
            else:
                first_seen[item.id] = index
    yield from _unique_question_ids(loaded)


def _unique_question_ids(loaded: Loaded) -> Iterator[Problem]:
    seen: set[str] = set()
    for index, factor in enumerate(_knowledge(loaded).factors):
        for number, question in enumerate(factor.questions):
            if question.id in seen:
                yield Problem(
                    loaded.origin("factors", index).span("questions", number, "id"),
                    f"de vraag-id '{question.id}' komt twee keer voor",
                    "een unieke id per zelfscanvraag",
                )
            seen.add(question.id)


def check_references_resolve(loaded: Loaded) -> Iterator[Problem]:
    knowledge = _knowledge(loaded)
    known = {
        name: sorted({item.id for item in getattr(knowledge, name)} | (loaded.failed_ids.get(name, set()) - {UNKNOWN}))
        for name in ID_COLLECTIONS
    }
    lookup = {name: set(ids) for name, ids in known.items()}  # the sorted lists are for messages
    unreadable = {name for name, ids in loaded.failed_ids.items() if UNKNOWN in ids}
    for collection, pattern, target in REFERENCES:
        if target in unreadable:
            continue  # its file could not be read; that error is reported already
        for index, item in enumerate(getattr(knowledge, collection)):
            for path, value in _follow(item, pattern):
                if value not in lookup[target]:
                    yield _unresolved(loaded.origin(collection, index).span(*path), value, target, known[target])
    if "sources" not in unreadable:
        yield from _citations_resolve(loaded, known["sources"])


def _citations_resolve(loaded: Loaded, source_ids: list[str]) -> Iterator[Problem]:
    known = set(source_ids)
    for collection, origins in loaded.origins.items():
        items = getattr(_knowledge(loaded), collection)
        items = items if isinstance(items, list) else [items]
        for item, origin in zip(items, origins):
            for path, value in _fields_named(item, "source"):
                if isinstance(value, str) and value not in known:
                    yield _unresolved(origin.span(*path), value, "sources", source_ids)


def _unresolved(span: Any, value: str, target: str, known: list[str]) -> Problem:
    return Problem(
        span,
        f"de {NAMES[target]} '{value}' bestaat niet",
        f"een bestaande {NAMES[target]}-id" + (f" ({', '.join(known[:6])}{', ...' if len(known) > 6 else ''})" if known else ""),
        did_you_mean(value, known),
    )


def check_glossary_sources(loaded: Loaded) -> Iterator[Problem]:
    for index, term in enumerate(_knowledge(loaded).glossary):
        if not term.sources and not term.background:
            yield Problem(
                loaded.origin("glossary", index).span("id"),
                f"het begrip '{term.term}' heeft geen bron",
                "'sources' met minstens één bron, of 'background: true' voor algemene achtergrond",
            )


def check_no_orphans(loaded: Loaded) -> Iterator[Problem]:
    knowledge = _knowledge(loaded)
    used_factors = {factor for rec in knowledge.recommendations for factor in rec.factors}
    for index, factor in enumerate(knowledge.factors):
        if factor.id not in used_factors:
            yield Problem(
                loaded.origin("factors", index).span("id"),
                f"geen enkele aanbeveling verwijst naar de succesfactor '{factor.id}'",
                "minstens één aanbeveling met deze factor onder 'factors'",
                severity="warning",
            )


def check_every_source_cited(loaded: Loaded) -> Iterator[Problem]:
    knowledge = _knowledge(loaded)
    cited = {value for name in loaded.origins for value in _all_cited_sources(knowledge, name)}
    for index, source in enumerate(knowledge.sources):
        if source.id not in cited:
            yield Problem(
                loaded.origin("sources", index).span("id"),
                f"de bron '{source.id}' wordt nergens geciteerd",
                "een verwijzing naar deze bron in minstens één onderdeel",
                severity="warning",
            )


def _all_cited_sources(knowledge: Knowledge, collection: str) -> Iterator[str]:
    items = getattr(knowledge, collection)
    for item in items if isinstance(items, list) else [items]:
        for _, value in _fields_named(item, "source"):
            if isinstance(value, str):
                yield value


def check_checklist_wordings(loaded: Loaded) -> Iterator[Problem]:
    counts = Counter(rec.checklist.casefold() for rec in _knowledge(loaded).recommendations)
    for index, rec in enumerate(_knowledge(loaded).recommendations):
        if counts[rec.checklist.casefold()] > 1:
            yield Problem(
                loaded.origin("recommendations", index).span("checklist"),
                f"de checklisttekst '{rec.checklist}' komt vaker voor",
                "een eigen formulering per aanbeveling (of voeg de aanbevelingen samen)",
                severity="warning",
            )


def check_markdown_subset(loaded: Loaded) -> Iterator[Problem]:
    for origin, path, text in _texts(loaded):
        for line, reason in markup_problems(text):
            yield Problem(
                _text_span(origin, path, line),
                f"in '{path[-1]}': {reason}",
                "Markdown zonder HTML; links alleen naar http(s), mailto of binnen de gids",
            )


def _texts(loaded: Loaded) -> Iterator[tuple[Origin, tuple[str | int, ...], str]]:
    """Every text of every item, with its origin and its path inside the item."""
    knowledge = _knowledge(loaded)
    for collection, origins in loaded.origins.items():
        items = getattr(knowledge, collection)
        items = items if isinstance(items, list) else [items]
        for item, origin in zip(items, origins):
            for path, text in _strings(item, ()):
                yield origin, path, text


def _text_span(origin: Origin, path: tuple[str | int, ...], line: int = 0) -> Span:
    """Where a text is; in a case's story, where its `line` (0-based) is."""
    if path != ("body",):
        return origin.span(*path)
    start = origin.source_map.span(("body",))
    return Span(start.file, start.line + line, 1)


# Characters that change the reading order of what follows them: a title can show
# something else than it says (the 'Trojan Source' trick). Never needed in this guide.
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Invisible characters: two ids or titles that look the same can differ.
_INVISIBLE = frozenset("\u200b\u200c\u200d\u200e\u200f\u2060\ufeff\u061c")


def check_characters(loaded: Loaded) -> Iterator[Problem]:
    """Control characters, reading-order controls and invisible characters are errors: each
    can make a title or a name show something else than it holds (or nothing at all)."""
    for origin, path, text in _texts(loaded):
        found = _ODD_CHARACTER.search(text)  # the first only: the editor removes them all at once
        if found is None:
            continue
        character = found.group()
        what, expected = _character_problem(character)
        line = text.count("\n", 0, found.start()) if path == ("body",) else 0
        yield Problem(
            _text_span(origin, path, line),
            f"in '{path[-1]}': {what} U+{ord(character):04X}" + (f" ({unicodedata.name(character)})" if unicodedata.name(character, "") else ""),
            expected,
        )


_ODD_CHARACTER = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f" + "".join(sorted(_BIDI_CONTROLS | _INVISIBLE)) + "]")
"""Control characters (C0 but newline and tab, DEL, C1), reading-order controls, invisible characters."""


def _character_problem(character: str) -> tuple[str, str]:
    if character in _BIDI_CONTROLS:
        return "een teken dat de leesrichting omkeert", "tekst zonder tekens voor de leesrichting; haal het teken weg"
    if character in _INVISIBLE:
        return "een onzichtbaar teken", "zichtbare tekens; haal het teken weg (het komt vaak mee bij kopiëren en plakken)"
    return "een stuurteken", "gewone tekst; haal het teken weg"


def check_site_url(loaded: Loaded) -> Iterator[Problem]:
    guide = _knowledge(loaded).guide
    if guide is None or guide.site_url is None:  # no address is fine: the guide names itself instead
        return
    reason = web_address_problem(guide.site_url)
    if reason:
        yield Problem(
            loaded.origin("guide").span("site_url"),
            f"'site_url' {reason}, maar is '{guide.site_url[:60]}'",
            "een volledig adres zoals 'https://example.org/praktijkgids/'",
        )


def check_case_stories(loaded: Loaded) -> Iterator[Problem]:
    """Empty fields are refused by the model; a case's story (the Markdown body) is
    optional in the model, but a case without one is almost certainly unfinished."""
    for index, case in enumerate(_knowledge(loaded).cases):
        if not case.body.strip():
            yield Problem(
                loaded.origin("cases", index).span("id"),
                f"het praktijkvoorbeeld '{case.id}' heeft geen verhaal",
                "het verhaal in Markdown onder de tweede '---'-regel",
                severity="warning",
            )


MAX_STATEMENT_WORDS = 30
"""A statement longer than this is hard to answer on a scale (issue 14)."""


def check_zelfscan_items(loaded: Loaded) -> Iterator[Problem]:
    """A scored item is one short statement; a gespreksvraag asks one question; every
    factor has at least two scored items, so its score never rests on one answer."""
    for index, factor in enumerate(_knowledge(loaded).factors):
        origin = loaded.origin("factors", index)
        statements = 0
        for number, question in enumerate(factor.questions):
            span = origin.span("questions", number, "text")
            marks = question.text.count("?")
            if question.kind == "gespreksvraag":
                if marks > 1:
                    yield Problem(span, f"de gespreksvraag '{question.id}' stelt {marks} vragen", "één vraag per gespreksvraag")
                continue
            statements += 1
            if marks:
                yield Problem(
                    span,
                    f"de stelling '{question.id}' is een vraag" + (f" ({marks} vraagtekens)" if marks > 1 else ""),
                    "één bewering zonder vraagteken, of 'kind: gespreksvraag' voor een open vraag",
                )
            words = len(question.text.split())
            if words > MAX_STATEMENT_WORDS:
                yield Problem(span, f"de stelling '{question.id}' telt {words} woorden", f"hoogstens {MAX_STATEMENT_WORDS} woorden")
        if statements < 2:
            yield Problem(
                origin.span("questions"),
                f"de succesfactor '{factor.id}' heeft {statements} stelling{'' if statements == 1 else 'en'} voor de zelfscan",
                "minstens twee stellingen (onderdelen zonder 'kind: gespreksvraag')",
            )
def check_study_audiences(loaded: Loaded) -> Iterator[Problem]:
    """The audiences a study names must be among the recommendation's audiences."""
    for index, rec in enumerate(_knowledge(loaded).recommendations):
        for number, audience in enumerate(rec.study_audiences):
            if audience not in rec.audiences:
                yield Problem(
                    loaded.origin("recommendations", index).span("study_audiences", number),
                    f"de doelgroep '{audience}' staat in 'study_audiences' maar niet in 'audiences'",
                    "alleen doelgroepen die ook in 'audiences' staan",
                )


LINE_NUMBER = re.compile(r"(?<![\w-])L ?\d{2,}")
"""A line number of a study's text file ("L4851"): readers have the books, not those files."""
LINE_FIELDS = frozenset({"lines", "file", "id", "source"})
"""Fields that may hold line numbers or are never shown as reader text."""


def check_no_line_numbers_in_text(loaded: Loaded) -> Iterator[Problem]:
    for origin, path, text in _texts(loaded):
        if path and path[-1] in LINE_FIELDS:
            continue
        found = LINE_NUMBER.search(text)
        if found:
            story = path == ("body",)
            yield Problem(
                origin.source_map.span(()) if story else origin.span(*path),
                f"{'het verhaal' if story else repr(path[-1])} noemt een regelnummer van de brontekst ('{found.group(0)}')",
                "paragraaf en pagina in de tekst; regelnummers alleen in een 'lines'-veld",
            )


PLACEHOLDER = "VUL IN"
"""Marks text in a `handbook new` skeleton that the editor still has to write."""


def check_placeholders(loaded: Loaded) -> Iterator[Problem]:
    for origin, path, text in _texts(loaded):
        if PLACEHOLDER in text:
            story = path == ("body",)
            yield Problem(
                _text_span(origin, path, text[: text.index(PLACEHOLDER)].count("\n")),
                f"{'het verhaal' if story else repr(path[-1])} bevat nog '{PLACEHOLDER}' uit het skelet",
                "je eigen tekst in plaats van de aanwijzing; een onaf onderdeel wordt niet gepubliceerd",
            )


PLACEHOLDER_HOSTS = ("example.org", "example.com", "example.net", "localhost")
"""Hosts (and their subdomains) that are reserved for examples or this machine (RFC 2606, 6761)."""
PLACEHOLDER_TLDS = ("test", "example", "invalid", "localhost")


def placeholder_address(url: str) -> bool:
    """Is `url` on a domain that can never be the guide's real address?"""
    host = (urlsplit(url.strip()).hostname or "").rstrip(".").lower()
    if host in {"127.0.0.1", "::1", "0.0.0.0"}:
        return True
    return any(host == name or host.endswith("." + name) for name in PLACEHOLDER_HOSTS) or host.rsplit(".", 1)[-1] in PLACEHOLDER_TLDS


def check_placeholder_site_url(loaded: Loaded) -> Iterator[Problem]:
    """A placeholder address would be printed on every kaart and checklist and put in the
    site's canonical links: better no address than a dead one."""
    site_url = _knowledge(loaded).guide.site_url
    if site_url and placeholder_address(site_url):
        yield Problem(
            loaded.origin("guide").span("site_url"),
            f"site_url '{site_url}' is een voorbeeldadres",
            "het echte adres van de gids, of laat site_url weg (of geef het bij het bouwen: handbook build --site-url URL)",
            severity="warning",
        )


def check_versions(loaded: Loaded) -> Iterator[Problem]:
    """The version history: newest first, each version once, the newest one equal to
    guide.yaml's `version`, and every change naming an item that exists."""
    knowledge = _knowledge(loaded)
    if not knowledge.versions:
        return
    yield from _changes_resolve(loaded)
    versions_file = loaded.origin("versions").source_map.file
    if any(problem.span.file == versions_file for problem in errors_in(loaded.problems)):
        return  # a version that did not load would make the order and the newest one wrong
    yield from _versions_in_order(loaded)
    guide = knowledge.guide
    newest = knowledge.versions[0]
    if guide is not None and "guide" in loaded.origins and guide.version != newest.version:
        yield Problem(
            loaded.origin("guide").span("version"),
            f"de versie '{guide.version}' is niet de nieuwste versie in versions.yaml ('{newest.version}')",
            f"version: \"{newest.version}\" (of zet versie '{guide.version}' bovenaan in versions.yaml)",
        )


def _versions_in_order(loaded: Loaded) -> Iterator[Problem]:
    versions = _knowledge(loaded).versions
    seen: dict[str, int] = {}
    for index, version in enumerate(versions):
        span = loaded.origin("versions", index).span
        if version.version in seen:
            yield Problem(
                span("version"),
                f"de versie '{version.version}' komt twee keer voor",
                f"elke versie één keer (eerder in {loaded.origin('versions', seen[version.version]).span('version')})",
            )
        seen.setdefault(version.version, index)
        if index and version.date > versions[index - 1].date:
            yield Problem(
                span("date"),
                f"de versie '{version.version}' ({version.date}) is nieuwer dan de versie erboven "
                f"('{versions[index - 1].version}', {versions[index - 1].date})",
                "de nieuwste versie bovenaan, daarna steeds oudere",
            )


def _changes_resolve(loaded: Loaded) -> Iterator[Problem]:
    knowledge = _knowledge(loaded)
    kinds = list(CHANGE_KINDS)
    unreadable = {name for name, ids in loaded.failed_ids.items() if UNKNOWN in ids}
    known = {
        collection: sorted({item.id for item in getattr(knowledge, collection)} | (loaded.failed_ids.get(collection, set()) - {UNKNOWN}))
        for collection in CHANGE_KINDS.values()
    }
    for index, version in enumerate(knowledge.versions):
        seen: set[str] = set()
        for number, change in enumerate(version.changes):
            span = loaded.origin("versions", index).span("changes", number, "item")
            if change.item in seen:
                yield Problem(span, f"'{change.item}' staat twee keer in versie '{version.version}'", "één wijzigingsnotitie per onderdeel per versie")
            seen.add(change.item)
            collection = CHANGE_KINDS.get(change.kind)
            if collection is None:
                yield Problem(
                    span,
                    f"de soort '{change.kind}' in '{change.item}' bestaat niet",
                    "soort/id met als soort een van: " + ", ".join(kinds),
                    did_you_mean(change.kind, kinds),
                )
            elif collection not in unreadable and change.item_id not in known[collection]:
                yield _unresolved(span, change.item_id, collection, known[collection])


def check_kern(loaded: Loaded) -> Iterator[Problem]:
    """Each audience's kern: known audience, once; recommendations that exist and are for that
    audience, each once; moments that are phases; at most twelve items, three or four questions."""
    knowledge = _knowledge(loaded)
    if knowledge.kern is None or "kern" not in loaded.origins:
        return
    origin = loaded.origin("kern")
    audiences = sorted(a.id for a in knowledge.audiences)
    recommendations: dict[str, Recommendation] = {}
    for rec in knowledge.recommendations:  # a duplicated id is reported elsewhere; the first counts
        recommendations.setdefault(rec.id, rec)
    phases = sorted(p.id for p in knowledge.phases)
    unreadable = {name for name, ids in loaded.failed_ids.items() if UNKNOWN in ids}
    seen_audiences: set[str] = set()
    for index, kern in enumerate(knowledge.kern.kernen):
        if kern.audience in seen_audiences:
            yield Problem(origin.span("kernen", index, "audience"), f"de doelgroep '{kern.audience}' heeft twee kernen", "één kern per doelgroep")
        seen_audiences.add(kern.audience)
        if "audiences" not in unreadable and kern.audience not in audiences:
            yield _unresolved(origin.span("kernen", index, "audience"), kern.audience, "audiences", audiences)
        if len(kern.items) > KERN_MAX_ITEMS:
            yield Problem(
                origin.span("kernen", index, "items"),
                f"de kern voor '{kern.audience}' heeft {len(kern.items)} aanbevelingen",
                f"hoogstens {KERN_MAX_ITEMS}: de kern is het handjevol dat er het meest toe doet",
            )
        fewest, most = KERN_QUESTIONS
        if not fewest <= len(kern.questions) <= most:
            yield Problem(
                origin.span("kernen", index, "questions"),
                f"de kern voor '{kern.audience}' heeft {len(kern.questions)} vragen",
                f"{fewest} of {most} vragen om jezelf te stellen",
            )
        yield from _kern_items(loaded, index, kern, recommendations, phases, set(audiences), unreadable)
    if "audiences" not in unreadable:
        for audience in audiences:
            if audience not in seen_audiences:
                yield Problem(
                    origin.span("kernen"),
                    f"de doelgroep '{audience}' heeft geen kern",
                    f"een kern met 'audience: {audience}' onder 'kernen'",
                )


def _kern_items(
    loaded: Loaded,
    index: int,
    kern: Kern,
    recommendations: dict[str, Recommendation],
    phases: list[str],
    audiences: set[str],
    unreadable: set[str],
) -> Iterator[Problem]:
    """The items of one kern; an unknown audience is reported once, by the caller."""
    origin = loaded.origin("kern")
    failed = loaded.failed_ids.get("recommendations", set())
    known = sorted(set(recommendations) | (failed - {UNKNOWN}))
    seen: set[str] = set()
    for number, item in enumerate(kern.items):
        here = ("kernen", index, "items", number)
        if item.recommendation in seen:
            yield Problem(origin.span(*here, "recommendation"), f"de aanbeveling '{item.recommendation}' staat twee keer in de kern voor '{kern.audience}'", "elke aanbeveling één keer")
        seen.add(item.recommendation)
        rec = recommendations.get(item.recommendation)
        if rec is None:
            if "recommendations" not in unreadable and item.recommendation not in failed:
                yield _unresolved(origin.span(*here, "recommendation"), item.recommendation, "recommendations", known)
        elif kern.audience not in rec.audiences and kern.audience in audiences:
            yield Problem(
                origin.span(*here, "recommendation"),
                f"de aanbeveling '{rec.id}' is niet voor {kern.audience} (wel voor: {', '.join(rec.audiences)})",
                f"een aanbeveling met '{kern.audience}' onder 'audiences', of voeg die doelgroep toe aan de aanbeveling",
            )
        if "phases" not in unreadable and item.moment not in phases:
            yield _unresolved(origin.span(*here, "moment"), item.moment, "phases", phases)
        elif rec is not None and kern.audience in rec.audiences and rec.phases and item.moment not in rec.phases:
            yield Problem(
                origin.span(*here, "moment"),
                f"het moment '{item.moment}' is geen fase van de aanbeveling '{rec.id}' ({', '.join(rec.phases)})",
                "een van de fasen van de aanbeveling, of voeg deze fase toe aan de aanbeveling",
                severity="warning",
            )


CHECKS: tuple[Check, ...] = (
    check_site_url,
    check_unique_ids,
    check_references_resolve,
    check_glossary_sources,
    check_checklist_wordings,
    check_markdown_subset,
    check_characters,
    check_case_stories,
    check_placeholders,
    check_placeholder_site_url,
    check_zelfscan_items,
    check_versions,
    check_study_audiences,
    check_no_line_numbers_in_text,
    check_kern,
    check_no_orphans,
    check_every_source_cited,
)


def _knowledge(loaded: Loaded) -> Knowledge:
    assert loaded.knowledge is not None
    return loaded.knowledge


def _follow(value: Any, pattern: tuple[str, ...], path: tuple[str | int, ...] = ()) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Values at `pattern` inside `value` ("*" = every list item), with their paths."""
    if not pattern:
        yield path, value
        return
    head, rest = pattern[0], pattern[1:]
    if head == "*":
        for index, item in enumerate(value):
            yield from _follow(item, rest, (*path, index))
    else:
        yield from _follow(getattr(value, head), rest, (*path, head))


def _fields_named(value: Any, name: str, path: tuple[str | int, ...] = ()) -> Iterator[tuple[tuple[str | int, ...], Any]]:
    if isinstance(value, BaseModel):
        for field in type(value).model_fields:
            child = getattr(value, field)
            if field == name:
                yield (*path, field), child
            else:
                yield from _fields_named(child, name, (*path, field))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _fields_named(item, name, (*path, index))


def _strings(value: Any, path: tuple[str | int, ...]) -> Iterator[tuple[tuple[str | int, ...], str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, BaseModel):
        for field in type(value).model_fields:
            yield from _strings(getattr(value, field), (*path, field))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, (*path, index))

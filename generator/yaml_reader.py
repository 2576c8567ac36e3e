"""Read YAML into plain values plus a map from key path to source position.

Safety rules for content from many hands: aliases are refused (no billion-laughs
expansion), duplicate keys are errors, dates stay strings, and every problem is
reported with file, line and column instead of a traceback.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from generator.problems import Problem, Span

Path = tuple[str | int, ...]


@dataclass
class SourceMap:
    """Positions of every key and value of one YAML document, keyed by path."""

    file: str
    line_offset: int = 0
    """Lines before the YAML starts (front matter in a Markdown file)."""
    positions: dict[Path, tuple[int, int]] = field(default_factory=dict)
    """Path → 0-based (line, column) in the YAML text; Spans are made only when asked for."""

    def add(self, path: Path, node: Node) -> None:
        mark = node.start_mark
        self.positions[path] = (mark.line, mark.column)

    def span(self, path: Path) -> Span:
        """The position of `path`, or of its nearest ancestor (a missing key has none)."""
        for end in range(len(path), -1, -1):
            found = self.positions.get(tuple(path[:end]))
            if found is not None:
                return Span(self.file, found[0] + 1 + self.line_offset, found[1] + 1)
        return Span(self.file, 1 + self.line_offset, 1)


class _NoDatesLoader(yaml.SafeLoader):
    """SafeLoader without the timestamp resolver, so dates stay strings."""


_NoDatesLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class _RefuseAliasesLoader(_NoDatesLoader):
    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()  # type: ignore[no-untyped-call]
            raise yaml.MarkedYAMLError(
                problem="verwijzingen met '*' (YAML-aliassen) zijn niet toegestaan",
                problem_mark=event.start_mark,
            )
        if self.check_event(yaml.ScalarEvent, yaml.SequenceStartEvent, yaml.MappingStartEvent):
            event = self.peek_event()  # type: ignore[no-untyped-call]
            if getattr(event, "anchor", None):
                raise yaml.MarkedYAMLError(
                    problem="ankers met '&' (YAML-aliassen) zijn niet toegestaan",
                    problem_mark=event.start_mark,
                )
        return super().compose_node(parent, index)


class _LibyamlLoader(yaml.CSafeLoader if yaml.__with_libyaml__ else _NoDatesLoader):  # type: ignore[misc]
    """The same resolvers, scanned by libyaml (C): ten times faster on a large guide."""

    yaml_implicit_resolvers = _NoDatesLoader.yaml_implicit_resolvers


_scalar_constructor = SafeConstructor()
_STR_TAG = "tag:yaml.org,2002:str"


_ANCHOR = re.compile(r"(?:^|[\s\[{,])&\S", re.MULTILINE)
"""Where an anchor could start a node. Text that may hold none cannot hold aliases either
(an alias names an anchor). It also matches '&' after a space in prose ("a &b"): such
text simply takes the careful path, which parses it the same."""


MAX_DEPTH = 64
"""Deepest nesting of lists and mappings accepted; content needs fewer than ten levels."""
_C_SAFE_DEPTH = 5_000
"""libyaml's composer recurses in C without a limit: 40 000 levels crash the process.
Text that could nest deeper than this is measured event by event before it is composed."""


class TooDeep(Exception):
    def __init__(self, mark: Any) -> None:
        super().__init__("te diep genest")
        self.mark = mark


def _depth_bound(text: str) -> int:
    """An upper bound on the nesting depth, from counts alone (cheap, in C): every level
    starts on a new line, after a '-' or '?' indicator, or with a '[' or '{'."""
    return sum(text.count(character) for character in "\n-?[{") + 1


def _refuse_deep_nesting(text: str, loader_class: type[Any]) -> None:
    """Raise TooDeep at the first node nested deeper than MAX_DEPTH (events: no recursion)."""
    loader = loader_class(text)
    depth = 0
    try:
        while (event := loader.get_event()) is not None:
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    raise TooDeep(event.start_mark)
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
    finally:
        loader.dispose()


def _compose(text: str) -> Node | None:
    """The document's node tree, by libyaml when the text can hold no anchors or aliases.

    Anchors, aliases and syntax errors take the pure-Python path, whose refusals
    and messages (with our hints) are the ones users see; both give the same marks.
    """
    if _depth_bound(text) > _C_SAFE_DEPTH:
        _refuse_deep_nesting(text, _LibyamlLoader if yaml.__with_libyaml__ else _NoDatesLoader)
    if yaml.__with_libyaml__ and not _ANCHOR.search(text):
        fast = _LibyamlLoader(text)
        try:
            return fast.get_single_node()  # type: ignore[no-any-return]
        except yaml.YAMLError:
            pass  # reported below, in the Python loader's words
        finally:
            fast.dispose()
    loader = _RefuseAliasesLoader(text)
    try:
        return loader.get_single_node()
    except RecursionError:
        _refuse_deep_nesting(text, _NoDatesLoader)
        raise  # not reached: the recursion came from depth
    finally:
        loader.dispose()


@dataclass
class YamlDocument:
    value: Any
    source_map: SourceMap


def read_yaml(text: str, file: str, line_offset: int = 0) -> tuple[YamlDocument | None, list[Problem]]:
    """Parse one YAML document; return its value with positions, or the problems."""
    source_map = SourceMap(file, line_offset)
    try:
        node = _compose(text)
    except TooDeep as deep:
        return None, [_too_deep(deep, file, line_offset)]
    except yaml.MarkedYAMLError as error:
        return None, [_syntax_problem(error, file, line_offset)]
    except yaml.YAMLError as error:
        return None, [Problem(Span(file, 1 + line_offset, 1), f"YAML kan niet gelezen worden: {error}")]
    if node is None:
        return None, [Problem(Span(file, 1 + line_offset, 1), "het bestand is leeg", "YAML-inhoud")]
    problems: list[Problem] = []
    try:
        value = _construct(node, (), source_map, problems)
    except TooDeep as deep:
        return None, [_too_deep(deep, file, line_offset)]
    finally:
        # the constructor memoises every node it saw; unreset, a long `serve` session
        # kept every document ever read alive and slowed each garbage collection
        _scalar_constructor.constructed_objects.clear()
    return YamlDocument(value, source_map), problems


def _too_deep(deep: TooDeep, file: str, line_offset: int) -> Problem:
    mark = deep.mark
    return Problem(
        Span(file, mark.line + 1 + line_offset, mark.column + 1),
        f"de gegevens zijn hier meer dan {MAX_DEPTH} niveaus diep genest",
        "minder diep geneste lijsten en gegevens; kijk of er haakjes '[' of '{' niet gesloten worden",
    )


def _construct(node: Node, path: Path, source_map: SourceMap, problems: list[Problem], depth: int = 0) -> Any:
    source_map.add(path, node)
    if isinstance(node, (MappingNode, SequenceNode)) and depth >= MAX_DEPTH:
        raise TooDeep(node.start_mark)
    if isinstance(node, MappingNode):
        return dict(_construct_mapping(node, path, source_map, problems, depth + 1))
    if isinstance(node, SequenceNode):
        return [_construct(item, (*path, i), source_map, problems, depth + 1) for i, item in enumerate(node.value)]
    assert isinstance(node, ScalarNode)
    if node.tag == _STR_TAG:  # most scalars: the resolver has decided, the value is the text
        return node.value
    return _scalar_constructor.construct_object(node)


def _construct_mapping(
    node: MappingNode, path: Path, source_map: SourceMap, problems: list[Problem], depth: int
) -> Iterator[tuple[Any, Any]]:
    seen: dict[Any, Span] = {}
    key_path = (*path, "<key>")
    for key_node, value_node in node.value:
        key = _construct(key_node, key_path, source_map, problems, depth)
        if not isinstance(key, str):
            key = str(key)
        if key in seen:
            problems.append(
                Problem(
                    source_map.span(key_path),
                    f"de sleutel '{key}' staat twee keer in dezelfde lijst van gegevens "
                    f"(eerder op regel {seen[key].line})",
                    "elke sleutel één keer",
                )
            )
            continue
        seen[key] = source_map.span(key_path)
        source_map.positions[(*path, key, "<key>")] = source_map.positions[key_path]
        yield key, _construct(value_node, (*path, key), source_map, problems, depth)


_TAB = ("een tab-teken; YAML staat alleen spaties toe voor inspringen", "spaties in plaats van tabs")
_SYNTAX_HINTS = {
    "found character '\\t' that cannot start any token": _TAB,
    "found a tab character where an indentation space is expected": _TAB,
    "found a tab character that violates indentation": _TAB,
}


def _syntax_problem(error: yaml.MarkedYAMLError, file: str, line_offset: int) -> Problem:
    """The parser's error in Dutch, at the line that is probably wrong."""
    mark = error.problem_mark or error.context_mark
    problem = error.problem or "onbekende fout"
    line = mark.line if mark else 0
    column = mark.column if mark else 0
    explained = _explain(error, problem)
    if explained is not None:
        line, column, message, expected = explained
    else:
        message, expected = _SYNTAX_HINTS.get(problem, (f"YAML-syntaxfout: {problem}", "geldige YAML"))
        if error.context and problem not in _SYNTAX_HINTS:
            message += f" ({error.context})"
    return Problem(Span(file, line + 1 + line_offset, column + 1), message, expected)


def _explain(error: yaml.MarkedYAMLError, problem: str) -> tuple[int, int, str, str] | None:
    """(0-based line, column, message, expected) for the mistakes editors make most, else None."""
    at, context = error.problem_mark, error.context_mark
    if at is None:
        return None
    lines = (at.buffer or "").rstrip("\0").split("\n") if at.buffer else []

    def text_of(line: int) -> str:
        return lines[line].strip() if 0 <= line < len(lines) else ""

    def indent_of(line: int) -> int:
        return len(lines[line]) - len(lines[line].lstrip(" ")) if 0 <= line < len(lines) else 0

    def previous_line(line: int) -> int:
        """The nearest line above with content (not blank, not a comment)."""
        for earlier in range(line - 1, -1, -1):
            if text_of(earlier) and not text_of(earlier).startswith("#"):
                return earlier
        return -1

    if problem.startswith("expected <block end>, but found"):
        before = lines[at.line][: at.column] if at.line < len(lines) else ""
        if "<scalar>" in problem and at.line == (context.line if context else -1) or ("<scalar>" in problem and before.strip().endswith(("'", '"'))):
            return at.line, at.column, "er staat tekst na het afsluitende aanhalingsteken", "de hele tekst tussen aanhalingstekens, of niets na het laatste aanhalingsteken"
        above = previous_line(at.line)
        return (
            at.line,
            indent_of(at.line),
            f"de regel springt niet even ver in als regel {above + 1} erboven ('{text_of(above)[:40]}')",
            "evenveel spaties aan het begin als de andere regels van hetzelfde niveau",
        )
    if problem == "mapping values are not allowed here":
        above = previous_line(at.line)
        if above >= 0 and indent_of(at.line) > indent_of(above) and ":" in text_of(above) and not text_of(above).endswith(":"):
            return (
                at.line,
                indent_of(at.line),
                f"de regel springt niet even ver in als regel {above + 1} erboven ('{text_of(above)[:40]}')",
                "evenveel spaties aan het begin als de regel erboven",
            )
        return (
            at.line,
            at.column,
            "een dubbele punt met een spatie erna (': ') in een tekst zonder aanhalingstekens",
            "de tekst tussen aanhalingstekens, bijv. samenvatting: \"Vraag: wie doet wat?\"",
        )
    if problem == "found unexpected end of stream" and error.context == "while scanning a quoted scalar" and context:
        quote = (lines[context.line][context.column : context.column + 1] if context.line < len(lines) else "") or '"'
        return (
            context.line,
            context.column,
            f"het aanhalingsteken {quote} wordt nergens gesloten",
            f"een tweede {quote} aan het eind van de tekst",
        )
    if problem == "could not find expected ':'" and context:
        return (
            context.line,
            indent_of(context.line),
            f"na '{text_of(context.line)[:40]}' ontbreekt een dubbele punt",
            "sleutel: waarde, met een spatie na de dubbele punt",
        )
    if problem.startswith(("expected ',' or ']'", "expected ',' or '}'")) and context:
        closing = "]" if "]" in problem else "}"
        return (
            at.line,
            at.column,
            f"de lijst die op regel {context.line + 1} met '{'[' if closing == ']' else '{'}' begint, is niet goed afgesloten of bevat een ':'",
            f"een '{closing}' aan het eind van de lijst; zet tekst met een dubbele punt tussen aanhalingstekens",
        )
    return None

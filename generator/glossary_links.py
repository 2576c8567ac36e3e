"""Glossary links: the first use of a glossary term in each section of a page links to
the term's entry, so jargon is explained where a reader meets it.

The words that link are data (glossary.yaml): a term's name before any bracket
("Openbaar Ministerie (OM)" → "Openbaar Ministerie") plus its `aliases`; a term with
`link: false` never links. A form matches as a whole word, its first letter in either
case and the rest exactly as written (so the abbreviation "OM" never matches the word
"om"), optionally followed by a plural ending (-s, -en, -'s). Longer forms win.

The scope is a section, not the whole page: readers arrive at a heading (h1–h3) through
the table of contents, an anchor or search, and on the long recommendations pages a
link once per page would sit dozens of screens above the item that uses the word.

Nothing links where a link would change meaning or break the Markdown: front matter, headings,
admonition titles, table header rows, fenced code, code spans, existing links, HTML
(tags and their content, except in elements that ask for Markdown), attribute lists,
italics (titles such as *Bruggenbouwers*) and quotations, which stay as the study wrote them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from generator import model

PLURAL_ENDINGS = ("'s", "s", "en")
SECTION_LEVEL = 3
"""Headings up to this level start a new section (each its own first occurrences)."""

_HEADING = re.compile(r"^(#{1,6})\s")
_FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
_ADMONITION_TITLE = re.compile(r"^\s*(?:!!!|\?\?\?\+?)\s")
_TABLE_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")
# Spans inside a line that never get a link, in the order the scanner meets them.
_PROTECTED = re.compile(
    r"(?P<code>(`+).*?\2)"
    r"|(?P<link>!?\[[^\]]*\](?:\([^)]*\)|\[[^\]]*\])?)"
    r"|(?P<attrs>\{\s*[:#.][^}]*\})"
    r"|(?P<tag></?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>)"
    r"|(?P<autolink><[a-z][a-z0-9+.-]*:[^<>\s]*>)"
    r"|(?P<italic>(?<![*\w])\*(?![*\s])[^*\n]+?(?<!\s)\*(?![*\w])|(?<![_\w])_(?![_\s])[^_\n]+?(?<!\s)_(?![_\w]))"
    r"|(?P<quote>[\"“”„])"
)
_TAG_NAME = re.compile(r"</?([A-Za-z][A-Za-z0-9-]*)")
_MARKDOWN_ATTR = re.compile(r"\smarkdown(?:\s*=\s*[\"']?(\w+))?")
_VOID_TAGS = frozenset({"area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"})
_OPENING_QUOTES = frozenset("“„")
_CLOSING_QUOTES = frozenset("”")


@dataclass(frozen=True)
class GlossaryMatcher:
    """Which words link to which term: one regular expression over every form."""

    pattern: re.Pattern[str] | None
    term_of: dict[str, str]
    """Form (first letter lower-cased) → term id."""
    names: frozenset[str] = frozenset()
    """Words that look like a form but name something else (a study's short title such as
    "Bruggenbouwers"): never linked."""

    def term_at(self, match: re.Match[str]) -> str:
        form = match.group("form")
        return self.term_of[form[:1].lower() + form[1:]]


def term_forms(term: model.Term) -> list[str]:
    """The words that link to `term`: its name before any bracket, then its aliases."""
    head = term.term.split(" (", 1)[0].strip()
    forms = [head, *term.aliases] if term.link else []
    return list(dict.fromkeys(form.strip() for form in forms if form.strip()))


def build_matcher(terms: Iterable[model.Term], names: Iterable[str] = ()) -> GlossaryMatcher:
    """A matcher for `terms`, never matching the words in `names`; a form claimed by two
    terms goes to the first in the glossary."""
    term_of: dict[str, str] = {}
    for term in terms:
        for form in term_forms(term):
            term_of.setdefault(form[:1].lower() + form[1:], term.id)
    if not term_of:
        return GlossaryMatcher(None, {}, frozenset(names))
    # longest first, so "Sociaal wijkteam" wins over "wijkteam" at the same place
    forms = sorted(term_of, key=lambda f: (-len(f), f))
    alternatives = "|".join(f"[{re.escape(f[:1].lower())}{re.escape(f[:1].upper())}]{re.escape(f[1:])}" for f in forms)
    endings = "|".join(re.escape(e) for e in PLURAL_ENDINGS)
    pattern = re.compile(rf"(?<![\w\-/#])(?P<form>{alternatives})(?:{endings})?(?![\w\-])")
    return GlossaryMatcher(pattern, term_of, frozenset(names))


@dataclass
class _State:
    """What the scanner knows between lines of one page."""

    fence: str = ""
    in_quote: bool = False
    tags: list[tuple[str, bool]] = field(default_factory=list)
    """Open HTML elements: (name, whether their content stays as is)."""
    linked: set[str] = field(default_factory=set)

    @property
    def in_raw_html(self) -> bool:
        return any(protects for _, protects in self.tags)


def link_terms(markdown: str, matcher: GlossaryMatcher, href: Callable[[str], str]) -> str:
    """`markdown` with the first use of each term per section linked to `href(term_id)`."""
    if matcher.pattern is None:
        return markdown
    state = _State()
    lines = markdown.split("\n")
    out: list[str] = []
    if lines[0].strip() == "---" and "---" in (line.strip() for line in lines[1:]):
        # YAML front matter (MkDocs page meta) is data, not text
        end = 1 + [line.strip() for line in lines[1:]].index("---")
        out, lines = lines[: end + 1], lines[end + 1:]
    for number, line in enumerate(lines):
        following = lines[number + 1] if number + 1 < len(lines) else ""
        out.append(_link_line(line, following, state, matcher, href))
    return "\n".join(out)


def _link_line(line: str, following: str, state: _State, matcher: GlossaryMatcher, href: Callable[[str], str]) -> str:
    fence = _FENCE.match(line)
    if state.fence:
        if fence and fence.group(1)[0] == state.fence[0] and len(fence.group(1)) >= len(state.fence):
            state.fence = ""
        return line
    if fence:
        state.fence = fence.group(1)
        return line
    if not line.strip():
        state.in_quote = False  # a quotation never runs past its paragraph
        return line
    heading = _HEADING.match(line)
    if heading:
        if len(heading.group(1)) <= SECTION_LEVEL:
            state.linked.clear()
        return line
    if _ADMONITION_TITLE.match(line) or _TABLE_SEPARATOR.match(line) or (_TABLE_SEPARATOR.match(following) and "|" in line):
        return line
    return _link_spans(line, state, matcher, href)


def _link_spans(line: str, state: _State, matcher: GlossaryMatcher, href: Callable[[str], str]) -> str:
    parts: list[str] = []
    position = 0
    for match in _PROTECTED.finditer(line):
        parts.append(_link_text(line[position:match.start()], state, matcher, href))
        parts.append(match.group(0))
        position = match.end()
        if match.group("tag"):
            _track_tag(match.group("tag"), state)
        elif match.group("quote"):
            mark = match.group("quote")
            state.in_quote = mark in _OPENING_QUOTES or (mark not in _CLOSING_QUOTES and not state.in_quote)
    parts.append(_link_text(line[position:], state, matcher, href))
    return "".join(parts)


def _link_text(text: str, state: _State, matcher: GlossaryMatcher, href: Callable[[str], str]) -> str:
    if not text or state.in_quote or state.in_raw_html or matcher.pattern is None:
        return text

    def replace(match: re.Match[str]) -> str:
        term_id = matcher.term_at(match)
        if term_id in state.linked or match.group(0) in matcher.names:
            return match.group(0)
        state.linked.add(term_id)
        return f"[{match.group(0)}]({href(term_id)})"

    return matcher.pattern.sub(replace, text)


def _track_tag(tag: str, state: _State) -> None:
    """Keep the stack of open HTML elements; Markdown inside them is left alone unless
    the element asks for Markdown (`markdown`, `markdown="1"`, `markdown="block"`...)."""
    name_match = _TAG_NAME.match(tag)
    if name_match is None:
        return
    name = name_match.group(1).lower()
    if tag.startswith("</"):
        for index in range(len(state.tags) - 1, -1, -1):
            if state.tags[index][0] == name:
                del state.tags[index:]
                break
        return
    if tag.endswith("/>") or name in _VOID_TAGS:
        return
    markdown = _MARKDOWN_ATTR.search(tag)
    protects = markdown is None or markdown.group(1) == "0"
    state.tags.append((name, protects))

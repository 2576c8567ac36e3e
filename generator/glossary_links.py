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

Speed: a page is scanned line by line; what a line is (and which terms it holds) is worked
out once per distinct line and memoised in the matcher, which all editions of a build share,
so the five editions cost little more than one (1x: about 0.13 s CPU for 4 MB of pages).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import islice

from generator import model

PLURAL_ENDINGS = ("'s", "s", "en")
MEMO_LINES = 1 << 18
"""Bound of each memo, so a long `serve` session cannot grow it without limit."""
SECTION_LEVEL = 3
"""Headings up to this level start a new section (each its own first occurrences)."""

_HEADING = re.compile(r"^(#{1,6})\s")
_FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
_ADMONITION_TITLE = re.compile(r"^\s*(?:!!!|\?\?\?\+?)\s")
_TABLE_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")
# Spans inside a line that never get a link, in the order the scanner meets them. The
# lookahead lets the engine skip plain text without trying each alternative (4x faster).
_PROTECTED = re.compile(
    r"(?=[`\[!{<*_\"“”„])"
    r"(?:(?P<code>`+)"  # a code span: from here to the same run of backticks (see _pieces)
    r"|(?P<link>(?:\[|!\[)[^\]]*\](?:\([^)]*\)|\[[^\]]*\])?)"
    r"|(?P<attrs>\{\s*[:#.][^}]*\})"
    r"|(?P<tag></?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>)"
    r"|(?P<autolink><[a-z][a-z0-9+.-]*:[^<>\s]*>)"
    r"|(?P<italic>\*(?<![*\w]\*)(?![*\s])[^*\n]+?(?<!\s)\*(?![*\w])|_(?<![_\w]_)(?![_\s])[^_\n]+?(?<!\s)_(?![_\w]))"
    r"|(?P<quote>\"|“|”|„))"
)
_SPECIAL = re.compile(r"[`\[!{<*_\"“”„]")
_WORD = re.compile(r"\w+")
_TAG_NAME = re.compile(r"</?([A-Za-z][A-Za-z0-9-]*)")
_MARKDOWN_ATTR = re.compile(r"\smarkdown(?:\s*=\s*[\"']?(\w+))?")
_VOID_TAGS = frozenset({"area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"})
_OPENING_QUOTES = frozenset("“„")
_CLOSING_QUOTES = frozenset("”")


@dataclass(frozen=True)
class GlossaryMatcher:
    """Which words link to which term. Forms are matched word by word (a dictionary lookup
    per word), which stays fast with any number of terms."""

    term_of: dict[str, str]
    """Form (first letter lower-cased) → term id."""
    first_words: dict[str, int] = field(default_factory=dict)
    """Every word a form can start with, as it may appear in text (both cases of the first
    letter, with and without a plural ending) → the most words a form starting with it has,
    plus one for a plural "'s". Text without any of these words is skipped at once."""
    names: frozenset[str] = frozenset()
    """Words that look like a form but name something else (a study's short title such as
    "Bruggenbouwers"): never linked."""
    lines: dict[str, _Line] = field(default_factory=dict, compare=False, repr=False)
    """Memo of analysed lines: the five editions share most of their text."""
    found: dict[str, tuple[tuple[int, int, str], ...]] = field(default_factory=dict, compare=False, repr=False)
    """Memo of `find`: a text between two links recurs where whole lines do not."""

    def find(self, text: str) -> tuple[tuple[int, int, str], ...]:
        """`matches` as a tuple, memoised."""
        known = self.found.get(text)
        if known is None:
            if len(self.found) >= MEMO_LINES:
                self.found.clear()
            known = self.found[text] = tuple(self.matches(text))
        return known

    def matches(self, text: str) -> Iterator[tuple[int, int, str]]:
        """(start, end, term id) of each form in `text`: leftmost first, then longest."""
        present = self.first_words.keys() & set(_WORD.findall(text))
        if not present:
            return
        after = 0  # text before this offset is inside an earlier match
        for start, longest in sorted((start, self.first_words[word]) for word in present for start in _whole_words(text, word)):
            if start < after:
                continue
            found = self._match_at(text, start, longest)
            if found is not None:
                end, term_id = found
                yield start, end, term_id
                after = end

    def _match_at(self, text: str, start: int, longest: int) -> tuple[int, str] | None:
        if start and text[start - 1] in "-/#":
            return None
        ends = [word.end() for word in islice(_WORD.finditer(text, start), longest)]
        for end in reversed(ends):
            if end < len(text) and text[end] == "-":
                continue
            candidate = text[start:end]
            for ending in ("", *PLURAL_ENDINGS):
                if candidate.endswith(ending) and len(candidate) > len(ending):
                    form = candidate[: len(candidate) - len(ending)]
                    term_id = self.term_of.get(form[:1].lower() + form[1:])
                    if term_id is not None:
                        return end, term_id
        return None


def _whole_words(text: str, word: str) -> Iterator[int]:
    """Where `word` occurs in `text` as a whole word (a `\\w+` token)."""
    start = text.find(word)
    while start >= 0:
        end = start + len(word)
        if not (start and _is_word_char(text[start - 1])) and not (end < len(text) and _is_word_char(text[end])):
            yield start
        start = text.find(word, start + 1)


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_"


def term_forms(term: model.Term) -> list[str]:
    """The words that link to `term`: its name before any bracket, then its aliases."""
    head = term.term.split(" (", 1)[0].strip()
    forms = [head, *term.aliases] if term.link else []
    return list(dict.fromkeys(form.strip() for form in forms if form.strip()))


def build_matcher(terms: Iterable[model.Term], names: Iterable[str] = ()) -> GlossaryMatcher:
    """A matcher for `terms`, never matching the words in `names`; a form claimed by two
    terms goes to the first in the glossary. The same glossary gives the same matcher, so
    the editions of one build (and the rebuilds of `serve`) share its memo of lines."""
    forms = tuple((term.id, tuple(term_forms(term))) for term in terms)
    return _matcher(forms, frozenset(names))


@lru_cache(maxsize=4)
def _matcher(forms: tuple[tuple[str, tuple[str, ...]], ...], names: frozenset[str]) -> GlossaryMatcher:
    term_of: dict[str, str] = {}
    for term_id, term_forms_ in forms:
        for form in term_forms_:
            term_of.setdefault(form[:1].lower() + form[1:], term_id)
    first_words: dict[str, int] = {}
    for form in term_of:
        words = _WORD.findall(form)
        if not words:
            continue
        first = words[0]
        for variant in (first, *(first + ending for ending in PLURAL_ENDINGS if ending.isalpha())):
            for cased in (variant[:1].lower() + variant[1:], variant[:1].upper() + variant[1:]):
                first_words[cased] = max(first_words.get(cased, 0), len(words) + 1)
    return GlossaryMatcher(term_of, first_words, names)


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
    if not matcher.term_of:
        return markdown
    state = _State()
    lines = markdown.split("\n")
    out: list[str] = []
    if lines[0].strip() == "---" and "---" in (line.strip() for line in lines[1:]):
        # YAML front matter (MkDocs page meta) is data, not text
        end = 1 + [line.strip() for line in lines[1:]].index("---")
        out, lines = lines[: end + 1], lines[end + 1:]
    memo = matcher.lines
    for number, line in enumerate(lines):
        info = memo.get(line) or _analyse(line, matcher)
        if info.inert:  # most lines: nothing to link, no state to change
            out.append(line)
        else:
            following = lines[number + 1] if number + 1 < len(lines) else ""
            out.append(_link_line(info, line, following, state, matcher, href))
    return "\n".join(out)


@dataclass(frozen=True)
class _Line:
    """What a line is, worked out once per distinct line (pages and editions repeat them)."""

    kind: str
    """"fence", "blank", "heading", "keep" (never linked) or "text"."""
    value: str | int = ""
    """The fence marker, or the heading level."""
    pieces: tuple[tuple[str, str, tuple[tuple[int, int, str], ...]], ...] = ()
    """For "text": (kind, text, matches) with kind "text", "keep", "tag" or "quote"."""
    inert: bool = True
    """The line passes through unchanged and changes no state: no term, tag or quotation,
    and not a fence, blank line or section heading."""


def _analyse(line: str, matcher: GlossaryMatcher) -> _Line:
    fence = _FENCE.match(line)
    heading = _HEADING.match(line)
    if fence:
        known = _Line("fence", fence.group(1), inert=False)
    elif not line.strip():
        known = _Line("blank", inert=False)
    elif heading:
        known = _Line("heading", len(heading.group(1)), inert=len(heading.group(1)) > SECTION_LEVEL)
    elif _ADMONITION_TITLE.match(line) or _TABLE_SEPARATOR.match(line):
        known = _Line("keep")
    else:
        pieces = tuple(_pieces(line, matcher))
        known = _Line("text", "", pieces, _self_contained(pieces))
    if len(matcher.lines) >= MEMO_LINES:
        matcher.lines.clear()  # bounded: a long `serve` session sees ever new lines
    matcher.lines[line] = known
    return known


def _pieces(line: str, matcher: GlossaryMatcher) -> Iterator[tuple[str, str, tuple[tuple[int, int, str], ...]]]:
    """The line cut into text (with the terms found in it) and the places that never link."""
    if not _SPECIAL.search(line):
        yield "text", line, matcher.find(line)
        return
    position = search_from = 0
    while match := _PROTECTED.search(line, search_from):
        start, end, group = match.start(), match.end(), match.lastgroup
        if group == "code":
            closing = line.find(match.group(), end)
            if closing < 0:  # a lone backtick is text
                search_from = end
                continue
            end = closing + len(match.group())
        if position < start:
            text = line[position:start]
            yield "text", text, matcher.find(text)
        yield group if group in ("tag", "quote") else "keep", line[start:end], ()
        position = search_from = end
    if position < len(line):
        text = line[position:]
        yield "text", text, matcher.find(text)


def _link_line(info: _Line, line: str, following: str, state: _State, matcher: GlossaryMatcher, href: Callable[[str], str]) -> str:
    if state.fence:
        if info.kind == "fence" and str(info.value)[0] == state.fence[0] and len(str(info.value)) >= len(state.fence):
            state.fence = ""
        return line
    if info.kind == "fence":
        state.fence = str(info.value)
    elif info.kind == "blank":
        state.in_quote = False  # a quotation never runs past its paragraph
    elif info.kind == "heading" and int(info.value) <= SECTION_LEVEL:
        state.linked.clear()
    if info.kind != "text" or ("|" in line and _TABLE_SEPARATOR.match(following)):
        return line
    parts: list[str] = []
    for kind, text, found in info.pieces:
        if kind == "text":
            parts.append(_link_text(text, found, state, matcher, href))
            continue
        parts.append(text)
        if kind == "tag":
            _track_tag(text, state)
        elif kind == "quote":
            state.in_quote = text in _OPENING_QUOTES or (text not in _CLOSING_QUOTES and not state.in_quote)
    return "".join(parts)


def _link_text(
    text: str, found: tuple[tuple[int, int, str], ...], state: _State, matcher: GlossaryMatcher, href: Callable[[str], str]
) -> str:
    if not found or state.in_quote or state.in_raw_html:
        return text
    parts: list[str] = []
    position = 0
    for start, end, term_id in found:
        word = text[start:end]
        if term_id in state.linked or word in matcher.names:
            continue
        state.linked.add(term_id)
        parts += [text[position:start], f"[{word}]({href(term_id)})"]
        position = end
    return "".join(parts) + text[position:] if parts else text


def _track_tag(tag: str, state: _State) -> None:
    """Keep the stack of open HTML elements; Markdown inside them is left alone unless
    the element asks for Markdown (`markdown`, `markdown="1"`, `markdown="block"`...)."""
    operation = _tag_operation(tag)
    if operation is None:
        return
    name, closing, protects = operation
    if closing:
        for index in range(len(state.tags) - 1, -1, -1):
            if state.tags[index][0] == name:
                del state.tags[index:]
                break
    else:
        state.tags.append((name, protects))


@lru_cache(maxsize=1024)
def _tag_operation(tag: str) -> tuple[str, bool, bool] | None:
    """(element name, whether it closes, whether its content stays as is); None for a tag
    that opens nothing (void or self-closing)."""
    name_match = _TAG_NAME.match(tag)
    if name_match is None:
        return None
    name = name_match.group(1).lower()
    if tag.startswith("</"):
        return name, True, False
    if tag.endswith("/>") or name in _VOID_TAGS:
        return None
    markdown = _MARKDOWN_ATTR.search(tag)
    return name, False, markdown is None or markdown.group(1) == "0"


def _self_contained(pieces: tuple[tuple[str, str, tuple[tuple[int, int, str], ...]], ...]) -> bool:
    """True when a line neither links nor changes the scanner's state: no term, no quotation
    mark, and every element it opens it also closes (a line of badges, say)."""
    stack: list[str] = []
    for kind, text, found in pieces:
        if kind == "quote" or found:
            return False
        operation = _tag_operation(text) if kind == "tag" else None
        if operation is None:
            continue
        name, closing, _ = operation
        if not closing:
            stack.append(name)
        elif stack and stack[-1] == name:
            stack.pop()
        else:
            return False
    return not stack

"""The Markdown subset of text fields: check it, and render it where MkDocs is not involved.

Policy: CommonMark without raw HTML, without images and without attribute lists,
and links only to http(s), mailto, relative paths and anchors. Python-Markdown (MkDocs) would pass raw HTML and `javascript:`
links straight through, so the check refuses them before anything is rendered.
"""

from __future__ import annotations

import bisect
import html
import re
from functools import lru_cache
from urllib.parse import urlsplit

from markdown_it import MarkdownIt
from markdown_it.token import Token

SAFE_SCHEMES = ("http:", "https:", "mailto:")

# Python-Markdown (MkDocs) reads these although CommonMark does not, so the subset
# refuses them too: attribute lists can add event handlers ({: onclick=...}), and
# anything that looks like a tag is refused even where CommonMark would call it text.
# Every pattern runs over whole texts from many hands, so each is linear in the text:
# no two unbounded runs that can take the same characters (a 2 MB line of '{' once
# took hours with `\{[^}\n]*=`); tests/test_linear.py counts their steps.
_ATTRIBUTE_LIST = re.compile(r"\{\s*+[:#.]|\{[^{}\n=]*+[=}]")
"""`{` then `:#.`; or `{` then `=` or `}` before a line end (the nearest `{` is enough): at the
end of a heading even `{ hidden }` is an attribute list (a bare word sets an attribute)."""
_IMAGE = re.compile(r"!\[")
# Link destinations as Python-Markdown may read them, also where CommonMark sees plain text
# (a reference label holds no '[' or ']', as in Python-Markdown's own pattern).
_LINK_SCHEME = re.compile(
    r"(?:\]\(|^[ \t]*+\[[^\[\]]*+\]:)\s*+<?\s*+[\"']?\s*+([a-z][a-z0-9+.\-]*+):", re.IGNORECASE | re.MULTILINE
)
_TAG_LIKE = re.compile(r"<(?!(?:https?|mailto):[^<>\s]*+>)[A-Za-z/!?]")
_MAY_HOLD_MARKUP = re.compile(r"[<\[]")


@lru_cache(maxsize=1)
def _inspector() -> MarkdownIt:
    """A parser that lets everything through, so the check sees what others would render."""
    md = MarkdownIt("commonmark", {"html": True})
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    return md


@lru_cache(maxsize=1)
def _renderer() -> MarkdownIt:
    """The parser for output: raw HTML escaped, unsafe links refused (markdown-it default)."""
    return MarkdownIt("commonmark", {"html": False}).enable("table")


# The functions below are pure functions of the text, and a guide repeats the same
# texts across five editions and every rebuild of `serve`: memoised, an edit to one
# file only parses the texts it changed. Bounded, so a long session cannot grow without limit.
_MEMO_SIZE = 1 << 16


def unsafe_markup(text: str) -> list[str]:
    """Reasons why `text` leaves the allowed subset (empty when it is fine)."""
    return [reason for _, reason in _unsafe_markup(text)]


def markup_problems(text: str) -> list[tuple[int, str]]:
    """Like `unsafe_markup`, each reason with the 0-based line of `text` it was found on."""
    return list(_unsafe_markup(text))


@lru_cache(maxsize=_MEMO_SIZE)
def _unsafe_markup(text: str) -> tuple[tuple[int, str], ...]:
    found: list[tuple[int, str]] = []
    lines = _Lines(text)
    attribute = _ATTRIBUTE_LIST.search(text)
    if attribute:
        found.append((lines.at(attribute.start()), "attributen tussen accolades ('{: ... }') zijn niet toegestaan"))
    image = _IMAGE.search(text)
    if image:
        found.append((lines.at(image.start()), "afbeeldingen ('![...](...)') zijn niet toegestaan in tekstvelden"))
    unescaped = html.unescape(text)
    unescaped_lines = _Lines(unescaped) if unescaped != text else lines
    for match in _LINK_SCHEME.finditer(unescaped):
        if f"{match.group(1).lower()}:" not in SAFE_SCHEMES:
            found.append((unescaped_lines.at(match.start()), f"links naar '{match.group(1)}:' zijn niet toegestaan"))
    # HTML needs a '<', a link a '[' (inline, reference or image) or a '<' (autolink); a
    # character reference is text to the parser. A text with neither (nearly every text) has
    # no token the loop below looks for, so the parse, the costliest step, is left out
    # (tests/test_properties.py compares both ways)
    tokens = _walk(_inspector().parse(text)) if _MAY_HOLD_MARKUP.search(text) else []
    tag = _TAG_LIKE.search(text)
    if tag and not any(t.type.startswith("html") for t in tokens):
        found.append((lines.at(tag.start()), f"'{text[tag.start():tag.start() + 20]}' lijkt op HTML-code; dat is niet toegestaan"))
    elif not tag:
        # written as character references (&lt;b&gt;): the theme prints page titles with
        # the references resolved, so they would become tags after all
        encoded = _TAG_LIKE.search(unescaped)
        if encoded:
            found.append((unescaped_lines.at(encoded.start()), f"'{unescaped[encoded.start():encoded.start() + 20]}' lijkt op HTML-code (geschreven met '&'-codes); dat is niet toegestaan"))
    block = (0, 1)
    for token in tokens:
        if token.map:
            block = (token.map[0], token.map[1])
        if token.type in ("html_block", "html_inline"):
            found.append((lines.find(token.content, block), f"HTML-code '{token.content.strip()[:40]}' is niet toegestaan"))
        elif token.type == "link_open":
            target = str(token.attrs.get("href") or "")
            if not _is_safe_link(target):
                found.append((lines.find(target, block), f"de link '{target[:40]}' is niet toegestaan"))
    return tuple(found)


class _Lines:
    """Line numbers of offsets in one text, by bisection (a text may hold many problems)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0, *(match.end() for match in re.finditer("\n", text))]

    def at(self, offset: int) -> int:
        """The 0-based line of `offset`."""
        return bisect.bisect_right(self.starts, offset) - 1

    def find(self, snippet: str, block: tuple[int, int]) -> int:
        """The line where `snippet` first occurs within the lines `block` (else its first line)."""
        first, end = block
        start = self.starts[min(first, len(self.starts) - 1)]
        stop = self.starts[end] if end < len(self.starts) else len(self.text)
        needle = snippet.strip()[:40]
        found = self.text.find(needle, start, stop) if needle else -1
        return self.at(found) if found >= 0 else first


_URL_UNSAFE = re.compile(r"[\s\"'<>\\`^{|}\x00-\x1f\x7f]")


def web_address_problem(url: str) -> str:
    """Why `url` is not a plain absolute http(s) address ('' when it is one).

    For addresses that end up in href attributes and configuration (site_url): only
    http and https, with a host, and without characters that could leave an attribute."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https"):
        return "moet beginnen met http:// of https://"
    if not parts.netloc or not url.lower().startswith(("http://", "https://")):
        return "moet een volledig webadres met een domeinnaam zijn"
    if _URL_UNSAFE.search(url):
        return "mag geen spaties, aanhalingstekens of tekens als < > { } bevatten"
    return ""


def _is_safe_link(target: str) -> bool:
    compact = "".join(target.split()).lower()
    if ":" not in compact.split("/", 1)[0].split("#", 1)[0].split("?", 1)[0]:
        return True  # relative path or anchor
    return compact.startswith(SAFE_SCHEMES)


def _walk(tokens: list[Token]) -> list[Token]:
    found: list[Token] = []
    for token in tokens:
        found.append(token)
        if token.children:
            found.extend(_walk(token.children))
    return found


@lru_cache(maxsize=_MEMO_SIZE)
def to_html(text: str) -> str:
    """Render a block of Markdown to HTML (escaping any raw HTML)."""
    return str(_renderer().render(text))


@lru_cache(maxsize=_MEMO_SIZE)
def to_inline_html(text: str) -> str:
    """Render one line of Markdown without the surrounding paragraph."""
    return str(_renderer().renderInline(text))

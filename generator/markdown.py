"""The Markdown subset of text fields: check it, and render it where MkDocs is not involved.

Policy: CommonMark without raw HTML, without images and without attribute lists,
and links only to http(s), mailto, relative paths and anchors. Python-Markdown (MkDocs) would pass raw HTML and `javascript:`
links straight through, so the check refuses them before anything is rendered.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.token import Token

SAFE_SCHEMES = ("http:", "https:", "mailto:")

# Python-Markdown (MkDocs) reads these although CommonMark does not, so the subset
# refuses them too: attribute lists can add event handlers ({: onclick=...}), and
# anything that looks like a tag is refused even where CommonMark would call it text.
_ATTRIBUTE_LIST = re.compile(r"\{\s*[:#.]|\{[^}\n]*=")
_IMAGE = re.compile(r"!\[")
# Link destinations as Python-Markdown may read them, also where CommonMark sees plain text.
_LINK_SCHEME = re.compile(r"(?:\]\(|^\s*\[[^\]]*\]:)\s*<?\s*[\"']?\s*([a-z][a-z0-9+.\-]*):", re.IGNORECASE | re.MULTILINE)
_TAG_LIKE = re.compile(r"<(?!(?:https?|mailto):[^>\s]*>)[A-Za-z/!?]")


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
    return list(_unsafe_markup(text))


@lru_cache(maxsize=_MEMO_SIZE)
def _unsafe_markup(text: str) -> tuple[str, ...]:
    reasons: list[str] = []
    if _ATTRIBUTE_LIST.search(text):
        reasons.append("attributen tussen accolades ('{: ... }') zijn niet toegestaan")
    if _IMAGE.search(text):
        reasons.append("afbeeldingen ('![...](...)') zijn niet toegestaan in tekstvelden")
    for match in _LINK_SCHEME.finditer(html.unescape(text)):
        if f"{match.group(1).lower()}:" not in SAFE_SCHEMES:
            reasons.append(f"links naar '{match.group(1)}:' zijn niet toegestaan")
    tag = _TAG_LIKE.search(text)
    if tag and not any(t.type.startswith("html") for t in _walk(_inspector().parse(text))):
        reasons.append(f"'{text[tag.start():tag.start() + 20]}' lijkt op HTML-code; dat is niet toegestaan")
    for token in _walk(_inspector().parse(text)):
        if token.type in ("html_block", "html_inline"):
            reasons.append(f"HTML-code '{token.content.strip()[:40]}' is niet toegestaan")
        elif token.type == "link_open":
            target = str(token.attrs.get("href") or "")
            if not _is_safe_link(target):
                reasons.append(f"de link '{target[:40]}' is niet toegestaan")
    return tuple(reasons)


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

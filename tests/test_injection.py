"""Hostile text in every text field of every content kind: refused, or printed as text.

Random strings with quotes, '&', '<', '>', `</script>`, newlines and control characters
go into every text field of the mini fixture (ids and references stay as they are). The
content is either refused by `check` with file:line:col messages, or it is rendered and
built, and every page then holds exactly the elements and attributes that the plain
build holds, plus the harmless ones Markdown itself makes (emphasis, lists, links to
http(s), ...): nothing injected into attributes, no extra script, no `javascript:` link.
"""

from __future__ import annotations

import json
import shutil
import typing
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import markdown as python_markdown
import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from generator.checklists import render_checklist_pages
from generator.load import CONTENT_KINDS, ContentKind, split_front_matter
from generator.pipeline import check_content, knowledge_files, load_valid, render_all
from generator.problems import errors_in
from tests.conftest import MINI, ROOT, run_cli

HOSTILE = [
    '"', "'", "&", "<", ">", "</script>", "<script>alert(1)</script>", "\n", "\n\n", "\x01", "\x7f",
    '" autofocus onfocus="alert(1)', "' onmouseover='alert(1)", "&amp;", "&quot;", "&lt;b&gt;",
    "&#34;", "a < b", "b > a", "{{ x }}", "{% raw %}", "]]>", "<!--", "\u2028", "`", "*", "Samen",
]
hostile_text = st.lists(st.one_of(st.sampled_from(HOSTILE), st.text(max_size=4)), min_size=1, max_size=6).map("".join)

# tags and attributes Markdown itself may add for text (emphasis, lists, code, tables, ...)
MARKDOWN_TAGS = {
    "p", "em", "strong", "code", "pre", "ul", "ol", "li", "blockquote", "hr", "br", "a",
    "h1", "h2", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td",
    "dl", "dt", "dd", "abbr", "div",
}
MARKDOWN_ATTRIBUTES = {"href", "id", "title", "style", "start", "class"}
SAFE_SCHEMES = ("http:", "https:", "mailto:")


def _is_id(info: Any) -> bool:
    return any(getattr(meta, "pattern", None) for meta in info.metadata)


def _fill(value: Any, annotation: Any, text: str, metadata_id: bool = False) -> Any:
    """`value` with `text` added to every free-text string inside it (per the model)."""
    origin = typing.get_origin(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel) and isinstance(value, dict):
        filled = dict(value)
        for name, info in annotation.model_fields.items():
            if name in filled and name not in ("site_url", "content_date", "version", "lines"):
                filled[name] = _fill(filled[name], info.annotation, text, _is_id(info))
        return filled
    if origin is list and isinstance(value, list):
        (inner,) = typing.get_args(annotation)
        inner_id = typing.get_origin(inner) is typing.Annotated and any(
            getattr(meta, "pattern", None) for meta in typing.get_args(inner)[1:]
        )
        return [_fill(item, inner, text, inner_id) for item in value]
    if origin in (typing.Union, getattr(__import__("types"), "UnionType", None)):
        for option in typing.get_args(annotation):
            if option is not type(None):
                return _fill(value, option, text, metadata_id)
    plain = annotation is str or (typing.get_origin(annotation) is typing.Annotated and typing.get_args(annotation)[0] is str)
    if plain and isinstance(value, str) and not metadata_id:
        return f"{value} {text}"
    return value


def _hostile_content(target: Path, text: str) -> None:
    """The mini fixture with `text` added to every text field of every file."""
    shutil.copytree(MINI, target)
    for kind in CONTENT_KINDS:
        for path in sorted(target.glob(kind.pattern)):
            _rewrite(path, kind, text)


def _rewrite(path: Path, kind: ContentKind, text: str) -> None:
    source = path.read_text(encoding="utf-8")
    body = ""
    if kind.front_matter:
        split = split_front_matter(source, path.name)
        assert isinstance(split, tuple)
        source, body, _ = split
        body = f"{body}\n{text}\n"
    data = yaml.safe_load(source)
    filled = _fill(data, kind.file_model, text)
    dumped = yaml.safe_dump(filled, allow_unicode=True, sort_keys=False)
    path.write_text(f"---\n{dumped}---\n{body}" if kind.front_matter else dumped, encoding="utf-8")


class _Elements(HTMLParser):
    """Counts of elements and of (element, attribute) pairs; links and scripts noted."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: Counter[str] = Counter()
        self.attributes: set[tuple[str, str]] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags[tag] += 1
        for name, value in attrs:
            self.attributes.add((tag, name))
            if name in ("href", "src", "action", "formaction") and value:
                self.links.append(value)


def _parse(html: str) -> _Elements:
    parser = _Elements()
    parser.feed(html)
    parser.close()
    return parser


def _assert_no_injection(plain: str, hostile: str, where: str) -> None:
    before, after = _parse(plain), _parse(hostile)
    for tag in ("script", "iframe", "object", "embed", "style", "img", "svg", "form", "input", "meta", "link", "base"):
        assert after.tags[tag] <= before.tags[tag], f"{where}: extra <{tag}>"
    extra_tags = set(after.tags) - set(before.tags) - MARKDOWN_TAGS
    assert not extra_tags, f"{where}: elements the templates did not make: {extra_tags}"
    extra_attributes = {
        (tag, name) for tag, name in after.attributes - before.attributes if name not in MARKDOWN_ATTRIBUTES
    }
    assert not extra_attributes, f"{where}: attributes the templates did not make: {extra_attributes}"
    for link in after.links:
        compact = "".join(link.split()).lower()
        scheme = compact.split(":", 1)[0] + ":" if ":" in compact.split("/", 1)[0] else ""
        assert not scheme or scheme in SAFE_SCHEMES, f"{where}: link {link!r}"


MKDOCS_EXTENSIONS = [
    ext if isinstance(ext, str) else next(iter(ext))
    for ext in yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["markdown_extensions"]
]


def _rendered_html(content: Path) -> dict[str, str] | None:
    """Every page body (through Python-Markdown, as MkDocs reads it), the checklists and the
    theme values of mkdocs.yml put in a quoted attribute; None when the content is refused."""
    problems = check_content(content)
    if errors_in(problems):
        for problem in problems:
            assert problem.span.line >= 1 and problem.message
        return None
    loaded, _ = load_valid(content)
    assert loaded.knowledge is not None
    pages: dict[str, str] = {}
    for edition in render_all(loaded.knowledge):
        for path, text in edition.files.items():
            if path.startswith("docs/") and path.endswith(".md"):
                pages[f"{edition.edition_id}/{path}"] = python_markdown.markdown(text, extensions=MKDOCS_EXTENSIONS)
        config = yaml.safe_load(edition.files["mkdocs.yml"])
        titles = [config["site_name"], config["site_description"], *_nav_titles(config["nav"])]
        # as Material prints them: raw, in a quoted attribute and as text
        pages[f"{edition.edition_id}/mkdocs.yml"] = "".join(f'<a title="{t}" aria-label=\'{t}\'>{t}</a>' for t in titles)
    pages.update({name: text for name, text in render_checklist_pages(loaded.knowledge).items()})
    json.loads(str(knowledge_files(loaded.knowledge)["kennisbank.json"]))
    return pages


def _nav_titles(items: list[Any]) -> list[str]:
    titles: list[str] = []
    for item in items:
        if isinstance(item, dict):
            for title, value in item.items():
                titles.append(title)
                if isinstance(value, list):
                    titles.extend(_nav_titles(value))
    return titles


@pytest.fixture(scope="module")
def plain_pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    content = tmp_path_factory.mktemp("plain") / "content"
    _hostile_content(content, "Samen")
    pages = _rendered_html(content)
    assert pages is not None
    return pages


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=hostile_text)
@example(text='Praktijkgids" autofocus onfocus="alert(document.domain)')
@example(text="\"Samen\" & 'veilig'")
def test_hostile_text_is_refused_or_rendered_as_text(
    text: str, tmp_path_factory: pytest.TempPathFactory, plain_pages: dict[str, str]
) -> None:
    content = tmp_path_factory.mktemp("hostile") / "content"
    _hostile_content(content, text)
    pages = _rendered_html(content)
    if pages is None:
        return  # refused with messages (checked above)
    assert set(pages) == set(plain_pages)
    for name, html in pages.items():
        _assert_no_injection(plain_pages[name], html, f"{name} with {text!r}")


def _built_pages(site: Path) -> dict[str, str]:
    return {str(p.relative_to(site)): p.read_text(encoding="utf-8") for p in sorted(site.rglob("*.html"))}


@pytest.fixture(scope="module")
def plain_site(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    root = tmp_path_factory.mktemp("plain-site")
    _hostile_content(root / "content", "Samen")
    assert run_cli("build", "--content", root / "content", "--out", root / "site").exit_code == 0
    return _built_pages(root / "site")


@pytest.mark.slow
@settings(max_examples=2, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=hostile_text)
@example(text="\"Samen\" & 'veilig' \" autofocus onfocus=\"alert(1) ' onmouseover='x' a < b &lt;/title&gt;")
def test_hostile_text_in_a_real_build(
    text: str, tmp_path_factory: pytest.TempPathFactory, plain_site: dict[str, str]
) -> None:
    """The theme's own templates (title, meta description, navigation, header) included."""
    root = tmp_path_factory.mktemp("hostile-site")
    _hostile_content(root / "content", text)
    built = run_cli("build", "--content", root / "content", "--out", root / "site")
    if built.exit_code != 0:
        assert "Traceback" not in built.output + built.stderr
        assert built.stderr.splitlines()[-1].endswith(("fout.", "fouten.", "waarschuwingen.", "waarschuwing.")), built.stderr
        return
    pages = _built_pages(root / "site")
    assert set(pages) == set(plain_site)
    for name, html in pages.items():
        _assert_no_injection(plain_site[name], html, f"{name} with {text!r}")

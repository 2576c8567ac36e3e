"""Property-based: random text and ids never crash the loader and never become live markup."""

from __future__ import annotations

import posixpath
import re
import shutil
from unittest import mock

import markdown as python_markdown
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from generator import markdown as markdown_module
from generator.load import load_content
from generator.markdown import to_html, to_inline_html, unsafe_markup
from generator.render import relative_path
from generator.validate import validate
from tests.conftest import MINI, ROOT

FRAGMENTS = [
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "<a href='javascript:x'>", "javascript:",
    "JaVaScRiPt:", "java&#115;cript:", "data:text/html,", "vbscript:", "onclick=", "{: onclick=x }", "{#id}",
    "{.klasse}", "[link](", ")", "![beeld](", "<", ">", "</", "<!--", "-->", "&lt;", "&#60;", "\"", "'", "`",
    "```", "\n", "\n\n", "    ", "- ", "1. ", "# ", "!!! note", "*", "_", "|", "---", "<https://a.nl>",
    "<mailto:x@y.nl>", "tekst", "samenwerking", "é", "\u202e", "\x00",
]

texts = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=8)), max_size=12).map("".join)

MKDOCS_EXTENSIONS = [
    ext if isinstance(ext, str) else next(iter(ext))
    for ext in yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["markdown_extensions"]
]

LIVE_MARKUP = re.compile(
    r"<\s*(script|iframe|object|embed|style|form|input|img|svg|math|link|meta|base)\b"
    r"|<[^>]*\son[a-z]+\s*="  # an event-handler attribute inside a tag
    r"|<[^>]*(href|src)\s*=\s*[\"']?\s*(javascript|vbscript|data):",
    re.IGNORECASE,
)


@settings(max_examples=300, deadline=None)
@given(texts)
def test_accepted_text_never_renders_live_markup(text: str) -> None:
    if unsafe_markup(text):
        return  # refused with a message: nothing is rendered
    for html in (
        python_markdown.markdown(text, extensions=MKDOCS_EXTENSIONS),  # what MkDocs makes of it
        to_html(text),  # checklists, zelfscan, JSON export
        to_inline_html(text),
    ):
        assert not LIVE_MARKUP.search(html), (text, html)


@settings(max_examples=300, deadline=None)
@given(texts)
@example("[hier](javascript:alert(1))")  # a link: only the parse finds its target
@example("Zie [de gids].\n\n[de gids]: javascript:x")  # a reference link
@example("<https://a.nl> en <x onclick=y>")  # an autolink and a tag
@example("&lt;b&gt;vet&lt;/b&gt;")  # a tag written with character references
def test_the_check_finds_the_same_without_parsing_texts_that_cannot_hold_markup(text: str) -> None:
    # the check leaves out the Markdown parse for texts without '<', '[' or '&'; parsing every
    # text (a pattern that matches everywhere) must find exactly the same
    check = markdown_module._unsafe_markup.__wrapped__
    with mock.patch.object(markdown_module, "_MAY_HOLD_MARKUP", re.compile("")):
        parsed = check(text)
    assert check(text) == parsed


# docs/ paths as pages name them: relative, no '..'; '' is the docs folder itself
page_paths = st.lists(st.sampled_from(["a", "b", "ab", "a.md", "index.md"]), max_size=4).map("/".join)


@settings(max_examples=500, deadline=None)
@given(page_paths, page_paths)
def test_relative_paths_between_pages_are_relpaths(target: str, start: str) -> None:
    assert relative_path(target, start) == posixpath.relpath(target or ".", start or ".")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rec_id=st.text(max_size=20), rationale=texts, checklist=texts)
def test_loader_never_crashes_on_random_values(tmp_path_factory, rec_id: str, rationale: str, checklist: str) -> None:
    content = tmp_path_factory.mktemp("random") / "content"
    shutil.copytree(MINI, content)
    item = {
        "id": rec_id, "checklist": checklist, "rationale": rationale, "audiences": ["voorzitters"],
        "kind": "bevinding", "sources": [{"source": "boek", "location": "§1"}],
    }
    (content / "recommendations" / "random.yaml").write_text(
        yaml.safe_dump({"recommendations": [item]}, allow_unicode=True), encoding="utf-8"
    )
    loaded = load_content(content)
    problems = [*loaded.problems, *validate(loaded)]
    for problem in problems:
        assert problem.span.file.endswith(".yaml") and problem.span.line >= 1 and problem.message
    if not any(p.severity == "error" for p in problems):
        assert any(rec.id == rec_id for rec in loaded.knowledge.recommendations)

"""Both site engines build the same generated sources into the same site layout.

MkDocs (Material) is the default; Zensical reads the same mkdocs.yml. The one
configured differences are in render.ENGINE_THEME_OPTIONS and ENGINE_HOOKS. What Zensical does not do
(see bench/README.md): no sitemap.xml.gz, its own search index (search.json instead
of search/search_index.json), and of MkDocs' `validation` keys only the link and
anchor checks; those it does enforce with --strict, as the last test shows.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from generator.editions import select_edition
from generator.load import load_content
from generator.render import render_edition
from generator.tasks import Task, engine_output, execute
from tests.conftest import MINI, recommendation_block, run_cli

ENGINES = ("mkdocs", "zensical")
EDITIONS = ("voorzitters", "deelnemers", "leidinggevenden", "bestuurders")


@pytest.fixture(scope="module")
def zensical_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("zensical") / "site"
    result = run_cli("build", "--content", MINI, "--out", out, "--engine", "zensical")
    assert result.exit_code == 0, result.output + result.stderr
    return out


@pytest.fixture(params=ENGINES)
def site(request: pytest.FixtureRequest) -> Path:
    """The mini content built by each engine (the MkDocs site is the shared session one)."""
    fixture = "mini_site" if request.param == "mkdocs" else "zensical_site"
    return request.getfixturevalue(fixture)  # type: ignore[no-any-return]


def _html(site: Path, page: str) -> str:
    return (site / page).read_text(encoding="utf-8")


def test_layout_of_design_md(site: Path) -> None:
    assert '<html lang="nl"' in _html(site, "index.html")
    for audience in EDITIONS:
        assert (site / audience / "index.html").is_file()
        assert (site / "checklists" / f"{audience}.pdf").is_file()
    assert (site / "kennisbank.json").is_file()
    # the engine's own files never leak into the site
    assert not (site / ".cache").exists()
    assert not any((site / audience / ".cache").exists() for audience in EDITIONS)


def test_recommendation_anchor_and_badges(site: Path) -> None:
    html = _html(site, "aanbevelingen/doorlopend.html")  # the complete edition: a page per moment
    block = recommendation_block(html, "tijd-geven")
    assert '<span class="badge badge--leidinggevenden">Leidinggevenden</span>' in block
    assert '<span class="badge badge--bestuurders">Bestuurders</span>' in block
    assert "badge--voorzitters" not in block


def test_cross_links_become_html_links(site: Path) -> None:
    assert 'href="../rollen/vertaler.html"' in _html(site, "factoren/gedeelde-opgave.html")
    assert 'href="../factoren/gedeelde-opgave.html"' in _html(site, "aanbevelingen/voor-de-start.html")


def test_theme_override_and_extra_css(site: Path) -> None:
    html = _html(site, "voorzitters/factoren/vertrouwen.html")
    # the checklist is a page action beside the title (partials/actions.html), not a bar above it
    action = html[html.index('class="md-content__button md-icon"') - 200 :]
    assert action.index('href="../../checklists/voorzitters.pdf"') < action.index("<h1")
    assert 'title="Checklist voor voorzitters (PDF)"' in html
    assert 'class="checklist-links"' not in html
    assert "Inhoud versie" in html
    assert "assets/guide.css" in html


def test_without_an_address_no_canonical_links_and_no_sitemap(site: Path) -> None:
    assert 'rel="canonical"' not in _html(site, "index.html")
    assert 'rel="canonical"' not in _html(site, "voorzitters/index.html")
    for edition in ("", *EDITIONS):
        sitemap = site / edition / "sitemap.xml"
        assert not sitemap.exists() or "<loc>" not in sitemap.read_text(encoding="utf-8")


def test_both_engines_write_the_same_pages(mini_site: Path, zensical_site: Path) -> None:
    def pages(root: Path) -> set[str]:
        return {p.relative_to(root).as_posix() for p in root.rglob("*.html")}

    assert pages(mini_site) == pages(zensical_site)


def test_engine_option_only_in_that_engines_config(tmp_path: Path) -> None:
    configs = {}
    for engine in ENGINES:
        out = tmp_path / engine
        result = run_cli("render", "--content", MINI, "--out", out, "--engine", engine)
        assert result.exit_code == 0, result.output + result.stderr
        configs[engine] = yaml.safe_load((out / "volledig" / "mkdocs.yml").read_text(encoding="utf-8"))
    assert "variant" not in configs["mkdocs"]["theme"]
    assert configs["zensical"]["theme"]["variant"] == "classic"
    assert configs["mkdocs"]["hooks"] == ["hooks/bytecode_cache.py", "hooks/escaped_config.py"]
    assert (tmp_path / "mkdocs" / "volledig" / "hooks" / "bytecode_cache.py").is_file()
    assert "hooks" not in configs["zensical"]
    assert not (tmp_path / "zensical" / "volledig" / "hooks").exists()
    configs["zensical"]["theme"].pop("variant")
    configs["mkdocs"].pop("hooks")
    assert configs["mkdocs"] == configs["zensical"]


@pytest.mark.parametrize("engine", ENGINES)
def test_strict_build_refuses_a_broken_link(tmp_path: Path, engine: str) -> None:
    knowledge = load_content(MINI).knowledge
    assert knowledge is not None
    files = render_edition(select_edition(knowledge, "volledig"), engine).files
    files["docs/over.md"] += "\n[kapot](bestaat-niet.md)\n"
    source = tmp_path / "src"
    for relative, text in files.items():
        (source / relative).parent.mkdir(parents=True, exist_ok=True)
        (source / relative).write_text(text, encoding="utf-8")
    result = execute(Task(engine, "volledig", (str(source),), str(tmp_path / "site")))
    message = result.error or ""
    assert "bestaat-niet.md" in message
    assert "\x1b[" not in message and "Traceback" not in message


def test_engine_output_drops_colours_and_traceback() -> None:
    raw = "\x1b[33mWarning:\x1b[0m page does not exist\nTraceback (most recent call last):\n  File ..."
    assert engine_output(raw) == "Warning: page does not exist"


def test_engine_output_keeps_the_error_that_ends_a_traceback() -> None:
    raw = (
        "Build started\nNo issues found\nTraceback (most recent call last):\n"
        '  File "zensical/main.py", line 3, in build\n    raise RuntimeError(message)\n'
        "RuntimeError: Search field 'text' at 'begrippen.html' exceeds the search index limit\n"
    )
    assert engine_output(raw) == (
        "Build started\nNo issues found\n"
        "RuntimeError: Search field 'text' at 'begrippen.html' exceeds the search index limit"
    )

"""Render: an Edition becomes Markdown pages and an mkdocs.yml, all in memory.

Templates in `templates/pages/` hold layout and fixed interface words only; this
module decides which pages exist, their paths and the navigation.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache, partial
from typing import Any

import yaml
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from generator import dates, model, resources
from generator.editions import COMPLETE, ChangeView, Edition, RecommendationView
from generator.feed import CHANGE_LABELS, FEED_FILE, atom_feed, feed_title
from generator.glossary_links import build_matcher, link_terms
from generator.problems import Refusal
from generator.zelfscan import script_json, teamscan_data, zelfscan_data

TEMPLATES_DIR = resources.TEMPLATES_DIR
ROOT_CONFIG = resources.BASE_CONFIG

EVIDENCE_LABELS = {
    model.EvidenceKind.formal: "Formele aanbeveling van het onderzoek",
    model.EvidenceKind.author: "Advies van de auteur(s)",
    model.EvidenceKind.literature: "Uit de literatuur die het onderzoek aanhaalt",
    model.EvidenceKind.practitioner: "Suggestie van professionals uit de interviews",
    model.EvidenceKind.finding: "Bevinding van het onderzoek",
    model.EvidenceKind.design: "Ontwerpvoorwaarde van het model",
}
VALENCE_LABELS = {"+": "werkte", "-": "ontbrak of werkte tegen", "±": "gemengd"}
EVIDENCE_SHORT = {
    model.EvidenceKind.formal: "aanbeveling",
    model.EvidenceKind.author: "advies auteur",
    model.EvidenceKind.literature: "literatuur",
    model.EvidenceKind.practitioner: "praktijksuggestie",
    model.EvidenceKind.finding: "bevinding",
    model.EvidenceKind.design: "ontwerpvoorwaarde",
}


@dataclass(frozen=True)
class Page:
    path: str
    """Path inside docs/, POSIX style."""
    template: str
    context: dict[str, Any]
    links_terms: bool = True


@dataclass(frozen=True)
class RenderedEdition:
    edition_id: str
    files: dict[str, str]
    """Path inside the edition folder (`mkdocs.yml`, `docs/...`, `overrides/...`) → text."""


Context = Callable[[Edition, str, Any], dict[str, Any]]
"""(edition, the page's docs/ path, the page's item or None) → the template's own variables."""


def _always(edition: Edition) -> bool:
    return True


def _complete_only(edition: Edition) -> bool:
    return edition.is_complete


def _no_context(edition: Edition, path: str, item: Any) -> dict[str, Any]:
    return {}


def _view_context(edition: Edition, path: str, item: Any) -> dict[str, Any]:
    return {"view": item}


def _view_id(item: Any) -> str:
    return str(item.item.id)


@dataclass(frozen=True)
class PageKind:
    """One kind of page: where it lives, its template, one page or one per item."""

    kind: str
    path: str
    """Inside docs/, POSIX style; `{id}` stands for the item's id on a page per item."""
    template: str
    nav_title: str = ""
    """The page's title in the navigation; '': its bare path (MkDocs takes the page's own title)."""
    when: Callable[[Edition], bool] = _always
    items: Callable[[Edition], Sequence[Any]] | None = None
    """One page per item (in the edition's order); None: a single page."""
    item_id: Callable[[Any], str] = _view_id
    item_title: Callable[[Any], str] | None = None
    """A page per item's title in the navigation; None: its bare path."""
    nav_group: str = ""
    """The pages per item sit in the navigation under this title ('': directly in the section)."""
    context: Context = _no_context
    links_terms: bool = True
    """False: the page's words do not link to the glossary."""

    def path_for(self, item_id: str = "") -> str:
        return self.path.format(id=item_id)


@dataclass(frozen=True)
class Section:
    """One entry of the navigation and the pages under it, in order."""

    title: str
    pages: tuple[PageKind, ...]
    when: Callable[[Edition], bool] = _always


def _zelfscan_context(edition: Edition, path: str, item: Any) -> dict[str, Any]:
    """The self-assessment: its data goes into the page as JSON, with links as HTML hrefs."""
    rec_pages = recommendation_pages(edition)

    def href(kind: str, item_id: str, anchor: str) -> str:
        # the links sit in JSON and raw HTML, which MkDocs does not rewrite: point at the .html
        target = rec_pages.get(anchor, page_path(kind, item_id)) if kind == "recommendations" else page_path(kind, item_id)
        return link(path, target.removesuffix(".md") + ".html", anchor)

    data = zelfscan_data(edition, href)
    return {"settings": edition.zelfscan, "zelfscan": data, "zelfscan_json": script_json(data)}


def _teamscan_context(edition: Edition, path: str, item: Any) -> dict[str, Any]:
    """The team view: several people's exported zelfscan answers side by side, in the browser."""

    def elsewhere(audience_id: str) -> str:  # an audience's recommendations in the complete guide
        return site_link(edition, path, page_path("audience-recommendations", audience_id).removesuffix(".md") + ".html")

    data = teamscan_data(edition, partial(_html_href, path), elsewhere)
    return {"settings": edition.zelfscan, "teamscan": data, "teamscan_json": script_json(data)}


def _html_href(from_page: str, kind: str, item_id: str, anchor: str) -> str:
    # the links sit in JSON and raw HTML, which MkDocs does not rewrite: point at the .html
    return link(from_page, page_path(kind, item_id).removesuffix(".md") + ".html", anchor)


# The guide's sections in navigation order: each page kind's path, template and items, and
# the navigation, are read from here (a new section is one entry). A section with a single
# page is one navigation link under the section's title; otherwise a list of its pages.
SECTIONS: tuple[Section, ...] = (
    Section("Start", (
        PageKind("home", "index.md", "pages/home.md.j2", context=lambda e, path, item: {"kern": e.kern, "audiences": e.audiences}),
    )),
    Section("Aanbevelingen", (
        PageKind("recommendations", "aanbevelingen/index.md", "pages/recommendations.md.j2", nav_title="Alle aanbevelingen",
                 context=lambda e, path, item: {"groups": moment_groups(e), "moment": None}),
        # the complete edition shows its recommendations in full one page per moment (issue #13)
        PageKind("moment-recommendations", "aanbevelingen/{id}.md", "pages/recommendations.md.j2",
                 when=_complete_only, items=lambda e: moment_groups(e), item_id=lambda group: str(group[0]),
                 item_title=lambda group: str(group[1]), nav_group="Per moment",
                 context=lambda e, path, group: {"groups": [group], "moment": group[1]}),
        PageKind("audience-recommendations", "aanbevelingen/{id}.md", "pages/audience_recommendations.md.j2",
                 when=_complete_only, items=lambda e: e.audiences, item_id=lambda a: str(a.id),
                 item_title=lambda a: f"Voor {a.name.lower()}", nav_group="Per doelgroep",
                 context=lambda e, path, a: {"audience": a, "groups": e.checklist_groups_by_audience[a.id]}),
    )),
    Section("Zelfscan", (
        # the zelfscan's and teamscan's text sits in JSON: no glossary links
        PageKind("zelfscan", "zelfscan.md", "pages/zelfscan.md.j2", nav_title="Zelfscan", context=_zelfscan_context, links_terms=False),
        PageKind("teamscan", "teamscan.md", "pages/teamscan.md.j2", nav_title="Teamscan", context=_teamscan_context, links_terms=False),
    ), when=lambda e: e.zelfscan is not None),
    Section("Succesfactoren", (
        PageKind("factors", "factoren/index.md", "pages/factors.md.j2"),
        PageKind("factor", "factoren/{id}.md", "pages/factor.md.j2", items=lambda e: e.factors, context=_view_context),
    )),
    Section("Rollen", (
        PageKind("roles", "rollen/index.md", "pages/roles.md.j2"),
        PageKind("role", "rollen/{id}.md", "pages/role.md.j2", items=lambda e: e.roles, context=_view_context),
    ), when=lambda e: bool(e.roles)),
    Section("Competenties", (
        PageKind("competencies", "competenties.md", "pages/competencies.md.j2"),
    ), when=lambda e: bool(e.competency_groups)),
    Section("Strategieën", (
        PageKind("strategies", "strategieen/index.md", "pages/strategies.md.j2"),
        PageKind("strategy", "strategieen/{id}.md", "pages/strategy.md.j2", items=lambda e: e.strategies, context=_view_context),
    ), when=lambda e: bool(e.strategies)),
    Section("Fasen", (
        PageKind("phases", "fasen/index.md", "pages/phases.md.j2"),
        PageKind("phase", "fasen/{id}.md", "pages/phase.md.j2", items=lambda e: e.phases, context=_view_context),
    ), when=lambda e: bool(e.phases)),
    Section("Praktijkvoorbeelden", (
        PageKind("cases", "voorbeelden/index.md", "pages/cases.md.j2"),
        PageKind("case", "voorbeelden/{id}.md", "pages/case.md.j2", items=lambda e: e.cases, context=_view_context),
    )),
    Section("Begrippen", (
        PageKind("glossary", "begrippen.md", "pages/glossary.md.j2", links_terms=False,
                 context=lambda e, path, item: {"term_groups": e.glossary_groups}),
    )),
    Section("Over deze gids", (
        PageKind("about", "over.md", "pages/about.md.j2"),
        PageKind("changes", "nieuw.md", "pages/changes.md.j2"),
        # titles of studies: no glossary links
        PageKind("sources", "bronnen.md", "pages/sources.md.j2", links_terms=False),
        PageKind("accessibility", "toegankelijkheid.md", "pages/accessibility.md.j2"),
        # the editors' guide: for the people who keep the guide current, not for readers of
        # an edition; its examples do not link to the glossary
        PageKind("contributing", "bijdragen.md", "pages/contributing.md.j2", nav_title="Bijdragen",
                 when=_complete_only, links_terms=False),
    )),
)

PAGE_KINDS: dict[str, PageKind] = {kind.kind: kind for section in SECTIONS for kind in section.pages}


def page_path(kind: str, item_id: str = "") -> str:
    """Where a page of `kind` lives inside docs/ (one place for every cross-link)."""
    return PAGE_KINDS[kind].path_for(item_id)


def _visible_kinds(edition: Edition, section: Section) -> list[PageKind]:
    return [kind for kind in section.pages if kind.when(edition)] if section.when(edition) else []


def _pages(edition: Edition) -> Iterator[Page]:
    """Every page of the edition, in navigation order."""
    for section in SECTIONS:
        for kind in _visible_kinds(edition, section):
            for item in kind.items(edition) if kind.items is not None else [None]:
                path = kind.path_for(kind.item_id(item) if item is not None else "")
                yield Page(path, kind.template, kind.context(edition, path, item), kind.links_terms)


def nav(edition: Edition) -> list[Any]:
    """The navigation, walked from SECTIONS."""
    sections: list[Any] = []
    for section in SECTIONS:
        kinds = _visible_kinds(edition, section)
        if len(kinds) == 1 and kinds[0].items is None:
            sections.append({section.title: kinds[0].path_for()})
        elif kinds:
            sections.append({section.title: [entry for kind in kinds for entry in _nav_entries(edition, kind)]})
    return sections


def _nav_entries(edition: Edition, kind: PageKind) -> list[Any]:
    if kind.items is None:
        return [{kind.nav_title: kind.path_for()} if kind.nav_title else kind.path_for()]
    entries: list[Any] = []
    for item in kind.items(edition):
        path = kind.path_for(kind.item_id(item))
        entries.append({kind.item_title(item): path} if kind.item_title is not None else path)
    return [{kind.nav_group: entries}] if kind.nav_group else entries


# Where a change note's item is shown: (page kind, whether the page is the item's own,
# i.e. page_path(kind, id), or a shared page with the item's id as anchor).
CHANGE_TARGETS: dict[str, tuple[str, bool]] = {
    "recommendation": ("recommendations", False),
    "case": ("case", True),
    "factor": ("factor", True),
    "role": ("role", True),
    "competency": ("competencies", False),
    "strategy": ("strategy", True),
    "phase": ("phase", True),
    "term": ("glossary", False),
    "source": ("sources", False),
}


def change_target(change: ChangeView) -> tuple[str, str]:
    """The docs/ page and anchor where a change's item is shown."""
    kind, own_page = CHANGE_TARGETS[change.change.kind]
    item_id = change.change.item_id
    return (page_path(kind, item_id), "") if own_page else (page_path(kind), item_id)


def change_link(from_page: str, change: ChangeView) -> str:
    """A Markdown link target from a docs/ page to a change's item."""
    page, anchor = change_target(change)
    return link(from_page, page, anchor)


def version_anchor(version: str) -> str:
    """The anchor of a version's section on the 'Wat is er nieuw' page: `versie-2026-2`."""
    return "versie-" + "".join(c if c.isalnum() else "-" for c in version)


def edition_url(edition: Edition) -> str:
    """The edition's absolute address ending in '/', or '' when the guide has no site_url."""
    base = (edition.guide.site_url or "").rstrip("/")
    if not base:
        return ""
    return f"{base}/" if edition.id == COMPLETE else f"{base}/{edition.id}/"


def feed_bytes(edition: Edition) -> bytes:
    """The edition's Atom feed of change notes (links to the built .html pages)."""

    def href(change: ChangeView) -> str:
        page, anchor = change_target(change)
        html = page.removesuffix(".md") + ".html"
        return f"{html}#{anchor}" if anchor else html

    changes_page = page_path("changes").removesuffix(".md") + ".html"
    return atom_feed(edition, edition_title(edition), edition_url(edition), changes_page, href)


# Pages whose words do not link to the glossary (`links_terms` in SECTIONS).
UNLINKED_PAGES = frozenset(kind.path for kind in PAGE_KINDS.values() if not kind.links_terms)


THROUGHOUT_SLUG = "doorlopend"
"""Page name of the recommendations without a phase (the complete edition's moment pages)."""


def moment_slug(views: list[RecommendationView]) -> str:
    """The page name of one moment group: its phase id, or THROUGHOUT_SLUG."""
    first = views[0]
    return first.phases[0].id if first.phases else THROUGHOUT_SLUG


def moment_groups(edition: Edition) -> list[tuple[str, str, list[RecommendationView]]]:
    """(slug, moment, recommendations) per moment, in phase order."""
    return [(moment_slug(views), moment, views) for moment, views in edition.checklist_groups]


def recommendation_pages(edition: Edition) -> dict[str, str]:
    """Where each recommendation is shown in full (docs/ path). A tailored edition shows them all
    on one page; the complete edition, with all audiences' recommendations, one page per moment,
    so no page grows too long to use (issue #13)."""
    if not edition.is_complete:
        return {view.item.id: page_path("recommendations") for view in edition.recommendations}
    return {
        view.item.id: page_path("moment-recommendations", slug)
        for slug, _, views in moment_groups(edition)
        for view in views
    }


def render_edition(edition: Edition, engine: str = "mkdocs") -> RenderedEdition:
    """All files of one edition's MkDocs project, configured for `engine`."""
    env = page_environment()
    files: dict[str, str] = {}
    matcher = build_matcher(edition.glossary, names=[source.short for source in edition.sources.values()])
    shared = {**_edition_context(edition), "rec_pages": recommendation_pages(edition)}
    for page in _pages(edition):
        template = env.get_template(page.template)
        context = {**shared, "page": page.path, **page.context}
        text = template.render(context)
        if page.links_terms:
            text = link_terms(text, matcher, partial(link, page.path, page_path("glossary")))
        files[f"docs/{page.path}"] = _tidy(text)
    files.update({path: text for path, text in _static_files().items() if path not in ENGINE_SKIPPED_FILES[engine]})
    files.update({target: (TEMPLATES_DIR / source).read_text(encoding="utf-8") for target, source in ENGINE_HOOKS[engine].items()})
    files["mkdocs.yml"] = edition_config_text(edition, engine)
    files[f"docs/{FEED_FILE}"] = feed_bytes(edition).decode("utf-8")
    return RenderedEdition(edition.id, files)


def _edition_context(edition: Edition) -> dict[str, Any]:
    return {"edition": edition, "guide": edition.guide, "audience_names": edition.audience_names}


def edition_title(edition: Edition) -> str:
    if edition.audience is None:
        return edition.guide.title
    return f"{edition.guide.title} voor {edition.audience.name.lower()}"


def site_prefix(edition: Edition) -> str:
    """Relative path from an edition's root to the site root."""
    return "" if edition.id == COMPLETE else "../"


# Per-engine differences, kept as data: options only one engine understands are added
# here for that engine alone, so the shared root mkdocs.yml stays valid for both.
# Everything else in mkdocs.yml both engines read alike (Zensical silently ignores
# `search.lang`, `search.pipeline` and the `validation.nav` / `absolute_links` /
# `unrecognized_links` keys).
ENGINE_THEME_OPTIONS: dict[str, dict[str, Any]] = {
    "mkdocs": {},
    # Zensical's default look is its new 'modern' variant; 'classic' is the Material
    # design that guide.css, the palette and the contrast checks were made for.
    "zensical": {"variant": "classic"},
}
# MkDocs hooks (edition path → file in templates/): Zensical does not run Python hooks.
ENGINE_HOOKS: dict[str, dict[str, str]] = {
    "mkdocs": {
        "hooks/bytecode_cache.py": "hooks/bytecode_cache.py",
        "hooks/escaped_config.py": "hooks/escaped_config.py",
    },
    "zensical": {},
}
# Theme files (edition paths) left out of an engine's project because it never loads them:
# the Dutch stemmer with our search patch is for Material's lunr search worker only;
# Zensical has its own search.
ENGINE_SKIPPED_FILES: dict[str, frozenset[str]] = {
    "mkdocs": frozenset(),
    "zensical": frozenset({"overrides/assets/javascripts/lunr/min/lunr.nl.min.js"}),
}


# libyaml where PyYAML has it: the same safe subset and the same text, in a tenth of the time
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_YAML_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def edition_config(edition: Edition, engine: str = "mkdocs") -> dict[str, Any]:
    """The edition's mkdocs.yml: the root config plus name, nav, edition data and
    the options of `engine` (mkdocs or zensical; see ENGINE_THEME_OPTIONS)."""
    if engine not in ENGINE_THEME_OPTIONS:
        raise Refusal(f"onbekende engine '{engine}'; verwacht: {' of '.join(ENGINE_THEME_OPTIONS)}")
    config: dict[str, Any] = yaml.load(ROOT_CONFIG.read_text(encoding="utf-8"), Loader=_YAML_LOADER)
    config["theme"] = {**config.get("theme", {}), **ENGINE_THEME_OPTIONS[engine]}
    if ENGINE_HOOKS[engine]:
        config["hooks"] = [*config.get("hooks", []), *ENGINE_HOOKS[engine]]
    config.update(
        {
            # the theme templates print these without escaping, in text and in attributes:
            # they are written as HTML (as MkDocs' own page titles are); hooks/escaped_config.py
            # marks them as such, so that the few places that do escape do not escape twice
            "site_name": theme_text(edition_title(edition)),
            "site_description": theme_text(edition.guide.subtitle),
            "docs_dir": "docs",
            "nav": _escaped_nav(nav(edition)),
        }
    )
    if edition.guide.site_url:
        # without an address: no canonical links, and a sitemap without entries
        base_url = edition.guide.site_url.rstrip("/") + "/"
        config["site_url"] = base_url if edition.id == COMPLETE else f"{base_url}{edition.id}/"
    if edition.zelfscan is not None:
        config["extra_css"] = [*config.get("extra_css", []), "assets/zelfscan.css"]
        config["extra_javascript"] = [*config.get("extra_javascript", []), "assets/zelfscan.js", "assets/teamscan.js"]
    kaarten = set(edition.kernen)  # the audiences with a kern have a kaart
    config["extra"] = {
        **config.get("extra", {}),
        "edition": edition.id,
        "audience_name": edition.audience.name if edition.audience else "",
        "site_prefix": site_prefix(edition),
        "checklists": [_print_files(a, kaarten) for a in edition.own_audiences],
        "print_anchor": PRINT_ANCHOR,
        "content_version": edition.guide.version,
        "changes_page": page_path("changes").removesuffix(".md") + ".html",
        "feed": FEED_FILE,
        "feed_title": feed_title(edition_title(edition)),
        "content_date": edition.guide.content_date.isoformat(),
    }
    return config


PRINT_ANCHOR = "printen"
"""The section of the complete guide's home that lists every kaart and checklist."""


def _print_files(audience: model.Audience, kaarten: set[str]) -> dict[str, str]:
    """An audience's checklist and (when it has a kern) kaart, as site paths."""
    files = {"name": audience.name.lower(), "pdf": f"checklists/{audience.id}.pdf", "html": f"checklists/{audience.id}.html"}
    if audience.id in kaarten:
        files.update({"kaart_pdf": f"kaarten/{audience.id}.pdf", "kaart_html": f"kaarten/{audience.id}.html"})
    return files


def theme_text(text: str) -> str:
    """Plain text as HTML that is safe in theme text and in quoted attributes."""
    return html.escape(text, quote=True)


def _escaped_nav(items: list[Any]) -> list[Any]:
    """The navigation with its titles as HTML (MkDocs prints nav titles as they are)."""
    escaped: list[Any] = []
    for item in items:
        if isinstance(item, dict):
            escaped.append({theme_text(title): _escaped_nav(value) if isinstance(value, list) else value for title, value in item.items()})
        else:
            escaped.append(item)
    return escaped


def edition_config_text(edition: Edition, engine: str = "mkdocs") -> str:
    header = "# Generated by `handbook render` from the root mkdocs.yml: do not edit.\n"
    return header + yaml.dump(edition_config(edition, engine), Dumper=_YAML_DUMPER, allow_unicode=True, sort_keys=False, width=100)


def _static_files() -> dict[str, str]:
    files = {}
    for folder, target in (("overrides", "overrides"), ("assets", "docs/assets")):
        base = TEMPLATES_DIR / folder
        for path in sorted(base.rglob("*")):
            if path.is_file():
                files[f"{target}/{path.relative_to(base).as_posix()}"] = path.read_text(encoding="utf-8")
    return files


def _tidy(text: str) -> str:
    """Collapse runs of blank lines left by template logic; end with one newline."""
    lines: list[str] = []
    for line in text.splitlines():
        line = line.rstrip()
        if not line and lines and not lines[-1]:
            continue
        lines.append(line)
    return "\n".join(lines).strip() + "\n"


# -- template helpers ---------------------------------------------------------------


@lru_cache(maxsize=1 << 16)  # thousands of cross-links per edition
def link(from_page: str, to_page: str, anchor: str = "") -> str:
    """A relative Markdown link target from one docs/ page to another."""
    target = relative_path(to_page, posixpath.dirname(from_page))
    return f"{target}#{anchor}" if anchor else target


def relative_path(target: str, start: str) -> str:
    """`posixpath.relpath(target, start)` for paths inside docs/ (relative, without '..'),
    by their parts alone: relpath asks the file system for the working folder every time."""
    to_parts = [part for part in target.split("/") if part not in ("", ".")]
    from_parts = [part for part in start.split("/") if part not in ("", ".")]
    common = 0
    while common < min(len(to_parts), len(from_parts)) and to_parts[common] == from_parts[common]:
        common += 1
    return "/".join([".."] * (len(from_parts) - common) + to_parts[common:]) or "."


def site_link(edition: Edition, from_page: str, site_path: str) -> str:
    """An href from a docs/ page to a file elsewhere in the built site (another edition,
    a checklist); plain HTML links, because MkDocs cannot see outside the edition."""
    html_page = from_page.rsplit(".", 1)[0] + ".html"
    return posixpath.relpath(site_prefix(edition) + site_path, posixpath.dirname(html_page) or ".")


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“(])")


def first_sentence(text: str) -> str:
    """The first sentence of a Markdown paragraph (the gist of a recommendation without one)."""
    paragraph = text.strip().split("\n\n", 1)[0].replace("\n", " ")
    return _SENTENCE_END.split(paragraph, 1)[0]


def cite(citations: list[Any], sources: dict[str, model.Source]) -> str:
    """'*Bruggenbouwers*, §8.3, p. 140; *Den Haag*, §6' for a list of citations."""
    parts = []
    for citation in citations:
        source = sources.get(citation.source)
        name = source.short if source else citation.source
        parts.append(f"*{name}*, {citation.location}")
    return "; ".join(parts)


@lru_cache(maxsize=1)
def page_environment() -> Environment:
    """The Jinja2 environment of the page templates (one per process)."""
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES_DIR)),
        undefined=StrictUndefined,
        autoescape=False,  # output is Markdown; content is checked to hold no raw HTML
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(
        page_path=page_path,
        link=link,
        cite=cite,
        first_sentence=first_sentence,
        evidence_label=EVIDENCE_LABELS,
        evidence_short=EVIDENCE_SHORT,
        valence_labels=VALENCE_LABELS,
        site_prefix=site_prefix,
        site_link=site_link,
        print_anchor=PRINT_ANCHOR,
        change_link=change_link,
        change_labels=CHANGE_LABELS,
        version_anchor=version_anchor,
        date_in_words=dates.in_words,
    )
    env.filters["script_json"] = script_json
    return env

"""The library's front door: check, render and build, each a list of pipeline phases.

load → validate → select → render → build; the CLI calls these and prints.
"""

from __future__ import annotations

import contextlib
import gc
import json
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import FileSystemBytecodeCache

from generator import dates
from generator.build import build_all
from generator.cache import BuildCache
from generator.checklists import (
    pdf_name,
    print_environment,
    render_checklist_files,
    render_checklist_pages,
    require_audience,
)
from generator.editions import Edition, audience_ids, select_editions
from generator.kaarten import render_kaart_pages
from generator.load import Loaded, load_content
from generator.model import Knowledge
from generator.output import (
    MARKER,
    marker_text,
    refuse_foreign_out,
    refuse_unsafe_out,
    sync_tree,
    write_changed,
)
from generator.problems import ContentError, Problem, Refusal, errors_in
from generator.render import RenderedEdition, page_environment, render_edition
from generator.tasks import Runner, TaskResult, start_build_runner
from generator.validate import validate


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Loading and rendering build a large tree of objects with few reference cycles; the
    cyclic garbage collector walking that growing tree again and again cost a third of
    load+validate+render at 10x the content. Memory without cycles is still freed at once."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def check_content(content_dir: Path) -> list[Problem]:
    """Load and validate; return every problem (errors and warnings)."""
    with gc_paused():
        loaded = load_content(content_dir)
        return [*loaded.problems, *validate(loaded)]


def load_valid(content_dir: Path) -> tuple[Loaded, list[Problem]]:
    """Load and validate; raise ContentError on any error, else return warnings."""
    with gc_paused():
        loaded = load_content(content_dir)
        problems = [*loaded.problems, *validate(loaded)]
    if errors_in(problems) or not loaded.complete:
        raise ContentError(problems)
    return loaded, problems


@dataclass(frozen=True)
class BuildReport:
    editions: list[str]
    out_dir: Path
    warnings: list[Problem]
    seconds: float
    phases: dict[str, float] = field(default_factory=dict)
    """Wall seconds per pipeline phase, in order (for the benchmark and --verbose use)."""
    task_timings: list[TaskResult] = field(default_factory=list)
    """Each edition's engine run and each PDF render: wall seconds, or taken from the cache."""

    @property
    def summary(self) -> str:
        return (
            f"Gids gebouwd in '{self.out_dir}': {len(self.editions)} edities "
            f"({', '.join(self.editions)}) in {self.seconds:.1f} s."
        )


def render_all(editions: list[Edition], engine: str = "mkdocs") -> list[RenderedEdition]:
    """Render every selected edition for `engine`, in memory."""
    with gc_paused():
        return [render_edition(edition, engine) for edition in editions]


def render_sources(content_dir: Path, out_dir: Path, engine: str = "mkdocs") -> int:
    """`handbook render`: write DIR/<edition>/mkdocs.yml + docs/ (only changed files)."""
    loaded, _ = load_valid(content_dir)
    assert loaded.knowledge is not None
    refuse_unsafe_out(out_dir, protected_folders(content_dir))
    refuse_foreign_out(out_dir)
    written = 0
    for edition in render_all(select_editions(loaded.knowledge), engine):
        written += sync_tree(out_dir / edition.edition_id, edition.files)
    written += len(write_changed(out_dir, {MARKER: marker_text("render")}))
    return written


def build_guide(
    content_dir: Path,
    out_dir: Path,
    engine: str = "mkdocs",
    jobs: int | None = None,
    cache: BuildCache | None = None,
    site_url: str | None = None,
    runner: Runner | None = None,
) -> BuildReport:
    """`handbook build`: the complete guide, the audience editions and the data files.
    `cache`: where finished task outputs are kept and reused (None: build everything).
    `site_url`: the address of this deployment (`--site-url`), instead of the guide's own.
    `runner`: started by the caller (`start_build_runner`), who closes it; else one is
    started here and closed at the end."""
    started = time.perf_counter()
    phases: dict[str, float] = {}
    mark = started

    def phase_done(name: str) -> None:
        nonlocal mark
        now = time.perf_counter()
        phases[name] = now - mark
        mark = now

    refuse_unsafe_out(out_dir, protected_folders(content_dir))
    refuse_foreign_out(out_dir)
    if cache is not None:
        refuse_cache_in_out(cache.root, out_dir)
    with contextlib.ExitStack() as stack:
        # 0. the runner starts first: its worker imports MkDocs and WeasyPrint while we load and render
        if runner is None:
            runner = start_build_runner(engine, jobs, cache.task_environ if cache is not None else None)
            stack.callback(runner.close)
        if cache is not None:
            stack.enter_context(compiled_templates_kept_in(cache.templates))
        # 1. load and validate: nothing is written when the content has errors
        loaded, problems = load_valid(content_dir)
        knowledge = loaded.knowledge
        assert knowledge is not None
        if site_url:
            knowledge = with_site_url(knowledge, site_url)
        phase_done("load+validate")
        # 2. select every edition once and render it in memory
        with gc_paused():
            editions = select_editions(knowledge)
        rendered = render_all(editions, engine)
        phase_done("render")
        # 3. the data files beside the editions; each checklist page (from the same editions)
        # and each kaart is also rendered as PDF
        with gc_paused():
            checklist_pages = render_checklist_pages(editions)
            kaart_pages = render_kaart_pages(editions)
            data_files = knowledge_files(knowledge)
        pages = {**checklist_pages, **kaart_pages}
        phase_done("checklist pages")
        # 4. build all editions and PDFs (or take them from the cache) and swap the site in
        timings = build_all(
            rendered,
            {**data_files, **pages},
            out_dir,
            engine=engine,
            jobs=jobs,
            source_date_epoch=source_date_epoch(knowledge),
            pdf_pages={pdf_name(name): page for name, page in pages.items()},
            runner=runner,
            cache=cache,
        )
    phase_done("sites+PDFs")
    warnings = [p for p in problems if p.severity == "warning"]
    return BuildReport([e.edition_id for e in rendered], out_dir, warnings, time.perf_counter() - started, phases, timings)


@contextlib.contextmanager
def compiled_templates_kept_in(folder: Path) -> Iterator[None]:
    """While the block runs, our page and print templates are kept compiled in `folder`
    (the build cache's): the next build loads them instead of compiling them again, a
    fifth of the time it takes to render the editions. Jinja2 checks each file's magic
    and source checksum and compiles again on a mismatch. Without a usable folder the
    templates are compiled as usual."""
    environments = (page_environment(), print_environment())
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        yield
        return
    bytecode = FileSystemBytecodeCache(str(folder))
    for environment in environments:
        environment.bytecode_cache = bytecode
    try:
        yield
    finally:
        for environment in environments:
            environment.bytecode_cache = None


def with_site_url(knowledge: Knowledge, site_url: str) -> Knowledge:
    """The knowledge with the guide's address set for one deployment."""
    guide = knowledge.guide.model_copy(update={"site_url": site_url})
    return knowledge.model_copy(update={"guide": guide})


def refuse_cache_in_out(cache_dir: Path, out_dir: Path) -> None:
    """The build cache must outlive the output it feeds: never inside `--out`."""
    cache, out = cache_dir.resolve(), out_dir.resolve()
    if cache == out or out in cache.parents:
        raise Refusal(f"de bouwcache '{cache_dir}' ligt in --out '{out_dir}'; kies met HANDBOOK_CACHE een map buiten de site")


def knowledge_files(knowledge: Knowledge) -> dict[str, str | bytes]:
    """kennisbank.json (the whole knowledge base) and its JSON Schema."""
    data = knowledge.model_dump(mode="json")
    schema = Knowledge.model_json_schema()
    return {
        "kennisbank.json": json.dumps(data, ensure_ascii=False, indent=2) + "\n",
        "kennisbank.schema.json": json.dumps(schema, ensure_ascii=False, indent=2) + "\n",
    }


@dataclass(frozen=True)
class ChecklistReport:
    audiences: list[str]
    written: list[Path]
    seconds: float

    @property
    def summary(self) -> str:
        return (
            f"{len(self.written)} bestanden geschreven ({', '.join(self.audiences)}) "
            f"in {self.seconds:.1f} s."
        )


def make_checklists(
    content_dir: Path, out_dir: Path, audience_id: str | None = None, forms: bool = False
) -> ChecklistReport:
    """`handbook checklists`: DIR/<audience>.pdf and .html, without building the site."""
    started = time.perf_counter()
    # 1. load and validate; an unknown audience is refused before anything is rendered
    loaded, _ = load_valid(content_dir)
    knowledge = loaded.knowledge
    assert knowledge is not None
    audiences = [require_audience(knowledge, audience_id)] if audience_id else audience_ids(knowledge)
    refuse_unsafe_out(out_dir, protected_folders(content_dir))
    refuse_foreign_out(out_dir, accept=[out_dir.parent])  # a build's checklists/ folder is ours too
    # 2. render in memory, then replace only these files (other files in DIR stay)
    files = {name.removeprefix("checklists/"): data for name, data in render_checklist_files(select_editions(knowledge, audiences), forms=forms).items()}
    if not (out_dir.parent / MARKER).is_file():
        files[MARKER] = marker_text("checklists")
    write_changed(out_dir, files)
    written = [out_dir / name for name in sorted(files) if name != MARKER]
    return ChecklistReport(audiences, written, time.perf_counter() - started)


def source_date_epoch(knowledge: Knowledge) -> int:
    """The build date: SOURCE_DATE_EPOCH when set, else the content date (never the clock)."""
    return dates.source_date_epoch(knowledge.guide)


def protected_folders(content_dir: Path) -> dict[str, Path]:
    """Folders `--out` must never replace: the content and the project around it."""
    content = content_dir.resolve()
    folders = {"de inhoudsmap": content}
    project = content.parent
    if (project / "pyproject.toml").exists() or (project / ".git").exists():
        folders["de projectmap"] = project
    folders["de werkmap"] = Path.cwd()
    return folders

"""Build: rendered sources → HTML sites (MkDocs or Zensical) and PDFs → one site folder, swapped in.

`build_all` is four steps: plan a `Task` per edition and per PDF (`generator.tasks`), each
keyed by its sources in memory (one MkDocs project per edition, one HTML page per PDF); run
them (outputs already in the build cache are copied, not built; only the sources of the tasks
that run are written, into a staging folder beside `--out`); assemble the site; swap it in
(two renames). A failure anywhere leaves the previous site exactly as it was.
"""

from __future__ import annotations

import shutil
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from generator.editions import COMPLETE
from generator.output import MARKER, marker_text, staging_folder, swap_in
from generator.problems import BuildError
from generator.render import RenderedEdition
from generator.tasks import (
    NOT_STARTED,
    OutputCache,
    Runner,
    Task,
    TaskResult,
    failure_message,
    inputs_digest,
    run_tasks,
    task_kinds,
)

PDF_COST_PER_BYTE = 12
"""For ordering the tasks only (largest first): rendering a byte of checklist HTML into
PDF costs about twelve times building a byte of edition Markdown into a site (measured
on the bundled guide: 47 kB of HTML take 0.5 s, 1.1 MB of Markdown 1.0 s)."""


def write_tree(root: Path, files: Mapping[str, str | bytes]) -> int:
    """Write files (relative POSIX path → text or bytes) under root; refuse duplicates."""
    for relative, content in sorted(files.items()):
        path = root / relative
        if path.exists():
            raise BuildError(f"'{relative}' zou twee keer geschreven worden")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(_bytes(content))
    return len(files)


def build_all(
    rendered: list[RenderedEdition],
    extra_files: Mapping[str, str | bytes],
    out_dir: Path,
    engine: str = "mkdocs",
    jobs: int | None = None,
    source_date_epoch: int = 0,
    pdf_pages: Mapping[str, str] | None = None,
    runner: Runner | None = None,
    cache: OutputCache | None = None,
) -> list[TaskResult]:
    """Build every edition and PDF, add the extra files, and swap the site in.

    `pdf_pages` maps a PDF's path in the site (`checklists/x.pdf`, `kaarten/x.pdf`) to the
    self-contained HTML page it is rendered from. `runner`: started earlier
    (`start_build_runner`); without, one starts when needed. Returns a result per task.
    """
    out_dir = out_dir.absolute()
    with staging_folder(out_dir) as staging:
        plan = {planned.task.name: planned for planned in plan_tasks(rendered, pdf_pages or {}, staging, engine, source_date_epoch)}
        tasks = [planned.task for planned in plan.values()]
        results = run_tasks(tasks, jobs, runner, cache, stage=lambda task: plan[task.name].write())
        failures = [failure_message(t, r) for t, r in zip(tasks, results, strict=True) if r.error not in (None, NOT_STARTED)]
        if failures:
            raise BuildError(failures[0])
        site = assemble(tasks, extra_files, staging)
        swap_in(site, out_dir, staging)
    return results


@dataclass(frozen=True)
class PlannedTask:
    """A task with its sources in memory: they are written (`write`) only when it runs, so a
    task whose output is in the cache reads nothing and nothing is written for it."""

    task: Task
    root: Path
    """The folder its sources go into (an edition's source folder; a PDF page's folder)."""
    files: Mapping[str, str | bytes]
    """Relative POSIX path → text or bytes."""

    def write(self) -> None:
        write_tree(self.root, self.files)


def plan_tasks(
    rendered: list[RenderedEdition], pdf_pages: Mapping[str, str], staging: Path, engine: str, source_date_epoch: int
) -> list[PlannedTask]:
    """One task per edition and per PDF, each keyed by the digest of its sources in memory."""
    env = (("SOURCE_DATE_EPOCH", str(source_date_epoch)),)
    plan: list[PlannedTask] = []
    for edition in rendered:
        source = staging / "src" / edition.edition_id
        markdown = sum(len(text.encode("utf-8")) for name, text in edition.files.items() if name.endswith(".md"))
        output = staging / "site" if edition.edition_id == COMPLETE else staging / "parts" / edition.edition_id
        task = Task(task_kinds(engine)[0], edition.edition_id, (str(source),), str(output), markdown, env, _digest(edition.files))
        plan.append(PlannedTask(task, source, edition.files))
    for name, page in sorted(pdf_pages.items()):
        source = staging / "pdf-src" / (name.removesuffix(".pdf") + ".html")  # the input is this file
        output = staging / "pdf" / name
        output.parent.mkdir(parents=True, exist_ok=True)
        files = {source.name: page}
        cost = len(page.encode("utf-8")) * PDF_COST_PER_BYTE
        plan.append(PlannedTask(Task("pdf", name, (str(source),), str(output), cost, env, _digest(files)), source.parent, files))
    (staging / "parts").mkdir(parents=True, exist_ok=True)
    return plan


def _digest(files: Mapping[str, str | bytes]) -> str:
    """`inputs_digest` of one input held in memory: what `BuildCache.key` reads from disk."""
    return inputs_digest([[(name, _bytes(files[name])) for name in sorted(files)]])


def _bytes(content: str | bytes) -> bytes:
    return content.encode("utf-8") if isinstance(content, str) else content


def assemble(tasks: list[Task], extra_files: Mapping[str, str | bytes], staging: Path) -> Path:
    """The complete guide at the root, each audience edition in its folder, the PDFs and the
    extra files where their names say, and the marker that makes the folder ours."""
    site = staging / "site"
    for task in tasks:
        if task.kind == "pdf" or task.name != COMPLETE:
            target = site / task.name
        else:
            continue
        if target.exists():
            raise BuildError(f"'{task.name}' zou twee keer geschreven worden")
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(task.output, target)
    write_tree(site, {**extra_files, MARKER: marker_text("build")})
    return site

"""Build: rendered sources → HTML sites (MkDocs or Zensical) → one site folder, swapped in atomically.

Everything is written into a staging folder beside `--out`; only when every edition
built does the staging site replace the old one (two renames). A failure leaves
the previous site exactly as it was.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Self

from generator.editions import COMPLETE
from generator.problems import BuildError, Refusal
from generator.render import RenderedEdition

Engine = str  # "mkdocs" | "zensical"


@dataclass(frozen=True)
class TaskTiming:
    name: str
    """An edition id, or a checklist PDF's path in the site (`checklists/x.pdf`)."""
    seconds: float
    """Wall time of the engine run or PDF render (tasks overlap when run in parallel)."""


def refuse_unsafe_out(out_dir: Path, protected: Mapping[str, Path]) -> None:
    """Refuse an output folder that would replace something precious.

    `protected` maps a description ('de inhoudsmap') to a folder; the out folder may
    not be one of them or a parent of one, nor the home folder or the file-system root.
    """
    out = out_dir.resolve()
    if out == Path(out.anchor):
        raise Refusal(f"--out '{out_dir}' is de hoofdmap van het bestandssysteem; kies een eigen map zoals 'site'")
    if out == Path.home().resolve():
        raise Refusal(f"--out '{out_dir}' is je thuismap; kies een eigen map zoals 'site'")
    for label, folder in protected.items():
        folder = folder.resolve()
        if out == folder or out in folder.parents:
            raise Refusal(f"--out '{out_dir}' zou {label} ('{folder}') overschrijven; kies een eigen map zoals 'site'")


def write_tree(root: Path, files: Mapping[str, str | bytes]) -> int:
    """Write files (relative POSIX path → text or bytes) under root; refuse duplicates."""
    written = 0
    for relative, content in sorted(files.items()):
        path = root / relative
        if path.exists():
            raise BuildError(f"'{relative}' zou twee keer geschreven worden")
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8", newline="\n")
        written += 1
    return written


def sync_tree(root: Path, files: Mapping[str, str | bytes]) -> int:
    """Make root hold exactly `files`, rewriting only files whose bytes changed.

    Unchanged files keep their modification time, so watchers and engines skip them.
    Returns how many files were (re)written.
    """
    wanted = {relative: content.encode("utf-8") if isinstance(content, str) else content for relative, content in files.items()}
    changed = 0
    for relative, data in sorted(wanted.items()):
        path = root / relative
        if path.is_file() and path.read_bytes() == data:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        changed += 1
    if root.exists():
        for path in sorted(root.rglob("*"), reverse=True):
            relative = path.relative_to(root).as_posix()
            if path.is_file() and relative not in wanted:
                path.unlink()
                changed += 1
            elif path.is_dir() and not any(path.iterdir()):
                path.rmdir()
    return changed


ENGINES = ("mkdocs", "zensical")
ZENSICAL_SITE_DIR = "site"
"""Zensical has no `-d` option and refuses a site_dir outside the project: it writes
to the config's default `site/` beside mkdocs.yml, and we move that folder out."""
_ANSI_ESCAPE = re.compile(r"\x1b\[[0-9;]*m")


def engine_command(engine: Engine, config: Path, site_dir: Path) -> list[str]:
    """The command that builds `config` into `site_dir` (Zensical: into ZENSICAL_SITE_DIR)."""
    if engine == "mkdocs":
        return [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(site_dir)]
    if engine == "zensical":
        # --strict fails the build on broken links and anchors, like MkDocs' validation: warn
        return [sys.executable, "-m", "zensical", "build", "--strict", "-f", str(config)]
    raise Refusal(f"onbekende engine '{engine}'; verwacht: {' of '.join(ENGINES)}")


def build_edition_site(source_dir: Path, site_dir: Path, engine: Engine, env: Mapping[str, str]) -> None:
    """Run the site engine on one rendered edition; raise BuildError with its output on failure."""
    command = engine_command(engine, source_dir / "mkdocs.yml", site_dir)
    result = subprocess.run(command, cwd=source_dir, env=dict(env), capture_output=True, text=True, check=False)
    if result.returncode != 0:
        output = engine_output(result.stdout + result.stderr)
        raise BuildError(f"editie '{source_dir.name}' kon niet gebouwd worden met {engine}:\n{output}")
    if engine == "zensical":
        _move_zensical_output(source_dir, site_dir)


def engine_output(output: str) -> str:
    """An engine's messages for the user: without colour codes (Zensical ignores NO_COLOR)
    and without the Python traceback Zensical adds after its report, but with the error
    that ends it (which may be the only message, e.g. Zensical's search index limit)."""
    text = _ANSI_ESCAPE.sub("", output)
    marker = "Traceback (most recent call last):"
    if marker in text:
        before, traceback = text.split(marker, 1)
        error = [line for line in traceback.splitlines() if line.strip() and not line.startswith(" ")]
        text = before + (error[-1] if error else "")
    return text.strip()


def _move_zensical_output(source_dir: Path, site_dir: Path) -> None:
    built = source_dir / ZENSICAL_SITE_DIR
    if not built.is_dir():
        raise BuildError(f"zensical schreef geen site voor editie '{source_dir.name}'")
    shutil.move(str(built), str(site_dir))
    # Zensical keeps a build cache beside the config; it is not part of the sources
    shutil.rmtree(source_dir / ".cache", ignore_errors=True)


PDF_COST_PER_BYTE = 12
"""For ordering the tasks only (largest first): rendering a byte of checklist HTML into
PDF costs about twelve times building a byte of edition Markdown into a site (measured
on the bundled guide: 47 kB of HTML take 0.5 s, 1.1 MB of Markdown 1.0 s)."""


class BuildWorkers:
    """The worker processes of one build (`generator/build_worker.py`).

    Started before the content is loaded, so they import MkDocs, Material and WeasyPrint
    while this process loads and renders. Where the system can fork, one worker forks a
    child per task, `jobs` at a time; elsewhere `jobs` workers each run a share of the tasks.
    """

    def __init__(self, jobs: int, kinds: tuple[str, ...] = ("mkdocs", "pdf")) -> None:
        forks = hasattr(os, "fork")
        env = {
            **os.environ,
            "PYTHONHASHSEED": "0",  # the same set and dict order in every build
            "NO_MKDOCS_2_WARNING": "1",  # Material's end-of-life banner is not a build problem
        }
        command = [
            sys.executable, "-m", "generator.build_worker", "--jobs", str(jobs if forks else 1), "--warm", ",".join(kinds),
        ]
        self._pool: ThreadPoolExecutor | None = None
        self._futures: list[Future[dict[str, float]]] = []
        self._names: list[str] = []
        self.processes = [
            subprocess.Popen(command, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for _ in range(1 if forks else jobs)
        ]

    def start(self, tasks: list[WorkerTask], environ: Mapping[str, str]) -> None:
        """Hand the tasks to the workers; they run while this process goes on."""
        shares = _balanced_shares(tasks, len(self.processes))
        self._names = [task.name for task in tasks]
        self._pool = ThreadPoolExecutor(max_workers=len(shares))  # threads that only wait on pipes
        self._futures = [
            self._pool.submit(_run_worker, process, share, environ) for process, share in zip(self.processes, shares, strict=True)
        ]

    def wait(self) -> list[TaskTiming]:
        """Wait until every task is done; raise BuildError for the first that failed."""
        seconds = {name: t for future in self._futures for name, t in future.result().items()}
        return [TaskTiming(name, seconds[name]) for name in self._names]

    def close(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.kill()
        if self._pool is not None:
            self._pool.shutdown(wait=True)  # the killed workers end the threads' waits
        for process in self.processes:
            if process.returncode is None:
                process.communicate()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


@dataclass(frozen=True)
class WorkerTask:
    kind: str
    """`mkdocs` (an edition) or `pdf` (a checklist)."""
    name: str
    paths: dict[str, str]
    """mkdocs: config, site_dir; pdf: html, pdf."""
    cost: int
    """Estimated effort, for ordering only (see PDF_COST_PER_BYTE)."""

    def as_job(self) -> dict[str, str]:
        return {"kind": self.kind, "id": self.name, **self.paths}


@contextlib.contextmanager
def build_workers(engine: Engine, jobs: int | None = None) -> Iterator[BuildWorkers]:
    """Start a build's workers now, to be handed to `build_all` later. With Zensical the
    editions are Zensical's own processes and the worker renders only the PDFs."""
    if engine == "mkdocs":
        with BuildWorkers(_job_count(jobs)) as workers:
            yield workers
    else:
        with BuildWorkers(1, kinds=("pdf",)) as workers:
            yield workers


def _job_count(jobs: int | None, tasks: int | None = None) -> int:
    """How many tasks at once: `--jobs`, else one per core; never more than there are tasks."""
    count = jobs or os.cpu_count() or 1
    return max(1, min(count, tasks) if tasks else count)


def build_all(
    rendered: list[RenderedEdition],
    extra_files: Mapping[str, str | bytes],
    out_dir: Path,
    engine: Engine = "mkdocs",
    jobs: int | None = None,
    source_date_epoch: int = 0,
    pdf_pages: Mapping[str, str] | None = None,
    workers: BuildWorkers | None = None,
) -> list[TaskTiming]:
    """Build every edition, render the PDFs and add the extra files, in a staging folder;
    then swap it in.

    `pdf_pages` maps a PDF's path in the site (`checklists/x.pdf`) to the HTML page it is
    rendered from. `workers`: started earlier (`build_workers`); without, they start now.
    Returns how long each edition's engine run and each PDF took, largest first.
    """
    out_dir = out_dir.absolute()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}-build-", dir=out_dir.parent))
    pdf_pages = pdf_pages or {}
    try:
        # 1. sources: one MkDocs project per edition, one HTML page per PDF
        for edition in rendered:
            write_tree(staging / "src" / edition.edition_id, edition.files)
        write_tree(staging / "pdf-src", {_pdf_source(name): page for name, page in pdf_pages.items()})
        parts = staging / "parts"
        parts.mkdir()
        environ = {
            "SOURCE_DATE_EPOCH": str(source_date_epoch),
            "HANDBOOK_JINJA_CACHE": str(staging / "jinja-cache"),  # see templates/hooks/bytecode_cache.py
        }
        # 2. the heavy tasks, largest first: the worker(s) run them in parallel
        tasks = _pdf_tasks(pdf_pages, staging)
        if engine == "mkdocs":
            tasks += _edition_tasks(rendered, staging, parts)
        tasks.sort(key=lambda task: (-task.cost, task.name))
        with contextlib.ExitStack() as stack:
            if workers is None:
                workers = stack.enter_context(build_workers(engine, jobs))
            workers.start(tasks, environ)
            timings = _build_with_engine(rendered, staging, parts, engine, jobs, environ) if engine != "mkdocs" else []
            timings = sorted([*workers.wait(), *timings], key=lambda timing: -timing.seconds)
        # 3. assemble: the complete guide at the root, each audience edition in its folder
        site = staging / "site"
        shutil.move(str(parts / COMPLETE), str(site))
        for edition in rendered:
            if edition.edition_id != COMPLETE:
                shutil.move(str(parts / edition.edition_id), str(site / edition.edition_id))
        pdfs = {name: (staging / "pdf" / name).read_bytes() for name in pdf_pages}
        write_tree(site, {**extra_files, **pdfs})
        # 4. swap: the old site is replaced only now that everything succeeded
        _swap_in(site, out_dir, staging)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return timings


def _pdf_source(name: str) -> str:
    return name.removesuffix(".pdf") + ".html"


def _pdf_tasks(pdf_pages: Mapping[str, str], staging: Path) -> list[WorkerTask]:
    (staging / "pdf").mkdir()
    tasks = []
    for name, page in pdf_pages.items():
        (staging / "pdf" / name).parent.mkdir(parents=True, exist_ok=True)
        paths = {"html": str(staging / "pdf-src" / _pdf_source(name)), "pdf": str(staging / "pdf" / name)}
        tasks.append(WorkerTask("pdf", name, paths, len(page.encode("utf-8")) * PDF_COST_PER_BYTE))
    return tasks


def _edition_tasks(rendered: list[RenderedEdition], staging: Path, parts: Path) -> list[WorkerTask]:
    return [
        WorkerTask(
            "mkdocs",
            edition.edition_id,
            {"config": str(staging / "src" / edition.edition_id / "mkdocs.yml"), "site_dir": str(parts / edition.edition_id)},
            sum(len(text.encode("utf-8")) for name, text in edition.files.items() if name.endswith(".md")),
        )
        for edition in rendered
    ]


def _build_with_engine(
    rendered: list[RenderedEdition], staging: Path, parts: Path, engine: Engine, jobs: int | None, environ: Mapping[str, str]
) -> list[TaskTiming]:
    """Engines without a worker (Zensical): one engine process per edition, `jobs` at a time."""
    env = {**os.environ, **environ, "PYTHONHASHSEED": "0", "NO_MKDOCS_2_WARNING": "1"}
    with ThreadPoolExecutor(max_workers=_job_count(jobs, len(rendered))) as pool:
        futures = [
            pool.submit(_timed_build, staging / "src" / e.edition_id, parts / e.edition_id, engine, env) for e in rendered
        ]
        return [future.result() for future in futures]


def _balanced_shares(tasks: list[WorkerTask], workers: int) -> list[list[WorkerTask]]:
    """Tasks split over the workers (one share each, maybe empty), largest first onto the
    least loaded; with one worker, all tasks in their order."""
    shares: list[tuple[int, int, list[WorkerTask]]] = [(0, index, []) for index in range(workers)]
    for task in tasks:
        load, index, share = min(shares, key=lambda entry: (entry[0], entry[1]))
        shares[index] = (load + task.cost, index, [*share, task])
    return [share for _, _, share in shares]


def _run_worker(process: subprocess.Popen[str], share: list[WorkerTask], environ: Mapping[str, str]) -> dict[str, float]:
    job = {"environ": dict(environ), "tasks": [task.as_job() for task in share]}
    stdout, stderr = process.communicate(json.dumps(job) + "\n")
    if process.returncode != 0:
        failed = next((line.removeprefix("FAILED ") for line in stderr.splitlines() if line.startswith("FAILED ")), None)
        output = engine_output("\n".join(line for line in stderr.splitlines() if not line.startswith("FAILED ")))
        if failed and failed.endswith(".pdf"):
            raise BuildError(f"checklist '{failed}' kon niet gemaakt worden:\n{output}")
        edition = failed or ", ".join(task.name for task in share)
        raise BuildError(f"editie '{edition}' kon niet gebouwd worden met mkdocs:\n{output}")
    lines = [json.loads(line) for line in stdout.splitlines() if line.startswith("{")]
    return {line["id"]: line["seconds"] for line in lines}


def _timed_build(source_dir: Path, site_dir: Path, engine: Engine, env: Mapping[str, str]) -> TaskTiming:
    started = time.perf_counter()
    build_edition_site(source_dir, site_dir, engine, env)
    return TaskTiming(source_dir.name, time.perf_counter() - started)


def _swap_in(site: Path, out_dir: Path, staging: Path) -> None:
    previous = staging / "previous"
    if out_dir.exists():
        os.replace(out_dir, previous)
    try:
        os.replace(site, out_dir)
    except OSError:
        if previous.exists():
            os.replace(previous, out_dir)
        raise

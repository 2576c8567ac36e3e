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
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Self

from generator.editions import COMPLETE
from generator.render import RenderedEdition

Engine = str  # "mkdocs" | "zensical"


class BuildError(RuntimeError):
    """A site engine failed; the message says which edition and why."""


@dataclass(frozen=True)
class EditionTiming:
    edition_id: str
    seconds: float
    """Wall time of the engine run for this edition (editions overlap when built in parallel)."""


def refuse_unsafe_out(out_dir: Path, protected: Mapping[str, Path]) -> None:
    """Refuse an output folder that would replace something precious.

    `protected` maps a description ('de inhoudsmap') to a folder; the out folder may
    not be one of them or a parent of one, nor the home folder or the file-system root.
    """
    out = out_dir.resolve()
    if out == Path(out.anchor):
        raise ValueError(f"--out '{out_dir}' is de hoofdmap van het bestandssysteem; kies een eigen map zoals 'site'")
    if out == Path.home().resolve():
        raise ValueError(f"--out '{out_dir}' is je thuismap; kies een eigen map zoals 'site'")
    for label, folder in protected.items():
        folder = folder.resolve()
        if out == folder or out in folder.parents:
            raise ValueError(f"--out '{out_dir}' zou {label} ('{folder}') overschrijven; kies een eigen map zoals 'site'")


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
    raise ValueError(f"onbekende engine '{engine}'; verwacht: {' of '.join(ENGINES)}")


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
    and without the Python traceback Zensical adds after its own report in strict mode."""
    text = _ANSI_ESCAPE.sub("", output)
    if "Traceback (most recent call last):" in text:
        text = text[: text.index("Traceback (most recent call last):")]
    return text.strip()


def _move_zensical_output(source_dir: Path, site_dir: Path) -> None:
    built = source_dir / ZENSICAL_SITE_DIR
    if not built.is_dir():
        raise BuildError(f"zensical schreef geen site voor editie '{source_dir.name}'")
    shutil.move(str(built), str(site_dir))
    # Zensical keeps a build cache beside the config; it is not part of the sources
    shutil.rmtree(source_dir / ".cache", ignore_errors=True)


class MkDocsWorkers:
    """The MkDocs worker processes of one build (`generator/mkdocs_worker.py`).

    Started before the content is loaded, so they import MkDocs and Material while this
    process loads and renders. Where the system can fork, one worker forks a child per
    edition, `jobs` at a time; elsewhere `jobs` workers each build a share of the editions.
    """

    def __init__(self, jobs: int) -> None:
        forks = hasattr(os, "fork")
        env = {
            **os.environ,
            "PYTHONHASHSEED": "0",  # the same set and dict order in every build
            "NO_MKDOCS_2_WARNING": "1",  # Material's end-of-life banner is not a build problem
        }
        command = [sys.executable, "-m", "generator.mkdocs_worker", "--jobs", str(jobs if forks else 1)]
        self._pool: ThreadPoolExecutor | None = None
        self._futures: list[Future[dict[str, float]]] = []
        self._edition_ids: list[str] = []
        self.processes = [
            subprocess.Popen(command, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for _ in range(1 if forks else jobs)
        ]

    def start(self, rendered: list[RenderedEdition], staging: Path, parts: Path, environ: Mapping[str, str]) -> None:
        """Hand the editions to the workers; they build while this process goes on."""
        shares = _balanced_shares(rendered, len(self.processes))
        shares += [[] for _ in range(len(self.processes) - len(shares))]
        self._edition_ids = [e.edition_id for e in rendered]
        self._pool = ThreadPoolExecutor(max_workers=len(shares))  # threads that only wait on pipes
        self._futures = [
            self._pool.submit(_run_worker, process, share, staging, parts, environ)
            for process, share in zip(self.processes, shares, strict=True)
        ]

    def wait(self) -> list[EditionTiming]:
        """Wait until every edition is built; raise BuildError for the first that failed."""
        seconds = {edition_id: t for future in self._futures for edition_id, t in future.result().items()}
        return [EditionTiming(edition_id, seconds[edition_id]) for edition_id in self._edition_ids]

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


@contextlib.contextmanager
def engine_workers(engine: Engine, jobs: int | None = None) -> Iterator[MkDocsWorkers | None]:
    """Start the engine's workers now (MkDocs), to be handed to `build_all` later."""
    if engine != "mkdocs":
        yield None
        return
    with MkDocsWorkers(_job_count(jobs)) as workers:
        yield workers


def _job_count(jobs: int | None, editions: int | None = None) -> int:
    count = jobs or os.cpu_count() or 1
    return max(1, min(count, editions) if editions else count)


def build_all(
    rendered: list[RenderedEdition],
    extra_files: Mapping[str, str | bytes] | Callable[[], Mapping[str, str | bytes]],
    out_dir: Path,
    engine: Engine = "mkdocs",
    jobs: int | None = None,
    source_date_epoch: int = 0,
    workers: MkDocsWorkers | None = None,
) -> list[EditionTiming]:
    """Build every edition and the extra files into a staging folder, then swap it in.

    `extra_files` may be a function: it is called in this process while the engines
    build the editions in theirs, so the PDFs take no extra wall time. `workers`:
    MkDocs workers started earlier (`engine_workers`); without them they start now.
    Returns how long each edition's engine run took, in edition order.
    """
    out_dir = out_dir.absolute()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}-build-", dir=out_dir.parent))
    try:
        # 1. sources: one MkDocs project per edition
        for edition in rendered:
            write_tree(staging / "src" / edition.edition_id, edition.files)
        # 2. sites: every edition built by the engine, in parallel
        environ = {
            "SOURCE_DATE_EPOCH": str(source_date_epoch),
            "HANDBOOK_JINJA_CACHE": str(staging / "jinja-cache"),  # see templates/hooks/bytecode_cache.py
        }
        parts = staging / "parts"
        parts.mkdir()
        if engine == "mkdocs":
            with contextlib.ExitStack() as stack:
                started = workers or stack.enter_context(MkDocsWorkers(_job_count(jobs, len(rendered))))
                started.start(rendered, staging, parts, environ)
                extra = extra_files() if callable(extra_files) else extra_files
                timings = started.wait()
        else:
            env = {**os.environ, **environ, "PYTHONHASHSEED": "0", "NO_MKDOCS_2_WARNING": "1"}
            with ThreadPoolExecutor(max_workers=_job_count(jobs, len(rendered))) as pool:
                futures = [
                    pool.submit(_timed_build, staging / "src" / e.edition_id, parts / e.edition_id, engine, env)
                    for e in rendered
                ]
                extra = extra_files() if callable(extra_files) else extra_files
                timings = [future.result() for future in futures]
        # 3. assemble: the complete guide at the root, each audience edition in its folder
        site = staging / "site"
        shutil.move(str(parts / COMPLETE), str(site))
        for edition in rendered:
            if edition.edition_id != COMPLETE:
                shutil.move(str(parts / edition.edition_id), str(site / edition.edition_id))
        write_tree(site, extra)
        # 4. swap: the old site is replaced only now that everything succeeded
        _swap_in(site, out_dir, staging)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return timings


def _balanced_shares(rendered: list[RenderedEdition], workers: int) -> list[list[str]]:
    """Editions split over the workers, largest first onto the least loaded (by page count)."""
    shares: list[tuple[int, list[str]]] = [(0, []) for _ in range(workers)]
    for edition in sorted(rendered, key=lambda e: (-len(e.files), e.edition_id)):
        load, ids = min(shares, key=lambda share: share[0])
        shares.remove((load, ids))
        shares.append((load + len(edition.files), [*ids, edition.edition_id]))
    return [ids for _, ids in shares if ids]


def _run_worker(
    process: subprocess.Popen[str], share: list[str], staging: Path, parts: Path, environ: Mapping[str, str]
) -> dict[str, float]:
    job = {
        "environ": dict(environ),
        "editions": [
            {"id": edition_id, "config": str(staging / "src" / edition_id / "mkdocs.yml"), "site_dir": str(parts / edition_id)}
            for edition_id in share
        ],
    }
    stdout, stderr = process.communicate(json.dumps(job))
    if process.returncode != 0:
        failed = next((line.removeprefix("FAILED ") for line in stderr.splitlines() if line.startswith("FAILED ")), None)
        output = "\n".join(line for line in stderr.splitlines() if not line.startswith("FAILED "))
        raise BuildError(f"editie '{failed or ', '.join(share)}' kon niet gebouwd worden met mkdocs:\n{engine_output(output)}")
    lines = [json.loads(line) for line in stdout.splitlines() if line.startswith("{")]
    return {line["edition"]: line["seconds"] for line in lines}


def _timed_build(source_dir: Path, site_dir: Path, engine: Engine, env: Mapping[str, str]) -> EditionTiming:
    started = time.perf_counter()
    build_edition_site(source_dir, site_dir, engine, env)
    return EditionTiming(source_dir.name, time.perf_counter() - started)


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

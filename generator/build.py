"""Build: rendered sources → HTML sites (MkDocs or Zensical) → one site folder, swapped in atomically.

Everything is written into a staging folder beside `--out`; only when every edition
built does the staging site replace the old one (two renames). A failure leaves
the previous site exactly as it was.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

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


def build_all(
    rendered: list[RenderedEdition],
    extra_files: Mapping[str, str | bytes] | Callable[[], Mapping[str, str | bytes]],
    out_dir: Path,
    engine: Engine = "mkdocs",
    jobs: int | None = None,
    source_date_epoch: int = 0,
) -> list[EditionTiming]:
    """Build every edition and the extra files into a staging folder, then swap it in.

    `extra_files` may be a function: it is called once the editions are built, so
    the caller can produce those files (the PDFs) while the engines run.
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
        env = {
            **os.environ,
            "SOURCE_DATE_EPOCH": str(source_date_epoch),
            "PYTHONHASHSEED": "0",
            "NO_MKDOCS_2_WARNING": "1",  # Material's end-of-life banner is not a build problem
            "HANDBOOK_JINJA_CACHE": str(staging / "jinja-cache"),  # see templates/hooks/bytecode_cache.py
        }
        parts = staging / "parts"
        parts.mkdir()
        workers = max(1, min(len(rendered), jobs or os.cpu_count() or 1))
        if engine == "mkdocs":
            timings = _build_with_workers(rendered, staging, parts, workers, env)
        else:
            with ThreadPoolExecutor(max_workers=workers) as pool:
                futures = [
                    pool.submit(_timed_build, staging / "src" / e.edition_id, parts / e.edition_id, engine, env)
                    for e in rendered
                ]
                timings = [future.result() for future in futures]
        # 3. assemble: the complete guide at the root, each audience edition in its folder
        site = staging / "site"
        shutil.move(str(parts / COMPLETE), str(site))
        for edition in rendered:
            if edition.edition_id != COMPLETE:
                shutil.move(str(parts / edition.edition_id), str(site / edition.edition_id))
        write_tree(site, extra_files() if callable(extra_files) else extra_files)
        # 4. swap: the old site is replaced only now that everything succeeded
        _swap_in(site, out_dir, staging)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return timings


def _build_with_workers(
    rendered: list[RenderedEdition], staging: Path, parts: Path, workers: int, env: Mapping[str, str]
) -> list[EditionTiming]:
    """MkDocs: one worker process per core, each building its share of the editions."""
    shares = _balanced_shares(rendered, workers)
    with ThreadPoolExecutor(max_workers=len(shares)) as pool:
        futures = [pool.submit(_run_worker, share, staging, parts, env) for share in shares]
        seconds = {edition_id: t for future in futures for edition_id, t in future.result().items()}
    return [EditionTiming(e.edition_id, seconds[e.edition_id]) for e in rendered]


def _balanced_shares(rendered: list[RenderedEdition], workers: int) -> list[list[str]]:
    """Editions split over the workers, largest first onto the least loaded (by page count)."""
    shares: list[tuple[int, list[str]]] = [(0, []) for _ in range(workers)]
    for edition in sorted(rendered, key=lambda e: (-len(e.files), e.edition_id)):
        load, ids = min(shares, key=lambda share: share[0])
        shares.remove((load, ids))
        shares.append((load + len(edition.files), [*ids, edition.edition_id]))
    return [ids for _, ids in shares if ids]


def _run_worker(share: list[str], staging: Path, parts: Path, env: Mapping[str, str]) -> dict[str, float]:
    arguments = [str(part) for edition_id in share for part in (staging / "src" / edition_id / "mkdocs.yml", parts / edition_id)]
    command = [sys.executable, "-m", "generator.mkdocs_worker", *arguments]
    result = subprocess.run(command, env=dict(env), capture_output=True, text=True, check=False)
    if result.returncode != 0:
        failed = next((line.split("/")[-2] for line in result.stderr.splitlines() if line.startswith("FAILED ")), share[0])
        output = "\n".join(line for line in result.stderr.splitlines() if not line.startswith("FAILED "))
        raise BuildError(f"editie '{failed}' kon niet gebouwd worden met mkdocs:\n{engine_output(output)}")
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    return {Path(line["config"]).parent.name: line["seconds"] for line in lines}


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

"""The build cache: each task's output kept under a key made of everything it reads.

The key hashes the task's kind, its input files (the generated sources of an edition,
the HTML page of a PDF) and the folders its kind always reads, the environment that
changes its output, the versions of the engine's distributions, the source of our own
modules that run it, and the package and Python versions. A task whose key is present
is not run: its output is copied out of the cache, each file checked against the hash
recorded when it was stored. A file that does not match (truncated, replaced, a link)
makes the entry corrupt: it is removed and the task runs again; it is never served.

Where: `HANDBOOK_CACHE`, else `.cache/handbook/` in the working folder; never inside
`--out`. An entry is written in a temporary folder and renamed into place, so a killed
build leaves no half entry under a key. Size limit: `HANDBOOK_CACHE_MB` (default 1024);
the least recently used entries go first.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.metadata
import importlib.util
import json
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from generator.tasks import JINJA_ENV, KINDS, Task, inputs_digest

CACHE_ENV = "HANDBOOK_CACHE"
LIMIT_ENV = "HANDBOOK_CACHE_MB"
DEFAULT_LIMIT_MB = 1024
LAYOUT = "handbook-cache-2"
"""Part of every key: bump it when the layout of entries or keys changes."""
MANIFEST = "manifest.json"
STALE_TEMP_SECONDS = 3600
"""A temporary entry this old belongs to a build that was killed."""


def default_cache_dir() -> Path:
    folder = os.environ.get(CACHE_ENV)
    return Path(folder) if folder else Path.cwd() / ".cache" / "handbook"


def default_limit() -> int:
    value = os.environ.get(LIMIT_ENV, "")
    return (int(value) if value.isdigit() else DEFAULT_LIMIT_MB) * 1024 * 1024


@dataclass(frozen=True)
class BuildCache:
    root: Path
    limit: int = DEFAULT_LIMIT_MB * 1024 * 1024
    """Bytes; after each build the least recently used entries are removed down to this."""

    @classmethod
    def default(cls) -> BuildCache:
        return cls(default_cache_dir().absolute(), default_limit())

    @property
    def entries(self) -> Path:
        return self.root / "entries"

    @property
    def templates(self) -> Path:
        """Compiled Jinja2 templates (our page and print templates, and the MkDocs theme's
        through templates/hooks/bytecode_cache.py), so a rebuild does not compile them again.
        Jinja2 checks each file's magic and source checksum and recompiles on a mismatch;
        one small file per template name, so no eviction is needed."""
        return self.root / "jinja"

    @property
    def task_environ(self) -> dict[str, str]:
        """For every task's process: where MkDocs keeps the theme's compiled templates."""
        return {JINJA_ENV: str(self.templates)}

    # -- keys ---------------------------------------------------------------------------

    def key(self, task: Task) -> str:
        kind = KINDS[task.kind]
        digest = hashlib.sha256()

        def add(*parts: str | bytes) -> None:
            for part in parts:
                data = part.encode("utf-8") if isinstance(part, str) else part
                digest.update(len(data).to_bytes(8, "big") + data)

        add(LAYOUT, task.kind, _package_version(), sys.version)
        for name, value in sorted(task.env):
            add("env", name, value)
        for distribution in kind.engine:
            add("engine", distribution, _version(distribution))
        for module in kind.code:
            add("code", module, _module_source(module))
        add("inputs", task.digest or inputs_digest(_read(Path(folder)) for folder in task.inputs))
        add("always", inputs_digest(_read(Path(folder)) for folder in kind.extra_inputs))
        return digest.hexdigest()

    # -- reading ------------------------------------------------------------------------

    def has(self, key: str) -> bool:
        """Is there an entry under `key`? (Whether it is sound, `restore` finds out.)"""
        return (self.entries / key / MANIFEST).is_file()

    def restore(self, task: Task, key: str) -> bool:
        """Copy the entry's output to `task.output`, checking every file; False when there is
        no sound entry (a corrupt one is removed, and nothing is left at `task.output`)."""
        entry = self.entries / key
        try:
            manifest = json.loads((entry / MANIFEST).read_text(encoding="utf-8"))
            output = Path(task.output)
            for relative, (size, sha) in manifest["files"].items():
                source = entry / "data" / relative
                if source.is_symlink() or not source.is_file() or source.stat().st_size != size:
                    raise ValueError(relative)
                data = source.read_bytes()
                if hashlib.sha256(data).hexdigest() != sha:
                    raise ValueError(relative)
                target = output / relative if manifest["tree"] else output
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
        except FileNotFoundError:
            _remove(Path(task.output))
            return False
        except (OSError, ValueError, KeyError, TypeError):
            _remove(Path(task.output))
            shutil.rmtree(entry, ignore_errors=True)  # corrupt or partial: never served
            return False
        with contextlib.suppress(OSError):
            os.utime(entry / MANIFEST)  # recently used: evicted last
        return True

    # -- writing ------------------------------------------------------------------------

    def store(self, task: Task, key: str) -> None:
        """Keep `task.output` under `key`: written aside, renamed into place when complete."""
        output = Path(task.output)
        tree = output.is_dir()
        files = dict(_files(output)) if tree else {output.name: output}
        if any(path.is_symlink() for path in files.values()) or output.is_symlink():
            return  # an engine made a link: not ours to keep
        temp_root = self.root / "tmp"
        temp_root.mkdir(parents=True, exist_ok=True)
        temp = Path(tempfile.mkdtemp(prefix=f"{key[:16]}-", dir=temp_root))
        try:
            recorded: dict[str, tuple[int, str]] = {}
            for relative, path in files.items():
                data = path.read_bytes()
                target = temp / "data" / relative
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
                recorded[relative] = (len(data), hashlib.sha256(data).hexdigest())
            manifest = {"tree": tree, "files": recorded, "size": sum(size for size, _ in recorded.values())}
            (temp / MANIFEST).write_text(json.dumps(manifest, sort_keys=True), encoding="utf-8")
            self.entries.mkdir(parents=True, exist_ok=True)
            os.rename(temp, self.entries / key)  # atomic; fails when another build stored it first
        except OSError:
            pass  # a full disk or a race: the build goes on without this entry
        finally:
            shutil.rmtree(temp, ignore_errors=True)

    def evict(self) -> None:
        """Remove the least recently used entries until the cache fits its limit, and the
        temporary entries of killed builds."""
        now = time.time()
        for temp in _children(self.root / "tmp"):
            with contextlib.suppress(OSError):
                if now - temp.stat().st_mtime > STALE_TEMP_SECONDS:
                    shutil.rmtree(temp, ignore_errors=True)
        sized: list[tuple[float, str, int, Path]] = []
        for entry in _children(self.entries):
            try:
                manifest = entry / MANIFEST
                sized.append((manifest.stat().st_mtime, entry.name, int(json.loads(manifest.read_text())["size"]), entry))
            except (OSError, ValueError, KeyError, TypeError):
                sized.append((0.0, entry.name, 0, entry))  # unreadable: oldest of all
        total = sum(size for _, _, size, _ in sized)
        for _, _, size, entry in sorted(sized):
            if total <= self.limit and size:
                break
            shutil.rmtree(entry, ignore_errors=True)
            total -= size


def _files(folder: Path) -> Iterator[tuple[str, Path]]:
    """(relative POSIX path, path) of every file below `folder` (or the file itself), sorted."""
    if not folder.is_dir():
        yield folder.name, folder
        return
    for path in sorted(folder.rglob("*")):
        if not path.is_dir():
            yield path.relative_to(folder).as_posix(), path


def _read(folder: Path) -> Iterator[tuple[str, bytes]]:
    """A task's input as `inputs_digest` takes it: by relative path as text (the order a
    build's in-memory sources have; Path order differs, e.g. for 'a-b' and 'a/b')."""
    for relative, path in sorted(_files(folder)):
        yield relative, path.read_bytes()


def _children(folder: Path) -> list[Path]:
    try:
        return sorted(folder.iterdir())
    except OSError:
        return []


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        with contextlib.suppress(OSError):
            path.unlink()


def _version(distribution: str) -> str:
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return "-"


def _package_version() -> str:
    return _version("praktijkgids")


def _module_source(module: str) -> bytes:
    spec = importlib.util.find_spec(module)
    if spec is None or spec.origin is None:
        return b""
    return Path(spec.origin).read_bytes()

"""Where the tool writes: output folders it may replace, staging beside them, and the one
writer for "write what changed".

A folder that `handbook` made carries a small marker file. `--out` may only ever replace
or update such a folder: one that exists, is not empty and has no marker, or a regular
file, is refused before anything is touched. The root, the home folder, the content,
the project and the working folder are refused even with a marker.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import time
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

from generator.problems import Refusal

MARKER = ".handbook"
"""The marker file in every folder `handbook build`, `render`, `checklists` or `schema` wrote."""
STAGING_INFIX = "-build-"
STALE_UNLOCKED_SECONDS = 60.0
"""A staging folder without a lock this old (where locks are missing) is a killed build's."""

try:
    import fcntl
except ImportError:  # Windows: no advisory locks; stale staging is recognised by its age
    fcntl = None  # type: ignore[assignment]


def marker_text(command: str, files: Iterable[str] = ()) -> str:
    """The marker's contents: which command made the folder, and (schema) which files are its own."""
    lines = [f"Gemaakt door 'handbook {command}'; handbook mag deze map bijwerken of vervangen.", *sorted(files)]
    return "\n".join(lines) + "\n"


def marked_files(folder: Path) -> list[str]:
    """The files a previous run recorded as its own in the marker (schema)."""
    try:
        return (folder / MARKER).read_text(encoding="utf-8").splitlines()[1:]
    except (OSError, UnicodeDecodeError):
        return []


def refuse_unsafe_out(out_dir: Path, protected: Mapping[str, Path]) -> None:
    """Refuse an output folder that would replace something precious.

    `protected` maps a description ('de inhoudsmap') to a folder; the out folder may
    not be one of them or a parent of one, nor the home folder or the file-system root.
    """
    out = out_dir.resolve()
    if out == Path(out.anchor):
        raise Refusal(f"--out '{out_dir}' is de hoofdmap van het bestandssysteem; kies een eigen map zoals 'site'")
    home = Path.home().resolve()
    if out == home:
        raise Refusal(f"--out '{out_dir}' is je thuismap; kies een eigen map zoals 'site'")
    if out in home.parents:
        raise Refusal(f"--out '{out_dir}' bevat je thuismap ('{home}'); kies een eigen map zoals 'site'")
    for label, folder in protected.items():
        folder = folder.resolve()
        if out == folder or out in folder.parents:
            raise Refusal(f"--out '{out_dir}' zou {label} ('{folder}') overschrijven; kies een eigen map zoals 'site'")


def refuse_foreign_out(out_dir: Path, accept: Iterable[Path] = ()) -> None:
    """Refuse a target that is a file, or a non-empty folder without our marker
    (`accept`: folders that may stand in for the marker, e.g. the site around `checklists/`)."""
    if out_dir.is_symlink() or (out_dir.exists() and not out_dir.is_dir()):
        raise Refusal(f"--out '{out_dir}' is een bestand, geen map; kies een map die nog niet bestaat, zoals 'site'")
    if not out_dir.is_dir() or (out_dir / MARKER).is_file() or any((folder / MARKER).is_file() for folder in accept):
        return
    if any(out_dir.iterdir()):
        raise Refusal(
            f"--out '{out_dir}' bestaat al en is niet door handbook gemaakt (er staat geen {MARKER} in); "
            "kies een nieuwe of lege map, of ruim deze map eerst zelf op"
        )


# -- one writer ---------------------------------------------------------------------------


def replace_file(path: Path, data: bytes) -> None:
    """Write via a temporary file and rename, so a reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    partial.write_bytes(data)
    os.replace(partial, path)


def write_changed(root: Path, files: Mapping[str, str | bytes], stale: Iterable[str] = ()) -> list[str]:
    """Make `root` hold `files` (relative POSIX path → text or bytes): rewrite only files
    whose bytes differ, each atomically, and remove those of `stale` that are not wanted.
    Unchanged files keep their modification time, so watchers and engines skip them.
    Returns the relative paths written or removed, sorted."""
    changed: list[str] = []
    for relative, content in sorted(files.items()):
        data = content.encode("utf-8") if isinstance(content, str) else content
        path = root / relative
        if path.is_file() and not path.is_symlink() and path.stat().st_size == len(data) and path.read_bytes() == data:
            continue
        if path.is_symlink():
            path.unlink()
        replace_file(path, data)
        changed.append(relative)
    for relative in sorted(set(stale) - set(files)):
        path = root / relative
        if path.is_file() or path.is_symlink():
            path.unlink()
            changed.append(relative)
    return sorted(changed)


def sync_tree(root: Path, files: Mapping[str, str | bytes]) -> int:
    """Make root hold exactly `files` (every other file below it goes); returns how many
    files were written or removed."""
    present = [p.relative_to(root).as_posix() for p in root.rglob("*") if not p.is_dir()] if root.is_dir() else []
    changed = write_changed(root, files, stale=present)
    if root.is_dir():
        for path in sorted(root.rglob("*"), reverse=True):
            if path.is_dir() and not path.is_symlink() and not any(path.iterdir()):
                path.rmdir()
    return len(changed)


# -- staging --------------------------------------------------------------------------------


def staging_prefix(out_dir: Path) -> str:
    return f".{out_dir.name}{STAGING_INFIX}"


@contextlib.contextmanager
def staging_folder(out_dir: Path) -> Iterator[Path]:
    """A fresh staging folder beside `out_dir`, locked while this build uses it, removed
    afterwards. The staging folders of killed builds beside it are cleaned up first."""
    import tempfile

    out_dir.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_staging(out_dir)
    staging = Path(tempfile.mkdtemp(prefix=staging_prefix(out_dir), dir=out_dir.parent))
    lock = (staging / ".lock").open("w")
    try:
        if fcntl is not None:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        yield staging
    finally:
        lock.close()
        remove_tree(staging)


def remove_tree(folder: Path, attempts: int = 20) -> None:
    """Remove a folder; again if a process that was just stopped still added a file to it."""
    for _ in range(attempts):
        shutil.rmtree(folder, ignore_errors=True)
        if not folder.exists():
            return
        time.sleep(0.05)


def remove_stale_staging(out_dir: Path) -> list[Path]:
    """Remove staging folders beside `out_dir` that no running build holds. A killed build
    may have died between the two renames of its swap: then its previous site is put back."""
    removed = []
    for staging in sorted(out_dir.parent.glob(staging_prefix(out_dir) + "*")):
        if not staging.is_dir() or staging.is_symlink() or _in_use(staging):
            continue
        previous = staging / "previous"
        if not out_dir.exists() and (previous / MARKER).is_file():
            os.replace(previous, out_dir)
        shutil.rmtree(staging, ignore_errors=True)
        removed.append(staging)
    return removed


def _in_use(staging: Path) -> bool:
    lock_path = staging / ".lock"
    if fcntl is None or not lock_path.is_file():
        try:
            return time.time() - staging.stat().st_mtime < STALE_UNLOCKED_SECONDS
        except OSError:
            return True
    try:
        with lock_path.open("a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return True  # a running build holds it
    return False


def swap_in(site: Path, out_dir: Path, staging: Path) -> None:
    """Replace `out_dir` by `site` (two renames); the old site goes into the staging folder."""
    previous = staging / "previous"
    if out_dir.exists() or out_dir.is_symlink():
        os.replace(out_dir, previous)
    try:
        os.replace(site, out_dir)
    except OSError:
        if previous.exists():
            os.replace(previous, out_dir)
        raise

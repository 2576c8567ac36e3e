"""The build cache: a task whose inputs did not change is not run; a damaged entry is never served."""

from __future__ import annotations

import dataclasses
import hashlib
import os
import shutil
from pathlib import Path

import material
import pytest
from jinja2 import FileSystemBytecodeCache

from generator import resources
from generator.build import plan_tasks
from generator.cache import MANIFEST, BuildCache
from generator.checklists import print_environment
from generator.pipeline import build_guide
from generator.render import RenderedEdition, page_environment
from generator.tasks import Task
from tests.conftest import MINI, run_cli


def _digest(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _ran(report_timings: list) -> list[str]:  # type: ignore[type-arg]
    return sorted(result.name for result in report_timings if not result.cached)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """The mini content (a copy), built once with an empty cache: (content, cache, site)."""
    root = tmp_path_factory.mktemp("cached")
    content = root / "content"
    shutil.copytree(MINI, content)
    report = build_guide(content, root / "site", cache=BuildCache(root / "cache"))
    assert not any(result.cached for result in report.task_timings)
    return content, root / "cache", root / "site"


def test_a_second_build_runs_nothing_and_makes_the_same_site(built: tuple[Path, Path, Path], tmp_path: Path) -> None:
    content, cache, site = built
    report = build_guide(content, tmp_path / "again", cache=BuildCache(cache))
    assert _ran(report.task_timings) == []
    assert _digest(tmp_path / "again") == _digest(site)


def test_the_cached_site_equals_a_build_without_cache(built: tuple[Path, Path, Path], tmp_path: Path) -> None:
    content, _, site = built
    build_guide(content, tmp_path / "uncached")
    assert _digest(tmp_path / "uncached") == _digest(site)


def test_an_edit_rebuilds_only_the_editions_and_pdfs_it_touches(built: tuple[Path, Path, Path], tmp_path: Path) -> None:
    content, cache, _ = built
    edited = tmp_path / "content"
    shutil.copytree(content, edited)
    recs = edited / "recommendations" / "boek.yaml"
    recs.write_text(recs.read_text(encoding="utf-8").replace("Spreek verschillen open uit.", "Spreek verschillen tijdig uit."), encoding="utf-8")

    own = tmp_path / "cache"  # a copy: the module's cache keeps only the entries of `content`
    shutil.copytree(cache, own)
    report = build_guide(edited, tmp_path / "site", cache=BuildCache(own))

    # the recommendation is for 'deelnemers': the complete guide, that edition and its checklist
    # deelnemers' checklist, and its kaart: the edited recommendation is in its kern
    assert _ran(report.task_timings) == ["checklists/deelnemers.pdf", "deelnemers", "kaarten/deelnemers.pdf", "volledig"]
    assert "Spreek verschillen tijdig uit." in (tmp_path / "site" / "deelnemers" / "aanbevelingen" / "index.html").read_text(encoding="utf-8")


def _entries(cache: Path) -> list[Path]:
    return sorted((cache / "entries").iterdir())


def test_a_damaged_entry_is_rebuilt_never_served(built: tuple[Path, Path, Path], tmp_path: Path) -> None:
    content, cache, site = built
    damaged = tmp_path / "cache"
    shutil.copytree(cache, damaged, symlinks=True)
    entries = _entries(damaged)
    assert len(entries) >= 9
    # truncate a file, replace one by a link to another, remove one, break a manifest
    files = [sorted(p for p in (entry / "data").rglob("*") if p.is_file()) for entry in entries[:4]]
    files[0][0].write_bytes(files[0][0].read_bytes()[:10])
    files[1][0].unlink()
    files[1][0].symlink_to(files[0][-1])
    files[2][-1].unlink()
    (entries[3] / MANIFEST).write_text("{", encoding="utf-8")

    report = build_guide(content, tmp_path / "site", cache=BuildCache(damaged))

    assert len(_ran(report.task_timings)) == 4
    assert _digest(tmp_path / "site") == _digest(site)
    # the damaged entries were replaced by sound ones: the next build runs nothing
    again = build_guide(content, tmp_path / "again", cache=BuildCache(damaged))
    assert _ran(again.task_timings) == []


def _bytecode_file(cache: Path, name: str, filename: Path) -> Path:
    """Where Jinja2 keeps template `name` (loaded from `filename`) compiled in the cache."""
    key = FileSystemBytecodeCache(str(cache / "jinja")).get_cache_key(name, str(filename))
    return cache / "jinja" / f"__jinja2_{key}.cache"


def test_compiled_templates_are_kept_and_a_damaged_one_is_compiled_again(
    built: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    content, _, site = built
    # fresh template environments, as in a new `handbook build` process
    page_environment.cache_clear()
    print_environment.cache_clear()
    cache = tmp_path / "cache"
    build_guide(content, tmp_path / "first", cache=BuildCache(cache))
    kept = [
        _bytecode_file(cache, "pages/home.md.j2", resources.TEMPLATES_DIR / "pages" / "home.md.j2"),  # our pages
        _bytecode_file(cache, "checklist.html.j2", resources.TEMPLATES_DIR / "checklist" / "checklist.html.j2"),  # print
        _bytecode_file(cache, "base.html", Path(material.__file__).parent / "templates" / "base.html"),  # the theme's
    ]
    assert all(path.is_file() for path in kept), [path.name for path in kept if not path.is_file()]
    # damage every compiled template and drop the outputs, so every task runs: Jinja2 finds
    # the damage (magic, checksum) and compiles again; the site is the same
    for path in (cache / "jinja").iterdir():
        path.write_bytes(b"kapot")
    shutil.rmtree(cache / "entries")
    page_environment.cache_clear()
    print_environment.cache_clear()
    build_guide(content, tmp_path / "again", cache=BuildCache(cache))
    assert _digest(tmp_path / "again") == _digest(site)
    assert all(path.read_bytes() != b"kapot" for path in kept)


def test_no_cache_neither_reads_nor_writes_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HANDBOOK_CACHE", str(tmp_path / "cache"))
    result = run_cli("build", "--content", MINI, "--out", tmp_path / "site", "--no-cache")
    assert result.exit_code == 0, result.output + result.stderr
    assert not (tmp_path / "cache").exists()
    result = run_cli("build", "--content", MINI, "--out", tmp_path / "site")
    assert result.exit_code == 0, result.output + result.stderr
    assert len(_entries(tmp_path / "cache")) == 13  # five editions, four checklists, four kaarten


def test_the_default_cache_is_in_the_working_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HANDBOOK_CACHE")
    monkeypatch.chdir(tmp_path)
    assert BuildCache.default().root == tmp_path / ".cache" / "handbook"


# -- the cache on its own, with small fake outputs --------------------------------------------


def _pdf_task(folder: Path, name: str, text: str) -> Task:
    page = folder / f"{name}.html"
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text(text, encoding="utf-8")
    return Task("pdf", f"{name}.pdf", (str(page),), str(folder / f"{name}.pdf"))


def test_keys_depend_on_the_inputs_and_env_not_on_where_they_are(tmp_path: Path) -> None:
    cache = BuildCache(tmp_path / "cache")
    one, two = _pdf_task(tmp_path / "a", "x", "<p>1</p>"), _pdf_task(tmp_path / "b", "x", "<p>1</p>")
    assert cache.key(one) == cache.key(two)
    assert cache.key(one) != cache.key(_pdf_task(tmp_path / "c", "x", "<p>2</p>"))
    dated = Task(one.kind, one.name, one.inputs, one.output, env=(("SOURCE_DATE_EPOCH", "86400"),))
    assert cache.key(dated) != cache.key(one)


def test_a_task_keyed_from_memory_has_the_key_of_its_sources_on_disk(tmp_path: Path) -> None:
    # 'a-b.md' sorts before 'a/b.md' as text and after it as a path: the key follows the text
    files = {"mkdocs.yml": "site_name: x\n", "docs/a-b.md": "# A-b\n", "docs/a/b.md": "# B\n", "docs/é.md": "# É\n"}
    edition = RenderedEdition("voorzitters", files)
    [planned] = plan_tasks([edition], {}, tmp_path / "staging", "mkdocs", 0)
    assert planned.task.digest and not Path(planned.task.inputs[0]).exists()  # nothing written yet
    planned.write()
    cache = BuildCache(tmp_path / "cache")
    assert cache.key(planned.task) == cache.key(dataclasses.replace(planned.task, digest=""))


def test_store_and_restore_a_file(tmp_path: Path) -> None:
    cache = BuildCache(tmp_path / "cache")
    task = _pdf_task(tmp_path / "a", "x", "<p>1</p>")
    Path(task.output).write_bytes(b"%PDF-fake")
    key = cache.key(task)
    cache.store(task, key)
    Path(task.output).unlink()
    assert cache.restore(task, key)
    assert Path(task.output).read_bytes() == b"%PDF-fake"
    assert not list((tmp_path / "cache" / "tmp").iterdir())  # nothing left half-written


def test_the_size_limit_evicts_the_least_recently_used(tmp_path: Path) -> None:
    writer = BuildCache(tmp_path / "cache")
    keys = []
    for index in range(4):
        task = _pdf_task(tmp_path / "work", f"t{index}", f"<p>{index}</p>")
        Path(task.output).write_bytes(b"x" * 1000)
        keys.append(writer.key(task))
        writer.store(task, keys[-1])
        os.utime(tmp_path / "cache" / "entries" / keys[-1] / MANIFEST, (1000 + index, 1000 + index))
    # t0 was used last: it stays; t1 and t2 are the oldest
    os.utime(tmp_path / "cache" / "entries" / keys[0] / MANIFEST, (2000, 2000))

    BuildCache(tmp_path / "cache", limit=2500).evict()

    assert sorted(p.name for p in _entries(tmp_path / "cache")) == sorted([keys[0], keys[3]])


def test_temporary_entries_of_killed_builds_are_removed(tmp_path: Path) -> None:
    left = tmp_path / "cache" / "tmp" / "abc-half"
    (left / "data").mkdir(parents=True)
    os.utime(left, (0, 0))
    fresh = tmp_path / "cache" / "tmp" / "def-running"
    fresh.mkdir()
    BuildCache(tmp_path / "cache").evict()
    assert not left.exists()
    assert fresh.exists()  # may belong to a build that is still running

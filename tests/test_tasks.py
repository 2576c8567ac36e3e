"""The task model: tasks as data, two runners that make the same bytes, failures as data."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator import tasks
from generator.build import build_all
from generator.editions import select_editions
from generator.pipeline import build_guide, render_all
from generator.problems import BuildError
from generator.render import RenderedEdition
from generator.tasks import ForkRunner, ProcessRunner, Task, TaskResult, run_tasks, start_runner
from tests.conftest import CONTENT, MINI, run_cli

EDITIONS = ("volledig", "voorzitters", "deelnemers", "leidinggevenden", "bestuurders")
needs_fork = pytest.mark.skipif(not hasattr(os, "fork"), reason="os.fork bestaat alleen op POSIX-systemen")


def _digest(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_task_and_result_round_trip_through_json() -> None:
    task = Task("pdf", "kaarten/voorzitters.pdf", ("/tmp/a.html",), "/tmp/a.pdf", 12, (("SOURCE_DATE_EPOCH", "0"),), "ab12")
    assert Task.from_json(task.to_json()) == task
    result = TaskResult("volledig", 1.5, error="kapot", cached=False)
    assert TaskResult.from_json(result.to_json()) == result


def test_every_kind_names_its_failure() -> None:
    for name, kind in tasks.KINDS.items():
        assert "{name}" in kind.failure, name


# -- the order of run_tasks: build first, copy kept outputs while it builds -----------------


class _Recorder:
    """A runner and a cache in one, writing down what `run_tasks` asks of them and when."""

    def __init__(self, kept: set[str], damaged: set[str]) -> None:
        self.kept, self.damaged = kept, damaged
        self.fail: set[str] = set()
        self.events: list[tuple[str, str]] = []

    def run(self, batch: list[Task]) -> Iterator[TaskResult]:
        self.events += [("start", task.name) for task in batch]  # started before run returns

        def results() -> Iterator[TaskResult]:
            for task in batch:
                self.events.append(("result", task.name))
                yield TaskResult(task.name, 0.1, error="kapot" if task.name in self.fail else None)

        return results()

    def close(self) -> None:
        self.events.append(("close", ""))

    def key(self, task: Task) -> str:
        return task.name

    def has(self, key: str) -> bool:
        return key in self.kept

    def restore(self, task: Task, key: str) -> bool:
        self.events.append(("restore", task.name))
        return key not in self.damaged

    def store(self, task: Task, key: str) -> None:
        self.events.append(("store", task.name))

    def evict(self) -> None:
        self.events.append(("evict", ""))


def test_run_tasks_starts_building_before_it_copies_kept_outputs_and_builds_a_damaged_one_after_all() -> None:
    work = [Task("pdf", name, (), f"/nonexistent/{name}", cost) for name, cost in (("a", 1), ("b", 3), ("c", 2), ("d", 5))]
    recorder = _Recorder(kept={"a", "c", "d"}, damaged={"d"})

    results = run_tasks(work, runner=recorder, cache=recorder, stage=lambda task: recorder.events.append(("stage", task.name)))

    assert recorder.events == [
        ("stage", "b"), ("start", "b"),  # the one task to build: its sources written, started first...
        ("restore", "a"), ("restore", "c"), ("restore", "d"),  # ...then kept outputs are copied meanwhile
        ("result", "b"), ("store", "b"),
        ("stage", "d"), ("start", "d"), ("result", "d"), ("store", "d"),  # a damaged entry is built after all
        ("evict", ""),
    ]
    assert [(r.name, r.cached) for r in results] == [("a", True), ("b", False), ("c", True), ("d", False)]


def test_after_a_failure_a_damaged_entry_is_not_built_after_all() -> None:
    work = [Task("pdf", "a", (), "/nonexistent/a", 1), Task("pdf", "b", (), "/nonexistent/b", 2)]
    recorder = _Recorder(kept={"a"}, damaged={"a"})
    recorder.fail = {"b"}

    results = run_tasks(work, runner=recorder, cache=recorder)

    assert ("start", "a") not in recorder.events  # the build fails anyway: nothing more starts
    assert {r.name: r.error for r in results} == {"a": tasks.NOT_STARTED, "b": "kapot"}


# -- both runners, byte for byte -----------------------------------------------------------


def _build_with(runner: str, content: Path, out: Path, monkeypatch: pytest.MonkeyPatch) -> list[TaskResult]:
    with monkeypatch.context() as patch:
        if runner == "process":
            patch.delattr(os, "fork")  # as on Windows: one process per task
        report = build_guide(content, out, jobs=2)  # the runner follows os.fork (tested below)
    return report.task_timings


def test_both_runners_build_the_same_site(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    forked = _build_with("fork", MINI, tmp_path / "forked", monkeypatch)
    plain = _build_with("process", MINI, tmp_path / "plain", monkeypatch)

    assert sorted(r.name for r in forked) == sorted(r.name for r in plain)
    assert not any(r.cached for r in [*forked, *plain])  # build_guide without a cache builds all
    first, second = _digest(tmp_path / "forked"), _digest(tmp_path / "plain")
    assert len(first) > 100
    assert first == second


@pytest.mark.slow
def test_both_runners_build_the_same_site_from_the_real_content(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    _build_with("fork", CONTENT, tmp_path / "forked", monkeypatch)
    _build_with("process", CONTENT, tmp_path / "plain", monkeypatch)
    assert _digest(tmp_path / "forked") == _digest(tmp_path / "plain")


def test_the_runner_follows_the_system(monkeypatch: pytest.MonkeyPatch) -> None:
    runner = start_runner(["pdf"], jobs=1)
    runner.close()
    assert isinstance(runner, ForkRunner) == hasattr(os, "fork")
    monkeypatch.delattr(os, "fork", raising=False)
    runner = start_runner(["pdf"], jobs=1)
    runner.close()
    assert isinstance(runner, ProcessRunner)


# -- failures as data ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def sources(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("tasks") / "src"
    assert run_cli("render", "--content", MINI, "--out", out).exit_code == 0
    return out


def _runners() -> list[str]:
    return ["fork", "process"] if hasattr(os, "fork") else ["process"]


def _runner(kind: str, jobs: int = 2) -> tasks.Runner:
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    return ForkRunner(jobs, ["mkdocs", "pdf"], env) if kind == "fork" else ProcessRunner(jobs, env)


@pytest.mark.parametrize("runner", _runners())
def test_a_failing_edition_is_data_with_the_engine_message(runner: str, sources: Path, tmp_path: Path) -> None:
    broken = tmp_path / "src"
    subprocess.run(["cp", "-r", str(sources), str(broken)], check=True)
    about = broken / "deelnemers" / "docs" / "over.md"
    about.write_text(about.read_text(encoding="utf-8") + "\nZie [elders](nergens.md).\n", encoding="utf-8")
    work = [Task("mkdocs", e, (str(broken / e),), str(tmp_path / "sites" / e), cost=i) for i, e in enumerate(EDITIONS)]

    with_runner = _runner(runner)
    try:
        results = {r.name: r for r in run_tasks(work, runner=with_runner)}
    finally:
        with_runner.close()

    assert results["deelnemers"].error is not None
    assert "nergens.md" in results["deelnemers"].error
    assert results["bestuurders"].error is None or results["bestuurders"].error == tasks.NOT_STARTED


@pytest.mark.parametrize("runner", _runners())
def test_a_failing_pdf_is_named(runner: str, tmp_path: Path) -> None:
    task = Task("pdf", "checklists/voorzitters.pdf", (str(tmp_path / "missing.html"),), str(tmp_path / "x.pdf"))
    with_runner = _runner(runner)
    try:
        [result] = run_tasks([task], runner=with_runner)
    finally:
        with_runner.close()
    assert result.error is not None and "missing.html" in result.error
    assert tasks.failure_message(task, result).startswith("PDF 'checklists/voorzitters.pdf' kon niet gemaakt worden:\n")


def test_build_all_raises_the_failure_by_name(sources: Path, tmp_path: Path) -> None:
    rendered = [_rendered(sources / e) for e in EDITIONS]
    pages = {"checklists/voorzitters.pdf": "<html><body><img src='file:///nergens/kapot.png'></html>"}
    broken = {**rendered[2].files, "docs/over.md": rendered[2].files["docs/over.md"] + "\n[x](nergens.md)\n"}
    rendered[2] = RenderedEdition(rendered[2].edition_id, broken)
    out = tmp_path / "site"

    with pytest.raises(BuildError) as error:
        build_all(rendered, {}, out, jobs=2, pdf_pages=pages)
    assert str(error.value).startswith("editie 'deelnemers' kon niet gebouwd worden met mkdocs:\n")
    assert "nergens.md" in str(error.value)
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no staging left


def _rendered(edition_dir: Path) -> RenderedEdition:
    files = {p.relative_to(edition_dir).as_posix(): p.read_text(encoding="utf-8") for p in edition_dir.rglob("*") if p.is_file()}
    return RenderedEdition(edition_dir.name, files)


@needs_fork
def test_a_child_that_dies_is_reported_not_ignored(tmp_path: Path) -> None:
    pid = os.fork()
    if pid == 0:
        os.kill(os.getpid(), signal.SIGKILL)
    _, status = os.waitpid(pid, 0)

    result = tasks._read_result("volledig", tmp_path / "never-written.json", tasks._describe(status))

    assert result == TaskResult("volledig", 0.0, error=f"het bouwproces stopte onverwacht (signaal {int(signal.SIGKILL)})")


def test_a_worker_that_cannot_start_fails_every_task(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    knowledge_sources = render_all(select_editions(_mini_knowledge()))
    monkeypatch.setattr(tasks.sys, "executable", str(tmp_path / "geen-python"))
    with pytest.raises((BuildError, OSError)):
        build_all(knowledge_sources, {}, tmp_path / "site")
    assert not (tmp_path / "site").exists()


def _mini_knowledge():  # type: ignore[no-untyped-def]
    from generator.pipeline import load_valid

    loaded, _ = load_valid(MINI)
    return loaded.knowledge


# -- the warm worker ------------------------------------------------------------------------


def test_cached_theme_listing_equals_jinjas_own(sources: Path) -> None:
    # warm_up patches Jinja for the worker's lifetime: compare in a process of its own
    script = """
import json, sys, jinja2
from mkdocs.theme import Theme
from generator import tasks
folders = [sys.argv[1], *Theme(name="material").dirs]
before = jinja2.FileSystemLoader(folders).list_templates()
tasks.warm_up(["mkdocs"])
print(json.dumps([before, jinja2.FileSystemLoader(folders).list_templates()]))
"""
    overrides = str(sources / "volledig" / "overrides")
    result = subprocess.run([sys.executable, "-c", script, overrides], capture_output=True, text=True, check=True)
    before, after = json.loads(result.stdout)
    assert len(before) > 1000
    assert "main.html" in after
    assert after == before


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux-only")
def test_the_worker_dies_with_the_build_process(tmp_path: Path) -> None:
    script = """
import os, sys, time
from generator.tasks import ForkRunner
runner = ForkRunner(1, ["pdf"], dict(os.environ))
print(runner.process.pid, flush=True)
time.sleep(60)
"""
    build = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert build.stdout is not None
    worker = int(build.stdout.readline())
    build.kill()
    build.wait()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and _alive(worker):
        time.sleep(0.1)
    assert not _alive(worker)


def _alive(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/stat").read_text().split(") ", 1)[1][0]
    except (OSError, IndexError):
        return False
    return status != "Z"

"""The build worker: warmed up once, one forked child per edition or PDF, same bytes as one at a time."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from generator import build, build_worker
from generator.build import BuildWorkers, build_workers
from generator.checklists import render_checklist_pages
from generator.pipeline import load_valid
from generator.problems import BuildError
from tests.conftest import MINI, run_cli

EDITIONS = ("volledig", "voorzitters", "deelnemers", "leidinggevenden", "bestuurders")
needs_fork = pytest.mark.skipif(not hasattr(os, "fork"), reason="os.fork bestaat alleen op POSIX-systemen")


@pytest.fixture(scope="module")
def sources(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("worker") / "src"
    assert run_cli("render", "--content", MINI, "--out", out).exit_code == 0
    return out


@pytest.fixture(scope="module")
def checklist_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    loaded, _ = load_valid(MINI)
    assert loaded.knowledge is not None
    page = tmp_path_factory.mktemp("pages") / "voorzitters.html"
    page.write_text(render_checklist_pages(loaded.knowledge, ["voorzitters"])["checklists/voorzitters.html"], encoding="utf-8")
    return page


def _run_worker(sources: Path, sites: Path, jobs: int, page: Path | None = None) -> subprocess.CompletedProcess[str]:
    tasks = [
        {"kind": "mkdocs", "id": e, "config": str(sources / e / "mkdocs.yml"), "site_dir": str(sites / e)} for e in EDITIONS
    ]
    if page:
        sites.mkdir(parents=True, exist_ok=True)
        tasks.insert(1, {"kind": "pdf", "id": "checklists/voorzitters.pdf", "html": str(page), "pdf": str(sites / "voorzitters.pdf")})
    job = {"environ": {"SOURCE_DATE_EPOCH": "0", "HANDBOOK_JINJA_CACHE": str(sites / "jinja-cache")}, "tasks": tasks}
    env = {**os.environ, "PYTHONHASHSEED": "0", "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "generator.build_worker", "--jobs", str(jobs)]
    return subprocess.run(command, input=json.dumps(job) + "\n", env=env, capture_output=True, text=True, check=False)


def _digest(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and "jinja-cache" not in p.parts
    }


@needs_fork
def test_forked_children_make_the_same_bytes_as_one_process(sources: Path, checklist_page: Path, tmp_path: Path) -> None:
    forked = _run_worker(sources, tmp_path / "forked", jobs=2, page=checklist_page)
    one_by_one = _run_worker(sources, tmp_path / "sequential", jobs=1, page=checklist_page)

    assert forked.returncode == 0, forked.stderr
    assert one_by_one.returncode == 0, one_by_one.stderr
    reported = [json.loads(line)["id"] for line in forked.stdout.splitlines()]
    assert sorted(reported) == sorted([*EDITIONS, "checklists/voorzitters.pdf"])
    first, second = _digest(tmp_path / "forked"), _digest(tmp_path / "sequential")
    assert len(first) > 100
    assert first["voorzitters.pdf"] == second["voorzitters.pdf"]
    assert (tmp_path / "forked" / "voorzitters.pdf").read_bytes().startswith(b"%PDF-")
    assert first == second


def test_a_failing_edition_is_named_with_the_engine_message(sources: Path, tmp_path: Path) -> None:
    broken = tmp_path / "src"
    subprocess.run(["cp", "-r", str(sources), str(broken)], check=True)
    about = broken / "deelnemers" / "docs" / "over.md"
    about.write_text(about.read_text(encoding="utf-8") + "\nZie [elders](nergens.md).\n", encoding="utf-8")

    result = _run_worker(broken, tmp_path / "sites", jobs=2)

    assert result.returncode == 1
    assert "FAILED deelnemers" in result.stderr
    assert "nergens.md" in result.stderr
    assert "deelnemers" not in [json.loads(line)["id"] for line in result.stdout.splitlines()]


def test_a_failing_pdf_is_named(sources: Path, tmp_path: Path) -> None:
    result = _run_worker(sources, tmp_path / "sites", jobs=2, page=tmp_path / "missing.html")

    assert result.returncode == 1
    assert "FAILED checklists/voorzitters.pdf" in result.stderr
    assert "missing.html" in result.stderr


@needs_fork
def test_a_child_that_dies_is_reported_not_ignored(tmp_path: Path) -> None:
    pid = os.fork()
    if pid == 0:
        os.kill(os.getpid(), signal.SIGKILL)
    _, status = os.waitpid(pid, 0)

    result = build_worker._read_result(tmp_path / "never-written.json", status)

    assert result == {"error": f"het bouwproces stopte onverwacht (signaal {int(signal.SIGKILL)})"}


def test_cached_theme_listing_equals_jinjas_own(sources: Path) -> None:
    # warm_up patches Jinja for the worker's lifetime: compare in a process of its own
    script = """
import json, sys, jinja2
from mkdocs.theme import Theme
from generator import build_worker
folders = [sys.argv[1], *Theme(name="material").dirs]
before = jinja2.FileSystemLoader(folders).list_templates()
build_worker.warm_up(["mkdocs"])
print(json.dumps([before, jinja2.FileSystemLoader(folders).list_templates()]))
"""
    overrides = str(sources / "volledig" / "overrides")
    result = subprocess.run([sys.executable, "-c", script, overrides], capture_output=True, text=True, check=True)
    before, after = json.loads(result.stdout)
    assert len(before) > 1000
    assert "main.html" in after
    assert after == before


@pytest.fixture
def started_workers(monkeypatch: pytest.MonkeyPatch) -> list[BuildWorkers]:
    """Every BuildWorkers started during the test, in order."""
    started: list[BuildWorkers] = []
    original = BuildWorkers.__init__

    def remember(self: BuildWorkers, jobs: int, kinds: tuple[str, ...] = ("mkdocs", "pdf")) -> None:
        original(self, jobs, kinds)
        started.append(self)

    monkeypatch.setattr(BuildWorkers, "__init__", remember)
    return started


def test_prestarted_workers_stop_when_the_build_does_not_get_that_far(started_workers: list[BuildWorkers]) -> None:
    started = started_workers
    with pytest.raises(ValueError), build_workers("mkdocs", jobs=2):
        raise ValueError("de inhoud bevat fouten")

    assert started and all(process.poll() is not None for w in started for process in w.processes)


def test_build_all_reports_a_worker_that_could_not_start(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    sources = tmp_path / "src"
    assert run_cli("render", "--content", MINI, "--out", sources).exit_code == 0
    rendered = [build_rendered(sources / e) for e in EDITIONS]
    monkeypatch.setattr(build.sys, "executable", str(tmp_path / "geen-python"))
    out = tmp_path / "site"

    with pytest.raises((BuildError, OSError)):
        build.build_all(rendered, {}, out)
    assert not out.exists()


def build_rendered(edition_dir: Path) -> build.RenderedEdition:
    files = {p.relative_to(edition_dir).as_posix(): p.read_text(encoding="utf-8") for p in edition_dir.rglob("*") if p.is_file()}
    return build.RenderedEdition(edition_dir.name, files)


class _FailedWorker:
    returncode = 1

    def __init__(self, stderr: str) -> None:
        self.stderr = stderr

    def communicate(self, job: str) -> tuple[str, str]:
        assert json.loads(job)["tasks"]
        return "", self.stderr


@pytest.mark.parametrize(
    ("failed", "expected"),
    [
        ("checklists/deelnemers.pdf", "checklist 'checklists/deelnemers.pdf' kon niet gemaakt worden:\nkapot"),
        ("bestuurders", "editie 'bestuurders' kon niet gebouwd worden met mkdocs:\nkapot"),
    ],
)
def test_a_failed_task_becomes_a_build_error_that_names_it(failed: str, expected: str) -> None:
    task = build.WorkerTask("pdf", "checklists/deelnemers.pdf", {}, 1)
    worker = _FailedWorker(f"kapot\nFAILED {failed}\n")

    with pytest.raises(BuildError) as error:
        build._run_worker(worker, [task], {})  # type: ignore[arg-type]
    assert str(error.value) == expected


def test_without_fork_one_worker_per_core_builds_the_same_site(
    monkeypatch: pytest.MonkeyPatch, started_workers: list[BuildWorkers], tmp_path: Path
) -> None:
    from generator.pipeline import build_guide

    with_fork = build_guide(MINI, tmp_path / "forked", jobs=2)
    started_workers.clear()
    monkeypatch.delattr(os, "fork")  # as on Windows: the workers run their shares one by one
    without_fork = build_guide(MINI, tmp_path / "shares", jobs=2)

    assert [len(w.processes) for w in started_workers] == [2]
    assert sorted(t.name for t in without_fork.task_timings) == sorted(t.name for t in with_fork.task_timings)
    assert _digest(tmp_path / "forked") == _digest(tmp_path / "shares")

"""The heavy tasks of a build (edition sites, PDFs) as data, and the two ways to run them.

A `Task` names its kind, the files it reads, the path it writes and an estimated cost;
`run_tasks` runs a list of them, at most `jobs` at a time, largest first, and returns a
`TaskResult` per task: its time, and a failure as data with the engine's own message.
What a kind does is one row of `KINDS`: adding a kind touches that table only.

Two runners, the same results:
- `ForkRunner` (where `os.fork` exists): one worker process, started as the build starts,
  imports MkDocs, Material and WeasyPrint while the build process loads and renders the
  content; then it forks one warm child per task.
- `ProcessRunner` (everywhere): one fresh `python -m generator.tasks one` process per task.

Workers and children die with their parent (Linux: PR_SET_PDEATHSIG) and ignore Ctrl+C:
the build process stops them, so an interrupted or killed build leaves nothing building on.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import hashlib
import importlib
import io
import json
import logging
import os
import re
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import IO, Any, Protocol, Self

from generator import resources
from generator.problems import Refusal

# -- the data ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Task:
    """One heavy, self-contained piece of work: a pure function of its inputs and env."""

    kind: str
    """A key of KINDS: `mkdocs` or `zensical` (an edition site), `pdf` (an HTML page → PDF)."""
    name: str
    """What the user knows it by: an edition id, or a PDF's path in the site."""
    inputs: tuple[str, ...]
    """Files or folders it reads (an edition's source folder; the HTML page)."""
    output: str
    """The folder (site) or file (PDF) it writes; must not exist yet."""
    cost: int = 0
    """Estimated effort, for ordering only: the largest tasks start first."""
    env: tuple[tuple[str, str], ...] = ()
    """Environment variables that change the output (SOURCE_DATE_EPOCH)."""
    digest: str = ""
    """`inputs_digest` of what the inputs hold, when whoever made the task had it in memory
    (the build stages only the inputs of tasks that run); '' = read from `inputs`."""

    def to_json(self) -> str:
        return json.dumps(asdict(self), sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> Self:
        data = json.loads(text)
        return cls(
            kind=data["kind"], name=data["name"], inputs=tuple(data["inputs"]), output=data["output"],
            cost=int(data["cost"]), env=tuple((key, value) for key, value in data["env"]), digest=data["digest"],
        )


def inputs_digest(inputs: Iterable[Iterable[tuple[str, bytes]]]) -> str:
    """One hash of a task's inputs: per input, its files as (relative POSIX path, bytes) in
    path order (a file input: its own name). The same from memory as from disk."""
    digest = hashlib.sha256()
    for index, files in enumerate(inputs):
        digest.update(f"input {index}\n".encode())
        for relative, data in files:
            name = relative.encode("utf-8")
            digest.update(len(name).to_bytes(8, "big") + name + len(data).to_bytes(8, "big") + data)
    return digest.hexdigest()


@dataclass(frozen=True)
class TaskResult:
    name: str
    seconds: float
    """Wall time of the run (tasks overlap when run in parallel); 0 when taken from the cache."""
    error: str | None = None
    """Why it failed, in the engine's own words; None when it succeeded."""
    cached: bool = False
    """The output came from the build cache: the task did not run."""

    def to_json(self) -> str:
        return json.dumps(asdict(self), sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> Self:
        data = json.loads(text)
        return cls(name=data["name"], seconds=float(data["seconds"]), error=data["error"], cached=bool(data["cached"]))


class TaskFailed(Exception):
    """A kind's way to fail: the message is the engine's, for the user."""


# -- the kinds --------------------------------------------------------------------------


def build_mkdocs(task: Task) -> None:
    """One edition with MkDocs, strict; its messages go into the failure, not the terminal."""
    _mkdocs(task, strict=True, dirty=False)


def build_mkdocs_preview(task: Task) -> None:
    """`serve`: rebuild, in the existing output, only pages whose Markdown is newer than
    their HTML; lenient, since a preview should show a page with a broken link."""
    _mkdocs(task, strict=False, dirty=True)


def _mkdocs(task: Task, strict: bool, dirty: bool) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    messages = io.StringIO()
    handler = logging.StreamHandler(messages)
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    handler.setLevel(logging.WARNING)
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        config = load_config(config_file=str(Path(task.inputs[0]) / "mkdocs.yml"), site_dir=task.output, strict=strict)
        build(config, dirty=dirty)
    except (MkDocsException, OSError) as error:
        raise TaskFailed(f"{messages.getvalue()}{error}".strip()) from None
    finally:
        logger.removeHandler(handler)


ZENSICAL_SITE_DIR = "site"
"""Zensical has no `-d` option and refuses a site_dir outside the project: it writes to
the config's default `site/` beside mkdocs.yml, and the task moves that folder out."""


def build_zensical(task: Task) -> None:
    """One edition with Zensical, strict, in its own process (Zensical is a Rust program)."""
    source = Path(task.inputs[0])
    command = [sys.executable, "-m", "zensical", "build", "--strict", "-f", str(source / "mkdocs.yml")]
    result = subprocess.run(
        command, cwd=source, capture_output=True, text=True, check=False, stdin=subprocess.DEVNULL,
        preexec_fn=die_with_parent if sys.platform.startswith("linux") else None,
    )
    if result.returncode != 0:
        raise TaskFailed(engine_output(result.stdout + result.stderr))
    built = source / ZENSICAL_SITE_DIR
    if not built.is_dir():
        raise TaskFailed("zensical schreef geen site")
    shutil.move(str(built), task.output)
    shutil.rmtree(source / ".cache", ignore_errors=True)  # Zensical's own cache is not a source


def prime_pdf() -> None:
    """WeasyPrint's first document in a process costs about 0.035 s more than the next
    (lazily loaded fonts and styles): pay that once, before forking, not in every PDF."""
    from generator.pdf import html_to_pdf

    html_to_pdf('<!DOCTYPE html><html lang="nl"><head><title>-</title></head><body><p>Aa <b>Bb</b> <i>Cc</i></p></body></html>')


def render_pdf(task: Task) -> None:
    """Any self-contained HTML page of the site (a checklist, a kaart) as a tagged PDF."""
    from generator.pdf import html_to_pdf

    try:
        pdf = html_to_pdf(Path(task.inputs[0]).read_text(encoding="utf-8"))
    except Exception as error:  # noqa: BLE001  (WeasyPrint raises many kinds; the message is what counts)
        raise TaskFailed(f"{type(error).__name__}: {error}") from None
    Path(task.output).write_bytes(pdf)


_ANSI_ESCAPE = re.compile(r"\x1b\[[0-9;]*m")


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


@dataclass(frozen=True)
class TaskKind:
    run: Callable[[Task], None]
    """Do the task; raise TaskFailed with the engine's message."""
    failure: str
    """The Dutch sentence for a failure, with {name}."""
    warm: tuple[str, ...] = ()
    """Modules the forking worker imports before it forks (the costly part of a cold start)."""
    engine: tuple[str, ...] = ()
    """Installed distributions whose versions are part of the output (the cache key)."""
    code: tuple[str, ...] = ()
    """Our own modules whose source is part of the output (the cache key)."""
    extra_inputs: tuple[str, ...] = field(default=())
    """Folders every task of the kind reads besides its inputs (the cache key)."""
    prime: Callable[[], None] | None = None
    """Run once in the forking worker after `warm`: sets up what the engine otherwise sets up
    lazily in every child (its output must not change: the runners' byte-for-byte test)."""


MKDOCS_WARM = (
    "markdown", "mkdocs.commands.build", "mkdocs.config", "material.plugins.search.plugin", "material.plugins.offline.plugin",
)
MKDOCS_ENGINE = ("mkdocs", "mkdocs-material", "pymdown-extensions", "markdown", "pygments", "jinja2", "babel")
KINDS: dict[str, TaskKind] = {
    "mkdocs": TaskKind(
        build_mkdocs,
        "editie '{name}' kon niet gebouwd worden met mkdocs",
        warm=MKDOCS_WARM,
        engine=MKDOCS_ENGINE,
        code=("generator.tasks",),
    ),
    "mkdocs-preview": TaskKind(
        build_mkdocs_preview,
        "het voorbeeld van editie '{name}' kon niet bijgewerkt worden",
        warm=MKDOCS_WARM,
        engine=MKDOCS_ENGINE,
        code=("generator.tasks",),
    ),
    "zensical": TaskKind(
        build_zensical,
        "editie '{name}' kon niet gebouwd worden met zensical",
        engine=("zensical",),
        code=("generator.tasks",),
    ),
    "pdf": TaskKind(
        render_pdf,
        "PDF '{name}' kon niet gemaakt worden",
        warm=("weasyprint", "generator.pdf"),
        engine=("weasyprint", "pydyf", "tinycss2", "cssselect2", "fonttools", "pillow"),
        code=("generator.tasks", "generator.pdf"),
        extra_inputs=(str(resources.TEMPLATES_DIR / "checklist"),),
        prime=prime_pdf,
    ),
}


def failure_message(task: Task, result: TaskResult) -> str:
    return f"{KINDS[task.kind].failure.format(name=task.name)}:\n{result.error}"


def execute(task: Task) -> TaskResult:
    """Run one task in this process (a forked child or a fresh one)."""
    started = time.perf_counter()
    os.environ.update(dict(task.env))
    try:
        KINDS[task.kind].run(task)
    except TaskFailed as failure:
        return TaskResult(task.name, time.perf_counter() - started, error=str(failure))
    return TaskResult(task.name, time.perf_counter() - started)


# -- running ----------------------------------------------------------------------------


class Runner(Protocol):
    def run(self, tasks: Sequence[Task]) -> Iterator[TaskResult]:
        """Start the tasks, `jobs` at a time in the order given (the first ones before this
        returns); the iterator yields each result as it comes. After a failure no new task
        starts; those are yielded as not started."""
        ...

    def close(self) -> None: ...


NOT_STARTED = "niet gestart: een andere taak mislukte eerder"
JINJA_ENV = "HANDBOOK_JINJA_CACHE"
"""Where MkDocs keeps compiled theme templates (templates/hooks/bytecode_cache.py)."""
_BASE_ENV = {
    "PYTHONHASHSEED": "0",  # the same set and dict order in every process
    "NO_MKDOCS_2_WARNING": "1",  # Material's end-of-life banner is not a build problem
}


def job_count(jobs: int | None) -> int:
    """How many tasks at once: `--jobs`, else one per core."""
    return max(1, jobs or os.cpu_count() or 1)


def start_runner(kinds: Sequence[str], jobs: int | None = None, environ: Mapping[str, str] | None = None) -> Runner:
    """The forking runner where the system can fork, else one process per task.
    `environ`: extra variables for every task's process (not part of any output)."""
    env = {**os.environ, **_BASE_ENV, **(environ or {})}
    if hasattr(os, "fork"):
        return ForkRunner(job_count(jobs), kinds, env)
    return ProcessRunner(job_count(jobs), env)


ENGINES = ("mkdocs", "zensical")


def task_kinds(engine: str) -> list[str]:
    """The task kinds of a build with `engine`, editions first (the worker warms them first)."""
    if engine not in ENGINES:
        raise Refusal(f"onbekende engine '{engine}'; verwacht: {' of '.join(ENGINES)}")
    return [engine, "pdf"]


def start_build_runner(engine: str, jobs: int | None = None, environ: Mapping[str, str] | None = None) -> Runner:
    """Start the runner of a build now: its worker imports the engines while the build
    process imports, loads and renders. `environ`: extra variables for the tasks' processes
    (the build cache's `task_environ`). This module imports little, so `handbook build`
    starts the runner before it imports the rest of the generator."""
    return start_runner(task_kinds(engine), jobs, environ)


class OutputCache(Protocol):
    """What `run_tasks` needs of a build cache (`generator.cache.BuildCache`)."""

    def key(self, task: Task) -> str: ...
    def has(self, key: str) -> bool: ...
    def restore(self, task: Task, key: str) -> bool: ...
    def store(self, task: Task, key: str) -> None: ...
    def evict(self) -> None: ...


def run_tasks(
    tasks: Sequence[Task],
    jobs: int | None = None,
    runner: Runner | None = None,
    cache: OutputCache | None = None,
    stage: Callable[[Task], None] | None = None,
) -> list[TaskResult]:
    """Run the tasks, largest first; the results in the order of `tasks`. With a cache, a
    task whose output is in it is not run, and each task that succeeds is stored. The
    runner starts on the tasks to build before the kept outputs are copied out of the
    cache, so the copying overlaps the building. `stage(task)`: writes a task's inputs,
    called just before it runs (only what runs is written)."""
    results: dict[str, TaskResult] = {}
    keys = {task.name: cache.key(task) for task in tasks} if cache is not None else {}
    kept = [task for task in tasks if cache is not None and cache.has(keys[task.name])]
    with contextlib.ExitStack() as stack:

        def start(batch: list[Task]) -> Iterator[TaskResult]:
            nonlocal runner
            if not batch:
                return iter(())
            if runner is None:
                runner = start_runner(sorted({task.kind for task in tasks}), jobs)
                stack.callback(runner.close)
            if stage is not None:
                for task in batch:
                    stage(task)
            return runner.run(sorted(batch, key=lambda task: (-task.cost, task.name)))

        def collect(running: Iterator[TaskResult], batch: list[Task]) -> None:
            by_name = {task.name: task for task in batch}
            for result in running:
                results[result.name] = result
                if cache is not None and result.error is None:
                    cache.store(by_name[result.name], keys[result.name])

        to_build = [task for task in tasks if task not in kept]
        running = start(to_build)
        for task in kept:
            assert cache is not None
            if cache.restore(task, keys[task.name]):
                results[task.name] = TaskResult(task.name, 0.0, cached=True)
        collect(running, to_build)
        unsound = [task for task in kept if task.name not in results]  # a corrupt entry: built after all
        if any(result.error is not None for result in results.values()):
            results.update({task.name: TaskResult(task.name, 0.0, error=NOT_STARTED) for task in unsound})
        else:
            collect(start(unsound), unsound)
    if cache is not None:
        cache.evict()
    return [results[task.name] for task in tasks]


class ForkRunner:
    """One warm worker process (`python -m generator.tasks worker`) that forks a child per task."""

    def __init__(self, jobs: int, kinds: Sequence[str], env: Mapping[str, str]) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="handbook-tasks-"))
        self._log = tempfile.TemporaryFile()  # noqa: SIM115  (the worker's stray output, for a crash report)
        command = [sys.executable, "-m", "generator.tasks", "worker", "--jobs", str(jobs), "--warm", ",".join(kinds)]
        self.process = subprocess.Popen(
            command, env=_task_env(env, self.folder), stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._log, text=True,
            **_own_group(),
        )

    def run(self, tasks: Sequence[Task]) -> Iterator[TaskResult]:
        assert self.process.stdin is not None
        try:
            self.process.stdin.write(json.dumps([task.to_json() for task in tasks]) + "\n")
            self.process.stdin.flush()
        except OSError:
            pass  # the worker is gone: reported by _results, per task
        return self._results([task.name for task in tasks])

    def _results(self, names: list[str]) -> Iterator[TaskResult]:
        assert self.process.stdout is not None
        for _ in list(names):
            line = self.process.stdout.readline()
            if not line:
                break
            result = TaskResult.from_json(line)
            names.remove(result.name)
            yield result
        for name in names:
            yield TaskResult(name, 0.0, error=f"het bouwproces stopte onverwacht: {_tail(self._log)}")

    def close(self) -> None:
        _kill_group(self.process)
        for stream in (self.process.stdin, self.process.stdout):
            if stream is not None:
                with contextlib.suppress(OSError):
                    stream.close()
        self._log.close()
        shutil.rmtree(self.folder, ignore_errors=True)


def _task_env(env: Mapping[str, str], folder: Path) -> dict[str, str]:
    # the editions of one run share their compiled Jinja templates (templates/hooks/bytecode_cache.py);
    # a build with a cache keeps them there instead (`BuildCache.task_environ`)
    return {JINJA_ENV: str(folder / "jinja"), **env}


class ProcessRunner:
    """A fresh `python -m generator.tasks one` process per task, `jobs` at a time."""

    def __init__(self, jobs: int, env: Mapping[str, str]) -> None:
        self.jobs = jobs
        self.started = 0
        self.running: dict[str, tuple[subprocess.Popen[bytes], Path, IO[bytes]]] = {}
        self.folder = Path(tempfile.mkdtemp(prefix="handbook-tasks-"))
        self.env = _task_env(env, self.folder)

    def run(self, tasks: Sequence[Task]) -> Iterator[TaskResult]:
        waiting = list(tasks)
        while waiting and len(self.running) < self.jobs:
            self._start(waiting.pop(0))
        return self._results(waiting)

    def _results(self, waiting: list[Task]) -> Iterator[TaskResult]:
        failed = False
        while waiting or self.running:
            while waiting and not failed and len(self.running) < self.jobs:
                self._start(waiting.pop(0))
            if failed:
                yield from (TaskResult(task.name, 0.0, error=NOT_STARTED) for task in waiting)
                waiting = []
            for name, (process, result_file, log) in list(self.running.items()):
                status = process.poll()
                if status is None:
                    continue
                del self.running[name]
                result = _read_result(name, result_file, f"afsluitcode {status}: {_tail(log)}")
                log.close()
                failed = failed or result.error is not None
                yield result
            time.sleep(0.01)

    def _start(self, task: Task) -> None:
        self.started += 1
        result_file = self.folder / f"{self.started}.json"
        log = tempfile.TemporaryFile()  # noqa: SIM115
        command = [sys.executable, "-m", "generator.tasks", "one", str(result_file), task.to_json()]
        process = subprocess.Popen(command, env=self.env, stdin=subprocess.DEVNULL, stdout=log, stderr=log, **_own_group())
        self.running[task.name] = (process, result_file, log)

    def close(self) -> None:
        for process, _, log in self.running.values():
            _kill_group(process)
            log.close()
        self.running.clear()
        shutil.rmtree(self.folder, ignore_errors=True)


def _own_group() -> dict[str, Any]:
    """Popen options: the process leads a process group of its own, so that stopping it
    also stops what it started (forked children, engine processes)."""
    return {"process_group": 0} if hasattr(os, "killpg") else {}


def _kill_group(process: subprocess.Popen[Any]) -> None:
    """Kill a runner's process and everything in its group, and wait until they are gone,
    so nothing writes into the staging folder after the build removes it."""
    if hasattr(os, "killpg"):
        with contextlib.suppress(OSError):
            os.killpg(process.pid, signal.SIGKILL)
    elif process.poll() is None:
        process.kill()
    process.wait()
    deadline = time.monotonic() + 5
    while hasattr(os, "killpg") and time.monotonic() < deadline:
        try:
            os.killpg(process.pid, 0)  # orphaned children not yet reaped still count
        except OSError:
            return
        time.sleep(0.01)


def _read_result(name: str, result_file: Path, otherwise: str) -> TaskResult:
    try:
        return TaskResult.from_json(result_file.read_text(encoding="utf-8"))
    except (OSError, ValueError, KeyError):
        return TaskResult(name, 0.0, error=f"het bouwproces stopte onverwacht ({otherwise})")


def _tail(log: IO[bytes], limit: int = 2000) -> str:
    log.seek(0)
    return engine_output(log.read().decode("utf-8", "replace")[-limit:]) or "geen uitvoer"


# -- inside the worker and the task processes ---------------------------------------------


def die_with_parent() -> None:
    """Never outlive the process that started us: an interrupted or killed build must not
    leave engines writing into its staging folder. Linux: the kernel sends SIGKILL when the
    parent dies; elsewhere the parent kills its workers itself. Ctrl+C goes to the whole
    process group: the build process handles it (and stops us), so we ignore it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    parent = os.getppid()
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, int(signal.SIGKILL), 0, 0, 0)  # 1 = PR_SET_PDEATHSIG
    if os.getppid() != parent:  # the parent died before prctl: we are an orphan already
        os._exit(1)


def warm_up(kinds: Sequence[str]) -> None:
    """Import what every task of these kinds needs and no task changes."""
    for kind in kinds:
        for module in KINDS[kind].warm:
            importlib.import_module(module)
        prime = KINDS[kind].prime
        if prime is not None:
            prime()
    if any(kind.startswith("mkdocs") for kind in kinds):
        _cache_theme_listing()
    # what is loaded now is shared by every forked child: keep the garbage collector from
    # walking (and so copying) those pages in each child
    gc.collect()
    gc.freeze()


def _cache_theme_listing() -> None:
    """MkDocs lists every file of the theme (Material: 14,500, mostly icons) through
    `jinja2.FileSystemLoader.list_templates` in every build, 0.1–0.5 s each time, and
    offers no option or hook that runs early enough to avoid it. The installed theme
    folders do not change during a build, so the worker lists them once, before forking.
    This is the one patch of a library internal; an edition's own overrides are listed
    every time, and a test compares the result with Jinja's own listing."""
    import functools

    import jinja2
    from mkdocs import theme

    list_all = jinja2.FileSystemLoader.list_templates
    if getattr(list_all, "handbook_cached", False):
        return  # listed already (a second mkdocs kind warmed up)
    installed = set(theme.Theme(name="material").dirs)

    @functools.cache
    def list_installed(folder: str) -> tuple[str, ...]:
        return tuple(list_all(jinja2.FileSystemLoader([folder])))

    def list_templates(loader: jinja2.FileSystemLoader) -> list[str]:
        names: set[str] = set()
        for folder in loader.searchpath:
            names.update(list_installed(folder) if folder in installed else list_all(jinja2.FileSystemLoader([folder])))
        return sorted(names)

    list_templates.handbook_cached = True  # type: ignore[attr-defined]
    setattr(jinja2.FileSystemLoader, "list_templates", list_templates)  # noqa: B010  (mypy: method assignment)
    for folder in installed:
        list_installed(folder)


def _fork(task: Task, result_file: Path) -> int:
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid:
        return pid
    # the child: do the task, leave the result in a file, and exit without running the
    # parent's clean-up (atexit handlers, the temporary folder)
    code = 1
    try:
        die_with_parent()
        result_file.write_text(execute(task).to_json(), encoding="utf-8")
        code = 0
    finally:
        os._exit(code)


def run_forked(tasks: list[Task], jobs: int, report: Callable[[TaskResult], None], meanwhile: Callable[[], None]) -> None:
    """A forked child per task, `jobs` at a time; none new after a failure. `meanwhile`
    runs once, after the first children have started."""
    with tempfile.TemporaryDirectory(prefix="handbook-worker-") as results:
        running: dict[int, tuple[str, Path]] = {}
        waiting = list(tasks)
        failed = False
        while running or waiting:
            while waiting and not failed and len(running) < jobs:
                task = waiting.pop(0)
                result_file = Path(results) / f"{len(waiting)}.json"
                running[_fork(task, result_file)] = (task.name, result_file)
            if failed:
                for task in waiting:
                    report(TaskResult(task.name, 0.0, error=NOT_STARTED))
                waiting = []
                if not running:
                    break
            meanwhile()
            meanwhile = _nothing
            pid, status = os.wait()
            name, result_file = running.pop(pid)
            result = _read_result(name, result_file, _describe(status))
            failed = failed or result.error is not None
            report(result)


def _nothing() -> None:
    pass


def _describe(status: int) -> str:
    if os.WIFSIGNALED(status):
        return f"signaal {os.WTERMSIG(status)}"
    return f"afsluitcode {os.waitstatus_to_exitcode(status)}"


def _job_waiting() -> bool:
    """Has the build process sent the tasks yet?"""
    try:
        return bool(select.select([sys.stdin], [], [], 0)[0])
    except (OSError, ValueError):
        return False


def worker_main(jobs: int, kinds: list[str]) -> int:
    """Warm up, then run each line of tasks from stdin; one result line per task."""
    die_with_parent()
    cold = list(kinds)
    # Warm up for the first tasks, then for the others while the build process is still
    # loading and rendering; what is still cold when the tasks arrive (the PDFs: they come
    # last) is warmed after the first children have started, off the critical path.
    if cold:
        warm_up([cold.pop(0)])
    while cold and not _job_waiting():
        warm_up([cold.pop(0)])

    def report(result: TaskResult) -> None:
        print(result.to_json(), flush=True)

    def warm_the_rest() -> None:
        warm_up(cold)
        cold.clear()

    for line in sys.stdin:
        tasks = [Task.from_json(text) for text in json.loads(line)]
        run_forked(tasks, jobs, report, meanwhile=warm_the_rest)
    return 0


def main(argv: list[str]) -> int:
    if argv[:1] == ["one"]:
        die_with_parent()
        result_file, task = Path(argv[1]), Task.from_json(argv[2])
        result_file.write_text(execute(task).to_json(), encoding="utf-8")
        return 0
    if argv[:1] == ["worker"]:
        options: dict[str, Any] = dict(zip(argv[1::2], argv[2::2], strict=False))
        return worker_main(int(options.get("--jobs", "1")), [k for k in options.get("--warm", "").split(",") if k])
    print("gebruik: python -m generator.tasks worker [--jobs N] [--warm SOORTEN] | one RESULTAATBESTAND TAAK", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

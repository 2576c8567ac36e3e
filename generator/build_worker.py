"""Run the heavy tasks of a build (MkDocs editions, checklist PDFs) in a warmed-up process.

Every MkDocs run or WeasyPrint render in a fresh interpreter first pays for Python,
its imports (MkDocs, Material, its plugins and Markdown extensions; WeasyPrint, Pango),
finding the plugins' entry points and listing Material's 14,000 theme files. `build.py`
starts this worker when `handbook build` starts, so that cost is paid once, while the
build process is still loading and rendering the content. When the job arrives (one
JSON line on stdin) the worker forks one child per task, at most `--jobs` at a time, in
the order given (largest first): each child starts warm and does its task exactly as a
plain `mkdocs build --strict` or `handbook checklists` would. One scheduler for every
heavy task keeps the cores busy to the end. Where there is no fork (Windows) the worker
runs its tasks one after the other and `build.py` starts one worker per core instead.

Usage: python -m generator.build_worker [--jobs N] [--warm mkdocs,pdf] < job.json
The job, one line: {"environ": {NAME: VALUE}, "tasks": [TASK, ...]} where a task is
{"kind": "mkdocs", "id": ..., "config": ..., "site_dir": ...} or
{"kind": "pdf", "id": ..., "html": ..., "pdf": ...}.
Prints one JSON line per finished task ({"id": ..., "seconds": s}); when a task fails,
prints its messages and `FAILED <id>` to stderr, starts no new tasks and exits 1.
"""

from __future__ import annotations

import functools
import gc
import importlib
import io
import json
import logging
import os
import select
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

Task = dict[str, str]
Result = dict[str, Any]

WARM_IMPORTS = {
    "mkdocs": (
        "markdown",
        "mkdocs.commands.build",
        "mkdocs.config",
        "material.plugins.search.plugin",
        "material.plugins.offline.plugin",
    ),
    "pdf": ("weasyprint", "generator.checklists"),
}


def warm_up(kinds: list[str]) -> None:
    """Import and cache what every task of these kinds needs and no task changes."""
    for kind in kinds:
        for module in WARM_IMPORTS[kind]:
            importlib.import_module(module)
    if "mkdocs" in kinds:
        _cache_mkdocs_lookups()
    # what is loaded now is shared by every forked child: keep the garbage collector from
    # walking (and so copying) those pages in each child
    gc.collect()
    gc.freeze()


def _cache_mkdocs_lookups() -> None:
    import jinja2
    from mkdocs import plugins, theme

    # the installed plugins do not change during a build (an entry-point scan each time)
    plugins.get_plugins = functools.cache(plugins.get_plugins)
    # Material's theme folders (14,000 files, mostly icons) do not change either: list
    # them once; an edition's own overrides folder is listed every time
    list_all = jinja2.FileSystemLoader.list_templates
    installed = set(theme.Theme(name="material").dirs)

    @functools.cache
    def list_installed(folder: str) -> tuple[str, ...]:
        return tuple(list_all(jinja2.FileSystemLoader([folder])))

    def list_templates(loader: jinja2.FileSystemLoader) -> list[str]:
        names: set[str] = set()
        for folder in loader.searchpath:
            names.update(list_installed(folder) if folder in installed else list_all(jinja2.FileSystemLoader([folder])))
        return sorted(names)

    setattr(jinja2.FileSystemLoader, "list_templates", list_templates)  # noqa: B010  (mypy: method assignment)
    for folder in installed:
        list_installed(folder)


def build_edition(task: Task) -> Result:
    """One MkDocs edition, strict; MkDocs' messages go into the result, not to the terminal."""
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
        build(load_config(config_file=task["config"], site_dir=task["site_dir"], strict=True))
    except (MkDocsException, OSError) as error:
        return {"error": f"{messages.getvalue()}{error}".strip()}
    finally:
        logger.removeHandler(handler)
    return {}


def render_pdf(task: Task) -> Result:
    """One checklist PDF from its print page (`generator.checklists.render_checklist_pdf`)."""
    from generator.checklists import render_checklist_pdf

    try:
        pdf = render_checklist_pdf(Path(task["html"]).read_text(encoding="utf-8"))
        Path(task["pdf"]).write_bytes(pdf)
    except Exception as error:  # noqa: BLE001  (WeasyPrint raises many kinds; the message is what counts)
        return {"error": f"{type(error).__name__}: {error}"}
    return {}


RUNNERS: dict[str, Callable[[Task], Result]] = {"mkdocs": build_edition, "pdf": render_pdf}


def run_task(task: Task) -> Result:
    started = time.perf_counter()
    result = RUNNERS[task["kind"]](task)
    return result if "error" in result else {"seconds": time.perf_counter() - started}


def run_sequentially(tasks: list[Task], report: Callable[[str, Result], bool]) -> None:
    for task in tasks:
        if not report(task["id"], run_task(task)):
            return


def run_forked(
    tasks: list[Task], jobs: int, report: Callable[[str, Result], bool], meanwhile: Callable[[], None] = lambda: None
) -> None:
    """A forked child per task, `jobs` at a time; no new ones after a failure.
    `meanwhile` runs once, after the first children have started."""
    with tempfile.TemporaryDirectory(prefix="handbook-worker-") as results:
        running: dict[int, tuple[str, Path]] = {}
        waiting = list(tasks)
        failed = False
        while running or (waiting and not failed):
            while waiting and not failed and len(running) < jobs:
                task = waiting.pop(0)
                result_file = Path(results) / f"{len(waiting)}.json"
                running[_fork(task, result_file)] = (task["id"], result_file)
            meanwhile()
            meanwhile = lambda: None
            pid, status = os.wait()
            task_id, result_file = running.pop(pid)
            failed = not report(task_id, _read_result(result_file, status)) or failed


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
        result_file.write_text(json.dumps(run_task(task)), encoding="utf-8")
        code = 0
    finally:
        os._exit(code)


def _read_result(result_file: Path, status: int) -> Result:
    try:
        result: Result = json.loads(result_file.read_text(encoding="utf-8"))
        return result
    except (OSError, ValueError):
        return {"error": f"het bouwproces stopte onverwacht ({_describe(status)})"}


def _describe(status: int) -> str:
    if os.WIFSIGNALED(status):
        return f"signaal {os.WTERMSIG(status)}"
    return f"afsluitcode {os.waitstatus_to_exitcode(status)}"


def _option(argv: list[str], name: str, default: str) -> str:
    return argv[argv.index(name) + 1] if name in argv else default


def _job_waiting() -> bool:
    """Has the build process sent the job yet? (Where pipes cannot be polled: no.)"""
    try:
        return bool(select.select([sys.stdin], [], [], 0)[0])
    except (OSError, ValueError):
        return False


def main(argv: list[str]) -> int:
    jobs = int(_option(argv, "--jobs", "1"))
    cold = [kind for kind in _option(argv, "--warm", "mkdocs,pdf").split(",") if kind]
    forking = hasattr(os, "fork") and jobs > 1
    # Warm up for the first tasks, then for the others while the build process is still
    # loading and rendering; what is still cold when the job arrives (the PDFs: they come
    # last) is warmed after the first children have started, off the critical path.
    if cold:
        warm_up([cold.pop(0)])
    while cold and not _job_waiting():
        warm_up([cold.pop(0)])
    job = json.loads(sys.stdin.readline())  # one line: the build process may keep stdin open
    os.environ.update(job["environ"])
    failures: list[str] = []

    def report(task_id: str, result: Result) -> bool:
        if "error" in result:
            print(result["error"], file=sys.stderr)
            print(f"FAILED {task_id}", file=sys.stderr, flush=True)
            failures.append(task_id)
            return False
        print(json.dumps({"id": task_id, "seconds": result["seconds"]}), flush=True)
        return True

    if forking:
        run_forked(job["tasks"], jobs, report, meanwhile=lambda: warm_up(cold))
    else:
        run_sequentially(job["tasks"], report)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

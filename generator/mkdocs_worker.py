"""Build MkDocs editions in a warmed-up process that forks one child per edition.

A MkDocs run in a fresh interpreter pays about a third of a second before it reads a
page: Python start, importing MkDocs, Material, its plugins and Markdown extensions,
finding the plugins' entry points and listing Material's 14,000 theme files. `build.py`
starts this worker when `handbook build` starts, so that cost is paid once, while the
build process is still loading and rendering the content. When the job arrives (on
stdin), the worker forks one child per edition, at most `--jobs` at a time, largest
edition first: each child starts warm and builds its edition exactly like a plain
`mkdocs build --strict`. Where there is no fork (Windows), it builds its editions one
after the other and `build.py` starts one worker per core instead.

Usage: python -m generator.mkdocs_worker [--jobs N] < job.json
The job: {"environ": {NAME: VALUE}, "editions": [{"id": ..., "config": ..., "site_dir": ...}]}.
Prints one JSON line per built edition ({"edition": id, "seconds": s}); when an edition
fails, prints its messages and `FAILED <id>` to stderr and exits 1.
"""

from __future__ import annotations

import functools
import importlib
import io
import json
import logging
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

Result = dict[str, Any]


WARM_IMPORTS = (
    "markdown",
    "mkdocs.commands.build",
    "mkdocs.config",
    "material.plugins.search.plugin",
    "material.plugins.offline.plugin",
)


def warm_up() -> None:
    """Import and cache what every edition's build needs and no edition changes."""
    import jinja2
    from mkdocs import plugins, theme

    for module in WARM_IMPORTS:
        importlib.import_module(module)
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


def build_edition(config_file: str, site_dir: str) -> Result:
    """One edition, strict; the messages MkDocs logs go into the result, not to the terminal."""
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
    started = time.perf_counter()
    try:
        build(load_config(config_file=config_file, site_dir=site_dir, strict=True))
    except (MkDocsException, OSError) as error:
        return {"error": f"{messages.getvalue()}{error}".strip()}
    finally:
        logger.removeHandler(handler)
    return {"seconds": time.perf_counter() - started}


def build_sequentially(editions: list[dict[str, str]], report: Callable[[str, Result], bool]) -> None:
    for edition in editions:
        if not report(edition["id"], build_edition(edition["config"], edition["site_dir"])):
            return


def build_forked(editions: list[dict[str, str]], jobs: int, report: Callable[[str, Result], bool]) -> None:
    """A forked child per edition, `jobs` at a time; stop starting new ones after a failure."""
    with tempfile.TemporaryDirectory(prefix="handbook-worker-") as results:
        running: dict[int, str] = {}
        waiting = list(editions)
        failed = False
        while running or (waiting and not failed):
            while waiting and not failed and len(running) < jobs:
                edition = waiting.pop(0)
                running[_fork(edition, Path(results) / f"{edition['id']}.json")] = edition["id"]
            pid, status = os.wait()
            edition_id = running.pop(pid)
            result = _read_result(Path(results) / f"{edition_id}.json", status)
            failed = not report(edition_id, result) or failed


def _fork(edition: dict[str, str], result_file: Path) -> int:
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid:
        return pid
    # the child: build, leave the result in a file, and exit without running the
    # parent's clean-up (atexit handlers, the temporary folder)
    code = 1
    try:
        result = build_edition(edition["config"], edition["site_dir"])
        result_file.write_text(json.dumps(result), encoding="utf-8")
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


def main(argv: list[str]) -> int:
    jobs = int(argv[argv.index("--jobs") + 1]) if "--jobs" in argv else 1
    warm_up()
    job = json.load(sys.stdin)
    os.environ.update(job["environ"])
    failures: list[str] = []

    def report(edition_id: str, result: Result) -> bool:
        if "error" in result:
            print(result["error"], file=sys.stderr)
            print(f"FAILED {edition_id}", file=sys.stderr, flush=True)
            failures.append(edition_id)
            return False
        print(json.dumps({"edition": edition_id, "seconds": result["seconds"]}), flush=True)
        return True

    if hasattr(os, "fork") and jobs > 1:
        build_forked(job["editions"], jobs, report)
    else:
        build_sequentially(job["editions"], report)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

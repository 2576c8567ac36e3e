"""Serve: a live preview of one edition while editors change `content/` or `templates/`.

The edition is rendered into a private work folder that `mkdocs serve` builds and
serves with live reload. A watchdog observer re-runs load → validate → render on every
change and syncs the work folder (only changed files are rewritten, so MkDocs rebuilds
what changed and the browser reloads). Invalid content is reported and the work
folder keeps the last good version, so the preview keeps working.

A library module: it never prints; messages go through the `report` callback.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from generator.editions import COMPLETE, select_edition
from generator.load import load_content
from generator.output import sync_tree
from generator.pipeline import gc_paused
from generator.problems import ContentError, Problem, errors_in, sorted_problems, summary_line
from generator.render import ROOT_CONFIG, TEMPLATES_DIR, edition_config, render_edition
from generator.validate import validate

Report = Callable[[str], None]

QUIET_SECONDS = 0.3
"""Wait this long after the last change before regenerating: editors save in bursts."""
POLL_SECONDS = 0.1


@dataclass
class Preview:
    """One edition rendered into `work_dir`, regenerated on request."""

    content_dir: Path
    edition_id: str
    work_dir: Path
    report: Report
    last_problems: list[Problem] = field(default_factory=list)
    url_path: str = "/"
    """Where MkDocs serves the edition: the path of its site_url, e.g. `/praktijkgids/`."""

    def regenerate(self) -> bool:
        """Render the edition again; on content errors keep the last good files.

        Returns True when the work folder now reflects the content.
        """
        with gc_paused():
            return self._regenerate()

    def _regenerate(self) -> bool:
        loaded = load_content(self.content_dir)
        problems = [*loaded.problems, *validate(loaded)]
        self.last_problems = problems
        if errors_in(problems) or not loaded.complete or loaded.knowledge is None:
            self._report_problems(problems)
            self.report("De inhoud bevat fouten; het voorbeeld toont de laatste goede versie.")
            return False
        self._report_problems(problems)
        selected = select_edition(loaded.knowledge, self.edition_id)
        self.url_path = urlsplit(edition_config(selected)["site_url"]).path or "/"
        changed = sync_tree(self.work_dir, render_edition(selected).files)
        if changed:
            self.report(f"Bijgewerkt: {changed} bestand(en) opnieuw geschreven.")
        return True

    def _report_problems(self, problems: list[Problem]) -> None:
        for problem in sorted_problems(problems):
            self.report(str(problem))
        if problems:
            self.report(summary_line(problems))


class _ChangeFlag(FileSystemEventHandler):
    """Remembers when a watched file last changed (set from the observer's thread)."""

    def __init__(self, watched: list[Path]) -> None:
        self.changed_at: float | None = None
        self.lock = threading.Lock()
        self.watched = [path.resolve() for path in watched]

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in ("opened", "closed_no_write"):
            return  # reading a file is not a change
        paths = [event.src_path, getattr(event, "dest_path", "")]
        if not any(path and self._is_watched(Path(str(path))) for path in paths):
            return  # e.g. another file beside mkdocs.yml in the project folder
        with self.lock:
            self.changed_at = time.monotonic()

    def _is_watched(self, path: Path) -> bool:
        path = path.resolve()
        return any(path == watched or watched in path.parents for watched in self.watched)

    def take_if_quiet(self, quiet: float) -> bool:
        with self.lock:
            if self.changed_at is None or time.monotonic() - self.changed_at < quiet:
                return False
            self.changed_at = None
            return True


def mkdocs_serve_command(work_dir: Path, host: str, port: int) -> list[str]:
    # not strict: a preview should show a page with a broken link rather than nothing
    return [
        sys.executable, "-m", "mkdocs", "serve", "--no-strict",
        "-f", str(work_dir / "mkdocs.yml"), "-a", f"{host}:{port}", "-w", str(work_dir / "overrides"),
    ]


def serve(
    content_dir: Path,
    edition_id: str = COMPLETE,
    host: str = "127.0.0.1",
    port: int = 8000,
    report: Report = lambda message: None,
    stop: threading.Event | None = None,
) -> int:
    """Preview until `stop` is set, the server exits or the user interrupts.

    Raises ContentError when the content has errors at the start (there is no good
    version to show yet) and ValueError for an unknown edition. Returns the exit code
    of the server (0 after an interrupt or `stop`).
    """
    stop = stop or threading.Event()
    work_dir = Path(tempfile.mkdtemp(prefix="handbook-serve-"))
    try:
        # 1. first render: must succeed, or there is nothing to serve
        preview = Preview(Path(content_dir), edition_id, work_dir, report)
        if not preview.regenerate():
            raise ContentError(preview.last_problems)
        # 2. watch the knowledge and the templates
        flag = _ChangeFlag([Path(content_dir), TEMPLATES_DIR, ROOT_CONFIG])
        observer = Observer()
        for folder in (Path(content_dir), TEMPLATES_DIR):
            observer.schedule(flag, str(folder), recursive=True)
        # the root config sits in the project folder: watch that folder, keep only the file
        observer.schedule(flag, str(ROOT_CONFIG.parent), recursive=False)
        observer.start()
        # 3. the site server; it rebuilds when files in the work folder change
        server = subprocess.Popen(mkdocs_serve_command(work_dir, host, port), cwd=work_dir)
        report(f"Voorbeeld van editie '{edition_id}' op http://{host}:{port}{preview.url_path} (stoppen: Ctrl+C)")
        try:
            return _watch(preview, flag, server, stop)
        finally:
            observer.stop()
            stop_process(server)
            observer.join(timeout=5)
    finally:
        shutil.rmtree(work_dir, ignore_errors=True)


def _watch(preview: Preview, flag: _ChangeFlag, server: subprocess.Popen[bytes], stop: threading.Event) -> int:
    try:
        while not stop.is_set():
            code = server.poll()
            if code is not None:
                return code
            if flag.take_if_quiet(QUIET_SECONDS):
                preview.regenerate()
            stop.wait(POLL_SECONDS)
    except KeyboardInterrupt:
        pass
    return 0


def stop_process(server: subprocess.Popen[bytes]) -> None:
    """Terminate a child process, killing it when it does not stop within 10 s."""
    if server.poll() is not None:
        return
    server.terminate()
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()

"""Serve: a live preview of one edition while editors change `content/` or `templates/`.

The edition is rendered into a private work folder and built through the task runner,
with the build cache: an edition `handbook build` made before is not built again. A
small web server serves the site and tells the open pages to reload after each
rebuild. A watchdog observer re-runs load → validate → render on every change and
syncs the sources (only changed files are rewritten); then a warm forked MkDocs run
rebuilds only the pages whose Markdown changed (MkDocs' "dirty" build: well under a
second, where a full build of the complete edition takes more). Invalid content is
reported and the preview keeps the last good version.

Known limits of the quick rebuild (as with `mkdocs serve --dirty`): the search index
and the navigation of unchanged pages are those of the last full build; a restart of
`handbook serve` makes everything current again.

A library module: it never prints; messages go through the `report` callback.
"""

from __future__ import annotations

import errno
import http.server
import shutil
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from generator.cache import BuildCache
from generator.editions import COMPLETE, require_edition, select_edition
from generator.load import load_content
from generator.output import sync_tree
from generator.pipeline import gc_paused, source_date_epoch
from generator.problems import (
    ContentError,
    Problem,
    Refusal,
    errors_in,
    sorted_problems,
    summary_line,
)
from generator.render import ROOT_CONFIG, TEMPLATES_DIR, edition_config, render_edition
from generator.tasks import OutputCache, Runner, Task, failure_message, run_tasks, start_runner
from generator.validate import validate

Report = Callable[[str], None]

QUIET_SECONDS = 0.1
"""Wait this long after the last change before regenerating: editors save in bursts."""
POLL_SECONDS = 0.02
RELOAD_WAIT_SECONDS = 25.0
"""How long a page's reload request waits for a new build before asking again."""
RELOAD_PATH = "/.handbook/reload"


@dataclass
class Preview:
    """One edition rendered into `work_dir/src` and built into `work_dir/site`."""

    content_dir: Path
    edition_id: str
    work_dir: Path
    report: Report
    runner: Runner | None = None
    cache: OutputCache | None = None
    last_problems: list[Problem] = field(default_factory=list)
    url_path: str = "/"
    """Where the edition is served: the path of its site_url, e.g. `/praktijkgids/`."""
    version: int = 0
    """How many times the site was built; pages reload when it changes."""
    changed: threading.Condition = field(default_factory=threading.Condition)

    @property
    def site(self) -> Path:
        return self.work_dir / "site"

    def regenerate(self) -> bool:
        """Render and build the edition again; on content or build errors keep the last
        good site. Returns True when the site now reflects the content."""
        with gc_paused():
            rendered = self._render()
        if rendered is None:
            return False
        changed, epoch = rendered
        if self.version and not changed:
            return True
        return self._build(epoch)

    def _render(self) -> tuple[int, int] | None:
        loaded = load_content(self.content_dir)
        problems = [*loaded.problems, *validate(loaded)]
        self.last_problems = problems
        self._report_problems(problems)
        if errors_in(problems) or not loaded.complete or loaded.knowledge is None:
            self.report("De inhoud bevat fouten; het voorbeeld toont de laatste goede versie.")
            return None
        try:
            require_edition(loaded.knowledge, self.edition_id)
        except Refusal as refusal:
            if not self.version:
                raise  # at the start: the CLI says which editions there are
            self.report(f"{refusal}. Het voorbeeld toont de laatste goede versie.")
            return None
        selected = select_edition(loaded.knowledge, self.edition_id)
        self.url_path = urlsplit(edition_config(selected).get("site_url") or "/").path or "/"
        if not self.url_path.endswith("/"):
            self.url_path += "/"
        changed = sync_tree(self.work_dir / "src", render_edition(selected).files)
        if changed and self.version:
            self.report(f"Bijgewerkt: {changed} bestand(en) opnieuw geschreven.")
        return changed, source_date_epoch(loaded.knowledge)

    def _build(self, epoch: int) -> bool:
        source = str(self.work_dir / "src")
        if not self.version:
            # the first build is the one `handbook build` makes (and caches); when its strict
            # checks fail, a lenient preview still shows the pages
            fresh = self.work_dir / "site-new"
            shutil.rmtree(fresh, ignore_errors=True)
            task = Task("mkdocs", self.edition_id, (source,), str(fresh), env=(("SOURCE_DATE_EPOCH", str(epoch)),))
            [result] = run_tasks([task], runner=self.runner, cache=self.cache)
            if result.error is None:
                fresh.rename(self.site)
                return self._built()
        task = Task("mkdocs-preview", self.edition_id, (source,), str(self.site), env=(("SOURCE_DATE_EPOCH", str(epoch)),))
        [result] = run_tasks([task], runner=self.runner)
        if result.error is not None:
            self.report(failure_message(task, result))
            return False
        return self._built()

    def _built(self) -> bool:
        with self.changed:
            self.version += 1
            self.changed.notify_all()
        return True

    def wait_for_change(self, seen: int, timeout: float) -> int:
        with self.changed:
            self.changed.wait_for(lambda: self.version != seen, timeout=timeout)
            return self.version

    def _report_problems(self, problems: list[Problem]) -> None:
        for problem in sorted_problems(problems):
            self.report(str(problem))
        if problems:
            self.report(summary_line(problems))


# -- the web server ------------------------------------------------------------------------

_RELOAD_SCRIPT = """<script>(function(){var v=%d;function ask(){fetch("%s?v="+v,{cache:"no-store"})\
.then(function(r){return r.text()}).then(function(t){if(t!==String(v)){location.reload()}else{ask()}})\
.catch(function(){setTimeout(ask,1000)})}ask()})();</script>"""


def _handler(preview: Preview) -> type[http.server.SimpleHTTPRequestHandler]:
    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, directory=str(preview.site), **kwargs)

        def log_message(self, format: str, *args: Any) -> None:
            pass  # a preview's requests are not news

        def do_GET(self) -> None:
            url = urlsplit(self.path)
            if url.path == RELOAD_PATH:
                seen = int((parse_qs(url.query).get("v") or ["0"])[0] or 0)
                self._send(str(preview.wait_for_change(seen, RELOAD_WAIT_SECONDS)).encode(), "text/plain")
                return
            if not url.path.startswith(preview.url_path):
                self.send_response(302)
                self.send_header("Location", preview.url_path)
                self.end_headers()
                return
            relative = url.path[len(preview.url_path):] or "index.html"
            if relative.endswith("/"):
                relative += "index.html"
            self.path = "/" + relative
            if relative.endswith(".html"):
                self._send_page(relative)
            else:
                super().do_GET()

        def _send_page(self, relative: str) -> None:
            page = Path(self.translate_path("/" + relative))
            if not page.is_file():
                self.send_error(404)
                return
            version = preview.version
            html = page.read_bytes().replace(b"</body>", (_RELOAD_SCRIPT % (version, RELOAD_PATH)).encode() + b"</body>", 1)
            self._send(html, "text/html; charset=utf-8")

        def _send(self, body: bytes, content_type: str) -> None:
            self.send_response(200)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

    return Handler


def _server(preview: Preview, host: str, port: int) -> http.server.ThreadingHTTPServer:
    try:
        server = http.server.ThreadingHTTPServer((host, port), _handler(preview))
    except OSError as error:
        if error.errno == errno.EADDRINUSE:
            raise Refusal(f"poort {port} op {host} is al in gebruik; stop het andere programma of kies een andere poort met --port") from None
        if error.errno in (errno.EACCES, errno.EPERM):
            raise Refusal(f"je hebt geen toestemming om poort {port} te gebruiken; kies een poort boven 1024 met --port") from None
        raise Refusal(
            f"het voorbeeld kan niet starten op {host}:{port} ({error.strerror or error}); "
            "kies een ander adres met --host of een andere poort met --port"
        ) from None
    server.daemon_threads = True
    return server


# -- watching ------------------------------------------------------------------------------


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


def serve(
    content_dir: Path,
    edition_id: str = COMPLETE,
    host: str = "127.0.0.1",
    port: int = 8000,
    report: Report = lambda message: None,
    stop: threading.Event | None = None,
    cache: OutputCache | None = None,
) -> int:
    """Preview until `stop` is set or the user interrupts; returns 0.

    Raises ContentError when the content has errors at the start (there is no good
    version to show yet) and Refusal for an edition the content does not have or a port
    that is taken. `cache`: the build cache (default: the one `handbook build` uses).
    """
    stop = stop or threading.Event()
    work_dir = Path(tempfile.mkdtemp(prefix="handbook-serve-"))
    runner = start_runner(["mkdocs", "mkdocs-preview"], jobs=1)
    try:
        # 1. the first build: must succeed, or there is nothing to serve
        preview = Preview(Path(content_dir), edition_id, work_dir, report, runner, cache or BuildCache.default())
        if not preview.regenerate():
            raise ContentError(preview.last_problems)
        server = _server(preview, host, port)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        # 2. watch the knowledge and the templates
        flag = _ChangeFlag([Path(content_dir), TEMPLATES_DIR, ROOT_CONFIG])
        observer = Observer()
        for folder in (Path(content_dir), TEMPLATES_DIR):
            observer.schedule(flag, str(folder), recursive=True)
        # the root config sits in the project folder: watch that folder, keep only the file
        observer.schedule(flag, str(ROOT_CONFIG.parent), recursive=False)
        observer.start()
        report(f"Voorbeeld van editie '{edition_id}' op http://{host}:{port}{preview.url_path} (stoppen: Ctrl+C)")
        try:
            _watch(preview, flag, stop)
        finally:
            observer.stop()
            server.shutdown()
            server.server_close()
            observer.join(timeout=5)
        return 0
    finally:
        runner.close()
        shutil.rmtree(work_dir, ignore_errors=True)


def _watch(preview: Preview, flag: _ChangeFlag, stop: threading.Event) -> None:
    try:
        while not stop.is_set():
            if flag.take_if_quiet(QUIET_SECONDS):
                preview.regenerate()
            stop.wait(POLL_SECONDS)
    except KeyboardInterrupt:
        pass


def stop_process(server: Any) -> None:
    """Terminate a child process, killing it when it does not stop within 10 s."""
    import subprocess

    if server.poll() is not None:
        return
    server.terminate()
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()

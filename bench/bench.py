"""Build benchmark: where the time of `handbook build` goes, at 1x, 10x and 50x the content.

Plain Python, prints a table; not a test. Usage (from the repository root):

    python bench/bench.py                              # sizes 1,10; engines mkdocs,zensical
    python bench/bench.py --sizes 1,10,50 --engines zensical
    python bench/bench.py --sizes 1 --profile          # cProfile of load+validate+render
    python bench/bench.py --sizes 1 --repeat 3         # the compared builds 3x, fastest counts

Per size it measures, in this one process: load+validate, render (five editions in
memory), the data files + PDF checklists, each edition's site build and each PDF inside
`build_guide` (the code path of `handbook build`) and its total, the same build as a
fresh `handbook build` process (interpreter start and imports included), and one plain
`mkdocs build` of the complete edition's rendered sources (`handbook render`). At 1x it also measures the
regeneration of the sources after editing one content file (in-process, as `serve` does,
and as a fresh `handbook render` process) and the full build with --jobs 1 against the
default, to show the editions really overlap. The machine is shared and noisy: compare
ratios within one run; CPU seconds are printed beside wall seconds for in-process phases.

Synthetic content (10x, 50x) copies factors, recommendations, cases and glossary terms
with suffixed ids ("-x2", "-x3", ...); references inside a copy point at the same copy,
so every reference resolves and every copied factor is cited by a copied recommendation.
"""

from __future__ import annotations

import argparse
import cProfile
import functools
import os
import pstats
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.checklists import render_checklist_files
from generator.editions import select_editions
from generator.pipeline import (
    build_guide,
    knowledge_files,
    load_valid,
    render_all,
    render_sources,
)
from generator.problems import BuildError

T = TypeVar("T")
MULTIPLIED = ("factors", "recommendations", "cases", "glossary")
BUDGETS = (
    "full build <= 2.5x one plain mkdocs build of the complete edition",
    "load+validate+render <= 10% of the full build",
    "10x content: full build <= 12x the 1x full build",
    "regenerate sources after one edit <= 0.5 s at 1x",
    "first build with an empty cache <= 3.0x plain; rebuild after a one-file edit <= 1.5x plain (stretch 1.0x)",
    "serve: saving a one-recommendation edit to the page showing it <= 1 s",
)


# -- timing ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Timed:
    wall: float
    cpu: float
    """CPU seconds of this process and of the child processes it waited for."""


def _cpu() -> float:
    own = os.times()
    return own.user + own.system + own.children_user + own.children_system


def timed(action: Callable[[], T]) -> tuple[T, Timed]:
    wall, cpu = time.perf_counter(), _cpu()
    result = action()
    return result, Timed(time.perf_counter() - wall, _cpu() - cpu)


REPEAT = 1
"""--repeat: the builds compared in the budget run this many times; the fastest counts
(as timeit does: on a shared machine the slower runs measure the neighbours)."""


def best_of(action: Callable[[], T]) -> tuple[T, Timed]:
    runs = [timed(action) for _ in range(REPEAT)]
    return min(runs, key=lambda run: run[1].wall)


# -- synthetic content -------------------------------------------------------------------


def synthesize(source: Path, factor: int, target: Path) -> Path:
    """Copy `source` to `target` with factors, recommendations, cases and terms x `factor`."""
    shutil.copytree(source, target)
    if factor == 1:
        return target
    ids = _multiplied_ids(source)
    copies = [f"-x{k}" for k in range(2, factor + 1)]
    for folder in ("factors", "recommendations"):
        for path in sorted((source / folder).glob("*.yaml")):
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            for suffix in copies:
                copy = _suffixed(data, ids, suffix)
                if folder == "factors":
                    copy["number"] = data["number"] + 1000 * int(suffix[2:])
                    copy["name"] = f"{data['name']} ({suffix[2:]})"
                else:
                    for rec in copy["recommendations"]:
                        rec["checklist"] = f"{rec['checklist']} ({suffix[2:]})"
                _dump(target / folder / f"{path.stem}{suffix}.yaml", copy)
    for path in sorted((source / "cases").glob("*.md")):
        _, front, body = path.read_text(encoding="utf-8").split("---\n", 2)
        data = yaml.safe_load(front)
        for suffix in copies:
            copy = _suffixed(data, ids, suffix)
            copy["title"] = f"{data['title']} ({suffix[2:]})"
            text = "---\n" + yaml.safe_dump(copy, allow_unicode=True, sort_keys=False, width=100) + "---\n" + body
            (target / "cases" / f"{path.stem}{suffix}.md").write_text(text, encoding="utf-8")
    glossary = yaml.safe_load((source / "glossary.yaml").read_text(encoding="utf-8"))
    terms = list(glossary["terms"])
    for suffix in copies:
        for term in glossary["terms"]:
            copy = _suffixed(term, ids, suffix)
            copy["term"] = f"{term['term']} ({suffix[2:]})"
            terms.append(copy)
    _dump(target / "glossary.yaml", {**glossary, "terms": terms})
    return target


def _multiplied_ids(source: Path) -> set[str]:
    """Ids of the multiplied items and of everything nested in them (questions)."""
    ids: set[str] = set()
    for path in [*(source / "factors").glob("*.yaml"), *(source / "recommendations").glob("*.yaml"), source / "glossary.yaml"]:
        ids |= set(_ids_in(yaml.safe_load(path.read_text(encoding="utf-8"))))
    for path in (source / "cases").glob("*.md"):
        ids |= set(_ids_in(yaml.safe_load(path.read_text(encoding="utf-8").split("---\n", 2)[1])))
    return ids


def _ids_in(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        if isinstance(value.get("id"), str):
            yield value["id"]
        for item in value.values():
            yield from _ids_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from _ids_in(item)


# Keys whose values are (or list) ids of multiplied items; source ids such as
# 'apeldoorn' equal case ids, so a source citation must keep its value.
_ID_KEYS = {"id", "factor", "factors"}


def _suffixed(value: Any, ids: set[str], suffix: str, key: str = "") -> Any:
    """A deep copy where every id of a multiplied item points at this copy."""
    if isinstance(value, dict):
        return {name: _suffixed(item, ids, suffix, name) for name, item in value.items()}
    if isinstance(value, list):
        return [_suffixed(item, ids, suffix, key) for item in value]
    if isinstance(value, str) and key in _ID_KEYS and value in ids:
        return value + suffix
    return value


def _dump(path: Path, data: Any) -> None:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100), encoding="utf-8")


# -- measurements ------------------------------------------------------------------------


@dataclass
class SizeResult:
    size: int
    rows: list[tuple[str, str, Timed | None, str]] = field(default_factory=list)
    """(engine or '', what, time, note)"""
    full: dict[str, Timed] = field(default_factory=dict)
    """engine → the full build"""
    plain_mkdocs: Timed = Timed(0.0, 0.0)
    cli: dict[str, Timed] = field(default_factory=dict)
    """engine → `handbook build` as a fresh process (interpreter start and imports included)"""
    front: float = 0.0
    """load+validate+render wall seconds inside the full build (first engine)"""
    regen: Timed | None = None
    failed: dict[str, str] = field(default_factory=dict)
    """engine → why its full build failed"""

    def add(self, engine: str, what: str, t: Timed | None, note: str = "") -> None:
        self.rows.append((engine, what, t, note))
        print(f"  [{self.size}x] {engine or '-':8} {what:38} {_fmt(t)} {note}", flush=True)


def _fmt(t: Timed | None) -> str:
    if t is None:
        return " " * 33
    cpu = f"{t.cpu:8.2f}" if t.cpu else "       -"  # engine runs inside a parallel phase: no own CPU figure
    return f"{t.wall:8.2f} s wall {cpu} s cpu"


def measure_size(content: Path, size: int, engines: list[str], work: Path, jobs: int | None) -> SizeResult:
    result = SizeResult(size)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    # the phases in memory, each timed on its own
    (loaded, _), t = timed(lambda: load_valid(content))
    knowledge = loaded.knowledge
    assert knowledge is not None
    counts = ", ".join(f"{len(getattr(knowledge, name))} {name}" for name in MULTIPLIED)
    result.add("", "load+validate", t, counts)
    editions, t_select = timed(lambda: select_editions(knowledge))
    rendered, t = timed(lambda: render_all(editions))
    t += t_select
    pages = sum(1 for e in rendered for name in e.files if name.startswith("docs/") and name.endswith(".md"))
    result.add("", "render (5 editions, in memory)", t, f"{pages} pages")
    _, t = timed(lambda: knowledge_files(knowledge))
    result.add("", "kennisbank.json + schema", t)
    _, t = timed(lambda: render_checklist_files(editions))
    result.add("", "checklists (HTML + PDF)", t)
    # one plain mkdocs build of the complete edition, from `handbook render` output
    sources = work / f"src-{size}"
    render_sources(content, sources)
    command = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(sources / "volledig" / "mkdocs.yml"), "-d", str(work / f"plain-{size}")]
    _, t = best_of(lambda: subprocess.run(command, env=env, check=True, capture_output=True))
    result.plain_mkdocs = t
    result.add("mkdocs", "plain mkdocs build, complete edition", t)
    # the full build per engine, with its phases and each edition's engine run
    for engine in engines:
        try:
            _measure_engine(result, content, size, engine, work, jobs)
        except (BuildError, subprocess.CalledProcessError) as error:  # e.g. an engine's own limit at 50x
            message = error.stderr.decode() if isinstance(error, subprocess.CalledProcessError) else str(error)
            reason = message.strip().splitlines()[-1] if message.strip() else repr(error)
            result.add(engine, "FULL BUILD FAILED", None, reason)
            result.failed[engine] = reason
    return result


def _measure_engine(result: SizeResult, content: Path, size: int, engine: str, work: Path, jobs: int | None) -> None:
    site = work / f"site-{size}-{engine}"
    report, t = best_of(lambda: build_guide(content, _emptied(site), engine=engine, jobs=jobs))
    result.full[engine] = t
    if not result.front:
        result.front = report.phases["load+validate"] + report.phases["render"]
    for timing in report.task_timings:
        what = f"PDF: {timing.name}" if timing.name.endswith(".pdf") else f"site: {timing.name}"
        result.add(engine, f"  {what}", Timed(timing.seconds, 0.0), "(wall, in parallel)")
    summed = sum(timing.seconds for timing in report.task_timings)
    sites = report.phases["sites+PDFs"]
    result.add(engine, "  sites + PDFs phase", Timed(sites, 0.0), f"overlap {summed / sites:.2f}x")
    phases = ", ".join(f"{name} {seconds:.2f}" for name, seconds in report.phases.items())
    result.add(engine, "FULL BUILD", t, f"[{phases}]")
    # the same build again into the same --out: unchanged checklists keep their PDFs
    _, t = best_of(lambda: build_guide(content, site, engine=engine, jobs=jobs))
    result.add(engine, "full build again, same --out", t, "(PDFs of unchanged checklists reused)")
    # what a user waits for: `handbook build` in a new process, into a new folder
    command = [sys.executable, "-m", "generator.cli", "build", "--content", str(content), "--engine", engine]
    cli_site = work / f"cli-{size}-{engine}"
    _, t = best_of(lambda: subprocess.run([*command, "--out", str(_emptied(cli_site))], check=True, capture_output=True, cwd=ROOT))
    result.cli[engine] = t
    result.add(engine, "`handbook build` process, new --out", t, "(interpreter start and imports included)")


def _emptied(folder: Path) -> Path:
    """The folder, removed if it exists: each timed first build starts without a previous site."""
    shutil.rmtree(folder, ignore_errors=True)
    return folder


def measure_parallelism(content: Path, work: Path, engine: str) -> None:
    """The full build with one job against the default (all cores)."""
    for jobs in (1, None):
        _, t = timed(functools.partial(build_guide, content, work / f"jobs-{jobs}", engine=engine, jobs=jobs))
        print(f"  [1x] {engine:8} full build --jobs {jobs or os.cpu_count()}{'':23} {_fmt(t)}", flush=True)


def measure_regeneration(content: Path, work: Path) -> Timed:
    """Edit one content file, then regenerate every edition's sources into the same folder."""
    edited = work / "edit-content"
    shutil.copytree(content, edited)
    out = work / "edit-sources"
    render_sources(edited, out)  # the state before the edit, as in a running `serve`
    case = min((edited / "cases").glob("*.md"))
    case.write_text(case.read_text(encoding="utf-8") + "\nEen extra zin na de bewerking.\n", encoding="utf-8")
    written, t = timed(lambda: render_sources(edited, out))
    print(f"  [1x] {'-':8} {'regenerate after one edit (in-process)':38} {_fmt(t)} {written} files rewritten", flush=True)
    case.write_text(case.read_text(encoding="utf-8") + "\nNog een zin.\n", encoding="utf-8")
    command = [sys.executable, "-m", "generator.cli", "render", "--content", str(edited), "--out", str(out)]
    _, cold = timed(lambda: subprocess.run(command, check=True, capture_output=True, cwd=ROOT))
    print(f"  [1x] {'-':8} {'regenerate: `handbook render` process':38} {_fmt(cold)} (incl. interpreter start)", flush=True)
    return t


# -- the build cache and serve -------------------------------------------------------------


def edit_one_recommendation(content: Path) -> str:
    """Append a word to the checklist text of the first recommendation for exactly one
    audience (the edit of issue 17: it concerns that edition, the complete one and one
    checklist). Returns the new text, to look for in the served page."""
    for path in sorted((content / "recommendations").glob("*.yaml")):
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        checklist = -1
        for index, line in enumerate(lines):
            if line.startswith("  - id:"):
                checklist = -1
            elif line.startswith("    checklist: ") and not line.rstrip().endswith(("|", ">")):
                checklist = index
            elif line.startswith("    audiences: [") and "," not in line and checklist >= 0:
                text = lines[checklist].rstrip("\n").removeprefix("    checklist: ")
                marker = f"{text.rstrip('.')} (bewerkt {time.time_ns()})."
                lines[checklist] = f"    checklist: {marker}\n"
                path.write_text("".join(lines), encoding="utf-8")
                return marker.split(" (bewerkt")[1].rstrip(".)")
    raise SystemExit("no recommendation for exactly one audience to edit")


def _process(command: list[str], env: dict[str, str], cwd: Path) -> Callable[[], object]:
    return functools.partial(subprocess.run, command, env=env, check=True, capture_output=True, cwd=cwd)


CacheRow = tuple[str, str, Timed, Timed, float]
"""(engine, what, the fastest run, the plain build it is compared with, the median wall of the runs)."""


def measure_cache(content: Path, work: Path, engines: list[str]) -> list[CacheRow]:
    """Per engine, `handbook build` processes: a first build with an empty cache, and a
    rebuild into the same --out after a one-recommendation edit, against one plain
    build of the complete edition by that engine's own command (and by MkDocs). With
    --repeat N, each pair runs N times (a fresh content copy, cache and --out each time);
    the fastest counts, as for the plain build, and the median is shown beside it."""
    rows: list[CacheRow] = []
    sources = work / "cache-src"
    plain: dict[str, Timed] = {}
    for engine in ["mkdocs", *[e for e in engines if e != "mkdocs"]]:
        render_sources(content, sources / engine, engine=engine)
        config = sources / engine / "volledig" / "mkdocs.yml"
        if engine == "mkdocs":
            command = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(work / "cache-plain")]
        else:
            command = [sys.executable, "-m", "zensical", "build", "-f", str(config)]
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        build = _process(command, env, config.parent)

        def fresh(build: Callable[[], object] = build, folder: Path = config.parent) -> object:
            for left in ("site", ".cache"):  # Zensical's own output and cache: each run starts cold
                shutil.rmtree(folder / left, ignore_errors=True)
            return build()

        _, plain[engine] = best_of(fresh)
        print(f"  [1x] {engine:8} {'plain build, complete edition':38} {_fmt(plain[engine])}", flush=True)
    for engine in engines:
        firsts: list[Timed] = []
        agains: list[Timed] = []
        for run in range(REPEAT):
            edited = work / f"cache-content-{engine}-{run}"
            shutil.copytree(content, edited)
            env = {**os.environ, "HANDBOOK_CACHE": str(work / f"cache-{engine}-{run}")}
            out = work / f"cache-site-{engine}-{run}"
            command = [sys.executable, "-m", "generator.cli", "build", "--content", str(edited), "--out", str(out), "--engine", engine]
            firsts.append(timed(_process(command, env, ROOT))[1])
            print(f"  [1x] {engine:8} {'first build, empty cache (process)':38} {_fmt(firsts[-1])}", flush=True)
            edit_one_recommendation(edited)
            agains.append(timed(_process(command, env, ROOT))[1])
            print(f"  [1x] {engine:8} {'rebuild after one edit (process)':38} {_fmt(agains[-1])}", flush=True)
        for what, runs in (("first build, empty cache", firsts), ("rebuild after one edit", agains)):
            best, middle = min(runs, key=lambda t: t.wall), statistics.median(t.wall for t in runs)
            rows.append((engine, what, best, plain["mkdocs"], middle))
            if engine != "mkdocs":
                rows.append((engine, what.split(",")[0] + " / plain zensical", best, plain[engine], middle))
    return rows


def measure_serve(content: Path, work: Path, edits: int = 3) -> list[float]:
    """`handbook serve` (MkDocs), end to end as the page in a browser sees it: save a
    one-recommendation edit, wait on the reload request the page makes, fetch the page
    again and find the new text. Seconds per edit."""
    import socket
    import urllib.request

    edited = work / "serve-content"
    shutil.copytree(content, edited)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "HANDBOOK_CACHE": str(work / "serve-cache")}
    command = [sys.executable, "-m", "generator.cli", "serve", "--content", str(edited), "--port", str(port)]
    server = subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"

    def fetch(path: str, timeout: float = 30) -> str:
        with urllib.request.urlopen(base + path, timeout=timeout) as response:
            return str(response.read().decode("utf-8"))

    latencies = []
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                version = int(fetch("/.handbook/reload?v=-1"))
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise SystemExit(f"serve did not start: {server.stderr.read() if server.stderr else ''}") from None
                time.sleep(0.1)
        page = urllib.request.urlopen(base + "/").geturl().removeprefix(base) + "aanbevelingen/index.html"
        for _ in range(edits):
            time.sleep(1.0)  # an editor does not save twice within a second
            started = time.perf_counter()
            marker = edit_one_recommendation(edited)
            while True:
                version = int(fetch(f"/.handbook/reload?v={version}"))
                if marker in fetch(page):
                    break
            latencies.append(time.perf_counter() - started)
            print(f"  [1x] {'mkdocs':8} {'serve: edit to page':38} {latencies[-1]:8.2f} s wall", flush=True)
    finally:
        server.terminate()
        server.wait(timeout=30)
    return latencies


def print_cache_table(rows: list[CacheRow], serve_seconds: list[float]) -> None:
    print()
    print(f"`handbook build` processes, fastest of {REPEAT} (median beside it), against the plain build (fastest of {REPEAT})")
    print()
    print("| engine | what | `handbook build` wall | plain complete edition wall | ratio | median wall | median ratio |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for engine, what, t, plain, middle in rows:
        print(f"| {engine} | {what} | {t.wall:.2f} s | {plain.wall:.2f} s | {t.wall / plain.wall:.2f}x | {middle:.2f} s | {middle / plain.wall:.2f}x |")
    if serve_seconds:
        print(f"\nserve (MkDocs), save to page showing the edit: {', '.join(f'{s:.2f}' for s in serve_seconds)} s "
              f"(median {statistics.median(serve_seconds):.2f} s)")


def profile_front(content: Path) -> None:
    profiler = cProfile.Profile()
    profiler.enable()
    loaded, _ = load_valid(content)
    assert loaded.knowledge is not None
    render_all(select_editions(loaded.knowledge))
    profiler.disable()
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)


# -- report ------------------------------------------------------------------------------


def print_table(results: list[SizeResult], engines: list[str], regen: Timed | None) -> None:
    base = {r.size: r for r in results}.get(1)
    print()
    print("wall = elapsed seconds; cpu = CPU seconds of this process and its engine processes")
    print()
    print("| size | engine | plain mkdocs (complete) wall / cpu | full build wall / cpu | full / plain wall / cpu "
          "| `handbook build` process / plain wall | load+validate+render | share of full | full vs 1x wall / cpu |")
    print("|---:|---|---:|---:|---:|---:|---:|---:|---:|")
    for result in results:
        plain = result.plain_mkdocs
        for engine in engines:
            if engine in result.failed:
                print(f"| {result.size}x | {engine} | {plain.wall:.1f} s / {plain.cpu:.1f} s | failed: {result.failed[engine]} | | | | | |")
                continue
            full = result.full[engine]
            one = base.full.get(engine) if base else None
            scale = f"{full.wall / one.wall:.1f}x / {full.cpu / one.cpu:.1f}x" if one else "-"
            print(
                f"| {result.size}x | {engine} | {plain.wall:.1f} s / {plain.cpu:.1f} s | {full.wall:.1f} s / {full.cpu:.1f} s | "
                f"{full.wall / plain.wall:.2f}x / {full.cpu / plain.cpu:.2f}x | "
                f"{result.cli[engine].wall:.1f} s = {result.cli[engine].wall / plain.wall:.2f}x | {result.front:.2f} s | "
                f"{result.front / full.wall:.1%} | {scale} |"
            )
    if regen:
        print(f"\nregenerate sources after one edit (1x, in-process): {regen.wall:.2f} s wall, {regen.cpu:.2f} s cpu")
    print("\nbudgets: " + "; ".join(BUDGETS))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--content", type=Path, default=ROOT / "content")
    parser.add_argument("--sizes", default="1,10", help="content multiples, e.g. 1,10,50")
    parser.add_argument("--engines", default="mkdocs,zensical")
    parser.add_argument("--jobs", type=int, default=0, help="editions at once (0 = all cores)")
    parser.add_argument("--profile", action="store_true", help="cProfile load+validate+render per size")
    parser.add_argument("--skip-extras", action="store_true", help="skip the --jobs comparison and the regeneration")
    parser.add_argument("--repeat", type=int, default=1, help="run the compared builds N times, count the fastest")
    parser.add_argument("--cache-only", action="store_true", help="only the build cache and serve figures (1x)")
    args = parser.parse_args()
    global REPEAT
    REPEAT = max(1, args.repeat)
    sizes = [int(s) for s in args.sizes.split(",")]
    engines = [e for e in args.engines.split(",") if e]
    started = time.perf_counter()
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores, sizes {sizes}, engines {engines}, best of {REPEAT}", flush=True)
    results: list[SizeResult] = []
    regen: Timed | None = None
    with _workdir() as work:
        if args.cache_only or 1 in sizes:
            cache_rows = measure_cache(args.content, work, engines)
            serve_seconds = measure_serve(args.content, work, edits=max(3, REPEAT))
            print_cache_table(cache_rows, serve_seconds)
        if args.cache_only:
            print(f"\nbenchmark took {time.perf_counter() - started:.0f} s")
            return
        for size in sizes:
            content = synthesize(args.content, size, work / f"content-{size}") if size > 1 else args.content
            if args.profile:
                profile_front(content)
            results.append(measure_size(content, size, engines, work, args.jobs or None))
            if size == 1 and not args.skip_extras:
                regen = measure_regeneration(content, work)
                measure_parallelism(content, work, engines[0])
            for leftover in work.glob(f"*-{size}*"):
                shutil.rmtree(leftover, ignore_errors=True)
    print_table(results, engines, regen)
    print(f"\nbenchmark took {time.perf_counter() - started:.0f} s")


@contextmanager
def _workdir() -> Iterator[Path]:
    work = Path(tempfile.mkdtemp(prefix="handbook-bench-"))
    try:
        yield work
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

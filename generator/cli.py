"""The `handbook` command: thin click wrappers around the library functions.

The library never prints and never exits; this module prints results and picks
the exit code (0 fine, 1 content errors or a refused request).

Failures are sentences: content errors, refused requests (`Refusal`), failed engines
(`BuildError`) and failures of the machine (`OSError`: disk full, read-only, no
permission, busy port) print Dutch lines and exit 1. Anything else is a bug and shows
its traceback; `handbook --debug ...` shows the traceback of every failure.
"""

from __future__ import annotations

import contextlib
import gc
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click

from generator.problems import (
    BuildError,
    ContentError,
    Problem,
    Refusal,
    environment_message,
    errors_in,
    sorted_problems,
    summary_line,
)

content_option = click.option(
    "--content", "content_dir", type=click.Path(path_type=Path), default=Path("content"),
    show_default=True, help="Map met de inhoud (YAML en Markdown).",
)


class Refused(click.ClickException):
    """A user-facing failure: message only, exit code 1."""

    exit_code = 1

    def show(self, file: Any = None) -> None:
        click.echo(f"Fout: {self.format_message()}", err=True)


class _Handbook(click.Group):
    """The command group; turns the failures the user can act on into Dutch lines."""

    debug = False

    def main(self, args: Any = None, prog_name: str | None = None, complete_var: str | None = None, standalone_mode: bool = True, **extra: Any) -> Any:
        _Handbook.debug = False
        try:
            result = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click.ClickException as error:
            error.show()
            sys.exit(error.exit_code)
        except (click.Abort, KeyboardInterrupt, EOFError):
            click.echo("Afgebroken.", err=True)
            sys.exit(1)
        except ContentError as error:
            _report(error.problems)
            sys.exit(1)
        except (Refusal, BuildError, OSError) as error:
            if _Handbook.debug:
                raise
            message = environment_message(error) if isinstance(error, OSError) else str(error)
            click.echo(f"Fout: {message}", err=True)
            sys.exit(1)
        if not standalone_mode:
            return result
        sys.exit(result if isinstance(result, int) else 0)


@click.group(cls=_Handbook, help="Praktijkgids: bouw de online gids, edities en checklists uit content/.")
@click.option("--debug", is_flag=True, help="Toon bij een fout ook de technische details (traceback).")
def main(debug: bool) -> None:
    _Handbook.debug = debug


def _report(problems: list[Problem], summary: bool = True) -> None:
    for problem in sorted_problems(problems):
        click.echo(str(problem), err=True)
    if problems and summary:
        click.echo(summary_line(problems), err=True)


@main.command(help="Controleer de inhoud; exit 0 als alles klopt, 1 bij fouten.")
@content_option
def check(content_dir: Path) -> None:
    from generator.pipeline import check_content

    problems = check_content(content_dir)
    # the summary once: after the errors, or in the line that says all is well
    _report(problems, summary=bool(errors_in(problems)))
    if errors_in(problems):
        sys.exit(1)
    click.echo(f"De inhoud in '{content_dir}' is in orde. {summary_line(problems)}")


@main.command(help="Bouw de volledige gids, de edities per doelgroep en de checklists.")
@content_option
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=Path("site"), show_default=True)
@click.option("--engine", type=click.Choice(["mkdocs", "zensical"]), default="mkdocs", show_default=True)
@click.option("--jobs", type=int, default=0, help="Aantal edities tegelijk (0 = aantal processorkernen).")
@click.option("--no-cache", is_flag=True, help="Bouw alles opnieuw; gebruik en vul de bouwcache niet.")
@click.option(
    "--site-url", default=None, metavar="URL", callback=lambda ctx, param, value: _site_url(value),
    help="Adres waarop deze bouw online komt, bijv. https://gids.jouw-organisatie.nl/ (in plaats van site_url in guide.yaml).",
)
def build(content_dir: Path, out_dir: Path, engine: str, jobs: int, no_cache: bool, site_url: str | None) -> None:
    from generator.cache import BuildCache
    from generator.tasks import start_build_runner

    cache = None if no_cache else BuildCache.default()
    try:
        with _stopped_by_signals(out_dir):
            # the worker starts before the rest of the generator is imported: it warms the
            # engines meanwhile (both take about a quarter of a second)
            runner = start_build_runner(engine, jobs or None, cache.task_environ if cache is not None else None)
            try:
                from generator.pipeline import build_guide
                from generator.validate import placeholder_address

                if site_url and placeholder_address(site_url):
                    click.echo(f"Waarschuwing: --site-url '{site_url}' is een voorbeeldadres; de kaarten en checklists wijzen dan naar een adres dat niet bestaat.", err=True)
                report = build_guide(
                    content_dir, out_dir, engine=engine, jobs=jobs or None, cache=cache, site_url=site_url, runner=runner,
                )
            finally:
                runner.close()
    except ContentError as error:
        _report(error.problems)
        sys.exit(1)
    _report(report.warnings)
    click.echo(report.summary)
    # the interpreter's last garbage collection at exit walks every object the build made
    # (about 50 ms); frozen, they are left to the end of the process
    gc.freeze()


def _site_url(value: str | None) -> str | None:
    """An absolute http(s) address with a host (the rule for site_url in guide.yaml), else a
    usage error naming what is expected."""
    from generator.markdown import web_address_problem

    if value is None:
        return None
    reason = web_address_problem(value.strip())
    if reason:
        raise click.BadParameter(f"'{value}' is geen webadres: het {reason}; verwacht een adres als https://gids.jouw-organisatie.nl/")
    return value.strip()


class _Stopped(Exception):
    def __init__(self, signum: int) -> None:
        self.signum = signum


@contextlib.contextmanager
def _stopped_by_signals(out_dir: Path) -> Iterator[None]:
    """Ctrl+C and a plain `kill` (SIGTERM) stop a build the same way: the exception unwinds
    the build (its workers stopped, its staging folder removed) and one Dutch line says so."""
    import signal

    def stop(signum: int, frame: object) -> None:
        raise _Stopped(signum)

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    except (KeyboardInterrupt, _Stopped) as stopped:
        signum = stopped.signum if isinstance(stopped, _Stopped) else int(signal.SIGINT)
        click.echo(f"Bouwen afgebroken; '{out_dir}' is niet veranderd.", err=True)
        sys.exit(128 + signum)
    finally:
        signal.signal(signal.SIGTERM, previous)


@main.command(help="Schrijf alleen de gegenereerde bronnen: DIR/<editie>/mkdocs.yml en docs/.")
@content_option
@click.option("--out", "out_dir", type=click.Path(path_type=Path), required=True)
@click.option("--engine", type=click.Choice(["mkdocs", "zensical"]), default="mkdocs", show_default=True,
              help="Voor welke site-engine de mkdocs.yml geschreven wordt.")
def render(content_dir: Path, out_dir: Path, engine: str) -> None:
    from generator.pipeline import render_sources

    try:
        written = render_sources(content_dir, out_dir, engine=engine)
    except ContentError as error:
        _report(error.problems)
        sys.exit(1)
    click.echo(f"{written} bestanden geschreven in '{out_dir}'.")


@main.command(help="Maak alleen de printbare checklists: DIR/<doelgroep>.pdf en .html.")
@content_option
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=Path("site/checklists"), show_default=True)
@click.option("--audience", "audience_id", default=None, help="Alleen deze doelgroep, bijv. voorzitters.")
@click.option("--forms", is_flag=True, help="Invulbare vakjes in de PDF.")
def checklists(content_dir: Path, out_dir: Path, audience_id: str | None, forms: bool) -> None:
    from generator.pipeline import make_checklists

    try:
        report = make_checklists(content_dir, out_dir, audience_id, forms=forms)
    except ContentError as error:
        _report(error.problems)
        sys.exit(1)
    click.echo(f"Checklists in '{out_dir}': {report.summary}")


@main.command(help="Schrijf een JSON Schema per soort inhoudsbestand, voor controle en aanvulling in je editor.")
@click.option(
    "--out", "out_dir", type=click.Path(path_type=Path), default=Path("content/schemas"), show_default=True,
    help="Map voor de schema's; de inhoudsbestanden verwijzen naar content/schemas.",
)
def schema(out_dir: Path) -> None:
    from generator.schema import write_schemas

    try:
        changed = write_schemas(out_dir)
    except Refusal as error:
        raise Refused(str(error)) from None
    if not changed:
        click.echo(f"De schema's in '{out_dir}' zijn al actueel.")
        return
    click.echo(f"{len(changed)} schema('s) bijgewerkt in '{out_dir}': {', '.join(changed)}.")


@main.command(help="Maak een skelet voor een nieuw onderdeel: case, factor, recommendation of term.")
@click.argument("kind", metavar="SOORT", type=click.Choice(["case", "factor", "recommendation", "term"]))
@click.argument("item_id", metavar="ID")
@content_option
@click.option(
    "--file", "file_name", default=None,
    help="Alleen bij recommendation: het bestand recommendations/NAAM.yaml (standaard 'nieuw').",
)
def new(kind: str, item_id: str, content_dir: Path, file_name: str | None) -> None:
    from generator.scaffold import ScaffoldError, new_item

    try:
        made = new_item(content_dir, kind, item_id, file_name)
    except ScaffoldError as error:
        raise Refused(str(error)) from None
    action = "gemaakt" if made.created else "aangevuld"
    click.echo(f"'{made.path}' {action}. Vervang de teksten met 'VUL IN' en controleer met: handbook check")


@main.command(help="Begin een nieuwe gids: schrijf een kleine, geldige startgids in MAP (nieuw of leeg).")
@click.argument("target", metavar="MAP", type=click.Path(path_type=Path))
def init(target: Path) -> None:
    from generator.starter import init_guide

    written = init_guide(target)  # a folder that is not empty: a Refusal, said by the group
    click.echo(
        f"Startgids geschreven in '{target}' ({len(written)} bestanden). "
        f"Controleer met: handbook check --content {target}; bouw met: handbook build --content {target}"
    )


@main.command(help="Live voorbeeld op je eigen computer; wordt bijgewerkt als content/ of templates/ verandert.")
@content_option
@click.option(
    "--edition", "edition_id", default="volledig", show_default=True,
    help="'volledig' of een doelgroep uit audiences.yaml, bijv. voorzitters.",
)
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=int, default=8000, show_default=True)
def serve(content_dir: Path, edition_id: str, host: str, port: int) -> None:
    import signal
    import threading

    from generator.serve import serve as serve_preview

    # a plain `kill` (SIGTERM) stops as cleanly as Ctrl+C: the site server is ended too
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda signum, frame: stop.set())
    try:
        code = serve_preview(content_dir, edition_id, host, port, report=lambda line: click.echo(line, err=True), stop=stop)
    except ContentError as error:
        _report(error.problems)
        sys.exit(1)
    sys.exit(code)


if __name__ == "__main__":
    main()

"""The `handbook` command: thin click wrappers around the library functions.

The library never prints and never exits; this module prints results and picks
the exit code (0 fine, 1 content errors or a refused request).
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from generator.build import BuildError
from generator.problems import ContentError, Problem, errors_in, sorted_problems, summary_line

AUDIENCE_IDS = ("voorzitters", "deelnemers", "leidinggevenden", "bestuurders")
EDITION_IDS = ("volledig", *AUDIENCE_IDS)

content_option = click.option(
    "--content", "content_dir", type=click.Path(path_type=Path), default=Path("content"),
    show_default=True, help="Map met de inhoud (YAML en Markdown).",
)


class Refused(click.ClickException):
    """A user-facing failure: message only, exit code 1."""

    exit_code = 1


@click.group(help="Praktijkgids: bouw de online gids, edities en checklists uit content/.")
def main() -> None:
    pass


def _report(problems: list[Problem]) -> None:
    for problem in sorted_problems(problems):
        click.echo(str(problem), err=True)
    if problems:
        click.echo(summary_line(problems), err=True)


@main.command(help="Controleer de inhoud; exit 0 als alles klopt, 1 bij fouten.")
@content_option
def check(content_dir: Path) -> None:
    from generator.pipeline import check_content

    problems = check_content(content_dir)
    _report(problems)
    if errors_in(problems):
        sys.exit(1)
    click.echo(f"De inhoud in '{content_dir}' is in orde. {summary_line(problems)}")


@main.command(help="Bouw de volledige gids, de edities per doelgroep en de checklists.")
@content_option
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=Path("site"), show_default=True)
@click.option("--engine", type=click.Choice(["mkdocs", "zensical"]), default="mkdocs", show_default=True)
@click.option("--jobs", type=int, default=0, help="Aantal edities tegelijk (0 = aantal processorkernen).")
def build(content_dir: Path, out_dir: Path, engine: str, jobs: int) -> None:
    from generator.pipeline import build_guide

    try:
        report = build_guide(content_dir, out_dir, engine=engine, jobs=jobs or None)
    except ContentError as error:
        _report(error.problems)
        sys.exit(1)
    except (ValueError, BuildError) as error:
        raise Refused(str(error)) from None
    _report(report.warnings)
    click.echo(report.summary)


@main.command(help="Schrijf alleen de gegenereerde bronnen: DIR/<editie>/mkdocs.yml en docs/.")
@content_option
@click.option("--out", "out_dir", type=click.Path(path_type=Path), required=True)
def render(content_dir: Path, out_dir: Path) -> None:
    from generator.pipeline import render_sources

    try:
        written = render_sources(content_dir, out_dir)
    except ContentError as error:
        _report(error.problems)
        sys.exit(1)
    except ValueError as error:
        raise Refused(str(error)) from None
    click.echo(f"{written} bestanden geschreven in '{out_dir}'.")


if __name__ == "__main__":
    main()

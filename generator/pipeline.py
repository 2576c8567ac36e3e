"""The library's front door: check, render and build, each a list of pipeline phases.

load → validate → select → render → build; the CLI calls these and prints.
"""

from __future__ import annotations

from pathlib import Path

from generator.load import Loaded, load_content
from generator.problems import ContentError, Problem, errors_in
from generator.validate import validate


def check_content(content_dir: Path) -> list[Problem]:
    """Load and validate; return every problem (errors and warnings)."""
    loaded = load_content(content_dir)
    return [*loaded.problems, *validate(loaded)]


def load_valid(content_dir: Path) -> tuple[Loaded, list[Problem]]:
    """Load and validate; raise ContentError on any error, else return warnings."""
    loaded = load_content(content_dir)
    problems = [*loaded.problems, *validate(loaded)]
    if errors_in(problems) or loaded.knowledge is None:
        raise ContentError(problems)
    return loaded, problems

"""Where the generator's own files are: page templates, theme overrides, assets and the
base mkdocs.yml.

In the repository they stay where the project keeps them, `templates/` and `mkdocs.yml`
beside the package. A built wheel maps that same layout into the package as
`generator/_project/` (pyproject.toml: `package-dir` and `package-data`), so an installed
`handbook` finds them from any working folder. One lookup serves both cases.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PACKAGED_PROJECT = PACKAGE_DIR / "_project"
"""The project files inside an installed package (absent in a checkout)."""


def project_root() -> Path:
    """The folder holding `templates/` and `mkdocs.yml`: inside the installed package, or
    the repository around the package in a checkout."""
    return PACKAGED_PROJECT if (PACKAGED_PROJECT / "templates").is_dir() else PACKAGE_DIR.parent


PROJECT_ROOT = project_root()
TEMPLATES_DIR = PROJECT_ROOT / "templates"
BASE_CONFIG = PROJECT_ROOT / "mkdocs.yml"

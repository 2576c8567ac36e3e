"""The package stands on its own: a wheel installed the ordinary way builds a guide from
any folder, with the templates, base mkdocs.yml and assets it carries (issue 17, item 6).

Slow: it builds a wheel (pip fetches the build backend like any `pip install .`),
installs it into a fresh virtual environment and builds two guides with it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.starter import starter_files
from tests.conftest import ROOT, run_cli

PACKAGED = ("pyproject.toml", "README.md", "mkdocs.yml", "generator", "templates")
"""What a wheel is built from (a copy, so the checkout gets no build/ or egg-info)."""


def _run(command: list[str | Path], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([str(part) for part in command], cwd=cwd, env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 0, f"{command}:\n{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """A venv with the built wheel installed (dependencies from the system site-packages)."""
    base = tmp_path_factory.mktemp("package")
    source = base / "source"
    for name in PACKAGED:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            source.mkdir(exist_ok=True)
            shutil.copy2(ROOT / name, source / name)
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}  # no checkout on the path
    wheels = base / "wheels"
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--wheel-dir", wheels, source], base, env)
    (wheel,) = wheels.glob("praktijkgids-*.whl")
    venv = base / "venv"
    _run([sys.executable, "-m", "venv", "--system-site-packages", venv], base, env)
    bin_dir = venv / ("Scripts" if os.name == "nt" else "bin")
    # --force-reinstall: a praktijkgids in the system site-packages (an editable checkout) must not count
    _run([bin_dir / "python", "-m", "pip", "install", "--no-deps", "--force-reinstall", wheel], base, env)
    return bin_dir, env


@pytest.mark.slow
def test_wheel_carries_templates_and_config_and_is_used(installed: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    bin_dir, env = installed
    probe = "import generator.resources as r; print(r.PROJECT_ROOT); print(r.TEMPLATES_DIR.is_dir(), r.BASE_CONFIG.is_file())"
    lines = _run([bin_dir / "python", "-c", probe], tmp_path, env).stdout.splitlines()
    assert Path(lines[0]).is_relative_to(bin_dir.parent), "the installed package is used, not the checkout"
    assert lines[0].endswith("_project") and lines[1] == "True True"


@pytest.mark.slow
def test_installed_handbook_builds_the_bundled_guide_from_another_folder(installed: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    bin_dir, env = installed
    _run([bin_dir / "handbook", "build", "--content", ROOT / "content", "--out", "site"], tmp_path, env)
    for edition in ("", "voorzitters/", "bestuurders/"):
        assert (tmp_path / f"site/{edition}index.html").is_file()
        assert (tmp_path / f"site/{edition}feed.xml").is_file()
    assert (tmp_path / "site/checklists/voorzitters.pdf").is_file()


@pytest.mark.slow
def test_installed_handbook_inits_checks_and_builds_a_new_guide(installed: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    bin_dir, env = installed
    _run([bin_dir / "handbook", "init", "mijn-gids"], tmp_path, env)
    checked = _run([bin_dir / "handbook", "check", "--content", "mijn-gids"], tmp_path, env)
    assert "Geen problemen gevonden." in checked.stdout
    _run([bin_dir / "handbook", "build", "--content", "mijn-gids", "--out", "site"], tmp_path, env)
    assert (tmp_path / "site/index.html").is_file()
    assert (tmp_path / "site/deelnemers/nieuw.html").is_file()


# -- `handbook init` in the checkout (fast) -------------------------------------------


def test_init_writes_every_content_kind_and_passes_check(tmp_path: Path) -> None:
    from generator.load import CONTENT_KINDS, load_content

    result = run_cli("init", tmp_path / "gids")
    assert result.exit_code == 0, result.output
    loaded = load_content(tmp_path / "gids")
    assert loaded.complete and not loaded.problems
    assert loaded.knowledge is not None
    for kind in CONTENT_KINDS:
        assert list((tmp_path / "gids").glob(kind.pattern)), f"no {kind.pattern} in the starter guide"
    assert len(loaded.knowledge.audiences) in (1, 2)
    checked = run_cli("check", "--content", tmp_path / "gids")
    assert checked.exit_code == 0 and "Geen problemen gevonden." in checked.output
    assert (tmp_path / "gids/schemas/versions.schema.json").is_file()


def test_starter_guide_speaks_to_je_not_u() -> None:
    import re

    for name, data in starter_files().items():
        if not name.startswith("schemas/"):
            assert not re.search(r"\b(u|uw|U|Uw)\b", data.decode("utf-8")), name


def test_init_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    (tmp_path / "gids").mkdir()
    (tmp_path / "gids/notities.txt").write_text("blijft staan\n", encoding="utf-8")
    result = run_cli("init", tmp_path / "gids")
    assert result.exit_code == 1
    assert f"de map '{tmp_path / 'gids'}' is niet leeg" in result.stderr
    assert [p.name for p in (tmp_path / "gids").iterdir()] == ["notities.txt"]

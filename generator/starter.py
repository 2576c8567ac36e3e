"""`handbook init`: a small, valid starter guide for a new handbook.

The starter files live in `templates/init/` (every content kind once or twice, two
audiences, Dutch texts that say what belongs where); the JSON Schemas the files name
in their `$schema` line are generated from the model, so they always match it.
"""

from __future__ import annotations

from pathlib import Path

from generator import resources
from generator.problems import Refusal
from generator.schema import content_schemas

STARTER_DIR = resources.TEMPLATES_DIR / "init"
SCHEMAS_FOLDER = "schemas"


def starter_files() -> dict[str, bytes]:
    """Relative POSIX path → bytes of every file of the starter guide, schemas included."""
    files = {
        path.relative_to(STARTER_DIR).as_posix(): path.read_bytes()
        for path in sorted(STARTER_DIR.rglob("*"))
        if path.is_file()
    }
    files.update({f"{SCHEMAS_FOLDER}/{name}": text.encode("utf-8") for name, text in content_schemas().items()})
    return files


def init_guide(target: Path) -> list[Path]:
    """Write the starter guide into `target`, which must be new or empty."""
    if target.exists() and not target.is_dir():
        raise Refusal(f"'{target}' is een bestand; kies een nieuwe of lege map voor de gids")
    if target.is_dir() and any(target.iterdir()):
        raise Refusal(f"de map '{target}' is niet leeg; kies een nieuwe of lege map, zodat er niets overschreven wordt")
    written = []
    for relative, data in starter_files().items():
        path = target / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        written.append(path)
    return written

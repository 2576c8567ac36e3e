"""JSON Schemas for the content files, generated from the model, for editors' tools.

One schema per content kind (`load.CONTENT_KINDS`), written to `content/schemas/` and
named in each file's `# yaml-language-server: $schema=` line, so VS Code and other
editors complete and check as you type. Descriptions come from the Dutch attribute
docstrings in `model.py`; pydantic's titles (English field and class names) are
dropped so the editor shows Dutch only.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from generator.load import CONTENT_KINDS, ContentKind
from generator.model import ID_REGEX
from generator.output import (
    MARKER,
    marked_files,
    marker_text,
    refuse_foreign_out,
    refuse_unsafe_out,
    write_changed,
)
from generator.problems import Refusal

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_SUFFIX = ".schema.json"
FRONT_MATTER_FILLED_BY_LOADER = ("body",)
"""Fields the loader fills from the Markdown under the front matter: not for editors."""

ID_PATTERN: str = ID_REGEX
ID_DESCRIPTION = "Id: kleine letters, cijfers en koppeltekens, bijv. `gedeelde-opgave`."
ID_PATTERN_MESSAGE = "Geen geldige id: gebruik kleine letters, cijfers en koppeltekens (bijv. gedeelde-opgave)."


def schema_file_name(kind: ContentKind) -> str:
    return kind.name + SCHEMA_SUFFIX


def content_schema(kind: ContentKind) -> dict[str, Any]:
    """The JSON Schema of one content kind, with a Dutch title and descriptions."""
    generated = kind.file_model.model_json_schema()
    body = _without_titles(generated)
    if kind.front_matter:
        _drop_properties(body, FRONT_MATTER_FILLED_BY_LOADER)
    _describe_ids(body)
    body.setdefault("description", f"{kind.title}: het bestand `{kind.pattern}`.")
    if "$defs" in body:
        body["$defs"] = dict(sorted(body["$defs"].items()))
    # the root title names the file kind; the description is the model's docstring
    return {"$schema": SCHEMA_DIALECT, "title": kind.title, **body}


def content_schemas() -> dict[str, str]:
    """File name → JSON text for every content kind; same model, same bytes."""
    return {schema_file_name(kind): _json_text(content_schema(kind)) for kind in CONTENT_KINDS}


def write_schemas(out_dir: Path, content_dir: Path = Path("content")) -> list[str]:
    """Write the schemas into `out_dir`; rewrite only changed files, remove stale ones.

    Returns the names of files written or removed. Only the schema files this command
    wrote before (listed in the folder's marker) are ever removed; a folder with other
    files and no marker, or a content folder, is refused (`Refusal`).
    """
    wanted = content_schemas()
    refuse_unsafe_out(out_dir, {"de inhoudsmap": content_dir, "de werkmap": Path.cwd()})
    if (out_dir / "guide.yaml").exists():
        raise Refusal(f"--out '{out_dir}' is een inhoudsmap; schrijf de schema's in een eigen map, zoals 'content/schemas'")
    own = [path.name for path in out_dir.iterdir()] if out_dir.is_dir() else []
    if not set(own) <= set(wanted):  # a folder of only our schema files (as committed) is ours
        refuse_foreign_out(out_dir)
    changed = write_changed(out_dir, wanted, stale=marked_files(out_dir))
    write_changed(out_dir, {MARKER: marker_text("schema", wanted)})
    return changed


def _json_text(schema: dict[str, Any]) -> str:
    # key order is pydantic's (fields in reading order, which editors show); $defs sorted above
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def _without_titles(schema: Any) -> Any:
    """A copy without the `title` keyword; property names (even one called 'title') stay."""
    if isinstance(schema, list):
        return [_without_titles(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    result: dict[str, Any] = {}
    for key, value in schema.items():
        if key == "title":
            continue
        if key in ("properties", "$defs"):
            result[key] = {name: _without_titles(sub) for name, sub in value.items()}
        else:
            result[key] = _without_titles(value)
    return result


def _drop_properties(schema: dict[str, Any], names: tuple[str, ...]) -> None:
    for name in names:
        schema.get("properties", {}).pop(name, None)
        if name in schema.get("required", []):
            schema["required"].remove(name)


def _describe_ids(schema: Any) -> None:
    """Give every id field a Dutch explanation and a Dutch message for VS Code
    (`patternErrorMessage` is a yaml-language-server extension; validators ignore it)."""
    if isinstance(schema, list):
        for item in schema:
            _describe_ids(item)
        return
    if not isinstance(schema, dict):
        return
    if schema.get("pattern") == ID_PATTERN:
        schema.setdefault("description", ID_DESCRIPTION)
        schema["patternErrorMessage"] = ID_PATTERN_MESSAGE
    for value in schema.values():
        _describe_ids(value)

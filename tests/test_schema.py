"""`handbook schema`: the committed schemas are current, and the content validates against them."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from generator.load import CONTENT_KINDS, ContentKind, split_front_matter
from generator.pipeline import check_content
from generator.problems import errors_in
from generator.schema import content_schemas
from generator.yaml_reader import read_yaml
from tests.conftest import CONTENT, MINI, run_cli

SCHEMAS = CONTENT / "schemas"
SCHEMA_LINE = re.compile(r"^# yaml-language-server: \$schema=(\S+)\s*$", re.MULTILINE)


def _content_files(root: Path) -> list[tuple[ContentKind, Path]]:
    return [(kind, path) for kind in CONTENT_KINDS for path in sorted(root.glob(kind.pattern))]


def _data(kind: ContentKind, path: Path) -> Any:
    """The file's values exactly as the loader reads them (dates stay strings)."""
    text = path.read_text(encoding="utf-8")
    if kind.front_matter:
        split = split_front_matter(text, path.name)
        assert not isinstance(split, Exception) and isinstance(split, tuple), split
        text = split[0]
    document, problems = read_yaml(text, path.name)
    assert document is not None and not problems, problems
    return document.value


def _validator(kind: ContentKind) -> jsonschema.protocols.Validator:
    schema = json.loads(content_schemas()[f"{kind.name}.schema.json"])
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    return validator_class(schema)


def _schema_errors(kind: ContentKind, data: Any) -> list[str]:
    return sorted(f"{list(e.absolute_path)}: {e.message}" for e in _validator(kind).iter_errors(data))


def test_committed_schemas_are_current() -> None:
    fresh = content_schemas()
    committed = {path.name: path.read_text(encoding="utf-8") for path in SCHEMAS.glob("*.schema.json")}
    stale = sorted(name for name in fresh.keys() | committed.keys() if fresh.get(name) != committed.get(name))
    assert not stale, f"content/schemas is niet actueel ({', '.join(stale)}): voer `handbook schema` uit"


def test_one_schema_per_content_kind_with_dutch_title() -> None:
    schemas = {name: json.loads(text) for name, text in content_schemas().items()}
    assert sorted(schemas) == sorted(f"{kind.name}.schema.json" for kind in CONTENT_KINDS)
    assert schemas["factor.schema.json"]["title"] == "Succesfactor"
    assert schemas["case.schema.json"]["title"] == "Praktijkvoorbeeld"
    # the story is read from below the front matter, so it is not a front-matter field
    assert "body" not in schemas["case.schema.json"]["properties"]
    recommendation = schemas["recommendations.schema.json"]["$defs"]["Recommendation"]["properties"]
    assert recommendation["id"]["pattern"] == "^[a-z0-9][a-z0-9-]*$"
    assert recommendation["checklist"]["description"].startswith("Eén regel voor de checklist")
    kinds = schemas["recommendations.schema.json"]["$defs"]["EvidenceKind"]
    assert kinds["enum"] == [
        "formele-aanbeveling", "advies-auteur", "literatuur", "praktijksuggestie", "bevinding", "ontwerpvoorwaarde",
    ]


def _keyword_titles(schema: Any, at: str = "") -> list[str]:
    """Where the `title` keyword occurs (property names called 'title' do not count)."""
    if isinstance(schema, list):
        return [found for index, item in enumerate(schema) for found in _keyword_titles(item, f"{at}/{index}")]
    if not isinstance(schema, dict):
        return []
    found = [at] if "title" in schema else []
    for key, value in schema.items():
        children = value.items() if key in ("properties", "$defs") else [("", value)]
        found += [hit for name, child in children for hit in _keyword_titles(child, f"{at}/{key}/{name}")]
    return found


def test_every_definition_explains_itself_in_dutch() -> None:
    """pydantic's English titles are gone; every object type has a (Dutch) docstring."""
    for name, text in content_schemas().items():
        schema = json.loads(text)
        assert _keyword_titles(schema) == [""], f"{name}: a pydantic title slipped through"
        for definition_name, definition in schema.get("$defs", {}).items():
            assert definition.get("description"), f"{name}: {definition_name} needs a docstring in model.py"


def test_schema_command_writes_only_changes_and_removes_only_its_own(tmp_path: Path) -> None:
    out = tmp_path / "schemas"

    first = run_cli("schema", "--out", out)
    assert first.exit_code == 0, first.output + first.stderr
    assert first.output.startswith(f"15 schema('s) bijgewerkt in '{out}'")
    assert (out / "factor.schema.json").read_text(encoding="utf-8") == (SCHEMAS / "factor.schema.json").read_text(encoding="utf-8")
    # someone else's files in the folder stay, even when they are named like a schema
    (out / "oud.schema.json").write_text("{}\n", encoding="utf-8")
    (out / "notities.txt").write_text("blijft staan\n", encoding="utf-8")
    second = run_cli("schema", "--out", out)
    assert second.output == f"De schema's in '{out}' zijn al actueel.\n"
    assert (out / "oud.schema.json").read_text(encoding="utf-8") == "{}\n"
    # a schema this command wrote earlier and no longer makes is removed
    marker = out / ".handbook"
    marker.write_text(marker.read_text(encoding="utf-8") + "weg.schema.json\n", encoding="utf-8")
    (out / "weg.schema.json").write_text("{}\n", encoding="utf-8")
    third = run_cli("schema", "--out", out)
    assert third.output == f"1 schema('s) bijgewerkt in '{out}': weg.schema.json.\n"
    assert not (out / "weg.schema.json").exists()
    assert sorted(p.name for p in out.iterdir() if not p.name.endswith(".schema.json")) == [".handbook", "notities.txt"]


def test_schema_command_accepts_the_committed_folder_without_a_marker(tmp_path: Path) -> None:
    import shutil

    out = tmp_path / "schemas"
    shutil.copytree(SCHEMAS, out, ignore=shutil.ignore_patterns(".handbook"))
    result = run_cli("schema", "--out", out)
    assert result.output == f"De schema's in '{out}' zijn al actueel.\n"


def test_every_content_file_names_its_existing_schema() -> None:
    for kind, path in _content_files(CONTENT):
        match = SCHEMA_LINE.search(path.read_text(encoding="utf-8"))
        assert match, f"{path}: de regel '# yaml-language-server: $schema=...' ontbreekt"
        target = (path.parent / match.group(1)).resolve()
        assert target == (SCHEMAS / f"{kind.name}.schema.json").resolve(), f"{path}: verwijst naar {match.group(1)}"


def test_every_valid_content_file_validates_against_its_schema() -> None:
    # content/ is being written by others: files with check errors are for `check` to report
    broken = {Path(p.span.file).resolve() for p in errors_in(check_content(CONTENT))}
    checked = 0
    for kind, path in _content_files(CONTENT):
        if path.resolve() in broken:
            continue
        assert _schema_errors(kind, _data(kind, path)) == [], path
        checked += 1
    assert checked > 0


@pytest.mark.parametrize(("kind", "path"), _content_files(MINI), ids=lambda v: getattr(v, "name", str(v)))
def test_every_mini_fixture_file_validates_against_its_schema(kind: ContentKind, path: Path) -> None:
    assert _schema_errors(kind, _data(kind, path)) == []


def test_schema_rejects_what_check_rejects() -> None:
    factor = next(kind for kind in CONTENT_KINDS if kind.name == "factor")
    data = _data(factor, MINI / "factors" / "vertrouwen.yaml")
    data["sumary"] = data.pop("summary")
    data["cluster"] = "Richting"
    data["number"] = "twee"
    assert _schema_errors(factor, data) == [
        "['cluster']: 'Richting' does not match '^[a-z0-9][a-z0-9-]*$'",
        "['number']: 'twee' is not of type 'integer'",
        "[]: 'summary' is a required property",
        "[]: Additional properties are not allowed ('sumary' was unexpected)",
    ]

"""Load `content/` into a typed `Knowledge`, keeping the source position of every value.

Each file is read, parsed and validated on its own, so one bad file does not hide
the problems of the others; all problems come back together.
"""

from __future__ import annotations

import fnmatch
import os
import stat
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ValidationError

from generator import model
from generator.problems import Problem, Span, did_you_mean, errors_in
from generator.pydantic_messages import problems_from_validation_error
from generator.yaml_reader import Path as KeyPath
from generator.yaml_reader import SourceMap, YamlDocument, read_yaml

MAX_FILE_BYTES = 2_000_000
"""Larger files are refused: no content file needs this much, and parsing stays fast."""

IGNORED_NAMES = {"README.md", "FORMAT.md", "schemas"}
"""Entries in `content/` that are documentation or tooling, not knowledge."""

EDITOR_LEFTOVERS = (".#*", "*~", ".*.swp", ".*.swo", "#*#")
"""Lock and backup files of editors (Emacs, Vim, ...): skipped without a message."""


class AudiencesFile(model.Strict):
    audiences: list[model.Audience]


class SourcesFile(model.Strict):
    sources: list[model.Source]


class ClustersFile(model.Strict):
    clusters: list[model.Cluster]


class RolesFile(model.Strict):
    roles: list[model.Role]


class CompetenciesFile(model.Strict):
    competency_groups: list[model.CompetencyGroup]
    competencies: list[model.Competency]


class StrategiesFile(model.Strict):
    strategies: list[model.Strategy]


class PhasesFile(model.Strict):
    phases: list[model.Phase]


class RecommendationsFile(model.Strict):
    recommendations: list[model.Recommendation]


class GlossaryFile(model.Strict):
    terms: list[model.Term]


class VersionsFile(model.Strict):
    versions: list[model.Version]


FILE_KEY_TARGETS = {"terms": "glossary"}
"""File keys whose Knowledge field has another name (editors write `terms:`)."""

Shape = Literal["single", "item", "lists"]


@dataclass(frozen=True)
class ContentKind:
    """One kind of content file: where it lives, its model, where it goes in `Knowledge`."""

    name: str
    """Also the name of its JSON Schema (`schemas/<name>.schema.json`)."""
    pattern: str
    """Glob relative to the content folder."""
    file_model: type[BaseModel]
    shape: Shape
    """single: the file is one Knowledge field; item: the file is one item of the list
    `target`; lists: each field of the file extends the Knowledge list of the same name."""
    target: str = ""
    required: bool = False
    front_matter: bool = False
    title: str = ""
    """Dutch title for the schema and for messages."""


CONTENT_KINDS: tuple[ContentKind, ...] = (
    ContentKind("guide", "guide.yaml", model.Guide, "single", "guide", True, title="Gegevens van de gids"),
    ContentKind("audiences", "audiences.yaml", AudiencesFile, "lists", required=True, title="Doelgroepen"),
    ContentKind("sources", "sources.yaml", SourcesFile, "lists", required=True, title="Bronnen"),
    ContentKind("clusters", "clusters.yaml", ClustersFile, "lists", title="Clusters van succesfactoren"),
    ContentKind("factor", "factors/*.yaml", model.Factor, "item", "factors", title="Succesfactor"),
    ContentKind("roles", "roles.yaml", RolesFile, "lists", title="Rollen"),
    ContentKind("competencies", "competencies.yaml", CompetenciesFile, "lists", title="Competenties"),
    ContentKind("strategies", "strategies.yaml", StrategiesFile, "lists", title="Strategieën"),
    ContentKind("phases", "phases.yaml", PhasesFile, "lists", title="Fasen"),
    ContentKind(
        "recommendations", "recommendations/*.yaml", RecommendationsFile, "lists", title="Aanbevelingen"
    ),
    ContentKind("case", "cases/*.md", model.Case, "item", "cases", front_matter=True, title="Praktijkvoorbeeld"),
    ContentKind("glossary", "glossary.yaml", GlossaryFile, "lists", title="Woordenlijst"),
    ContentKind("zelfscan", "zelfscan.yaml", model.Zelfscan, "single", "zelfscan", title="Zelfscan"),
    ContentKind("kern", "kern.yaml", model.Kernen, "single", "kern", title="Kern per doelgroep"),
    ContentKind("versions", "versions.yaml", VersionsFile, "lists", title="Versies en wijzigingen"),
)


@dataclass(frozen=True)
class Origin:
    """Where one item (or a single-valued file) was read from."""

    source_map: SourceMap
    base: KeyPath
    """Path of the item inside its file, e.g. ('recommendations', 3)."""

    def span(self, *path: str | int) -> Span:
        return self.source_map.span((*self.base, *path))


@dataclass
class Loaded:
    """The result of loading: the knowledge (if it could be built) and where things came from."""

    knowledge: model.Knowledge | None
    origins: dict[str, list[Origin]] = field(default_factory=dict)
    """Per Knowledge field, the origin of each list item in order (single fields: one entry)."""
    problems: list[Problem] = field(default_factory=list)
    content_dir: Path = Path("content")
    failed_ids: dict[str, set[str]] = field(default_factory=dict)
    """Per Knowledge field, ids of items that failed to load (they still 'exist')."""

    @property
    def complete(self) -> bool:
        """True when every file loaded: the knowledge can be rendered."""
        return self.knowledge is not None and not errors_in(self.problems)

    def origin(self, collection: str, index: int = 0) -> Origin:
        return self.origins[collection][index]


def load_content(content_dir: Path, display_root: Path | None = None) -> Loaded:
    """Read every content file; return the knowledge plus all problems found so far."""
    content_dir = Path(content_dir)
    shown = _display_namer(content_dir, display_root)
    if not content_dir.is_dir():
        problem = Problem(Span(shown(content_dir)), f"de inhoudsmap '{shown(content_dir)}' bestaat niet", "een map met YAML-bestanden")
        return Loaded(None, problems=[problem], content_dir=content_dir)

    values: dict[str, Any] = {}
    origins: dict[str, list[Origin]] = {}
    problems: list[Problem] = []
    matched: set[Path] = set()
    failed_ids: dict[str, set[str]] = {}

    root = content_dir.resolve()
    for kind in CONTENT_KINDS:
        paths = sorted(path for path in content_dir.glob(kind.pattern) if not is_editor_leftover(path.name))
        matched.update(paths)
        if kind.required and not paths:
            problems.append(
                Problem(Span(shown(content_dir / kind.pattern)), f"het verplichte bestand '{kind.pattern}' ontbreekt", f"{kind.title} in '{kind.pattern}'")
            )
        for path in paths:
            unreadable = entry_problem(path, root, shown(path))
            if unreadable:
                problems.append(unreadable)
                _mark_unreadable(kind, path, failed_ids)
                continue
            _load_file(path, kind, shown(path), values, origins, failed_ids, problems)

    problems.extend(_unknown_files(content_dir, matched, shown))
    knowledge = _assemble(values)
    return Loaded(knowledge, origins, problems, content_dir, failed_ids)


def _display_namer(content_dir: Path, display_root: Path | None) -> Any:
    root = (display_root or Path.cwd()).resolve()

    def shown(path: Path) -> str:
        # the folder resolved, the name not: a link is shown where it is, not where it points
        resolved = path.absolute().parent.resolve() / path.name
        try:
            return str(resolved.relative_to(root))
        except ValueError:
            return str(path)

    return shown


def _load_file(
    path: Path,
    kind: ContentKind,
    name: str,
    values: dict[str, Any],
    origins: dict[str, list[Origin]],
    failed_ids: dict[str, set[str]],
    problems: list[Problem],
) -> None:
    read = _read_document(path, kind, name, problems)
    if read is None:
        _mark_unreadable(kind, path, failed_ids)
        return
    document, body = read
    raw = document.value
    if not isinstance(raw, dict):
        problems.append(Problem(document.source_map.span(()), f"het bestand bevat geen gegevens met sleutels maar een {_type_name(raw)}", f"{kind.title}: sleutels met waarden"))
        _mark_unreadable(kind, path, failed_ids)
        return
    if kind.front_matter:
        if "body" in raw:
            problems.append(Problem(document.source_map.span(("body",)), "'body' hoort niet in de kopgegevens", "het verhaal onder de tweede '---'-regel"))
            return
        raw = {**raw, "body": body}
    if kind.shape == "item" and "id" in raw and raw["id"] != path.stem:
        problems.append(
            Problem(document.source_map.span(("id",)), f"de id '{raw['id']}' past niet bij de bestandsnaam '{path.name}'", f"id '{path.stem}' (of hernoem het bestand)")
        )
    if kind.shape == "lists":
        _load_list_items(kind, raw, document.source_map, values, origins, failed_ids, problems)
        return
    try:
        parsed = kind.file_model.model_validate(raw)
    except ValidationError as error:
        problems.extend(problems_from_validation_error(error, document.source_map, kind.file_model))
        if kind.shape == "item" and isinstance(raw.get("id"), str):
            failed_ids.setdefault(kind.target, set()).add(raw["id"])
        return
    _merge(kind, parsed, document.source_map, values, origins)


def _read_document(path: Path, kind: ContentKind, name: str, problems: list[Problem]) -> tuple[YamlDocument, str] | None:
    """Read, decode and parse one file (front matter split off for cases)."""
    text, read_problems = read_text(path, name)
    problems.extend(read_problems)
    if text is None:
        return None
    body = ""
    line_offset = 0
    if kind.front_matter:
        split = split_front_matter(text, name)
        if isinstance(split, Problem):
            problems.append(split)
            return None
        first_body_line = body_start(text)
        text, body, line_offset = split
    document, yaml_problems = read_yaml(text, name, line_offset)
    problems.extend(yaml_problems)
    if document is None or yaml_problems:
        return None
    if kind.front_matter:
        # where the story starts (0-based, counted like the YAML's lines): problems in
        # the story are reported at their own line, not at the front matter's first
        document.source_map.positions[("body",)] = (first_body_line - 1 - line_offset, 0)
    return document, body


UNKNOWN = "*"
"""Marker in failed_ids: the whole collection could not be read, so any id may exist."""


def _mark_unreadable(kind: ContentKind, path: Path, failed_ids: dict[str, set[str]]) -> None:
    """Remember what an unreadable file would have defined, to avoid follow-up errors."""
    if kind.shape == "item":
        failed_ids.setdefault(kind.target, set()).add(path.stem)
    elif kind.shape == "lists":
        for name in kind.file_model.model_fields:
            failed_ids.setdefault(FILE_KEY_TARGETS.get(name, name), set()).add(UNKNOWN)


def _load_list_items(
    kind: ContentKind,
    raw: dict[str, Any],
    source_map: SourceMap,
    values: dict[str, Any],
    origins: dict[str, list[Origin]],
    failed_ids: dict[str, set[str]],
    problems: list[Problem],
) -> None:
    """Validate a list file item by item, so one bad item does not hide the rest.

    Ids of items that failed still count as existing, so references to them do not
    produce a second, misleading error.
    """
    fields = kind.file_model.model_fields
    shell: dict[str, list[Any]] = {name: [] for name in raw if name in fields}
    try:
        kind.file_model.model_validate({**raw, **shell})
    except ValidationError as error:
        problems.extend(problems_from_validation_error(error, source_map, kind.file_model))
    for name, info in fields.items():
        items = raw.get(name)
        if not isinstance(items, list):
            continue
        item_model = typing.get_args(info.annotation)[0]
        target = FILE_KEY_TARGETS.get(name, name)
        for index, item in enumerate(items):
            try:
                parsed = item_model.model_validate(item)
            except ValidationError as error:
                problems.extend(problems_from_validation_error(error, _Shifted(source_map, (name, index)), item_model))
                if isinstance(item, dict) and isinstance(item.get("id"), str):
                    failed_ids.setdefault(target, set()).add(item["id"])
                continue
            values.setdefault(target, []).append(parsed)
            origins.setdefault(target, []).append(Origin(source_map, (name, index)))


class _Shifted(SourceMap):
    """A view of a SourceMap whose paths start below `base` (for one list item)."""

    def __init__(self, inner: SourceMap, base: KeyPath) -> None:
        super().__init__(inner.file, inner.line_offset, inner.positions)
        self.base = base

    def span(self, path: KeyPath) -> Span:
        return super().span((*self.base, *path))


def _merge(
    kind: ContentKind,
    parsed: BaseModel,
    source_map: SourceMap,
    values: dict[str, Any],
    origins: dict[str, list[Origin]],
) -> None:
    if kind.shape == "single":
        values[kind.target] = parsed
        origins[kind.target] = [Origin(source_map, ())]
    elif kind.shape == "item":
        values.setdefault(kind.target, []).append(parsed)
        origins.setdefault(kind.target, []).append(Origin(source_map, ()))
    else:
        for name in type(parsed).model_fields:
            items = getattr(parsed, name)
            target = FILE_KEY_TARGETS.get(name, name)
            values.setdefault(target, []).extend(items)
            origins.setdefault(target, []).extend(Origin(source_map, (name, i)) for i in range(len(items)))


def is_editor_leftover(name: str) -> bool:
    return any(fnmatch.fnmatchcase(name, pattern) for pattern in EDITOR_LEFTOVERS)


_SPECIAL_FILES = (
    (stat.S_ISFIFO, "een named pipe (FIFO)"),
    (stat.S_ISCHR, "een apparaat (character device)"),
    (stat.S_ISBLK, "een apparaat (block device)"),
    (stat.S_ISSOCK, "een socket"),
)


def entry_problem(path: Path, root: Path, name: str) -> Problem | None:
    """Why `path` cannot be a content file, judged without opening it (a FIFO would block,
    a device never end); None for a regular file inside the content folder `root`."""
    shown = path.name
    try:
        if path.is_symlink():
            target = os.readlink(path)
            try:
                resolved = path.resolve(strict=True)
            except (OSError, RuntimeError):
                return Problem(Span(name), f"'{shown}' is een koppeling (symlink) naar '{target}', dat niet bestaat", "een gewoon bestand, of een koppeling naar een bestaand bestand in de inhoudsmap")
        else:
            resolved = path.resolve()
        if not resolved.is_relative_to(root):
            return Problem(Span(name), f"'{shown}' verwijst naar '{resolved}', buiten de inhoudsmap", "een gewoon bestand in de inhoudsmap; kopieer het bestand in plaats van ernaar te verwijzen")
        mode = resolved.stat().st_mode
    except OSError as error:
        return Problem(Span(name), f"'{shown}' kan niet gelezen worden ({error.strerror or error})", "een leesbaar bestand; controleer de rechten")
    if stat.S_ISDIR(mode):
        return Problem(Span(name), f"'{shown}' is een map, geen bestand", "een bestand met deze naam; hernoem de map")
    for test, what in _SPECIAL_FILES:
        if test(mode):
            return Problem(Span(name), f"'{shown}' is geen gewoon bestand maar {what}", "een gewoon tekstbestand")
    return None


def _read_limited(path: Path) -> tuple[bytes, int] | None:
    """The bytes of a regular file, read up to MAX_FILE_BYTES + 1, and its size.

    Opened without blocking and checked after opening, so a file swapped for a FIFO or
    a device after `entry_problem` is refused rather than read."""
    descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    with os.fdopen(descriptor, "rb") as handle:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            return None
        return handle.read(MAX_FILE_BYTES + 1), info.st_size


def read_text(path: Path, name: str) -> tuple[str | None, list[Problem]]:
    """Read a file as UTF-8 text; refuse too large files, other encodings and a BOM."""
    try:
        read = _read_limited(path)
    except OSError as error:
        return None, [Problem(Span(name), f"'{path.name}' kan niet gelezen worden ({error.strerror or error})", "een leesbaar bestand; controleer de rechten")]
    if not isinstance(read, tuple):
        return None, [Problem(Span(name), f"'{path.name}' is geen gewoon bestand", "een gewoon tekstbestand")]
    data, size = read
    if len(data) > MAX_FILE_BYTES:
        size = max(size, len(data))
        return None, [Problem(Span(name), f"het bestand is te groot ({size} bytes)", f"hoogstens {MAX_FILE_BYTES} bytes; splits het op")]
    if data.startswith(b"\xef\xbb\xbf"):
        return None, [Problem(Span(name), "het bestand begint met een byte-order mark (BOM)", "UTF-8 zonder BOM; sla het op als 'UTF-8' in plaats van 'UTF-8 met BOM'")]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        return None, [Problem(Span(name, line, column), f"ongeldige tekens: byte 0x{data[error.start]:02x} is geen UTF-8", "een bestand in UTF-8-codering")]
    if not text.strip():
        return None, [Problem(Span(name), "het bestand is leeg", "inhoud volgens het schema")]
    return text, []


def split_front_matter(text: str, name: str) -> tuple[str, str, int] | Problem:
    """Split `---` front matter from the Markdown body: (yaml, body, lines before yaml)."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip() != "---":
        return Problem(Span(name), "de kopgegevens ontbreken: de eerste regel moet '---' zijn", "'---', YAML-kopgegevens, '---', dan het verhaal")
    for index in range(1, len(lines)):
        if lines[index].rstrip() == "---":
            return "".join(lines[1:index]), "".join(lines[index + 1 :]).strip() + "\n", 1
    return Problem(Span(name, 1, 1), "de kopgegevens worden niet afgesloten met een regel '---'", "een tweede regel met alleen '---'")


def body_start(text: str) -> int:
    """The 1-based line where the story of a front-matter file starts (its first non-blank line)."""
    lines = text.splitlines()
    closing = next((index for index in range(1, len(lines)) if lines[index].rstrip() == "---"), len(lines))
    line = closing + 1
    while line < len(lines) and not lines[line].strip():
        line += 1
    return line + 1


def _unknown_files(content_dir: Path, matched: set[Path], shown: Any) -> list[Problem]:
    problems = []
    patterns = [kind.pattern for kind in CONTENT_KINDS]
    for path in sorted(content_dir.rglob("*")):
        relative = path.relative_to(content_dir)
        if any(part.startswith(".") or part in IGNORED_NAMES for part in relative.parts):
            continue
        if is_editor_leftover(path.name) or path in matched:
            continue
        if path.is_dir() and not path.is_symlink():
            continue
        odd = entry_problem(path, content_dir.resolve(), shown(path))
        if odd:
            problems.append(odd)
            continue
        problems.append(
            Problem(Span(shown(path)), f"het bestand '{relative}' past bij geen enkele soort inhoud", "een van: " + ", ".join(patterns), _suggest_pattern(str(relative), patterns))
        )
    return problems


def _suggest_pattern(relative: str, patterns: list[str]) -> str:
    for pattern in patterns:
        stem = pattern.rsplit(".", 1)[0]
        if fnmatch.fnmatch(relative, stem + ".*") or fnmatch.fnmatch(relative.lower(), pattern):
            return f"bedoelde je '{pattern}'?"
    return did_you_mean(relative, patterns)


def _assemble(values: dict[str, Any]) -> model.Knowledge:
    """Put the loaded parts together; without validation, since parts may be missing
    after errors (the checks still run on what did load)."""
    for name, info in model.Knowledge.model_fields.items():
        if name not in values:
            values[name] = [] if info.annotation is not None and "list" in str(info.annotation) else None
    return model.Knowledge.model_construct(**values)


def _type_name(value: Any) -> str:
    return {list: "lijst", str: "tekst", int: "getal", float: "getal", bool: "ja/nee-waarde"}.get(type(value), type(value).__name__)

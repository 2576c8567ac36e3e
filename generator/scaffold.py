"""Scaffold: `handbook new KIND ID` writes a commented, valid skeleton for an editor to fill in.

Cases and factors get a file of their own; a recommendation or a term is appended to
a list file, leaving what is already there byte for byte. A skeleton must pass
`handbook check`, so required references point at ids that exist (the first of their
kind, marked as examples) and texts hold a 'VUL IN' placeholder, which `check` warns
about until it is replaced. The wording of the skeletons lives in `templates/scaffold/`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from generator import resources
from generator.load import Loaded, load_content
from generator.model import ID_REGEX, EvidenceKind
from generator.problems import did_you_mean
from generator.validate import NAMES
from generator.yaml_reader import read_yaml

TEMPLATES_DIR = resources.TEMPLATES_DIR / "scaffold"
ID_PATTERN = re.compile(ID_REGEX)


@dataclass(frozen=True)
class ItemKind:
    """What `new` can make: the Knowledge collection, and the file it goes in."""

    collection: str
    own_file: str = ""
    """Pattern of a file per item ('{id}' is replaced); empty for items in a list file."""
    list_key: str = ""
    """For list files: the top-level key holding the list."""
    header: str = ""
    """For list files: the template that starts a new file."""


KINDS: dict[str, ItemKind] = {
    "case": ItemKind("cases", own_file="cases/{id}.md"),
    "factor": ItemKind("factors", own_file="factors/{id}.yaml"),
    "recommendation": ItemKind("recommendations", list_key="recommendations", header="recommendations.yaml.j2"),
    "term": ItemKind("glossary", list_key="terms", header="glossary.yaml.j2"),
}

DEFAULT_RECOMMENDATIONS_FILE = "nieuw"


class ScaffoldError(ValueError):
    """The skeleton cannot be written; the message says why, in Dutch."""


@dataclass(frozen=True)
class Scaffold:
    path: Path
    created: bool
    """True for a new file, False when the item was appended to an existing one."""


def new_item(content_dir: Path, kind_name: str, item_id: str, file_name: str | None = None) -> Scaffold:
    """Write a skeleton for a new item of `kind_name` with `item_id` into `content_dir`.

    `file_name` picks the recommendations file (`recommendations/<file_name>.yaml`);
    a source with that id becomes the skeleton's example citation.
    """
    kind = _kind(kind_name)
    _refuse_bad_id(item_id)
    loaded = load_content(content_dir)
    _refuse_existing_id(loaded, kind, item_id)
    context = _context(loaded, item_id, file_name)
    if kind.own_file:
        return _write_own_file(content_dir / kind.own_file.format(id=item_id), kind_name, context)
    target = _list_file(content_dir, kind_name, file_name)
    return _append_item(target, kind, kind_name, context)


def _kind(kind_name: str) -> ItemKind:
    if kind_name not in KINDS:
        hint = did_you_mean(kind_name, list(KINDS))
        raise ScaffoldError(f"onbekende soort '{kind_name}'; verwacht: een van: {', '.join(KINDS)}" + (f" ({hint})" if hint else ""))
    return KINDS[kind_name]


def _refuse_bad_id(item_id: str) -> None:
    if not ID_PATTERN.fullmatch(item_id):
        suggestion = re.sub(r"[^a-z0-9-]+", "-", item_id.lower()).strip("-")
        hint = f" (bijvoorbeeld '{suggestion}')" if suggestion and ID_PATTERN.fullmatch(suggestion) else ""
        raise ScaffoldError(
            f"'{item_id}' is geen geldige id; verwacht: kleine letters, cijfers en koppeltekens, "
            f"beginnend met een letter of cijfer{hint}"
        )


def _refuse_existing_id(loaded: Loaded, kind: ItemKind, item_id: str) -> None:
    if item_id in _ids(loaded, kind.collection):
        raise ScaffoldError(f"er is al een {NAMES[kind.collection]} met de id '{item_id}'; kies een andere id")
    if kind.own_file and (loaded.content_dir / kind.own_file.format(id=item_id)).exists():
        raise ScaffoldError(f"het bestand '{kind.own_file.format(id=item_id)}' bestaat al; kies een andere id")


def _ids(loaded: Loaded, collection: str) -> list[str]:
    """Ids in load order, including those of items that failed to load."""
    items = getattr(loaded.knowledge, collection, None) or []
    known = [item.id for item in items]
    return known + sorted(loaded.failed_ids.get(collection, set()) - set(known))


def _context(loaded: Loaded, item_id: str, file_name: str | None) -> dict[str, Any]:
    """Ids the skeleton may refer to: the first existing one of each kind is the example."""
    sources = _ids(loaded, "sources")
    factors = _ids(loaded, "factors")
    numbers = [factor.number for factor in (loaded.knowledge.factors if loaded.knowledge else [])]
    lists = {name: _ids(loaded, name) for name in ("audiences", "clusters", "roles", "strategies", "phases")}
    return {
        "id": item_id,
        "source": file_name if file_name in sources else _first(sources, "bron"),
        "factor": _first(factors, "succesfactor"),
        "cluster": _first(lists["clusters"], "cluster"),
        "audience": _first(lists["audiences"], "doelgroep"),
        "number": max(numbers, default=0) + 1,
        "sources": ", ".join(sources),
        **{name: ", ".join(ids) or "nog geen" for name, ids in lists.items()},
        "evidence_kinds": ", ".join(kind.value for kind in EvidenceKind),
    }


def _first(ids: list[str], name: str) -> str:
    if not ids:
        raise ScaffoldError(f"er is nog geen enkele {name}; maak die eerst, want het skelet moet ernaar verwijzen")
    return ids[0]


def _write_own_file(path: Path, kind_name: str, context: dict[str, Any]) -> Scaffold:
    suffix = path.suffix
    text = _render(f"{kind_name}{suffix}.j2", context)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="\n")
    return Scaffold(path, created=True)


def _list_file(content_dir: Path, kind_name: str, file_name: str | None) -> Path:
    if kind_name == "term":
        return content_dir / "glossary.yaml"
    name = file_name or DEFAULT_RECOMMENDATIONS_FILE
    _refuse_bad_id(name)
    return content_dir / "recommendations" / f"{name}.yaml"


def _append_item(path: Path, kind: ItemKind, kind_name: str, context: dict[str, Any]) -> Scaffold:
    """Append the item to the list at the end of `path` (created with a header if missing).

    The result is parsed before anything is written: if the new item does not end up
    as the last item of the list (an unusual layout), the file is left alone.
    """
    created = not path.exists()
    # bytes, not read_text: universal newlines would turn a CRLF file into LF on writing
    existing = _render(kind.header, context) if created else path.read_bytes().decode("utf-8")
    newline = "\r\n" if "\r\n" in existing else "\n"
    indent = _item_indent(existing)
    item = "".join(indent + line if line.strip() else line for line in _render(f"{kind_name}.yaml.j2", context).splitlines(keepends=True))
    text = existing if existing.endswith("\n") else existing + newline
    text += item.replace("\n", newline)
    document, problems = read_yaml(text, path.name)
    items = document.value.get(kind.list_key) if document and isinstance(document.value, dict) else None
    last = items[-1] if isinstance(items, list) and items else None
    if problems or not isinstance(last, dict) or last.get("id") != context["id"]:
        raise ScaffoldError(
            f"kan het nieuwe item niet automatisch toevoegen aan '{path.name}': de lijst '{kind.list_key}' "
            "staat niet als laatste in het bestand; voeg het met de hand toe"
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8"))  # the existing bytes unchanged, the item added
    return Scaffold(path, created=created)


def _item_indent(text: str) -> str:
    """The indentation of the list items already in the file ('  ' when there are none)."""
    found = re.findall(r"^( *)- id:", text, flags=re.MULTILINE)
    return found[-1] if found else "  "


def _render(template: str, context: dict[str, Any]) -> str:
    return _environment().get_template(template).render(context)


@lru_cache(maxsize=1)
def _environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(str(TEMPLATES_DIR)),
        undefined=StrictUndefined,
        autoescape=False,  # YAML and Markdown, not HTML
        keep_trailing_newline=True,
    )

"""Turn pydantic validation errors into Dutch `Problem`s at the right file:line:col.

One table maps pydantic's error `type` to our wording (pydantic docs, "Customize
error messages"); the URL and raw input dict are never shown.
"""

from __future__ import annotations

import types
import typing
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from generator.model import CHANGE_ITEM_REGEX
from generator.problems import Problem, did_you_mean
from generator.yaml_reader import SourceMap

# error type -> (message, expected); formatted with the error's ctx plus {field} and {input}.
MESSAGES: dict[str, tuple[str, str]] = {
    "missing": ("het veld '{field}' ontbreekt", "een waarde voor '{field}'"),
    "extra_forbidden": ("onbekend veld '{field}'", "een van de velden: {allowed}"),
    "string_type": ("'{field}' moet tekst zijn, maar is {input_kind}", "tekst"),
    "string_too_short": ("'{field}' is leeg", "tekst van minstens {min_length} teken(s)"),
    "string_pattern_mismatch": (
        "'{input}' is geen geldige id",
        "kleine letters, cijfers en koppeltekens, beginnend met een letter of cijfer (bijv. 'gedeelde-opgave')",
    ),
    "int_type": ("'{field}' moet een geheel getal zijn, maar is {input_kind}", "een geheel getal"),
    "int_parsing": ("'{field}' moet een geheel getal zijn, maar is '{input}'", "een geheel getal"),
    "float_type": ("'{field}' moet een getal zijn, maar is {input_kind}", "een getal"),
    "float_parsing": ("'{field}' moet een getal zijn, maar is '{input}'", "een getal"),
    "bool_type": ("'{field}' moet ja/nee zijn, maar is {input_kind}", "true of false"),
    "bool_parsing": ("'{field}' moet ja/nee zijn, maar is '{input}'", "true of false"),
    "list_type": ("'{field}' moet een lijst zijn, maar is {input_kind}", "een lijst met '- ' per regel"),
    "too_short": ("'{field}' heeft te weinig items ({actual_length})", "minstens {min_length}"),
    "too_long": ("'{field}' heeft te veel items ({actual_length})", "hoogstens {max_length}"),
    "model_type": ("'{field}' moet velden met waarden bevatten, maar is {input_kind}", "sleutels met waarden"),
    "model_attributes_type": ("'{field}' moet velden met waarden bevatten, maar is {input_kind}", "sleutels met waarden"),
    "dict_type": ("'{field}' moet velden met waarden bevatten, maar is {input_kind}", "sleutels met waarden"),
    "enum": ("'{input}' is geen geldige waarde voor '{field}'", "een van: {expected}"),
    "literal_error": ("'{input}' is geen geldige waarde voor '{field}'", "een van: {expected}"),
    "value_error": ("'{field}': {error}", ""),
    "change_item": ("'{input}' is geen onderdeel in de vorm soort/id", "soort/id, bijv. 'recommendation/bestaansreden-helder'"),
    "iso_date": ("'{field}' moet een datum zijn, maar is {input_kind}", "een datum als JJJJ-MM-DD, bijv. 2026-12-05"),
    "date_from_datetime_parsing": ("'{input}' is geen bestaande datum", "een datum als JJJJ-MM-DD, bijv. 2026-12-05"),
    "date_parsing": ("'{input}' is geen bestaande datum", "een datum als JJJJ-MM-DD, bijv. 2026-12-05"),
}


def problems_from_validation_error(
    error: ValidationError, source_map: SourceMap, file_model: type[BaseModel]
) -> list[Problem]:
    return [_problem(detail, source_map, file_model) for detail in error.errors(include_url=False)]


def _problem(detail: ErrorDetails, source_map: SourceMap, file_model: type[BaseModel]) -> Problem:
    loc = tuple(detail["loc"])
    kind = detail["type"]
    field = str(loc[-1]) if loc else "bestand"
    values: dict[str, Any] = {
        "field": field,
        "input": _short(detail.get("input")),
        "input_kind": _kind_of(detail.get("input")),
        # ctx holds our own schema words (e.g. every allowed value): shown in full
        **{key: str(value) for key, value in (detail.get("ctx") or {}).items()},
    }
    if "expected" in values:
        values["expected"] = values["expected"].replace(" or ", " of ")  # pydantic joins with English 'or'
    hint = ""
    if kind == "extra_forbidden":
        allowed = _field_names(file_model, loc[:-1])
        values["allowed"] = ", ".join(allowed)
        hint = did_you_mean(field, allowed)
        span = source_map.span((*loc, "<key>"))
    else:
        span = source_map.span(loc)
    if kind in ("enum", "literal_error"):
        hint = did_you_mean(str(detail.get("input")), _choices(values.get("expected", "")))
    if kind == "string_pattern_mismatch" and values.get("pattern") == CHANGE_ITEM_REGEX:
        kind = "change_item"
    template = MESSAGES.get(kind)
    if template is None:
        return Problem(span, f"'{field}': {detail['msg']}")
    message, expected = (part.format_map(_Default(values)) for part in template)
    return Problem(span, message, expected, hint)


class _Default(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "?"


def _short(value: Any) -> str:
    text = str(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _kind_of(value: Any) -> str:
    if isinstance(value, dict):
        return "een verzameling velden"
    if isinstance(value, list):
        return "een lijst"
    if isinstance(value, bool):
        return f"ja/nee-waarde '{value}'"
    if isinstance(value, (int, float)):
        return f"getal '{value}'"
    if value is None:
        return "leeg"
    return f"'{_short(value)}'"


def _choices(expected: str) -> list[str]:
    return [part.strip().strip("'") for part in expected.replace(" of ", ",").split(",") if part.strip()]


def _field_names(file_model: type[BaseModel], loc: tuple[int | str, ...]) -> list[str]:
    """The allowed field names of the model found by walking `loc` from `file_model`."""
    current: Any = file_model
    for step in loc:
        current = _unwrap(current)
        if isinstance(step, int):
            args = typing.get_args(current)
            current = args[0] if args else None
        elif isinstance(current, type) and issubclass(current, BaseModel) and step in current.model_fields:
            current = current.model_fields[step].annotation
        else:
            return []
    current = _unwrap(current)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return []


def _unwrap(annotation: Any) -> Any:
    """Strip Optional/Union-with-None and Annotated wrappers."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            options = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
            annotation = options[0] if len(options) == 1 else annotation
            if len(options) != 1:
                return annotation
        else:
            return annotation

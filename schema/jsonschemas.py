"""The JSON Schemas of every file a person writes or a model emits, with the label enums filled in."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import jsonschema
import jsonschema_rs

from diploquote.schema.errors import Incident
from diploquote.schema.labels import LABELS, SOURCES

JSONSCHEMA_DIR = Path(__file__).resolve().parent / "jsonschema"


@cache
def json_schema(name: str) -> dict:
    """Load one JSON Schema by its file stem, e.g. ``annotation`` or ``prediction-attribution``.

    The label sets and the sources are written once, in the YAML files: the ``$defs`` named
    ``type``, ``stance``, ``target``, ``topic`` and ``source`` receive their ``enum`` here, so the
    schemas cannot drift from them.
    """
    path = JSONSCHEMA_DIR / f"{name}.schema.json"
    with open(path, encoding="utf-8") as f:
        schema = json.load(f)
    for key, values in {**LABELS, "source": tuple(SOURCES)}.items():
        if key in schema.get("$defs", {}):
            schema["$defs"][key]["enum"] = list(values)
    return schema


def _is_integer(_checker, value) -> bool:
    # JSON Schema's "integer" admits 1.0 (a number with zero fraction); offsets and counts are
    # written as integers, so only a JSON integer passes (never a float, never a boolean).
    return isinstance(value, int) and not isinstance(value, bool)


StrictValidator = jsonschema.validators.extend(
    jsonschema.Draft202012Validator,
    type_checker=jsonschema.Draft202012Validator.TYPE_CHECKER.redefine("integer", _is_integer))


class Validator:
    """A Draft 2020-12 validator of one schema whose ``integer`` admits integers only.

    ``jsonschema_rs`` answers "valid?" about a hundred times faster than ``jsonschema``, which is
    what a build of thousands of files needs; ``jsonschema`` explains what is wrong. So
    ``iter_errors`` asks the fast one first and the explaining one only for an object that fails.
    The fast one takes 1.0 for an integer, as JSON Schema does; none of the project's schemas but
    ``results`` has a ``number``, so an object holding any float is handed to ``jsonschema``.
    """

    def __init__(self, name: str):
        self.schema = json_schema(name)
        self.explain = StrictValidator(self.schema)
        self.fast = jsonschema_rs.validator_for(self.schema)

    def is_valid(self, obj) -> bool:
        return not _holds_float(obj) and self.fast.is_valid(obj)

    def iter_errors(self, obj):
        return iter(()) if self.is_valid(obj) else self.explain.iter_errors(obj)


def _holds_float(obj) -> bool:
    stack = [obj]  # a loop, not recursion: a million predicted statements are walked
    while stack:
        o = stack.pop()
        if isinstance(o, float):
            return True
        if isinstance(o, dict):
            stack.extend(o.values())
        elif isinstance(o, list):
            stack.extend(o)
    return False


@cache
def validator(name: str) -> Validator:
    """The validator of schema ``name`` (see ``Validator``)."""
    if "number" in json.dumps(json_schema(name)):
        raise ValueError(f"schema {name!r} has numbers; validate it with jsonschema directly")
    return Validator(name)


def field_path(parts) -> str:
    """A JSON path as a person reads it: ``statements[0].content``."""
    return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in parts).lstrip(".")


def schema_incidents(validator, obj, file: str, where: str, code: str = "schema-violation") -> list[Incident]:
    """One incident per JSON Schema error of ``obj`` under ``validator`` (see ``validator(name)``),
    at ``where`` (e.g. ``line 3``) plus the error's field (``line 3, field statements[0].content``)."""
    out = []
    for e in validator.iter_errors(obj):
        path = field_path(e.absolute_path)
        out.append(Incident(code, str(file), f"{where}, field {path}" if path else where, e.message))
    return out

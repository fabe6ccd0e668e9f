"""The JSON Schemas of every file a person writes or a model emits, with the label enums filled in."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from diploquote.schema.labels import SOURCES, STANCES, STATEMENT_TYPES, TARGETS, TOPICS

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
    enums = {"type": STATEMENT_TYPES, "stance": STANCES, "target": TARGETS, "topic": TOPICS, "source": tuple(SOURCES)}
    for key, values in enums.items():
        if key in schema.get("$defs", {}):
            schema["$defs"][key]["enum"] = list(values)
    return schema

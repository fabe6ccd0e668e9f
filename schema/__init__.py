"""The single source of truth of DiploQuote: label sets, topic codebook, JSON Schemas and the
Arrow / ``datasets.Features`` of every config.

Everything else in the project reads its labels from here; nothing here imports the rest of the
project. Label order is fixed by the YAML files and is the order of the ``ClassLabel`` ids.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
JSONSCHEMA_DIR = HERE / "jsonschema"

SPLITS = ("train", "validation", "test")
CONFIGS = ("documents", "statements", "corpus", "speakers")


def _load_yaml(name: str):
    with open(HERE / name, encoding="utf-8") as f:
        return yaml.safe_load(f)


_LABELS = _load_yaml("labels.yaml")
_TOPICS = _load_yaml("topics.yaml")

STATEMENT_TYPES: tuple[str, ...] = tuple(_LABELS["statement_types"])
STANCES: tuple[str, ...] = tuple(_LABELS["stances"])
TARGETS: tuple[str, ...] = tuple(_LABELS["targets"])
TOPICS: tuple[str, ...] = tuple(t["id"] for t in _TOPICS)

LABEL_DEFINITIONS: dict[str, dict[str, str]] = {
    "type": dict(_LABELS["statement_types"]),
    "stance": dict(_LABELS["stances"]),
    "target": dict(_LABELS["targets"]),
}


def topic_codebook() -> list[dict]:
    """The topic codebook: a list of ``{id, name, cap, definition}`` in label order."""
    return [dict(t) for t in _TOPICS]


@cache
def json_schema(name: str) -> dict:
    """Load one JSON Schema by its file stem, e.g. ``annotation`` or ``prediction-attribution``.

    The label sets are written once, in the YAML files: the ``$defs`` named ``type``, ``stance``,
    ``target`` and ``topic`` receive their ``enum`` here, so the schemas cannot drift from them.
    """
    path = JSONSCHEMA_DIR / f"{name}.schema.json"
    with open(path, encoding="utf-8") as f:
        schema = json.load(f)
    enums = {"type": STATEMENT_TYPES, "stance": STANCES, "target": TARGETS, "topic": TOPICS}
    for key, values in enums.items():
        if key in schema.get("$defs", {}):
            schema["$defs"][key]["enum"] = list(values)
    return schema


def json_schema_names() -> list[str]:
    return sorted(p.name.removesuffix(".schema.json") for p in JSONSCHEMA_DIR.glob("*.schema.json"))


from .features import arrow_schema, features  # noqa: E402  (needs the label sets above)

__all__ = [
    "CONFIGS",
    "SPLITS",
    "STANCES",
    "STATEMENT_TYPES",
    "TARGETS",
    "TOPICS",
    "LABEL_DEFINITIONS",
    "arrow_schema",
    "features",
    "json_schema",
    "json_schema_names",
    "topic_codebook",
]

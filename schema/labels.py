"""The label sets and the topic codebook, read once from ``labels.yaml`` and ``topics.yaml``.

Label order is fixed by the YAML files and is the order of the ``ClassLabel`` ids.
"""

from __future__ import annotations

from pathlib import Path

from diploquote.schema.yamlfile import read_yaml

HERE = Path(__file__).resolve().parent

SPLITS = ("train", "validation", "test")
CONFIGS = ("documents", "statements", "corpus", "speakers")


_LABELS = read_yaml(HERE / "labels.yaml")
_TOPICS = read_yaml(HERE / "topics.yaml")

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

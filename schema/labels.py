"""The label sets and the topic codebook, read once from ``labels.yaml`` and ``topics.yaml``.

Label order is fixed by the YAML files and is the order of the ``ClassLabel`` ids.
"""

from __future__ import annotations

from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent

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


# Label sets by the field that carries them; the ``ClassLabel`` id of a name is its index.
LABELS: dict[str, tuple[str, ...]] = {"type": STATEMENT_TYPES, "stance": STANCES, "target": TARGETS, "topic": TOPICS}


def label_id(field: str, name: str) -> int:
    """The ``ClassLabel`` id of label ``name`` of ``field`` (``type``, ``stance``, ``target``, ``topic``)."""
    try:
        return LABELS[field].index(name)
    except ValueError:
        raise ValueError(f"{name!r} is not a {field} label; the labels are {', '.join(LABELS[field])}") from None


def label_name(field: str, value: int | str) -> str:
    """The name of a label given by ``ClassLabel`` id or already by name (checked either way)."""
    names = LABELS[field]
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise ValueError(f"a {field} label is a name or an id, not {value!r}")
    if isinstance(value, int):
        if not 0 <= value < len(names):
            raise ValueError(f"{value} is not a {field} label id; the ids are 0 to {len(names) - 1}")
        return names[value]
    label_id(field, value)
    return value

"""The label sets, the topic codebook and the sources, read once from ``labels.yaml``,
``topics.yaml`` and ``sources.yaml``.

Label order is fixed by the YAML files and is the order of the ``ClassLabel`` ids.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from diploquote.schema.yamlfile import read_yaml

HERE = Path(__file__).resolve().parent

SPLITS = ("train", "validation", "test")
CONFIGS = ("documents", "statements", "corpus", "speakers", "targets")


_LABELS = read_yaml(HERE / "labels.yaml")
_TOPICS = read_yaml(HERE / "topics.yaml")

STATEMENT_TYPES: tuple[str, ...] = tuple(_LABELS["statement_types"])
STANCES: tuple[str, ...] = tuple(_LABELS["stances"])
TARGETS: tuple[str, ...] = tuple(_LABELS["targets"])
ACTS: tuple[str, ...] = tuple(_LABELS["acts"])
TOPICS: tuple[str, ...] = tuple(t["id"] for t in _TOPICS)

LABEL_DEFINITIONS: dict[str, dict[str, str]] = {
    "type": dict(_LABELS["statement_types"]),
    "stance": dict(_LABELS["stances"]),
    "target": dict(_LABELS["targets"]),
    "act": dict(_LABELS["acts"]),
}


@dataclass(frozen=True)
class Source:
    """One publisher of the raw pool."""

    id: str  # the manifest's ``source``, e.g. "auspm"
    publisher: str  # as the release's ``publisher`` column gives it
    license: str  # as every manifest line of this source gives it


SOURCES: dict[str, Source] = {s["id"]: Source(**s) for s in read_yaml(HERE / "sources.yaml")}


def topic_codebook() -> list[dict]:
    """The topic codebook: a list of ``{id, name, cap, definition}`` in label order."""
    return [dict(t) for t in _TOPICS]


# Label sets by the field that carries them; the ``ClassLabel`` id of a name is its index.
LABELS: dict[str, tuple[str, ...]] = {"type": STATEMENT_TYPES, "stance": STANCES, "target": TARGETS, "act": ACTS,
                                      "topic": TOPICS}


def label_id(field: str, name: str) -> int:
    """The ``ClassLabel`` id of label ``name`` of ``field`` (``type``, ``stance``, ``target``, ``act``, ``topic``)."""
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

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

"""A release (or a hydrated copy) read for display: documents with labels as names, and speakers."""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq

from diploquote.schema import SPLITS, STANCES, STATEMENT_TYPES, TARGETS, TOPICS
from diploquote.schema.layout import shard_path


def release_view(dataset: Path) -> tuple[list[dict], dict[str, dict]]:
    """Every annotated document of a release (or of a hydrated copy) with its statements, labels as
    names, for display; and the speaker registry by id."""
    docs = []
    for split in SPLITS:
        path = dataset / shard_path("documents", split)
        if not path.exists():
            continue
        for row in pq.read_table(path).to_pylist():
            for st in row["statements"]:
                st["type"], st["stance"] = STATEMENT_TYPES[st["type"]], STANCES[st["stance"]]
                st["target"], st["topics"] = TARGETS[st["target"]], [TOPICS[t] for t in st["topics"]]
            docs.append(row)
    path = dataset / shard_path("speakers", "registry")
    speakers = {r["id"]: r for r in pq.read_table(path).to_pylist()} if path.exists() else {}
    return sorted(docs, key=lambda d: d["id"]), speakers

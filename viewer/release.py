"""A release (or a hydrated copy) read for display: documents with labels as names, and speakers."""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq

from diploquote.schema.errors import fail
from diploquote.schema.labels import label_name
from diploquote.schema import SPLITS
from diploquote.schema.layout import shard_path


def release_view(dataset: Path) -> tuple[list[dict], dict[str, dict]]:
    """Every annotated document of a release (or of a hydrated copy) with its statements, labels as
    names, for display; and the speaker registry by id."""
    if not (dataset / "data" / "documents").is_dir():
        raise fail("release-missing", str(dataset), "folder",
                   "no release here (no data/documents/); run `diploquote build`, or give --dataset the folder "
                   "of a release or of a hydrated copy")
    docs = []
    for split in SPLITS:
        path = dataset / shard_path("documents", split)
        if not path.exists():
            continue
        for row in pq.read_table(path).to_pylist():
            for st in row["statements"]:
                for name in ("type", "stance", "target"):
                    st[name] = label_name(name, st[name])
                st["topics"] = [label_name("topic", t) for t in st["topics"]]
            docs.append(row)
    path = dataset / shard_path("speakers", "registry")
    speakers = {r["id"]: r for r in pq.read_table(path).to_pylist()} if path.exists() else {}
    return sorted(docs, key=lambda d: d["id"]), speakers

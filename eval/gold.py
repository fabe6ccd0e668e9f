"""Gold documents for scoring: a release split, or any file of the ``documents`` shape.

Labels are names (``support``, ``trade``); ``ClassLabel`` integers from Parquet are decoded with
the schema's label lists. Spans are ``(start, end)`` tuples of characters, half-open.
"""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq

from diploquote.schema import STANCES, STATEMENT_TYPES, TARGETS, TOPICS
from diploquote.schema.errors import fail
from diploquote.schema.layout import checked_shard, read_release_manifest, release_manifest
from diploquote.eval.records import GoldDocument, GoldStatement, normalise_name


def _label(value, names: tuple[str, ...]) -> str:
    return names[value] if isinstance(value, int) else value


def _span(s: dict | None) -> tuple[int, int] | None:
    return None if s is None else (int(s["start"]), int(s["end"]))


def _document(row: dict) -> GoldDocument:
    return GoldDocument(
        doc_id=row["id"],
        source=row.get("source") or "",
        text=row.get("text"),
        statements=[GoldStatement(
            statement_id=st["statement_id"],
            content=_span(st["content"]),
            cue=_span(st.get("cue")),
            speaker_mention=_span(st.get("speaker_mention")),
            speakers=frozenset(st["speakers"]),
            type=_label(st["type"], STATEMENT_TYPES),
            stance=_label(st["stance"], STANCES),
            target=_label(st["target"], TARGETS),
            topics=frozenset(_label(t, TOPICS) for t in st["topics"]),
        ) for st in row["statements"]],
    )


def load_gold(path: Path) -> list[GoldDocument]:
    """Gold from a Parquet file or a JSON Lines file of ``documents`` rows, sorted by id."""
    if path.suffix == ".parquet":
        rows = pq.read_table(path).to_pylist()
    else:
        rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return sorted((_document(r) for r in rows), key=lambda d: d.doc_id)


def release_gold(dataset: Path, split: str) -> list[GoldDocument]:
    """The gold of a release split, after checking its shard against the release's MANIFEST: a
    changed shard would be scored under the released version's signature."""
    path = checked_shard(dataset, "documents", split)
    if path is None:
        raise fail("split-empty", dataset, f"split {split}", f"the release has no {split} documents; choose another split")
    return load_gold(path)


def release_info(dataset: Path) -> tuple[str, str]:
    """(version, logical content hash) of the release in ``dataset``."""
    manifest = release_manifest(dataset)
    return manifest["version"], manifest["content_sha256"]


def file_info(path: Path) -> tuple[str, str]:
    """('custom', sha256 of the file) for a user's own gold file."""
    import hashlib

    return "custom", hashlib.sha256(path.read_bytes()).hexdigest()


def speaker_names(dataset: Path) -> dict[str, set[str]]:
    """Normalised names and aliases of every registry speaker, for scoring speakers by name."""
    if read_release_manifest(dataset) is None:
        return {}
    path = checked_shard(dataset, "speakers", "registry")
    if path is None:
        return {}
    return {r["id"]: {normalise_name(n) for n in [r["name"], *r["aliases"]]} for r in pq.read_table(path).to_pylist()}

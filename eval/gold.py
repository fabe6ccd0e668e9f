"""Gold documents for scoring: a release split, or any file of the ``documents`` shape.

Labels are names (``support``, ``trade``); ``ClassLabel`` integers from Parquet are decoded with
the schema's label lists. Spans are ``(start, end)`` tuples of characters, half-open.
"""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from diploquote.schema.errors import DiploQuoteError, Incident, fail
from diploquote.schema.jsonl import read_jsonl
from diploquote.schema.jsonschemas import schema_incidents, validator
from diploquote.schema.labels import label_name
from diploquote.schema.layout import checked_shard, read_release_manifest, release_manifest
from diploquote.eval.records import GoldDocument, GoldStatement, normalise_name


def _span(s: dict | None) -> tuple[int, int] | None:
    return None if s is None else (int(s["start"]), int(s["end"]))


def _label(kind: str, value):
    """A label's name, or None where the gold has none (outside gold: no stance, no topics...)."""
    return None if value is None else label_name(kind, value)


def _document(row: dict) -> GoldDocument:
    return GoldDocument(
        doc_id=row["id"],
        source=row.get("source") or "",
        text=row.get("text"),
        length=row.get("length"),
        date=row.get("date"),
        split=row.get("split"),
        statements=[GoldStatement(
            statement_id=st["statement_id"],
            content=_span(st["content"]),
            cue=_span(st.get("cue")),
            speaker_mention=_span(st.get("speaker_mention")),
            speakers=frozenset(st["speakers"]) if st.get("speakers") is not None else None,
            type=_label("type", st.get("type")),
            stance=_label("stance", st.get("stance")),
            target=_label("target", st.get("target")),
            topics=frozenset(label_name("topic", t) for t in st["topics"]) if st.get("topics") is not None else None,
            target_id=st.get("target_id"),
            act=_label("act", st.get("act")),
        ) for st in row["statements"]],
    )


def _statement_incidents(st: dict, limit: int | None, file: str, where: str) -> list[Incident]:
    """Labels that are not labels, spans that are empty, reversed or past the end of the text."""
    out = []
    for name in ("type", "stance", "target", "topics"):
        values = st.get(name) if name == "topics" else [st.get(name)]
        for v in values or ():
            if v is None:  # a label the gold does not give
                continue
            try:
                label_name("topic" if name == "topics" else name, v)
            except ValueError as e:
                out.append(Incident("gold-invalid", file, f"{where}, field {name}", str(e)))
    for name in ("content", "cue", "speaker_mention"):
        span = st.get(name)
        if span is None:
            continue
        if span["end"] <= span["start"]:
            out.append(Incident("gold-invalid", file, f"{where}, field {name}",
                                f"empty or reversed span [{span['start']}, {span['end']}); spans are half-open"))
        elif limit is not None and span["end"] > limit:
            out.append(Incident("gold-invalid", file, f"{where}, field {name}",
                                f"the span ends at {span['end']}, past the end of the text ({limit} characters)"))
    return out


def row_incidents(row, file: str, where: str) -> list[Incident]:
    """Everything wrong with one gold row, each located at ``where`` (``line 3``) and its field."""
    incidents = schema_incidents(validator("gold-document"), row, file, where, code="gold-invalid")
    if incidents:
        return incidents
    limit = len(row["text"]) if row.get("text") is not None else row.get("length")
    return [inc for k, st in enumerate(row["statements"])
            for inc in _statement_incidents(st, limit, file, f"{where}, statements[{k}]")]


def _rows(path: Path) -> list[tuple[str, object]]:
    """(where, row) of every row of a Parquet or JSON Lines file; raises on a file it cannot read."""
    if path.suffix != ".parquet":
        items = list(read_jsonl(path))
        problems = [i for i in items if isinstance(i, Incident)]
        if problems:
            raise DiploQuoteError(problems)
        return [(f"line {n}", row) for n, row in items]
    try:
        rows = pq.read_table(path).to_pylist()
    except (OSError, pa.ArrowException) as e:
        raise DiploQuoteError(Incident("cannot-read", str(path), "file", f"not a readable Parquet file: {e}")) from None
    return [(f"row {k}", row) for k, row in enumerate(rows, 1)]


def load_gold(path: Path) -> list[GoldDocument]:
    """Gold from a Parquet file or a JSON Lines file of ``documents`` rows, sorted by id.

    Every row is checked first (``schema/jsonschema/gold-document.schema.json``, labels, spans);
    any problem stops with all of them, located by line (JSON Lines) or row (Parquet).
    """
    rows = _rows(path)
    incidents = [inc for where, row in rows for inc in row_incidents(row, str(path), where)]
    if incidents:
        raise DiploQuoteError(incidents)
    return sorted((_document(r) for _, r in rows), key=lambda d: d.doc_id)


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

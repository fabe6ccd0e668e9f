"""Restore withheld text from a user's own copy of the raw files, after checking its hash.

The release itself is never modified: a hydrated copy (card, shards) is written to another folder,
which ``datasets.load_dataset`` reads like the release.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from diploquote.schema import CONFIGS, arrow_schema
from diploquote.schema.layout import CARD, shard_path

from diploquote.schema.errors import DiploQuoteError, Incident
from diploquote.builders.release.read import read_tables
from diploquote.builders.readers import decode, parse
from diploquote.builders.normalise import sha256_text
from diploquote.builders.release.write import CONFIGS_WITH_TEXT


def _find(raw: Path, rel: str) -> Path | None:
    for candidate in (raw / rel, raw / Path(rel).name):
        if candidate.is_file():
            return candidate
    return None


def withheld_texts(dataset: Path, raw: Path) -> dict[str, str]:
    """Text of every withheld document, read from ``raw`` and checked against ``text_sha256``."""
    corpus = read_tables(dataset, "corpus")["pool"].to_pylist()
    texts, incidents = {}, []
    for row in corpus:
        if row["text"] is not None:
            continue
        path = _find(raw, row["raw_file"])
        if path is None:
            incidents.append(Incident("raw-file-missing", str(raw / row["raw_file"]), f"document {row['id']}",
                                      f"put your copy of {row['url'] or row['title']!r} at this path"))
            continue
        text = parse(row["source"], path, decode(path, path.read_bytes())).text
        if sha256_text(text) != row["text_sha256"]:
            incidents.append(Incident("text-sha256-mismatch", str(path), f"document {row['id']}",
                                      "this copy does not give the released text (its normalised text has another "
                                      "sha256); use the article as originally published"))
            continue
        texts[row["id"]] = text
    if incidents:
        raise DiploQuoteError(incidents)
    return texts


def _fill_span(span: dict | None, text: str) -> dict | None:
    return None if span is None else {**span, "text": text[span["start"]:span["end"]]}


def _hydrate_row(config: str, row: dict, texts: dict[str, str]) -> dict:
    doc_id = row["doc_id"] if config == "statements" else row["id"]
    if doc_id not in texts:
        return row
    text = texts[doc_id]
    if config == "statements":
        return {**row, **{k: _fill_span(row[k], text) for k in ("content", "cue", "speaker_mention", "context")}}
    row = {**row, "text": text}
    if config == "documents":
        row["statements"] = [{**st, **{k: _fill_span(st[k], text) for k in ("content", "cue", "speaker_mention")}}
                             for st in row["statements"]]
    return row


def hydrate(dataset: Path, raw: Path, out: Path) -> int:
    """Write a hydrated copy of the release in ``dataset`` to ``out``; returns how many documents.

    ``out`` must lie outside ``dataset``: the release itself withholds the text and stays as it is.
    """
    if out.resolve() == dataset.resolve() or out.resolve().is_relative_to(dataset.resolve()):
        raise DiploQuoteError(Incident("hydrate-into-release", str(out), "--out",
                                       "the hydrated copy would overwrite the release, which must keep withholding "
                                       "the text; give a folder outside dataset/ (default: dataset-hydrated)"))
    if out.exists() and not out.is_dir():
        raise DiploQuoteError(Incident("output-not-a-folder", str(out), "--out",
                                       "this is a file, and the hydrated copy needs a folder; give a folder path"))
    texts = withheld_texts(dataset, raw)
    out.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(dataset / CARD, out / CARD)
    for config in CONFIGS:
        for split, table in read_tables(dataset, config).items():
            if config in CONFIGS_WITH_TEXT:
                rows = [_hydrate_row(config, r, texts) for r in table.to_pylist()]
                table = pa.Table.from_pylist(rows, schema=arrow_schema(config))
            (out / shard_path(config, split)).parent.mkdir(parents=True, exist_ok=True)
            pq.write_table(table, out / shard_path(config, split), compression="zstd")
    return len(texts)

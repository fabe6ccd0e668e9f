"""Stage 1 and 2 of the build: read every admitted raw document, mark near-duplicates, assign splits."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import jsonschema
from tqdm import tqdm

from diploquote.schema import json_schema

from diploquote.builders.curation import criteria as curate
from diploquote.builders.curation import splits
from diploquote.schema.errors import DiploQuoteError, Incident
from diploquote.builders.readers import RawDocument, read_document


@dataclass(frozen=True)
class CorpusDocument:
    doc: RawDocument
    redistributable: bool
    duplicate_group: str | None
    split: str


def read_pool_manifest(raw_dir: Path) -> list[dict]:
    """The rows of dataset/raw/MANIFEST.jsonl, each checked against its JSON Schema."""
    path = raw_dir / "MANIFEST.jsonl"
    validator = jsonschema.Draft202012Validator(json_schema("source-manifest"))
    rows, incidents = [], []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as e:
            incidents.append(Incident("json-invalid", str(path), f"line {n}, column {e.colno}", f"{e.msg}; fix the JSON"))
            continue
        for err in validator.iter_errors(row):
            incidents.append(Incident("schema-violation", str(path), f"line {n}", err.message[:300]))
        rows.append(row)
    if incidents:
        raise DiploQuoteError(incidents)
    return rows


def load_corpus(dataset: Path, progress: bool = False, only: set[str] | None = None) -> list[CorpusDocument]:
    """Read the admitted documents (all, or the ids in ``only``), sorted by id."""
    raw_dir = dataset / "raw"
    rows = read_pool_manifest(raw_dir)
    incidents, docs = [], []
    for row in tqdm(rows, desc="read raw", unit="doc", disable=not progress):
        try:
            docs.append((read_document(raw_dir, row), row.get("redistributable", True)))
        except DiploQuoteError as e:
            incidents.extend(e.incidents)
    if incidents:
        raise DiploQuoteError(incidents)
    groups = curate.duplicate_groups([d.id for d, _ in docs], [d.text for d, _ in docs])
    out = [CorpusDocument(d, ok, groups.get(d.id), splits.assign(d.id, groups.get(d.id))) for d, ok in docs]
    out.sort(key=lambda c: c.doc.id)
    return [c for c in out if only is None or c.doc.id in only]

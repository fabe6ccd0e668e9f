"""Stage 1 and 2 of the build: read every admitted raw document, mark near-duplicates, assign splits."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath

import jsonschema
from tqdm import tqdm

from diploquote.schema import SOURCES, json_schema

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


def read_manifest(raw_dir: Path) -> list[dict]:
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
        errors = [Incident("schema-violation", str(path), f"line {n}", err.message[:300])
                  for err in validator.iter_errors(row)]
        incidents += errors or _row_incidents(raw_dir, row, str(path), n)
        rows.append(row)
    if incidents:
        raise DiploQuoteError(incidents)
    return rows


def _row_incidents(raw_dir: Path, row: dict, manifest: str, n: int) -> list[Incident]:
    """What is wrong with a schema-valid manifest line ``n``: its file out of the folder, its licence."""
    out = []
    problem = _outside(raw_dir, row["file"])
    if problem:
        out.append(Incident("raw-file-outside", manifest, f"line {n}, field file",
                            f"{row['file']!r} {problem}; give a path relative to dataset/raw/ that stays "
                            "inside it (e.g. 'auspm/transcript-11550.xml') and keep the file itself there"))
    licence = SOURCES[row["source"]].license
    if row["license"] != licence:
        out.append(Incident("license-mismatch", manifest, f"line {n}, field license",
                            f"{row['source']} documents are under {licence!r} (schema/sources.yaml); give that "
                            "licence, or make a source of its own in schema/sources.yaml for these documents"))
    return out


def _outside(raw_dir: Path, file: str) -> str | None:
    """Why the manifest path ``file`` leads out of ``raw_dir`` (the build must read nothing else), or None."""
    pure = PurePosixPath(file.replace("\\", "/"))
    if pure.is_absolute() or PureWindowsPath(file).drive:
        return "is an absolute path"
    if ".." in pure.parts:
        return "climbs out of the folder with '..'"
    if not (raw_dir / pure).resolve().is_relative_to(raw_dir.resolve()):
        return "is a symbolic link to a place outside dataset/raw/"
    return None


def load_corpus(dataset: Path, progress: bool = False, only: set[str] | None = None) -> list[CorpusDocument]:
    """Read the admitted documents (all, or the ids in ``only``), sorted by id."""
    raw_dir = dataset / "raw"
    rows = read_manifest(raw_dir)
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

"""Stage 1 and 2 of the build: read every admitted raw document, mark near-duplicates, assign splits."""

from __future__ import annotations

from collections.abc import Container
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath, PureWindowsPath

import pyarrow as pa
from tqdm import tqdm

from diploquote.schema import SOURCES, arrow_schema

from diploquote.builders.curation import criteria as curate
from diploquote.builders.curation import splits
from diploquote.builders.curation.pool import redistributable
from diploquote.schema.errors import DiploQuoteError, Incident, fail
from diploquote.builders.readers import RawDocument, read_document
from diploquote.schema.jsonl import read_jsonl_lines
from diploquote.schema.jsonschemas import schema_incidents, validator
from diploquote.schema.text import Lines


@dataclass(frozen=True)
class CorpusDocument:
    doc: RawDocument
    redistributable: bool
    duplicate_group: str | None
    split: str


def read_pool_manifest(raw_dir: Path) -> list[dict]:
    """The rows of dataset/raw/MANIFEST.jsonl, each checked against its JSON Schema."""
    path = raw_dir / "MANIFEST.jsonl"
    check = validator("source-manifest")
    rows = []
    lines, incidents = read_jsonl_lines(path)
    inside = raw_dir.resolve()  # once: resolving is a system call a path component
    for n, row in lines:
        errors = schema_incidents(check, row, str(path), f"line {n}")
        incidents += errors or _row_incidents(raw_dir, inside, row, str(path), n)
        rows.append(row)
    if incidents:
        raise DiploQuoteError(incidents)
    return rows


def _row_incidents(raw_dir: Path, inside: Path, row: dict, manifest: str, n: int) -> list[Incident]:
    """What is wrong with a schema-valid manifest line ``n``: its file out of the folder (``inside``:
    ``raw_dir`` resolved), its licence."""
    out = []
    problem = _outside(raw_dir, inside, row["file"])
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


def _outside(raw_dir: Path, inside: Path, file: str) -> str | None:
    """Why the manifest path ``file`` leads out of ``raw_dir`` (the build must read nothing else), or None."""
    pure = PurePosixPath(file.replace("\\", "/"))
    if pure.is_absolute() or PureWindowsPath(file).drive:
        return "is an absolute path"
    if ".." in pure.parts:
        return "climbs out of the folder with '..'"
    if not (raw_dir / pure).resolve().is_relative_to(inside):
        return "is a symbolic link to a place outside dataset/raw/"
    return None


def read_row(raw_dir: Path, row: dict) -> RawDocument:
    """The document of one manifest row; a withheld one is read without its text if its raw file is absent."""
    return read_document(raw_dir, row) if redistributable(row["license"]) else read_withheld(raw_dir, row)


def read_withheld(raw_dir: Path, row: dict) -> RawDocument:
    """A document whose licence keeps its text out of the repository.

    The user brings the raw file (it is git-ignored). Without it, the document is what the row's
    ``parsed`` record says (text ``None``), so a fresh clone builds the same release; with it, the
    file is read and must give exactly that record, so a copy that differs, or a reader change
    that would move the withheld text, cannot pass unnoticed.
    """
    path = raw_dir / row["file"]
    if "parsed" not in row:
        raise fail("parsed-record-missing", raw_dir / "MANIFEST.jsonl", "manifest entry " + row["id"],
                   "a withheld document needs its 'parsed' record (title, date, url, text_sha256, text_chars, "
                   "newlines); put the raw file in place and copy RawDocument.outline() of it into the row")
    recorded = row["parsed"]
    if not path.is_file():
        return RawDocument(id=row["id"], source=row["source"], publisher=SOURCES[row["source"]].publisher,
                           title=recorded["title"], date=recorded["date"], url=recorded["url"],
                           license=row["license"], text=None, text_sha256=recorded["text_sha256"],
                           lines=Lines(recorded["text_chars"], tuple(recorded["newlines"])),
                           raw_file=row["file"], raw_sha256=row["sha256"])
    doc = read_document(raw_dir, row)
    differ = [k for k, v in doc.outline().items() if recorded.get(k) != v]
    if differ:
        raise fail("parsed-record-mismatch", path, "manifest entry " + row["id"],
                   f"this file gives other {', '.join(differ)} than the manifest's 'parsed' record; use the "
                   "article as published, or, if the reader changed on purpose, record the new values and bump the version")
    return doc


READ_BATCH = 1000  # documents read, reduced to 3-grams and turned into Arrow before the next are read
# The corpus config's columns that the raw pool gives (the others need the annotations)
_CORPUS_SCHEMA = pa.schema([arrow_schema("corpus").field(name) for name in (
    "id", "source", "publisher", "title", "date", "url", "license", "text", "text_sha256", "raw_file", "raw_sha256")])


@dataclass(frozen=True)
class Corpus:
    """The admitted pool, sorted by id. ``documents`` hold their text only where the reader asked for
    it (``texts_of``); every redistributable text is in ``table``, which is the ``corpus`` config
    without the columns that need the annotations (``duplicate_group`` and ``annotated``)."""
    documents: list[CorpusDocument]
    table: pa.Table


def load_corpus(dataset: Path, progress: bool = False, only: set[str] | None = None) -> list[CorpusDocument]:
    """Read the admitted documents (all, or the ids in ``only``), sorted by id, each with its text."""
    return [c for c in read_corpus(dataset, progress).documents if only is None or c.doc.id in only]


def read_corpus(dataset: Path, progress: bool = False, texts_of: Container[str] | None = None) -> Corpus:
    """Read the pool a batch at a time, mark near-duplicates and assign splits.

    A pool many times today's size must not be held as Python strings next to its Arrow copy, so
    each batch is reduced to what the later stages need before the next is read: its 3-grams (for
    the near-duplicates), its rows of the corpus table, and the text of the documents in
    ``texts_of`` (all when None; the build asks for the annotated ones)."""
    raw_dir = dataset / "raw"
    rows = sorted(read_pool_manifest(raw_dir), key=lambda r: r["id"])
    incidents: list[Incident] = []
    docs: list[tuple[RawDocument, bool]] = []
    compared_ids: list[str] = []
    grams: list = []
    batches: list[pa.RecordBatch] = []
    bar = tqdm(total=len(rows), desc="read raw", unit="doc", disable=not progress)
    for k in range(0, len(rows), READ_BATCH):
        batch = []
        for row in rows[k:k + READ_BATCH]:
            try:
                batch.append((read_row(raw_dir, row), redistributable(row["license"])))
            except DiploQuoteError as e:
                incidents.extend(e.incidents)
        bar.update(len(rows[k:k + READ_BATCH]))
        if incidents:
            continue  # keep reading, to report every file's problem at once
        # Withheld documents are never compared: their text may be absent, and the release must not
        # depend on whether the user's copy is in place.
        compared_ids += [d.id for d, ok in batch if ok]
        grams += [curate.shingles(d.text) for d, ok in batch if ok]
        batches.append(pa.RecordBatch.from_pylist([_corpus_row(d, ok) for d, ok in batch], schema=_CORPUS_SCHEMA))
        docs += [(d if texts_of is None or d.id in texts_of else replace(d, text=None), ok) for d, ok in batch]
    bar.close()
    if incidents:
        raise DiploQuoteError(incidents)
    groups = curate.shingle_groups(compared_ids, grams)
    out = [CorpusDocument(d, ok, groups.get(d.id), splits.assign(d.id, groups.get(d.id))) for d, ok in docs]
    return Corpus(out, pa.Table.from_batches(batches, schema=_CORPUS_SCHEMA))


def provenance(d: RawDocument, redistributable_text: bool) -> dict:
    """A document's provenance columns, as the ``documents`` and ``corpus`` configs give them; the
    text only where it may be redistributed."""
    return {"id": d.id, "source": d.source, "publisher": d.publisher, "title": d.title, "date": d.date,
            "url": d.url, "license": d.license, "text": d.text if redistributable_text else None,
            "text_sha256": d.text_sha256}


def _corpus_row(d: RawDocument, redistributable_text: bool) -> dict:
    return {**provenance(d, redistributable_text), "raw_file": d.raw_file, "raw_sha256": d.raw_sha256}

"""Stage 3 of the build: check every annotation file against its document and the registries."""

from __future__ import annotations

from pathlib import Path

from diploquote.builders.annotations.resolve import ResolvedStatement, load, resolve
from diploquote.builders.corpus import read_pool_manifest, read_row
from diploquote.schema.errors import DiploQuoteError, Incident
from diploquote.builders.readers import RawDocument
from diploquote.builders.annotations.speakers import load_registry
from diploquote.builders.annotations.targets import NO_TARGET, load_targets


def validate_annotations(dataset: Path, files: list[Path] | None = None,
                         documents: dict[str, RawDocument] | None = None,
                         extra_speakers: list[Path] = (), extra_targets: list[Path] = ()) -> tuple[dict[str, list[ResolvedStatement]], list[Incident]]:
    """Resolve annotation files (all of dataset/annotations/ by default).

    ``documents`` maps document ids to documents already read; the others are read from
    dataset/raw. Returns the resolved statements by document id and every incident found.
    """
    files = sorted((dataset / "annotations").glob("*.yaml")) if files is None else files
    incidents: list[Incident] = []
    try:
        speakers = {s["id"] for s in load_registry(dataset / "speakers", extra_speakers)}
        targets = speakers | {t["id"] for t in load_targets(dataset / "targets", extra_targets)} | {NO_TARGET}
    except DiploQuoteError as e:
        return {}, e.incidents
    manifest = {row["id"]: row for row in read_pool_manifest(dataset / "raw")}
    documents = dict(documents or {})
    resolved: dict[str, list[ResolvedStatement]] = {}
    for path in files:
        data, found = load(path)
        incidents.extend(found)
        if data is None:
            continue
        doc_id = data["document"]
        if path.stem != doc_id:
            incidents.append(Incident("file-name-mismatch", str(path), "field document",
                                      f"the file is for {doc_id!r}; name it {doc_id}.yaml"))
        if doc_id in resolved:
            incidents.append(Incident("duplicate-document", str(path), "field document",
                                      f"{doc_id!r} is annotated in two files; keep one"))
            continue
        if doc_id not in documents:
            if doc_id not in manifest:
                incidents.append(Incident("unknown-document", str(path), "field document",
                                          f"{doc_id!r} is not in dataset/raw/MANIFEST.jsonl; check the id"))
                continue
            try:
                documents[doc_id] = read_row(dataset / "raw", manifest[doc_id])
            except DiploQuoteError as e:
                incidents.extend(e.incidents)
                continue
        statements, found = resolve(path, data, documents[doc_id], speakers, targets)
        incidents.extend(found)
        resolved[doc_id] = statements
    return resolved, incidents

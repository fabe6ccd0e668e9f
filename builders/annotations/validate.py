"""Stage 3 of the build: check every annotation file against its document and the registry."""

from __future__ import annotations

from pathlib import Path

from diploquote.builders.annotations.resolve import Statement, load, resolve
from diploquote.builders.corpus import read_pool_manifest
from diploquote.schema.errors import DiploQuoteError, Incident
from diploquote.builders.readers import read_document
from diploquote.builders.annotations.speakers import load_registry


def validate_annotations(dataset: Path, files: list[Path] | None = None,
                         texts: dict[str, str] | None = None, extra_speakers: list[Path] = ()) -> tuple[dict[str, list[Statement]], list[Incident]]:
    """Resolve annotation files (all of dataset/annotations/ by default).

    ``texts`` maps document ids to their normalised text; documents not in it are read from
    dataset/raw. Returns the resolved statements by document id and every incident found.
    """
    files = sorted((dataset / "annotations").glob("*.yaml")) if files is None else files
    incidents: list[Incident] = []
    try:
        speakers = {s["id"] for s in load_registry(dataset / "speakers", extra_speakers)}
    except DiploQuoteError as e:
        return {}, e.incidents
    manifest = {row["id"]: row for row in read_pool_manifest(dataset / "raw")}
    texts = dict(texts or {})
    resolved: dict[str, list[Statement]] = {}
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
        if doc_id not in texts:
            if doc_id not in manifest:
                incidents.append(Incident("unknown-document", str(path), "field document",
                                          f"{doc_id!r} is not in dataset/raw/MANIFEST.jsonl; check the id"))
                continue
            try:
                texts[doc_id] = read_document(dataset / "raw", manifest[doc_id]).text
            except DiploQuoteError as e:
                incidents.extend(e.incidents)
                continue
        statements, found = resolve(path, data, texts[doc_id], speakers)
        incidents.extend(found)
        resolved[doc_id] = statements
    return resolved, incidents

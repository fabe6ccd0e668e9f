"""Import from the published pool: copy the admitted raw files, byte for byte, into dataset/raw/.

The project carries its own raw files so that a clone builds without the pool. Every pool item's
curation decision, admitted or not, is written to dataset/curation.jsonl with its reason.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from diploquote.builders.curation import criteria as curate
from diploquote.builders.readers import read_document
from diploquote.schema.jsonl import read_jsonl_strict, write_jsonl

# Licences that do not clear the text for redistribution: the release withholds such text.
RESTRICTED_LICENSE_MARKERS = ("all rights reserved", "not cleared for redistribution")


def redistributable(license: str) -> bool:
    return not any(m in license.lower() for m in RESTRICTED_LICENSE_MARKERS)


def _admitted_row(row: dict, doc) -> dict:
    """The raw manifest row of an admitted document; a withheld one keeps its ``parsed`` record, so
    that the build can do without its raw file (which is not committed)."""
    ok = redistributable(row["license"])
    return {**row, "redistributable": ok, **({} if ok else {"parsed": doc.outline()})}


def import_pool(pool: Path, dataset: Path) -> dict[str, int]:
    """Copy admitted documents from ``pool`` into ``dataset/raw``; returns counts by decision."""
    rows = read_jsonl_strict(pool / "MANIFEST.jsonl")
    raw = dataset / "raw"
    admitted, decisions = [], []
    for row in rows:
        doc = read_document(pool, row)
        reason = curate.decide(doc.title, doc.text)
        decisions.append({"id": row["id"], "source": row["source"], "title": doc.title,
                          "admitted": reason is None, "reason": reason})
        if reason is None:
            target = raw / row["file"]
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(pool / row["file"], target)
            admitted.append(_admitted_row(row, doc))
    write_jsonl(sorted(admitted, key=lambda r: r["id"]), raw / "MANIFEST.jsonl", sort_keys=True)
    write_jsonl(sorted(decisions, key=lambda r: r["id"]), dataset / "curation.jsonl", sort_keys=True)
    counts: dict[str, int] = {}
    for d in decisions:
        key = d["reason"] or "admitted"
        counts[key] = counts.get(key, 0) + 1
    return counts

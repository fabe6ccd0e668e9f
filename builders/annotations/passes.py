"""The two independent annotation passes kept for the agreement study, resolved like the gold.

``dataset/agreement/pass-a/`` and ``pass-b/`` hold one annotation file per double-annotated
document, as each pass left it before adjudication; speakers that only the second pass introduced
are in ``dataset/agreement/speakers-pass-b.yaml``.
"""

from __future__ import annotations

from pathlib import Path

from diploquote.schema.errors import DiploQuoteError, Incident

from diploquote.builders.corpus import read_pool_manifest
from diploquote.builders.annotations.validate import validate_annotations


def resolve_passes(dataset: Path) -> tuple[tuple[dict, dict], dict[str, str]]:
    """Resolved statements of pass A and pass B (by document id), and each document's source."""
    folder = dataset / "agreement"
    extra = [p for p in [folder / "speakers-pass-b.yaml"] if p.exists()]
    passes, incidents = [], []
    for name in ("pass-a", "pass-b"):
        files = sorted((folder / name).glob("*.yaml"))
        resolved, found = validate_annotations(dataset, files, extra_speakers=extra)
        passes.append(resolved)
        incidents += found
    if incidents:
        raise DiploQuoteError(incidents)
    a, b = passes
    if set(a) != set(b):
        raise DiploQuoteError(Incident("passes-differ", str(folder), "pass-a, pass-b",
                                       f"the passes cover different documents: only in A {sorted(set(a) - set(b))[:5]}, "
                                       f"only in B {sorted(set(b) - set(a))[:5]}"))
    sources = {row["id"]: row["source"] for row in read_pool_manifest(dataset / "raw")}
    return (a, b), sources

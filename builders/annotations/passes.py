"""The two independent annotation passes kept for the agreement study, resolved like the gold.

A study folder (``dataset/agreement/`` for the double annotation of version 2,
``dataset/agreement/v3/`` for the second pass on the fields of version 3, ``release-1.0/`` for the
second pass over the documents annotated for 1.0) holds ``pass-a/`` and
``pass-b/``, one annotation file per document as each pass left it before adjudication; registry
entries that only the second pass introduced are in ``speakers-pass-b.yaml`` / ``targets-pass-b.yaml``.
"""

from __future__ import annotations

from pathlib import Path

from diploquote.schema.errors import DiploQuoteError, Incident

from diploquote.builders.corpus import read_pool_manifest
from diploquote.builders.annotations.validate import validate_annotations

# The agreement studies, folders under dataset/agreement/: the double annotation of version 2,
# the second pass on the fields of version 3, and the second pass over the documents new in 1.0.
STUDIES = ("", "v3", "release-1.0")


def resolve_passes(dataset: Path, folder: Path) -> tuple[tuple[dict, dict], dict[str, str]]:
    """Resolved statements of pass A and pass B of the study in ``folder`` (by document id), and
    each document's source."""
    speakers = [p for p in [folder / "speakers-pass-b.yaml"] if p.exists()]
    targets = [p for p in [folder / "targets-pass-b.yaml"] if p.exists()]
    passes, incidents = [], []
    for name in ("pass-a", "pass-b"):
        files = sorted((folder / name).glob("*.yaml"))
        resolved, found = validate_annotations(dataset, files, extra_speakers=speakers, extra_targets=targets)
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

"""Shared fixtures: the project's own files, and small real datasets built in a temporary folder."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

# Everything the tests load is local: never let the `datasets` loader reach for the network.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_DATASETS_OFFLINE", "1")

ROOT = Path(__file__).resolve().parent.parent
DATASET = ROOT / "dataset"
XINHUA = "xinhua-2025-11-24-xi-trump-phone-call"


def manifest_rows() -> dict[str, dict]:
    lines = (DATASET / "raw" / "MANIFEST.jsonl").read_text(encoding="utf-8").splitlines()
    return {r["id"]: r for r in map(json.loads, lines)}


def make_dataset(root: Path, doc_ids: list[str]) -> Path:
    """A project folder holding a dataset of ``doc_ids`` (raw files, their annotations), the
    speaker registry and the card's prose, copied from this repository.

    Raw files of withheld documents are left out, as on a fresh clone: they are not committed.
    """
    from diploquote.builders.curation.pool import redistributable

    rows = manifest_rows()
    ds = root / "dataset"
    (ds / "raw").mkdir(parents=True)
    (ds / "annotations").mkdir()
    with open(ds / "raw" / "MANIFEST.jsonl", "w", encoding="utf-8") as f:
        for doc_id in doc_ids:
            row = rows[doc_id]
            if redistributable(row["license"]):
                (ds / "raw" / row["file"]).parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(DATASET / "raw" / row["file"], ds / "raw" / row["file"])
            f.write(json.dumps(row) + "\n")
            ann = DATASET / "annotations" / f"{doc_id}.yaml"
            if ann.exists():
                shutil.copyfile(ann, ds / "annotations" / ann.name)
    shutil.copytree(DATASET / "speakers", ds / "speakers")
    shutil.copytree(DATASET / "targets", ds / "targets")
    (ds / "VERSION").write_text("0.0.1\n")
    shutil.copytree(ROOT / "docs", root / "docs")
    return root


@pytest.fixture(scope="session")
def xinhua_copy() -> Path:
    """The user's own copy of the Xinhua article, where the build looks for it (it is not committed)."""
    path = DATASET / "raw" / manifest_rows()[XINHUA]["file"]
    if not path.is_file():
        pytest.skip(f"needs your copy of the Xinhua article at dataset/raw/{manifest_rows()[XINHUA]['file']} "
                    "(not committed: its licence does not allow it)")
    return path

"""The committed release: it rebuilds to the same content and loads with `datasets`, offline."""

from __future__ import annotations

import json

import datasets

from diploquote.builders.release.build import check

from conftest import DATASET, ROOT, XINHUA, manifest_rows


def test_committed_release_rebuilds_to_its_manifest():
    assert check(ROOT) == []


def test_committed_release_loads_and_the_seed_document_is_withheld(tmp_path, monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    manifest = json.loads((DATASET / "MANIFEST.json").read_text())
    for config, splits in manifest["rows"].items():
        ds = datasets.load_dataset(str(DATASET), config, cache_dir=str(tmp_path))
        assert {s: ds[s].num_rows for s in ds} == {s: n for s, n in splits.items() if n}
    docs = datasets.load_dataset(str(DATASET), "documents", cache_dir=str(tmp_path))
    seed = next(r for s in docs for r in docs[s] if r["id"] == XINHUA)
    assert seed["text"] is None
    assert seed["text_sha256"] == manifest_rows()[XINHUA]["parsed"]["text_sha256"]
    assert {"xi-jinping", "donald-trump"} <= {p for st in seed["statements"] for p in st["speakers"]}
    corpus = datasets.load_dataset(str(DATASET), "corpus", cache_dir=str(tmp_path))["pool"]
    assert corpus.num_rows == len(manifest_rows())

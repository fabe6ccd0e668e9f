"""The committed release: it rebuilds to the same content and loads with `datasets`, offline."""

from __future__ import annotations

import json

import datasets

from diploquote.builders.release.build import check
from diploquote.schema.layout import MANIFEST

from helpers import DATASET, ROOT, XINHUA, manifest_rows


def test_committed_release_rebuilds_to_its_manifest():
    assert check(ROOT) == []


def test_committed_release_loads_and_the_seed_document_is_withheld(tmp_path, monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    manifest = json.loads((DATASET / MANIFEST).read_text())
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


def test_the_log_of_releases_holds_every_released_version_and_the_release_in_place():
    from diploquote.builders.release.log import read_log

    logged = {v: (e.date, e.content_sha256) for v, e in read_log(DATASET).items()}
    assert logged == {  # from the release commits' MANIFEST.json
        "0.1.0": ("2026-11-27", "641df33b458ca279010bf2a89325fa47f9721c8fd6c558a4435fefeb9d6d9192"),
        "0.2.0": ("2026-11-27", "3d545502cef4087f1827a80ecb1f895c2c3c1b0e2fccedc33ca341daca36a53d"),
        "0.2.1": ("2026-11-27", "1682bba9d152627f76cae9343ea7cd9895ed5410ac854cb0f0838ea7e1e543ed"),
        "0.3.0": ("2026-12-01", "ecad80681ea47fd9c71174ee451e286b53e740c803488f348123ba3dd4eb982c"),
        "0.3.1": ("2026-12-01", "acf0e77f04148f0f83aa49d8434a6dffdbd983ae10286fe6815b14c7f8465e13"),
        "1.0.0": ("2026-12-01", "580094341e08267bdfc828ffa578f8e8a4cb845adf736004383d8f36e842cf3c"),
        "1.0.1": ("2026-12-01", "580094341e08267bdfc828ffa578f8e8a4cb845adf736004383d8f36e842cf3c"),  # card only
        "1.0.2": ("2026-12-01", "e53c4ace8a74146cd3c8798f5b7ba0ba04bbfc962e52fd378648296620ed4bb6"),
    }
    manifest = json.loads((DATASET / MANIFEST).read_text())
    assert logged[manifest["version"]][1] == manifest["content_sha256"]


def test_every_admitted_document_is_annotated_and_the_test_split_can_separate_systems(tmp_path):
    docs = datasets.load_dataset(str(DATASET), "documents", cache_dir=str(tmp_path))
    statements = {split: sum(len(s) for s in docs[split]["statements"]) for split in docs}
    assert sum(d.num_rows for d in docs.values()) == len(manifest_rows()) >= 1400
    assert sum(statements.values()) >= 9000
    assert docs["test"].num_rows >= 200 and statements["test"] >= 1500
    assert set(docs["train"]["source"]) == {"auspm", "kremlin", "whitehouse", "xinhua"}
    # no document of an earlier release's test split moved
    earlier = [json.loads(line) for line in (DATASET / "annotation-sample.jsonl").read_text().splitlines()]
    assert {r["id"] for r in earlier if r["split"] == "test"} <= set(docs["test"]["id"])

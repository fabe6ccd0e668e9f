"""The build on a small real dataset: loadable offline, reproducible, never half-written, never overwritten."""

from __future__ import annotations

import gc
import hashlib
import json
from pathlib import Path

import datasets
import pytest

from diploquote.builders.release.build import build, check
from diploquote.viewer.charts import draw
from diploquote.schema.yamlfile import dump_yaml, read_yaml
from diploquote.cli import main
from diploquote.schema.errors import DiploQuoteError
from diploquote.schema.layout import CARD, MANIFEST, RELEASE_DIR, shard_path

from helpers import XINHUA, make_dataset, manifest_rows

ANNOTATED = [XINHUA, "auspm-transcript-40828", "kremlin-58528"]  # one per split: train, validation, test
MORE = ["kremlin-17113", "auspm-transcript-22607"]  # annotated from 1.0 on (validation, train)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = make_dataset(tmp_path / "project", ANNOTATED + MORE)
    build(root, draw)
    return root


def load(root: Path, config: str, tmp_path: Path):
    return datasets.load_dataset(str(root / "dataset"), config, cache_dir=str(tmp_path / "hf-cache"))


def release_files(root: Path) -> dict[str, str]:
    ds = root / "dataset"
    items = [ds / CARD, *sorted(p for p in (ds / RELEASE_DIR).rglob("*") if p.is_file())]
    return {str(p.relative_to(ds)): hashlib.sha256(p.read_bytes()).hexdigest() for p in items}


def test_every_config_loads_offline_with_the_datasets_loader(project, tmp_path, monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    docs = load(project, "documents", tmp_path)
    assert {s: docs[s].num_rows for s in docs} == {"train": 2, "validation": 2, "test": 1}
    assert load(project, "corpus", tmp_path)["pool"].num_rows == 5
    speakers = set(load(project, "speakers", tmp_path)["registry"]["id"])
    statements = load(project, "statements", tmp_path)
    assert sum(statements[s].num_rows for s in statements) == sum(
        len(r["statements"]) for s in docs for r in docs[s])

    (seed,) = [r for r in docs["train"] if r["id"] == XINHUA]  # built without its raw file, as on a fresh clone
    assert seed["text"] is None
    assert seed["text_sha256"] == manifest_rows()[XINHUA]["parsed"]["text_sha256"]
    named = {spk for st in seed["statements"] for spk in st["speakers"]}
    assert {"xi-jinping", "donald-trump"} <= named <= speakers
    assert all(st["content"]["text"] is None for st in seed["statements"])
    stance = docs["train"].features["statements"].feature["stance"]
    assert stance.names == ["support", "oppose", "neutral"]


def test_redistributable_statements_carry_their_text_and_paragraph(project, tmp_path):
    rows = load(project, "statements", tmp_path)["test"]
    corpus = {r["id"]: r["text"] for r in load(project, "corpus", tmp_path)["pool"]}
    for r in rows:
        text = corpus[r["doc_id"]]
        assert text[r["content"]["start"]:r["content"]["end"]] == r["content"]["text"]
        assert r["context"]["text"] == text[r["context"]["start"]:r["context"]["end"]]
        assert "\n" not in r["context"]["text"] and r["content"]["text"] in r["context"]["text"]


def test_check_passes_and_fails_when_an_annotation_changes(project):
    assert check(project) == []
    ann = project / "dataset" / "annotations" / "kremlin-58528.yaml"
    text = ann.read_text(encoding="utf-8")
    ann.write_text(text.replace("stance: neutral", "stance: oppose", 1) if "stance: neutral" in text
                   else text.replace("stance: support", "stance: oppose", 1), encoding="utf-8")
    diffs = check(project)
    assert any(d.startswith("config documents") for d in diffs)
    assert any(d.startswith("config statements") for d in diffs)
    assert main(["--root", str(project), "build", "--check"]) == 1


def test_check_fails_when_a_raw_file_changes(project, capsys):
    raw = project / "dataset" / "raw" / "kremlin" / "17113.html"
    raw.write_bytes(raw.read_bytes().replace(b"Uganda", b"Ugandaa", 1))
    assert main(["--root", str(project), "build", "--check"]) == 1
    err = capsys.readouterr().err
    assert "raw-sha256-mismatch" in err and "17113.html" in err


def test_failed_build_leaves_the_previous_release_untouched(project):
    before = release_files(project)
    bad = project / "dataset" / "annotations" / "auspm-transcript-40828.yaml"
    data = read_yaml(bad)
    data["statements"].append({"id": "s99", "content": "not in the text at all", "speakers": ["john-howard"],
                               "type": "indirect", "stance": "support", "target": "counterpart",
                               "target_id": "none", "act": "assert", "topics": ["trade"]})
    bad.write_text(dump_yaml(data), encoding="utf-8")
    with pytest.raises(DiploQuoteError) as e:
        build(project, draw)
    assert [i.code for i in e.value.incidents] == ["span-not-found"]
    assert "s99" in e.value.incidents[0].where and str(bad) == e.value.incidents[0].file
    assert release_files(project) == before
    assert not list((project / "dataset").glob(".build-*"))
    assert gc.isenabled()  # the build reads with the cycle collector off, and turns it on again


def test_a_released_version_is_never_overwritten(project):
    ann = project / "dataset" / "annotations" / f"{XINHUA}.yaml"
    ann.write_text(ann.read_text(encoding="utf-8").replace("stance: neutral", "stance: oppose"), encoding="utf-8")
    before = release_files(project)
    with pytest.raises(DiploQuoteError) as e:
        build(project, draw)
    assert e.value.incidents[0].code == "version-already-released"
    assert release_files(project) == before
    (project / "dataset" / "VERSION").write_text("0.0.2\n")
    result = build(project, draw)
    assert result.manifest["version"] == "0.0.2"


def test_rebuild_gives_the_same_content(project, tmp_path):
    first = json.loads((project / "dataset" / MANIFEST).read_text())
    other = make_dataset(tmp_path / "other", ANNOTATED + MORE)
    second = build(other, draw).manifest
    assert first["content_sha256"] == second["content_sha256"]
    shard = shard_path("documents", "train")
    assert first["files"][shard] == second["files"][shard]


def test_a_deleted_manifest_does_not_let_a_released_version_be_reissued(project, capsys):
    (project / "dataset" / MANIFEST).unlink()
    ann = project / "dataset" / "annotations" / f"{XINHUA}.yaml"
    ann.write_text(ann.read_text(encoding="utf-8").replace("stance: neutral", "stance: oppose"), encoding="utf-8")
    assert main(["--root", str(project), "build"]) == 1
    err = capsys.readouterr().err
    assert f"{project / 'dataset' / 'RELEASES'}: line 3: error [version-already-released]" in err
    assert "0.0.1 was released" in err and not (project / "dataset" / MANIFEST).exists()


def test_verify_and_check_refuse_a_release_that_reissues_a_logged_version(project, capsys):
    log = project / "dataset" / "RELEASES"
    log.write_text(log.read_text().replace("0.0.1 ", "0.0.0 ") + f"0.0.1 2026-01-01 {'0' * 64}\n")
    assert main(["--root", str(project), "verify"]) == 1
    assert "[version-reissued]" in capsys.readouterr().err
    assert any("0.0.1 was released on 2026-01-01" in d for d in check(project))

"""Withheld text: a document whose licence keeps its text out of the repository is annotated by
offsets and hashes, builds the same with or without the user's copy of its raw file, is checked
against that copy when it is there, and is hydrated from it.

The article of the pool that is withheld cannot be in the tests either, so the mechanics run on a
synthetic report written here, with the Xinhua file's layout and a restricted licence.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import datasets
import pytest
import yaml

from diploquote.builders.annotations.validate import validate_annotations
from diploquote.builders.release.build import build, check
from diploquote.cli import main
from diploquote.viewer.charts import draw

from diploquote.schema import SOURCES
from diploquote.schema.yamlfile import dump_yaml
from helpers import DATASET, XINHUA, make_dataset

DOC = "xinhua-2030-01-02-synthetic"
RAW_FILE = "xinhua/2030-01-02-synthetic.txt"
RAW = ("date 2030-01-02 Ruritania and Freedonia hold talks\n\nJanuary 2, 2030\n\n"
       "RIVERTON, Jan. 1 -- The Ruritanian minister said that trade should grow.\n\n"
       "The Freedonian minister noted that the border talks would resume.\n")
# The normalised text is these two lines, 72 + 1 + 65 = 138 characters, the line break at 72.
LINE_1 = "RIVERTON, Jan. 1 -- The Ruritanian minister said that trade should grow."
LINE_2 = "The Freedonian minister noted that the border talks would resume."
OPEN_DOC = "auspm-transcript-40828"  # an annotated, openly licensed document, so the release has a split of its own


def sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def span(start: int, end: int, text: str) -> dict:
    return {"start": start, "end": end, "sha256": sha(text)}


def statements() -> list[dict]:
    common = {"type": "indirect", "stance": "support", "act": "assert", "target_id": "none",
              "topics": ["bilateral-relations"]}
    return [
        {"id": "s1", "speakers": ["xi-jinping"], "speaker_mention": span(20, 43, "The Ruritanian minister"),
         "cue": span(44, 48, "said"), "content": span(54, 71, "trade should grow"), "target": "bilateral-relations",
         **common},
        {"id": "s2", "speakers": ["donald-trump"], "speaker_mention": span(73, 96, "The Freedonian minister"),
         "cue": span(97, 102, "noted"), "content": span(108, 137, "the border talks would resume"),
         "target": "agreement-or-initiative", **common},
    ]


def withheld_project(root: Path, annotated: list[str] = ()) -> Path:
    """A project with the synthetic withheld report (raw file in place) and ``annotated`` open documents."""
    make_dataset(root, list(annotated))
    ds = root / "dataset"
    (ds / "raw" / RAW_FILE).parent.mkdir(parents=True, exist_ok=True)
    (ds / "raw" / RAW_FILE).write_text(RAW, encoding="utf-8")
    row = {"id": DOC, "source": "xinhua", "file": RAW_FILE, "title": "Ruritania and Freedonia hold talks",
           "date": "2030-01-01", "url": None, "license": SOURCES["xinhua"].license, "format": "text",
           "sha256": hashlib.sha256(RAW.encode("utf-8")).hexdigest(), "redistributable": False,
           "parsed": {"title": "Ruritania and Freedonia hold talks", "date": "2030-01-02", "url": None,
                      "text_sha256": sha(LINE_1 + "\n" + LINE_2), "text_chars": 138, "newlines": [72]}}
    with open(ds / "raw" / "MANIFEST.jsonl", "a", encoding="utf-8") as f:
        f.write(json.dumps(row) + "\n")
    write_annotation(ds, statements())
    return root


def write_annotation(ds: Path, sts: list[dict]) -> Path:
    path = ds / "annotations" / f"{DOC}.yaml"
    path.write_text(dump_yaml({"document": DOC, "guidelines": 3, "statements": sts}), encoding="utf-8")
    return path


def move_raw_file_away(root: Path, to: Path) -> Path:
    """The user's copy, moved out of the project (as on a fresh clone); returns the folder holding it."""
    (to / "xinhua").mkdir(parents=True)
    shutil.move(root / "dataset" / "raw" / RAW_FILE, to / RAW_FILE)
    return to


def rows(dataset: Path, config: str, cache: Path) -> list[dict]:
    ds = datasets.load_dataset(str(dataset), config, cache_dir=str(cache))
    return [r for split in ds.values() for r in split]


def test_withheld_document_builds_the_same_without_its_raw_file_and_hydrates(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    root = withheld_project(tmp_path / "project", [OPEN_DOC])
    with_copy = build(root, draw).manifest["content_sha256"]
    own_copy = move_raw_file_away(root, tmp_path / "my-copies")
    assert check(root) == []  # the same content without the raw file
    assert build(root, draw).manifest["content_sha256"] == with_copy

    [st1, st2] = sorted((r for r in rows(root / "dataset", "statements", tmp_path / "hf") if r["doc_id"] == DOC),
                        key=lambda r: r["statement_id"])
    assert (st1["content"], st1["context"]) == ({"start": 54, "end": 71, "text": None}, {"start": 0, "end": 72, "text": None})
    assert (st2["cue"], st2["context"]) == ({"start": 97, "end": 102, "text": None}, {"start": 73, "end": 138, "text": None})

    out = tmp_path / "hydrated"
    assert main(["--root", str(root), "hydrate", "--raw", str(own_copy), "--out", str(out)]) == 0
    [doc] = [r for r in rows(out, "documents", tmp_path / "hf2") if r["id"] == DOC]
    assert doc["text"] == LINE_1 + "\n" + LINE_2
    assert [(s["speaker_mention"]["text"], s["cue"]["text"], s["content"]["text"]) for s in doc["statements"]] == [
        ("The Ruritanian minister", "said", "trade should grow"),
        ("The Freedonian minister", "noted", "the border talks would resume")]
    [hydrated_st2] = [r for r in rows(out, "statements", tmp_path / "hf3") if r["statement_id"] == f"{DOC}/s2"]
    assert hydrated_st2["context"]["text"] == LINE_2

    (own_copy / RAW_FILE).write_text(RAW.replace("trade", "tariffs"), encoding="utf-8")
    assert main(["--root", str(root), "hydrate", "--raw", str(own_copy), "--out", str(tmp_path / "h2")]) == 1
    assert "text-sha256-mismatch" in capsys.readouterr().err


def test_every_span_hash_is_checked_when_the_raw_file_is_present(tmp_path):
    root = withheld_project(tmp_path / "project")
    ds = root / "dataset"
    shifted = statements()
    shifted[1]["content"] = {**shifted[1]["content"], "start": 109, "end": 138}  # one character late
    path = write_annotation(ds, shifted)
    _, incidents = validate_annotations(ds)
    [inc] = incidents
    assert (inc.code, inc.file, inc.where) == ("span-sha256-mismatch", str(path), "statement s2, field content")
    assert "109-138" in inc.message and "fix the offsets" in inc.message
    move_raw_file_away(root, tmp_path / "elsewhere")
    resolved, incidents = validate_annotations(ds)  # without the text, offsets within it are all one can check
    assert incidents == [] and resolved[DOC][1].content.text is None


def test_the_raw_file_must_give_the_recorded_text(tmp_path):
    root = withheld_project(tmp_path / "project")
    manifest = root / "dataset" / "raw" / "MANIFEST.jsonl"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace('"text_chars": 138', '"text_chars": 139'),
                        encoding="utf-8")
    _, incidents = validate_annotations(root / "dataset")
    [inc] = incidents
    assert inc.code == "parsed-record-mismatch" and inc.file.endswith(RAW_FILE) and "text_chars" in inc.message


@pytest.mark.parametrize("document,field,anchor,code", [
    (DOC, "cue", "said", "text-of-withheld-document"),
    (DOC, "content", {"start": 130, "end": 139, "sha256": "0" * 64}, "offsets-out-of-range"),
    (OPEN_DOC, "content", {"start": 0, "end": 5, "sha256": "0" * 64}, "offsets-for-open-text"),
])
def test_withheld_documents_use_offsets_and_open_ones_text(tmp_path, document, field, anchor, code):
    root = withheld_project(tmp_path / "project", [OPEN_DOC])
    ds = root / "dataset"
    path = ds / "annotations" / f"{document}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["statements"][0][field] = anchor
    path.write_text(dump_yaml(data), encoding="utf-8")
    _, incidents = validate_annotations(ds, [path])
    [inc] = incidents
    sid = data["statements"][0]["id"]
    assert (inc.code, inc.where) == (code, f"statement {sid}, field {field}")


def test_the_committed_xinhua_annotation_holds_offsets_not_text():
    data = yaml.safe_load((DATASET / "annotations" / f"{XINHUA}.yaml").read_text(encoding="utf-8"))
    spans = [st[f] for st in data["statements"] for f in ("content", "cue", "speaker_mention") if st.get(f)]
    assert len(spans) == 54 and all(set(s) == {"start", "end", "sha256"} for s in spans)


@pytest.mark.parametrize("out", ["dataset", "dataset/hydrated"])
def test_hydrate_refuses_to_write_into_the_release(tmp_path, capsys, out):
    root = withheld_project(tmp_path / "project")
    build(root, draw)
    before = {p: p.read_bytes() for p in (root / "dataset").rglob("*") if p.is_file()}
    raw = tmp_path / "mine"
    shutil.copytree(root / "dataset" / "raw", raw)
    assert main(["--root", str(root), "hydrate", "--raw", str(raw), "--out", str(root / out)]) == 1
    assert "[hydrate-into-release]" in capsys.readouterr().err
    assert {p: p.read_bytes() for p in (root / "dataset").rglob("*") if p.is_file()} == before

"""``diploquote eval --predictions`` on a folder or a glob of prediction shards: read a line at a
time, shard after shard, with the numbers of the same lines in one file and every problem located
in its shard."""

from __future__ import annotations

import json
import tracemalloc

import pytest

from diploquote.cli import main
from diploquote.eval.gold import release_gold
from diploquote.eval.predictions import load_attribution
from diploquote.schema.jsonl import read_jsonl

from helpers import DATASET, ROOT


@pytest.fixture(scope="module")
def predictions(tmp_path_factory):
    """The rules model's predictions of the test split: one file, and the same lines in three shards
    of a folder that also holds what ``predict`` writes beside them."""
    folder = tmp_path_factory.mktemp("predictions")
    one = folder / "one.jsonl"
    assert main(["--root", str(ROOT), "predict", "rules", "--split", "test", "--out", str(one)]) == 0
    lines = one.read_text(encoding="utf-8").splitlines(keepends=True)
    shards = folder / "shards"
    shards.mkdir()
    third = len(lines) // 3 + 1
    for k in range(3):
        (shards / f"part-{k:05d}.jsonl").write_text("".join(lines[k * third:(k + 1) * third]), encoding="utf-8")
    (shards / "_SUCCESS").write_text("")
    (shards / "_run.json").write_text("{}\n")
    return one, shards


def results(tmp_path, given, name: str) -> dict:
    out = tmp_path / name
    assert main(["--root", str(ROOT), "eval", "--predictions", str(given), "--split", "test",
                 "--resamples", "200", "--out", str(out)]) == 0
    return json.loads((out / "results.json").read_text(encoding="utf-8"))


def test_a_folder_and_a_glob_of_shards_score_as_the_one_file(tmp_path, predictions):
    one, shards = predictions
    whole = results(tmp_path, one, "one")
    assert whole["documents"] > 0 and whole["scores"]["content.f1"]["value"] > 0
    assert results(tmp_path, shards, "folder") == whole
    assert results(tmp_path, shards / "part-*.jsonl", "glob") == whole


def test_a_problem_is_located_in_its_shard(tmp_path, predictions, capsys):
    _, shards = predictions
    folder = tmp_path / "bad"
    folder.mkdir()
    first = (shards / "part-00000.jsonl").read_text(encoding="utf-8").splitlines(keepends=True)
    (folder / "part-00000.jsonl").write_text("".join(first), encoding="utf-8")
    (folder / "part-00001.jsonl").write_text(first[1] + "{broken\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["--root", str(ROOT), "eval", "--predictions", str(folder), "--split", "test"]) == 1
    err = capsys.readouterr().err
    doc_id = json.loads(first[1])["doc_id"]
    assert (f"{folder / 'part-00001.jsonl'}: line 1, field doc_id: error [duplicate-document] {doc_id!r} was "
            f"already predicted on line 2 of {folder / 'part-00000.jsonl'}") in err
    assert f"{folder / 'part-00001.jsonl'}: line 2, column 2: error [json-invalid]" in err
    assert "Traceback" not in err


def test_a_folder_without_prediction_files_is_refused(tmp_path, capsys):
    (tmp_path / "empty").mkdir()
    assert main(["--root", str(ROOT), "eval", "--predictions", str(tmp_path / "empty"), "--split", "test"]) == 1
    assert f"{tmp_path / 'empty'}: file: error [no-prediction-files]" in capsys.readouterr().err


def test_a_prediction_file_is_read_a_line_at_a_time(tmp_path):
    """Reading 2 MB of prediction lines never holds more than a few of them."""
    path = tmp_path / "p.jsonl"
    line = json.dumps({"doc_id": "d", "statements": [{"content": {"start": 0, "end": 9}}] * 20}) + "\n"
    path.write_text(line * (2_000_000 // len(line)), encoding="utf-8")
    tracemalloc.start()
    try:
        lines = sum(1 for _ in read_jsonl(path))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert lines == 2_000_000 // len(line) and peak < 200_000


def test_equal_speaker_and_topic_sets_are_one_object(predictions):
    """A million predicted statements name a few hundred sets: each is held once."""
    one, _ = predictions
    loaded = load_attribution(one, release_gold(DATASET, "test"))
    statements = [p for ps in loaded.by_document.values() for p in ps if p.speakers]
    sets = {p.speakers for p in statements}
    assert len(statements) > len(sets) and len({id(p.speakers) for p in statements}) == len(sets)

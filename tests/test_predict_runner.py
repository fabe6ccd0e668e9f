"""``diploquote predict MODEL --input``: JSON Lines, a Parquet file, a folder or a glob of Parquet
shards, read in batches and written in shards that an interrupted run keeps; the same bytes for
any number of workers; every bad input a located error."""

from __future__ import annotations

import json
import tracemalloc

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from diploquote.baselines.runner import RunSettings, batches, open_input
from diploquote.cli import main

from helpers import DATASET, ROOT

POOL = DATASET / "data" / "corpus" / "pool-00000-of-00001.parquet"


def predict(*args: str) -> int:
    return main(["--root", str(ROOT), "predict", *args])


@pytest.fixture(scope="module")
def sample() -> pa.Table:
    """The first 60 documents of the real pool (id, text, source, date)."""
    return pq.read_table(POOL, columns=["id", "text", "source", "date"]).slice(0, 60)


def shards(tmp_path, table: pa.Table, sizes: list[int]) -> list:
    """``table`` cut into Parquet files of ``sizes`` rows in ``tmp_path/in``."""
    folder, start, paths = tmp_path / "in", 0, []
    folder.mkdir()
    for i, n in enumerate(sizes):
        paths.append(folder / f"train-{i:05d}.parquet")
        pq.write_table(table.slice(start, n), paths[-1])
        start += n
    return paths


def doc_ids(path) -> list[str]:
    return [json.loads(line)["doc_id"] for line in path.read_text(encoding="utf-8").splitlines()]


def test_a_parquet_file_gives_one_shard_a_batch_and_success(tmp_path, sample, capsys):
    (path,) = shards(tmp_path, sample, [60])
    out = tmp_path / "out"
    assert predict("rules", "--input", str(path), "--out", str(out), "--batch-size", "25", "--workers", "1") == 0
    assert sorted(p.name for p in out.iterdir()) == ["_SUCCESS", "_run.json", "part-00000.jsonl", "part-00001.jsonl",
                                                     "part-00002.jsonl"]
    # 25 + 25 + 10 documents, in the input's order
    assert [len(doc_ids(out / f"part-0000{i}.jsonl")) for i in range(3)] == [25, 25, 10]
    assert sum((doc_ids(out / f"part-0000{i}.jsonl") for i in range(3)), []) == sample.column("id").to_pylist()
    assert "60 documents in 3 shards (0 already written, skipped)" in capsys.readouterr().out


def test_a_folder_and_a_glob_read_the_shards_in_name_order(tmp_path, sample):
    shards(tmp_path, sample, [40, 20])
    (tmp_path / "in" / "notes.txt").write_text("not a shard")
    expected = sample.column("id").to_pylist()
    for i, given in enumerate([tmp_path / "in", tmp_path / "in" / "train-*.parquet"]):
        out = tmp_path / f"out{i}.jsonl"
        assert predict("majority", "--input", str(given), "--out", str(out), "--workers", "1") == 0
        assert doc_ids(out) == expected


def test_other_column_names_are_given_with_options(tmp_path, sample):
    renamed = sample.rename_columns(["doc", "body", "source", "date"])
    (path,) = shards(tmp_path, renamed, [60])
    out = tmp_path / "p.jsonl"
    assert predict("rules", "--input", str(path), "--out", str(out), "--id-column", "doc", "--text-column", "body",
                   "--workers", "1") == 0
    assert doc_ids(out) == sample.column("id").to_pylist()


def test_json_lines_in_shards_match_the_single_file(tmp_path, sample):
    path = tmp_path / "in.jsonl"
    path.write_text("".join(json.dumps({"id": r["id"], "text": r["text"] or ""}) + "\n" for r in sample.to_pylist()))
    assert predict("rules", "--input", str(path), "--out", str(tmp_path / "one.jsonl"), "--workers", "1") == 0
    assert predict("rules", "--input", str(path), "--out", str(tmp_path / "dir"), "--batch-size", "7",
                   "--workers", "1") == 0
    joined = b"".join(p.read_bytes() for p in sorted((tmp_path / "dir").glob("part-*.jsonl")))
    assert joined == (tmp_path / "one.jsonl").read_bytes() and len(list((tmp_path / "dir").glob("part-*"))) == 9


def test_one_and_two_workers_write_the_same_bytes(tmp_path, sample):
    (path,) = shards(tmp_path, sample, [60])
    for workers in ("1", "2"):
        assert predict("rules", "--input", str(path), "--out", str(tmp_path / f"w{workers}"), "--batch-size", "8",
                       "--workers", workers) == 0
    one, two = (sorted((tmp_path / f"w{w}").glob("part-*.jsonl")) for w in "12")
    assert len(one) == 8 and [p.read_bytes() for p in one] == [p.read_bytes() for p in two]


def test_a_resumed_run_keeps_whole_shards_and_redoes_the_rest(tmp_path, sample, capsys):
    (path,) = shards(tmp_path, sample, [60])
    out = tmp_path / "out"
    run = ["rules", "--input", str(path), "--out", str(out), "--batch-size", "20", "--workers", "1"]
    assert predict(*run) == 0
    first = {p.name: p.read_bytes() for p in out.glob("part-*.jsonl")}
    # an interrupted run: the last shard never renamed, a temporary file left behind, no _SUCCESS
    (out / "part-00002.jsonl").rename(out / "part-00002.jsonl.tmp")
    (out / "part-00002.jsonl.tmp").write_text('{"doc_id": "half a line')
    (out / "_SUCCESS").unlink()
    (out / "part-00000.jsonl").unlink()
    capsys.readouterr()
    assert predict(*run) == 0
    assert "60 documents in 3 shards (1 already written, skipped)" in capsys.readouterr().out
    assert {p.name: p.read_bytes() for p in out.glob("part-*.jsonl")} == first
    assert (out / "_SUCCESS").exists() and not list(out.glob("*.tmp"))


def test_a_resume_with_other_settings_is_refused(tmp_path, sample, capsys):
    (path,) = shards(tmp_path, sample, [60])
    out = tmp_path / "out"
    assert predict("rules", "--input", str(path), "--out", str(out), "--batch-size", "20", "--workers", "1") == 0
    assert predict("rules", "--input", str(path), "--out", str(out), "--batch-size", "30", "--workers", "1") == 1
    assert f"{out / '_run.json'}: file: error [resume-mismatch]" in capsys.readouterr().err


def test_a_missing_column_is_a_located_error(tmp_path, sample, capsys):
    (path,) = shards(tmp_path, sample.drop_columns(["text"]), [60])
    assert predict("rules", "--input", str(path), "--out", str(tmp_path / "p.jsonl")) == 1
    err = capsys.readouterr().err
    assert f"{path}: columns: error [column-missing] no column 'text'" in err and "--text-column" in err
    assert "Traceback" not in err and not (tmp_path / "p.jsonl").exists()


def test_an_unreadable_shard_is_a_located_error(tmp_path, sample, capsys):
    paths = shards(tmp_path, sample, [30, 30])
    paths[1].write_bytes(b"PAR1 this is not parquet")
    assert predict("rules", "--input", str(tmp_path / "in"), "--out", str(tmp_path / "out")) == 1
    err = capsys.readouterr().err
    assert f"{paths[1]}: file: error [parquet-unreadable]" in err and "Traceback" not in err
    assert not (tmp_path / "out").exists()


def test_a_glob_matching_nothing_is_a_located_error(tmp_path, capsys):
    assert predict("rules", "--input", str(tmp_path / "*.parquet"), "--out", str(tmp_path / "p.jsonl")) == 1
    assert f"{tmp_path / '*.parquet'}: file: error [input-missing]" in capsys.readouterr().err


def test_models_that_label_statements_keep_their_error(tmp_path, sample, capsys):
    (path,) = shards(tmp_path, sample, [60])
    assert predict("tfidf-lr", "--task", "stance", "--input", str(path), "--out", str(tmp_path / "p.jsonl")) == 1
    assert "[input-needs-statements]" in capsys.readouterr().err


def test_a_resumed_run_says_so_and_its_bar_counts_only_what_is_left(tmp_path, sample, capsys):
    (path,) = shards(tmp_path, sample, [60])
    out = tmp_path / "out"
    run = ["rules", "--input", str(path), "--out", str(out), "--batch-size", "20", "--workers", "1"]
    assert predict(*run) == 0
    (out / "part-00001.jsonl").unlink()
    capsys.readouterr()
    assert predict(*run) == 0
    err = capsys.readouterr().err
    assert f"resuming {out}: 2 of 3 shards already written, kept and skipped" in err
    # the 20 documents of the one shard redone, at this run's rate, and the time left
    assert " 20/20 [" in err and " docs/s]" in err and "60/60" not in err


def test_a_json_lines_input_is_read_a_batch_at_a_time(tmp_path, sample):
    """Memory does not grow with the input: reading 2 MB of documents in batches of 10 never holds
    more than a small part of them (the whole file read at once would take more than 2 MB)."""
    texts = [t for t in sample.column("text").to_pylist() if t]
    path = tmp_path / "in.jsonl"
    with open(path, "w", encoding="utf-8") as f:
        k = 0
        while f.tell() < 2_000_000:
            f.write(json.dumps({"id": f"d{k}", "text": texts[k % len(texts)]}) + "\n")
            k += 1
    settings = RunSettings(batch_size=10, workers=1)
    tracemalloc.start()
    try:
        seen = sum(len(batch) for batch in batches(open_input(path, settings), settings))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert seen == k and peak < 500_000

"""The benchmark on a small release built in a temporary folder: every runnable model of the
registry, scores and signatures in the leaderboard, run-dependent timings kept apart."""

from __future__ import annotations

import json

import pytest

from diploquote.baselines.leaderboard import run
from diploquote.builders.release.build import build
from diploquote.cli import main
from diploquote.viewer.charts import draw

from helpers import make_dataset

# Short annotated documents whose splits (by the hash of their ids) are these.
SPLITS = {"train": ["kremlin-17943", "kremlin-56480"], "validation": ["kremlin-62518"],
          "test": ["kremlin-17902", "kremlin-56490"]}
ROWS = [("majority", "attribution"), ("majority", "stance"), ("majority", "topic"), ("majority", "target"),
        ("rules", "attribution"), ("crf", "attribution"), ("tfidf-lr", "stance"), ("tfidf-lr", "topic"),
        ("tfidf-lr", "target"), ("ngram-svm", "stance"), ("ngram-svm", "topic"), ("ngram-svm", "target")]


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    root = make_dataset(tmp_path_factory.mktemp("bench") / "project", [d for ids in SPLITS.values() for d in ids])
    build(root, draw)
    return root


def test_the_leaderboard_holds_scores_and_signatures_and_does_not_change_between_runs(project, capsys):
    out = project / "results"
    board = run(project / "dataset", out, resamples=100)
    rows = {(r["model"], r["task"]): r for r in board["rows"]}
    assert list(rows) == ROWS  # the registry's models without an endpoint, in its order
    # majority says "support" (3 of the 4 train statements) to the 3 support and 2 neutral test
    # statements: F1 0.75 for support, 0 for neutral and oppose
    assert rows[("majority", "stance")]["scores"]["macro_f1"]["value"] == pytest.approx(0.25)
    assert all(("vs_majority" in r) == (model != "majority") for (model, _), r in rows.items())
    # a trained attribution model is also tested against rules, on the same documents
    assert [key for key, r in rows.items() if "vs_rules" in r] == [("crf", "attribution")]
    vs_rules = rows[("crf", "attribution")]["vs_rules"]
    assert set(vs_rules) == set(rows[("crf", "attribution")]["vs_majority"]) and 0 <= vs_rules["p_value"] <= 1
    assert all(f"hash:{board['content_sha256'][:12]}|split:test" in r["signature"] for r in rows.values())
    files = {name: (out / name).read_bytes() for name in ("leaderboard.json", "leaderboard.md")}
    assert json.loads(files["leaderboard.json"]) == board
    for text in files.values():
        assert b"seconds" not in text and b"docs/s" not in text

    # the command again, now loading the kept tf-idf models: the same bytes; timings apart
    assert main(["--root", str(project), "benchmark", "--out", str(out), "--resamples", "100"]) == 0
    printed = capsys.readouterr().out
    assert "| rules | attribution |" in printed and "vs rules (p)" in printed
    crf_row = next(line for line in printed.splitlines() if line.startswith("| crf | attribution |"))
    assert crf_row.split(" | ")[6].count("p=") == 1  # its vs rules cell; the others have none
    assert {name: (out / name).read_bytes() for name in files} == files
    timings = json.loads((out / "timings.json").read_text(encoding="utf-8"))
    assert [(t["model"], t["task"]) for t in timings["rows"]] == ROWS
    assert all(t["seconds"] > 0 and t["documents"] == 2 for t in timings["rows"])


def test_an_llm_row_on_a_seeded_sample_is_signed_as_such_and_tested_on_the_same_documents(project):
    from helpers import ChatServer, completion

    server = ChatServer([(200, completion([]))])  # one document asked: an answer with no statement
    try:
        board = run(project / "dataset", project / "results-llm", resamples=100, llm_documents=1,
                    llm_options={"endpoint": server.url, "model": "tiny", "timeout": 5, "retries": 0})
    finally:
        server.close()
    (row,) = [r for r in board["rows"] if r["model"] == "llm (tiny)"]
    assert "split:test[1/2]" in row["signature"] and row["documents"] == 1 and len(server.requests) == 1
    assert row["vs_majority"]["difference"] <= 0  # an empty answer cannot beat the floor

"""`diploquote eval` end to end on the committed release: outputs exist, validate, and say their mode."""

from __future__ import annotations

import json

import jsonschema

from diploquote.cli import main
from diploquote.eval.gold import release_gold
from diploquote.schema import json_schema
from diploquote.schema.layout import shard_path

from conftest import DATASET, ROOT


def test_eval_writes_results_report_and_errors(tmp_path, capsys):
    gold = release_gold(DATASET, "test")
    preds = tmp_path / "p.jsonl"
    with open(preds, "w") as f:
        for d in gold:
            kept = d.statements[1:]  # drop one statement a document: it must show up as missed
            f.write(json.dumps({"doc_id": d.doc_id, "statements": [
                {"content": {"start": s.content[0], "end": s.content[1]}, "speakers": sorted(s.speakers)} for s in kept]}) + "\n")
    out = tmp_path / "out"
    assert main(["--root", str(ROOT), "eval", "--task", "attribution", "--predictions", str(preds),
                 "--split", "test", "--compare", str(preds), "--out", str(out), "--resamples", "200"]) == 0
    printed = capsys.readouterr().out
    assert "signature: dataset:" in printed and "mode:overlap@0.5" in printed
    results = json.loads((out / "results.json").read_text())
    jsonschema.validate(results, json_schema("results"))
    assert results["signature"]["split"] == "test" and results["signature"]["speaker"] == "id"
    assert results["comparison"]["content.f1"]["difference"] == 0.0
    errors = [json.loads(line) for line in (out / "errors.jsonl").read_text().splitlines()]
    assert len(errors) == sum(1 for d in gold if d.statements) and all(e["kind"] == "missed" for e in errors)
    assert all(e["gold"]["content"]["text"] for e in errors if e["doc_id"] != "xinhua-2025-11-24-xi-trump-phone-call")
    report = (out / "report.md").read_text()
    assert "overlap@0.5" in report and "Paired bootstrap" in report
    page = (out / "report.html").read_text()
    assert page.count('<tr class="error"') == len(errors) and "data:image/png;base64," in page
    assert "http://" not in page.replace('xmlns="http://', "") and "<script src" not in page


def test_eval_stops_on_bad_predictions_and_names_the_line(tmp_path, capsys):
    preds = tmp_path / "bad.jsonl"
    preds.write_text('{"doc_id": "no-such-doc", "statements": []}\n{broken\n')
    assert main(["--root", str(ROOT), "eval", "--predictions", str(preds), "--split", "test"]) == 1
    err = capsys.readouterr().err
    assert "line 1, field doc_id" in err and "line 2" in err and "json-invalid" in err


def test_own_gold_file_in_jsonl_and_the_per_task_functions(tmp_path):
    import pyarrow.parquet as pq

    from diploquote.eval.harness import evaluate_attribution, evaluate_stance

    rows = pq.read_table(DATASET / shard_path("documents", "validation")).to_pylist()[:5]
    gold_file = tmp_path / "mine.jsonl"
    gold_file.write_text("".join(json.dumps(r) + "\n" for r in rows))
    preds = tmp_path / "p.jsonl"
    preds.write_text("".join(json.dumps({"doc_id": r["id"], "statements": [
        {"content": st["content"], "speakers": st["speakers"]} for st in r["statements"]]}) + "\n" for r in rows))
    out = tmp_path / "out"
    assert main(["--root", str(ROOT), "eval", "--gold", str(gold_file), "--predictions", str(preds),
                 "--out", str(out), "--resamples", "50"]) == 0
    results = json.loads((out / "results.json").read_text())
    assert results["signature"]["dataset_version"] == "custom" and results["signature"]["split"] == "mine.jsonl"
    assert results["scores"]["content+speaker.f1"]["value"] == 1.0

    from diploquote.eval.gold import load_gold

    gold = load_gold(gold_file)
    assert evaluate_attribution(preds, gold, resamples=0).scores["content.recall"]["value"] == 1.0
    stance = tmp_path / "s.jsonl"
    stance.write_text("".join(json.dumps({"statement_id": st.statement_id, "stance": "support"}) + "\n"
                              for d in gold for st in d.statements))
    r = evaluate_stance(stance, gold, resamples=0)
    assert r.scores["accuracy"]["value"] == sum(st.stance == "support" for d in gold for st in d.statements) / sum(
        len(d.statements) for d in gold)


def test_stats_and_validate_commands(capsys):
    assert main(["--root", str(ROOT), "stats"]) == 0
    out = capsys.readouterr().out
    for word in ("train", "validation", "test", "support", "oppose", "neutral", "bilateral-relations"):
        assert word in out
    assert main(["--root", str(ROOT), "validate"]) == 0
    assert "0 errors" in capsys.readouterr().out


def test_eval_refuses_a_release_whose_shard_was_changed(tmp_path, capsys):
    import shutil

    import pyarrow.parquet as pq

    project = tmp_path / "project"
    shutil.copytree(DATASET / "data", project / "dataset" / "data")
    shard = project / "dataset" / shard_path("documents", "test")
    pq.write_table(pq.read_table(shard).slice(1), shard)  # valid Parquet, one document fewer
    preds = tmp_path / "p.jsonl"
    preds.write_text("".join(json.dumps({"doc_id": d.doc_id, "statements": []}) + "\n"
                             for d in release_gold(DATASET, "test")[1:]))
    assert main(["--root", str(project), "eval", "--predictions", str(preds), "--split", "test",
                 "--resamples", "0"]) == 1
    err = capsys.readouterr().err
    assert f"{shard}: whole file: error [file-changed]" in err and "signature" not in err

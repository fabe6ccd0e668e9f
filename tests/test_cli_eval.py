"""`diploquote eval` end to end on the committed release: outputs exist, validate, and say their mode."""

from __future__ import annotations

import json

import jsonschema
import pytest

from diploquote.cli import main
from diploquote.eval.gold import release_gold
from diploquote.schema import json_schema
from diploquote.schema.layout import shard_path

from helpers import DATASET, ROOT


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
                 "--out", str(out), "--resamples", "100"]) == 0
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


def _eval(tmp_path, *extra: str, predictions=None) -> list[str]:
    """Run ``diploquote eval`` expecting failure; the lines it printed on stderr."""
    import io
    from contextlib import redirect_stderr

    if predictions is None:
        predictions = tmp_path / "p.jsonl"
        predictions.write_text('{"doc_id": "x", "statements": []}\n')
    err = io.StringIO()
    with redirect_stderr(err):
        assert main(["--root", str(ROOT), "eval", "--predictions", str(predictions), *extra]) == 1
    return err.getvalue().splitlines()


@pytest.mark.parametrize("extra,where", [
    (["--threshold", "0"], "threshold"),
    (["--threshold", "1.5"], "threshold"),
    (["--threshold", "nan"], "threshold"),
    (["--resamples", "50"], "resamples"),
    (["--resamples", "100000000"], "resamples"),
    (["--seed", "-3"], "seed"),
    (["--confidence", "1.5"], "confidence"),
])
def test_eval_refuses_bad_settings_with_a_located_line(tmp_path, extra, where):
    lines = _eval(tmp_path, *extra)
    assert len(lines) == 1 and where in lines[0] and "error" in lines[0] and "Traceback" not in lines[0]


def test_too_many_resamples_names_the_bound(tmp_path):
    from diploquote.eval.bootstrap import MAX_DRAWS

    (line,) = _eval(tmp_path, "--resamples", "100000000")
    assert "too-many-resamples" in line and f"{MAX_DRAWS:,}" in line


# a folder is read as prediction shards: one without any is refused
@pytest.mark.parametrize("make,code", [("missing", "file-missing"), ("directory", "no-prediction-files")])
def test_eval_names_a_prediction_file_it_cannot_read(tmp_path, make, code):
    path = tmp_path / "nope.jsonl"
    if make == "directory":
        path.mkdir()
    (line,) = _eval(tmp_path, predictions=path)
    assert line.startswith(str(path)) and f"[{code}]" in line


def test_eval_refuses_an_out_that_is_a_file(tmp_path):
    gold = release_gold(DATASET, "test")
    preds = tmp_path / "p.jsonl"
    preds.write_text("".join(json.dumps({"doc_id": d.doc_id, "statements": []}) + "\n" for d in gold))
    out = tmp_path / "out"
    out.write_text("")
    (line,) = _eval(tmp_path, "--out", str(out), "--resamples", "0", predictions=preds)
    assert line.startswith(str(out)) and "out-not-a-folder" in line


def test_eval_validates_gold_rows_and_names_the_line(tmp_path):
    import pyarrow.parquet as pq

    rows = [r for r in pq.read_table(DATASET / shard_path("documents", "validation")).to_pylist() if r["statements"]][:2]
    rows[1]["statements"][0]["target"] = "no-such-target"  # absent is allowed (outside gold); a wrong label is not
    rows[0]["statements"][0]["content"]["end"] = 10**12
    gold = tmp_path / "mine.jsonl"
    gold.write_text("".join(json.dumps(r) + "\n" for r in rows))
    lines = _eval(tmp_path, "--gold", str(gold))
    assert any("line 2" in x and "statements[0]" in x and "target" in x for x in lines)
    assert any("line 1" in x and "statements[0]" in x and "content" in x for x in lines)
    assert all(x.startswith(str(gold)) and "gold-invalid" in x for x in lines)


def test_an_unexpected_os_error_is_one_located_line(tmp_path, monkeypatch, capsys):
    import diploquote.cli as cli

    def broken(args):
        raise PermissionError(13, "Permission denied", str(tmp_path / "locked"))

    monkeypatch.setattr(cli, "cmd_stats", broken)
    assert main(["--root", str(ROOT), "stats"]) == 1
    (line,) = capsys.readouterr().err.splitlines()
    assert line.startswith(str(tmp_path / "locked")) and "Permission denied" in line


def test_lenient_warnings_are_printed(tmp_path, capsys):
    gold = release_gold(DATASET, "test")
    preds = tmp_path / "p.jsonl"
    preds.write_text("".join(json.dumps({"doc_id": d.doc_id, "statements": []}) + "\n" for d in gold[:5]))
    assert main(["--root", str(ROOT), "eval", "--predictions", str(preds), "--resamples", "0", "--lenient"]) == 0
    err = capsys.readouterr().err
    assert "warning [missing-prediction]" in err and f"{len(gold) - 5} of {len(gold)} documents" in err


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

"""``evaluate()`` scores a file, a list of dicts, a DataFrame or a Dataset alike, as the CLI does."""

from __future__ import annotations

import json

import datasets
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from diploquote.cli import main
from diploquote.eval.api import evaluate
from diploquote.schema.errors import DiploQuoteError

from helpers import ROOT

OUTSIDE = ROOT / "tests" / "data" / "outside-genre"
SETTINGS = dict(gold=OUTSIDE / "gold.jsonl", speaker="mention", resamples=100, dataset=ROOT / "dataset")


@pytest.fixture(scope="module")
def predicted(tmp_path_factory):
    out = tmp_path_factory.mktemp("api") / "rules.jsonl"
    assert main(["--root", str(ROOT), "predict", "rules", "--input", str(OUTSIDE / "documents.jsonl"),
                 "--out", str(out), "--workers", "1"]) == 0
    return out


def _parquet(rows, folder):
    pq.write_table(pa.Table.from_pylist(rows), folder / "p.parquet")
    return folder / "p.parquet"


def _rows(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_every_form_of_the_predictions_gives_the_file_s_result(predicted, tmp_path):
    from_file = evaluate(predicted, **SETTINGS).to_dict()
    rows = _rows(predicted)
    parquet = _parquet(rows, tmp_path)
    for form in (rows, pd.DataFrame(rows), datasets.Dataset.from_list(rows), datasets.Dataset.from_parquet(str(parquet)),
                 pq.read_table(parquet).to_pylist()):  # Arrow gives every row every field, null where absent
        assert evaluate(form, **SETTINGS).to_dict() == from_file
    assert 0 < from_file["scores"]["content.f1"]["value"] < 1


def test_the_cli_writes_the_same_scores_and_signature(predicted, tmp_path):
    assert main(["--root", str(ROOT), "eval", "--gold", str(SETTINGS["gold"]), "--predictions", str(predicted),
                 "--speaker", "mention", "--resamples", "100", "--out", str(tmp_path / "out")]) == 0
    cli = json.loads((tmp_path / "out" / "results.json").read_text(encoding="utf-8"))
    api = evaluate(predicted, **SETTINGS).to_dict()
    assert cli["scores"] == api["scores"] and cli["signature_long"] == api["signature_long"]


def test_to_dataframe_has_a_row_per_score_with_its_interval(predicted):
    result = evaluate(predicted, **SETTINGS)
    frame = result.to_dataframe()
    assert list(frame.columns) == ["metric", "value", "ci_low", "ci_high", "signature"]
    assert list(frame["metric"]) == list(result.scores)
    row = frame.set_index("metric").loc["content.f1"]
    assert (row["value"], [row["ci_low"], row["ci_high"]]) == (result.scores["content.f1"]["value"],
                                                                result.scores["content.f1"]["ci"])


def test_bad_rows_in_memory_are_located_incidents(predicted, tmp_path):
    rows = _rows(predicted)
    rows[2] = {**rows[2], "statements": [{"content": {"start": 5, "end": 2}}]}
    with pytest.raises(DiploQuoteError) as e:
        evaluate(rows, **SETTINGS)
    assert any(i.file == "predictions" and i.where.startswith("line 3") for i in e.value.incidents)
    with pytest.raises(DiploQuoteError) as e:  # pandas made the nullable offsets floats: refused, located
        evaluate(pd.read_parquet(_parquet(rows, tmp_path)), **SETTINGS)
    assert e.value.incidents[0].code == "invalid-statement" and e.value.incidents[0].where.startswith("line 1")
    with pytest.raises(DiploQuoteError) as e:
        evaluate(42, **SETTINGS)
    assert e.value.incidents[0].code == "bad-predictions"

"""The scorer against wrong input: withheld text, huge or non-integer offsets, wrong files in
lenient mode, missing predictions, unknown fields, JSON Lines with Unicode line separators."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from diploquote.eval.harness import Settings, evaluate
from diploquote.eval.records import GoldDocument
from diploquote.schema.errors import DiploQuoteError, Incident
from diploquote.schema.jsonl import read_jsonl, write_jsonl

from helpers import DATASET, XINHUA
from test_eval import GOLD, TEXT, g, p, write

HUGE = 6148914691236516538


def _scores_in_unit_interval(result) -> bool:
    values = [v["value"] for v in result.scores.values()] + [x for v in result.scores.values() for x in v["ci"] or []]
    return all(math.isfinite(x) and 0.0 <= x <= 1.0 for x in values)


@pytest.fixture(scope="module")
def xinhua_gold() -> list[GoldDocument]:
    from diploquote.eval.gold import release_gold

    return [d for d in release_gold(DATASET, "train") if d.doc_id == XINHUA]


def test_a_withheld_document_is_bounded_by_its_last_gold_offset(xinhua_gold):
    (doc,) = xinhua_gold
    assert doc.text is None and doc.length is None
    assert doc.span_limit == max(s.content[1] for s in doc.statements) == 2582
    assert GoldDocument("d", "t", TEXT).length == len(TEXT) == GoldDocument("d", "t", TEXT).span_limit


def test_a_huge_offset_on_withheld_text_is_rejected_not_scored(tmp_path, xinhua_gold):
    path = write(tmp_path, {XINHUA: [p(HUGE, HUGE + 10)]})
    with pytest.raises(DiploQuoteError) as e:
        evaluate(path, xinhua_gold, Settings(resamples=0))
    inc = e.value.incidents[0]
    assert inc.code == "invalid-statement" and "statements[0]" in inc.where and "2582" in inc.message
    r = evaluate(path, xinhua_gold, Settings(resamples=100, lenient=True))
    assert _scores_in_unit_interval(r)
    assert r.counts["content"]["spurious"] == 1 and r.counts["content"]["n_pred"] == 1 and r.rejected == 1


@pytest.mark.parametrize("start", [2**63 - 2, 2**64, 10**30])
def test_offsets_beyond_any_integer_type_are_rejected_by_the_text_length(tmp_path, start):
    gold = [GoldDocument("d1", "test", None, [g("d1/s1", 0, 9)])]
    path = write(tmp_path, {"d1": [p(0, 9), p(start, start + 1)]})
    r = evaluate(path, gold, Settings(resamples=0, lenient=True))
    assert r.scores["content.recall"]["value"] == 1.0 and r.scores["content.precision"]["value"] == 0.5


@pytest.mark.parametrize("span", [{"start": 1.0, "end": 4}, {"start": 0, "end": 4.0}, {"start": True, "end": 4},
                                  {"start": 0, "end": "4"}])
def test_offsets_are_integers(tmp_path, span):
    path = write(tmp_path, {"d1": [{"content": span, "speakers": ["xi-jinping"]}]})
    with pytest.raises(DiploQuoteError) as e:
        evaluate(path, GOLD, Settings(resamples=0))
    inc = e.value.incidents[0]
    assert inc.code == "invalid-statement" and inc.where == "line 1, statements[0]" and "integer" in inc.message


def test_a_unicode_line_separator_inside_a_string_does_not_split_the_line(tmp_path):
    path = tmp_path / "p.jsonl"
    line = json.dumps({"doc_id": "d1", "statements": [{**p(0, 9), "speaker_name": "Xi\u2028Jin\u0085ping"}]},
                      ensure_ascii=False)
    path.write_text(line + "\n{broken\n", encoding="utf-8")
    items = list(read_jsonl(path))
    assert items[0] == (1, json.loads(line))
    assert isinstance(items[1], Incident) and items[1].code == "json-invalid" and items[1].where.startswith("line 2")


def test_written_json_lines_survive_any_line_splitting(tmp_path):
    records = [{"name": "a\u2028b\u2029c\u0085d\ne"}, {"name": "f"}]
    path = tmp_path / "out" / "r.jsonl"
    write_jsonl(records, path)
    text = path.read_text(encoding="utf-8")
    assert len(text.splitlines()) == 2 and [obj for _, obj in read_jsonl(path)] == records


def test_a_file_that_cannot_be_read_is_an_incident(tmp_path):
    (missing,) = list(read_jsonl(tmp_path / "nope.jsonl"))
    (folder,) = list(read_jsonl(tmp_path))
    assert missing.code == "file-missing" and folder.code == "not-a-file"
    assert missing.file == str(tmp_path / "nope.jsonl")


def _lenient(path: Path, task: str = "attribution", gold=GOLD):
    return evaluate(path, gold, Settings(task=task, resamples=0, lenient=True))


def test_lenient_refuses_a_json_array_with_warnings(tmp_path):
    path = tmp_path / "array.jsonl"
    path.write_text(json.dumps([{"doc_id": "d1", "statements": [p(0, 9)]}], indent=1))
    with pytest.raises(DiploQuoteError) as e:
        _lenient(path)
    codes = [i.code for i in e.value.incidents]
    assert "nothing-valid" in codes and "json-array" in codes


def test_lenient_refuses_an_attribution_file_given_to_the_stance_task(tmp_path):
    path = write(tmp_path, {"d1": [p(0, 9)]})
    with pytest.raises(DiploQuoteError) as e:
        _lenient(path, "stance")
    assert [i.code for i in e.value.incidents][-1] == "nothing-valid"
    assert any(i.code == "schema-violation" and i.level == "warning" for i in e.value.incidents)


def test_lenient_warns_about_a_bom_and_a_bad_line_and_scores_the_rest(tmp_path):
    path = tmp_path / "bom.jsonl"
    path.write_text("\ufeff" + json.dumps({"doc_id": "d1", "statements": [p(0, 9)]}) + "\nnot json\n", encoding="utf-8")
    r = _lenient(path)
    assert {(i.code, i.level) for i in r.incidents} >= {("byte-order-mark", "warning"), ("json-invalid", "warning")}
    assert r.scores["content.precision"]["value"] == 1.0
    with pytest.raises(DiploQuoteError) as e:
        evaluate(path, GOLD, Settings(resamples=0))
    assert {i.code for i in e.value.incidents} == {"byte-order-mark", "json-invalid"}


def test_documents_without_a_prediction_line_are_an_error_or_a_counted_warning(tmp_path):
    gold = [GoldDocument(f"d{k}", "test", TEXT, [g(f"d{k}/s1", 0, 9)]) for k in range(1, 8)]
    path = write(tmp_path, {"d1": [p(0, 9)], "d2": [p(0, 9)]})
    with pytest.raises(DiploQuoteError) as e:
        evaluate(path, gold, Settings(resamples=0))
    (inc,) = e.value.incidents
    assert inc.code == "missing-prediction" and "5 of 7 documents" in inc.message and "d3" in inc.message
    r = _lenient(path, gold=gold)
    assert [(i.code, i.level) for i in r.incidents] == [("missing-prediction", "warning")]
    assert "5 of 7" in r.incidents[0].message


def test_statements_without_a_prediction_line_are_an_error(tmp_path):
    path = tmp_path / "s.jsonl"
    path.write_text(json.dumps({"statement_id": "d1/s1", "stance": "support"}) + "\n")
    with pytest.raises(DiploQuoteError) as e:
        evaluate(path, GOLD, Settings(task="stance", resamples=0))
    assert e.value.incidents[0].code == "missing-prediction" and "1 of 2 statements" in e.value.incidents[0].message


def test_an_unknown_field_is_warned_about(tmp_path):
    path = write(tmp_path, {"d1": [{"content": {"start": 0, "end": 9}, "speaker": ["xi-jinping"]}, p(20, 29)]})
    r = evaluate(path, GOLD, Settings(resamples=0))
    (inc,) = r.incidents
    assert (inc.code, inc.level, inc.where) == ("unknown-field", "warning", "line 1, statements[0], field speaker")
    assert "speakers" in inc.message


def test_rejected_count_only_counts_what_was_counted_as_spurious(tmp_path):
    path = tmp_path / "p.jsonl"
    path.write_text(json.dumps({"doc_id": "d1", "statements": [p(0, 9), p(20, 29)]}) + "\n"
                    + json.dumps({"doc_id": "elsewhere", "statements": [p(0, 9), p(0, 4)]}) + "\n")
    r = _lenient(path)
    assert r.rejected == 0 and r.counts["content"]["spurious"] == 0


def test_long_incident_messages_are_cut():
    inc = Incident("x", "f", "w", "a" * 5000)
    assert len(inc.message) <= 400 and inc.message.endswith("…")
    assert Incident("x", "f", "w", "short").message == "short"

"""Subsets (``eval --where``) and breakdowns: hand-computed scores on a small gold written here.

The gold: two documents of ten 4-letter words (word k spans [5k, 5k + 4)), every statement said
by xi-jinping with stance support; exact matching, no intervals.

- d1 (kremlin, 2010-05-01): s1 [0, 4) direct assert; s2 [10, 14) indirect commit.
- d2 (whitehouse, 2023-02-01): s3 [0, 4) direct discuss; s4 [20, 24) indirect assert.

Predictions: d1 [0, 4) direct (hits s1), [30, 34) and [40, 44) indirect (spurious); d2 [0, 4)
without a type (hits s3), [20, 24) indirect said by donald-trump (content of s4, wrong speaker).
No prediction gives an act, so an act filter keeps every prediction.
"""

from __future__ import annotations

import json

import pytest

from diploquote.eval.harness import Settings, compare, evaluate
from diploquote.eval.matching import Mode
from diploquote.eval.outputs import report_markdown, results_json
from diploquote.eval.records import GoldDocument, GoldStatement
from diploquote.eval.subsets import parse
from diploquote.schema.errors import DiploQuoteError

from helpers import ROOT

TEXT = " ".join(chr(ord("a") + k) * 4 for k in range(10))


def _st(sid, start, type_, act):
    return GoldStatement(sid, (start, start + 4), None, None, frozenset({"xi-jinping"}), type_, "support",
                         "counterpart", frozenset({"trade"}), act=act)


GOLD = [GoldDocument("d1", "kremlin", TEXT, [_st("s1", 0, "direct", "assert"), _st("s2", 10, "indirect", "commit")],
                     date="2010-05-01", split="test"),
        GoldDocument("d2", "whitehouse", TEXT, [_st("s3", 0, "direct", "discuss"), _st("s4", 20, "indirect", "assert")],
                     date="2023-02-01", split="test")]


def _p(start, type_=None, speaker="xi-jinping"):
    d = {"content": {"start": start, "end": start + 4}, "speakers": [speaker]}
    return {**d, "type": type_} if type_ else d


PREDS = {"d1": [_p(0, "direct"), _p(30, "indirect"), _p(40, "indirect")],
         "d2": [_p(0), _p(20, "indirect", "donald-trump")]}


@pytest.fixture
def predictions(tmp_path):
    path = tmp_path / "p.jsonl"
    path.write_text("".join(json.dumps({"doc_id": k, "statements": v}) + "\n" for k, v in PREDS.items()))
    return path


def _run(path, *where, task="attribution", gold=GOLD):
    return evaluate(path, gold, Settings(task=task, mode=Mode("exact"), resamples=0,
                                         where=tuple(parse(w) for w in where)))


def _headline(path, *where):
    r = _run(path, *where)
    return round(r.scores[r.headline]["value"], 6)


@pytest.mark.parametrize("where,f1", [
    ((), 0.444444),  # credit 2 of 5 predicted, 4 gold: P 0.4, R 0.5
    (("source=kremlin",), 0.4),  # d1: 1 of 3, 2 gold
    (("date>=2022-01-01",), 0.5),  # d2: 1 of 2, 2 gold
    (("date<2022-01-01", "split=test"), 0.4),
    (("type=direct",), 1.0),  # s1, s3; the indirect predictions are dropped, the untyped one kept
    (("type=indirect",), 0.0),  # s2, s4; 4 predictions kept, none right
    (("act=assert",), 0.285714),  # s1, s4: credit 1 of 5 predictions, 2 gold
    (("act=assert,commit",), 0.25),  # s1, s2, s4: 1 of 5, 3 gold
    (("act!=assert", "source!=kremlin"), 0.666667),  # s3 alone: 1 of d2's 2 predictions, 1 gold
])
def test_where_filters_gold_and_predictions(predictions, where, f1):
    assert _headline(predictions, *where) == f1


def test_the_filters_are_in_the_signature_in_a_fixed_order(predictions):
    r = _run(predictions, "source=whitehouse", "act!=discuss")
    assert "|where:act!=discuss;source=whitehouse|" in r.signature.long()
    assert "|w:act!=discuss;source=whitehouse|" in r.signature.short()
    assert "|where:all|" in _run(predictions).signature.long()


def test_compare_refuses_results_of_different_subsets(predictions):
    with pytest.raises(DiploQuoteError) as e:
        compare(_run(predictions, "type=direct"), _run(predictions))
    assert e.value.incidents[0].code == "signature-mismatch" and "where" in e.value.incidents[0].where


@pytest.mark.parametrize("expr,words", [
    ("colour=red", "no field 'colour'"),
    ("act=shout", "shout is not a act"),
    ("source>kremlin", "not ordered"),
    ("date>=2022-13-01", "not a date"),
    ("date=2022-01-01", "dates are compared with"),
    ("type=", "give a value"),
    ("just words", "FIELD OPERATOR VALUE"),
])
def test_a_bad_filter_is_a_located_error(expr, words):
    with pytest.raises(DiploQuoteError) as e:
        parse(expr)
    inc = e.value.incidents[0]
    assert inc.code == "bad-filter" and inc.file == "--where" and words in inc.message


def test_a_filter_on_a_field_the_gold_lacks_is_a_located_error(predictions):
    undated = [GoldDocument(d.doc_id, d.source, d.text, d.statements) for d in GOLD]
    with pytest.raises(DiploQuoteError) as e:
        _run(predictions, "date>=2022-01-01", gold=undated)
    inc = e.value.incidents[0]
    assert inc.code == "filter-field-missing" and inc.where == "--where date>=2022-01-01"


def test_a_subset_without_gold_statements_is_refused(predictions):
    with pytest.raises(DiploQuoteError) as e:
        _run(predictions, "source=kremlin", "act=discuss")
    assert e.value.incidents[0].code == "empty-subset"


def test_breakdowns_rescore_each_source_type_and_act(predictions):
    r = _run(predictions)
    got = {name: {v: (round(b["value"], 6), b["documents"], b["statements"]) for v, b in values.items()}
           for name, values in r.breakdowns.items()}
    assert got == {"source": {"kremlin": (0.4, 1, 2), "whitehouse": (0.5, 1, 2)},
                   "type": {"direct": (1.0, 2, 2), "indirect": (0.0, 2, 2)},
                   "act": {"assert": (0.285714, 2, 2), "commit": (0.0, 2, 1), "discuss": (0.333333, 2, 1)}}
    data = results_json(r)  # valid against the results schema
    assert data["breakdowns"]["source"]["kremlin"]["statements"] == 2
    assert "| act=discuss | 2 | 1 | 0.333 | n/a |" in report_markdown(r)


def test_breakdowns_leave_out_values_the_subset_has_no_statement_of(predictions):
    r = _run(predictions, "source=kremlin")
    assert r.breakdowns["act"].keys() == {"assert", "commit"} and r.breakdowns["source"].keys() == {"kremlin"}


def test_a_label_task_scores_the_gold_statements_of_the_subset(tmp_path):
    path = tmp_path / "stance.jsonl"
    stances = {"s1": "support", "s2": "oppose", "s3": "support", "s4": "support"}
    path.write_text("".join(json.dumps({"statement_id": k, "stance": v}) + "\n" for k, v in stances.items()))
    accuracy = {w: _run(path, *w, task="stance").scores["accuracy"]["value"] for w in ((), ("type=direct",),
                                                                                      ("type=indirect",))}
    assert accuracy == {(): 0.75, ("type=direct",): 1.0, ("type=indirect",): 0.5}


def test_eval_where_on_the_command_line_refuses_a_bad_filter(tmp_path, capsys):
    from diploquote.cli import main

    path = tmp_path / "p.jsonl"
    path.write_text('{"doc_id": "x", "statements": []}\n')
    assert main(["--root", str(ROOT), "eval", "--predictions", str(path), "--where", "act=shout"]) == 1
    err = capsys.readouterr().err
    assert "--where: 'act=shout': error [bad-filter]" in err and "Traceback" not in err

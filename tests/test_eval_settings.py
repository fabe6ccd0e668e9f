"""Settings, signatures and intervals: every setting that changes a number is checked, signed and said."""

from __future__ import annotations

import numpy as np
import pytest

from diploquote import __version__
from diploquote.eval import bootstrap, metrics
from diploquote.eval.harness import (Settings, compare, evaluate, evaluate_attribution, evaluate_stance,
                                     evaluate_topic)
from diploquote.eval.matching import Mode
from diploquote.eval.outputs import report_markdown, table
from diploquote.eval.records import GoldDocument
from diploquote.schema.errors import DiploQuoteError

from test_eval import GOLD, PREDS, TEXT, g, write


@pytest.mark.parametrize("kwargs,where", [
    ({"name": "fuzzy"}, "mode"),
    ({"threshold": 0.0}, "threshold"),
    ({"threshold": 1.5}, "threshold"),
    ({"threshold": float("nan")}, "threshold"),
])
def test_bad_modes_are_refused_with_a_located_incident(kwargs, where):
    with pytest.raises(DiploQuoteError) as e:
        Mode(**kwargs)
    assert where in e.value.incidents[0].where


@pytest.mark.parametrize("kwargs,where", [
    ({"task": "sentiment"}, "task"),
    ({"seed": -1}, "seed"),
    ({"seed": 1.5}, "seed"),
    ({"resamples": -1}, "resamples"),
    ({"resamples": 50}, "resamples"),
    ({"confidence": 1.0}, "confidence"),
    ({"confidence": 0.0}, "confidence"),
    ({"confidence": float("nan")}, "confidence"),
    ({"mode": "overlap"}, "mode"),
])
def test_bad_settings_are_refused_with_a_located_incident(kwargs, where):
    with pytest.raises(DiploQuoteError) as e:
        Settings(**kwargs)
    assert where in e.value.incidents[0].where


def test_zero_resamples_means_no_intervals(tmp_path):
    r = evaluate(write(tmp_path, PREDS), GOLD, Settings(resamples=0))
    assert all(v["ci"] is None for v in r.scores.values())


def test_resamples_times_documents_is_bounded(tmp_path):
    with pytest.raises(DiploQuoteError) as e:
        evaluate(write(tmp_path, PREDS), GOLD * 1, Settings(resamples=bootstrap.MAX_DRAWS + 1))
    assert e.value.incidents[0].code == "too-many-resamples" and f"{bootstrap.MAX_DRAWS:,}" in e.value.incidents[0].message


def test_the_confidence_level_is_signed_and_said(tmp_path):
    path = write(tmp_path, PREDS)
    wide = evaluate(path, GOLD, Settings(resamples=200, confidence=0.95))
    narrow = evaluate(path, GOLD, Settings(resamples=200, confidence=0.5))
    assert wide.signature.long() != narrow.signature.long() and wide.signature.short() != narrow.signature.short()
    assert "confidence:0.5|" in narrow.signature.long() and "c:0.5|" in narrow.signature.short()
    report = report_markdown(narrow)
    assert "50% percentile bootstrap" in report and "| metric | value | 50% interval |" in report and "95%" not in report
    assert "50% intervals" in table(narrow)
    with pytest.raises(DiploQuoteError) as e:
        compare(wide, narrow)
    assert "confidence" in e.value.incidents[0].where


def test_per_source_intervals_use_the_confidence_level(tmp_path):
    gold = [GoldDocument(f"d{k}", "test", TEXT, [g(f"d{k}/s1", 0, 9), g(f"d{k}/s2", 20, 29)]) for k in range(8)]
    preds = {f"d{k}": [{"content": {"start": 0, "end": 9}, "speakers": ["xi-jinping"]}][:k % 2 + (k % 3 == 0)]
             for k in range(8)}
    path = write(tmp_path, preds)
    spans = {}
    for confidence in (0.95, 0.5):
        r = evaluate(path, gold, Settings(resamples=400, confidence=confidence, lenient=True))
        low, high = r.breakdowns["source"]["test"]["ci"]
        spans[confidence] = high - low
    assert spans[0.5] < spans[0.95]


def test_compare_resamples_as_signed_and_refuses_without_resamples(tmp_path):
    path = write(tmp_path, PREDS)
    a = evaluate(path, GOLD, Settings(resamples=300, seed=4))
    assert compare(a, a)["content.f1"]["resamples"] == 300
    none = evaluate(path, GOLD, Settings(resamples=0))
    with pytest.raises(DiploQuoteError) as e:
        compare(none, none)
    assert e.value.incidents[0].code == "no-resamples"


def test_compare_draws_the_same_documents_as_the_intervals(tmp_path):
    gold = GOLD + [GoldDocument("d2", "test", TEXT, [g("d2/s1", 0, 9)])]
    s = Settings(resamples=100, seed=9)
    a = evaluate(write(tmp_path, {**PREDS, "d2": []}, "a.jsonl"), gold, s)
    b = evaluate(write(tmp_path, {"d1": PREDS["d1"][:1], "d2": PREDS["d1"][:1]}, "b.jsonl"), gold, s)
    idx = bootstrap.resample_indices(2, 100, 9)
    fn = lambda c: metrics.prf(c[..., 0, 0], c[..., 0, 1], c[..., 0, 2])[2]  # noqa: E731 (content F1)
    deltas = fn(bootstrap.resampled_sums(a.doc_counts, idx)) - fn(bootstrap.resampled_sums(b.doc_counts, idx))
    assert compare(a, b)["content.f1"]["ci"] == bootstrap.interval(deltas, 0.95)


def test_the_signature_carries_the_harness_version(tmp_path):
    r = evaluate(write(tmp_path, PREDS), GOLD, Settings(resamples=100))
    assert r.signature.long().endswith(f"|harness:{__version__}") and r.signature.short().endswith(f"|h:{__version__}")


def test_the_task_functions_take_every_argument_of_evaluate(tmp_path):
    preds = write(tmp_path, {"d1": [{"content": {"start": 0, "end": 9}, "speaker_name": "Xi Jinping"},
                                    {"content": {"start": 20, "end": 29}, "speaker_name": "President Trump"}]})
    names = {"xi-jinping": {"xi jinping"}, "donald-trump": {"donald trump", "president trump"}}
    r = evaluate_attribution(preds, GOLD, Mode("exact"), resamples=0, dataset_version="0.2.1", content_hash="ab" * 32,
                             split="test", names=names)
    assert r.signature.dataset_version == "0.2.1" and r.signature.split == "test" and r.signature.speaker == "name"
    assert r.signature.mode == "exact" and r.scores["content+speaker.f1"]["value"] == 1.0
    stance = tmp_path / "s.jsonl"
    stance.write_text('{"statement_id": "d1/s1", "stance": "support"}\n{"statement_id": "d1/s2", "stance": "oppose"}\n')
    assert evaluate_stance(stance, GOLD, resamples=0, split="test").signature.split == "test"
    topic = tmp_path / "t.jsonl"
    topic.write_text('{"statement_id": "d1/s1", "topics": ["trade"]}\n{"statement_id": "d1/s2", "topics": []}\n')
    assert evaluate_topic(topic, GOLD, resamples=0, dataset_version="x").signature.dataset_version == "x"


def test_resampled_sums_equal_a_naive_loop():
    rng = np.random.default_rng(0)
    counts = rng.integers(0, 5, size=(37, 4, 8)).astype(float)
    idx = bootstrap.resample_indices(37, 150, 3)  # 150 > CHUNK: more than one block
    naive = np.stack([sum(counts[i] for i in row) for row in idx])
    assert np.array_equal(bootstrap.resampled_sums(counts, idx), naive)


def test_topic_macro_f1_is_over_the_labels_that_occur():
    # three labels occur: a (tp 2, fp 0, fn 0: F1 1), b (tp 1, fp 1, fn 1: F1 0.5), c (fp 1: F1 0);
    # the fourth label occurs nowhere and does not count: macro = (1 + 0.5 + 0) / 3
    tp, fp, fn = np.array([2, 1, 0, 0]), np.array([0, 1, 1, 0]), np.array([0, 1, 0, 0])
    (micro_p, micro_r, micro_f), macro, *_ = metrics.multilabel_scores(tp, fp, fn)
    assert macro == pytest.approx(0.5) and micro_p == pytest.approx(3 / 5) and micro_r == pytest.approx(3 / 4)


def test_stance_macro_f1_is_over_the_three_stances():
    # gold support 2 (both right), oppose 0, neutral 0; no prediction of oppose or neutral:
    # F1 support 1, oppose 0, neutral 0 -> macro-F1 1/3 (docs/metrics.md: over the three stances)
    cm = np.zeros((3, 4))
    cm[0, 0] = 2
    assert metrics.confusion_scores(cm)[1] == pytest.approx(1 / 3)

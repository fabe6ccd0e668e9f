"""The harness: hand-computed scores for every mode and level, invariants, bad input."""

from __future__ import annotations

import json
import random
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from diploquote import __version__
from diploquote.eval.records import GoldDocument, GoldStatement
from diploquote.eval.harness import Settings, compare, evaluate
from diploquote.eval.matching import Mode
from diploquote.schema.errors import DiploQuoteError

# 10 words of 4 letters: word k spans [5k, 5k + 4)
TEXT = " ".join(chr(ord("a") + k) * 4 for k in range(10))


def g(sid, start, end, speakers=("xi-jinping",), cue=None, stance="support", topics=("trade",)):
    return GoldStatement(sid, (start, end), cue, None, frozenset(speakers), "indirect", stance, "counterpart",
                         frozenset(topics))


def p(start, end, speakers=("xi-jinping",), cue=None, stance="support", topics=("trade",)):
    d = {"content": {"start": start, "end": end}, "speakers": list(speakers), "stance": stance, "topics": list(topics)}
    if cue:
        d["cue"] = {"start": cue[0], "end": cue[1]}
    return d


def write(tmp_path: Path, docs: dict[str, list[dict]], name="p.jsonl") -> Path:
    path = tmp_path / name
    path.write_text("".join(json.dumps({"doc_id": k, "statements": v}) + "\n" for k, v in docs.items()))
    return path


GOLD = [GoldDocument("d1", "test", TEXT, [g("d1/s1", 0, 9), g("d1/s2", 20, 29, speakers=("donald-trump",))])]
PREDS = {"d1": [p(0, 9), p(22, 29), p(40, 44)]}  # exact hit; overlap 7/9 with the wrong speaker; spurious


def scores(tmp_path, mode, preds=PREDS, gold=GOLD, **kw):
    r = evaluate(write(tmp_path, preds), gold, Settings(mode=mode, resamples=0, **kw))
    return {k: round(v["value"], 6) for k, v in r.scores.items()}, r


@pytest.mark.parametrize("mode,expected", [
    # content: exact counts only the identical span; overlap and token credit the second one too
    (Mode("exact"), {"content.precision": 1 / 3, "content.recall": 1 / 2, "content.f1": 0.4}),
    (Mode("overlap", 0.5), {"content.precision": 2 / 3, "content.recall": 1.0, "content.f1": 0.8}),
    (Mode("overlap", 0.8), {"content.precision": 1 / 3, "content.recall": 1 / 2}),
    # token: "ee ffff" vs "eeee ffff" share one token of two each: F1 0.5; credit 1 + 0.5
    (Mode("token"), {"content.precision": 0.5, "content.recall": 0.75, "content.f1": 0.6}),
])
def test_content_level_by_mode(tmp_path, mode, expected):
    got, _ = scores(tmp_path, mode)
    for k, v in expected.items():
        assert got[k] == pytest.approx(v), k


def test_speaker_level_and_categories(tmp_path):
    got, r = scores(tmp_path, Mode("overlap", 0.5))
    assert got["content+speaker.precision"] == pytest.approx(1 / 3)
    assert got["content+speaker.recall"] == pytest.approx(1 / 2)
    assert r.counts["content"] == {"credit": 2, "n_pred": 3, "n_gold": 2, "correct": 1, "partial": 1,
                                   "incorrect": 0, "missed": 0, "spurious": 1}
    assert r.counts["content+speaker"]["incorrect"] == 1 and r.counts["content+speaker"]["correct"] == 1
    kinds = sorted(e["kind"] for e in r.errors)
    assert kinds == ["spurious", "wrong-speaker"]


def test_joint_speakers_match_as_a_set(tmp_path):
    gold = [GoldDocument("d1", "test", TEXT, [g("d1/s1", 0, 9, speakers=("xi-jinping", "donald-trump"))])]
    both, _ = scores(tmp_path, Mode("exact"), {"d1": [p(0, 9, speakers=("donald-trump", "xi-jinping"))]}, gold)
    one, _ = scores(tmp_path, Mode("exact"), {"d1": [p(0, 9, speakers=("xi-jinping",))]}, gold)
    assert both["content+speaker.f1"] == 1.0 and one["content+speaker.f1"] == 0.0 and one["content.f1"] == 1.0


def test_cue_and_joint_levels(tmp_path):
    gold = [GoldDocument("d1", "test", TEXT, [g("d1/s1", 5, 14, cue=(0, 4), stance="oppose", topics=("trade", "energy"))])]
    got, _ = scores(tmp_path, Mode("overlap"), {"d1": [p(5, 14, cue=(0, 4), stance="oppose", topics=("energy", "trade"))]}, gold)
    assert got["content+speaker+cue.f1"] == 1.0 and got["joint.f1"] == 1.0
    got, _ = scores(tmp_path, Mode("overlap"), {"d1": [p(5, 14, cue=(15, 19), stance="support")]}, gold)
    assert got["content+speaker.f1"] == 1.0 and got["content+speaker+cue.f1"] == 0.0 and got["joint.f1"] == 0.0


def test_optimal_matching_prefers_the_assignment_that_covers_more(tmp_path):
    # P1 (4, 16) overlaps both gold spans (IoU 6/16 each); P2 (0, 9) only the first (IoU 0.9).
    # Greedy left-to-right gives P1 to G1 and leaves G2 unmatched; the optimal assignment gives
    # P1 to G2 and P2 to G1.
    gold = [GoldDocument("d1", "test", TEXT, [g("d1/s1", 0, 10), g("d1/s2", 10, 20)])]
    got, _ = scores(tmp_path, Mode("overlap", 0.3), {"d1": [p(4, 16), p(0, 9)]}, gold)
    assert got["content.recall"] == 1.0


def test_empty_documents_and_missing_predictions(tmp_path):
    gold = GOLD + [GoldDocument("d2", "test", TEXT, [])]
    got, r = scores(tmp_path, Mode("exact"), {"d2": []}, gold, lenient=True)  # d1 has no line
    assert got["content.recall"] == 0.0 and got["content.precision"] == 0.0
    assert r.counts["content"]["missed"] == 2 and r.counts["content"]["spurious"] == 0


def _as_predictions(gold: list[GoldDocument]) -> dict[str, list[dict]]:
    return {d.doc_id: [{"content": {"start": s.content[0], "end": s.content[1]},
                        "cue": None if s.cue is None else {"start": s.cue[0], "end": s.cue[1]},
                        "speakers": sorted(s.speakers), "stance": s.stance, "topics": sorted(s.topics)}
                       for s in d.statements] for d in gold}


@pytest.fixture(scope="module")
def release_test_gold():
    from diploquote.eval.gold import release_gold

    from helpers import DATASET

    return release_gold(DATASET, "test")


@pytest.mark.parametrize("mode", [Mode("exact"), Mode("overlap"), Mode("token")])
def test_gold_as_its_own_prediction_scores_one_everywhere(tmp_path, release_test_gold, mode):
    r = evaluate(write(tmp_path, _as_predictions(release_test_gold)), release_test_gold, Settings(mode=mode, resamples=100))
    assert all(v["value"] == 1.0 and v["ci"] == [1.0, 1.0] for v in r.scores.values())


def test_removing_half_the_predictions_halves_recall_and_keeps_precision(tmp_path, release_test_gold):
    preds = _as_predictions(release_test_gold)
    even = [d for d in release_test_gold if len(d.statements) % 2 == 0 and d.statements]
    assert even, "the test split has documents with an even number of statements"
    half = {d.doc_id: preds[d.doc_id][::2] for d in even}
    for mode in (Mode("exact"), Mode("overlap"), Mode("token")):
        r = evaluate(write(tmp_path, half), even, Settings(mode=mode, resamples=0))
        for level in ("content", "content+speaker", "content+speaker+cue", "joint"):
            assert r.scores[f"{level}.precision"]["value"] == 1.0
            assert r.scores[f"{level}.recall"]["value"] == pytest.approx(0.5)


spans = st.lists(st.tuples(st.integers(0, len(TEXT) - 5), st.integers(1, 5)), min_size=0, max_size=8)


@settings(max_examples=60, deadline=None)
@given(gold_spans=spans, pred_spans=spans, seed=st.integers(0, 10_000), mode=st.sampled_from(["exact", "overlap", "token"]))
def test_shuffling_predictions_changes_nothing(tmp_path_factory, gold_spans, pred_spans, seed, mode):
    tmp = tmp_path_factory.mktemp("shuffle")
    gold = [GoldDocument("d1", "test", TEXT, [g(f"d1/s{i}", s, s + n, speakers=(["a", "b"][i % 2],))
                                              for i, (s, n) in enumerate(dict.fromkeys(gold_spans))])]
    preds = [p(s, s + n, speakers=(["a", "b"][i % 3 % 2],)) for i, (s, n) in enumerate(dict.fromkeys(pred_spans))]
    shuffled = preds[:]
    random.Random(seed).shuffle(shuffled)
    a = evaluate(write(tmp, {"d1": preds}, "a.jsonl"), gold, Settings(mode=Mode(mode), resamples=0))
    b = evaluate(write(tmp, {"d1": shuffled}, "b.jsonl"), gold, Settings(mode=Mode(mode), resamples=0))
    assert a.counts == b.counts


def test_stance_scores_match_scikit_learn(tmp_path):
    from sklearn.metrics import accuracy_score, f1_score

    gold = [GoldDocument("d1", "test", TEXT, [g("s1", 0, 4), g("s2", 5, 9), g("s3", 10, 14, stance="oppose"),
                                              g("s4", 15, 19, stance="neutral")])]
    path = tmp_path / "stance.jsonl"
    path.write_text("".join(json.dumps(x) + "\n" for x in [
        {"statement_id": "s1", "stance": "support"}, {"statement_id": "s2", "stance": "oppose"},
        {"statement_id": "s3", "stance": "oppose"}]))  # s4 not predicted: counted wrong
    r = evaluate(path, gold, Settings(task="stance", resamples=0, lenient=True))
    assert r.scores["accuracy"]["value"] == pytest.approx(0.5)
    assert r.scores["macro_f1"]["value"] == pytest.approx(4 / 9)
    y_true, y_pred = ["support", "support", "oppose", "neutral"], ["support", "oppose", "oppose", "(none)"]
    assert r.scores["accuracy"]["value"] == pytest.approx(accuracy_score(y_true, y_pred))
    assert r.scores["macro_f1"]["value"] == pytest.approx(
        f1_score(y_true, y_pred, labels=["support", "oppose", "neutral"], average="macro", zero_division=0))
    assert r.tables["support"]["recall"] == pytest.approx(0.5) and r.tables["oppose"]["precision"] == pytest.approx(0.5)


def test_topic_micro_and_macro(tmp_path):
    gold = [GoldDocument("d1", "test", TEXT, [g("s1", 0, 4, topics=("trade", "energy")), g("s2", 5, 9, topics=("trade",))])]
    path = tmp_path / "topic.jsonl"
    path.write_text(json.dumps({"statement_id": "s1", "topics": ["trade"]}) + "\n"
                    + json.dumps({"statement_id": "s2", "topics": ["trade", "health"]}) + "\n")
    r = evaluate(path, gold, Settings(task="topic", resamples=0))
    assert r.scores["micro_f1"]["value"] == pytest.approx(2 / 3)
    assert r.scores["macro_f1"]["value"] == pytest.approx(1 / 3)  # trade 1, energy 0, health 0


def test_bootstrap_is_seeded_and_paired_test_finds_a_real_difference(tmp_path, release_test_gold):
    preds = _as_predictions(release_test_gold)
    half = {k: v[::2] for k, v in preds.items()}
    s = Settings(resamples=300, seed=7)
    full = evaluate(write(tmp_path, preds, "full.jsonl"), release_test_gold, s)
    a = evaluate(write(tmp_path, half, "half.jsonl"), release_test_gold, s)
    b = evaluate(write(tmp_path, half, "half.jsonl"), release_test_gold, s)
    assert a.scores == b.scores
    lo, hi = a.scores["content.recall"]["ci"]
    assert lo <= a.scores["content.recall"]["value"] <= hi and lo < hi
    c = compare(full, a)
    assert c["content.recall"]["difference"] > 0 and c["content.recall"]["p_value"] < 0.05
    assert c["content.precision"]["difference"] == 0.0


def test_results_with_different_signatures_are_not_compared(tmp_path):
    a = evaluate(write(tmp_path, PREDS), GOLD, Settings(mode=Mode("exact"), resamples=100))
    b = evaluate(write(tmp_path, PREDS), GOLD, Settings(mode=Mode("overlap"), resamples=100))
    with pytest.raises(DiploQuoteError) as e:
        compare(a, b)
    assert e.value.incidents[0].code == "signature-mismatch" and "mode" in e.value.incidents[0].where


def test_signature_names_everything_that_fixes_the_number(tmp_path):
    r = evaluate(write(tmp_path, PREDS), GOLD, Settings(mode=Mode("overlap", 0.5), resamples=100, seed=3),
                 dataset_version="0.2.0", content_hash="ab" * 32, split="test")
    assert r.signature.long() == ("dataset:0.2.0|hash:abababababab|split:test|task:attribution|mode:overlap@0.5|"
                                  f"speaker:id|seed:3|resamples:100|confidence:0.95|where:all|harness:{__version__}")


BAD_LINES = [
    ('{"doc_id": "d1", "statements": [', "json-invalid", "line 1"),
    ('{"doc_id": "nope", "statements": []}', "unknown-document", "line 1, field doc_id"),
    ('{"doc_id": "d1", "statements": [{"content": {"start": 9, "end": 2}}]}', "invalid-statement", "line 1, statements[0]"),
    ('{"doc_id": "d1", "statements": [{"content": {"start": 0, "end": 999}}]}', "invalid-statement", "line 1, statements[0]"),
    ('{"doc_id": "d1", "statements": [{"content": {"start": 0, "end": 4}, "stance": "favour"}]}', "invalid-statement", "statements[0]"),
    ('{"doc_id": "d1", "statements": [{"content": {"start": 0, "end": 4}}, {"content": {"start": 0, "end": 4}}]}', "duplicate-statement", "statements[1]"),
]


@pytest.mark.parametrize("line,code,where", BAD_LINES)
def test_bad_predictions_stop_with_file_line_and_field(tmp_path, line, code, where):
    path = tmp_path / "bad.jsonl"
    path.write_text(line + "\n")
    with pytest.raises(DiploQuoteError) as e:
        evaluate(path, GOLD, Settings(resamples=0))
    inc = e.value.incidents[0]
    assert inc.code == code and where in inc.where and inc.file == str(path)


def test_lenient_mode_scores_the_valid_and_counts_the_rest_as_spurious(tmp_path):
    path = tmp_path / "mixed.jsonl"
    path.write_text(json.dumps({"doc_id": "d1", "statements": [p(0, 9), {"content": {"start": 30, "end": 1}}]}) + "\n"
                    + "not json\n")
    r = evaluate(path, GOLD, Settings(resamples=0, lenient=True))
    assert r.rejected == 1
    assert r.counts["content"]["n_pred"] == 2 and r.counts["content"]["spurious"] == 1
    assert r.scores["content.precision"]["value"] == pytest.approx(0.5)


def test_empty_prediction_file_is_an_error_even_when_lenient(tmp_path):
    path = tmp_path / "empty.jsonl"
    path.write_text("")
    with pytest.raises(DiploQuoteError) as e:
        evaluate(path, GOLD, Settings(lenient=True))
    assert e.value.incidents[0].code == "empty-file"


def test_counts_agree_with_nervaluate_where_greedy_and_optimal_coincide():
    from nervaluate import Evaluator

    from diploquote.eval.attribution import document_counts
    from diploquote.eval.records import PredStatement

    rng = random.Random(0)
    for _ in range(200):
        # gold spans on a grid of cells of 10; each prediction stays inside one cell, so each
        # prediction overlaps at most one gold span and greedy = optimal
        cells = rng.sample(range(20), 8)
        gold_cells, pred_cells = cells[:5], cells[2:]
        gold = [g(f"s{i}", 10 * c, 10 * c + 6) for i, c in enumerate(gold_cells)]
        preds = [PredStatement(content=(10 * c + rng.choice([0, 0, 2]), 10 * c + rng.choice([6, 6, 8])),
                               speakers=frozenset({"xi-jinping"})) for c in pred_cells]
        counts, _ = document_counts(GoldDocument("d", "t", None, gold), preds, Mode("overlap", 1e-9), "id", {})
        ours = dict(zip(("credit", "n_pred", "n_gold", "correct", "partial", "incorrect", "missed", "spurious"), counts[0]))
        true = [[{"label": "S", "start": s.content[0], "end": s.content[1] - 1} for s in gold]]
        pred = [[{"label": "S", "start": q.content[0], "end": q.content[1] - 1} for q in preds]]
        theirs = Evaluator(true, pred, tags=["S"]).evaluate()["overall"]["partial"]
        assert (ours["correct"], ours["partial"], ours["missed"], ours["spurious"]) == (
            theirs.correct, theirs.partial, theirs.missed, theirs.spurious)


EXTREME = (2**31 - 1, 2**31, 2**53 + 1, 2**63 - 1, 2**63, 2**64 + 7, 10**30)
offsets = st.one_of(st.integers(0, len(TEXT) + 5), st.sampled_from(EXTREME))
any_spans = st.lists(st.tuples(offsets, st.one_of(st.integers(-2, 8), st.sampled_from(EXTREME))), max_size=6)
label_lines = st.lists(st.tuples(st.integers(0, 5), st.sampled_from(["support", "oppose", "neutral", "favour"]),
                                 st.lists(st.sampled_from(["trade", "energy", "health", "no-such-topic"]), max_size=3,
                                          unique=True)), max_size=8)
COUNT_IDENTITIES = (("correct", "partial", "incorrect", "missed", "n_gold"),
                    ("correct", "partial", "incorrect", "spurious", "n_pred"))


def _property_gold(gold_spans, withheld: bool) -> list[GoldDocument]:
    cells = sorted({s % 9 for s, _ in gold_spans} | {0})  # one gold statement per word, every document non-empty
    statements = [g(f"d1/s{c}", 5 * c, 5 * c + 4, stance=("support", "oppose", "neutral")[c % 3],
                    topics=(("trade",), ("energy", "trade"), ())[c % 3]) for c in cells]
    return [GoldDocument("d1", "test", None if withheld else TEXT, statements),
            GoldDocument("d2", "test", None, [g("d2/s0", 0, 4), g("d2/s1", 10, 19, stance="oppose")])]


def _property_lines(task: str, gold, pred_spans, labels) -> list[dict]:
    if task == "attribution":
        preds = [{"content": {"start": s, "end": s + n}, "speakers": ["xi-jinping"]} for s, n in pred_spans]
        return [{"doc_id": "d1", "statements": preds}, {"doc_id": "d2", "statements": preds[::2]}]
    ids = [st.statement_id for d in gold for st in d.statements]
    key = "stance" if task == "stance" else "topics"
    return [{"statement_id": ids[k % len(ids)] if k < 5 else "d9/s9", key: stance if task == "stance" else topics}
            for k, stance, topics in labels]


@settings(max_examples=500, deadline=None)
@given(gold_spans=spans, pred_spans=any_spans, labels=label_lines, withheld=st.booleans(),
       task=st.sampled_from(["attribution", "stance", "topic"]), mode=st.sampled_from(["exact", "overlap", "token"]),
       threshold=st.sampled_from([0.1, 0.5, 1.0]))
def test_every_score_is_a_fraction_and_counts_add_up(tmp_path_factory, gold_spans, pred_spans, labels, withheld, task,
                                                     mode, threshold):
    gold = _property_gold(gold_spans, withheld)
    path = tmp_path_factory.getbasetemp() / "property.jsonl"
    path.write_text("".join(json.dumps(x) + "\n" for x in _property_lines(task, gold, pred_spans, labels)))
    try:
        r = evaluate(path, gold, Settings(task=task, mode=Mode(mode, threshold), resamples=100, lenient=True))
    except DiploQuoteError as e:  # lenient still refuses a file with no usable line
        assert e.incidents[-1].code in ("nothing-valid", "empty-file")
        return
    for name, v in r.scores.items():
        for x in [v["value"], *(v["ci"] or [])]:
            assert np.isfinite(x) and 0.0 <= x <= 1.0, (name, x)
        assert v["ci"][0] <= v["ci"][1]
    n_gold = sum(len(d.statements) for d in gold)
    if task == "attribution":
        for level, c in r.counts.items():
            assert all(x >= 0 for x in c.values()) and c["credit"] <= c["correct"] + c["partial"] + 1e-9
            for *parts, total in COUNT_IDENTITIES:
                assert sum(c[k] for k in parts) == c[total], (level, c)
            assert c["n_gold"] == n_gold
    elif task == "stance":
        assert np.asarray(r.counts["confusion"]).sum() == n_gold
    else:
        assert sum(r.counts["tp"]) + sum(r.counts["fn"]) == sum(len(st.topics) for d in gold for st in d.statements)

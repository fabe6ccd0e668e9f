"""Agreement between two passes: hand-computed kappa and alpha; the committed report is reproducible."""

from __future__ import annotations

import json

import pytest

from diploquote.eval.agreement import by_source, figures
from diploquote.eval.records import GoldDocument, GoldStatement

from helpers import DATASET, ROOT


def st(sid, start, end, stance="support", topics=("trade",), speakers=("a",), type_="indirect"):
    return GoldStatement(sid, (start, end), None, None, frozenset(speakers), type_, stance, "counterpart", frozenset(topics))


def test_kappa_alpha_and_span_f1_on_a_hand_computed_case():
    a = [GoldDocument("d", "x", None, [st("a1", 0, 10), st("a2", 20, 30), st("a3", 40, 50, "oppose"),
                                        st("a4", 60, 70, "neutral", ("trade", "energy")), st("a5", 80, 90)])]
    b = [GoldDocument("d", "x", None, [st("b1", 0, 10), st("b2", 21, 30, "oppose"), st("b3", 40, 50, "oppose"),
                                        st("b4", 60, 70, "neutral", ("energy",), speakers=("b",))])]
    f = figures(a, b)
    assert f["paired"] == 4
    assert f["span_f1_exact"] == pytest.approx(2 * 3 / 9)
    assert f["span_f1_overlap"] == pytest.approx(2 * 4 / 9)
    assert f["speaker_agreement"] == pytest.approx(3 / 4)
    # stances A = s, s, o, n; B = s, o, o, n: po = 3/4, pe = .5*.25 + .25*.5 + .25*.25 = .3125
    assert f["stance_kappa"] == pytest.approx((0.75 - 0.3125) / (1 - 0.3125))
    # topics: 4 pairs x 19 topics = 76 binary units, one disagreement (trade on the 4th pair);
    # A gives 5 ones, B 4: n1 = 9, n0 = 143, n = 152
    n1, n0, n = 9, 143, 152
    expected = 1 - (2 / n) / (2 * n1 * n0 / (n * (n - 1)))
    assert f["topic_alpha"] == pytest.approx(expected)


def test_identical_passes_agree_perfectly():
    a = [GoldDocument("d", "x", None, [st("a1", 0, 10), st("a2", 20, 30, "oppose", ("energy",))])]
    f = figures(a, a)
    assert f["span_f1_exact"] == f["speaker_agreement"] == f["stance_kappa"] == f["topic_alpha"] == 1.0


def test_committed_agreement_report_is_reproduced_by_its_command(tmp_path):
    import shutil

    from diploquote.cli import main

    committed = json.loads((DATASET / "agreement" / "report.json").read_text())
    copy = tmp_path / "project"
    shutil.copytree(ROOT / "dataset", copy / "dataset", ignore=shutil.ignore_patterns("data"))
    assert main(["--root", str(copy), "agreement"]) == 0
    assert json.loads((copy / "dataset" / "agreement" / "report.json").read_text()) == committed
    assert (copy / "dataset" / "agreement" / "report.md").read_text() == (DATASET / "agreement" / "report.md").read_text()
    assert set(committed) == {"auspm", "kremlin", "whitehouse", "all"}
    assert committed["all"]["documents"] >= 0.15 * 306


def test_by_source_splits_the_documents():
    a = [GoldDocument("d1", "x", None, [st("a1", 0, 10)]), GoldDocument("d2", "y", None, [st("a2", 0, 10)])]
    table = by_source(a, a)
    assert table["x"]["documents"] == table["y"]["documents"] == 1 and table["all"]["documents"] == 2

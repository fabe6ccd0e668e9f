"""Synthetic gold and perturbed predictions for the harness benchmark (seeded, no text needed)."""

from __future__ import annotations

import numpy as np

from diploquote.eval.records import GoldDocument, GoldStatement
from diploquote.eval.predictions import Loaded
from diploquote.eval.records import PredStatement

SPEAKERS = [frozenset({f"speaker-{i}"}) for i in range(8)]
TOPICS = [frozenset({t}) for t in ("trade", "energy", "health", "bilateral-relations")]


def make(n_docs: int, per_doc: int = 10, seed: int = 0):
    """``n_docs`` documents of ``per_doc`` gold statements each (spans of 40-120 characters, gaps
    of 5-40), and predictions that shift each boundary by up to 15 characters, drop 10% of the
    statements, give 10% the wrong speaker and add one spurious span in every fifth document."""
    rng = np.random.default_rng(seed)
    gold, loaded = [], Loaded()
    lengths = rng.integers(40, 120, size=(n_docs, per_doc))
    gaps = rng.integers(5, 40, size=(n_docs, per_doc))
    jitter = rng.integers(-15, 16, size=(n_docs, per_doc, 2))
    keep = rng.random((n_docs, per_doc)) > 0.1
    wrong = rng.random((n_docs, per_doc)) < 0.1
    spk = rng.integers(0, len(SPEAKERS), size=(n_docs, per_doc))
    for d in range(n_docs):
        starts = np.cumsum(gaps[d] + np.concatenate([[0], lengths[d][:-1]]))
        statements, preds = [], []
        for k in range(per_doc):
            s, e = int(starts[k]), int(starts[k] + lengths[d, k])
            speakers = SPEAKERS[spk[d, k]]
            statements.append(GoldStatement(f"d{d}/s{k}", (s, e), None, None, speakers, "indirect", "support",
                                            "counterpart", TOPICS[k % 4]))
            if keep[d, k]:
                ps, pe = max(0, s + int(jitter[d, k, 0])), e + int(jitter[d, k, 1])
                preds.append(PredStatement(content=(ps, max(pe, ps + 1)),
                                           speakers=SPEAKERS[(spk[d, k] + 1) % len(SPEAKERS)] if wrong[d, k] else speakers,
                                           stance="support", topics=TOPICS[k % 4]))
        if d % 5 == 0:
            end = int(starts[-1] + lengths[d, -1])
            preds.append(PredStatement(content=(end + 50, end + 90), speakers=SPEAKERS[0]))
        gold.append(GoldDocument(f"d{d}", "synthetic", None, statements))
        loaded.by_document[f"d{d}"] = sorted(preds, key=PredStatement.sort_key)
    return gold, loaded

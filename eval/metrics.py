"""Scores from summed counts. The formulas live here once; every caller, including each bootstrap
resample, passes counts and gets scores back. Arrays may carry leading batch dimensions.
"""

from __future__ import annotations

import numpy as np


def _div(a, b):
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return np.divide(a, b, out=np.zeros(np.broadcast(a, b).shape), where=b != 0)


def prf(credit, n_pred, n_gold):
    """Precision, recall and F1 from true-positive credit and the numbers of predictions and gold."""
    p, r = _div(credit, n_pred), _div(credit, n_gold)
    return p, r, _div(2 * p * r, p + r)


def confusion_scores(cm):
    """``cm[..., gold, pred]`` with a last pred column for 'no prediction'.

    Returns accuracy, macro-F1 over the gold classes, and per-class precision, recall and F1.
    """
    cm = np.asarray(cm, dtype=float)
    k = cm.shape[-2]
    tp = np.diagonal(cm[..., :, :k], axis1=-2, axis2=-1)
    n_gold = cm.sum(axis=-1)
    n_pred = cm[..., :, :k].sum(axis=-2)
    p, r, f = prf(tp, n_pred, n_gold)
    accuracy = _div(tp.sum(axis=-1), n_gold.sum(axis=-1))
    return accuracy, f.mean(axis=-1), p, r, f


def multilabel_scores(tp, fp, fn):
    """Micro and macro F1 over labels from per-label counts ``[..., label]``.

    The macro average is over the labels that occur in the gold or the predictions.
    """
    tp, fp, fn = (np.asarray(x, dtype=float) for x in (tp, fp, fn))
    micro = prf(tp.sum(-1), (tp + fp).sum(-1), (tp + fn).sum(-1))
    p, r, f = prf(tp, tp + fp, tp + fn)
    active = (tp + fp + fn) > 0
    macro_f = _div((f * active).sum(-1), active.sum(-1))
    return micro, macro_f, p, r, f

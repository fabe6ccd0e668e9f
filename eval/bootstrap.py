"""Confidence intervals and paired tests by bootstrap over documents.

Statements of one document are correlated, so documents are the resampled unit. Counts are
computed once per document; a resample is a sum of rows (sacreBLEU's way), so 1,000 resamples cost
1,000 sums, not 1,000 re-scorings. The whole index matrix is drawn in one call from
``numpy.random.default_rng(seed)``: the same seed gives the same intervals.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from diploquote.schema.errors import DiploQuoteError, Incident

CHUNK = 64  # resamples summed at a time: bounds memory to CHUNK x documents
# Resamples x documents drawn at once (one index matrix, so that a seed fixes every interval):
# 10^8 draws are 400 MB of 32-bit indices, e.g. 1,000 resamples of 100,000 documents.
MAX_DRAWS = 10**8


def check_draws(n_docs: int, resamples: int) -> None:
    """Refuse more than ``MAX_DRAWS`` draws, before anything is loaded or scored."""
    if resamples * n_docs > MAX_DRAWS:
        raise DiploQuoteError(Incident(
            "too-many-resamples", "settings", "resamples",
            f"{resamples:,} resamples of {n_docs:,} documents are {resamples * n_docs:,} draws, more than the bound of "
            f"{MAX_DRAWS:,} (400 MB of indices); use at most {MAX_DRAWS // max(n_docs, 1):,} resamples (--resamples)"))


def resample_indices(n_docs: int, resamples: int, seed: int) -> np.ndarray:
    """The ``(resamples, n_docs)`` matrix of drawn document indices; refused beyond ``MAX_DRAWS``."""
    check_draws(n_docs, resamples)
    rng = np.random.default_rng(seed)
    dtype = np.int32 if n_docs < 2**31 else np.int64
    return rng.integers(0, n_docs, size=(resamples, n_docs), dtype=dtype)


def resampled_sums(counts: np.ndarray, idx: np.ndarray) -> np.ndarray:
    """``counts[doc, ...]`` summed over each row of ``idx``: shape ``(resamples, ...)``.

    Each resample is turned into how many times it drew each document, and the sums are one
    matrix product of those multiplicities with the counts.
    """
    n = len(counts)
    flat = counts.reshape(n, -1).astype(float)
    out = np.empty((len(idx), flat.shape[1]))
    for s in range(0, len(idx), CHUNK):
        block = idx[s:s + CHUNK]
        offsets = (np.arange(len(block)) * n)[:, None]
        times = np.bincount((block + offsets).ravel(), minlength=len(block) * n).reshape(len(block), n)
        out[s:s + len(block)] = times @ flat
    return out.reshape((len(idx),) + counts.shape[1:])


def interval(values: np.ndarray, confidence: float = 0.95) -> tuple[float, float]:
    """Percentile interval (low, high)."""
    lo, hi = np.percentile(values, [50 * (1 - confidence), 50 * (1 + confidence)])
    return float(lo), float(hi)


def paired_test(counts_a: np.ndarray, counts_b: np.ndarray, metric: Callable[[np.ndarray], np.ndarray],
                resampled_a: np.ndarray, resampled_b: np.ndarray, confidence: float = 0.95) -> dict:
    """Paired bootstrap of ``metric(A) - metric(B)``; ``resampled_a`` and ``resampled_b`` are the
    two systems' count sums over the same resamples of documents.

    The two-sided p-value is the share of resampled differences at least as far from the observed
    difference as the observed difference is from 0 (the shift method), with add-one smoothing.
    """
    observed = float(metric(counts_a.sum(0)) - metric(counts_b.sum(0)))
    deltas = metric(resampled_a) - metric(resampled_b)
    extreme = np.sum(np.abs(deltas - observed) >= abs(observed))
    return {"difference": observed, "ci": interval(deltas, confidence),
            "p_value": float((extreme + 1) / (len(deltas) + 1)), "resamples": int(len(deltas))}

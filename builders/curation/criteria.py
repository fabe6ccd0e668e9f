"""Curation: which pool documents enter the dataset, and which of them repeat each other.

The written criteria are in docs/curation.md; this module is their only implementation.
A pool document is admitted unless one of these holds:
  * ``domestic``: its title names a meeting with a body of the publisher's own state or with
    private parties (a senate committee, an advisory council, families, a business union);
  * ``no-statement``: its text holds no reporting cue at all, so it cannot carry an attributed
    statement.
Near-duplicates (repeated readouts) are admitted and marked with a shared ``duplicate_group``.
"""

from __future__ import annotations

import re

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components

from diploquote.schema.cues import SCREEN_CUES

DOMESTIC_TITLE = re.compile(
    r"Council of Advisors|Senate Judiciary|National Space Council|Families of|"
    r"Russian Union of Industrialists|Governor-General's Visit|"
    r"Bilateral Agreement on Service Delivery|Disability Rights Leaders",
    re.I,
)
# A reporting cue from the shared lexicon, or a transcript turn ("Name: ...").
CUE = re.compile(r"\b(?:" + "|".join(re.escape(c) for c in SCREEN_CUES) + r")\b|^[A-Z][^:\n]{2,80}: ", re.M)
# Jaccard similarity of word 3-gram sets. Same-day readouts built on one template (Qatar and
# Egypt on Gaza, 2024) score 0.6-0.7; unrelated readouts stay under 0.4.
NEAR_DUPLICATE_JACCARD = 0.5


def decide(title: str, text: str) -> str | None:
    """None when the document is admitted, else the reason code it is excluded for."""
    if DOMESTIC_TITLE.search(title):
        return "domestic"
    if not CUE.search(text):
        return "no-statement"
    return None


def duplicate_groups(ids: list[str], texts: list[str], threshold: float = NEAR_DUPLICATE_JACCARD) -> dict[str, str]:
    """Map each document in a group of near-duplicates to its group's id (its smallest member id).

    Documents are near-duplicates when the Jaccard similarity of their sets of word 3-grams is at
    least ``threshold``; groups are the connected components of that relation.

    Comparing every pair grows with the square of the pool (most pairs share some 3-gram: "the two
    leaders"), so only pairs that share a rare 3-gram (in at most ``CANDIDATE_MAX_DF`` documents),
    or the same text, are compared; near-duplicates share their rare 3-grams as well as the common
    ones. The similarity of a compared pair counts every 3-gram. The price: a family of more than
    ``CANDIDATE_MAX_DF`` near-duplicates that are not identical and share only 3-grams the whole
    family has is not grouped. On the released pool the groups equal those of comparing every pair.
    """
    return shingle_groups(ids, [shingles(text) for text in texts], threshold)


def shingle_groups(ids: list[str], grams: list[np.ndarray],
                   threshold: float = NEAR_DUPLICATE_JACCARD) -> dict[str, str]:
    """``duplicate_groups`` of documents given by their ``shingles``: a reader of a large pool keeps
    these, not the texts."""
    if not ids:
        return {}
    x, df = _incidence(grams)
    i, j = _candidates(x, df <= CANDIDATE_MAX_DF, threshold)
    for same in _same_texts(grams):  # a text repeated more often than CANDIDATE_MAX_DF has no rare 3-gram
        i, j = np.concatenate([i, same[:-1]]), np.concatenate([j, same[1:]])
    sizes = np.diff(x.indptr)
    inter = np.concatenate([np.zeros(0)] + [np.asarray(x[i[k:k + _BLOCK]].multiply(x[j[k:k + _BLOCK]]).sum(axis=1)).ravel()
                                            for k in range(0, len(i), _BLOCK)])
    union = sizes[i] + sizes[j] - inter
    keep = (union > 0) & (inter >= threshold * union)
    graph = sp.coo_matrix((np.ones(int(keep.sum()), np.int8), (i[keep], j[keep])), shape=(len(ids), len(ids)))
    _, labels = connected_components(graph, directed=False)
    members: dict[int, list[str]] = {}
    for doc_id, label in zip(ids, labels):
        members.setdefault(label, []).append(doc_id)
    return {d: min(group) for group in members.values() if len(group) > 1 for d in group}


def _candidates(x, rare_columns: np.ndarray, threshold: float) -> tuple[np.ndarray, np.ndarray]:
    """The pairs (i < j) of documents that share a rare 3-gram and may reach ``threshold``.

    What the common 3-grams can add to a pair's shared rare ones is at most the fewer of the two
    documents' common 3-grams, so a pair that cannot reach the threshold even then is dropped. The
    pairs are made ``_BLOCK`` documents at a time, so that memory stays flat as the pool grows.
    """
    sizes = np.diff(x.indptr)
    rare = (x @ sp.diags(rare_columns.astype(np.float32))).tocsr()
    rare.eliminate_zeros()
    common = sizes - np.diff(rare.indptr)
    rare_t = rare.T.tocsr()
    rows, cols = [np.zeros(0, np.int64)], [np.zeros(0, np.int64)]
    for start in range(0, x.shape[0], _BLOCK):
        block = (rare[start:start + _BLOCK] @ rare_t).tocoo()
        i, j = block.row.astype(np.int64) + start, block.col.astype(np.int64)
        bound = block.data + np.minimum(common[i], common[j])
        keep = (i < j) & (bound * (1 + threshold) >= threshold * (sizes[i] + sizes[j]))
        rows.append(i[keep])
        cols.append(j[keep])
    return np.concatenate(rows), np.concatenate(cols)


# The tokens of scikit-learn's text vectorisers: runs of two or more word characters, lower-cased.
_TOKEN = re.compile(r"(?u)\b\w\w+\b")
# A 3-gram in more documents than this proposes no pair to compare (see ``duplicate_groups``).
CANDIDATE_MAX_DF = 50
_BLOCK = 500  # documents (or pairs) handled at once
_MIX = (np.uint64(0x9E3779B97F4A7C15), np.uint64(0xBF58476D1CE4E5B9))


def shingles(text: str) -> np.ndarray:
    """The sorted distinct word 3-grams of ``text``, each as a 32-bit mix of its tokens' hashes.

    Python's string hash differs between processes, but the groups do not depend on it: the 3-grams
    compared are all hashed in one process (the build's), and only which of them are equal counts.
    A 32-bit value keeps the memory small; the rare collisions (fewer than scikit-learn's 2**22
    hashing vectoriser had) can only add a shared 3-gram to a pair.
    """
    tokens = _TOKEN.findall(text.lower())
    if len(tokens) < 3:
        return np.zeros(0, np.uint32)
    h = np.fromiter(map(hash, tokens), dtype=np.int64, count=len(tokens)).view(np.uint64)
    with np.errstate(over="ignore"):  # the mixing wraps around on purpose
        g = ((h[:-2] * _MIX[0]) ^ h[1:-1]) * _MIX[1] ^ h[2:]
    return np.unique((g >> np.uint64(32)).astype(np.uint32))


def _incidence(grams: list[np.ndarray]):
    """The documents x 3-grams 0/1 matrix (CSR, float32) and each 3-gram's document frequency."""
    flat = np.concatenate([np.zeros(0, np.uint32)] + grams)
    # np.unique's inverse would be int64 and its sort a second copy; one argsort does both jobs
    order = np.argsort(flat, kind="stable")
    ordered = flat[order]
    new = np.concatenate([[True], ordered[1:] != ordered[:-1]]) if len(flat) else np.zeros(0, bool)
    df = np.diff(np.append(np.flatnonzero(new), len(flat)))
    column = np.empty(len(flat), np.int32)
    column[order] = np.cumsum(new, dtype=np.int32) - 1
    indptr = np.concatenate([[0], np.cumsum([len(g) for g in grams])])
    x = sp.csr_matrix((np.ones(len(flat), np.float32), column, indptr), shape=(len(grams), len(df)))
    return x, df


def _same_texts(grams: list[np.ndarray]) -> list[np.ndarray]:
    """Indices of the documents with one and the same set of 3-grams, one array per set repeated."""
    by_set: dict[bytes, list[int]] = {}
    for k, g in enumerate(grams):
        if len(g):
            by_set.setdefault(g.tobytes(), []).append(k)
    return [np.array(v) for v in by_set.values() if len(v) > 1]

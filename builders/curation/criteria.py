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
from scipy.sparse.csgraph import connected_components
from sklearn.feature_extraction.text import HashingVectorizer

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
    """
    if not ids:
        return {}
    vec = HashingVectorizer(analyzer="word", ngram_range=(3, 3), n_features=2**22, binary=True,
                            norm=None, alternate_sign=False, lowercase=True)
    x = vec.transform(texts).astype(np.float32)
    sizes = np.asarray(x.sum(axis=1)).ravel()
    inter = (x @ x.T).tocoo()
    union = sizes[inter.row] + sizes[inter.col] - inter.data
    keep = (inter.row != inter.col) & (union > 0) & (inter.data >= threshold * union)
    graph = inter.copy()
    graph.data = keep.astype(np.int8)
    graph.eliminate_zeros()
    _, labels = connected_components(graph, directed=False)
    members: dict[int, list[str]] = {}
    for doc_id, label in zip(ids, labels):
        members.setdefault(label, []).append(doc_id)
    return {d: min(group) for group in members.values() if len(group) > 1 for d in group}

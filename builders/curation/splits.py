"""Split assignment: deterministic, by a salted hash of the duplicate group, per source.

Every admitted pool document gets a split once, whether annotated or not, so a document keeps its
split when the annotated set grows, and the test documents are known before they are annotated.
Near-duplicates share a split because the hash is taken of their group id.
"""

from __future__ import annotations

import hashlib

SALT = "diploquote-splits-v1"
FRACTIONS = {"train": 0.70, "validation": 0.15, "test": 0.15}


def unit(key: str) -> float:
    """A number in [0, 1) fixed by the key."""
    digest = hashlib.sha256(f"{SALT}:{key}".encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def assign(doc_id: str, duplicate_group: str | None) -> str:
    u = unit(duplicate_group or doc_id)
    if u < FRACTIONS["train"]:
        return "train"
    if u < FRACTIONS["train"] + FRACTIONS["validation"]:
        return "validation"
    return "test"

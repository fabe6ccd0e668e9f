"""``majority``: the floor every model must beat, counted on the train split at each run.

Stance: the most frequent train stance. Topic: the most frequent train topic set. Target: the most
frequent train target id. Attribution:
every paragraph is one indirect statement by the most frequent train speaker set.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from diploquote.baselines.data import Inputs, LabelledStatement, load_statements


def labels(train: list[LabelledStatement], statements: list[LabelledStatement], task: str) -> list[dict]:
    """Stance, topic or target prediction records: the most frequent train label for every statement."""
    if task == "stance":
        label = Counter(s.stance for s in train).most_common(1)[0][0]
        return [{"statement_id": s.statement_id, "stance": label} for s in statements]
    if task == "target":
        target_id = Counter(s.target_id for s in train).most_common(1)[0][0]
        return [{"statement_id": s.statement_id, "target_id": target_id} for s in statements]
    topics = Counter(s.topics for s in train).most_common(1)[0][0]
    return [{"statement_id": s.statement_id, "topics": list(topics)} for s in statements]


def attribution(train: list[LabelledStatement], documents: list[dict]) -> list[dict]:
    """Attribution prediction records: each non-blank paragraph, said by the most frequent train speakers."""
    speakers = list(Counter(s.speakers for s in train).most_common(1)[0][0])
    out = []
    for doc in documents:
        statements, pos = [], 0
        for para in (doc["text"] or "").split("\n"):
            if para.strip():
                statements.append({"content": {"start": pos, "end": pos + len(para)}, "speakers": speakers,
                                   "type": "indirect"})
            pos += len(para) + 1
        out.append({"doc_id": doc["id"], "statements": statements})
    return out


def document_model(dataset: Path) -> Callable[[list[dict]], list[dict]]:
    """Attribution as a function of a batch of documents, the train split read once."""
    return functools.partial(attribution, load_statements(dataset, "train"))


def predict(task: str, inputs: Inputs) -> list[dict]:
    if task == "attribution":
        return attribution(inputs.train(), inputs.target_documents())
    return labels(inputs.train(), inputs.target_statements(), task)

"""Counts of a release: documents and statements by source and split, label distributions by split.

Computed from the ``statements`` and ``corpus`` tables, so the card, ``diploquote stats`` and the
tests all read the same numbers.
"""

from __future__ import annotations

from collections import Counter

import pyarrow as pa

from diploquote.schema import SPLITS, TOPICS
from diploquote.schema.labels import LABELS
from diploquote.schema.markdown import table


def compute(documents: dict[str, pa.Table], statements: dict[str, pa.Table], corpus: pa.Table) -> dict:
    out: dict = {"corpus_by_source": dict(sorted(Counter(corpus.column("source").to_pylist()).items())),
                 "documents": {}, "statements": {}, "labels": {}}
    for split in SPLITS:
        docs = documents[split]
        out["documents"][split] = dict(sorted(Counter(docs.column("source").to_pylist()).items()))
        st = statements[split]
        out["statements"][split] = dict(sorted(Counter(st.column("source").to_pylist()).items()))
        labels = {}
        for name in ("type", "stance", "target", "act"):
            names = LABELS[name]
            c = Counter(st.column(name).to_pylist())
            labels[name] = {n: c.get(i, 0) for i, n in enumerate(names)}
        c = Counter(t for ts in st.column("topics").to_pylist() for t in ts)
        labels["topics"] = {n: c.get(i, 0) for i, n in enumerate(TOPICS)}
        out["labels"][split] = labels
    return out


def render(stats: dict) -> str:
    """Markdown tables of the counts: sizes by source and split, then each label set by split."""
    sources = sorted(set(stats["corpus_by_source"]))
    size_rows = []
    for src in sources:
        size_rows.append([src, stats["corpus_by_source"][src]]
                         + [f"{stats['documents'][s].get(src, 0)} / {stats['statements'][s].get(src, 0)}" for s in SPLITS])
    total = ["**all**", sum(stats["corpus_by_source"].values())] + [
        f"{sum(stats['documents'][s].values())} / {sum(stats['statements'][s].values())}" for s in SPLITS]
    parts = ["Documents in the corpus, and annotated documents / statements per split:\n",
             table(["source", "corpus"] + list(SPLITS), size_rows + [total])]
    for name in ("type", "stance", "target", "act", "topics"):
        names = list(stats["labels"][SPLITS[0]][name])
        rows = [[n] + [stats["labels"][s][name][n] for s in SPLITS] for n in names]
        parts.append(f"\nStatements by {name}:\n")
        parts.append(table([name] + list(SPLITS), rows))
    return "\n".join(parts) + "\n"

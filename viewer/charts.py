"""Charts for the dataset card, drawn by the build from the statements tables (PNG, no timestamps).

- ``labels.png``: stance, type and target distributions by source and split;
- ``statements-per-document.png``: how many statements a document has, by source;
- ``topic-cooccurrence.png``: how often two topics are given to the same statement.
"""

from __future__ import annotations

import io
from collections import Counter

import matplotlib

matplotlib.use("Agg")  # files only, no display
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pyarrow as pa  # noqa: E402

from diploquote.schema import SPLITS, STANCES, STATEMENT_TYPES, TARGETS, TOPICS  # noqa: E402


def _png(fig) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110, bbox_inches="tight", metadata={"Software": None})
    plt.close(fig)
    return buf.getvalue()


def _rows(statements: dict[str, pa.Table]) -> list[dict]:
    cols = ["doc_id", "source", "split", "type", "stance", "target", "topics"]
    return [r for split in SPLITS for r in statements[split].select(cols).to_pylist()]


def labels_chart(rows: list[dict]) -> bytes:
    groups = sorted({(r["source"], r["split"]) for r in rows}, key=lambda g: (g[0], SPLITS.index(g[1])))
    per_group = Counter((r["source"], r["split"]) for r in rows)
    fig, axes = plt.subplots(1, 3, figsize=(15, 0.45 * len(groups) + 1.8), sharey=True)
    for ax, (field, names) in zip(axes, (("stance", STANCES), ("type", STATEMENT_TYPES), ("target", TARGETS))):
        per_label = Counter((r["source"], r["split"], r[field]) for r in rows)
        left = np.zeros(len(groups))
        for i, name in enumerate(names):
            share = np.array([per_label[(*g, i)] / max(1, per_group[g]) for g in groups])
            ax.barh(range(len(groups)), share, left=left, label=name)
            left += share
        ax.set_title(f"{field} (share of statements)")
        ax.set_xlim(0, 1)
        ax.legend(fontsize=7, loc="upper center", bbox_to_anchor=(0.5, -0.06), ncol=3, frameon=False)
    axes[0].set_yticks(range(len(groups)), [f"{s} / {sp}" for s, sp in groups])
    return _png(fig)


def per_document_chart(rows: list[dict]) -> bytes:
    per_doc = Counter((r["source"], r["doc_id"]) for r in rows)
    sources = sorted({s for s, _ in per_doc})
    fig, ax = plt.subplots(figsize=(8, 3.5))
    data = [[n for (s, _), n in per_doc.items() if s == src] for src in sources]
    ax.boxplot(data, tick_labels=sources, orientation="horizontal")
    ax.set_xlabel("statements per annotated document")
    return _png(fig)


def cooccurrence_chart(rows: list[dict]) -> bytes:
    m = np.zeros((len(TOPICS), len(TOPICS)))
    for r in rows:
        for a in r["topics"]:
            for b in r["topics"]:
                m[a, b] += 1
    fig, ax = plt.subplots(figsize=(9, 8))
    im = ax.imshow(np.log1p(m), cmap="viridis")
    ax.set_xticks(range(len(TOPICS)), TOPICS, rotation=90, fontsize=8)
    ax.set_yticks(range(len(TOPICS)), TOPICS, fontsize=8)
    ax.set_title("topic co-occurrence on one statement (diagonal: topic frequency; colour: log(1 + count))")
    fig.colorbar(im, ax=ax, shrink=0.7)
    return _png(fig)


def draw(statements: dict[str, pa.Table]) -> dict[str, bytes]:
    """The card's charts as PNG bytes by file name."""
    rows = _rows(statements)
    return {"labels.png": labels_chart(rows), "statements-per-document.png": per_document_chart(rows),
            "topic-cooccurrence.png": cooccurrence_chart(rows)}

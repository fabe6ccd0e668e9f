"""Pictures for the HTML report: a confusion matrix and per-source bars, as PNG bytes."""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402


def _png(fig) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=100, bbox_inches="tight", metadata={"Software": None})
    plt.close(fig)
    return buf.getvalue()


def confusion_png(cm: np.ndarray, rows: list[str], cols: list[str]) -> bytes:
    fig, ax = plt.subplots(figsize=(1.2 * len(cols) + 2, 1.0 * len(rows) + 1.5))
    ax.imshow(cm, cmap="Blues")
    for i in range(cm.shape[0]):
        for j in range(cm.shape[1]):
            ax.text(j, i, f"{cm[i, j]:g}", ha="center", va="center", color="black")
    ax.set_xticks(range(len(cols)), cols)
    ax.set_yticks(range(len(rows)), rows)
    ax.set_xlabel("predicted")
    ax.set_ylabel("gold")
    return _png(fig)


def bars_png(values: dict[str, tuple[float, float, float]], label: str) -> bytes:
    """``values``: name -> (value, low, high)."""
    names = list(values)
    v = np.array([values[n][0] for n in names])
    err = np.array([[v[i] - values[n][1], values[n][2] - v[i]] for i, n in enumerate(names)]).T
    fig, ax = plt.subplots(figsize=(6, 0.5 * len(names) + 1.2))
    ax.barh(range(len(names)), v, xerr=err, color="#0969da", capsize=3)
    ax.set_yticks(range(len(names)), names)
    ax.set_xlim(0, 1)
    ax.set_xlabel(label)
    return _png(fig)

"""One-to-one optimal matching of predicted to gold spans, under named modes.

Spans are half-open character offsets ``(start, end)``. Each mode defines when two spans are
compatible and how much credit a compatible pair earns:

- ``exact``: identical offsets; credit 1.
- ``overlap``: intersection over union of at least ``threshold`` (default 0.5); credit 1.
- ``token``: token F1 between the two spans greater than 0; credit = that token F1.

Matching maximises the total weight (the span credit, plus 1 when the level's fields agree, so that
of two compatible predictions the one with the right speaker is chosen) with
``scipy.optimize.linear_sum_assignment``. Inputs are put in a canonical order first, so the result
does not depend on the order of the predictions.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import numpy as np
from scipy.optimize import linear_sum_assignment

from diploquote.schema.errors import DiploQuoteError, Incident

MODES = ("exact", "overlap", "token")
_TOKEN = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class Mode:
    name: str = "overlap"
    threshold: float = 0.5

    def __post_init__(self):
        if self.name not in MODES:
            raise DiploQuoteError(Incident("bad-setting", "settings", "mode", f"unknown matching mode {self.name!r} "
                                           f"(--mode); the modes are {', '.join(MODES)}"))
        t = self.threshold
        if isinstance(t, bool) or not isinstance(t, (int, float)) or not math.isfinite(t) or not 0.0 < t <= 1.0:
            raise DiploQuoteError(Incident("bad-setting", "settings", "threshold", "the overlap threshold "
                                           f"(--threshold) must be a number in (0, 1], not {t!r}"))

    def __str__(self) -> str:
        return f"overlap@{self.threshold:g}" if self.name == "overlap" else self.name


def token_offsets(text: str, span: tuple[int, int]) -> list[tuple[int, int]]:
    return [(m.start() + span[0], m.end() + span[0]) for m in _TOKEN.finditer(text[span[0]:span[1]])]


def token_f1(a: tuple[int, int], b: tuple[int, int], text: str | None = None) -> float:
    """F1 of the token sets of two spans (tokens are ``\\w+`` runs; offsets identify them).

    Without the text, characters stand in for tokens.
    """
    if text is None:
        inter = max(0, min(a[1], b[1]) - max(a[0], b[0]))
        total = (a[1] - a[0]) + (b[1] - b[0])
        return 2 * inter / total if total else 0.0
    ta, tb = set(token_offsets(text, a)), set(token_offsets(text, b))
    inter = len(ta & tb)
    return 2 * inter / (len(ta) + len(tb)) if inter else 0.0


def pair_credit(mode: Mode, g: np.ndarray, p: np.ndarray, text_of=None, doc=None) -> np.ndarray:
    """Span credit under ``mode`` of aligned pairs of spans (rows of the ``(n, 2)`` arrays ``g`` and
    ``p``, characters); 0 where the spans are not compatible or one is absent (-1).

    ``text_of(doc[k])`` gives the text of pair k's document, for token mode.
    """
    gs, ge, ps, pe = g[:, 0], g[:, 1], p[:, 0], p[:, 1]
    present = (gs >= 0) & (ps >= 0)
    if mode.name == "exact":
        return ((gs == ps) & (ge == pe) & present).astype(float)
    inter = np.minimum(ge, pe) - np.maximum(gs, ps)
    if mode.name == "overlap":
        union = np.maximum(ge, pe) - np.minimum(gs, ps)
        iou = np.where(inter > 0, inter / np.maximum(union, 1), 0.0)
        return ((iou >= mode.threshold) & present).astype(float)
    out = np.zeros(len(g))
    for k in np.nonzero((inter > 0) & present)[0]:
        out[k] = token_f1(tuple(g[k]), tuple(p[k]), text_of(doc[k]) if text_of else None)
    return out


def span_credit(mode: Mode, gold: tuple[int, int], pred: tuple[int, int], text: str | None = None) -> float:
    """Credit of one pair of spans under ``mode``: 0 when they are not compatible."""
    return float(pair_credit(mode, np.array([gold]), np.array([pred]), lambda _: text, [0])[0])


def assign(credit: np.ndarray, agree: np.ndarray) -> list[tuple[int, int]]:
    """Optimal one-to-one pairs ``(gold index, pred index)`` among compatible pairs.

    ``credit[i, j]`` is the span credit of gold i and prediction j (0: not compatible);
    ``agree[i, j]`` whether their level fields agree. Callers pass rows and columns in canonical
    order; ties then resolve the same way every time.
    """
    if credit.size == 0:
        return []
    weight = np.where(credit > 0, credit + agree.astype(float), 0.0)
    rows, cols = linear_sum_assignment(weight, maximize=True)
    return [(int(i), int(j)) for i, j in zip(rows, cols) if credit[i, j] > 0]

"""End-to-end attribution scoring: per document, a row of counts for each level.

Levels, each stricter than the last:

- ``content``: the content span matches;
- ``content+speaker``: and the speaker matches (by id, by mention span, or by name: whichever
  the system gives, named in the signature as the speaker rule);
- ``content+speaker+cue``: and the cue span matches under the same mode (or both have none);
- ``joint``: content and speaker match, and the stance and the topic set are right.

Counts per level (nervaluate's categories, defined in docs/metrics.md): ``correct`` (identical
span, fields agree), ``partial`` (compatible but not identical span, fields agree), ``incorrect``
(compatible span, fields disagree), ``missed`` (gold left unmatched), ``spurious`` (prediction left
unmatched, including predictions rejected in lenient mode), and ``credit`` (the true-positive mass:
correct + partial, or their token F1 in token mode).
"""

from __future__ import annotations

import unicodedata

import numpy as np

from .gold import GoldDocument, GoldStatement
from .matching import Mode, assign, token_f1
from .predictions import PredStatement

LEVELS = ("content", "content+speaker", "content+speaker+cue", "joint")
COUNT_FIELDS = ("credit", "n_pred", "n_gold", "correct", "partial", "incorrect", "missed", "spurious")
SPEAKER_RULES = ("id", "mention", "name", "none")


def speaker_rule(predictions: dict[str, list[PredStatement]]) -> str:
    """What the system gives for speakers: registry ids, else mention spans, else names."""
    preds = [p for ps in predictions.values() for p in ps]
    for rule, present in (("id", lambda p: p.speakers is not None), ("mention", lambda p: p.speaker_mention is not None),
                          ("name", lambda p: p.speaker_name is not None)):
        if any(present(p) for p in preds):
            return rule
    return "none"


def normalise_name(name: str) -> str:
    """Casefolded, accents and punctuation dropped, white space collapsed: 'López Obrador' -> 'lopez obrador'."""
    decomposed = unicodedata.normalize("NFKD", name)
    letters = "".join(c if c.isalnum() else " " for c in decomposed if not unicodedata.combining(c))
    return " ".join(letters.casefold().split())


def _spans(items, attr: str) -> np.ndarray:
    out = np.full((len(items), 2), -1, dtype=np.int64)
    for i, it in enumerate(items):
        s = getattr(it, attr)
        if s is not None:
            out[i] = s
    return out


def _compat(mode: Mode, g: np.ndarray, p: np.ndarray, text: str | None) -> np.ndarray:
    """Span credit matrix (gold x pred); rows or columns of absent spans (-1) get 0."""
    gs, ge = g[:, 0:1], g[:, 1:2]
    ps, pe = p[:, 0][None, :], p[:, 1][None, :]
    present = (gs >= 0) & (ps >= 0)
    if mode.name == "exact":
        return ((gs == ps) & (ge == pe) & present).astype(float)
    if mode.name == "overlap":
        inter = np.minimum(ge, pe) - np.maximum(gs, ps)
        union = np.maximum(ge, pe) - np.minimum(gs, ps)
        iou = np.where(inter > 0, inter / np.maximum(union, 1), 0.0)
        return ((iou >= mode.threshold) & present).astype(float)
    out = np.zeros((len(g), len(p)))
    for i, j in zip(*np.nonzero((np.minimum(ge, pe) - np.maximum(gs, ps) > 0) & present)):
        out[i, j] = token_f1(tuple(g[i]), tuple(p[j]), text)
    return out


def _speaker_agree(rule: str, gold: list[GoldStatement], preds: list[PredStatement],
                   names: dict[str, set[str]]) -> np.ndarray:
    if rule == "id":
        return np.array([[p.speakers == g.speakers for p in preds] for g in gold], dtype=bool).reshape(len(gold), len(preds))
    if rule == "mention":
        m = _compat(Mode("overlap", 0.5), _spans(gold, "speaker_mention"), _spans(preds, "speaker_mention"), None) > 0
        both_none = (_spans(gold, "speaker_mention")[:, 0:1] < 0) & (_spans(preds, "speaker_mention")[:, 0][None, :] < 0)
        return m | both_none
    if rule == "name":
        gold_names = [set().union(*(names.get(s, {normalise_name(s)}) for s in g.speakers)) for g in gold]
        return np.array([[p.speaker_name is not None and normalise_name(p.speaker_name) in gn for p in preds]
                         for gn in gold_names], dtype=bool).reshape(len(gold), len(preds))
    return np.zeros((len(gold), len(preds)), dtype=bool)


def document_counts(doc: GoldDocument, preds: list[PredStatement], mode: Mode, rule: str,
                    names: dict[str, set[str]], rejected: int = 0) -> tuple[np.ndarray, list[dict]]:
    """Counts (levels x COUNT_FIELDS) for one document, and its error records (content level and
    content+speaker level), each naming gold and prediction."""
    gold = sorted(doc.statements, key=lambda g: (g.content, g.statement_id))
    preds = sorted(preds, key=PredStatement.sort_key)
    credit = _compat(mode, _spans(gold, "content"), _spans(preds, "content"), doc.text)
    speaker = _speaker_agree(rule, gold, preds, names)
    cue_c = _compat(mode, _spans(gold, "cue"), _spans(preds, "cue"), doc.text) > 0
    cue_none = (_spans(gold, "cue")[:, 0:1] < 0) & (_spans(preds, "cue")[:, 0][None, :] < 0)
    labels = np.array([[p.stance == g.stance and p.topics == g.topics for p in preds] for g in gold],
                      dtype=bool).reshape(len(gold), len(preds))
    agree_by_level = {
        "content": np.ones_like(speaker),
        "content+speaker": speaker,
        "content+speaker+cue": speaker & (cue_c | cue_none),
        "joint": speaker & labels,
    }
    counts = np.zeros((len(LEVELS), len(COUNT_FIELDS)))
    errors = []
    for li, level in enumerate(LEVELS):
        agree = agree_by_level[level]
        pairs = assign(credit, agree)
        row = dict.fromkeys(COUNT_FIELDS, 0.0)
        row["n_gold"], row["n_pred"] = len(gold), len(preds) + rejected
        for i, j in pairs:
            if agree[i, j]:
                row["credit"] += credit[i, j]
                row["correct" if gold[i].content == preds[j].content else "partial"] += 1
            else:
                row["incorrect"] += 1
                if level == "content+speaker":
                    errors.append({"kind": "wrong-speaker", "gold": gold[i], "pred": preds[j]})
        matched_g = {i for i, _ in pairs}
        matched_p = {j for _, j in pairs}
        row["missed"] = len(gold) - len(matched_g)
        row["spurious"] = len(preds) - len(matched_p) + rejected
        if level == "content":
            errors += [{"kind": "missed", "gold": gold[i], "pred": None} for i in range(len(gold)) if i not in matched_g]
            errors += [{"kind": "spurious", "gold": None, "pred": preds[j]} for j in range(len(preds)) if j not in matched_p]
        counts[li] = [row[f] for f in COUNT_FIELDS]
    return counts, errors

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

from dataclasses import dataclass

import numpy as np

from diploquote.schema.errors import DiploQuoteError, Incident

from diploquote.eval.records import GoldDocument, PredStatement, normalise_name
from diploquote.eval.matching import Mode, assign, pair_credit

LEVELS = ("content", "content+speaker", "content+speaker+cue", "joint")
COUNT_FIELDS = ("credit", "n_pred", "n_gold", "correct", "partial", "incorrect", "missed", "spurious")
FIELD = {name: k for k, name in enumerate(COUNT_FIELDS)}  # index of each count in the last axis


SPEAKER_RULES = ("id", "mention", "name")
# The gold fields each level reads besides the spans; "speaker" stands for the rule's own field
# (ids and names read the gold's speaker ids; a mention rule reads the mention span, and a gold
# mention that is absent is a value: the speaker is not named in the text).
LEVEL_NEEDS = {"content": (), "content+speaker": ("speaker",), "content+speaker+cue": ("speaker",),
               "joint": ("speaker", "stance", "topics")}
SPEAKER_FIELD = {"id": "speakers", "name": "speakers", "mention": None, "none": None}


def not_applicable(gold: list[GoldDocument], rule: str) -> dict[str, str]:
    """level -> why it cannot be scored: a field it needs that gold statements lack (gold from an
    outside corpus has no speaker ids, stance or topics). Such a level is reported as null, not 0."""
    statements = [st for d in gold for st in d.statements]
    out = {}
    for level, needs in LEVEL_NEEDS.items():
        fields = [SPEAKER_FIELD[rule] if f == "speaker" else f for f in needs]
        for name in filter(None, fields):
            lacking = sum(getattr(st, name) is None for st in statements)
            if lacking:
                out[level] = (f"not applicable: {lacking} of {len(statements)} gold statements have no {name}"
                              + (f" (speaker rule {rule}; --speaker mention scores speakers by their mention)"
                                 if name == "speakers" else ""))
                break
    return out


def speaker_rule(predictions: dict[str, list[PredStatement]]) -> str:
    """What the system gives for speakers: registry ids, else mention spans, else names."""
    preds = [p for ps in predictions.values() for p in ps]
    for rule, present in (("id", lambda p: p.speakers is not None), ("mention", lambda p: p.speaker_mention is not None),
                          ("name", lambda p: p.speaker_name is not None)):
        if any(present(p) for p in preds):
            return rule
    return "none"


@dataclass
class Columns:
    """Statements of many documents as parallel arrays, the form the scorer works on.

    Document d owns rows ``offsets[d]:offsets[d + 1]``, in canonical order (ties in the assignment
    resolve by it). Spans are ``(n, 2)`` arrays of characters, ``-1`` where absent; ``speakers`` and
    ``labels`` are integer codes (equal codes: equal speaker sets, equal stance and topic set;
    ``-1``: none given). ``items`` keeps the statement objects, when there are any, for error
    records and the name rule.
    """
    offsets: np.ndarray
    content: np.ndarray
    cue: np.ndarray
    mention: np.ndarray
    speakers: np.ndarray
    labels: np.ndarray
    items: list | None = None

    @property
    def doc(self) -> np.ndarray:
        return np.repeat(np.arange(len(self.offsets) - 1), np.diff(self.offsets))

    @classmethod
    def from_items(cls, docs: list[list], codes: dict) -> Columns:
        """From lists of ``GoldStatement`` or ``PredStatement``; ``codes`` is shared by gold and predictions."""
        items = [it for doc in docs for it in doc]
        offsets = np.zeros(len(docs) + 1, dtype=np.int64)
        np.cumsum([len(doc) for doc in docs], out=offsets[1:])
        speakers = np.array([codes.setdefault(("spk", it.speakers), len(codes)) if it.speakers is not None else -1
                             for it in items], dtype=np.int64)
        labels = np.array([codes.setdefault(("lab", it.stance, it.topics), len(codes)) for it in items], dtype=np.int64)
        return cls(offsets, _spans(items, "content"), _spans(items, "cue"), _spans(items, "speaker_mention"),
                   speakers, labels, items)


def _spans(items, attr: str) -> np.ndarray:
    flat = [v for it in items for v in (getattr(it, attr) or (-1, -1))]
    return np.array(flat, dtype=np.int64).reshape(len(items), 2)


def _candidate_pairs(gf: Columns, pf: Columns) -> tuple[np.ndarray, np.ndarray]:
    """Every (gold, prediction) pair of one document whose content spans overlap, as two index arrays.

    No mode credits spans that share no character, so only overlapping pairs are candidates. Spans
    are laid on one axis, each document in its own stretch, and joined by binary search on the
    sorted gold starts: the work grows with the candidates, not with gold x predictions.
    """
    if len(gf.content) == 0 or len(pf.content) == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    longest = int((gf.content[:, 1] - gf.content[:, 0]).max())
    stride = int(max(gf.content.max(), pf.content.max())) + longest + 1
    if stride * (len(gf.offsets) - 1) >= 2**62:  # Python integers: the check itself cannot wrap
        raise DiploQuoteError(Incident("offset-too-large", "gold", "offsets",
                                       f"offsets up to {stride:,} characters over {len(gf.offsets) - 1:,} documents do "
                                       "not fit the scorer's 64-bit arithmetic; check the gold's offsets"))
    gs = gf.doc * stride + gf.content[:, 0]
    ge = gf.doc * stride + gf.content[:, 1]
    ps = pf.doc * stride + pf.content[:, 0]
    pe = pf.doc * stride + pf.content[:, 1]
    order = np.argsort(gs, kind="stable")
    lo = np.searchsorted(gs[order], ps - longest, side="left")
    hi = np.searchsorted(gs[order], pe, side="left")
    n = hi - lo
    pi = np.repeat(np.arange(len(ps)), n)
    gi = order[np.repeat(lo, n) + (np.arange(n.sum()) - np.repeat(np.cumsum(n) - n, n))]
    keep = ge[gi] > ps[pi]
    return gi[keep], pi[keep]


def _agreement(rule: str, gf: Columns, pf: Columns, gi: np.ndarray, pi: np.ndarray, mode: Mode, names, text_of,
               doc: np.ndarray):
    """Whether the level's fields agree, for each candidate pair, by level."""
    if rule == "id":
        speaker = (gf.speakers[gi] == pf.speakers[pi]) & (pf.speakers[pi] >= 0)
    elif rule == "mention":
        both_none = (gf.mention[gi, 0] < 0) & (pf.mention[pi, 0] < 0)
        speaker = (pair_credit(Mode("overlap", 0.5), gf.mention[gi], pf.mention[pi]) > 0) | both_none
    elif rule == "name":
        gold_names = [set().union(*(names.get(s, {normalise_name(s)}) for s in gf.items[i].speakers or ())) for i in gi]
        speaker = np.array([pf.items[j].speaker_name is not None and normalise_name(pf.items[j].speaker_name) in gn
                            for gn, j in zip(gold_names, pi)], dtype=bool)
    else:
        speaker = np.zeros(len(gi), dtype=bool)
    cue = (pair_credit(mode, gf.cue[gi], pf.cue[pi], text_of, doc) > 0) | ((gf.cue[gi, 0] < 0) & (pf.cue[pi, 0] < 0))
    labels = gf.labels[gi] == pf.labels[pi]
    return {"content": np.ones(len(gi), dtype=bool), "content+speaker": speaker,
            "content+speaker+cue": speaker & cue, "joint": speaker & labels}


def corpus_counts(gold: list[GoldDocument], preds: list[list[PredStatement]], mode: Mode, rule: str,
                  names: dict[str, set[str]], rejected: list[int]) -> tuple[np.ndarray, list[dict]]:
    """Counts (documents x levels x COUNT_FIELDS) and error records for aligned lists of documents.

    Each document's statements must come in canonical order (``GoldStatement.sort_key``,
    ``PredStatement.sort_key``): ties in the assignment then resolve the same way every time.
    All pairs of a document are scored at once with array operations; the assignment problem is
    solved per document only where a span is compatible with more than one span of the other side.
    """
    codes: dict = {}
    gf = Columns.from_items([d.statements for d in gold], codes)
    pf = Columns.from_items(preds, codes)
    counts, index = score_columns(gf, pf, mode, rule, names, rejected, [d.text for d in gold])
    return counts, attribution_errors(index, gold, gf, pf)


def score_columns(gf: Columns, pf: Columns, mode: Mode, rule: str, names: dict[str, set[str]],
                  rejected, texts: list[str | None] | None = None) -> tuple[np.ndarray, dict]:
    """Counts (documents x levels x COUNT_FIELDS) from columns, and the indices of the errors."""
    text_of = texts.__getitem__ if texts is not None else None
    g_doc = gf.doc
    gi, pi = _candidate_pairs(gf, pf)
    credit = pair_credit(mode, gf.content[gi], pf.content[pi], text_of, g_doc[gi])
    keep = credit > 0
    gi, pi, credit = gi[keep], pi[keep], credit[keep]
    doc = g_doc[gi]
    agree = _agreement(rule, gf, pf, gi, pi, mode, names, text_of, doc)
    # A document is simple when no span is compatible with two: its compatible pairs are the matching.
    crowded = (np.bincount(gi, minlength=len(gf.content)) > 1)[gi] | (np.bincount(pi, minlength=len(pf.content)) > 1)[pi]
    n_docs = len(gf.offsets) - 1
    ambiguous_doc = np.bincount(doc[crowded], minlength=n_docs) > 0
    ambiguous = np.nonzero(ambiguous_doc)[0]
    simple = ~ambiguous_doc[doc]
    identical = np.all(gf.content[gi] == pf.content[pi], axis=1)
    by_doc = np.argsort(doc, kind="stable")
    doc_sorted = doc[by_doc]

    counts = np.zeros((n_docs, len(LEVELS), len(COUNT_FIELDS)))
    counts[:, :, FIELD["n_pred"]] = (np.diff(pf.offsets) + np.asarray(rejected, dtype=float))[:, None]
    counts[:, :, FIELD["n_gold"]] = np.diff(gf.offsets)[:, None]
    matched_by_level = {}
    for li, level in enumerate(LEVELS):
        sel = np.nonzero(simple)[0]
        for d in ambiguous:  # the few documents that need the assignment solved
            rows = by_doc[np.searchsorted(doc_sorted, d, "left"):np.searchsorted(doc_sorted, d, "right")]
            g_local, g_idx = np.unique(gi[rows], return_inverse=True)
            p_local, p_idx = np.unique(pi[rows], return_inverse=True)
            c = np.zeros((len(g_local), len(p_local)))
            a = np.zeros_like(c, dtype=bool)
            c[g_idx, p_idx] = credit[rows]
            a[g_idx, p_idx] = agree[level][rows]
            lookup = {(gi_, pi_): r for gi_, pi_, r in zip(g_idx, p_idx, rows)}
            sel = np.concatenate([sel, [lookup[(i, j)] for i, j in assign(c, a)]]).astype(np.int64)
        ok = agree[level][sel]
        md = doc[sel]
        level_counts = counts[:, li]
        level_counts[:, FIELD["credit"]] = np.bincount(md, weights=credit[sel] * ok, minlength=n_docs)
        level_counts[:, FIELD["correct"]] = np.bincount(md, weights=ok & identical[sel], minlength=n_docs)
        level_counts[:, FIELD["partial"]] = np.bincount(md, weights=ok & ~identical[sel], minlength=n_docs)
        level_counts[:, FIELD["incorrect"]] = np.bincount(md, weights=~ok, minlength=n_docs)
        matched = np.bincount(md, minlength=n_docs)
        level_counts[:, FIELD["missed"]] = level_counts[:, FIELD["n_gold"]] - matched
        level_counts[:, FIELD["spurious"]] = level_counts[:, FIELD["n_pred"]] - matched
        matched_by_level[level] = sel
    content, speaker = matched_by_level["content"], matched_by_level["content+speaker"]
    wrong = speaker[~agree["content+speaker"][speaker]]
    matched_gold = np.zeros(len(gf.content), dtype=bool)
    matched_gold[gi[content]] = True
    matched_pred = np.zeros(len(pf.content), dtype=bool)
    matched_pred[pi[content]] = True
    index = {"missed": np.nonzero(~matched_gold)[0], "spurious": np.nonzero(~matched_pred)[0],
             "wrong-speaker": np.stack([gi[wrong], pi[wrong]], axis=1)}
    return counts, index


def attribution_errors(index: dict, gold: list[GoldDocument], gf: Columns, pf: Columns) -> list[dict]:
    """Records (``doc_id``, ``kind``, ``gold`` and ``pred`` statement objects) of the missed and
    spurious statements (content level) and of the wrong speakers (content+speaker level)."""
    ids = [d.doc_id for d in gold]
    g_doc, p_doc = gf.doc, pf.doc
    out = [{"doc_id": ids[g_doc[i]], "kind": "missed", "gold": gf.items[i], "pred": None} for i in index["missed"]]
    out += [{"doc_id": ids[p_doc[j]], "kind": "spurious", "gold": None, "pred": pf.items[j]} for j in index["spurious"]]
    out += [{"doc_id": ids[g_doc[i]], "kind": "wrong-speaker", "gold": gf.items[i], "pred": pf.items[j]}
            for i, j in index["wrong-speaker"]]
    return out


def document_counts(doc: GoldDocument, preds: list[PredStatement], mode: Mode, rule: str,
                    names: dict[str, set[str]], rejected: int = 0) -> tuple[np.ndarray, list[dict]]:
    """Counts (levels x COUNT_FIELDS) and error records of one document."""
    counts, errors = corpus_counts([doc.in_canonical_order()], [sorted(preds, key=PredStatement.sort_key)], mode, rule,
                                   names, [rejected])
    return counts[0], errors

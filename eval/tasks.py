"""The four tasks, one object each, and their registry ``TASKS``.

A task knows how to load its prediction file, how to reduce every gold document to a row of
counts, which metrics it reads from summed counts (its headline among them), and how it lays out
its tables. The harness and the outputs only ever call these; they never test the task's name.

Count arrays per document:

- attribution: ``(levels, COUNT_FIELDS)``, see ``eval/attribution.py``;
- stance: a confusion matrix ``(gold stance, predicted stance + "no prediction")``;
- topic: ``(tp / fp / fn, topic)``;
- target: ``(tp / fp / fn, target id)`` over the target ids of the gold, plus one last column for
  predicted ids that the gold never uses (false positives only).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from diploquote.schema import STANCES, TOPICS
from diploquote.schema.errors import fail

from diploquote.eval import attribution, metrics
from diploquote.eval.matching import Mode
from diploquote.eval.predictions import Loaded, load_attribution, load_labels
from diploquote.eval.records import GoldDocument, PredStatement

Metric = Callable[[np.ndarray], np.ndarray]  # summed counts (with leading batch dims) -> score


def _prf_table(p, r, f, support=None) -> dict:
    out = {"precision": float(p), "recall": float(r), "f1": float(f)}
    return out if support is None else {**out, "support": float(support)}


@dataclass(frozen=True)
class Task:
    """What every task provides; each subclass fills it in for one task."""
    name: str
    headline: str  # the metric that leads the leaderboard and the per-source figures
    rejected_note: str  # what happens to a rejected prediction, for the reports

    def load(self, path: Path, gold: list[GoldDocument]) -> Loaded:
        raise NotImplementedError

    def counts(self, gold: list[GoldDocument], loaded: Loaded, mode: Mode, names: dict[str, set[str]],
               speaker: str | None = None) -> tuple[np.ndarray, str, list[dict]]:
        """Counts per document, the speaker rule (``n/a`` where none applies) and error records;
        ``speaker`` is the rule asked for (None: inferred from the predictions)."""
        raise NotImplementedError

    def not_applicable(self, gold: list[GoldDocument], rule: str) -> dict[str, str]:
        """Metric prefix or table row -> why it cannot be scored on this gold (a field it lacks)."""
        return {}

    def metric_functions(self) -> dict[str, Metric]:
        raise NotImplementedError

    def tables(self, total: np.ndarray) -> dict:
        """Per-level or per-label precision, recall and F1 from the summed counts."""
        raise NotImplementedError

    def count_summary(self, total: np.ndarray) -> dict:
        raise NotImplementedError

    def mode_label(self, mode: Mode) -> str:
        """The matching mode as the signature names it."""
        return "labels"

    def count_table(self, summary: dict) -> tuple[list, list[list]] | None:
        """(header, rows) of a table of the categories of ``summary``, where the task has one."""
        return None


class AttributionTask(Task):
    def load(self, path, gold):
        return load_attribution(path, gold)

    def counts(self, gold, loaded, mode, names, speaker=None):
        rule = speaker or attribution.speaker_rule(loaded.by_document)
        ordered = [d.in_canonical_order() for d in gold]
        preds = [sorted(loaded.by_document.get(d.doc_id, []), key=PredStatement.sort_key) for d in gold]
        rejected = [loaded.rejected.get(d.doc_id, 0) for d in gold]
        counts, errors = attribution.corpus_counts(ordered, preds, mode, rule, names, rejected)
        return counts, rule, errors

    def not_applicable(self, gold, rule):
        return attribution.not_applicable(gold, rule)

    def metric_functions(self):
        field = attribution.FIELD
        fns = {}
        for li, level in enumerate(attribution.LEVELS):
            for k, name in enumerate(("precision", "recall", "f1")):
                fns[f"{level}.{name}"] = (lambda c, li=li, k=k: metrics.prf(
                    c[..., li, field["credit"]], c[..., li, field["n_pred"]], c[..., li, field["n_gold"]])[k])
        return fns

    def tables(self, total):
        fns = self.metric_functions()
        return {level: _prf_table(*(fns[f"{level}.{m}"](total) for m in ("precision", "recall", "f1")))
                for level in attribution.LEVELS}

    def count_summary(self, total):
        return {level: dict(zip(attribution.COUNT_FIELDS, map(float, total[li])))
                for li, level in enumerate(attribution.LEVELS)}

    def mode_label(self, mode):
        return str(mode)

    def count_table(self, summary):
        categories = ("correct", "partial", "incorrect", "missed", "spurious")
        return ["level", *categories], [[level, *(f"{c[k]:g}" for k in categories)] for level, c in summary.items()]


def _labelled(gold: list[GoldDocument], name: str) -> list[list]:
    """Per document, the statements whose gold gives the field ``name`` (the others are not scored);
    refuses a gold that gives it nowhere."""
    out = [[st for st in doc.statements if getattr(st, name) is not None] for doc in gold]
    if not any(out):
        raise fail("not-applicable", "gold", f"field {name}",
                   f"the gold gives no {name} (it comes from an outside corpus), so this task does not apply to it")
    return out


class StanceTask(Task):
    def load(self, path, gold):
        return load_labels(path, "stance", gold)

    def counts(self, gold, loaded, mode, names, speaker=None):
        k = len(STANCES)
        rows, errors = np.zeros((len(gold), k, k + 1)), []
        for d, (doc, statements) in enumerate(zip(gold, _labelled(gold, "stance"))):
            for st in statements:
                pred = loaded.by_statement.get(st.statement_id)
                col = STANCES.index(pred) if pred in STANCES else k
                rows[d, STANCES.index(st.stance), col] += 1
                if pred != st.stance:
                    errors.append({"doc_id": doc.doc_id, "kind": "wrong-stance", "statement_id": st.statement_id,
                                   "gold": st.stance, "pred": pred})
        return rows, "n/a", errors

    def metric_functions(self):
        return {"accuracy": lambda c: metrics.confusion_scores(c)[0],
                "macro_f1": lambda c: metrics.confusion_scores(c)[1]}

    def tables(self, total):
        _, _, p, r, f = metrics.confusion_scores(total)
        return {s: _prf_table(p[i], r[i], f[i], total[i].sum()) for i, s in enumerate(STANCES)}

    def count_summary(self, total):
        return {"confusion": total.tolist(), "rows": list(STANCES), "columns": list(STANCES) + ["(none)"]}


def _topic_scores(c: np.ndarray):
    return metrics.multilabel_scores(c[..., 0, :], c[..., 1, :], c[..., 2, :])


class TopicTask(Task):
    def load(self, path, gold):
        return load_labels(path, "topic", gold)

    def counts(self, gold, loaded, mode, names, speaker=None):
        rows, errors = np.zeros((len(gold), 3, len(TOPICS))), []
        index = {t: i for i, t in enumerate(TOPICS)}
        for d, (doc, statements) in enumerate(zip(gold, _labelled(gold, "topics"))):
            for st in statements:
                pred = loaded.by_statement.get(st.statement_id, frozenset())
                for row, found in enumerate((st.topics & pred, pred - st.topics, st.topics - pred)):  # tp, fp, fn
                    for t in found:
                        rows[d, row, index[t]] += 1
                if pred != st.topics:
                    errors.append({"doc_id": doc.doc_id, "kind": "wrong-topics", "statement_id": st.statement_id,
                                   "gold": sorted(st.topics), "pred": sorted(pred)})
        return rows, "n/a", errors

    def metric_functions(self):
        return {"micro_f1": lambda c: _topic_scores(c)[0][2], "macro_f1": lambda c: _topic_scores(c)[1]}

    def tables(self, total):
        _, _, p, r, f = _topic_scores(total)
        return {t: _prf_table(p[i], r[i], f[i], total[0, i] + total[2, i]) for i, t in enumerate(TOPICS)}

    def count_summary(self, total):
        return {"tp": total[0].tolist(), "fp": total[1].tolist(), "fn": total[2].tolist(), "labels": list(TOPICS)}


class TargetTask(Task):
    """Which entity or issue a gold statement's stance is about: one registry id per statement."""

    def load(self, path, gold):
        return load_labels(path, "target", gold)

    def counts(self, gold, loaded, mode, names, speaker=None):
        ids = sorted({st.target_id for d in gold for st in d.statements if st.target_id is not None})
        if not ids:
            raise fail("not-applicable", "gold", "field target_id",
                       "the gold gives no target ids (it predates schema 3 or comes from an outside corpus), so the "
                       "target task does not apply to it")
        index = {t: i for i, t in enumerate(ids)}
        other = len(ids)
        rows, errors = np.zeros((len(gold), 3, len(ids) + 1)), []
        for d, doc in enumerate(gold):
            for st in doc.statements:
                pred = loaded.by_statement.get(st.statement_id)
                if pred == st.target_id:
                    rows[d, 0, index[pred]] += 1
                    continue
                rows[d, 2, index[st.target_id]] += 1
                if pred is not None:
                    rows[d, 1, index.get(pred, other)] += 1
                errors.append({"doc_id": doc.doc_id, "kind": "wrong-target", "statement_id": st.statement_id,
                               "gold": st.target_id, "pred": pred})
        return rows, "n/a", errors

    def metric_functions(self):
        # Every gold statement has one target id: accuracy is the share of gold statements whose id
        # is predicted right (micro recall over ids; a statement without a prediction is wrong).
        return {"accuracy": lambda c: _topic_scores(c)[0][1], "macro_f1": lambda c: _topic_scores(c)[1]}

    def tables(self, total):
        (p, r, f), macro, *_ = _topic_scores(total)
        return {"all target ids": _prf_table(p, r, f, total[0].sum() + total[2].sum())}

    def count_summary(self, total):
        return {"tp": float(total[0].sum()), "fp": float(total[1].sum()), "fn": float(total[2].sum()),
                "target_ids": int(total.shape[-1] - 1)}


LABEL_NOTE = "scored as not predicted unless another line predicts the statement"
TASKS: dict[str, Task] = {
    "attribution": AttributionTask("attribution", "content+speaker.f1", "counted as spurious"),
    "stance": StanceTask("stance", "macro_f1", LABEL_NOTE),
    "topic": TopicTask("topic", "micro_f1", LABEL_NOTE),
    "target": TargetTask("target", "accuracy", LABEL_NOTE),
}

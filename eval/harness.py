"""The three tasks, from Python: ``evaluate(task, predictions, gold, settings)`` returns a ``Result``.

Each task reduces every document to a row of counts, then scores the summed counts; intervals and
paired tests resample those rows. A ``Result`` carries its ``Signature``; two results compare only
when their signatures agree on everything but the system.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np

from diploquote import __version__ as HARNESS_VERSION
from diploquote.schema import STANCES, TOPICS
from diploquote.schema.errors import DiploQuoteError, Incident

from diploquote.eval import attribution, bootstrap, metrics
from diploquote.eval.records import GoldDocument
from diploquote.eval.matching import Mode
from diploquote.eval.records import PredStatement
from diploquote.eval.predictions import Loaded, load_attribution, load_labels, raise_if_strict

TASKS = ("attribution", "stance", "topic")


@dataclass(frozen=True)
class Settings:
    task: str = "attribution"
    mode: Mode = field(default_factory=Mode)
    seed: int = 12345
    resamples: int = 1000
    confidence: float = 0.95
    lenient: bool = False

    def __post_init__(self):
        if self.task not in TASKS:
            raise ValueError(f"unknown task {self.task!r}; the tasks are {', '.join(TASKS)}")
        if self.resamples < 0:
            raise ValueError("resamples must be >= 0")


@dataclass(frozen=True)
class Signature:
    """Everything that fixes a number, sacreBLEU-style, harness version last."""
    dataset_version: str
    content_hash: str
    split: str
    task: str
    mode: str
    speaker: str
    seed: int
    resamples: int
    harness: str = HARNESS_VERSION

    def long(self) -> str:
        return (f"dataset:{self.dataset_version}|hash:{self.content_hash[:12]}|split:{self.split}|task:{self.task}|"
                f"mode:{self.mode}|speaker:{self.speaker}|seed:{self.seed}|resamples:{self.resamples}|"
                f"harness:{self.harness}")

    def short(self) -> str:
        return (f"dq:{self.dataset_version}|{self.split}|{self.task}|{self.mode}|spk:{self.speaker}|"
                f"s:{self.seed}|n:{self.resamples}|h:{self.harness}")


@dataclass
class Result:
    signature: Signature
    scores: dict  # metric name -> {"value": float, "ci": [low, high]}
    tables: dict  # per-level / per-class tables
    counts: dict
    documents: int
    rejected: int
    errors: list[dict]
    doc_counts: np.ndarray = field(repr=False, default=None)
    headline: str = ""

    def to_json(self) -> dict:
        d = {"signature": asdict(self.signature), "signature_long": self.signature.long(),
             "signature_short": self.signature.short(), "headline": self.headline,
             "scores": self.scores, "tables": self.tables, "counts": self.counts,
             "documents": self.documents, "rejected_predictions": self.rejected}
        return d


def _with_ci(total: np.ndarray, resampled: np.ndarray | None, fn, settings: Settings) -> dict:
    value = float(fn(total))
    if resampled is None:
        return {"value": value, "ci": None}
    return {"value": value, "ci": list(bootstrap.interval(fn(resampled), settings.confidence))}


def metric_functions(task: str) -> dict:
    """Functions from summed counts (with leading batch dims) to each headline metric."""
    if task == "attribution":
        fns = {}
        for li, level in enumerate(attribution.LEVELS):
            for k, name in enumerate(("precision", "recall", "f1")):
                fns[f"{level}.{name}"] = (lambda c, li=li, k=k:
                                          metrics.prf(c[..., li, 0], c[..., li, 1], c[..., li, 2])[k])
        return fns
    if task == "stance":
        return {"accuracy": lambda c: metrics.confusion_scores(c)[0],
                "macro_f1": lambda c: metrics.confusion_scores(c)[1]}
    return {"micro_f1": lambda c: metrics.multilabel_scores(c[..., 0, :], c[..., 1, :], c[..., 2, :])[0][2],
            "macro_f1": lambda c: metrics.multilabel_scores(c[..., 0, :], c[..., 1, :], c[..., 2, :])[1]}


HEADLINE = {"attribution": "content+speaker.f1", "stance": "macro_f1", "topic": "micro_f1"}


def _counts_attribution(gold, loaded: Loaded, settings: Settings, names):
    rule = attribution.speaker_rule(loaded.by_key)
    ordered = [GoldDocument(d.doc_id, d.source, d.text, sorted(d.statements, key=lambda g: (g.content, g.statement_id)))
               for d in gold]
    preds = [sorted(loaded.by_key.get(d.doc_id, []), key=PredStatement.sort_key) for d in gold]
    rejected = [loaded.rejected.get(d.doc_id, 0) for d in gold]
    counts, errors = attribution.corpus_counts(ordered, preds, settings.mode, rule, names, rejected)
    return counts, rule, errors


def _counts_stance(gold, loaded: Loaded):
    k = len(STANCES)
    rows, errors = np.zeros((len(gold), k, k + 1)), []
    for d, doc in enumerate(gold):
        for st in doc.statements:
            pred = loaded.by_key.get(st.statement_id)
            col = STANCES.index(pred) if pred in STANCES else k
            rows[d, STANCES.index(st.stance), col] += 1
            if pred != st.stance:
                errors.append({"doc_id": doc.doc_id, "kind": "wrong-stance", "statement_id": st.statement_id,
                               "gold": st.stance, "pred": pred})
    return rows, errors


def _counts_topic(gold, loaded: Loaded):
    rows, errors = np.zeros((len(gold), 3, len(TOPICS))), []
    index = {t: i for i, t in enumerate(TOPICS)}
    for d, doc in enumerate(gold):
        for st in doc.statements:
            pred = loaded.by_key.get(st.statement_id, frozenset())
            for t in st.topics & pred:
                rows[d, 0, index[t]] += 1
            for t in pred - st.topics:
                rows[d, 1, index[t]] += 1
            for t in st.topics - pred:
                rows[d, 2, index[t]] += 1
            if pred != st.topics:
                errors.append({"doc_id": doc.doc_id, "kind": "wrong-topics", "statement_id": st.statement_id,
                               "gold": sorted(st.topics), "pred": sorted(pred)})
    return rows, errors


def evaluate(predictions: Path | Loaded, gold: list[GoldDocument], settings: Settings, *,
             dataset_version: str = "unversioned", content_hash: str = "none", split: str = "custom",
             names: dict[str, set[str]] | None = None) -> Result:
    """Score one system. ``predictions`` is a prediction file or an already loaded one."""
    if not gold:
        raise DiploQuoteError(Incident("empty-gold", split, "gold", "the gold holds no document; check the split or --gold file"))
    if isinstance(predictions, Path):
        loaded = (load_attribution(predictions, gold) if settings.task == "attribution"
                  else load_labels(predictions, settings.task, gold))
        raise_if_strict(loaded, settings.lenient)
    else:
        loaded = predictions
    speaker = "n/a"
    if settings.task == "attribution":
        doc_counts, speaker, errors = _counts_attribution(gold, loaded, settings, names or {})
    elif settings.task == "stance":
        doc_counts, errors = _counts_stance(gold, loaded)
    else:
        doc_counts, errors = _counts_topic(gold, loaded)
    resampled = None
    if settings.resamples:  # every metric reads the same resampled sums
        idx = bootstrap.resample_indices(len(gold), settings.resamples, settings.seed)
        resampled = bootstrap.resampled_sums(doc_counts, idx)
    total = doc_counts.sum(0)
    scores = {name: _with_ci(total, resampled, fn, settings) for name, fn in metric_functions(settings.task).items()}
    signature = Signature(dataset_version, content_hash, split, settings.task,
                          str(settings.mode) if settings.task == "attribution" else "labels", speaker,
                          settings.seed, settings.resamples)
    return Result(signature, scores, _tables(settings.task, doc_counts.sum(0)), _count_summary(settings.task, doc_counts.sum(0)),
                  len(gold), sum(loaded.rejected.values()), errors, doc_counts, HEADLINE[settings.task])


def _count_summary(task: str, total: np.ndarray) -> dict:
    if task == "attribution":
        return {level: dict(zip(attribution.COUNT_FIELDS, map(float, total[li])))
                for li, level in enumerate(attribution.LEVELS)}
    if task == "stance":
        return {"confusion": total.tolist(), "rows": list(STANCES), "columns": list(STANCES) + ["(none)"]}
    return {"tp": total[0].tolist(), "fp": total[1].tolist(), "fn": total[2].tolist(), "labels": list(TOPICS)}


def _tables(task: str, total: np.ndarray) -> dict:
    if task == "attribution":
        out = {}
        for li, level in enumerate(attribution.LEVELS):
            p, r, f = metrics.prf(total[li, 0], total[li, 1], total[li, 2])
            out[level] = {"precision": float(p), "recall": float(r), "f1": float(f)}
        return out
    if task == "stance":
        _, _, p, r, f = metrics.confusion_scores(total)
        return {s: {"precision": float(p[i]), "recall": float(r[i]), "f1": float(f[i]),
                    "support": float(total[i].sum())} for i, s in enumerate(STANCES)}
    _, _, p, r, f = metrics.multilabel_scores(total[0], total[1], total[2])
    return {t: {"precision": float(p[i]), "recall": float(r[i]), "f1": float(f[i]),
                "support": float(total[0, i] + total[2, i])} for i, t in enumerate(TOPICS)}


def compare(a: Result, b: Result, confidence: float = 0.95) -> dict:
    """Paired bootstrap of every headline metric, A minus B; refuses results that cannot be compared."""
    sa, sb = asdict(a.signature), asdict(b.signature)
    differ = [k for k in sa if k != "speaker" and sa[k] != sb[k]]
    if differ:
        raise DiploQuoteError(Incident("signature-mismatch", "compare", ", ".join(differ),
                                       f"the two results differ in {', '.join(differ)}: "
                                       f"{a.signature.long()} vs {b.signature.long()}; score both the same way"))
    if a.doc_counts.shape != b.doc_counts.shape:
        raise DiploQuoteError(Incident("documents-differ", "compare", "documents",
                                       "the two results were scored on different documents"))
    idx = bootstrap.resample_indices(a.documents, a.signature.resamples or 1000, a.signature.seed + 1)
    ra, rb = bootstrap.resampled_sums(a.doc_counts, idx), bootstrap.resampled_sums(b.doc_counts, idx)
    return {name: bootstrap.paired_test(a.doc_counts, b.doc_counts, fn, ra, rb, confidence)
            for name, fn in metric_functions(a.signature.task).items()}


def evaluate_attribution(predictions: Path | Loaded, gold: list[GoldDocument], mode: Mode | None = None,
                         **kwargs) -> Result:
    """Score end-to-end attribution; ``kwargs`` go to ``Settings`` (seed, resamples, lenient)."""
    return evaluate(predictions, gold, Settings(task="attribution", mode=mode or Mode(), **kwargs))


def evaluate_stance(predictions: Path | Loaded, gold: list[GoldDocument], **kwargs) -> Result:
    """Score stance labels of the gold statements."""
    return evaluate(predictions, gold, Settings(task="stance", **kwargs))


def evaluate_topic(predictions: Path | Loaded, gold: list[GoldDocument], **kwargs) -> Result:
    """Score topic sets of the gold statements."""
    return evaluate(predictions, gold, Settings(task="topic", **kwargs))

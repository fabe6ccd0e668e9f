"""The three tasks, from Python: ``evaluate(predictions, gold, settings)`` returns a ``Result``.

Each task reduces every document to a row of counts, then scores the summed counts; intervals and
paired tests resample those rows. A ``Result`` carries its ``Signature``; two results compare only
when their signatures agree on everything but the system.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np

from diploquote import __version__ as HARNESS_VERSION
from diploquote.schema.errors import DiploQuoteError, Incident

from diploquote.eval import bootstrap
from diploquote.eval.attribution import SPEAKER_RULES
from diploquote.eval.matching import Mode
from diploquote.eval.predictions import Loaded, Records, settle
from diploquote.eval.records import GoldDocument
from diploquote.eval.subsets import Filter, apply, check_fields, describe, statement_count
from diploquote.eval.tasks import TASKS

MIN_RESAMPLES = 100  # fewer draws cannot place a 95% percentile interval; 0 means no intervals


def _bad_setting(name: str, message: str) -> DiploQuoteError:
    return DiploQuoteError(Incident("bad-setting", "settings", name, message))


def _is_int(x) -> bool:
    return isinstance(x, (int, np.integer)) and not isinstance(x, bool)


@dataclass(frozen=True)
class Settings:
    """How to score: the task, the matching mode, and the bootstrap (``resamples`` 0: no intervals;
    ``confidence``: the interval's coverage, a fraction)."""
    task: str = "attribution"
    mode: Mode = field(default_factory=Mode)
    seed: int = 12345
    resamples: int = 1000
    confidence: float = 0.95
    lenient: bool = False
    speaker: str | None = None  # attribution's speaker rule (id, mention, name); None: what the predictions give
    where: tuple[Filter, ...] = ()  # the subset scored (``eval --where``); all must hold

    def __post_init__(self):
        if self.task not in TASKS:
            raise _bad_setting("task", f"unknown task {self.task!r} (--task); the tasks are {', '.join(TASKS)}")
        if not isinstance(self.mode, Mode):
            raise _bad_setting("mode", f"mode must be a Mode, e.g. Mode('overlap', 0.5), not {self.mode!r}")
        if not _is_int(self.seed) or self.seed < 0:
            raise _bad_setting("seed", f"the seed (--seed) must be an integer >= 0, not {self.seed!r}")
        if not _is_int(self.resamples) or self.resamples < 0 or 0 < self.resamples < MIN_RESAMPLES:
            raise _bad_setting("resamples", f"resamples (--resamples) must be 0 (no intervals) or an integer "
                                            f">= {MIN_RESAMPLES}, not {self.resamples!r}")
        c = self.confidence
        if isinstance(c, bool) or not isinstance(c, (int, float)) or not math.isfinite(c) or not 0 < c < 1:
            raise _bad_setting("confidence", f"the confidence level (--confidence) must be a fraction in (0, 1), "
                                             f"e.g. 0.95, not {c!r}")
        if self.speaker is not None and self.speaker not in SPEAKER_RULES:
            raise _bad_setting("speaker", f"the speaker rule (--speaker) is one of {', '.join(SPEAKER_RULES)}, "
                                          f"not {self.speaker!r}")
        if not isinstance(self.where, tuple) or not all(isinstance(f, Filter) for f in self.where):
            raise _bad_setting("where", "where must be a tuple of Filter, e.g. (subsets.parse('source=kremlin'),)")


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
    confidence: float
    where: str = "all"  # the subset scored: ``subsets.describe`` of the filters
    harness: str = HARNESS_VERSION

    def long(self) -> str:
        return (f"dataset:{self.dataset_version}|hash:{self.content_hash[:12]}|split:{self.split}|task:{self.task}|"
                f"mode:{self.mode}|speaker:{self.speaker}|seed:{self.seed}|resamples:{self.resamples}|"
                f"confidence:{self.confidence:g}|where:{self.where}|harness:{self.harness}")

    def short(self) -> str:
        return (f"dq:{self.dataset_version}|{self.split}|{self.task}|{self.mode}|spk:{self.speaker}|"
                f"s:{self.seed}|n:{self.resamples}|c:{self.confidence:g}|w:{self.where}|h:{self.harness}")

    @property
    def percent(self) -> str:
        """The confidence level in words: ``95%``."""
        return f"{100 * self.confidence:g}%"


@dataclass
class Result:
    signature: Signature
    scores: dict  # metric name -> {"value": float, "ci": [low, high]}
    tables: dict  # per-level / per-class tables
    counts: dict
    documents: int
    rejected: int  # rejected predictions of gold documents (attribution: counted as spurious)
    errors: list[dict]
    doc_counts: np.ndarray = field(repr=False, default=None)
    headline: str = ""
    incidents: list[Incident] = field(default_factory=list)  # warnings about the prediction file
    not_applicable: dict = field(default_factory=dict)  # metric prefix / table row -> why it has no score
    breakdowns: dict = field(default_factory=dict)  # field -> value -> the headline on that subset (``breakdowns``)

    def to_json(self) -> dict:
        d = {"signature": asdict(self.signature), "signature_long": self.signature.long(),
             "signature_short": self.signature.short(), "headline": self.headline,
             "scores": self.scores, "tables": self.tables, "counts": self.counts,
             "documents": self.documents, "rejected_predictions": self.rejected,
             "warnings": [str(i) for i in self.incidents], "not_applicable": self.not_applicable,
             "breakdowns": self.breakdowns}
        return d

    def to_dict(self) -> dict:
        """The result as ``results.json`` holds it (plain JSON values)."""
        return self.to_json()

    def to_dataframe(self):
        """One row per score: ``metric``, ``value``, ``ci_low``, ``ci_high`` (None without
        intervals) and the ``signature`` (pandas is needed)."""
        import pandas as pd

        rows = [{"metric": name, "value": s["value"], "ci_low": s["ci"][0] if s["ci"] else None,
                 "ci_high": s["ci"][1] if s["ci"] else None, "signature": self.signature.short()}
                for name, s in self.scores.items()]
        return pd.DataFrame(rows, columns=["metric", "value", "ci_low", "ci_high", "signature"])


def _with_ci(total: np.ndarray, resampled: np.ndarray | None, fn, confidence: float) -> dict:
    value = float(fn(total))
    if resampled is None:
        return {"value": value, "ci": None}
    return {"value": value, "ci": list(bootstrap.interval(fn(resampled), confidence))}


def _load(predictions: Path | Records | Loaded, gold: list[GoldDocument],
          settings: Settings) -> tuple[Loaded, list[Incident]]:
    if isinstance(predictions, Loaded):
        return predictions, []
    loaded = TASKS[settings.task].load(predictions, gold)
    return loaded, settle(loaded, predictions, settings.lenient)


def evaluate(predictions: Path | Records | Loaded, gold: list[GoldDocument], settings: Settings, *,
             dataset_version: str = "unversioned", content_hash: str = "none", split: str = "custom",
             names: dict[str, set[str]] | None = None) -> Result:
    """Score one system on the subset ``settings.where`` selects, with the headline's breakdowns.
    ``predictions`` is a prediction file, its rows in memory, or an already loaded one."""
    if not gold:
        raise DiploQuoteError(Incident("empty-gold", split, "gold", "the gold holds no document; check the split or --gold file"))
    bootstrap.check_draws(len(gold), settings.resamples)
    loaded, warnings = _load(predictions, gold, settings)  # against the whole gold: other documents are not unknown
    check_fields(settings.where, gold, split)
    gold, loaded = apply(settings.where, gold, loaded)
    if settings.where and not statement_count(gold):  # unfiltered, a gold without statements still scores
        raise DiploQuoteError(Incident("empty-subset", split, f"--where {describe(settings.where)}",
                                       "no gold statement passes the filters; loosen them or check their values"))
    score = _score(loaded, gold, settings, settings.speaker, names or {})
    task = TASKS[settings.task]
    signature = Signature(dataset_version, content_hash, split, settings.task, task.mode_label(settings.mode),
                          score.speaker, settings.seed, settings.resamples, settings.confidence,
                          describe(settings.where))
    rejected = sum(loaded.rejected.get(d.doc_id, 0) for d in gold)
    return Result(signature, score.scores, score.tables, score.summary, len(gold), rejected, score.errors,
                  score.doc_counts, task.headline, warnings, score.missing,
                  breakdowns(loaded, gold, settings, score, names or {}))


@dataclass
class _Score:
    """What ``_score`` computes on one subset; ``speaker`` is the rule used."""
    doc_counts: np.ndarray
    speaker: str
    errors: list[dict]
    scores: dict
    tables: dict
    summary: dict
    missing: dict


def _score(loaded: Loaded, gold: list[GoldDocument], settings: Settings, speaker: str | None,
           names: dict[str, set[str]]) -> _Score:
    """Every metric of ``settings.task`` on ``gold``, with its bootstrap interval over these documents."""
    task = TASKS[settings.task]
    doc_counts, speaker, errors = task.counts(gold, loaded, settings.mode, names, speaker)
    resampled = _resampled(doc_counts, settings)  # every metric reads the same resampled sums
    total = doc_counts.sum(0)
    scores = {name: _with_ci(total, resampled, fn, settings.confidence) for name, fn in task.metric_functions().items()}
    tables, summary = task.tables(total), task.count_summary(total)
    missing = task.not_applicable(gold, speaker)
    _blank(scores, tables, summary, missing)
    return _Score(doc_counts, speaker, errors, scores, tables, summary, missing)


BREAKDOWN_FIELDS = ("source", "type", "act")


def breakdowns(loaded: Loaded, gold: list[GoldDocument], settings: Settings, main: _Score,
               names: dict[str, set[str]]) -> dict:
    """The headline per source, statement type and act: field -> value -> ``{"value", "ci",
    "documents", "statements"}``; a value with no gold statement, or a headline the gold cannot
    score, is left out. A source is a set of whole documents, so its score sums the main run's
    rows of those documents; a type or act selects statements, so the main score (``_score``, same
    speaker rule) is re-run on the gold with that value (``--where field=value`` on top of the
    run's filters)."""
    task = TASKS[settings.task]
    headline = task.headline
    out = {}
    for name in BREAKDOWN_FIELDS:
        values = {getattr(r, name) for r in (gold if name == "source" else [st for d in gold for st in d.statements])}
        rows = {}
        for value in sorted(v for v in values if v):
            sub_gold, sub_loaded = apply((Filter(name, "=", (value,)),), gold, loaded)
            if not statement_count(sub_gold):
                continue
            if name == "source":
                counts = main.doc_counts[[i for i, d in enumerate(gold) if d.source == value]]
                score = {"value": None} if main.scores[headline]["value"] is None else \
                    _with_ci(counts.sum(0), _resampled(counts, settings), task.metric_functions()[headline],
                             settings.confidence)
            else:
                score = _score(sub_loaded, sub_gold, settings, main.speaker, names).scores[headline]
            if score["value"] is not None:
                rows[value] = {"value": score["value"], "ci": score["ci"], "documents": len(sub_gold),
                               "statements": statement_count(sub_gold)}
        if rows:
            out[name] = rows
    return out


def _resampled(doc_counts: np.ndarray, settings: Settings) -> np.ndarray | None:
    """The bootstrap sums of ``doc_counts`` (one row a document), or None without resamples."""
    if not settings.resamples:
        return None
    return bootstrap.resampled_sums(doc_counts, bootstrap.resample_indices(len(doc_counts), settings.resamples,
                                                                          settings.seed))


def _blank(scores: dict, tables: dict, counts: dict, missing: dict[str, str]) -> None:
    """Null scores, with the note, for the levels the gold cannot score, and no counts for them: a
    number there would be a zero (or a one) that measures nothing."""
    for name in scores:
        note = missing.get(name.rsplit(".", 1)[0])
        if note:
            scores[name] = {"value": None, "ci": None, "note": note}
    for row, note in missing.items():
        if row in tables:
            tables[row] = {**{k: None for k in tables[row]}, "note": note}
        counts.pop(row, None)


def compare(a: Result, b: Result) -> dict:
    """Paired bootstrap of every headline metric, A minus B, on the resamples the signatures name
    (the same documents as the intervals); refuses results that cannot be compared."""
    sa, sb = asdict(a.signature), asdict(b.signature)
    differ = [k for k in sa if k != "speaker" and sa[k] != sb[k]]
    if differ:
        raise DiploQuoteError(Incident("signature-mismatch", "compare", ", ".join(differ),
                                       f"the two results differ in {', '.join(differ)}: "
                                       f"{a.signature.long()} vs {b.signature.long()}; score both the same way"))
    if a.doc_counts.shape != b.doc_counts.shape:
        raise DiploQuoteError(Incident("documents-differ", "compare", "documents",
                                       "the two results were scored on different documents"))
    s = a.signature
    if not s.resamples:
        raise DiploQuoteError(Incident("no-resamples", "compare", "resamples",
                                       "a paired bootstrap needs resamples; score both with --resamples 100 or more"))
    idx = bootstrap.resample_indices(a.documents, s.resamples, s.seed)
    ra, rb = bootstrap.resampled_sums(a.doc_counts, idx), bootstrap.resampled_sums(b.doc_counts, idx)
    return {name: bootstrap.paired_test(a.doc_counts, b.doc_counts, fn, ra, rb, s.confidence)
            for name, fn in TASKS[s.task].metric_functions().items() if a.scores[name]["value"] is not None}


def evaluate_task(task: str, predictions: Path | Loaded, gold: list[GoldDocument], *,
                  dataset_version: str = "unversioned", content_hash: str = "none", split: str = "custom",
                  names: dict[str, set[str]] | None = None, **settings) -> Result:
    """``evaluate`` for one task: ``settings`` are the other fields of ``Settings`` (mode, seed,
    resamples, confidence, lenient), the rest as ``evaluate`` takes them."""
    return evaluate(predictions, gold, Settings(task=task, **settings), dataset_version=dataset_version,
                    content_hash=content_hash, split=split, names=names)


def evaluate_attribution(predictions: Path | Loaded, gold: list[GoldDocument], mode: Mode | None = None,
                         **kwargs) -> Result:
    """Score end-to-end attribution; ``kwargs`` as ``evaluate_task`` takes them."""
    return evaluate_task("attribution", predictions, gold, mode=mode or Mode(), **kwargs)


def evaluate_stance(predictions: Path | Loaded, gold: list[GoldDocument], **kwargs) -> Result:
    """Score stance labels of the gold statements; ``kwargs`` as ``evaluate_task`` takes them."""
    return evaluate_task("stance", predictions, gold, **kwargs)


def evaluate_topic(predictions: Path | Loaded, gold: list[GoldDocument], **kwargs) -> Result:
    """Score topic sets of the gold statements; ``kwargs`` as ``evaluate_task`` takes them."""
    return evaluate_task("topic", predictions, gold, **kwargs)

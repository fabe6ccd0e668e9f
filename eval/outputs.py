"""Machine-readable outputs of a scoring run: the terminal table, results.json, report.md and errors.jsonl.

The HTML report is drawn by ``diploquote.viewer.report`` from the same result."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

import jsonschema

from diploquote.schema import json_schema
from diploquote.schema.errors import DiploQuoteError, Incident
from diploquote.schema.jsonl import write_jsonl
from diploquote.schema.markdown import table as markdown_table

from diploquote.eval.records import GoldDocument
from diploquote.eval.harness import Result
from diploquote.eval.tasks import TASKS


def value_cell(value: float | None) -> str:
    """A score to three places, or ``n/a`` where the gold cannot score it (see ``Result.not_applicable``)."""
    return "n/a" if value is None else f"{value:.3f}"


def _fmt(score: dict) -> str:
    if score["value"] is None:
        return "n/a"
    ci = score.get("ci")
    return f"{score['value']:.3f}" + (f" [{ci[0]:.3f}, {ci[1]:.3f}]" if ci else "")


def _rejected_words(result: Result) -> str:
    return f"{result.rejected} rejected predictions {TASKS[result.signature.task].rejected_note}"


def _interval_words(result: Result) -> str:
    s = result.signature
    if not s.resamples:
        return "no intervals (0 resamples)"
    return f"{s.percent} intervals: percentile bootstrap over documents, {s.resamples} resamples, seed {s.seed}"


def table(result: Result, name: str = "system") -> str:
    """A plain-text table: each metric with its interval, then the signature."""
    lines = [f"{name}: {result.signature.task}, {result.documents} documents"
             + (f", {_rejected_words(result)}" if result.rejected else "") + f"; {_interval_words(result)}"]
    width = max(len(k) for k in result.scores)
    for k, v in result.scores.items():
        lines.append(f"  {k:<{width}}  {_fmt(v)}")
    lines += [f"  {k}: {note}" for k, note in result.not_applicable.items()]
    lines.append(f"  signature: {result.signature.long()}")
    return "\n".join(lines)


def comparison_table(comparison: dict, a: str, b: str) -> str:
    lines = [f"paired bootstrap, {a} minus {b}:"]
    width = max(len(k) for k in comparison)
    for k, v in comparison.items():
        lines.append(f"  {k:<{width}}  {v['difference']:+.3f} [{v['ci'][0]:+.3f}, {v['ci'][1]:+.3f}]  p={v['p_value']:.4f}")
    return "\n".join(lines)


def results_json(result: Result, comparison: dict | None = None) -> dict:
    data = result.to_json()
    if comparison is not None:
        data["comparison"] = {k: {**v, "ci": list(v["ci"])} for k, v in comparison.items()}
    jsonschema.validate(data, json_schema("results"))
    return data


def _span_record(span, text: str | None) -> dict | None:
    if span is None:
        return None
    return {"start": span[0], "end": span[1], "text": text[span[0]:span[1]] if text is not None else None}


def _statement_record(st, text: str | None) -> dict | None:
    if st is None:
        return None
    d = {k: v for k, v in asdict(st).items() if v is not None}
    for key in ("content", "cue", "speaker_mention"):
        if key in d:
            d[key] = _span_record(d[key], text)
    for key in ("speakers", "topics"):
        if key in d:
            d[key] = sorted(d[key])
    return d


def error_lines(result: Result, gold: list[GoldDocument]) -> list[dict]:
    """The lines of errors.jsonl: every missed, spurious and mislabelled statement as plain JSON,
    spans with their text where the text is available."""
    texts = {d.doc_id: d.text for d in gold}
    out = []
    for e in result.errors:
        text = texts.get(e["doc_id"])
        rec = {"doc_id": e["doc_id"], "kind": e["kind"]}
        if "statement_id" in e:
            rec.update(statement_id=e["statement_id"], gold=e["gold"], pred=e["pred"])
        else:
            rec.update(gold=_statement_record(e["gold"], text), pred=_statement_record(e["pred"], text))
        out.append(rec)
    return out


def _ci_cell(ci, sign: str = "") -> str:
    return f"{ci[0]:{sign}.3f} to {ci[1]:{sign}.3f}" if ci else "n/a"


def report_markdown(result: Result, comparison: dict | None = None,
                    names: tuple[str, str] = ("system", "other")) -> str:
    """report.md: the signature, each metric with its interval, the per-level or per-label table,
    the counts where the task has them, and the paired test."""
    s = result.signature
    interval = f"{s.percent} interval"
    parts = [f"# DiploQuote evaluation: {s.task}", "",
             f"Signature: `{s.long()}`", "",
             f"Documents: {result.documents}. Matching mode: {s.mode}. Speaker rule: {s.speaker}. "
             + (f"Intervals: {s.percent} percentile bootstrap over documents, {s.resamples} resamples, seed {s.seed}."
                if s.resamples else "Intervals: none (0 resamples)."),
             ""]
    if result.rejected:
        parts += [f"{_rejected_words(result)}.", ""]
    parts += [markdown_table(["metric", "value", interval],
                             [[k, value_cell(v["value"]), _ci_cell(v["ci"])] for k, v in result.scores.items()])]
    parts += ["", "Per level / label:", "",
              markdown_table(["", "precision", "recall", "f1"],
                             [[k, *(value_cell(v[m]) for m in ("precision", "recall", "f1"))]
                              for k, v in result.tables.items()])]
    if result.not_applicable:
        parts += ["", *(f"- {k}: {note}." for k, note in result.not_applicable.items())]
    parts += _breakdown_lines(result, interval)
    counts = TASKS[s.task].count_table(result.counts)
    if counts:
        parts += ["", "Counts (docs/metrics.md defines each category):", "", markdown_table(*counts)]
    if comparison:
        parts += ["", f"Paired bootstrap, {names[0]} minus {names[1]}:", "",
                  markdown_table(["metric", "difference", interval, "p"],
                                 [[k, f"{v['difference']:+.3f}", _ci_cell(v["ci"], "+"), f"{v['p_value']:.4f}"]
                                  for k, v in comparison.items()])]
    return "\n".join(parts) + "\n"


def _breakdown_lines(result: Result, interval: str) -> list[str]:
    """report.md's table of the headline per source, statement type and act (``Result.breakdowns``)."""
    rows = [[f"{name}={value}", str(b["documents"]), str(b["statements"]), value_cell(b["value"]), _ci_cell(b["ci"])]
            for name, values in result.breakdowns.items() for value, b in values.items()]
    if not rows:
        return []
    return ["", f"{result.headline} by source, statement type and act (each subset re-scored):", "",
            markdown_table(["subset", "documents", "statements", result.headline, interval], rows)]


def json_dumps(x) -> str:
    return json.dumps(x, ensure_ascii=False, default=str)


def write_outputs(out: Path, result: Result, gold: list[GoldDocument], comparison: dict | None = None,
                  names: tuple[str, str] = ("system", "other")) -> None:
    """results.json, report.md and errors.jsonl in the folder ``out`` (created if needed)."""
    if out.exists() and not out.is_dir():
        raise DiploQuoteError(Incident("out-not-a-folder", str(out), "--out",
                                       "this is a file; --out names a folder for results.json, report.md and "
                                       "errors.jsonl"))
    out.mkdir(parents=True, exist_ok=True)
    (out / "results.json").write_text(json.dumps(results_json(result, comparison), indent=2) + "\n", encoding="utf-8")
    (out / "report.md").write_text(report_markdown(result, comparison, names), encoding="utf-8")
    write_jsonl(error_lines(result, gold), out / "errors.jsonl")

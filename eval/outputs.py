"""Machine-readable outputs of a scoring run: the terminal table, results.json, report.md and errors.jsonl.

The HTML report is drawn by ``diploquote.viewer.report`` from the same result."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

import jsonschema

from diploquote.schema import json_schema

from diploquote.eval.records import GoldDocument
from diploquote.eval.harness import Result


def _fmt(score: dict) -> str:
    ci = score.get("ci")
    return f"{score['value']:.3f}" + (f" [{ci[0]:.3f}, {ci[1]:.3f}]" if ci else "")


def table(result: Result, name: str = "system") -> str:
    """A plain-text table: each metric with its interval, then the signature."""
    lines = [f"{name}: {result.signature.task}, {result.documents} documents"
             + (f", {result.rejected} rejected predictions counted as spurious" if result.rejected else "")]
    width = max(len(k) for k in result.scores)
    for k, v in result.scores.items():
        lines.append(f"  {k:<{width}}  {_fmt(v)}")
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


def error_records(result: Result, gold: list[GoldDocument]) -> list[dict]:
    """Every missed, spurious and mislabelled statement, with its text where the text is available."""
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


def markdown(result: Result, comparison: dict | None = None, names: tuple[str, str] = ("system", "other")) -> str:
    s = result.signature
    parts = [f"# DiploQuote evaluation: {s.task}", "",
             f"Signature: `{s.long()}`", "",
             f"Documents: {result.documents}. Matching mode: {s.mode}. Speaker rule: {s.speaker}. "
             f"Intervals: {int(100 * 0.95)}% percentile bootstrap over documents, {s.resamples} resamples, seed {s.seed}.",
             ""]
    if result.rejected:
        parts += [f"{result.rejected} predicted statements were rejected as invalid and counted as spurious.", ""]
    parts += ["| metric | value | 95% interval |", "|---|---|---|"]
    for k, v in result.scores.items():
        ci = v["ci"]
        parts.append(f"| {k} | {v['value']:.3f} | " + (f"{ci[0]:.3f} to {ci[1]:.3f}" if ci else "n/a") + " |")
    parts += ["", "Per level / label:", "", "| | precision | recall | f1 |", "|---|---|---|---|"]
    for k, v in result.tables.items():
        parts.append(f"| {k} | {v['precision']:.3f} | {v['recall']:.3f} | {v['f1']:.3f} |")
    if s.task == "attribution":
        parts += ["", "Counts (docs/metrics.md defines each category):", "",
                  "| level | correct | partial | incorrect | missed | spurious |", "|---|---|---|---|---|---|"]
        for level, c in result.counts.items():
            parts.append(f"| {level} | {c['correct']:g} | {c['partial']:g} | {c['incorrect']:g} | {c['missed']:g} | {c['spurious']:g} |")
    if comparison:
        parts += ["", f"Paired bootstrap, {names[0]} minus {names[1]}:", "",
                  "| metric | difference | 95% interval | p |", "|---|---|---|---|"]
        for k, v in comparison.items():
            parts.append(f"| {k} | {v['difference']:+.3f} | {v['ci'][0]:+.3f} to {v['ci'][1]:+.3f} | {v['p_value']:.4f} |")
    return "\n".join(parts) + "\n"


def per_source(result: Result, gold: list[GoldDocument]) -> dict[str, tuple[float, float, float]]:
    """The headline metric per source, with its bootstrap interval over that source's documents."""
    import numpy as np

    from diploquote.eval import bootstrap
    from diploquote.eval.harness import metric_functions

    fn = metric_functions(result.signature.task)[result.headline]
    out = {}
    for source in sorted({d.source for d in gold}):
        rows = result.doc_counts[[i for i, d in enumerate(gold) if d.source == source]]
        value = float(fn(rows.sum(0)))
        low = high = value
        if result.signature.resamples and len(rows) > 1:
            idx = bootstrap.resample_indices(len(rows), result.signature.resamples, result.signature.seed)
            low, high = bootstrap.interval(np.asarray(fn(bootstrap.resampled_sums(rows, idx))))
        out[source] = (value, low, high)
    return out


def json_dumps(x) -> str:
    return json.dumps(x, ensure_ascii=False, default=str)


def write_outputs(out: Path, result: Result, gold: list[GoldDocument], comparison: dict | None = None,
                  names: tuple[str, str] = ("system", "other")) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / "results.json").write_text(json.dumps(results_json(result, comparison), indent=2) + "\n", encoding="utf-8")
    (out / "report.md").write_text(markdown(result, comparison, names), encoding="utf-8")
    with open(out / "errors.jsonl", "w", encoding="utf-8") as f:
        for rec in error_records(result, gold):
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")

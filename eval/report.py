"""Outputs of a scoring run: the terminal table, results.json, report.md and errors.jsonl."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

import jsonschema

from diploquote.schema import json_schema

from .gold import GoldDocument
from .harness import Result


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

    from . import bootstrap
    from .harness import _metric_fns

    fn = _metric_fns(result.signature.task)[result.headline]
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


def _paragraph(text: str, span) -> tuple[int, int]:
    start = text.rfind("\n", 0, span[0]) + 1
    end = text.find("\n", span[1])
    return start, len(text) if end == -1 else end


def _error_html(err: dict, texts: dict[str, str | None]) -> str:
    """One error: its paragraph twice, gold spans marked on the left, predicted on the right."""
    import html as h

    from .render import _esc, segments

    text = texts.get(err["doc_id"])
    sides = []
    for side in ("gold", "pred"):
        st = err.get(side)
        if not isinstance(st, dict):
            sides.append(f"<td>{h.escape(str(st)) if st is not None else '<em>none</em>'}</td>")
            continue
        if text is None or not st.get("content"):
            sides.append(f"<td><code>{_esc(json_dumps(st))}</code></td>")
            continue
        a, b = _paragraph(text, (st["content"]["start"], st["content"]["end"]))
        spans = [(st[r]["start"] - a, st[r]["end"] - a, "x", r) for r in ("content", "cue", "speaker_mention")
                 if st.get(r) and a <= st[r]["start"] and st[r]["end"] <= b]
        body = "".join(f'<span class="seg {" ".join(sorted(r for _, r in act))}">{_esc(p)}</span>' if act else _esc(p)
                       for p, act in segments(text[a:b], spans))
        labels = " · ".join(_esc(str(st[k])) for k in ("speakers", "speaker_name", "stance", "topics") if st.get(k))
        sides.append(f"<td>{body}<div class=\"meta\">{labels}</div></td>")
    return (f'<tr class="error" data-kind="{_esc(err["kind"])}"><td>{_esc(err["doc_id"])}<br>'
            f'<strong>{_esc(err["kind"])}</strong></td>{"".join(sides)}</tr>')


def json_dumps(x) -> str:
    return json.dumps(x, ensure_ascii=False, default=str)


def html_report(result: Result, gold: list[GoldDocument], comparison: dict | None = None,
                names: tuple[str, str] = ("system", "other")) -> str:
    """A self-contained HTML companion of report.md: tables, pictures and an error browser."""
    import base64

    import numpy as np

    from . import plots
    from .render import CSS, _esc

    def img(png: bytes, alt: str) -> str:
        return f'<img alt="{_esc(alt)}" src="data:image/png;base64,{base64.b64encode(png).decode()}">'

    md_tables = markdown(result, comparison, names)
    rows = "".join(f"<tr><td>{_esc(k)}</td><td>{v['value']:.3f}</td><td>"
                   + (f"{v['ci'][0]:.3f} to {v['ci'][1]:.3f}" if v["ci"] else "n/a") + "</td></tr>"
                   for k, v in result.scores.items())
    pictures = [img(plots.bars_png(per_source(result, gold), result.headline), "per-source scores")]
    if result.signature.task == "stance":
        cm = np.asarray(result.counts["confusion"])
        pictures.append(img(plots.confusion_png(cm, result.counts["rows"], result.counts["columns"]), "confusion matrix"))
    errors = "".join(_error_html(e, {d.doc_id: d.text for d in gold}) for e in error_records(result, gold))
    kinds = sorted({e["kind"] for e in result.errors})
    buttons = "".join(f'<label><input type="checkbox" class="kind" value="{_esc(k)}" checked> {_esc(k)}</label> ' for k in kinds)
    script = ("document.querySelectorAll('input.kind').forEach(c=>c.addEventListener('change',()=>{"
              "const on=new Set([...document.querySelectorAll('input.kind:checked')].map(x=>x.value));"
              "document.querySelectorAll('tr.error').forEach(r=>r.hidden=!on.has(r.dataset.kind));}));")
    return ("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>DiploQuote evaluation</title>"
            f"<style>{CSS}</style></head><body><h1>DiploQuote evaluation: {_esc(result.signature.task)}</h1>"
            f"<p class=\"meta\">{_esc(result.signature.long())}</p>"
            f"<table><tr><th>metric</th><th>value</th><th>95% interval</th></tr>{rows}</table>"
            f"<h2>Pictures</h2>{''.join(pictures)}"
            f"<h2>Errors ({len(result.errors)})</h2><p>{buttons}</p>"
            f"<table><tr><th>document</th><th>gold</th><th>prediction</th></tr>{errors}</table>"
            f"<details><summary>report.md</summary><pre>{_esc(md_tables)}</pre></details>"
            f"<script>{script}</script></body></html>")


def write_outputs(out: Path, result: Result, gold: list[GoldDocument], comparison: dict | None = None,
                  names: tuple[str, str] = ("system", "other")) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / "results.json").write_text(json.dumps(results_json(result, comparison), indent=2) + "\n", encoding="utf-8")
    (out / "report.md").write_text(markdown(result, comparison, names), encoding="utf-8")
    (out / "report.html").write_text(html_report(result, gold, comparison, names), encoding="utf-8")
    with open(out / "errors.jsonl", "w", encoding="utf-8") as f:
        for rec in error_records(result, gold):
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")

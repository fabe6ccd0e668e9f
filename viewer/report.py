"""The HTML evaluation report: tables, per-source bars, a confusion matrix and an error browser.

A self-contained companion of ``report.md``, drawn from the same ``Result``; every string is escaped.
"""

from __future__ import annotations

import base64
from pathlib import Path

import numpy as np

from diploquote.eval.harness import Result
from diploquote.eval.outputs import error_lines, json_dumps, report_markdown, value_cell
from diploquote.eval.records import GoldDocument
from diploquote.schema.text import paragraph_bounds
from diploquote.viewer import plots
from diploquote.viewer.document import CSS, escape, segments


def _error_html(err: dict, texts: dict[str, str | None]) -> str:
    """One error: its paragraph twice, gold spans marked on the left, predicted on the right."""
    text = texts.get(err["doc_id"])
    sides = []
    for side in ("gold", "pred"):
        st = err.get(side)
        if not isinstance(st, dict):
            sides.append(f"<td>{escape(str(st)) if st is not None else '<em>none</em>'}</td>")
            continue
        if text is None or not st.get("content"):
            sides.append(f"<td><code>{escape(json_dumps(st))}</code></td>")
            continue
        a, b = paragraph_bounds(text, st["content"]["start"], st["content"]["end"])
        spans = [(st[r]["start"] - a, st[r]["end"] - a, "x", r) for r in ("content", "cue", "speaker_mention")
                 if st.get(r) and a <= st[r]["start"] and st[r]["end"] <= b]
        body = "".join(f'<span class="seg {" ".join(sorted(r for _, r in act))}">{escape(p)}</span>' if act else escape(p)
                       for p, act in segments(text[a:b], spans))
        labels = " · ".join(escape(str(st[k])) for k in ("speakers", "speaker_name", "stance", "topics") if st.get(k))
        sides.append(f"<td>{body}<div class=\"meta\">{labels}</div></td>")
    return (f'<tr class="error" data-kind="{escape(err["kind"])}"><td>{escape(err["doc_id"])}<br>'
            f'<strong>{escape(err["kind"])}</strong></td>{"".join(sides)}</tr>')


def html_report(result: Result, gold: list[GoldDocument], comparison: dict | None = None,
                names: tuple[str, str] = ("system", "other")) -> str:
    """A self-contained HTML companion of report.md: tables, pictures and an error browser."""
    def img(png: bytes, alt: str) -> str:
        return f'<img alt="{escape(alt)}" src="data:image/png;base64,{base64.b64encode(png).decode()}">'

    md_tables = report_markdown(result, comparison, names)
    rows = "".join(f"<tr><td>{escape(k)}</td><td>{value_cell(v['value'])}</td><td>"
                   + (f"{v['ci'][0]:.3f} to {v['ci'][1]:.3f}" if v["ci"] else "n/a") + "</td></tr>"
                   for k, v in result.scores.items())
    by_source = {source: (b["value"], *(b["ci"] or (b["value"], b["value"])))
                 for source, b in result.breakdowns.get("source", {}).items()}
    pictures = [img(plots.bars_png(by_source, result.headline), "per-source scores")] if by_source else []
    if result.signature.task == "stance":
        cm = np.asarray(result.counts["confusion"])
        pictures.append(img(plots.confusion_png(cm, result.counts["rows"], result.counts["columns"]), "confusion matrix"))
    errors = "".join(_error_html(e, {d.doc_id: d.text for d in gold}) for e in error_lines(result, gold))
    kinds = sorted({e["kind"] for e in result.errors})
    buttons = "".join(f'<label><input type="checkbox" class="kind" value="{escape(k)}" checked> {escape(k)}</label> ' for k in kinds)
    script = ("document.querySelectorAll('input.kind').forEach(c=>c.addEventListener('change',()=>{"
              "const on=new Set([...document.querySelectorAll('input.kind:checked')].map(x=>x.value));"
              "document.querySelectorAll('tr.error').forEach(r=>r.hidden=!on.has(r.dataset.kind));}));")
    return ("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>DiploQuote evaluation</title>"
            f"<style>{CSS}</style></head><body><h1>DiploQuote evaluation: {escape(result.signature.task)}</h1>"
            f"<p class=\"meta\">{escape(result.signature.long())}</p>"
            f"<table><tr><th>metric</th><th>value</th><th>{escape(result.signature.percent)} interval</th></tr>{rows}</table>"
            f"<h2>Pictures</h2>{''.join(pictures)}"
            f"<h2>Errors ({len(result.errors)})</h2><p>{buttons}</p>"
            f"<table><tr><th>document</th><th>gold</th><th>prediction</th></tr>{errors}</table>"
            f"<details><summary>report.md</summary><pre>{escape(md_tables)}</pre></details>"
            f"<script>{script}</script></body></html>")


def write_html(out: Path, result: Result, gold: list[GoldDocument], comparison: dict | None = None,
               names: tuple[str, str] = ("system", "other")) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / "report.html").write_text(html_report(result, gold, comparison, names), encoding="utf-8")

"""Documents with their statements drawn in place: self-contained HTML, or coloured terminal text.

The text is cut at every span boundary into segments; each segment carries the set of spans that
cover it, so nested and overlapping spans draw correctly and the segments, joined, are exactly the
document text. Everything from a document or a prediction is escaped: markup in it shows as text.
"""

from __future__ import annotations

import html
import json
import re

STANCE_COLOURS = {"support": "#1a7f37", "oppose": "#cf222e", "neutral": "#57606a"}
ROLES = ("content", "cue", "speaker_mention")

CSS = """
body{font:16px/1.6 system-ui,sans-serif;max-width:72rem;margin:2rem auto;padding:0 1rem;color:#1f2328}
h1{font-size:1.4rem}.meta{color:#57606a;font-size:.9rem}
.doc{white-space:pre-wrap;border:1px solid #d0d7de;border-radius:6px;padding:1rem;background:#fff}
.seg.content{background:#fff8c5;border-bottom:2px solid #d4a72c}
.seg.content.support{background:#dafbe1;border-bottom-color:#1a7f37}
.seg.content.oppose{background:#ffebe9;border-bottom-color:#cf222e}
.seg.content.neutral{background:#eaeef2;border-bottom-color:#57606a}
.seg.cue{font-weight:700;text-decoration:underline}
.seg.speaker_mention{outline:2px solid #0969da;border-radius:3px}
.seg.nested{box-shadow:inset 0 -4px 0 #8250df}
table{border-collapse:collapse;margin-top:1rem;width:100%}td,th{border:1px solid #d0d7de;padding:.3rem .5rem;text-align:left;vertical-align:top}
.badge{display:inline-block;padding:0 .5rem;border-radius:1rem;color:#fff;font-size:.85rem}
.legend span{margin-right:1rem}
"""


def escape(text: str) -> str:
    """HTML-escaped text; a carriage return is written as a reference, since parsers turn a raw one
    into a line feed."""
    return html.escape(text).replace("\r", "&#13;")


# Only web addresses become links: a "javascript:" or "data:" URL in a manifest would run when
# clicked. No space or control character either, which browsers drop before reading the scheme.
_WEB_URL = re.compile(r"https?://[^\s\x00-\x1f\x7f]+", re.IGNORECASE)


def link(url: str, label: str) -> str:
    """``label`` linked to ``url`` where it is an http(s) address; else the label and the URL as text."""
    if _WEB_URL.fullmatch(url):
        return f'<a href="{escape(url)}">{escape(label)}</a>'
    return f'{escape(label)}: <code class="url">{escape(url)}</code>'


def segments(text: str, spans: list[tuple[int, int, str, str]]) -> list[tuple[str, set[tuple[str, str]]]]:
    """Cut ``text`` at span boundaries. ``spans``: (start, end, statement id, role).

    Returns (segment text, {(statement id, role)}) pairs whose texts join to ``text``.
    """
    cuts = {0, len(text)}
    for s, e, _, _ in spans:
        cuts.update((max(0, min(s, len(text))), max(0, min(e, len(text)))))
    bounds = sorted(cuts)
    out = []
    for a, b in zip(bounds, bounds[1:]):
        active = {(sid, role) for s, e, sid, role in spans if s <= a and b <= e}
        out.append((text[a:b], active))
    return out


def _spans_of(statements: list[dict]) -> list[tuple[int, int, str, str]]:
    out = []
    for st in statements:
        for role in ROLES:
            span = st.get(role)
            if span:
                out.append((span["start"], span["end"], st["statement_id"], role))
    return out


def document_html(doc: dict, statements: list[dict], speakers: dict[str, dict] | None = None) -> str:
    """A self-contained page for one document. ``doc``: id, title, source, date, url, license, text
    (None where withheld); ``statements``: with statement_id, spans and label names."""
    speakers = speakers or {}
    esc = escape
    stance_of = {st["statement_id"]: st.get("stance") for st in statements}
    if doc.get("text") is None:
        body = ('<p class="withheld">The text of this document is withheld (its licence does not allow '
                'redistribution). Run <code>diploquote hydrate --raw DIR</code> with your own copy to see it.</p>')
    else:
        parts = []
        for piece, active in segments(doc["text"], _spans_of(statements)):
            if not active:
                parts.append(esc(piece))
                continue
            roles = sorted({r for _, r in active})
            ids = sorted({sid for sid, _ in active})
            contents = [sid for sid, r in active if r == "content"]
            classes = ["seg", *roles] + ([stance_of.get(contents[0]) or ""] if contents else [])
            if len(contents) > 1:
                classes.append("nested")
            parts.append(f'<span class="{esc(" ".join(c for c in classes if c))}" data-statements="{esc(" ".join(ids))}">'
                         f"{esc(piece)}</span>")
        body = f'<div class="doc" id="text">{"".join(parts)}</div>'
    rows = []
    for st in statements:
        spk = ", ".join(f"{esc(s)} ({esc(speakers.get(s, {}).get('country', '?'))})" for s in st.get("speakers") or [])
        if not spk and st.get("speaker_name"):
            spk = esc(st["speaker_name"])
        stance = st.get("stance") or ""
        colour = STANCE_COLOURS.get(stance, "#57606a")
        content = st["content"].get("text")
        if content is None and doc.get("text") is not None:
            content = doc["text"][st["content"]["start"]:st["content"]["end"]]
        rows.append(
            f'<tr class="statement" data-statement="{esc(st["statement_id"])}" data-stance="{esc(stance)}" '
            f'data-speakers="{esc(" ".join(st.get("speakers") or []))}">'
            f'<td>{esc(st["statement_id"].rsplit("/", 1)[-1])}</td><td class="speakers">{spk}</td>'
            f'<td>{esc(st.get("type") or "")}</td>'
            f'<td><span class="badge stance" style="background:{colour}">{esc(stance or "n/a")}</span> '
            f'{esc(st.get("target") or "")}</td><td>{esc(", ".join(st.get("topics") or []))}</td>'
            f'<td class="content">{esc(content or "(withheld)")}</td></tr>')
    meta = " · ".join(esc(str(x)) for x in (doc.get("source"), doc.get("date"), doc.get("license")) if x)
    url = f" · {link(str(doc['url']), 'source')}" if doc.get("url") else ""
    return (
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
        f"<title>{esc(doc.get('title') or doc['id'])}</title><style>{CSS}</style></head><body>"
        f"<h1>{esc(doc.get('title') or doc['id'])}</h1><p class=\"meta\">{esc(doc['id'])} · {meta}{url}</p>"
        '<p class="legend"><span class="seg content">content</span><span class="seg cue">cue</span>'
        '<span class="seg speaker_mention">speaker mention</span></p>'
        f"{body}<table><thead><tr><th>id</th><th>speakers</th><th>type</th><th>stance, target</th><th>topics</th>"
        f"<th>content</th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
        f'<script type="application/json" id="statements">{json_for_html(statements)}</script>'
        "</body></html>")


def json_for_html(data) -> str:
    """JSON safe inside a <script> element: no '</' and no '<!--' can close or open anything."""
    return json.dumps(data, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


ANSI = {"content": "\033[4m", "cue": "\033[1m", "speaker_mention": "\033[7m", "reset": "\033[0m",
        "support": "\033[32m", "oppose": "\033[31m", "neutral": "\033[90m"}


def document_terminal(doc: dict, statements: list[dict], colour: bool = True) -> str:
    """The document with spans marked by ANSI styles (or brackets without colour), then the statements."""
    text = doc.get("text")
    lines = [f"{doc.get('title') or doc['id']}  ({doc['id']}, {doc.get('source')}, {doc.get('date')})", ""]
    if text is None:
        lines.append("[text withheld: run `diploquote hydrate --raw DIR` with your own copy]")
    else:
        stance_of = {st["statement_id"]: st.get("stance") for st in statements}
        out = []
        for piece, active in segments(text, _spans_of(statements)):
            roles = {r for _, r in active}
            if not roles:
                out.append(piece)
            elif colour:
                contents = [sid for sid, r in active if r == "content"]
                style = "".join(ANSI[r] for r in sorted(roles)) + (ANSI.get(stance_of.get(contents[0]) or "", "") if contents else "")
                out.append(f"{style}{piece}{ANSI['reset']}")
            else:
                out.append(f"[{piece}]")
        lines.append("".join(out))
    lines.append("")
    for st in statements:
        content = st["content"].get("text") or (text[st["content"]["start"]:st["content"]["end"]] if text else "(withheld)")
        lines.append(f"{st['statement_id'].rsplit('/', 1)[-1]:>4}  {','.join(st.get('speakers') or []):<32} "
                     f"{st.get('type') or '':<8} {st.get('stance') or '':<8} {st.get('target') or '':<24} "
                     f"{','.join(st.get('topics') or [])}\n      {content}")
    return "\n".join(lines) + "\n"

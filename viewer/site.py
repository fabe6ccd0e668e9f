"""A static site of a release: an index with filters and search, a page per document, speaker and
topic. Plain HTML and JavaScript over a JSON index embedded in the page, so it works opened from
disk (file://), with no server, no network and no external script or font.
"""

from __future__ import annotations

import html
from collections import Counter, defaultdict
from pathlib import Path

from diploquote.schema import topic_codebook

from diploquote.viewer.document import CSS, json_for_html, document_html
from diploquote.viewer.output import prepare_folder, write_page

INDEX_JS = """
const rows = JSON.parse(document.getElementById('index').textContent);
const q = document.getElementById('q');
const selects = [...document.querySelectorAll('select[data-field]')];
const tbody = document.getElementById('rows');
const count = document.getElementById('count');
function matches(r) {
  const text = q.value.trim().toLowerCase();
  if (text && !(r.title + ' ' + r.id + ' ' + r.speakers.join(' ')).toLowerCase().includes(text)) return false;
  return selects.every(s => !s.value || (Array.isArray(r[s.dataset.field]) ? r[s.dataset.field].includes(s.value)
                                                                           : r[s.dataset.field] === s.value));
}
function render() {
  tbody.replaceChildren();
  let n = 0;
  for (const r of rows) {
    if (!matches(r)) continue;
    n += 1;
    const tr = document.createElement('tr');
    tr.className = 'doc-row';
    const a = document.createElement('a');
    a.href = 'docs/' + r.file;
    a.textContent = r.title;
    const cells = [a, r.source, r.split, r.date, String(r.statements), r.speakers.join(', ')];
    for (const c of cells) {
      const td = document.createElement('td');
      if (typeof c === 'string') td.textContent = c; else td.appendChild(c);
      tr.appendChild(td);
    }
    tbody.appendChild(tr);
  }
  count.textContent = n + ' of ' + rows.length + ' documents';
}
q.addEventListener('input', render);
selects.forEach(s => s.addEventListener('change', render));
render();
"""


def _slug(value: str) -> str:
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in value)


def _page(title: str, body: str) -> str:
    return (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
            f"<style>{CSS}</style></head><body>{body}</body></html>")


def _statement_list(rows: list[tuple[dict, dict]], prefix: str) -> str:
    esc = html.escape
    items = []
    for doc, st in rows:
        text = st["content"]["text"] or "(withheld)"
        items.append(f'<li><a href="{prefix}docs/{_slug(doc["id"])}.html">{esc(doc["title"])}</a> '
                     f'<span class="meta">{esc(st["stance"])} · {esc(", ".join(st["topics"]))}</span><br>{esc(text)}</li>')
    return "<ul>" + "".join(items) + "</ul>"


def build_site(docs: list[dict], speakers: dict[str, dict], out: Path) -> dict[str, int]:
    """Write the site into ``out``; returns how many pages of each kind were written."""
    esc = html.escape
    for folder in (out, out / "docs", out / "speakers", out / "topics"):
        prepare_folder(folder)
    by_speaker: dict[str, list] = defaultdict(list)
    by_topic: dict[str, list] = defaultdict(list)
    index = []
    for doc in docs:
        write_page(out / "docs" / f"{_slug(doc['id'])}.html",
                   document_html(doc, doc["statements"], speakers).replace("<body>", '<body><p><a href="../index.html">index</a></p>', 1))
        spk = sorted({s for st in doc["statements"] for s in st["speakers"]})
        for st in doc["statements"]:
            for s in st["speakers"]:
                by_speaker[s].append((doc, st))
            for t in st["topics"]:
                by_topic[t].append((doc, st))
        index.append({"id": doc["id"], "file": f"{_slug(doc['id'])}.html", "title": doc["title"], "source": doc["source"],
                      "split": doc["split"], "date": doc["date"], "statements": len(doc["statements"]), "speakers": spk,
                      "stances": sorted({st["stance"] for st in doc["statements"]}),
                      "topics": sorted({t for st in doc["statements"] for t in st["topics"]})})
    for sid, rows in by_speaker.items():
        info = speakers.get(sid, {})
        body = (f'<p><a href="../index.html">index</a></p><h1>{esc(info.get("name", sid))}</h1>'
                f'<p class="meta">{esc(sid)} · {esc(info.get("country", ""))} · {len(rows)} statements</p>'
                + _statement_list(rows, "../"))
        write_page(out / "speakers" / f"{_slug(sid)}.html", _page(info.get("name", sid), body))
    names = {t["id"]: t for t in topic_codebook()}
    for tid, rows in by_topic.items():
        t = names.get(tid, {"name": tid, "definition": "", "cap": ""})
        body = (f'<p><a href="../index.html">index</a></p><h1>{esc(t["name"])}</h1>'
                f'<p class="meta">{esc(tid)} · CAP {esc(str(t["cap"]))} · {len(rows)} statements</p>'
                f'<p>{esc(t["definition"])}</p>' + _statement_list(rows, "../"))
        write_page(out / "topics" / f"{_slug(tid)}.html", _page(t["name"], body))

    def options(field: str, values) -> str:
        opts = "".join(f'<option value="{esc(v)}">{esc(v)} ({n})</option>' for v, n in sorted(values.items()))
        return f'<label>{field} <select data-field="{field}"><option value="">all</option>{opts}</select></label> '

    counts = {f: Counter(v for r in index for v in (r[f] if isinstance(r[f], list) else [r[f]]))
              for f in ("source", "split", "speakers", "stances", "topics")}
    links = lambda kind, keys: " · ".join(f'<a href="{kind}/{_slug(k)}.html">{esc(k)}</a> ({n})' for k, n in sorted(keys.items()))  # noqa: E731
    body = ("<h1>DiploQuote: browse the release</h1>"
            '<p><input id="q" type="search" placeholder="search titles, ids, speakers" size="40"> '
            + "".join(options(f, counts[f]) for f in counts) + '</p><p id="count" class="meta"></p>'
            "<table><thead><tr><th>document</th><th>source</th><th>split</th><th>date</th><th>statements</th>"
            '<th>speakers</th></tr></thead><tbody id="rows"></tbody></table>'
            f"<h2>Speakers</h2><p>{links('speakers', {k: len(v) for k, v in by_speaker.items()})}</p>"
            f"<h2>Topics</h2><p>{links('topics', {k: len(v) for k, v in by_topic.items()})}</p>"
            f'<script type="application/json" id="index">{json_for_html(index)}</script>'
            f"<script>{INDEX_JS}</script>")
    write_page(out / "index.html", _page("DiploQuote", body))
    return {"documents": len(docs), "speakers": len(by_speaker), "topics": len(by_topic)}

"""White House readouts: Markdown (pandoc output) with YAML front matter."""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from markdown_it import MarkdownIt

from diploquote.schema.errors import fail
from diploquote.builders.normalise import join_paragraphs
from diploquote.builders.readers.parsed import Parsed
from diploquote.builders.readers.html import html_paragraphs

_FRONT = re.compile(r"\A---[ \t]*\n(.*?)\n---[ \t]*\n", re.S)
_MD = MarkdownIt("commonmark")


def parse(path: Path, text: str) -> Parsed:
    m = _FRONT.match(text)
    if not m:
        raise fail("front-matter-missing", path, "line 1",
                   "expected YAML front matter between '---' lines at the top of the file")
    try:
        meta = yaml.safe_load(m.group(1))
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f"front matter line {mark.line + 2}" if mark else "front matter"
        raise fail("front-matter-invalid", path, where,
                   f"the YAML front matter does not parse ({getattr(e, 'problem', e)}); fix the quoting") from None
    if not isinstance(meta, dict) or "title" not in meta:
        raise fail("front-matter-invalid", path, "front matter",
                   "the front matter must be a mapping with at least 'title' and 'date'")
    # pandoc writes a no-break space as a backslash before a space; CommonMark does not know it.
    body = text[m.end():].replace("\\ ", "\u00a0")
    paragraphs = html_paragraphs(_MD.render(body))
    return Parsed(
        title=" ".join(str(meta["title"]).split()),
        date=str(meta.get("date", ""))[:10],
        url=meta.get("source_url"),
        text=join_paragraphs(paragraphs),
    )

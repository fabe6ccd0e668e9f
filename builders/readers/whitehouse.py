"""White House readouts: Markdown (pandoc output) with YAML front matter."""

from __future__ import annotations

import re
from pathlib import Path

from markdown_it import MarkdownIt

from diploquote.schema.errors import fail
from diploquote.schema.yamlfile import parse_yaml
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
    meta = parse_yaml(m.group(1), path, line_offset=1)  # the front matter starts after the '---' line
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

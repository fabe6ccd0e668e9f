"""White House readouts: Markdown (pandoc output) with YAML front matter."""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from markdown_it import MarkdownIt
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from diploquote.schema.errors import fail
from ..normalise import join_paragraphs
from . import Parsed

_FRONT = re.compile(r"\A---[ \t]*\n(.*?)\n---[ \t]*\n", re.S)
_MD = MarkdownIt("commonmark")
BLOCKS = "p, li, h1, h2, h3, h4, h5, h6, td, th, figcaption"


def html_paragraphs(html: str) -> list[str]:
    """Text of each block element of an HTML fragment, innermost blocks only."""
    tree = HTMLParser(html)
    out = []
    for node in tree.css(BLOCKS):
        if node.tag in ("li", "td", "th") and node.css_first("p") is not None:
            continue  # a container of paragraphs: its paragraphs are read instead
        out.append(node.text(deep=True, separator=""))
    return out


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

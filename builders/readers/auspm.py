"""Australian Prime Ministers' releases: PM Transcripts XML with HTML in a CDATA ``content``."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from diploquote.schema.errors import fail
from diploquote.builders.normalise import join_paragraphs
from diploquote.builders.readers.parsed import Parsed
from diploquote.builders.readers.html import html_paragraphs


def _field(root, name: str) -> str:
    node = root.find(f".//{name}")
    return (node.text or "").strip() if node is not None else ""


def parse(path: Path, text: str) -> Parsed:
    try:
        root = etree.fromstring(text.encode("utf-8"), parser=etree.XMLParser(resolve_entities=False))
    except etree.XMLSyntaxError as e:
        line, col = e.position if e.position else (0, 0)
        raise fail("xml-invalid", path, f"line {line}, column {col}",
                   f"the XML does not parse ({e.msg}); fix the markup at that place") from None
    content = root.find(".//content")
    if content is None or not (content.text or "").strip():
        raise fail("content-missing", path, "element <content>",
                   "the transcript has no <content>; it is not a release with text")
    day, month, year = (_field(root, "release-date").split("/") + ["", "", ""])[:3]
    date = f"{year}-{month}-{day}" if year else ""
    return Parsed(
        title=" ".join(_field(root, "title").split()),
        date=date,
        url=None,
        text=join_paragraphs(html_paragraphs(content.text)),
    )

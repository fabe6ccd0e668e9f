"""en.kremlin.ru pages: whole HTML pages; the article is the lead plus ``itemprop="articleBody"``."""

from __future__ import annotations

from pathlib import Path

from selectolax.lexbor import LexborHTMLParser as HTMLParser

from diploquote.schema.errors import fail
from diploquote.builders.normalise import join_paragraphs
from diploquote.builders.readers.parsed import Parsed
from diploquote.builders.readers.html import BLOCKS

# Inside the body, these are page furniture: person tooltips, photo blocks, "See also" boxes,
# the Geography/Topics footer and the "Published in sections" status.
FURNITURE = ".read__tooltip, .media, figure, .read__cut, .read__bottommeta, .masha-ignore, script, style"


def parse(path: Path, text: str) -> Parsed:
    tree = HTMLParser(text)
    body = tree.css_first('[itemprop="articleBody"]')
    if body is None:
        raise fail("article-body-missing", path, 'element [itemprop="articleBody"]',
                   "the page has no article body; it is not a Kremlin news item (check the file was "
                   "saved whole, not a listing or an error page)")
    h1 = tree.css_first("h1.entry-title")
    time = tree.css_first("time.read__published[datetime]") or tree.css_first("time[datetime]")
    read = tree.css_first("div.read[data-href]")
    canonical = tree.css_first('link[rel="canonical"]')
    url = (read.attributes.get("data-href") if read else None) or (
        canonical.attributes.get("href") if canonical else None)

    for node in body.css(FURNITURE):
        node.decompose()
    lead = tree.css_first(".read__lead")
    paragraphs = [p.text(deep=True, separator="") for p in lead.css("p")] if lead else []
    paragraphs += [n.text(deep=True, separator="") for n in body.css(BLOCKS)]
    return Parsed(
        title=" ".join(h1.text().split()) if h1 else "",
        date=(time.attributes.get("datetime") or "")[:10] if time else "",
        url=url,
        text=join_paragraphs(paragraphs),
    )

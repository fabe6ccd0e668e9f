"""HTML helpers shared by the readers: the block elements that hold a paragraph, and their text."""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser as HTMLParser

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

"""The card's charts: drawn from the committed release without a deprecated Matplotlib call."""

from __future__ import annotations

import warnings

from diploquote.builders.release.read import read_tables
from diploquote.viewer.charts import draw

from helpers import DATASET


def test_charts_draw_without_a_deprecation_warning():
    statements = read_tables(DATASET, "statements")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a deprecated argument (boxplot's vert=) fails here
        pngs = draw(statements)
    assert sorted(pngs) == ["labels.png", "statements-per-document.png", "topic-cooccurrence.png"]
    assert all(png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 10_000 for png in pngs.values())

"""`diploquote stats` and the card's statistics: the Markdown tables `stats.render` writes."""

from __future__ import annotations

from diploquote.builders.release.stats import render


def _labels(train: int, validation: int, test: int) -> dict:
    """Label counts of one split; two labels a field are enough for the tables' shape."""
    return {"type": {"direct": train, "indirect": validation}, "stance": {"support": test, "oppose": 0},
            "target": {"counterpart": 1, "other": 2}, "act": {"assert": 3, "discuss": train},
            "topics": {"trade": train + validation, "security": test}}


def test_render_gives_sizes_by_source_and_split_then_each_label_set():
    stats = {
        "corpus_by_source": {"kremlin": 7, "auspm": 3},
        "documents": {"train": {"kremlin": 2, "auspm": 1}, "validation": {"kremlin": 1}, "test": {}},
        "statements": {"train": {"kremlin": 9, "auspm": 4}, "validation": {"kremlin": 2}, "test": {}},
        "labels": {"train": _labels(5, 0, 0), "validation": _labels(0, 2, 0), "test": _labels(0, 0, 0)},
    }
    assert render(stats) == """\
Documents in the corpus, and annotated documents / statements per split:

| source | corpus | train | validation | test |
|---|---|---|---|---|
| auspm | 3 | 1 / 4 | 0 / 0 | 0 / 0 |
| kremlin | 7 | 2 / 9 | 1 / 2 | 0 / 0 |
| **all** | 10 | 3 / 13 | 1 / 2 | 0 / 0 |

Statements by type:

| type | train | validation | test |
|---|---|---|---|
| direct | 5 | 0 | 0 |
| indirect | 0 | 2 | 0 |

Statements by stance:

| stance | train | validation | test |
|---|---|---|---|
| support | 0 | 0 | 0 |
| oppose | 0 | 0 | 0 |

Statements by target:

| target | train | validation | test |
|---|---|---|---|
| counterpart | 1 | 1 | 1 |
| other | 2 | 2 | 2 |

Statements by act:

| act | train | validation | test |
|---|---|---|---|
| assert | 3 | 3 | 3 |
| discuss | 5 | 0 | 0 |

Statements by topics:

| topics | train | validation | test |
|---|---|---|---|
| trade | 5 | 2 | 0 |
| security | 0 | 0 | 0 |
"""

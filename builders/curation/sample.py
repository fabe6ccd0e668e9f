"""The annotated set: every China document plus a seeded sample stratified by source and year.

Written down in dataset/annotation-sample.jsonl by ``select``; annotators work from that list.
"""

from __future__ import annotations

import random
import re
from collections import defaultdict

SEED = 20251124
SAMPLE_SIZE = 250
MAX_SAMPLE_CHARS = 3000  # sampled documents are at most this long; China documents have no cap
CHINA = re.compile(
    r"\bChina\b|\bChinese\b|People.s Republic|Xi Jinping|Wang Yi|Li Keqiang|Hu Jintao|Wen Jiabao|Li Qiang"
)


def is_china(title: str) -> bool:
    """A document is about China when its title names China or a Chinese leader."""
    return bool(CHINA.search(title))


def select(docs: list[dict], seed: int = SEED, size: int = SAMPLE_SIZE) -> list[dict]:
    """``docs``: dicts with id, source, date, title, chars. Returns ``{id, source, year, reason}`` rows.

    The sample is allocated to the (source, year) strata in proportion to their size (largest
    remainder), then drawn within each stratum with ``random.Random(seed)``.
    """
    chosen = [{"id": d["id"], "source": d["source"], "year": d["date"][:4], "reason": "china"}
              for d in docs if is_china(d["title"])]
    taken = {c["id"] for c in chosen}
    strata: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for d in sorted(docs, key=lambda d: d["id"]):
        if d["id"] not in taken and d["chars"] <= MAX_SAMPLE_CHARS and d["source"] != "xinhua":
            strata[(d["source"], d["date"][:4])].append(d)
    total = sum(len(v) for v in strata.values())
    quotas = {k: size * len(v) / total for k, v in strata.items()}
    alloc = {k: int(q) for k, q in quotas.items()}
    for k in sorted(quotas, key=lambda k: (-(quotas[k] - alloc[k]), k))[: size - sum(alloc.values())]:
        alloc[k] += 1
    rng = random.Random(seed)
    for key in sorted(strata):
        for d in rng.sample(strata[key], alloc[key]):
            chosen.append({"id": d["id"], "source": d["source"], "year": key[1], "reason": "sample"})
    return sorted(chosen, key=lambda c: c["id"])


DOUBLE_FRACTION = 0.15
DOUBLE_MAX_CHARS = 3000


def double_annotation(rows: list[dict], chars: dict[str, int], seed: int = SEED,
                      fraction: float = DOUBLE_FRACTION) -> list[str]:
    """Ids annotated twice: ``fraction`` of each (source, split) stratum of the annotated set, rounded
    up, drawn with ``random.Random(seed)`` among its documents of at most ``DOUBLE_MAX_CHARS``.

    The Xinhua article is left out: the guidelines quote it as their worked example, so a second
    pass over it would not be independent.
    """
    import math

    strata: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for r in sorted(rows, key=lambda r: r["id"]):
        if r["source"] == "xinhua":
            continue
        strata[(r["source"], r["split"])].append(r)
    rng = random.Random(seed + 1)
    chosen = []
    for key in sorted(strata):
        want = math.ceil(fraction * len(strata[key]))
        pool = [r["id"] for r in strata[key] if chars[r["id"]] <= DOUBLE_MAX_CHARS]
        chosen += rng.sample(pool, min(want, len(pool)))
    return sorted(chosen)


AUDIT_FRACTION = 0.05
SEED_1_0 = 20261201  # the samples of the documents new in 1.0


def samples_1_0(rows: list[dict], chars: dict[str, int], seed: int = SEED_1_0) -> tuple[list[str], list[str]]:
    """The second-pass and audit samples of the documents annotated for 1.0 (``rows``: their id,
    source and split). The second pass is ``double_annotation`` of them (15% of each source and
    split, drawn with ``random.Random(seed + 1)``); the audit is ``AUDIT_FRACTION`` of them, rounded
    up, drawn from all of them with ``random.Random(seed + 1)``, whatever their length."""
    import math

    second = double_annotation(rows, chars, seed=seed)
    ids = sorted(r["id"] for r in rows)
    audit = sorted(random.Random(seed + 1).sample(ids, math.ceil(AUDIT_FRACTION * len(ids))))
    return second, audit

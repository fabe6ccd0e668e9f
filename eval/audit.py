"""The audit of the gold: a reviewer independent of the annotators judges a random sample.

Each audited gold statement is a record ``{real, <field>: bool, ...}``; each statement the gold
missed is a record ``{missed: text}``. Statement precision is the share of audited statements that
are real; recall is real statements over real plus missed; a field's accuracy is over the real
statements. Every proportion comes with a Wilson score interval.
"""

from __future__ import annotations

import math

from diploquote.schema.markdown import table

FIELDS = ("content", "cue", "speaker_mention", "speakers", "type", "stance", "target", "target_id", "act", "topics")


def wilson(successes: int, n: int, confidence: float = 0.95) -> tuple[float, float]:
    """The Wilson score interval of a proportion ``successes / n`` (0 to 1 when ``n`` is 0)."""
    if n == 0:
        return 0.0, 1.0
    from scipy.stats import norm

    z = float(norm.ppf(0.5 + confidence / 2))
    p = successes / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return max(0.0, centre - half), min(1.0, centre + half)


def figures(records: list[dict], confidence: float = 0.95) -> dict:
    """Counts and proportions (with intervals) of an audit's records."""
    audited = [r for r in records if r.get("statement") is not None]
    missed = [r for r in records if r.get("statement") is None]
    real = [r for r in audited if r["real"]]

    def share(k: int, n: int) -> dict:
        return {"value": k / n if n else None, "ci": list(wilson(k, n, confidence)), "count": k, "of": n}

    return {
        "documents": len({r["file"] for r in records}),
        "statements": len(audited),
        "missed": len(missed),
        "precision": share(len(real), len(audited)),
        "recall": share(len(real), len(real) + len(missed)),
        "fields": {f: share(sum(bool(r[f]) for r in real), len(real)) for f in FIELDS},
        "confidence": confidence,
    }


def figures_markdown(fig: dict) -> str:
    """The audit's figures as a Markdown table."""
    def cell(s: dict) -> list:
        return [f"{s['value']:.3f}" if s["value"] is not None else "n/a", f"{s['ci'][0]:.3f} to {s['ci'][1]:.3f}",
                f"{s['count']} / {s['of']}"]

    level = f"{int(round(fig['confidence'] * 100))}% interval (Wilson)"
    rows = [["statement precision (real / audited)", *cell(fig["precision"])],
            ["statement recall (real / (real + missed))", *cell(fig["recall"])]]
    rows += [[f"accuracy: {f}", *cell(s)] for f, s in fig["fields"].items()]
    return table(["figure", "value", level, "count"], rows)

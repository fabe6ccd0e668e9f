"""Inter-annotator agreement between two independent passes over the same documents.

Statements of the two passes are paired one-to-one per document by the harness's optimal matching
(content spans, IoU >= 0.5). On those pairs: speaker agreement (equal sets of registry ids),
Cohen's kappa for stance and for type, and Krippendorff's alpha (nominal) for topics, with each
(pair, topic) a unit coded present or absent by each pass. Span agreement is F1 between the passes,
exact (identical offsets) and overlap (the paired statements). Where both passes follow guidelines
version 3: Cohen's kappa for the speech act, and for the target id its raw agreement and kappa.
"""

from __future__ import annotations

from collections import defaultdict

import krippendorff
import numpy as np
from sklearn.metrics import cohen_kappa_score

from diploquote.schema import TOPICS
from diploquote.schema.markdown import table as markdown_table

from diploquote.eval.records import GoldDocument, GoldStatement
from diploquote.eval.matching import Mode, assign, span_credit

OVERLAP = Mode("overlap", 0.5)


def pair_statements(a: list[GoldStatement], b: list[GoldStatement]) -> list[tuple[GoldStatement, GoldStatement]]:
    """One-to-one optimal pairs of two passes' statements of one document (canonical order first)."""
    a = sorted(a, key=GoldStatement.sort_key)
    b = sorted(b, key=GoldStatement.sort_key)
    credit = np.array([[span_credit(OVERLAP, x.content, y.content) for y in b] for x in a]).reshape(len(a), len(b))
    agree = np.array([[x.speakers == y.speakers for y in b] for x in a], dtype=bool).reshape(len(a), len(b))
    return [(a[i], b[j]) for i, j in assign(credit, agree)]


def _kappa(x: list[str], y: list[str]) -> float | None:
    if not x:
        return None
    if len(set(x) | set(y)) == 1:
        return 1.0  # both passes used one and the same label throughout: kappa is undefined, agreement total
    return float(cohen_kappa_score(x, y))


def _alpha(pairs: list[tuple[GoldStatement, GoldStatement]]) -> float | None:
    if not pairs:
        return None
    a = [int(t in x.topics) for x, _ in pairs for t in TOPICS]
    b = [int(t in y.topics) for _, y in pairs for t in TOPICS]
    if len(set(a) | set(b)) == 1:
        return 1.0
    return float(krippendorff.alpha(reliability_data=[a, b], level_of_measurement="nominal"))


def figures(docs_a: list[GoldDocument], docs_b: list[GoldDocument]) -> dict:
    """Agreement figures of two passes over the same documents."""
    by_id = {d.doc_id: d for d in docs_b}
    n_a = n_b = exact = 0
    pairs = []
    for da in docs_a:
        db = by_id[da.doc_id]
        n_a, n_b = n_a + len(da.statements), n_b + len(db.statements)
        exact += len({s.content for s in da.statements} & {s.content for s in db.statements})
        pairs += pair_statements(da.statements, db.statements)

    def f1(k: int) -> float | None:
        return 2 * k / (n_a + n_b) if n_a + n_b else None

    return {
        "documents": len(docs_a),
        "statements_a": n_a,
        "statements_b": n_b,
        "paired": len(pairs),
        "span_f1_exact": f1(exact),
        "span_f1_overlap": f1(len(pairs)),
        "speaker_agreement": (sum(x.speakers == y.speakers for x, y in pairs) / len(pairs)) if pairs else None,
        "stance_kappa": _kappa([x.stance for x, _ in pairs], [y.stance for _, y in pairs]),
        "type_kappa": _kappa([x.type for x, _ in pairs], [y.type for _, y in pairs]),
        "target_kappa": _kappa([x.target for x, _ in pairs], [y.target for _, y in pairs]),
        "topic_alpha": _alpha(pairs),
        **_v3_figures(pairs),
    }


def _v3_figures(pairs: list[tuple[GoldStatement, GoldStatement]]) -> dict:
    """Agreement on the fields of guidelines version 3, or None where a pass lacks them."""
    v3 = [(x, y) for x, y in pairs if x.act is not None and y.act is not None]
    if not v3 or len(v3) < len(pairs):
        return {"act_kappa": None, "target_id_agreement": None, "target_id_kappa": None}
    same = sum(x.target_id == y.target_id for x, y in v3)
    return {"act_kappa": _kappa([x.act for x, _ in v3], [y.act for _, y in v3]),
            "target_id_agreement": same / len(v3),
            "target_id_kappa": _kappa([x.target_id for x, _ in v3], [y.target_id for _, y in v3])}


def by_source(docs_a: list[GoldDocument], docs_b: list[GoldDocument]) -> dict[str, dict]:
    """``figures`` for every source and for all documents (key ``all``)."""
    groups: dict[str, list[GoldDocument]] = defaultdict(list)
    for d in docs_a:
        groups[d.source].append(d)
    out = {src: figures(docs, docs_b) for src, docs in sorted(groups.items())}
    out["all"] = figures(docs_a, docs_b)
    return out


FIGURE_NAMES = {
    "span_f1_exact": "statement span F1, exact",
    "span_f1_overlap": "statement span F1, overlap (IoU >= 0.5)",
    "speaker_agreement": "speaker agreement on paired statements",
    "stance_kappa": "Cohen's kappa, stance",
    "type_kappa": "Cohen's kappa, type",
    "target_kappa": "Cohen's kappa, target",
    "topic_alpha": "Krippendorff's alpha, topics (binary per topic)",
    "act_kappa": "Cohen's kappa, act",
    "target_id_agreement": "target id agreement on paired statements",
    "target_id_kappa": "Cohen's kappa, target id",
}


def figures_markdown(table: dict[str, dict]) -> str:
    """The agreement figures as a Markdown table, one column per source."""
    cols = list(table)
    rows = [[key.replace("_", " "), *(table[c][key] for c in cols)]
            for key in ("documents", "statements_a", "statements_b", "paired")]
    rows += [[name, *("n/a" if table[c][key] is None else f"{table[c][key]:.3f}" for c in cols)]
             for key, name in FIGURE_NAMES.items()
             if any(table[c][key] is not None for c in cols)]  # a figure no pass allows (v3 fields in v2) is left out
    return markdown_table(["", *cols], rows)


def adjudication_markdown(decisions: list[dict]) -> str:
    """Disagreements by field and by which pass the adjudication followed."""
    from collections import Counter

    counts = Counter((d["field"], d["decision"]) for d in decisions)
    fields = sorted({f for f, _ in counts})
    rows = []
    for f in fields:
        row = [counts.get((f, k), 0) for k in ("A", "B", "other")]
        rows.append([f, *row, sum(row)])
    total = [sum(counts.get((f, k), 0) for f in fields) for k in ("A", "B", "other")]
    rows.append(["**all**", *total, sum(total)])
    return markdown_table(["disagreement", "kept pass A", "took pass B", "other", "total"], rows)


def report(table: dict[str, dict], notes: str, decisions: list[dict] | None) -> str:
    """The agreement report: how the annotations were made (``notes``), the figures, the adjudication."""
    text = "# Inter-annotator agreement\n\n" + (notes.strip() + "\n\n" if notes.strip() else "")
    text += "Figures (regenerate with `diploquote agreement`):\n\n" + figures_markdown(table) + "\n"
    if decisions is not None:
        text += ("\nAdjudication (`adjudication.jsonl`: every disagreement, the decision and the rule):\n\n"
                 + adjudication_markdown(decisions) + "\n")
    return text

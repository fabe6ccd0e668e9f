"""Stage 4 of the build: resolved documents -> one Arrow table per config, cast once to its schema.

Rows are in a stable order (document id, then statement order) so that the same inputs give the
same tables. Text that is not cleared for redistribution is withheld: ``text``, every span's
``text`` and the statement's ``context`` are null; offsets and ``text_sha256`` stay.
"""

from __future__ import annotations

import pyarrow as pa

from diploquote.schema import SPLITS, arrow_schema
from diploquote.schema.labels import label_id

from diploquote.builders.annotations.resolve import ResolvedStatement, Span
from diploquote.builders.corpus import Corpus, CorpusDocument, provenance
from diploquote.builders.readers import RawDocument


def _span(span: Span | None, withheld: bool) -> dict | None:
    if span is None:
        return None
    return {"start": span.start, "end": span.end, "text": None if withheld else span.text}


def paragraph_span(doc: RawDocument, span: Span) -> Span:
    """The paragraph (line) of the document that holds ``span``; its text is None where the document's is."""
    start, end = doc.lines.paragraph(span.start, span.end)
    return Span(start, end, None if doc.text is None else doc.text[start:end])


def _statement_row(st: ResolvedStatement, withheld: bool) -> dict:
    return {
        "statement_id": st.statement_id,
        "content": _span(st.content, withheld),
        "cue": _span(st.cue, withheld),
        "speaker_mention": _span(st.speaker_mention, withheld),
        "speakers": list(st.speakers),
        "type": label_id("type", st.type),
        "stance": label_id("stance", st.stance),
        "target": label_id("target", st.target),
        "target_id": st.target_id,
        "act": label_id("act", st.act),
        "topics": [label_id("topic", t) for t in st.topics],
    }


def documents_tables(corpus: list[CorpusDocument], resolved: dict[str, list[ResolvedStatement]]) -> dict[str, pa.Table]:
    """The ``documents`` config, one table per split (annotated documents only)."""
    rows: dict[str, list[dict]] = {s: [] for s in SPLITS}
    for c in corpus:
        if c.doc.id not in resolved:
            continue
        withheld = not c.redistributable
        rows[c.split].append({**provenance(c.doc, c.redistributable), "split": c.split,
                              "duplicate_group": c.duplicate_group,
                              "statements": [_statement_row(st, withheld) for st in resolved[c.doc.id]]})
    schema = arrow_schema("documents")
    return {s: pa.Table.from_pylist(r, schema=schema) for s, r in rows.items()}


def statements_tables(corpus: list[CorpusDocument], resolved: dict[str, list[ResolvedStatement]]) -> dict[str, pa.Table]:
    """The ``statements`` config: one row per statement, with the paragraph that holds it."""
    rows: dict[str, list[dict]] = {s: [] for s in SPLITS}
    for c in corpus:
        withheld = not c.redistributable
        for st in resolved.get(c.doc.id, []):
            rows[c.split].append({"doc_id": c.doc.id, "source": c.doc.source, "split": c.split,
                                  **_statement_row(st, withheld),
                                  "context": _span(paragraph_span(c.doc, st.content), withheld)})
    schema = arrow_schema("statements")
    return {s: pa.Table.from_pylist(r, schema=schema) for s, r in rows.items()}


def corpus_table(corpus: Corpus, annotated: set[str]) -> pa.Table:
    """The ``corpus`` config: the pool's table as read, with each document's duplicate group and
    whether it is annotated."""
    groups = pa.array([c.duplicate_group for c in corpus.documents], pa.string())
    marks = pa.array([c.doc.id in annotated for c in corpus.documents], pa.bool_())
    return corpus.table.append_column("duplicate_group", groups).append_column("annotated", marks).cast(
        arrow_schema("corpus"))


def speakers_table(registry: list[dict]) -> pa.Table:
    return pa.Table.from_pylist(registry, schema=arrow_schema("speakers"))


def targets_table(registry: list[dict]) -> pa.Table:
    return pa.Table.from_pylist(registry, schema=arrow_schema("targets"))

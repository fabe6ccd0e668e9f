"""Subsets of the gold to score: ``--where`` filters such as ``source=kremlin``, ``date>=2022-01-01``
or ``act=assert,commit``.

A filter on a document field (source, split, date) drops the documents that fail it, and their
predictions. A filter on a statement field (type, act, stance, target) keeps the gold statements
that pass it and, for attribution, the predicted statements whose predicted field passes; a
predicted statement that does not give the field is kept (nothing says it is outside the subset).
Every filter must hold. A gold value that is missing fails every filter.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, replace

from diploquote.schema.errors import DiploQuoteError, Incident
from diploquote.schema.labels import LABELS

from diploquote.eval.predictions import Loaded
from diploquote.eval.records import GoldDocument, GoldStatement, PredStatement

DOCUMENT_FIELDS = ("source", "split", "date")
STATEMENT_FIELDS = ("type", "act", "stance", "target")
OPERATORS = ("!=", ">=", "<=", "=", ">", "<")  # two-character operators first, so '>=' is not read as '>'
ORDERED = (">=", "<=", ">", "<")  # only dates are ordered
_EXPR = re.compile(r"^\s*([a-z_]+)\s*(!=|>=|<=|=|>|<)\s*(.*?)\s*$")


def _bad(expr: str, message: str) -> DiploQuoteError:
    return DiploQuoteError(Incident("bad-filter", "--where", repr(expr), message))


@dataclass(frozen=True)
class Filter:
    """One condition: ``field`` compared with ``values`` by ``operator``. ``=`` and ``!=`` take a
    set (``act=assert,commit``: any of them); the ordered operators take one ISO date."""
    field: str
    operator: str
    values: tuple[str, ...]

    def __post_init__(self):
        expr = self.text()
        if self.field not in DOCUMENT_FIELDS + STATEMENT_FIELDS:
            raise _bad(expr, f"no field {self.field!r} to filter on; the fields are "
                             f"{', '.join(DOCUMENT_FIELDS + STATEMENT_FIELDS)}")
        if self.operator not in OPERATORS:
            raise _bad(expr, f"no operator {self.operator!r}; the operators are {' '.join(OPERATORS)}")
        if not self.values or any(not v for v in self.values):
            raise _bad(expr, "give a value after the operator, e.g. source=kremlin or act=assert,commit")
        if self.operator in ORDERED:
            self._check_date(expr)
        elif self.field == "date":
            raise _bad(expr, "dates are compared with >=, <=, > or <, e.g. date>=2022-01-01")
        elif self.field in LABELS:
            unknown = [v for v in self.values if v not in LABELS[self.field]]
            if unknown:
                raise _bad(expr, f"{', '.join(unknown)} is not a {self.field}; the labels are "
                                 f"{', '.join(LABELS[self.field])}")

    def _check_date(self, expr: str) -> None:
        if self.field != "date":
            raise _bad(expr, f"{self.field} is not ordered; use = or != (a set: {self.field}=a,b)")
        if len(self.values) != 1:
            raise _bad(expr, "an ordered comparison takes one date, e.g. date<2024-01-01")
        try:
            datetime.date.fromisoformat(self.values[0])
        except ValueError:
            raise _bad(expr, f"{self.values[0]!r} is not a date; write it YYYY-MM-DD") from None

    @property
    def on_documents(self) -> bool:
        return self.field in DOCUMENT_FIELDS

    def text(self) -> str:
        """The filter as written, canonical: ``act=assert,commit``."""
        return f"{self.field}{self.operator}{','.join(self.values)}"

    def holds(self, value: str | None) -> bool:
        """Whether a gold or predicted value passes; a missing value never does."""
        if value is None:
            return False
        if self.operator == "=":
            return value in self.values
        if self.operator == "!=":
            return value not in self.values
        day, bound = value[:10], self.values[0]  # ISO dates order as strings
        return {">=": day >= bound, "<=": day <= bound, ">": day > bound, "<": day < bound}[self.operator]


def parse(expr: str) -> Filter:
    """A ``--where`` expression as a ``Filter``: ``field``, operator, value or comma-separated values."""
    m = _EXPR.match(expr)
    if not m:
        raise _bad(expr, "write FIELD OPERATOR VALUE, e.g. source=kremlin, act!=discuss, date>=2022-01-01")
    field, operator, values = m.groups()
    return Filter(field, operator, tuple(v.strip() for v in values.split(",")))


def describe(filters: tuple[Filter, ...]) -> str:
    """The filters as the signature names them, in a fixed order: ``act!=discuss;source=kremlin``, or ``all``."""
    return ";".join(sorted(f.text() for f in filters)) or "all"


def _gold_value(record: GoldDocument | GoldStatement, field: str) -> str | None:
    return getattr(record, field) or None  # an empty source is no source


def check_fields(filters: tuple[Filter, ...], gold: list[GoldDocument], file: str) -> None:
    """Refuse a filter on a field that no gold document (or statement) gives."""
    for f in filters:
        records = gold if f.on_documents else [st for d in gold for st in d.statements]
        if not any(_gold_value(r, f.field) is not None for r in records):
            raise DiploQuoteError(Incident("filter-field-missing", file, f"--where {f.text()}",
                                           f"the gold gives no {f.field}, so it cannot be filtered on; "
                                           "drop this --where or score a gold that has the field"))


def _prediction_passes(filters: tuple[Filter, ...], pred: PredStatement) -> bool:
    return all(getattr(pred, f.field, None) is None or f.holds(getattr(pred, f.field)) for f in filters)


def apply(filters: tuple[Filter, ...], gold: list[GoldDocument], loaded: Loaded) -> tuple[list[GoldDocument], Loaded]:
    """The gold documents and statements that pass every filter, and the predictions that go with them."""
    on_docs = [f for f in filters if f.on_documents]
    on_statements = tuple(f for f in filters if not f.on_documents)
    kept = [replace(d, statements=[st for st in d.statements
                                   if all(f.holds(_gold_value(st, f.field)) for f in on_statements)])
            for d in gold if all(f.holds(_gold_value(d, f.field)) for f in on_docs)]
    ids = {d.doc_id for d in kept}
    by_document = {doc_id: [p for p in preds if _prediction_passes(on_statements, p)]
                   for doc_id, preds in loaded.by_document.items() if doc_id in ids}
    return kept, replace(loaded, by_document=by_document)


def statement_count(gold: list[GoldDocument]) -> int:
    return sum(len(d.statements) for d in gold)

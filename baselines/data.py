"""What the baselines read and write: the release's statements, documents and speakers, documents
given on the command line, prediction files.

JSON Lines are read and written by ``diploquote.schema.jsonl``, the project's one reader and writer.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyarrow.parquet as pq

from diploquote.schema.errors import DiploQuoteError, Incident
from diploquote.schema.jsonl import read_jsonl
from diploquote.schema.labels import label_name
from diploquote.schema.layout import shard_path


@dataclass
class LabelledStatement:
    """A gold statement with its stance and topic labels, as the stance and topic models see it."""
    statement_id: str
    doc_id: str
    text: str  # cue + content (empty where the text is withheld)
    stance: str
    topics: tuple[str, ...]
    speakers: tuple[str, ...]
    target_id: str | None = None  # None in a release before schema 3
    # the text's parts apart, for the models that weigh them apart (empty where withheld or absent)
    content: str = ""
    cue: str = ""
    mention: str = ""  # the speaker mention
    context: str = ""  # the sentence (or sentences) that hold the statement


_PARTS = ("content", "cue", "speaker_mention", "context")  # the statements table's span columns, in field order


def _span_text(span: dict | None) -> str:
    return (span or {}).get("text") or ""


def load_statements(dataset: Path, split: str) -> list[LabelledStatement]:
    """The gold statements of a release split; none when the split has no shard."""
    path = dataset / shard_path("statements", split)
    if not path.exists():
        return []
    out = []
    for r in pq.read_table(path).to_pylist():
        text = " ".join(x["text"] for x in (r["cue"], r["content"]) if x and x["text"])
        out.append(LabelledStatement(r["statement_id"], r["doc_id"], text, label_name("stance", r["stance"]),
                                     tuple(label_name("topic", t) for t in r["topics"]), tuple(r["speakers"]),
                                     r.get("target_id"), *(_span_text(r.get(f)) for f in _PARTS)))
    return out


def load_documents(dataset: Path, split: str) -> list[dict]:
    """Documents of a split as ``{id, text, source, date}``; the text comes from the corpus config."""
    ids = {r["id"] for r in pq.read_table(dataset / shard_path("documents", split), columns=["id"]).to_pylist()}
    corpus = pq.read_table(dataset / shard_path("corpus", "pool"), columns=["id", "text", "source", "date"]).to_pylist()
    return [r for r in corpus if r["id"] in ids]


def load_speakers(dataset: Path) -> list[dict]:
    """The speaker registry of the release, one dict a speaker (id, name, aliases, roles)."""
    return pq.read_table(dataset / shard_path("speakers", "registry")).to_pylist()


@dataclass
class Inputs:
    """What a model is asked to label, and where it finds the release and keeps what it fits."""
    dataset: Path  # the dataset folder: its release is in data/
    split: str | None = None  # the release split to label ...
    documents: list[dict] | None = None  # ... or these documents instead (attribution only)
    models_dir: Path | None = None  # where fitted models are kept; default: results/models beside the dataset
    llm_options: dict | None = None  # endpoint, model, timeout, cache_dir of the llm model

    def train(self) -> list[LabelledStatement]:
        return load_statements(self.dataset, "train")

    def target_documents(self) -> list[dict]:
        return self.documents if self.documents is not None else load_documents(self.dataset, self.split)

    def target_statements(self) -> list[LabelledStatement]:
        return load_statements(self.dataset, self.split)


def documents_of(path: Path) -> Iterator[dict | Incident]:
    """The documents of a JSON Lines file, one object with string ``id`` and ``text`` a line, read
    a line at a time; an incident, located, in place of each line that is not one."""
    for item in read_jsonl(path):
        if isinstance(item, Incident):
            yield item
            continue
        n, doc = item
        if not isinstance(doc, dict) or not isinstance(doc.get("id"), str) or not isinstance(doc.get("text"), str):
            yield Incident("input-invalid", str(path), f"line {n}",
                           "each line must be a JSON object with string 'id' and 'text'")
            continue
        yield doc


def read_documents(path: Path) -> list[dict]:
    """Documents of a JSON Lines file (``documents_of``); every problem of the file is raised at once."""
    documents, incidents = [], []
    for item in documents_of(path):
        (incidents if isinstance(item, Incident) else documents).append(item)
    if incidents:
        raise DiploQuoteError(incidents)
    return documents

"""What the baselines read and write: the release's statements, documents and speakers, documents
given on the command line, prediction files.

JSON Lines are split on "\n" only: ``str.splitlines`` also splits on U+2028, U+2029 and U+0085,
which JSON allows unescaped inside strings, so it would cut a text in two.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pyarrow.parquet as pq

from diploquote.schema.errors import DiploQuoteError, Incident
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
                                     r.get("target_id")))
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


def _jsonl_lines(path: Path) -> list[tuple[int, str]]:
    """(line number, line) of every non-blank line of a UTF-8 JSON Lines file."""
    if not path.exists():
        raise DiploQuoteError(Incident("input-not-found", str(path), "file", "no such file; give a JSON Lines file"))
    if not path.is_file():
        raise DiploQuoteError(Incident("input-not-a-file", str(path), "file",
                                       "this is a folder, not a file; give a JSON Lines file"))
    try:
        data = path.read_bytes()
    except OSError as e:
        raise DiploQuoteError(Incident("input-unreadable", str(path), "file", f"cannot be read ({e.strerror})")) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        raise DiploQuoteError(Incident("input-not-utf8", str(path), f"line {line}",
                                       f"byte {data[e.start]:#04x} is not UTF-8; save the file as UTF-8")) from None
    return [(n, line) for n, line in enumerate(text.split("\n"), 1) if line.strip()]


def read_documents(path: Path) -> list[dict]:
    """Documents of a JSON Lines file, one object with string ``id`` and ``text`` a line."""
    documents = []
    for n, line in _jsonl_lines(path):
        try:
            doc = json.loads(line)
        except json.JSONDecodeError as e:
            raise DiploQuoteError(Incident("input-not-json", str(path), f"line {n}",
                                           f"not JSON ({e.msg} at column {e.colno}); write one JSON object a line")) from None
        if not isinstance(doc, dict) or not isinstance(doc.get("id"), str) or not isinstance(doc.get("text"), str):
            raise DiploQuoteError(Incident("input-invalid", str(path), f"line {n}",
                                           "each line must be a JSON object with string 'id' and 'text'"))
        documents.append(doc)
    return documents


# Line separators other than "\n" that JSON leaves raw in strings; escaped on writing, so that a
# reader that splits on every line boundary still reads one record a line.
_LINE_SEPARATORS = str.maketrans({"\u2028": "\\u2028", "\u2029": "\\u2029", "\u0085": "\\u0085"})


def write_jsonl(records: list[dict], path: Path) -> None:
    """One JSON object a line, UTF-8, newline-terminated."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps(r, ensure_ascii=False).translate(_LINE_SEPARATORS) + "\n")

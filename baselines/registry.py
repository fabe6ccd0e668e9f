"""The baseline models and their one registry. Each writes the harness's prediction records.

- ``majority``: a floor. Stance: the most frequent train stance. Topic: the most frequent train
  topic set. Attribution: every paragraph is one indirect statement by the most frequent train
  speaker set.
- ``rules``: the rule-based attribution extractor of ``eval/rules.py``.
- ``tfidf-lr``: TF-IDF (word 1-2 grams) and logistic regression; one-vs-rest for topics. The
  regularisation C is chosen on the validation split, the seed is fixed, and the fitted pipeline is
  saved with skops (no pickle) and reloaded only if every type in the file is a trusted one.
- ``llm`` (optional): extraction through an OpenAI-compatible endpoint (``eval/llm.py``).
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pyarrow.parquet as pq

from diploquote.baselines.data import write_jsonl  # noqa: F401 (the CLI and leaderboard write through here)

from diploquote.schema import STANCES, STATEMENT_TYPES, TARGETS, TOPICS

SEED = 13
C_GRID = (0.3, 1.0, 3.0, 10.0)


@dataclass
class Statement:
    """A gold statement as the stance and topic models see it."""
    statement_id: str
    doc_id: str
    text: str  # cue + content (empty where the text is withheld)
    stance: str
    topics: tuple[str, ...]
    speakers: tuple[str, ...]


def load_statements(dataset: Path, split: str) -> list[Statement]:
    path = dataset / "data" / "statements" / f"{split}-00000-of-00001.parquet"
    if not path.exists():
        return []
    out = []
    for r in pq.read_table(path).to_pylist():
        text = " ".join(x["text"] for x in (r["cue"], r["content"]) if x and x["text"])
        out.append(Statement(r["statement_id"], r["doc_id"], text, STANCES[r["stance"]],
                             tuple(TOPICS[t] for t in r["topics"]), tuple(r["speakers"])))
    return out


def load_documents(dataset: Path, split: str) -> list[dict]:
    """Documents of a split as ``{id, text, source, date}``; the text comes from the corpus config."""
    ids = {r["id"] for r in pq.read_table(dataset / "data" / "documents" / f"{split}-00000-of-00001.parquet",
                                          columns=["id"]).to_pylist()}
    corpus = pq.read_table(dataset / "data" / "corpus" / "pool-00000-of-00001.parquet",
                           columns=["id", "text", "source", "date"]).to_pylist()
    return [r for r in corpus if r["id"] in ids]


# ---------------------------------------------------------------- majority


def majority_labels(train: list[Statement], statements: list[Statement], task: str) -> list[dict]:
    if task == "stance":
        label = Counter(s.stance for s in train).most_common(1)[0][0]
        return [{"statement_id": s.statement_id, "stance": label} for s in statements]
    topics = Counter(s.topics for s in train).most_common(1)[0][0]
    return [{"statement_id": s.statement_id, "topics": list(topics)} for s in statements]


def majority_attribution(train: list[Statement], documents: list[dict]) -> list[dict]:
    speakers = list(Counter(s.speakers for s in train).most_common(1)[0][0])
    out = []
    for doc in documents:
        statements, pos = [], 0
        for para in (doc["text"] or "").split("\n"):
            if para.strip():
                statements.append({"content": {"start": pos, "end": pos + len(para)}, "speakers": speakers,
                                   "type": "indirect"})
            pos += len(para) + 1
        out.append({"doc_id": doc["id"], "statements": statements})
    return out


# ---------------------------------------------------------------- rules


AUTHOR_ROLES = {"auspm": "Prime Minister of Australia"}


def author(doc: dict, speakers: list[dict]) -> list[str]:
    """Who "I" is in a first-person release: the holder of the publisher's office on its date."""
    title, date = AUTHOR_ROLES.get(doc.get("source", "")), doc.get("date") or ""
    if not title or not date:
        return []
    return [s["id"] for s in speakers for r in s["roles"]
            if r["title"] == title and (r["start"] or "") <= date and (not r["end"] or date < r["end"])][:1]


def rules_attribution(documents: list[dict], speakers: list[dict]) -> list[dict]:
    from diploquote.baselines.rules import Extractor, Registry

    registry = Registry.build(speakers)
    return [{"doc_id": d["id"], "statements": Extractor(registry, author(d, speakers)).extract(d["text"] or "")}
            for d in documents]


# ---------------------------------------------------------------- tfidf-lr


def _pipeline(task: str, c: float):
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.multiclass import OneVsRestClassifier
    from sklearn.pipeline import Pipeline

    lr = LogisticRegression(C=c, max_iter=2000, class_weight="balanced", random_state=SEED)
    head = lr if task == "stance" else OneVsRestClassifier(lr)
    return Pipeline([("tfidf", TfidfVectorizer(ngram_range=(1, 2), min_df=1, sublinear_tf=True)), ("lr", head)])


def _targets(task: str, statements: list[Statement]):
    from sklearn.preprocessing import MultiLabelBinarizer

    if task == "stance":
        return [s.stance for s in statements]
    return MultiLabelBinarizer(classes=list(TOPICS)).fit_transform([s.topics for s in statements])


def _score(task: str, model, statements: list[Statement]) -> float:
    from sklearn.metrics import f1_score

    y = _targets(task, statements)
    pred = model.predict([s.text for s in statements])
    return f1_score(y, pred, average="macro" if task == "stance" else "micro", zero_division=0)


def fit_tfidf_lr(task: str, train: list[Statement], validation: list[Statement]):
    """Fit on train, choose C on validation (stance: macro-F1; topic: micro-F1), refit on train."""
    import warnings

    warnings.filterwarnings("ignore", message="Label not .* is present in all training examples")  # rare topics
    train = [s for s in train if s.text]
    validation = [s for s in validation if s.text]
    best = max(C_GRID, key=lambda c: (_score(task, _pipeline(task, c).fit([s.text for s in train], _targets(task, train)),
                                             validation) if validation else 0.0, -c))
    return _pipeline(task, best).fit([s.text for s in train], _targets(task, train)), best


# Every type a fitted tfidf-lr pipeline's file holds, stance or topic, as skops names them: the
# exact list, written out (a prefix such as "builtins." would admit exec). A file that holds any
# other type is refused before skops builds anything from it.
ALLOWED_TYPES = frozenset({
    "builtins.dict", "builtins.list", "builtins.str", "builtins.tuple",
    "numpy.float64", "numpy.ndarray",
    "sklearn.feature_extraction.text.TfidfTransformer", "sklearn.feature_extraction.text.TfidfVectorizer",
    "sklearn.linear_model._logistic.LogisticRegression", "sklearn.multiclass.OneVsRestClassifier",
    "sklearn.pipeline.Pipeline", "sklearn.preprocessing._label.LabelBinarizer",
})


def save_model(model, path: Path) -> None:
    import skops.io as sio

    path.parent.mkdir(parents=True, exist_ok=True)
    sio.dump(model, path)


def _types_in(node, found: set[str]) -> set[str]:
    """Every ``module.name`` a skops schema tree refers to: objects, functions, types, containers."""
    if isinstance(node, dict):
        if isinstance(node.get("__module__"), str) and isinstance(node.get("__class__"), str):
            found.add(f"{node['__module__']}.{node['__class__']}")
        for value in node.values():
            _types_in(value, found)
    elif isinstance(node, list):
        for value in node:
            _types_in(value, found)
    return found


def load_model(path: Path):
    """Load a fitted pipeline from a skops file, refusing any file that holds a type outside ``ALLOWED_TYPES``."""
    import json
    import zipfile

    import skops.io as sio

    from diploquote.schema.errors import DiploQuoteError, Incident

    def refuse(why: str) -> DiploQuoteError:
        return DiploQuoteError(Incident("untrusted-model", str(path), "schema.json", f"{why}; it is not loaded. "
                                        "Delete the file: the next run refits the model and writes a new one"))

    try:
        with zipfile.ZipFile(path) as z:
            schema = json.loads(z.read("schema.json"))
    except (OSError, KeyError, ValueError, zipfile.BadZipFile) as e:
        raise refuse(f"the file is not a readable skops file ({e})") from None
    bad = sorted(_types_in(schema, set()) - ALLOWED_TYPES)
    if bad:
        raise refuse(f"the file holds types a fitted tfidf-lr pipeline never holds ({', '.join(bad)})")
    # skops checks again while loading: only the listed types, none of its wider defaults, are trusted here
    return sio.load(path, trusted=sorted(ALLOWED_TYPES))


def tfidf_lr_labels(model, statements: list[Statement], task: str) -> list[dict]:
    texts = [s.text for s in statements]
    pred = model.predict(texts) if texts else []
    if task == "stance":
        return [{"statement_id": s.statement_id, "stance": str(p)} for s, p in zip(statements, pred)]
    return [{"statement_id": s.statement_id, "topics": [TOPICS[i] for i, on in enumerate(row) if on]}
            for s, row in zip(statements, pred)]


# ---------------------------------------------------------------- registry

MODELS = {
    "majority": ("attribution", "stance", "topic"),
    "rules": ("attribution",),
    "tfidf-lr": ("stance", "topic"),
    "llm": ("attribution",),
}
LABEL_SETS = {"type": STATEMENT_TYPES, "stance": STANCES, "target": TARGETS, "topic": TOPICS}


def predict(model: str, task: str, dataset: Path, split: str | None = None, documents: list[dict] | None = None,
            models_dir: Path | None = None, llm_options: dict | None = None) -> list[dict]:
    """Prediction records of ``model`` for ``task``, on a release split or on given documents."""
    from diploquote.schema.errors import DiploQuoteError, Incident

    if model not in MODELS:
        raise DiploQuoteError(Incident("unknown-model", "command line", "MODEL",
                                       f"{model!r} is not a baseline; the models are {', '.join(MODELS)}"))
    if task not in MODELS[model]:
        raise DiploQuoteError(Incident("task-not-supported", "command line", "--task",
                                       f"{model} predicts {', '.join(MODELS[model])}, not {task}"))
    train = load_statements(dataset, "train")
    if task == "attribution":
        docs = documents if documents is not None else load_documents(dataset, split)
        if model == "majority":
            return majority_attribution(train, docs)
        speakers = pq.read_table(dataset / "data" / "speakers" / "registry-00000-of-00001.parquet").to_pylist()
        if model == "rules":
            return rules_attribution(docs, speakers)
        from diploquote.baselines.llm import llm_attribution

        return llm_attribution(docs, **(llm_options or {}))
    if documents is not None:
        raise DiploQuoteError(Incident("input-needs-statements", "command line", "--input",
                                       "stance and topic models label gold statements: use --split"))
    statements = load_statements(dataset, split)
    if model == "majority":
        return majority_labels(train, statements, task)
    release = json.loads((dataset / "MANIFEST.json").read_text(encoding="utf-8"))["content_sha256"][:12]
    path = (models_dir or dataset.parent / "results" / "models") / f"tfidf-lr-{task}-{release}.skops"
    if path.exists():
        fitted = load_model(path)
    else:
        fitted, _ = fit_tfidf_lr(task, train, load_statements(dataset, "validation"))
        save_model(fitted, path)
    return tfidf_lr_labels(fitted, statements, task)

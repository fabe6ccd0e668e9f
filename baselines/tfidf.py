"""``tfidf-lr``: TF-IDF (word 1-2 grams) and logistic regression; one-vs-rest for topics.

The regularisation C is chosen on the validation split, the seed is fixed. The fitted pipeline is
kept in the models folder as a skops file (no pickle), named by task, release and the hash of the
code that fits it (``code_sha256``), and reused by later runs; a file is loaded only when every type
it holds is one a fitted pipeline holds.
"""

from __future__ import annotations

import json
import sys
import zipfile
from pathlib import Path

from diploquote.baselines import codehash
from diploquote.baselines.data import Inputs, LabelledStatement, load_statements
from diploquote.eval.gold import release_info
from diploquote.schema import TOPICS
from diploquote.schema.errors import DiploQuoteError, Incident

SEED = 13
C_GRID = (0.3, 1.0, 3.0, 10.0)
TARGET_MAX_FEATURES = 20_000  # n-grams kept for the target task, the most frequent
TARGET_MIN_STATEMENTS = 3  # a target id is a class of its own from this many train statements


def _pipeline(task: str, c: float):
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.multiclass import OneVsRestClassifier
    from sklearn.pipeline import Pipeline

    lr = LogisticRegression(C=c, max_iter=2000, class_weight="balanced", random_state=SEED)
    head = OneVsRestClassifier(lr) if task == "topic" else lr  # topics: several labels a statement
    # the target task has a class per registry id (over a thousand in 1.0): its coefficient matrix is
    # classes x features, so its vocabulary is capped to keep a fit within a few GiB
    vocabulary = TARGET_MAX_FEATURES if task == "target" else None
    return Pipeline([("tfidf", TfidfVectorizer(ngram_range=(1, 2), min_df=1, sublinear_tf=True, max_features=vocabulary)),
                     ("lr", head)])


def targets(task: str, statements: list[LabelledStatement]):
    """The labels a classifier of ``task`` learns: stance names, target ids, or a statements x
    ``TOPICS`` indicator matrix."""
    from sklearn.preprocessing import MultiLabelBinarizer

    if task == "stance":
        return [s.stance for s in statements]
    if task == "target":
        return [s.target_id for s in statements]
    return MultiLabelBinarizer(classes=list(TOPICS)).fit_transform([s.topics for s in statements])


def _score(task: str, model, statements: list[LabelledStatement]) -> float:
    return headline(task, targets(task, statements), model.predict([s.text for s in statements]))


def headline(task: str, y, pred) -> float:
    """The task's headline score of ``pred`` against ``y``, between 0 and 1: stance macro-F1, topic
    micro-F1, target accuracy (the micro-F1 of one label a statement)."""
    from sklearn.metrics import f1_score

    return f1_score(y, pred, average="macro" if task == "stance" else "micro", zero_division=0)


def learnable(task: str, train: list[LabelledStatement]) -> list[LabelledStatement]:
    """The train statements a classifier learns from: those with text and, for the target task,
    those of a target id with at least ``TARGET_MIN_STATEMENTS`` of them."""
    from collections import Counter

    train = [s for s in train if s.text]
    if task != "target":
        return train
    seen = Counter(s.target_id for s in train)  # over a thousand ids, most seen once: not learnable classes
    common = [s for s in train if seen[s.target_id] >= TARGET_MIN_STATEMENTS]
    return common if len({s.target_id for s in common}) >= 2 else train  # a small release keeps all


def fit(task: str, train: list[LabelledStatement], validation: list[LabelledStatement]):
    """Fit on train for every C of the grid and keep the one that scores best on validation
    (stance: macro-F1; topic: micro-F1; target: accuracy)."""
    import warnings

    from threadpoolctl import threadpool_limits

    warnings.filterwarnings("ignore", message="Label not .* is present in all training examples")  # rare topics
    train, validation = learnable(task, train), [s for s in validation if s.text]
    # One BLAS thread: these fits are small, and on a busy machine waiting threads made them ten
    # times slower; the fitted coefficients are the same.
    # One fit at a time, only the best kept: four target models at once did not fit in memory.
    best = None  # (score, -C, model): the best C on validation, the smaller on a tie
    with threadpool_limits(limits=1):
        for c in C_GRID:
            model = _pipeline(task, c).fit([s.text for s in train], targets(task, train))
            key = (_score(task, model, validation) if validation else 0.0, -c)
            if best is None or key > best[:2]:
                best = (*key, model)
    return best[2], -best[1]


# Every type a fitted tfidf-lr pipeline's file holds, any task, as skops names them: the
# exact list, written out (a prefix such as "builtins." would admit exec). A file that holds any
# other type is refused before skops builds anything from it. One-vs-rest keeps a constant
# predictor for a topic that no train statement has (or every one has): small releases need it.
ALLOWED_TYPES = frozenset({
    "builtins.dict", "builtins.list", "builtins.str", "builtins.tuple",
    "numpy.float64", "numpy.int64", "numpy.ndarray",  # int64: the vocabulary's indices once it is capped
    "sklearn.feature_extraction.text.TfidfTransformer", "sklearn.feature_extraction.text.TfidfVectorizer",
    "sklearn.linear_model._logistic.LogisticRegression", "sklearn.multiclass.OneVsRestClassifier",
    "sklearn.multiclass._ConstantPredictor",
    "sklearn.pipeline.Pipeline", "sklearn.preprocessing._label.LabelBinarizer",
})


def save_model(model, path: Path) -> None:
    import skops.io as sio

    # A capped vocabulary maps n-grams to NumPy integers, which skops writes a hundred times slower
    # than Python ones (90 s against 1 s for 20,000 n-grams): the same indices are kept as Python ints.
    for vectoriser in _vectorisers(model):
        vectoriser.vocabulary_ = {ngram: int(i) for ngram, i in vectoriser.vocabulary_.items()}
    path.parent.mkdir(parents=True, exist_ok=True)
    sio.dump(model, path)


def _vectorisers(model):
    """The fitted TF-IDF vectorisers of a pipeline, also those inside a column transformer."""
    if hasattr(model, "vocabulary_"):
        yield model
    for _, step in getattr(model, "steps", []):
        yield from _vectorisers(step)
    for _, transformer, _ in getattr(model, "transformers_", []):
        yield from _vectorisers(transformer)


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
    return load_allowed(path, ALLOWED_TYPES, "tfidf-lr")


def load_allowed(path: Path, allowed: frozenset[str], model: str):
    """Load a fitted ``model`` from a skops file, refusing any file that holds a type outside ``allowed``."""
    import skops.io as sio

    def refuse(why: str) -> DiploQuoteError:
        return DiploQuoteError(Incident("untrusted-model", str(path), "schema.json", f"{why}; it is not loaded. "
                                        "Delete the file: the next run refits the model and writes a new one"))

    try:
        with zipfile.ZipFile(path) as z:
            schema = json.loads(z.read("schema.json"))
    except (OSError, KeyError, ValueError, zipfile.BadZipFile) as e:
        raise refuse(f"the file is not a readable skops file ({e})") from None
    bad = sorted(_types_in(schema, set()) - allowed)
    if bad:
        raise refuse(f"the file holds types a fitted {model} pipeline never holds ({', '.join(bad)})")
    try:  # skops checks the types again while it loads, trusting the listed ones on top of its defaults
        return sio.load(path, trusted=sorted(allowed))
    except Exception as e:  # a damaged file fails in many ways inside skops and NumPy; the fix is the same
        raise refuse(f"the file could not be loaded ({type(e).__name__}: {e})") from None


def labels(model, statements: list[LabelledStatement], task: str) -> list[dict]:
    texts = [s.text for s in statements]
    return records(statements, model.predict(texts) if texts else [], task)


def records(statements: list[LabelledStatement], pred, task: str) -> list[dict]:
    """The harness's prediction records of ``statements`` from a classifier's predictions, one a statement
    (a label, or a row of ``TOPICS`` indicators)."""
    if task in ("stance", "target"):
        field = "stance" if task == "stance" else "target_id"
        return [{"statement_id": s.statement_id, field: str(p)} for s, p in zip(statements, pred)]
    return [{"statement_id": s.statement_id, "topics": [TOPICS[i] for i, on in enumerate(row) if on]}
            for s, row in zip(statements, pred)]


def code_sha256() -> str:
    """The hash of the code that determines a tfidf-lr model: this module."""
    return codehash.code_sha256(sys.modules[__name__])


def model_path(models_dir: Path, dataset: Path, task: str, model: str = "tfidf-lr", code: str | None = None) -> Path:
    """Where ``model`` fitted for ``task`` on the release in ``dataset`` by the code of hash ``code``
    (default: tfidf-lr's, ``code_sha256``) is kept: a model of other code has another name, so it
    is never reused and the model is fitted again, as for another release."""
    return models_dir / f"{model}-{task}-{release_info(dataset)[1][:12]}-{(code or code_sha256())[:12]}.skops"


def kept_or_fitted(task: str, inputs: Inputs, model: str, fit, load, code: str):
    """The kept ``model`` of this release and of the code of hash ``code`` for ``task``, fitted with
    ``fit(task, train, validation)`` (and kept) first if there is none; a kept file is read with
    ``load(path)``."""
    folder = inputs.models_dir or inputs.dataset.parent / "results" / "models"
    path = model_path(folder, inputs.dataset, task, model, code)
    if path.exists():
        return load(path)
    fitted, _ = fit(task, inputs.train(), load_statements(inputs.dataset, "validation"))
    save_model(fitted, path)
    return fitted


def predict(task: str, inputs: Inputs) -> list[dict]:
    """Labels from the kept model of this release, fitted (and kept) first if there is none."""
    return labels(kept_or_fitted(task, inputs, "tfidf-lr", fit, load_model, code_sha256()), inputs.target_statements(), task)

"""``ngram-svm``: linear SVMs over word and character n-grams of a statement and its sentence.

A statement is read as four fields, each its own block of TF-IDF features (each block L2-normalised,
its vocabulary capped at ``MAX_FEATURES`` n-grams, the most frequent):

- the statement's text (cue and content): word 1-2-grams and character 2-5-grams within words
  (``char_wb``), which catch inflections and names the word n-grams split;
- its context, the sentence that holds it: word 1-2-grams and character 2-5-grams (it names what
  a target is about);
- its cue and its speaker mention: words (and word pairs of the mention).

Stance and target: one linear SVM (one-vs-rest over the classes, balanced class weights). Topics:
one SVM a topic, with one decision threshold for all topics. Chosen on the validation split only:
whether the context blocks are used, C, and the topic threshold. The fitted pipeline is kept as a
skops file (no pickle) beside tfidf-lr's, named by the hash of this code too, and refused on load if
it holds a type outside ``ALLOWED_TYPES``.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from diploquote.baselines import codehash, tfidf
from diploquote.baselines.data import Inputs, LabelledStatement
from diploquote.baselines.tfidf import headline, kept_or_fitted, learnable, load_allowed, records, targets

NAME = "ngram-svm"
SEED = 13
C_GRID = (0.3, 1.0)
CONTEXT_GRID = (False, True)  # without, then with the context blocks; the simpler wins a tie
THRESHOLDS = (-0.5, -0.4, -0.3, -0.2, -0.1, 0.0, 0.1)  # topic thresholds tried on validation (SVM margins)
MAX_FEATURES = 50_000  # n-grams kept in each block: the target task's coefficients are classes x features
FIELDS = ("text", "context", "cue", "mention")  # the columns of the matrix the pipeline reads, in order


@dataclass(frozen=True)
class Choice:
    """The settings chosen on validation, with the validation headline score they reached (0 to 1)."""
    context: bool
    c: float
    threshold: float  # topics: the decision threshold; 0.0 for stance and target
    validation: float


def fields(statements: list[LabelledStatement]) -> np.ndarray:
    """The pipeline's input: one row a statement, one column a field of ``FIELDS`` (strings)."""
    rows = [[s.text, s.context, s.cue, s.mention] for s in statements]
    return np.array(rows, dtype=object).reshape(len(rows), len(FIELDS))


def _features(context: bool, present: set[int]):
    """The feature blocks over the field columns in ``present`` (a field empty in every train
    statement has no vocabulary to learn); the context blocks only when ``context``."""
    from sklearn.compose import ColumnTransformer
    from sklearn.feature_extraction.text import TfidfVectorizer

    def ngrams(analyzer: str, n: tuple[int, int]):
        return TfidfVectorizer(analyzer=analyzer, ngram_range=n, sublinear_tf=True, max_features=MAX_FEATURES)

    blocks = [("words", ngrams("word", (1, 2)), 0), ("chars", ngrams("char_wb", (2, 5)), 0),
              ("context-words", ngrams("word", (1, 2)), 1), ("context-chars", ngrams("char_wb", (2, 5)), 1),
              ("cue", TfidfVectorizer(), 2), ("mention", ngrams("word", (1, 2)), 3)]
    return ColumnTransformer([b for b in blocks if b[2] in present and (context or b[2] != 1)])


def _head(task: str, c: float):
    from sklearn.multiclass import OneVsRestClassifier
    from sklearn.svm import LinearSVC

    svm = LinearSVC(C=c, class_weight="balanced", random_state=SEED)  # seeded: its solver shuffles
    return OneVsRestClassifier(svm) if task == "topic" else svm  # topics: several labels a statement


def _set_threshold(head, intercepts: list, threshold: float) -> None:
    """Make each topic's SVM say yes when its margin exceeds ``threshold`` instead of 0, by moving its
    intercept: the kept pipeline then predicts with the chosen threshold and stays plain scikit-learn.
    A topic no train statement has keeps its constant answer."""
    for svm, intercept in zip(head.estimators_, intercepts):
        if intercept is not None:
            svm.intercept_ = intercept - threshold


def _validate(task: str, head, x, y) -> tuple[float, float]:
    """(validation headline score, threshold): for topics the best of ``THRESHOLDS`` (nearer 0 on a
    tie), set on ``head``; for stance and target the score at 0."""
    if task != "topic":
        return headline(task, y, head.predict(x)), 0.0
    intercepts = [getattr(svm, "intercept_", None) for svm in head.estimators_]
    scored = []
    for t in THRESHOLDS:
        _set_threshold(head, intercepts, t)
        scored.append((headline(task, y, head.predict(x)), -abs(t), t))
    score, _, threshold = max(scored)
    _set_threshold(head, intercepts, threshold)
    return score, threshold


def fit(task: str, train: list[LabelledStatement], validation: list[LabelledStatement]):
    """Fit on train for every point of ``CONTEXT_GRID`` x ``C_GRID`` and keep the pipeline that scores
    best on validation (stance: macro-F1; topic: micro-F1; target: accuracy). Returns (pipeline, Choice)."""
    import warnings

    from sklearn.pipeline import Pipeline
    from threadpoolctl import threadpool_limits

    warnings.filterwarnings("ignore", message="Label .* is present in all training examples")  # topics
    train, validation = learnable(task, train), [s for s in validation if s.text]
    x_train, x_val, y_train, y_val = fields(train), fields(validation), targets(task, train), targets(task, validation)
    present = {i for i in range(len(FIELDS)) if any(x_train[:, i])}
    best = None  # (score, -place in the grid, features, head, Choice): the first of the grid wins a tie
    # One BLAS thread and one fit at a time, only the best kept: the target task's models are large.
    with threadpool_limits(limits=1):
        for context in CONTEXT_GRID:
            features = _features(context, present)
            train_matrix = features.fit_transform(x_train)
            val_matrix = features.transform(x_val) if validation else None
            for c in C_GRID:
                head = _head(task, c).fit(train_matrix, y_train)
                score, threshold = _validate(task, head, val_matrix, y_val) if validation else (0.0, 0.0)
                key = (score, -(len(C_GRID) * context + C_GRID.index(c)))
                if best is None or key > best[:2]:
                    best = (*key, features, head, Choice(context, c, threshold, score))
    return Pipeline([("features", best[2]), ("svm", best[3])]), best[4]


def code_sha256() -> str:
    """The hash of the code that determines an ngram-svm model: this module and tfidf-lr's, whose
    functions it fits with."""
    return codehash.code_sha256(sys.modules[__name__], tfidf)


def load_model(path: Path):
    """Load a fitted pipeline from a skops file, refusing any file that holds a type outside ``ALLOWED_TYPES``."""
    return load_allowed(path, ALLOWED_TYPES, NAME)


def labels(model, statements: list[LabelledStatement], task: str) -> list[dict]:
    return records(statements, model.predict(fields(statements)) if statements else [], task)


def predict(task: str, inputs: Inputs) -> list[dict]:
    """Labels from the kept model of this release, fitted (and kept) first if there is none."""
    return labels(kept_or_fitted(task, inputs, NAME, fit, load_model, code_sha256()), inputs.target_statements(), task)


# Every type a fitted ngram-svm pipeline's file holds, any task, as skops names them: the exact list,
# written out as tfidf-lr's is (a prefix such as "builtins." would admit exec). Slices: where the
# column transformer's blocks sit in the feature matrix. One-vs-rest keeps a constant predictor for a
# topic that no train statement has (or every one has).
ALLOWED_TYPES = frozenset({
    "builtins.dict", "builtins.list", "builtins.slice", "builtins.str", "builtins.tuple",
    "numpy.float64", "numpy.int64", "numpy.ndarray",
    "sklearn.compose._column_transformer.ColumnTransformer",
    "sklearn.feature_extraction.text.TfidfTransformer", "sklearn.feature_extraction.text.TfidfVectorizer",
    "sklearn.multiclass.OneVsRestClassifier", "sklearn.multiclass._ConstantPredictor",
    "sklearn.pipeline.Pipeline", "sklearn.preprocessing._label.LabelBinarizer", "sklearn.svm._classes.LinearSVC",
})

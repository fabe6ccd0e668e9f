"""Baselines: rules on texts from outside the pool, the floor beaten on the release, safe model files,
and the LLM client against a real HTTP server on loopback."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from diploquote.cli import main
from diploquote.baselines import llm, ngram, rules, tfidf
from diploquote.baselines.data import Inputs, load_speakers, load_statements
from diploquote.schema.jsonl import write_jsonl
from diploquote.baselines.registry import predict, runnable
from diploquote.eval.gold import release_gold
from diploquote.eval.harness import Settings, evaluate
from diploquote.schema import STANCES, TOPICS
from diploquote.schema.errors import DiploQuoteError

from helpers import DATASET, ROOT, ChatServer, completion

OTHER = Path(__file__).parent / "data" / "other_styles.jsonl"


def spans(doc: dict, record: dict) -> list[tuple]:
    t = doc["text"]
    return [(tuple(st["speakers"]), st["type"], t[st["content"]["start"]:st["content"]["end"]]) for st in record["statements"]]


def test_rules_finds_statements_in_documents_from_outside_the_pool(tmp_path):
    out = tmp_path / "p.jsonl"
    assert main(["--root", str(ROOT), "predict", "rules", "--input", str(OTHER), "--out", str(out)]) == 0
    docs = {d["id"]: d for d in map(json.loads, OTHER.read_text().splitlines())}
    got = {r["doc_id"]: spans(docs[r["doc_id"]], r) for r in map(json.loads, out.read_text().splitlines())}
    # wire copy: reported speech, a second cue, an addressee, a joint discussion
    assert (("recep-tayyip-erdogan",), "indirect", "the grain corridor must stay open for the sake of food security") in got["wire-1"]
    assert (("vladimir-putin",), "indirect", "the talks had been useful") in got["wire-1"]
    assert (("vladimir-putin",), "indirect", "Moscow expected guarantees on its own exports") in got["wire-1"]
    assert (("recep-tayyip-erdogan", "vladimir-putin"), "indirect", "the situation in the Black Sea") in got["wire-1"]
    # transcript: turns and the paragraphs that continue them, interpreter note left out
    assert (("narendra-modi",), "direct", "Thank you, Mr President, for your hospitality") in got["transcript-1"]
    assert (("narendra-modi",), "direct", "India values its special and privileged strategic partnership with Russia") in got["transcript-1"]
    assert sum(1 for s in got["transcript-1"] if s[0] == ("vladimir-putin",)) == 2
    # first-person release: "I" is the Prime Minister in office on the release date
    assert any("tony-abbott" in s[0] and s[2] == "the conclusion of the Japan-Australia Economic Partnership Agreement"
               for s in got["release-1"])


@pytest.fixture(scope="module")
def test_gold():
    return release_gold(DATASET, "test")


@pytest.fixture(scope="session")
def models_dir(tmp_path_factory) -> Path:
    """The models folder of the models this test run fitted, where ``predict`` looks for them."""
    return tmp_path_factory.mktemp("models")


@pytest.fixture(scope="session")
def tfidf_models(models_dir) -> tuple[Path, dict]:
    """The tfidf-lr models fitted once a session, kept where ``predict`` looks for them: (models
    folder, task -> (model, C)). Stance and topic on the whole release, as the floor test needs;
    target, whose hundreds of classes made its fit two thirds of this file's time, on the first 250
    train and 100 validation statements."""
    train, validation = load_statements(DATASET, "train"), load_statements(DATASET, "validation")
    fitted = {task: tfidf.fit(task, train, validation) for task in ("stance", "topic")}
    fitted["target"] = tfidf.fit("target", train[:250], validation[:100])
    for task, (model, _) in fitted.items():
        tfidf.save_model(model, tfidf.model_path(models_dir, DATASET, task))
    return models_dir, fitted


def _score(tmp_path, model, task, gold, models_dir=None):
    path = tmp_path / f"{model}-{task}.jsonl"
    write_jsonl(predict(model, task, DATASET, split="test", models_dir=models_dir or tmp_path / "models"), path)
    return evaluate(path, gold, Settings(task=task, resamples=0))


def test_rules_beats_the_majority_floor_on_attribution(tmp_path, test_gold):
    extracted = _score(tmp_path, "rules", "attribution", test_gold)
    floor = _score(tmp_path, "majority", "attribution", test_gold)
    for level in ("content", "content+speaker"):
        assert extracted.scores[f"{level}.f1"]["value"] > floor.scores[f"{level}.f1"]["value"]


def test_tfidf_lr_beats_the_majority_floor_on_stance_and_topic(tmp_path, test_gold, tfidf_models):
    models_dir = tfidf_models[0]
    assert (_score(tmp_path, "tfidf-lr", "stance", test_gold, models_dir).scores["macro_f1"]["value"]
            > _score(tmp_path, "majority", "stance", test_gold).scores["macro_f1"]["value"])
    assert (_score(tmp_path, "tfidf-lr", "topic", test_gold, models_dir).scores["micro_f1"]["value"]
            > _score(tmp_path, "majority", "topic", test_gold).scores["micro_f1"]["value"])


def test_fitted_models_round_trip_through_skops_and_untrusted_files_are_refused(tmp_path, tfidf_models):
    models_dir, fitted = tfidf_models
    texts = [s.text for s in load_statements(DATASET, "train")[:20]]
    for task, (model, c) in fitted.items():
        assert c in tfidf.C_GRID
        loaded = tfidf.load_model(tfidf.model_path(models_dir, DATASET, task))
        assert loaded.predict(texts).tolist() == model.predict(texts).tolist()

    import skops.io as sio
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import FunctionTransformer

    sio.dump(Pipeline([("f", FunctionTransformer(_not_trusted))]), tmp_path / "bad.skops")
    with pytest.raises(DiploQuoteError) as e:
        tfidf.load_model(tmp_path / "bad.skops")
    assert e.value.incidents[0].code == "untrusted-model"


def _not_trusted(x):
    return x


def _small_model():
    """A pipeline of the fitted models' kind, fitted in milliseconds."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline

    texts, labels = ["we support the deal", "we oppose the deal", "ties are fine", "sanctions are bad"], \
        ["support", "oppose", "support", "oppose"]
    return Pipeline([("tfidf", TfidfVectorizer()), ("lr", LogisticRegression())]).fit(texts, labels)


def _vectoriser(node):
    """The first TF-IDF vectoriser node of a skops schema tree, wherever the pipeline holds it."""
    if isinstance(node, dict):
        if node.get("__class__") == "TfidfVectorizer":
            return node
        node = list(node.values())
    if isinstance(node, list):
        return next((v for v in map(_vectoriser, node) if v is not None), None)
    return None


def _tamper(path: Path, module: str, function: str) -> None:
    """Rewrite a model file so that its (first) vectoriser analyses each text with ``module.function``."""
    with zipfile.ZipFile(path) as z:
        files = {name: z.read(name) for name in z.namelist()}
    schema = json.loads(files["schema.json"])
    _vectoriser(schema)["content"]["content"]["analyzer"] = {"__class__": function, "__module__": module,
                                                             "__loader__": "FunctionNode"}
    files["schema.json"] = json.dumps(schema).encode()
    with zipfile.ZipFile(path, "w") as z:
        for name, data in files.items():
            z.writestr(name, data)


@pytest.mark.parametrize("module, function, text", [
    ("builtins", "exec", "open({marker!r}, 'w').close()"),
    ("os", "system", "touch {marker}"),
])
def test_a_model_file_that_references_code_is_refused_and_nothing_runs(tmp_path, module, function, text):
    path = tmp_path / "tfidf-lr-stance-000000000000.skops"
    tfidf.save_model(_small_model(), path)
    _tamper(path, module, function)
    marker = tmp_path / "ran"
    with pytest.raises(DiploQuoteError) as e:
        tfidf.load_model(path).predict([text.format(marker=str(marker))])
    incident = e.value.incidents[0]
    assert incident.code == "untrusted-model" and incident.file == str(path)
    assert f"{module}.{function}" in incident.message and "delete the file" in incident.message.lower()
    assert not marker.exists()




def test_a_damaged_model_file_is_a_located_error(tmp_path):
    path = tmp_path / "tfidf-lr-topic-000000000000.skops"
    path.write_bytes(b"PK\x03\x04 cut short")
    with pytest.raises(DiploQuoteError) as e:
        tfidf.load_model(path)
    assert e.value.incidents[0].code == "untrusted-model" and e.value.incidents[0].file == str(path)


def test_a_capped_vocabulary_is_saved_with_python_int_indices(tmp_path):
    """skops writes NumPy integers a hundred times slower than Python ones: a capped vocabulary
    (whose indices scikit-learn makes NumPy integers) is saved as plain JSON numbers, and loads the same."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import Pipeline

    texts = ["we support the deal", "we oppose the deal", "the deal is fine"]
    model = Pipeline([("tfidf", TfidfVectorizer(max_features=3))]).fit(texts)
    tfidf.save_model(model, tmp_path / "m.skops")
    with zipfile.ZipFile(tmp_path / "m.skops") as z:
        vocabulary = _vectoriser(json.loads(z.read("schema.json")))["content"]["content"]["vocabulary_"]
    assert {index["__loader__"] for index in vocabulary["content"].values()} == {"JsonNode"}  # not NumPy's
    assert tfidf.load_model(tmp_path / "m.skops")[0].vocabulary_ == {"the": 1, "deal": 0, "we": 2}


@pytest.fixture(scope="session")
def ngram_slice():
    """A slice of the release small enough to fit ngram-svm in a few seconds: the first 250 train and
    100 validation statements."""
    return load_statements(DATASET, "train")[:250], load_statements(DATASET, "validation")[:100]


@pytest.fixture(scope="session")
def ngram_models(models_dir, ngram_slice) -> dict:
    """ngram-svm fitted on the slice for every task, kept beside the tfidf-lr models where ``predict``
    looks for them (fitting on the whole release takes minutes): task -> (model, Choice)."""
    fitted = {task: ngram.fit(task, *ngram_slice) for task in ("stance", "topic", "target")}
    for task, (model, _) in fitted.items():
        tfidf.save_model(model, tfidf.model_path(models_dir, DATASET, task, ngram.NAME, ngram.code_sha256()))
    return fitted


def test_ngram_svm_predicts_valid_labels_with_settings_from_its_grid(ngram_models, ngram_slice):
    train, validation = ngram_slice
    records = {task: ngram.labels(model, validation, task) for task, (model, _) in ngram_models.items()}
    assert [r["statement_id"] for r in records["stance"]] == [s.statement_id for s in validation]
    assert {r["stance"] for r in records["stance"]} <= set(STANCES)
    assert all(set(r["topics"]) <= set(TOPICS) for r in records["topic"])
    assert {r["target_id"] for r in records["target"]} <= {s.target_id for s in train}
    for task, (_, choice) in ngram_models.items():
        assert choice.c in ngram.C_GRID and choice.context in ngram.CONTEXT_GRID
        assert choice.threshold in (ngram.THRESHOLDS if task == "topic" else (0.0,))
        # the kept settings score on validation what the kept pipeline scores there
        y = tfidf.targets(task, validation)
        assert tfidf.headline(task, y, ngram_models[task][0].predict(ngram.fields(validation))) == choice.validation


def test_ngram_svm_is_seeded_and_keeps_its_topic_threshold(ngram_models, ngram_slice):
    model, choice = ngram_models["topic"]
    # the threshold chosen on validation is in the kept pipeline: it predicts what scored choice.validation
    assert choice.threshold != 0.0
    again, same = ngram.fit("topic", *ngram_slice)
    assert same == choice
    fields = ngram.fields(ngram_slice[1])
    assert (again[-1].decision_function(again[0].transform(fields))
            == model[-1].decision_function(model[0].transform(fields))).all()


def test_ngram_svm_round_trips_through_its_allowlist_and_refuses_a_tampered_file(tmp_path, ngram_models,
                                                                                 ngram_slice):
    statements = ngram_slice[1]
    for task, (model, _) in ngram_models.items():
        path = tfidf.model_path(tmp_path, DATASET, task, ngram.NAME, ngram.code_sha256())
        tfidf.save_model(model, path)
        loaded = ngram.load_model(path)
        assert ngram.labels(loaded, statements, task) == ngram.labels(model, statements, task)
    _tamper(path, "builtins", "exec")
    with pytest.raises(DiploQuoteError) as e:
        ngram.load_model(path)
    incident = e.value.incidents[0]
    assert incident.code == "untrusted-model" and incident.file == str(path)
    assert "builtins.exec" in incident.message and "ngram-svm" in incident.message


def test_a_model_kept_by_other_code_is_not_reused_but_fitted_again(tmp_path):
    """The kept file's name holds the hash of the code that fits it: a file of other code (another
    hash) is never read, and the model is fitted and kept under this code's name."""
    stale = tfidf.model_path(tmp_path, DATASET, "stance", code="0" * 64)
    stale.write_bytes(b"a model of other code: reading it would fail")
    fitted = []

    def fit(task, train, validation):
        fitted.append(task)
        return _small_model(), 1.0

    inputs = Inputs(DATASET, "validation", models_dir=tmp_path)
    model = tfidf.kept_or_fitted("stance", inputs, "tfidf-lr", fit, tfidf.load_model, tfidf.code_sha256())
    assert fitted == ["stance"] and model.predict(["we support the deal"]).tolist() == ["support"]
    kept = tfidf.model_path(tmp_path, DATASET, "stance")
    assert kept != stale and kept.exists() and tfidf.code_sha256()[:12] in kept.name
    # ngram-svm's hash covers its own module and tfidf-lr's, whose functions it fits with
    assert ngram.code_sha256() != tfidf.code_sha256()


def test_a_tfidf_lr_file_is_not_an_ngram_svm_file(tmp_path):
    """Each model loads only the types its own pipelines hold: logistic regression is not ngram-svm's."""
    path = tmp_path / "m.skops"
    tfidf.save_model(_small_model(), path)
    with pytest.raises(DiploQuoteError) as e:
        ngram.load_model(path)
    assert "sklearn.linear_model._logistic.LogisticRegression" in e.value.incidents[0].message


TEXT = "President Biden said the partnership between our nations is \u201cstronger than ever\u201d and welcomed the new deal."


def test_llm_client_constrains_retries_snaps_verbatim_and_caches(tmp_path):
    answer = completion([
        {"content": "the partnership between our nations is \u201cstronger than ever\u201d", "cue": "said", "speaker": "Joe Biden",
         "type": "mixed", "stance": "support", "target": "bilateral-relations", "topics": ["bilateral-relations"]},
        {"content": "the partnership between our nations is \"stronger than ever\"", "cue": "said", "speaker": "Joe Biden"},
        {"content": "the new deal.", "cue": "welcomed", "speaker": "Joe Biden"},
        {"content": "relations have never been better", "cue": "said", "speaker": "Joe Biden"},
    ])
    server = ChatServer([(500, {"error": "busy"}), (200, answer)])
    try:
        report: dict = {}
        docs = [{"id": "d1", "text": TEXT}]
        out = llm.llm_attribution(docs, server.url, "test-model", retries=2, cache_dir=tmp_path / "cache",
                                  report=report, timeout=5)
        assert len(server.requests) == 2  # one 500, one retry
        path, body = server.requests[-1]
        assert path == "/v1/chat/completions" and body["model"] == "test-model" and body["temperature"] == 0
        assert body["response_format"]["type"] == "json_schema" and body["messages"][0]["content"].endswith(TEXT + "\nAnswer:")
        got = [(TEXT[s["content"]["start"]:s["content"]["end"]], s["speaker_name"]) for s in out[0]["statements"]]
        # verbatim kept; straight-quote paraphrase snapped onto the same span, so merged; period trimmed;
        # an invented quote dropped
        assert got == [("the partnership between our nations is \u201cstronger than ever\u201d", "Joe Biden"),
                       ("the new deal", "Joe Biden")]
        assert report["dropped_spans"] == 1
        again = llm.llm_attribution(docs, server.url, "test-model", cache_dir=tmp_path / "cache", timeout=5)
        assert again == out and len(server.requests) == 2  # served from the cache
    finally:
        server.close()


def test_llm_client_gives_up_with_a_clear_error(tmp_path):
    server = ChatServer([(503, {}), (503, {})])
    try:
        with pytest.raises(DiploQuoteError) as e:
            llm.chat(server.url, llm.request("m", "text"), retries=1, backoff=0.01, timeout=5)
        assert e.value.incidents[0].code == "llm-unavailable" and "2 attempts" in e.value.incidents[0].where
    finally:
        server.close()
    server = ChatServer([(400, {"error": "bad model"})])
    try:
        with pytest.raises(DiploQuoteError) as e:
            llm.chat(server.url, llm.request("m", "text"), retries=3, backoff=0.01, timeout=5)
        assert e.value.incidents[0].code == "llm-http-error" and len(server.requests) == 1
    finally:
        server.close()


def test_predictions_of_every_model_validate_against_the_prediction_schemas(tmp_path, test_gold, tfidf_models,
                                                                          ngram_models):
    for model in runnable(llm_options=None):
        if model.name == "crf":  # trained on the whole train split it would take half a minute: see test_crf.py
            continue
        for task in model.tasks:
            r = _score(tmp_path, model.name, task, test_gold, tfidf_models[0])  # strict loading: any invalid record would raise
            assert r.rejected == 0


def test_registry_speakers_file_is_read_by_the_rules_model():
    speakers = load_speakers(DATASET)
    assert rules.author({"source": "auspm", "date": "2014-07-01"}, speakers) == ["tony-abbott"]
    assert rules.author({"source": "auspm", "date": "2004-07-01"}, speakers) == ["john-howard"]
    assert rules.author({"source": "whitehouse", "date": "2022-01-01"}, speakers) == []

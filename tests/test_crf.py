"""The ``crf`` extractor: BIO tags from the gold and back, the linking rule, valid outputs on real and
adversarial texts, reproducible training, refused model files, and that it learns (trained here on a
slice of the real train split, in about two seconds)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from diploquote.baselines import crf, linker, rules
from diploquote.baselines.data import load_speakers, read_documents
from diploquote.cli import main
from diploquote.eval.gold import load_gold, release_gold
from diploquote.eval.harness import Settings, evaluate
from diploquote.eval.predictions import Records
from diploquote.eval.records import GoldDocument, GoldStatement
from diploquote.schema.errors import DiploQuoteError
from diploquote.schema.jsonschemas import validator

from helpers import DATASET

OUTSIDE = Path(__file__).parent / "data" / "outside-genre"
SPEAKERS = [
    {"id": "vladimir-putin", "name": "Vladimir Putin", "aliases": ["Putin"], "roles": [{"title": "President of Russia"}]},
    {"id": "emmanuel-macron", "name": "Emmanuel Macron", "aliases": ["Macron"], "roles": [{"title": "President of France"}]},
    {"id": "kamala-harris", "name": "Kamala Harris", "aliases": [], "roles": [{"title": "Vice President"}]},
    {"id": "abdullah-ii", "name": "Abdullah II", "aliases": ["King Abdullah II"], "roles": [{"title": "King of Jordan"}]},
    {"id": "nato", "name": "North Atlantic Treaty Organization", "aliases": ["NATO"], "roles": []},
]


@pytest.fixture(scope="module")
def speakers() -> list[dict]:
    return load_speakers(DATASET)


@pytest.fixture(scope="module")
def slice_fit(speakers) -> crf.Fitted:
    """A model trained on every fifth train document (42 of them) and chosen on six validation
    documents, with its linker (one C)."""
    return crf.fit(release_gold(DATASET, "train")[::5], release_gold(DATASET, "validation")[::8], speakers,
                   grid=crf.GRID[:1], linker_grid=linker.C_GRID[:1])


@pytest.fixture(scope="module")
def model(slice_fit) -> crf.Model:
    return crf.Model.from_bytes(slice_fit.data)


# ---------------------------------------------------------------- tags, spans and the linking rule

def _tagged(text: str, marks: dict[str, str]) -> list[tuple[crf.Paragraph, list[str]]]:
    """Paragraphs of ``text`` tagged by hand: ``marks`` maps a phrase of the text (its first
    occurrence) to the kind of span it is."""
    out = []
    for para in crf.paragraphs(text):
        tags, last = [], None
        for t in para.tokens:
            phrase = next((p for p in marks if text.index(p) <= t.start < text.index(p) + len(p)), None)
            tags.append("O" if phrase is None else f"{'I' if phrase == last else 'B'}-{marks[phrase]}")
            last = phrase
        out.append((para, tags))
    return out


def _statements(text: str, marks: dict[str, str], registry_speakers=SPEAKERS, ruled=None, choose=crf.hand_choice,
                setting=rules.Setting()) -> list[tuple]:
    """(content, cue, mention, speakers or name) texts of each statement linked from hand-made tags
    (``ruled``: the rules' statements; ``choose``: the linker)."""
    registry = rules.Registry.build(registry_speakers)
    extractor = rules.Extractor(registry, setting=setting)
    found = crf.document_statements(text, _tagged(text, marks), extractor, crf.people(registry_speakers), ruled, choose)

    def cut(span):
        return None if span is None else text[span["start"]:span["end"]]
    return [(cut(s["content"]), cut(s["cue"]), cut(s["speaker_mention"]), tuple(s.get("speakers") or ())
             or s.get("speaker_name")) for s in found]


def test_gold_spans_become_bio_tags_and_come_back_as_the_same_spans():
    text = "Putin said the talks were useful. Both sides agreed."
    gold = GoldDocument("d", "test", text, [GoldStatement("s1", (11, 32), (6, 10), (0, 5), frozenset(), None, None,
                                                          None, None)])
    para = crf.paragraphs(text)[0]
    tags = crf.gold_tags(para, gold)
    assert tags == ["B-speaker", "B-cue", "B-content", "I-content", "I-content", "I-content", "O", "O", "O", "O", "O"]
    assert [(s.kind, s.start, s.end) for s in crf.spans(para, tags)] == [("speaker", 0, 5), ("cue", 6, 10),
                                                                         ("content", 11, 32)]


def test_each_content_takes_the_nearest_cue_and_that_cues_nearest_mention():
    text = "Putin said the corridor must stay open, and Macron noted that exports would resume."
    marks = {"Putin": "speaker", "said": "cue", "the corridor must stay open": "content", "Macron": "speaker",
             "noted": "cue", "exports would resume": "content"}
    assert _statements(text, marks) == [
        ("the corridor must stay open", "said", "Putin", ("vladimir-putin",)),
        ("exports would resume", "noted", "Macron", ("emmanuel-macron",))]


def test_a_paragraph_with_no_cue_or_mention_continues_the_turn_whose_label_the_tagger_missed():
    text = ("President of Russia Vladimir Putin: Good afternoon.\nWe discussed trade.\n"
            "Emmanuel Macron (retranslated): Thank you.\nWe agree on the grain deal.")
    marks = {"We discussed trade": "content", "We agree on the grain deal": "content"}
    assert _statements(text, marks) == [
        ("We discussed trade", None, "President of Russia Vladimir Putin", ("vladimir-putin",)),
        ("We agree on the grain deal", None, "Emmanuel Macron", ("emmanuel-macron",))]


def test_a_turn_label_outside_the_registry_that_reads_as_a_name_is_a_turn_too():
    text = ("Polar Review: Is shipping good news?\nIngrid Halvorsen: It is good news for our ports.\n"
            "We will propose binding fuel standards.\nDespite the problems, trade is growing: it doubled.")
    marks = {"It is good news for our ports": "content", "We will propose binding fuel standards": "content",
             "it doubled": "content"}
    assert _statements(text, marks) == [
        ("It is good news for our ports", None, "Ingrid Halvorsen", "Ingrid Halvorsen"),
        ("We will propose binding fuel standards", None, "Ingrid Halvorsen", "Ingrid Halvorsen"),
        ("it doubled", None, "Ingrid Halvorsen", "Ingrid Halvorsen")]  # a clause before a colon is no label


def test_the_antecedent_of_a_title_is_the_subject_named_last_and_organisations_are_not_antecedents():
    text = ("Vice President Kamala Harris met King Abdullah II of Jordan and NATO officials. "
            "The Vice President thanked the King for his partnership. They discussed the region.")
    marks = {"The Vice President": "speaker", "thanked": "cue", "the King for his partnership": "content",
             "They": "speaker", "discussed": "cue", "the region": "content"}
    assert _statements(text, marks) == [
        ("the King for his partnership", "thanked", "The Vice President", ("kamala-harris",)),
        ("the region", "discussed", "They", ("abdullah-ii", "kamala-harris"))]


def test_a_mention_outside_the_registry_is_given_by_name():
    text = "The Finnish foreign minister said the border would stay closed."
    marks = {"The Finnish foreign minister": "speaker", "said": "cue", "the border would stay closed": "content"}
    assert _statements(text, marks) == [("the border would stay closed", "said", "The Finnish foreign minister",
                                         "The Finnish foreign minister")]


# ---------------------------------------------------------------- every output is valid

CHECK = validator("prediction-attribution")
PIECES = ["said", " said ", "told reporters", "according to", "“", "”", "‘", "’", "\"", "'", ",", ".", ":", "\n",
          "Q:", "MR X:", "Putin", "He", " ", "é", "中文", "\u200b", "🙂", "that", "“He said “no” twice”",
          "word " * 200]


def check_valid(model: crf.Model, text: str) -> None:
    record = crf.attribution([{"id": "d", "text": text}], SPEAKERS, model)[0]
    assert not list(CHECK.iter_errors(record))
    for s in record["statements"]:
        for span in (s[f] for f in ("content", "cue", "speaker_mention") if s.get(f)):
            assert 0 <= span["start"] < span["end"] <= len(text) and "\n" not in text[span["start"]:span["end"]]


@settings(max_examples=150, deadline=None)
@given(pieces=st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=12)), max_size=40))
def test_every_output_is_valid_on_adversarial_texts(model, pieces):
    check_valid(model, "".join(pieces))


def test_every_output_is_valid_on_long_and_degenerate_texts(model):
    for text in ["", "\n\n", "said", "“", "“”", ":", "Q: ", "word " * 5000, "Putin said " + "that the talks went on " * 500,
                 "“He said “we said ‘no’ to them” today,” Putin said.", "中文" * 300, "\u200b" * 50]:
        check_valid(model, text)


def test_outputs_on_real_documents_are_accepted_by_the_strict_harness(model, speakers):
    gold = load_gold(OUTSIDE / "gold.jsonl")
    records = crf.attribution(read_documents(OUTSIDE / "documents.jsonl"), speakers, model)
    assert evaluate(Records(tuple(records)), gold, Settings(speaker="mention", resamples=0)).rejected == 0
    validation = release_gold(DATASET, "validation")
    records = crf.attribution([{"id": d.doc_id, "text": d.text} for d in validation], speakers, model)
    assert all(not list(CHECK.iter_errors(r)) for r in records)
    assert evaluate(Records(tuple(records)), validation, Settings(resamples=0)).rejected == 0


# ---------------------------------------------------------------- training and the model file

def test_it_learns_on_a_slice_of_the_train_split(model, speakers):
    """Content F1 on twelve validation documents none of the slice saw: 0.872 when this was written
    (``rules``: 0.78 on the whole validation split); below 0.8 the tagger has stopped learning."""
    gold = release_gold(DATASET, "validation")[1::4]
    records = crf.attribution([{"id": d.doc_id, "text": d.text} for d in gold], speakers, model)
    assert evaluate(Records(tuple(records)), gold, Settings(resamples=0)).scores["content.f1"]["value"] >= 0.8


def test_two_fits_of_the_same_data_give_the_same_file_bytes_and_predictions(slice_fit, speakers, tmp_path):
    again = crf.fit(release_gold(DATASET, "train")[::5], release_gold(DATASET, "validation")[::8], speakers,
                    grid=crf.GRID[:1], linker_grid=linker.C_GRID[:1])
    for name, fitted in (("a", slice_fit), ("b", again)):
        crf.save(fitted, tmp_path / name / "m.crfsuite")
    for file in ("m.crfsuite", "m.json", "m.linker.json"):
        assert (tmp_path / "a" / file).read_bytes() == (tmp_path / "b" / file).read_bytes()
    docs = read_documents(OUTSIDE / "documents.jsonl")
    assert (crf.attribution(docs, speakers, crf.Model.from_bytes(again.data))
            == crf.attribution(docs, speakers, crf.Model.from_bytes(slice_fit.data)))


def _refused(path: Path, train_hash: str):
    with pytest.raises(DiploQuoteError) as e:
        crf.load(path, train_hash)
    incident = e.value.incidents[0]
    assert incident.code == "untrusted-model" and incident.file == str(path) and "Delete it" in incident.message
    return incident


def test_a_model_of_other_code_is_kept_under_another_name(tmp_path, monkeypatch):
    mine = crf.model_path(tmp_path, DATASET)
    monkeypatch.setattr(crf, "code_sha256", lambda: "0" * 64)
    other = crf.model_path(tmp_path, DATASET)
    assert mine != other and other.name.endswith("-000000000000.crfsuite")


def test_only_a_model_file_this_code_wrote_for_this_train_split_is_loaded(slice_fit, tmp_path):
    path = tmp_path / "crf-attribution-000000000000.crfsuite"
    crf.save(slice_fit, path)
    text = "Putin said the talks were useful."
    assert crf.load(path, slice_fit.train_sha256).tag(text) == crf.Model.from_bytes(slice_fit.data).tag(text)
    assert "train_sha256" in _refused(path, "0" * 64).where  # kept for another train split

    crf.linker_path(path).write_bytes(slice_fit.linker.replace(b"{", b"{ ", 1))  # one byte more
    assert _refused(path, slice_fit.train_sha256).where == "linker sha256"
    crf.linker_path(path).write_bytes(slice_fit.linker)

    data = bytearray(slice_fit.data)
    data[len(data) // 2] ^= 1  # one bit changed
    path.write_bytes(bytes(data))
    assert _refused(path, slice_fit.train_sha256).where == "sha256"

    # bytes CRFsuite cannot read, with a sidecar that vouches for them: refused, not a crash
    side = json.loads(path.with_suffix(".json").read_text())
    path.write_bytes(b"not a model")
    path.with_suffix(".json").write_text(json.dumps({**side, "model_sha256": hashlib.sha256(b"not a model").hexdigest()}))
    assert _refused(path, slice_fit.train_sha256).where == "file"

    path.with_suffix(".json").write_text(json.dumps({**side, "code_sha256": "0" * 64}))
    assert "code_sha256" in _refused(path, slice_fit.train_sha256).where  # trained by other code
    path.with_suffix(".json").write_text(json.dumps({**side, "c1": 7.0}))
    assert "c1" in _refused(path, slice_fit.train_sha256).where
    path.with_suffix(".json").write_text(json.dumps({**side, "pickle": "yes"}))
    _refused(path, slice_fit.train_sha256)
    path.with_suffix(".json").unlink()
    _refused(path, slice_fit.train_sha256)


def test_predict_crf_input_streams_with_workers_that_train_the_model_once(tmp_path):
    """On a small release: the two workers of ``predict crf --input`` find no model; one trains it
    while the other waits, then both load the same file."""
    from diploquote.builders.release.build import build
    from diploquote.viewer.charts import draw

    from helpers import make_dataset

    # short annotated documents whose splits (by the hash of their ids) are train, train, validation
    project = make_dataset(tmp_path / "project", ["kremlin-17943", "kremlin-56480", "kremlin-62518"])
    build(project, draw)
    out = tmp_path / "predictions"
    assert main(["--root", str(project), "predict", "crf", "--input", str(OUTSIDE / "documents.jsonl"), "--out",
                 str(out), "--batch-size", "8", "--workers", "2"]) == 0
    assert sorted(p.name.split(".", 1)[1] for p in (project / "results" / "models").iterdir()) == [
        "crfsuite", "json", "linker.json"]
    records = [json.loads(line) for shard in sorted(out.glob("part-*.jsonl")) for line in shard.read_text().splitlines()]
    assert len(records) == 24 and (out / "_SUCCESS").exists()
    assert evaluate(Records(tuple(records)), load_gold(OUTSIDE / "gold.jsonl"),
                    Settings(speaker="mention", resamples=0)).rejected == 0


def test_a_content_the_rules_also_found_takes_their_speaker():
    # the tagger's nearest mention is "He", Putin (the subject of the sentence before); the rules read Macron
    text = "Putin met Macron. He said the corridor must stay open, and he noted that exports would resume."
    marks = {"He": "speaker", "said": "cue", "the corridor must stay open": "content", "noted": "cue",
             "exports would resume": "content"}
    ruled = [{"content": {"start": 26, "end": 53}, "cue": {"start": 21, "end": 25},
              "speaker_mention": {"start": 10, "end": 16}, "speakers": ["emmanuel-macron"], "type": "indirect"},
             {"content": {"start": 40, "end": 93}, "speaker_mention": {"start": 10, "end": 16},
              "speakers": ["emmanuel-macron"], "type": "indirect"}]
    assert _statements(text, marks, ruled=ruled) == [
        ("the corridor must stay open", "said", "Macron", ("emmanuel-macron",)),
        ("exports would resume", "noted", "He", ("vladimir-putin",))]  # IoU 20/53 < 0.5: the tagger's own stays


def test_a_content_with_no_mention_in_a_readout_is_the_participants(model, speakers):
    """The setting of the document (its date and participants) reaches the resolver, as it does in
    ``rules``: in this Kremlin readout of a call, "The discussion also touched upon measures ... and
    noted ..." names no speaker, and the gold gives it to both leaders of the call."""
    doc = next(d for d in release_gold(DATASET, "validation") if d.doc_id == "kremlin-63310")
    record = crf.attribution([{"id": doc.doc_id, "text": doc.text, "source": doc.source, "date": doc.date}], speakers,
                            model)[0]
    unnamed = [s for s in record["statements"] if s["speaker_mention"] is None]
    assert unnamed and all(sorted(s["speakers"]) == ["kassym-jomart-tokayev", "vladimir-putin"] for s in unnamed)


def test_a_learned_linker_chooses_among_the_candidates_the_hand_rule_would_not():
    """ "The officials" names nobody the resolver knows; the hand rule keeps the mention's words, a linker
    that weighs the call's participants higher gives it to them."""
    text = "Putin spoke with Macron by telephone. The officials discussed the situation in the region."
    marks = {"The officials": "speaker", "discussed": "cue", "the situation in the region": "content"}
    setting = rules.Setting(participants=("vladimir-putin", "emmanuel-macron"))
    assert _statements(text, marks, setting=setting) == [("the situation in the region", "discussed", "The officials",
                                                          "The officials")]
    learned = linker.Linker(0.0, {"from=participants|kind=title": 2.0, "from=hand": 1.0})
    assert _statements(text, marks, setting=setting, choose=learned.choose_candidate) == [
        ("the situation in the region", "discussed", "The officials", ("vladimir-putin", "emmanuel-macron"))]


def test_the_linker_is_trained_on_the_slice_and_kept_as_checked_json(slice_fit):
    learned = linker.Linker.from_json(slice_fit.linker, "linker.json")
    assert learned.weights and slice_fit.linker_c in linker.C_GRID[:1]
    assert linker.Linker.from_json(learned.to_json(), "linker.json") == learned
    for bad in (b"[1, 2]", b'{"bias": 0, "weights": {}, "exec": "x"}', b'{"bias": "0", "weights": {}}',
                b'{"bias": 0, "weights": {"from=hand": NaN}}', b"\xff"):
        with pytest.raises(DiploQuoteError) as e:
            linker.Linker.from_json(bad, "linker.json")
        assert e.value.incidents[0].code == "untrusted-model" and "Delete it" in e.value.incidents[0].message


def test_the_learned_linker_chooses_only_in_a_document_of_the_releases_publishers():
    """Outside news (no publisher, so no setting country) keeps the hand rule: most of its speakers
    are outside the registry, which the linker learned to pass over."""
    text = "Putin spoke with Macron by telephone. The officials discussed the situation in the region."
    marks = {"The officials": "speaker", "discussed": "cue", "the situation in the region": "content"}
    model = crf.Model(b"", None, linker.Linker(0.0, {"from=participants|kind=title": 2.0}))
    participants = ("vladimir-putin", "emmanuel-macron")
    readout = _statements(text, marks, setting=rules.Setting(home="RUS", participants=participants), choose=model.choose)
    news = _statements(text, marks, setting=rules.Setting(participants=participants), choose=model.choose)
    assert readout[0][3] == participants and news[0][3] == "The officials"

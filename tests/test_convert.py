"""Scoring outside gold: brat standoff corpora converted to gold, gold without speaker ids or labels,
and the speaker rule chosen on the command line."""

from __future__ import annotations

import json

import pytest

from diploquote.cli import main
from diploquote.eval.convert.brat import convert_brat, read_labels
from diploquote.eval.gold import load_gold
from diploquote.eval.harness import Settings, evaluate
from diploquote.schema.errors import DiploQuoteError

from helpers import ROOT

TUTORIAL = ROOT / "tests" / "data" / "brat-tutorial"  # brat's own example data (README.md there)

# Offsets by hand: "Lavrov" 0-6, "said" 7-11, "talks would resume" 12-30, "\n" 31,
# "Wang Yi" 32-39, "welcomed" 40-48, "the move" 49-57.
TEXT = "Lavrov said talks would resume.\nWang Yi welcomed the move.\n"
ANN = [
    "T1\tSource 0 6\tLavrov",
    "T2\tCue 7 11\tsaid",
    "T3\tContent 12 30\ttalks would resume",
    "R1\tAttribution Arg1:T2 Arg2:T1",
    "R2\tAttribution Arg1:T2 Arg2:T3",
    "T4\tSource 32 39\tWang Yi",
    "T5\tCue 40 48\twelcomed",
    "T6\tContent 49 57\tthe move",
    "E1\tCue:T5 Source:T4 Content:T6",
    "#1\tAnnotatorNotes T1\tthe foreign minister",
]
EXPECTED = {"id": "news/a", "source": "brat", "text": TEXT, "statements": [
    {"statement_id": "news/a-a1", "content": {"start": 12, "end": 30}, "cue": {"start": 7, "end": 11},
     "speaker_mention": {"start": 0, "end": 6}},
    {"statement_id": "news/a-a2", "content": {"start": 49, "end": 57}, "cue": {"start": 40, "end": 48},
     "speaker_mention": {"start": 32, "end": 39}},
]}


def corpus(tmp_path, ann: list[str], text: str = TEXT, name: str = "a"):
    folder = tmp_path / "brat"
    (folder / "news").mkdir(parents=True, exist_ok=True)
    (folder / "news" / f"{name}.txt").write_bytes(text.encode("utf-8"))
    (folder / "news" / f"{name}.ann").write_text("\n".join(ann) + "\n", encoding="utf-8")
    return folder


def codes(conversion) -> list[tuple[str, str, str]]:
    return [(i.code, i.where, i.level) for i in conversion.incidents]


def test_relations_and_events_make_one_attribution_each(tmp_path):
    out = convert_brat(corpus(tmp_path, ANN))
    assert out.rows == [EXPECTED] and out.incidents == []


def test_a_discontinuous_span_becomes_its_cover_with_a_warning(tmp_path):
    ann = [*ANN[:2], "T3\tContent 12 17;24 30\ttalks resume", *ANN[3:]]
    out = convert_brat(corpus(tmp_path, ann))
    assert out.rows == [EXPECTED]
    assert codes(out) == [("brat-discontinuous", "line 3", "warning")]


def test_a_label_file_maps_other_names(tmp_path):
    ann = [line.replace("Source", "Speaker").replace("Cue:", "Verb:").replace("\tCue", "\tVerb")
           .replace("Content", "Quote") for line in ANN]
    labels = tmp_path / "labels.yaml"
    labels.write_text("Speaker: source\nVerb: cue\nQuote: content\n", encoding="utf-8")
    assert convert_brat(corpus(tmp_path, ann), read_labels(labels)).rows == [EXPECTED]


def test_the_first_annotation_file_is_used_when_there_are_several(tmp_path):
    folder = corpus(tmp_path, ANN)
    (folder / "news" / "a.b.ann").write_text("T1\tContent 0 6\tLavrov\n", encoding="utf-8")
    out = convert_brat(folder)
    assert out.rows == [EXPECTED]
    assert codes(out) == [("brat-several-annotators", "file", "warning")]


@pytest.mark.parametrize("line,code,where", [
    ("T7\tClaim 0 6\tLavrov", "brat-unknown-label", "line 11"),
    ("T7\tContent 50 70\tmove.", "brat-span-outside", "line 11"),
    ("T7\tContent 0 6\tLavrova", "brat-text-mismatch", "line 11"),
    ("R3\tAttribution Arg1:T2 Arg2:T9", "brat-missing-id", "line 11"),
    ("T7\tContent zero six\tLavrov", "brat-bad-line", "line 11"),
    ("X7 something", "brat-bad-line", "line 11"),
    ("T7\tSource 32 39\tWang Yi", "brat-no-content", "annotations T7"),
])
def test_each_problem_drops_what_it_concerns_and_keeps_the_rest(tmp_path, line, code, where):
    out = convert_brat(corpus(tmp_path, [*ANN, line]))
    assert out.rows == [EXPECTED]
    assert codes(out) == [(code, where, "error")]
    assert out.incidents[0].file.endswith("a.ann")


def test_a_text_not_in_utf8_is_named_and_skipped(tmp_path):
    folder = corpus(tmp_path, ANN)
    # "Le ministre a dit: " is 19 characters, one byte each in Latin-1: the guillemet is byte 19
    (folder / "news" / "b.txt").write_bytes("Le ministre a dit: « non ».".encode("latin-1"))
    (folder / "news" / "b.ann").write_text("", encoding="utf-8")
    out = convert_brat(folder)
    assert out.rows == [EXPECTED]
    assert [(i.code, i.where) for i in out.incidents] == [("brat-not-utf8", "byte 19")]


def test_a_text_without_annotations_and_annotations_without_text_are_named(tmp_path):
    folder = corpus(tmp_path, ANN)
    (folder / "news" / "c.txt").write_text("No one spoke.", encoding="utf-8")
    (folder / "news" / "d.ann").write_text("T1\tContent 0 2\tNo\n", encoding="utf-8")
    out = convert_brat(folder)
    assert [r["id"] for r in out.rows] == ["news/a", "news/c"] and out.rows[1]["statements"] == []
    assert [(i.code, i.file.rsplit("/", 1)[1], i.level) for i in out.incidents] == [
        ("brat-no-annotations", "c.txt", "warning"), ("brat-missing-text", "d.ann", "error")]


def test_nothing_converted_is_an_error_with_every_reason(tmp_path):
    with pytest.raises(DiploQuoteError) as e:
        convert_brat(corpus(tmp_path, ["T1\tClaim 0 6\tLavrov"]))
    assert [i.code for i in e.value.incidents] == ["brat-unknown-label", "brat-nothing-converted"]


@pytest.mark.parametrize("text", ["- Source\n", "Speaker: speaker\n"])
def test_a_bad_label_file_is_refused(tmp_path, text):
    labels = tmp_path / "labels.yaml"
    labels.write_text(text, encoding="utf-8")
    with pytest.raises(DiploQuoteError) as e:
        read_labels(labels)
    assert e.value.incidents[0].code == "brat-bad-labels"


def _as_predictions(gold_file, out):
    """Every gold statement as a predicted one: spans only, as the gold has them."""
    rows = [json.loads(line) for line in gold_file.read_text(encoding="utf-8").splitlines()]
    out.write_text("".join(json.dumps({"doc_id": r["id"], "statements": [
        {k: st[k] for k in ("content", "cue", "speaker_mention")} for st in r["statements"]]}) + "\n" for r in rows),
        encoding="utf-8")
    return out


def test_convert_then_eval_round_trip_scores_one_where_applicable(tmp_path, capsys):
    gold = tmp_path / "gold.jsonl"
    assert main(["convert", "brat", str(corpus(tmp_path, ANN)), "--out", str(gold)]) == 0
    assert "kept 1 documents and 2 statements; dropped 0" in capsys.readouterr().out
    preds = _as_predictions(gold, tmp_path / "p.jsonl")
    out = tmp_path / "out"
    assert main(["--root", str(ROOT), "eval", "--gold", str(gold), "--predictions", str(preds), "--speaker", "mention",
                 "--resamples", "0", "--out", str(out)]) == 0
    results = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert results["signature"]["speaker"] == "mention"
    for level in ("content", "content+speaker", "content+speaker+cue"):
        assert results["scores"][f"{level}.f1"]["value"] == 1.0
    assert results["scores"]["joint.f1"] == {"value": None, "ci": None,
                                             "note": "not applicable: 2 of 2 gold statements have no stance"}
    assert set(results["not_applicable"]) == {"joint"} and "joint" not in results["counts"]
    assert "| joint | n/a | n/a | n/a |" in (out / "report.md").read_text(encoding="utf-8")


# (source, cue, content) of each Report event, read off the tutorial's sentences by hand; a nested
# report's content is the whole reported event: "Reddit posted that ... merged" for "told".
TUTORIAL_ATTRIBUTIONS = {
    "090-event_structures": [
        ("Wikinews", "reported", "Google and YouTube merged"),
        ("My friend", "told", "Reddit posted that Wikinews reported that Google and YouTube merged"),
        ("Reddit", "posted", "Wikinews reported that Google and YouTube merged"),
        ("Wikinews", "reported", "Google and YouTube merged"),
    ],
    "100-attribute_annotation": [
        ("Somebody", "twitted", "YouTube may merge with Google"),
        ("CNN", "reports", "YouTube has merged with Google"),
    ] * 2,
    "080-event-annotation": [],  # merger events only: no report, no attribution
}


def test_a_real_brat_corpus_with_nested_report_events_converts_and_scores_one_against_itself(tmp_path, capsys):
    gold = tmp_path / "gold.jsonl"
    assert main(["convert", "brat", str(TUTORIAL), "--labels", str(TUTORIAL / "labels.yaml"), "--out", str(gold)]) == 0
    assert "kept 3 documents and 8 statements" in capsys.readouterr().out
    rows = {r["id"]: r for r in map(json.loads, gold.read_text(encoding="utf-8").splitlines())}

    def text(row, span):
        return row["text"][span["start"]:span["end"]]

    assert {doc: [(text(r, st["speaker_mention"]), text(r, st["cue"]), text(r, st["content"])) for st in r["statements"]]
            for doc, r in rows.items()} == TUTORIAL_ATTRIBUTIONS
    out = tmp_path / "out"
    assert main(["--root", str(ROOT), "eval", "--gold", str(gold), "--predictions",
                 str(_as_predictions(gold, tmp_path / "p.jsonl")), "--speaker", "mention", "--resamples", "0",
                 "--out", str(out)]) == 0
    scores = json.loads((out / "results.json").read_text(encoding="utf-8"))["scores"]
    assert [scores[f"{level}.f1"]["value"] for level in ("content", "content+speaker", "content+speaker+cue")] == [1.0] * 3


def test_convert_exits_1_only_when_nothing_converted(tmp_path, capsys):
    assert main(["convert", "brat", str(corpus(tmp_path, ["T1\tClaim 0 6\tLavrov"])),
                 "--out", str(tmp_path / "g.jsonl")]) == 1
    assert "[brat-nothing-converted]" in capsys.readouterr().err
    assert not (tmp_path / "g.jsonl").exists()


def _gold(tmp_path, statement: dict):
    path = tmp_path / "gold.jsonl"
    row = {"id": "d1", "text": TEXT, "statements": [{"statement_id": "s1", "content": {"start": 12, "end": 30},
                                                     "speaker_mention": {"start": 0, "end": 6}, **statement}]}
    path.write_text(json.dumps(row) + "\n", encoding="utf-8")
    return path


def _preds(tmp_path, statement: dict):
    path = tmp_path / "p.jsonl"
    path.write_text(json.dumps({"doc_id": "d1", "statements": [
        {"content": {"start": 12, "end": 30}, "speaker_mention": {"start": 0, "end": 6}, **statement}]}) + "\n",
        encoding="utf-8")
    return path


@pytest.mark.parametrize("given,rule", [({"speakers": ["sergey-lavrov"]}, "id"), ({"speaker_name": "Lavrov"}, "name")])
def test_gold_without_speaker_ids_scores_their_levels_as_not_applicable(tmp_path, given, rule):
    gold = load_gold(_gold(tmp_path, {}))
    assert gold[0].statements[0].speakers is None and gold[0].statements[0].stance is None
    r = evaluate(_preds(tmp_path, given), gold, Settings(resamples=0, speaker=rule))
    assert r.signature.speaker == rule
    assert r.scores["content.f1"]["value"] == 1.0
    assert r.scores["content+speaker.f1"]["value"] is None and r.tables["joint"]["f1"] is None
    assert set(r.not_applicable) == {"content+speaker", "content+speaker+cue", "joint"}
    assert "have no speakers" in r.not_applicable["content+speaker"]


@pytest.mark.parametrize("task,field", [("stance", "stance"), ("topic", "topics")])
def test_label_tasks_refuse_gold_without_their_label(tmp_path, capsys, task, field):
    (tmp_path / "p.jsonl").write_text(json.dumps({"statement_id": "s1", field: "support" if task == "stance"
                                                  else ["trade"]}) + "\n", encoding="utf-8")
    assert main(["--root", str(ROOT), "eval", "--task", task, "--gold", str(_gold(tmp_path, {})),
                 "--predictions", str(tmp_path / "p.jsonl"), "--resamples", "0"]) == 1
    assert f"field {field}: error [not-applicable]" in capsys.readouterr().err


def test_the_speaker_rule_is_chosen_and_signed(tmp_path):
    gold = load_gold(_gold(tmp_path, {"speakers": ["sergey-lavrov"], "type": "indirect", "stance": "support",
                                      "target": "own-policy", "topics": ["trade"]}))
    preds = _preds(tmp_path, {"speakers": ["wang-yi"]})  # the wrong id, the right mention
    inferred = evaluate(preds, gold, Settings(resamples=0))
    chosen = evaluate(preds, gold, Settings(resamples=0, speaker="mention"))
    assert (inferred.signature.speaker, inferred.scores["content+speaker.f1"]["value"]) == ("id", 0.0)
    assert (chosen.signature.speaker, chosen.scores["content+speaker.f1"]["value"]) == ("mention", 1.0)
    assert chosen.not_applicable == {}


def test_an_unknown_speaker_rule_is_refused():
    with pytest.raises(DiploQuoteError) as e:
        Settings(speaker="auto")
    assert (e.value.incidents[0].code, e.value.incidents[0].where) == ("bad-setting", "speaker")

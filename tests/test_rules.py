"""The ``rules`` extractor on English news whoever speaks: one sentence per construction, and
every output valid against the prediction schema on random and adversarial texts."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings, strategies as st

from diploquote.baselines import rules
from diploquote.baselines.rules import Extractor, Registry
from diploquote.schema.jsonschemas import validator

SPEAKERS = [{"id": "vladimir-putin", "name": "Vladimir Putin", "aliases": ["Putin"], "roles": []},
            {"id": "recep-tayyip-erdogan", "name": "Recep Tayyip Erdogan", "aliases": ["Erdogan"], "roles": []}]
EXTRACT = Extractor(Registry.build(SPEAKERS))


def statements(text: str) -> list[tuple]:
    """(content, cue, mention, speakers, speaker_name) texts of each statement."""
    def cut(span):
        return None if span is None else text[span["start"]:span["end"]]
    return [(cut(s["content"]), cut(s["cue"]), cut(s["speaker_mention"]), tuple(s.get("speakers") or ()),
             s.get("speaker_name")) for s in EXTRACT.extract(text)]


def test_a_speaker_outside_the_registry_still_gives_a_statement_with_a_name():
    got = statements("In a phone call on Monday, the Finnish foreign minister said the border would stay closed.")
    assert got == [("the border would stay closed", "said", "the Finnish foreign minister", (), "the Finnish foreign minister")]


def test_the_mention_is_the_noun_phrase_not_the_clause_before_the_cue():
    got = statements("In a phone call Putin said the talks had been useful.")
    assert got == [("the talks had been useful", "said", "Putin", ("vladimir-putin",), None)]


def test_a_quotation_followed_by_its_attribution():
    assert statements("“We will not give up,” he said.") == [("We will not give up", "said", "he", (), "he")]
    assert statements("Erdogan arrived. \"The corridor must stay open,\" said the president.") == [
        ("The corridor must stay open", "said", "the president", ("recep-tayyip-erdogan",), None)]


def test_a_split_quotation_gives_two_parts_of_one_speaker():
    got = statements("“We are ready,” Putin said, “but the guarantees must come first.”")
    assert got == [("We are ready", "said", "Putin", ("vladimir-putin",), None),
                   ("but the guarantees must come first", "said", "Putin", ("vladimir-putin",), None)]


def test_according_to():
    assert statements("The ceasefire will hold, according to Erdogan.") == [
        ("The ceasefire will hold", "according to", "Erdogan", ("recep-tayyip-erdogan",), None)]
    assert statements("According to the ministry spokesperson, talks will resume in May.") == [
        ("talks will resume in May", "According to", "the ministry spokesperson", (), "the ministry spokesperson")]


def test_told_reporters_skips_the_addressee():
    assert statements("Jane Doe told reporters that the deal was close.") == [
        ("the deal was close", "told", "Jane Doe", (), "Jane Doe")]
    assert statements("Putin told reporters the deal was close.") == [
        ("the deal was close", "told", "Putin", ("vladimir-putin",), None)]


def test_a_passive_report_has_no_mention_and_no_speakers():
    assert statements("It was stressed that the dialogue should continue.") == [
        ("the dialogue should continue", "stressed", None, (), None)]
    assert EXTRACT.extract("It was stressed that the dialogue should continue.")[0].get("speakers") is None


def test_attribution_in_a_headline_like_first_line():
    text = "Erdogan says grain corridor must stay open\nANKARA (Reuters) - The talks went on."
    assert statements(text) == [("grain corridor must stay open", "says", "Erdogan", ("recep-tayyip-erdogan",), None)]
    text = "Putin: sanctions will fail\nMOSCOW - The talks went on."
    assert statements(text) == [("sanctions will fail", None, "Putin", ("vladimir-putin",), None)]


def test_question_and_answer_turn_labels():
    text = "Q: Will the talks resume?\nA: They will, next week.\nMR SMITH: Thank you all."
    assert statements(text) == [("Will the talks resume?", None, "Q", (), "Q"),
                                ("They will, next week", None, "A", (), "A"),
                                ("Thank you all", None, "MR SMITH", (), "MR SMITH")]


def test_a_nested_report_gives_only_the_outer_statement():
    assert statements("Putin said Erdogan had noted that the corridor was open.") == [
        ("Erdogan had noted that the corridor was open", "said", "Putin", ("vladimir-putin",), None)]


# ---------------------------------------------------------------- every output is valid

CHECK = validator("prediction-attribution")
PIECES = ["said", " said ", "according to", "told reporters", "“", "”", "\"", "'", ",", ".", ":", "\n", "\n\n",
          "Q:", "A:", "MR X:", "Putin", "he", "It was stressed that", " ", "é", "中文", "\u200b", "that", "says"]


def check_valid(text: str) -> None:
    record = {"doc_id": "d", "statements": EXTRACT.extract(text)}
    assert not list(CHECK.iter_errors(record))
    keys = set()
    for s in record["statements"]:
        for field in ("content", "cue", "speaker_mention"):
            span = s.get(field)
            if span is not None:
                assert 0 <= span["start"] < span["end"] <= len(text), (field, span)
                assert "\n" not in text[span["start"]:span["end"]]
        assert "speakers" in s or "speaker_name" in s or s["speaker_mention"] is None
        key = (s["content"]["start"], s["content"]["end"], str(s["cue"]), str(s["speaker_mention"]))
        assert key not in keys
        keys.add(key)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=12)), max_size=40))
def test_every_output_is_valid_on_adversarial_texts(pieces):
    check_valid("".join(pieces))


def test_every_output_is_valid_on_long_and_degenerate_texts():
    for text in ["", "\n\n", "said", "“", "“”", "said said said", "A:", "Q: ", ":", "“said,” said",
                 "Putin said " + "and the talks went on " * 2000, "he said “" * 50, "word " * 5000]:
        check_valid(text)


def test_rules_on_the_outside_genre_development_set_is_scored_without_a_rejection(tmp_path):
    """The development set of outside news (tests/data/outside-genre, written for it and never used to
    write the rules) is scored strictly, speakers by mention: every rules output is accepted."""
    from diploquote.baselines.data import read_documents
    from diploquote.eval.gold import load_gold
    from diploquote.eval.harness import Settings, evaluate
    from diploquote.schema.jsonl import write_jsonl

    folder = Path(__file__).parent / "data" / "outside-genre"
    gold = load_gold(folder / "gold.jsonl")
    preds = tmp_path / "rules.jsonl"
    write_jsonl(rules.attribution(read_documents(folder / "documents.jsonl"), []), preds)
    result = evaluate(preds, gold, Settings(speaker="mention", resamples=0))
    assert result.rejected == 0 and len(gold) == 24
    # 0.535 when the set was made (README); a fall below 0.5 is a regression of rules on outside news
    assert result.scores["content.f1"]["value"] >= 0.5

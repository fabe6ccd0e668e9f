"""A speaker mention is resolved in its statement's sentence (guidelines 11.5, rule M1), and one
that lies outside it is an error of ``diploquote validate``."""

from __future__ import annotations

from pathlib import Path

from diploquote.builders.annotations.resolve import load, resolve
from diploquote.builders.annotations.validate import validate_annotations
from diploquote.builders.readers import read_document
from diploquote.schema.yamlfile import dump_yaml

from conftest import DATASET, manifest_rows

NETANYAHU = "whitehouse-2023-10-29-readout-of-president-bidens-call-with-prime-minister-netanyahu-of-israel-7"
ABKHAZIA = "kremlin-17662"  # a transcript: "President of Russia Vladimir Putin: ..." turns
BALI = "whitehouse-2022-11-14-readout-of-president-joe-bidens-meeting-with-president-xi-jinping-of-the-peoples-republic-of-china"


def committed(doc_id: str):
    """The committed annotations of ``doc_id`` resolved, by local statement id, and the text."""
    resolved, incidents = validate_annotations(DATASET, [DATASET / "annotations" / f"{doc_id}.yaml"])
    assert incidents == []
    text = read_document(DATASET / "raw", manifest_rows()[doc_id]).text
    return {st.statement_id.rsplit("/", 1)[1]: st for st in resolved[doc_id]}, text


def test_mention_is_the_one_in_the_statements_sentence_or_the_turn_label():
    # "... and underscored the need to do so ... protection of civilians. The President and Prime
    # Minister discussed ...": the next sentence's "The President" is nearer the content, but the
    # mention is the subject of the cue's own sentence
    statements, text = committed(NETANYAHU)
    assert statements["s3"].speaker_mention.start == text.index("The President reiterated")
    assert statements["s5"].speaker_mention.start == text.index("The President underscored the need to immediately")
    # a transcript turn's label, at the start of its first paragraph, is still the mention of the
    # turn's later paragraphs
    statements, text = committed(ABKHAZIA)
    putin = text.index("President of Russia Vladimir Putin:")
    ankvab = text.index("President of Abkhazia Alexander Ankvab:")
    assert [statements[s].speaker_mention.start for s in ("s2", "s3", "s4", "s5", "s6")] == [putin] * 2 + [ankvab] * 3
    assert statements["s6"].content.start > text.index("\n", ankvab)


def resolve_one(tmp_path: Path, statement: dict):
    path = tmp_path / f"{BALI}.yaml"
    path.write_text(dump_yaml({"document": BALI, "statements": [statement]}), encoding="utf-8")
    data, incidents = load(path)
    assert incidents == []
    doc = read_document(DATASET / "raw", manifest_rows()[BALI])
    [st], incidents = resolve(path, data, doc, {"joseph-biden"}, {"none"})
    assert incidents == []
    return st, doc.text


def test_without_one_in_the_sentence_the_mention_before_the_content_is_taken(tmp_path):
    # "He raised U.S. objections ... President Biden also raised ongoing concerns about [content],
    # which harm ... around the world. He again underscored": the sentence has no "He"; the one
    # after is nearer (85 characters) than the one before, but the one before is taken
    st, text = resolve_one(tmp_path, {
        "id": "s1", "speakers": ["joseph-biden"], "speaker_mention": "He", "cue": "also raised",
        "content": "ongoing concerns about China’s non-market economic practices", "type": "indirect",
        "stance": "oppose", "target": "counterpart", "topics": ["trade"]})
    assert st.speaker_mention.start == text.index("He raised U.S. objections")


def test_a_mention_outside_the_statements_sentence_is_an_error(tmp_path):
    # the seventh "President Biden" opens the next sentence ("President Biden also raised concerns
    # about the DPRK"); given by occurrence, it is resolved there, and validate says so
    folder = tmp_path / "dataset"
    folder.mkdir()
    path = tmp_path / f"{BALI}.yaml"
    path.write_text(dump_yaml({"document": BALI, "statements": [{
        "id": "s9", "speakers": ["joseph-biden"], "speaker_mention": {"text": "President Biden", "occurrence": 7},
        "cue": "raised", "content": "Russia’s brutal war against Ukraine and Russia’s irresponsible threats of nuclear use",
        "type": "indirect", "stance": "oppose", "target": "third-party", "topics": ["armed-conflict"]}]}),
        encoding="utf-8")
    resolved, incidents = validate_annotations(DATASET, [path])
    text = read_document(DATASET / "raw", manifest_rows()[BALI]).text
    assert resolved[BALI][0].speaker_mention.start == text.index("President Biden also raised concerns about the DPRK")
    [inc] = incidents
    assert (inc.code, inc.level, inc.file, inc.where) == (
        "mention-outside-sentence", "error", str(path), "statement s9, field speaker_mention")
    assert "`occurrence` or `context`" in inc.message and "the one in the statement's sentence" in inc.message


def test_the_lead_in_of_a_list_is_the_mention_of_its_items():
    # "The Governments of Australia and the People’s Republic of China have:" and then one line an
    # outcome ("Agreed to establish a High-level Security Dialogue."): the items continue the
    # lead-in's sentence, so the mention, lines before them, is in their sentence
    doc = "auspm-transcript-40845"
    statements, text = committed(doc)
    lead_in = text.index("The Governments of Australia and the People’s Republic of China have:")
    assert {statements[f"s{k}"].speaker_mention.start for k in range(6, 18)} == {lead_in}

"""Annotation files: spans anchored by text resolve to the right offsets; every problem is located."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from diploquote.builders.annotations.resolve import load, resolve
from diploquote.builders.annotations.validate import validate_annotations
from diploquote.builders.readers import read_document

from diploquote.schema.yamlfile import dump_yaml
from helpers import DATASET, XINHUA, manifest_rows

# An openly licensed White House readout (the 2022 Bali meeting): its text is in the repository.
BALI = "whitehouse-2022-11-14-readout-of-president-joe-bidens-meeting-with-president-xi-jinping-of-the-peoples-republic-of-china"
SPEAKERS = {"joseph-biden", "xi-jinping"}


@pytest.fixture(scope="module")
def bali():
    return read_document(DATASET / "raw", manifest_rows()[BALI])


def statement(**over) -> dict:
    base = {"id": "s1", "speakers": ["joseph-biden"], "speaker_mention": "President Biden", "cue": "underscored",
            "content": "the United States and China must work together to address transnational challenges",
            "type": "indirect", "stance": "support", "target": "bilateral-relations", "topics": ["bilateral-relations"]}
    return {**base, **over}


def write(tmp_path: Path, statements: list[dict], raw: str | None = None) -> Path:
    path = tmp_path / f"{BALI}.yaml"
    path.write_text(raw if raw is not None else dump_yaml({"document": BALI, "statements": statements}),
                    encoding="utf-8")
    return path


def run(tmp_path, doc, statements):
    path = write(tmp_path, statements)
    data, incidents = load(path)
    assert incidents == []
    return resolve(path, data, doc, SPEAKERS, SPEAKERS | {"none"})


def test_unique_span_resolves_to_its_offsets(tmp_path, bali):
    [st], incidents = run(tmp_path, bali, [statement()])
    assert incidents == []
    content = "the United States and China must work together to address transnational challenges"
    assert (st.content.start, st.content.end) == (bali.text.index(content), bali.text.index(content) + len(content))
    assert bali.text[st.cue.start:st.cue.end] == "underscored"
    # "President Biden" occurs many times: the one in the content's paragraph, right before the cue, is taken
    assert st.speaker_mention.start == st.cue.start - len("President Biden ")
    assert st.statement_id == f"{BALI}/s1"


def test_pronoun_mention_does_not_match_inside_a_word(tmp_path, bali):
    # between "he laid out" and the content stand "the status quo" and "either": the word "he" is
    # found, not the "he" inside them
    content = "the world has an interest in the maintenance of peace and stability in the Taiwan Strait"
    [st], incidents = run(tmp_path, bali, [statement(content=content, speaker_mention="he", cue="laid out")])
    assert incidents == []
    assert bali.text[st.speaker_mention.start - 1:st.speaker_mention.end + 9] == " he laid out"


def test_ambiguous_content_needs_occurrence_or_context(tmp_path, bali):
    _, incidents = run(tmp_path, bali, [statement(content="Taiwan Strait")])
    assert [i.code for i in incidents] == ["span-ambiguous"]
    assert "statement s1, field content" == incidents[0].where
    [st], incidents = run(tmp_path, bali, [statement(content={"text": "Taiwan Strait", "occurrence": 2})])
    first = bali.text.index("Taiwan Strait")
    assert incidents == [] and st.content.start == bali.text.index("Taiwan Strait", first + 1)
    context = "peace and stability across the Taiwan Strait"
    [st], incidents = run(tmp_path, bali, [statement(content={"text": "Taiwan Strait", "context": context})])
    assert incidents == []
    assert st.content.start == bali.text.index(context) + len("peace and stability across the ")


@pytest.mark.parametrize("change,code", [
    ({"content": "Biden said the moon is made of cheese"}, "span-not-found"),
    ({"content": {"text": "Taiwan Strait", "occurrence": 9}}, "occurrence-out-of-range"),
    ({"content": {"text": "Taiwan Strait", "context": "not in the text"}}, "context-not-found"),
    ({"speakers": ["vladimir-putin"]}, "unknown-speaker"),
    ({"topics": ["trade", "trade"]}, "duplicate-topic"),
])
def test_content_problems_are_located(tmp_path, bali, change, code):
    _, incidents = run(tmp_path, bali, [statement(**change)])
    assert code in [i.code for i in incidents]
    assert all(i.where.startswith("statement s1") for i in incidents)
    assert all(i.file.endswith(f"{BALI}.yaml") for i in incidents)


def test_unknown_label_is_a_schema_violation_naming_the_field(tmp_path):
    path = write(tmp_path, [statement(stance="favour")])
    data, incidents = load(path)
    assert data is None
    [inc] = incidents
    assert inc.code == "schema-violation" and inc.where == "statement s1, field stance" and "favour" in inc.message


def test_duplicate_statement_id(tmp_path, bali):
    other = statement(id="s2", content="a nuclear war should never be fought and can never be won",
                      speakers=["joseph-biden", "xi-jinping"], speaker_mention="President Biden and President Xi",
                      cue="reiterated their agreement")
    _, incidents = run(tmp_path, bali, [statement(), other])
    assert incidents == []
    statements, incidents = run(tmp_path, bali, [statement(), {**other, "id": "s1"}])
    assert [i.code for i in incidents] == ["duplicate-statement-id"] and len(statements) == 1


def test_malformed_yaml_reports_line_and_stops_before_content_checks(tmp_path):
    path = write(tmp_path, [], raw="document: x\nstatements:\n  - id: s1\n    content: [unclosed\n")
    data, incidents = load(path)
    assert data is None
    [inc] = incidents
    assert inc.code == "yaml-invalid" and inc.where.startswith("line ")


def test_every_committed_annotation_resolves():
    resolved, incidents = validate_annotations(DATASET)
    assert incidents == []
    assert XINHUA in resolved and len(resolved[XINHUA]) == 18


TURKIYE = "whitehouse-2023-12-14-readout-of-president-bidens-call-with-president-erdogan-of-turkiye-3"


def test_a_typed_span_is_normalised_like_the_text(tmp_path):
    """A committed file edited as an editor might leave it: NFD, doubled and odd white space, a
    zero-width space; it resolves to the offsets of the file as committed, or says what differs."""
    committed = DATASET / "annotations" / f"{TURKIYE}.yaml"
    expected, incidents = validate_annotations(DATASET, [committed])
    assert incidents == []
    text = committed.read_text(encoding="utf-8")
    edits = {
        "and Türkiye": unicodedata.normalize("NFD", "and Türkiye"),  # s3
        "the war in Gaza": "the war\u00a0 in\u2009 Gaza",  # s4: no-break and thin spaces, doubled
        "his support for Israel": "his\u200b support for\u200bIsrael",  # s5: zero-width spaces between words
    }
    for old, new in edits.items():
        assert text.count(old) == 1
        text = text.replace(old, new)
    edited = tmp_path / committed.name
    edited.write_text(text, encoding="utf-8")
    resolved, incidents = validate_annotations(DATASET, [edited])
    assert incidents == []
    assert resolved == expected

    # a zero-width space inside a word cannot be normalised away: the message says only that differs
    edited.write_text(text.replace("the need for a political", "the need for a poli\u200btical"), encoding="utf-8")
    _, incidents = validate_annotations(DATASET, [edited])
    [inc] = incidents
    assert (inc.code, inc.where) == ("span-normalisation-differs", "statement s6, field content")
    assert "only in white space or invisible characters" in inc.message and "political horizon" in inc.message

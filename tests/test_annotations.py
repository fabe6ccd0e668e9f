"""Annotation files: spans anchored by text resolve to the right offsets; every problem is located."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from diploquote.builders.annotations.resolve import load, resolve

from conftest import XINHUA

SPEAKERS = {"xi-jinping", "donald-trump"}


def statement(**over) -> dict:
    base = {"id": "s1", "speakers": ["xi-jinping"], "speaker_mention": "Xi", "cue": "noted",
            "content": "he and Trump had a successful meeting in Busan last month",
            "type": "indirect", "stance": "support", "target": "agreement-or-initiative", "topics": ["bilateral-relations"]}
    return {**base, **over}


def write(tmp_path: Path, statements: list[dict], raw: str | None = None) -> Path:
    path = tmp_path / f"{XINHUA}.yaml"
    path.write_text(raw if raw is not None else yaml.safe_dump({"document": XINHUA, "statements": statements}),
                    encoding="utf-8")
    return path


def run(tmp_path, xinhua_text, statements):
    path = write(tmp_path, statements)
    data, incidents = load(path)
    assert incidents == []
    return resolve(path, data, xinhua_text, SPEAKERS)


def test_unique_span_resolves_to_its_offsets(tmp_path, xinhua_text):
    [st], incidents = run(tmp_path, xinhua_text, [statement()])
    assert incidents == []
    content = "he and Trump had a successful meeting in Busan last month"
    assert (st.content.start, st.content.end) == (xinhua_text.index(content), xinhua_text.index(content) + len(content))
    assert xinhua_text[st.cue.start:st.cue.end] == "noted"
    # "Xi" occurs many times: the one in the content's paragraph, right before the cue, is taken
    assert st.speaker_mention.start == st.cue.start - 3
    assert st.statement_id == f"{XINHUA}/s1"


def test_pronoun_mention_does_not_match_inside_a_word(tmp_path, xinhua_text):
    # "he said" ends a paragraph whose content is full of "the": the word "he" is found, not "t-he"
    content = "They recalibrated the course of the giant ship of China-U.S. relations"
    [st], incidents = run(tmp_path, xinhua_text, [statement(content=content, speaker_mention="he", cue="said")])
    assert incidents == []
    assert xinhua_text[st.speaker_mention.start - 1:st.speaker_mention.end + 5] == " he said"


def test_ambiguous_content_needs_occurrence_or_context(tmp_path, xinhua_text):
    _, incidents = run(tmp_path, xinhua_text, [statement(content="Busan")])
    assert [i.code for i in incidents] == ["span-ambiguous"]
    assert "statement s1, field content" == incidents[0].where
    [st], incidents = run(tmp_path, xinhua_text, [statement(content={"text": "Busan", "occurrence": 2})])
    assert incidents == [] and st.content.start == xinhua_text.index("Busan", xinhua_text.index("Busan") + 1)
    [st], incidents = run(tmp_path, xinhua_text, [statement(content={"text": "Busan", "context": "meeting with Xi in Busan"})])
    assert incidents == []
    assert st.content.start == xinhua_text.index("meeting with Xi in Busan") + len("meeting with Xi in ")


@pytest.mark.parametrize("change,code", [
    ({"content": "Xi said the moon is made of cheese"}, "span-not-found"),
    ({"content": {"text": "Busan", "occurrence": 9}}, "occurrence-out-of-range"),
    ({"content": {"text": "Busan", "context": "not in the text"}}, "context-not-found"),
    ({"speakers": ["vladimir-putin"]}, "unknown-speaker"),
    ({"topics": ["trade", "trade"]}, "duplicate-topic"),
])
def test_content_problems_are_located(tmp_path, xinhua_text, change, code):
    _, incidents = run(tmp_path, xinhua_text, [statement(**change)])
    assert code in [i.code for i in incidents]
    assert all(i.where.startswith("statement s1") for i in incidents)
    assert all(i.file.endswith(f"{XINHUA}.yaml") for i in incidents)


def test_unknown_label_is_a_schema_violation_naming_the_field(tmp_path):
    path = write(tmp_path, [statement(stance="favour")])
    data, incidents = load(path)
    assert data is None
    [inc] = incidents
    assert inc.code == "schema-violation" and inc.where == "statement s1, field stance" and "favour" in inc.message


def test_duplicate_statement_id(tmp_path, xinhua_text):
    other = statement(id="s2", content="China was a big part of the victory of WWII", speakers=["donald-trump"],
                      speaker_mention="Trump", cue="said")
    _, incidents = run(tmp_path, xinhua_text, [statement(), other])
    assert incidents == []
    statements, incidents = run(tmp_path, xinhua_text, [statement(), {**other, "id": "s1"}])
    assert [i.code for i in incidents] == ["duplicate-statement-id"] and len(statements) == 1


def test_malformed_yaml_reports_line_and_stops_before_content_checks(tmp_path):
    path = write(tmp_path, [], raw="document: x\nstatements:\n  - id: s1\n    content: [unclosed\n")
    data, incidents = load(path)
    assert data is None
    [inc] = incidents
    assert inc.code == "yaml-invalid" and inc.where.startswith("line ")


def test_every_committed_annotation_resolves():
    from diploquote.builders.annotations.validate import validate_annotations

    from conftest import DATASET

    resolved, incidents = validate_annotations(DATASET)
    assert incidents == []
    assert XINHUA in resolved and len(resolved[XINHUA]) == 18

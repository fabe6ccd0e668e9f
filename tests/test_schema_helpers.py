"""The shared helpers of schema/: Markdown tables, label ids and names, JSON-Schema incidents."""

from __future__ import annotations

import pytest

from diploquote.schema import STANCES, TOPICS
from diploquote.schema.jsonschemas import schema_incidents, validator
from diploquote.schema.labels import label_id, label_name
from diploquote.schema.markdown import table


def test_a_markdown_table_escapes_what_would_break_its_rows():
    assert table(["", "a|b"], [["x", "one\ntwo"], ["`s:1|n:2`", 3]]) == (
        "| | a\\|b |\n|---|---|\n| x | one two |\n| `s:1\\|n:2` | 3 |")


def test_label_ids_and_names_round_trip_and_refuse_strangers():
    assert label_id("stance", STANCES[2]) == 2 and label_name("stance", 2) == STANCES[2]
    assert label_name("topic", TOPICS[0]) == TOPICS[0] == label_name("topic", 0)
    for field, value in (("stance", "favour"), ("stance", 3), ("stance", -1), ("topic", True), ("type", 1.0)):
        with pytest.raises(ValueError):
            label_name(field, value)


def test_schema_incidents_locate_each_error_by_line_and_field():
    check = validator("prediction-attribution")
    line = {"doc_id": "d", "statements": [{"content": {"start": 1.0, "end": 4}}, {"cue": None}]}
    got = {(i.where, i.message) for i in schema_incidents(check, line, "p.jsonl", "line 7")}
    assert got == {("line 7, field statements[0].content.start", "1.0 is not of type 'integer'"),
                   ("line 7, field statements[1]", "'content' is a required property")}


def test_command_line_choices_and_defaults_come_from_the_registries():
    from diploquote.cli import build_parser
    from diploquote.eval.harness import Settings
    from diploquote.eval.matching import MODES
    from diploquote.eval.tasks import TASKS

    args = build_parser().parse_args(["eval", "--predictions", "p.jsonl"])
    defaults = Settings()
    assert (args.task, args.mode, args.threshold, args.seed, args.resamples, args.confidence) == (
        defaults.task, defaults.mode.name, defaults.mode.threshold, defaults.seed, defaults.resamples,
        defaults.confidence)
    eval_parser = build_parser()._subparsers._group_actions[0].choices["eval"]
    choices = {a.dest: a.choices for a in eval_parser._actions if a.choices}
    assert list(choices["task"]) == list(TASKS) and tuple(choices["mode"]) == MODES


def _mutations():
    from hypothesis import strategies as st
    leaf = st.one_of(st.none(), st.booleans(), st.integers(-3, 10**6), st.floats(allow_nan=False),
                     st.text(max_size=8), st.sampled_from(["support", "indirect", "s1", "none", "xi-jinping"]))
    return st.tuples(st.integers(0, 10**6), st.sampled_from(["set", "delete"]), leaf)


def _mutate(obj, pick: int, how: str, value):
    """``obj`` with one of its values (the pick-th, walking the tree) replaced or deleted."""
    import copy
    obj = copy.deepcopy(obj)
    places = []

    def walk(node):
        items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
        for k, v in items:
            places.append((node, k))
            walk(v)
    walk(obj)
    node, key = places[pick % len(places)]
    if how == "delete":
        del node[key]
    else:
        node[key] = value
    return obj


def test_the_fast_validator_says_valid_exactly_when_jsonschema_finds_no_error():
    # A real annotation file, changed at one place at a time: the fast answer must be jsonschema's.
    from hypothesis import given, settings

    from diploquote.schema.jsonschemas import StrictValidator, json_schema
    from diploquote.schema.yamlfile import read_yaml
    from helpers import DATASET
    real = read_yaml(DATASET / "annotations" / "kremlin-55702.yaml")
    explain = StrictValidator(json_schema("annotation"))
    fast = validator("annotation")
    assert fast.is_valid(real)

    @settings(max_examples=300, deadline=None)
    @given(_mutations())
    def check(mutation):
        obj = _mutate(real, *mutation)
        assert fast.is_valid(obj) == (not any(explain.iter_errors(obj)))
    check()

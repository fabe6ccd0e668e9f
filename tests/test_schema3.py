"""Gold schema 3: the speech act and the named target, their registry, their task and their figures."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace

import pytest

from diploquote.builders.annotations.targets import load_targets
from diploquote.builders.annotations.validate import validate_annotations
from diploquote.eval import agreement, audit
from diploquote.eval.harness import Settings, evaluate
from diploquote.eval.records import GoldDocument, GoldStatement
from diploquote.schema import ACTS
from diploquote.schema.errors import DiploQuoteError
from diploquote.schema.yamlfile import dump_yaml, read_yaml

from helpers import DATASET

BALI = "whitehouse-2022-11-14-readout-of-president-joe-bidens-meeting-with-president-xi-jinping-of-the-peoples-republic-of-china"
TEXT = "0123456789" * 3


def gold_statement(sid: str, start: int, target_id: str | None, act: str | None = "assert") -> GoldStatement:
    return GoldStatement(sid, (start, start + 4), None, None, frozenset({"xi-jinping"}), "indirect", "support",
                         "bilateral-relations", frozenset({"trade"}), target_id, act)


def edited_copy(tmp_path, edit) -> list:
    """The incidents of a copy of a real gold file after ``edit(statement)`` on its first statement."""
    data = read_yaml(DATASET / "annotations" / f"{BALI}.yaml")
    edit(data["statements"][0])
    path = tmp_path / f"{BALI}.yaml"
    path.write_text(dump_yaml(data), encoding="utf-8")
    return validate_annotations(DATASET, [path])[1]


def test_every_gold_statement_has_an_act_and_a_target_id_that_resolves():
    resolved, incidents = validate_annotations(DATASET)
    assert incidents == []
    statements = [st for sts in resolved.values() for st in sts]
    assert statements and all(st.act in ACTS for st in statements)
    assert all(st.target_id is not None for st in statements)


def test_an_unknown_target_id_is_a_located_incident(tmp_path):
    [inc] = edited_copy(tmp_path, lambda st: st.update(target_id="atlantis-question"))
    assert (inc.code, inc.where) == ("unknown-target", "statement s1, field target_id")
    assert "dataset/targets/" in inc.message


def test_a_version_3_file_without_act_is_refused(tmp_path):
    [inc] = edited_copy(tmp_path, lambda st: st.pop("act"))
    assert inc.code == "schema-violation" and "'act' is a required property" in inc.message


def test_a_release_needs_every_file_by_guidelines_3(tmp_path):
    from diploquote.builders.release.build import assemble

    from helpers import make_dataset

    root = make_dataset(tmp_path / "project", [BALI])
    path = root / "dataset" / "annotations" / f"{BALI}.yaml"
    data = read_yaml(path)
    del data["guidelines"]
    for st in data["statements"]:
        st.pop("act"), st.pop("target_id")
    path.write_text(dump_yaml(data), encoding="utf-8")
    with pytest.raises(DiploQuoteError) as e:
        assemble(root / "dataset")
    assert [i.code for i in e.value.incidents] == ["guidelines-outdated"]


def test_the_target_registry_refuses_an_id_defined_twice(tmp_path):
    folder = tmp_path / "targets"
    shutil.copytree(DATASET / "targets", folder)
    entry = read_yaml(folder / "issues.yaml")[0]
    (folder / "more.yaml").write_text(dump_yaml([entry]), encoding="utf-8")
    with pytest.raises(DiploQuoteError) as e:
        load_targets(folder)
    assert [i.code for i in e.value.incidents] == ["duplicate-target-id"]


def test_target_task_accuracy_and_macro_f1_by_hand(tmp_path):
    gold = [GoldDocument("d1", "test", TEXT, [gold_statement("s1", 0, "relations-chn-usa"),
                                              gold_statement("s2", 5, "relations-chn-usa"),
                                              gold_statement("s3", 10, "taiwan-question"),
                                              gold_statement("s4", 15, "none")])]
    path = tmp_path / "target.jsonl"
    path.write_text("".join(json.dumps(x) + "\n" for x in [
        {"statement_id": "s1", "target_id": "relations-chn-usa"}, {"statement_id": "s2", "target_id": "ukraine-war"},
        {"statement_id": "s3", "target_id": "taiwan-question"}, {"statement_id": "s4", "target_id": "relations-chn-usa"}]))
    r = evaluate(path, gold, Settings(task="target", resamples=0))
    assert r.scores["accuracy"]["value"] == pytest.approx(2 / 4)
    # per id F1: relations-chn-usa p 1/2 r 1/2 -> 1/2; taiwan-question 1; none 0; ukraine-war (not in gold) 0
    assert r.scores["macro_f1"]["value"] == pytest.approx((0.5 + 1 + 0 + 0) / 4)


def test_the_target_task_does_not_apply_to_gold_without_target_ids(tmp_path):
    gold = [GoldDocument("d1", "test", TEXT, [gold_statement("s1", 0, None, None)])]
    path = tmp_path / "target.jsonl"
    path.write_text(json.dumps({"statement_id": "s1", "target_id": "none"}) + "\n")
    with pytest.raises(DiploQuoteError) as e:
        evaluate(path, gold, Settings(task="target", resamples=0))
    assert e.value.incidents[0].code == "not-applicable"


def test_act_and_target_id_agreement_by_hand():
    a = [GoldDocument("d1", "test", None, [gold_statement(f"s{i}", 5 * i, t, act)
                                           for i, (t, act) in enumerate([("x", "assert"), ("x", "commit"),
                                                                         ("y", "assert"), ("y", "commit")])])]
    b = [GoldDocument("d1", "test", None, [replace(st, act="assert", target_id="x" if i < 3 else "y")
                                           for i, st in enumerate(a[0].statements)])]
    fig = agreement.figures(a, b)
    # acts: A = assert, commit, assert, commit; B = assert x4: po 1/2, pe 1/2 -> kappa 0
    assert fig["act_kappa"] == pytest.approx(0.0)
    # ids: A = x x y y; B = x x x y: po 3/4, pe (1/2 * 3/4 + 1/2 * 1/4) = 1/2 -> kappa 1/2
    assert fig["target_id_agreement"] == pytest.approx(0.75) and fig["target_id_kappa"] == pytest.approx(0.5)
    v2 = [GoldDocument("d1", "test", None, [replace(st, act=None, target_id=None) for st in a[0].statements])]
    assert agreement.figures(v2, v2)["act_kappa"] is None


def test_audit_figures_and_wilson_intervals_by_hand():
    real = [{"file": "d", "statement": f"s{i}", "real": True, **{f: i != 0 for f in audit.FIELDS}} for i in range(8)]
    records = real + [{"file": "d", "statement": "s8", "real": False, **{f: False for f in audit.FIELDS}},
                      {"file": "d", "statement": "s9", "real": False, **{f: False for f in audit.FIELDS}},
                      {"file": "d", "statement": None, "missed": "one more"}]
    fig = audit.figures(records)
    assert fig["precision"]["value"] == pytest.approx(0.8) and fig["recall"]["value"] == pytest.approx(8 / 9)
    assert fig["fields"]["stance"]["value"] == pytest.approx(7 / 8)
    # Wilson 95% interval of 8/10, z = 1.95996: (0.4902, 0.9433)
    low, high = fig["precision"]["ci"]
    assert (round(low, 4), round(high, 4)) == (0.4902, 0.9433)

"""The consistency report groups like statements and lists where their labels differ."""

from __future__ import annotations

from diploquote.builders.annotations.consistency import Disagreement, FarMention, consistency, render
from diploquote.builders.annotations.resolve import ResolvedStatement, Span
from diploquote.cli import main

from conftest import DATASET


def st(sid: str, cue: str, content: str, stance="support", act="assert", topics=("trade",), target_id="x",
       mention_at=0) -> ResolvedStatement:
    """A statement of document "d": mention at ``mention_at``, cue at 200, content after it."""
    return ResolvedStatement(f"d/{sid}", Span(210, 210 + len(content), content), Span(200, 200 + len(cue), cue),
                             Span(mention_at, mention_at + 2, "He"), ("a",), "indirect", stance,
                             "issue", target_id, act, tuple(topics))


FIXTURE = {"d": [
    st("s1", "committed to", "work together on trade", mention_at=190),
    st("s2", "Committed  to", "work together on climate", mention_at=190),  # same cue once normalised
    st("s3", "committed to", "deepen the partnership", act="commit", mention_at=190),
    st("s4", "committed", "work together on health", stance="neutral", topics=("health", "trade"), target_id="none",
       mention_at=48),  # 200 - 50: 150 characters from the cue, not more
    st("s5", "said", "Work together on energy", stance="oppose", topics=("trade", "health"), mention_at=47),
]}


def test_groups_by_cue_and_content_pattern_with_counts_and_minority():
    report = consistency(FIXTURE)
    # cue "committed to": s1 s2 s3; acts assert 2, commit 1; stances, topics agree
    # content "work together on": s1 s2 s4 s5; stance support 2, neutral 1, oppose 1; topics
    # "trade" 2 and "health, trade" 2 (a tie: the first label in alphabetical order is the majority)
    assert report.disagreements == (
        Disagreement("cue", "committed to", "act", (("assert", 2), ("commit", 1)), ("d/s3",)),
        Disagreement("content", "work together on", "stance", (("support", 2), ("neutral", 1), ("oppose", 1)),
                     ("d/s4", "d/s5")),
        Disagreement("content", "work together on", "topics", (("health, trade", 2), ("trade", 2)), ("d/s1", "d/s2")),
    )
    assert report.no_target == ("d/s4",)
    assert report.far_mentions == (FarMention("d/s5", 151),)
    text = render(report)
    assert "| committed to | act | assert: 2; commit: 1 | d/s3 |" in text
    assert "## Statements with `target_id: none` (1)" in text and "| d/s5 | 151 |" in text


def test_the_command_writes_the_report_and_exits_0(tmp_path, capsys):
    # over the committed annotations (linked, not copied): a report, not a gate
    root = tmp_path / "project"
    (root / "dataset").mkdir(parents=True)
    for name in ("raw", "annotations", "speakers", "targets"):
        (root / "dataset" / name).symlink_to(DATASET / name)
    assert main(["--root", str(root), "consistency"]) == 0
    out = capsys.readouterr().out.strip().splitlines()
    assert len(out) == 1 and out[0].startswith("consistency: ")
    assert (root / "dataset" / "agreement" / "consistency.md").read_text(encoding="utf-8").startswith(
        "# Consistency of the gold annotations")


def test_role_dates_are_compared_at_each_bound_s_precision():
    from diploquote.builders.annotations.consistency import covers

    assert covers({"start": "2013", "end": None}, "2013-01-01")
    assert covers({"start": "2013-04-19", "end": "2019-01"}, "2019-01-31")
    assert not covers({"start": "2013-04-19", "end": None}, "2013-04-15")  # before the inauguration
    assert not covers({"start": "2014", "end": "2019-11-30"}, "2019-12-03")
    assert covers({"start": None, "end": "2000"}, "1999-12-31")


def test_people_quoted_outside_every_role_are_listed_with_the_count_checked():
    from diploquote.builders.annotations.consistency import RoleGap, role_gaps

    speakers = [{"id": "a", "roles": [{"title": "President", "start": "2013-04-19", "end": None}]},
                {"id": "government-of-ven", "roles": []}]
    statements = {"d": [st("s1", "said", "x"), st("s2", "said", "y")]}  # both quote speaker "a"
    assert role_gaps(statements, speakers, {"d": "2013-04-15"}) == (
        (RoleGap("d/s1", "a", "2013-04-15"), RoleGap("d/s2", "a", "2013-04-15")), 2)
    assert role_gaps(statements, speakers, {"d": "2013-05-01"}) == ((), 2)

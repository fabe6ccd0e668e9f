"""The consistency report for annotators (``diploquote consistency``): where like statements got
unlike labels.

Statements are grouped two ways: by their cue, lower-cased with its particle kept ("committed
to"), and by the pattern of their content, its first three lower-cased words. A group of at least
``MIN_GROUP`` statements whose act, stance, target or topics (each field on its own) are not all
the same is listed with the count of each label and the ids of the statements outside the most
common one. Also listed: the statements whose ``target_id`` is "none", and the speaker mentions
more than ``FAR_MENTION`` characters from their cue. It is a report to read, not a check: nothing
in it is an error. Last, the speakers (people: governments and organisations have no roles)
whom the registry gives no role at the date of the document that quotes them: how the role dates
of the registry are checked against the documents.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from diploquote.builders.annotations.resolve import ResolvedStatement, Span
from diploquote.builders.annotations.targets import NO_TARGET
from diploquote.schema.markdown import table

MIN_GROUP = 3  # statements
FAR_MENTION = 150  # characters between a mention and its cue
FIELDS = ("act", "stance", "target", "topics")


@dataclass(frozen=True)
class Disagreement:
    """One group of like statements whose labels of one field differ."""

    grouping: str  # "cue" or "content"
    key: str  # the normalised cue, or the content's first three words
    field: str  # one of FIELDS
    counts: tuple[tuple[str, int], ...]  # (label, statements), most common first
    minority: tuple[str, ...]  # statement ids whose label is not the most common


@dataclass(frozen=True)
class FarMention:
    statement_id: str
    distance: int  # characters between the mention and the cue


@dataclass(frozen=True)
class RoleGap:
    """A speaker quoted on a date that none of the speaker's registry roles covers."""
    statement_id: str
    speaker: str
    date: str  # the document's, YYYY-MM-DD


@dataclass(frozen=True)
class Consistency:
    disagreements: tuple[Disagreement, ...]
    no_target: tuple[str, ...]  # statement ids with target_id "none"
    far_mentions: tuple[FarMention, ...]
    role_gaps: tuple[RoleGap, ...] = ()
    role_checks: int = 0  # (statement, person) pairs whose date was checked against the roles

    def summary(self) -> str:
        return (f"consistency: {len(self.disagreements)} groups with disagreeing labels, {len(self.no_target)} "
                f"statements with target_id none, {len(self.far_mentions)} mentions more than {FAR_MENTION} "
                f"characters from their cue, {len(self.role_gaps)} of {self.role_checks} quoted people without "
                "a role at the document's date")


def covers(role: dict, date: str) -> bool:
    """Whether a role's ``start``/``end`` (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; ``end`` None while
    in office; a missing ``start`` is open) cover ``date``, compared at each bound's own precision."""
    start, end = role.get("start"), role.get("end")
    return (not start or date[:len(str(start))] >= str(start)) and (not end or date[:len(str(end))] <= str(end))


def role_gaps(resolved: dict[str, list[ResolvedStatement]], speakers: list[dict],
              dates: dict[str, str]) -> tuple[tuple[RoleGap, ...], int]:
    """The (statement, person) pairs whose document date no role of the person covers, and the
    number of pairs checked. People are the registry entries with roles."""
    roles = {s["id"]: s["roles"] for s in speakers if s["roles"]}
    gaps, checked = [], 0
    for doc_id, statements in sorted(resolved.items()):
        date = dates.get(doc_id)
        for st in statements if date else ():
            for sp in st.speakers:
                if sp in roles:
                    checked += 1
                    if not any(covers(r, date) for r in roles[sp]):
                        gaps.append(RoleGap(st.statement_id, sp, date))
    return tuple(gaps), checked


def _words(text: str | None) -> list[str]:
    return (text or "").lower().split()


def cue_key(st: ResolvedStatement) -> str | None:
    """The cue lower-cased, white space collapsed, particle kept: "Committed  to" -> "committed to"."""
    if st.cue is None:
        return None
    return " ".join(_words(st.cue.text)) or None


def content_key(st: ResolvedStatement) -> str | None:
    """The content's first three lower-cased words; None where the text is withheld and absent."""
    return " ".join(_words(st.content.text)[:3]) or None


def label(st: ResolvedStatement, field: str) -> str:
    """A field's value as one label; the topics as a set, in alphabetical order."""
    value = sorted(st.topics) if field == "topics" else getattr(st, field)
    return ", ".join(value) if field == "topics" else str(value)


def _disagreements(grouping: str, groups: dict[str, list[ResolvedStatement]]) -> list[Disagreement]:
    out = []
    for key, members in sorted(groups.items()):
        if len(members) < MIN_GROUP:
            continue
        for field in FIELDS:
            counts = Counter(label(st, field) for st in members)
            if len(counts) < 2:
                continue
            ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))  # a tie goes to the first label
            majority = ranked[0][0]
            minority = tuple(st.statement_id for st in members if label(st, field) != majority)
            out.append(Disagreement(grouping, key, field, tuple(ranked), minority))
    return out


def _gap(a: Span, b: Span) -> int:
    return max(0, a.start - b.end, b.start - a.end)


def consistency(resolved: dict[str, list[ResolvedStatement]]) -> Consistency:
    """The report over resolved statements, by document id (``validate_annotations``'s first result)."""
    statements = [st for _, sts in sorted(resolved.items()) for st in sts]
    by_cue, by_content = defaultdict(list), defaultdict(list)
    for st in statements:
        for groups, key in ((by_cue, cue_key(st)), (by_content, content_key(st))):
            if key:
                groups[key].append(st)
    far = tuple(FarMention(st.statement_id, _gap(st.speaker_mention, st.cue)) for st in statements
                if st.cue and st.speaker_mention and _gap(st.speaker_mention, st.cue) > FAR_MENTION)
    return Consistency(tuple(_disagreements("cue", by_cue) + _disagreements("content", by_content)),
                       tuple(st.statement_id for st in statements if st.target_id == NO_TARGET), far)


def render(report: Consistency) -> str:
    """The report as Markdown (``dataset/agreement/consistency.md``); every value is escaped."""
    parts = ["# Consistency of the gold annotations", "",
             f"Generated by `diploquote consistency`. Groups of at least {MIN_GROUP} statements with the same cue "
             "(lower-cased, particle kept) or the same first three words of content, whose labels of one field "
             "differ; each label with its count, and the statements outside the most common label. A list to "
             "review, not a list of errors: like cues may rightly take unlike labels.", ""]
    for grouping, title in (("cue", "By cue"), ("content", "By the first three words of the content")):
        rows = [[d.key, d.field, "; ".join(f"{lab or '(none)'}: {n}" for lab, n in d.counts), " ".join(d.minority)]
                for d in report.disagreements if d.grouping == grouping]
        parts += [f"## {title} ({len(rows)} groups)", "",
                  table([grouping, "field", "labels", "minority"], rows) if rows else "None.", ""]
    parts += [f"## Statements with `target_id: none` ({len(report.no_target)})", "",
              table(["statement"], [[sid] for sid in report.no_target]) if report.no_target else "None.", "",
              f"## Speaker mentions more than {FAR_MENTION} characters from their cue ({len(report.far_mentions)})",
              "", table(["statement", "characters"], [[m.statement_id, m.distance] for m in report.far_mentions])
              if report.far_mentions else "None.", "",
              f"## Quoted people without a role at the document's date ({len(report.role_gaps)} of "
              f"{report.role_checks})", "",
              table(["statement", "speaker", "date"], [[g.statement_id, g.speaker, g.date] for g in report.role_gaps])
              if report.role_gaps else "None.", ""]
    return "\n".join(parts)

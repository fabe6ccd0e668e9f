"""A brat standoff corpus (``.txt`` + ``.ann`` pairs, as PolNeAR ships) as documents-shaped gold.

Text-bound annotations (``T1<TAB>Source 0 5<TAB>text``) give the source (speaker mention), cue
and content spans; relations (``R1<TAB>Label Arg1:T1 Arg2:T2``) link them: every group of linked
spans holding a content is one attribution. An event (``E1<TAB>Report:T2 Reporter-Arg:T1
Event-Arg:E2``) is one attribution by itself: its trigger takes the role of its label, each
argument the role of its argument name (brat's numbered ``Arg2`` counts as ``Arg``) or else of its
label, so ``{Report: cue, Reporter-Arg: source, Event-Arg: content}`` reads brat's own tutorial.
An event that is another's argument stands for the cover of its trigger and arguments ("Reddit
posted that Wikinews reported that ... merged"), which is how nested reports are annotated.
Offsets are characters into the ``.txt``, as brat's are, so the text is read without newline
translation. The gold written has no speaker ids, stance, topics or
targets: ``eval`` reports the levels that need them as not applicable.

Several annotators: a text ``X.txt`` may have ``X.ann`` and ``X.<name>.ann`` beside it; the first
in sorted order is used and the others are named in a warning (agreement is another command's
job, and a gold needs one reading).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from diploquote.schema.errors import DiploQuoteError, Incident, fail
from diploquote.schema.yamlfile import read_yaml

ROLES = ("source", "cue", "content")
DEFAULT_LABELS = {"Source": "source", "Cue": "cue", "Content": "content"}
IGNORED = ("#", "A", "M", "N", "*")  # notes, attributes, normalisations, equivalences: no span, no link


@dataclass(frozen=True)
class TextBound:
    """One brat ``T`` annotation: its role (None: its label maps to none, an event argument may
    give it one) and its (covering) span, characters, half-open."""
    tid: str
    role: str | None
    start: int
    end: int


@dataclass(frozen=True)
class Event:
    """One brat ``E`` annotation: its trigger's id and its (argument name, id) pairs, the name
    without brat's numeric suffix (``Org-Arg2`` is ``Org-Arg``); ids are ``T`` or ``E`` ids."""
    eid: str
    line: int
    trigger: str
    arguments: tuple[tuple[str, str], ...]


@dataclass
class Conversion:
    """The gold rows written, the incidents met (warnings: kept with a change; errors: dropped)."""
    rows: list[dict] = field(default_factory=list)
    incidents: list[Incident] = field(default_factory=list)

    @property
    def statements(self) -> int:
        return sum(len(r["statements"]) for r in self.rows)

    def summary(self) -> str:
        dropped = [i for i in self.incidents if i.level == "error"]
        codes = sorted({i.code for i in dropped})
        return (f"convert brat: kept {len(self.rows)} documents and {self.statements} statements; "
                f"dropped {len(dropped)} annotations or files" + (f" ({', '.join(codes)})" if codes else "")
                + f"; {len(self.incidents) - len(dropped)} warnings")


def read_labels(path: Path | None) -> dict[str, str]:
    """brat label or event argument name -> role (``source``, ``cue``, ``content``) from a YAML
    mapping, e.g. ``{Speaker: source, Verb: cue, Quote: content}``; the default names brat's usual labels."""
    if path is None:
        return dict(DEFAULT_LABELS)
    data = read_yaml(path)
    if not isinstance(data, dict) or not data:
        raise fail("brat-bad-labels", path, "file", "the label file must be a mapping of brat labels to roles, "
                                                   "e.g. 'Speaker: source'")
    bad = [f"{k!r}: {v!r}" for k, v in data.items() if not isinstance(k, str) or v not in ROLES]
    if bad:
        raise fail("brat-bad-labels", path, "file", f"{', '.join(bad)}: each label maps to one of {', '.join(ROLES)}")
    return data


def _span(offsets: str) -> tuple[int, int, int]:
    """(start, end, fragments) of ``0 5`` or ``0 5;9 12``: a discontinuous span becomes its cover."""
    pieces = [tuple(int(x) for x in part.split()) for part in offsets.split(";")]
    if any(len(p) != 2 for p in pieces):
        raise ValueError(offsets)
    return min(p[0] for p in pieces), max(p[1] for p in pieces), len(pieces)


class _Reader:
    """Reads one ``.ann`` against its text; every problem an incident located by line."""

    def __init__(self, ann: Path, text: str, labels: dict[str, str], incidents: list[Incident]):
        self.ann, self.text, self.labels, self.incidents = ann, text, labels, incidents
        self.spans: dict[str, TextBound] = {}
        self.unmapped: dict[str, tuple[int, str]] = {}  # T id -> (line, label) of labels mapped to no role
        self.links: list[tuple[int, list[str]]] = []  # (line, ids a relation links into one attribution)
        self.events: dict[str, Event] = {}

    def note(self, code: str, where: int | str, message: str, level: str = "error") -> None:
        """``where``: a line number, or the annotations concerned."""
        place = f"line {where}" if isinstance(where, int) else where
        self.incidents.append(Incident(code, str(self.ann), place, message, level))

    def text_bound(self, n: int, tid: str, body: str, quoted: str | None) -> None:
        label, _, offsets = body.partition(" ")
        try:
            start, end, fragments = _span(offsets)
        except ValueError:
            self.note("brat-bad-line", n, f"offsets {offsets!r} are not 'start end' or 'start end;start end'")
            return
        if not 0 <= start < end <= len(self.text):
            self.note("brat-span-outside", n, f"span [{start}, {end}) is outside the text ({len(self.text)} "
                                              "characters); check that the .ann belongs to this .txt")
            return
        fragment_text = " ".join(self.text[a:b] for a, b in (_span(p)[:2] for p in offsets.split(";")))
        if quoted is not None and quoted != fragment_text:
            self.note("brat-text-mismatch", n, f"the annotation quotes {quoted!r} but the text there reads "
                                               f"{fragment_text!r}; the .txt was edited after annotation")
            return
        if fragments > 1:
            self.note("brat-discontinuous", n, f"a span of {fragments} fragments is kept as their cover "
                                               f"[{start}, {end})", level="warning")
        self.spans[tid] = TextBound(tid, self.labels.get(label), start, end)
        if label not in self.labels:  # kept for the events that may give it a role; named if none does
            self.unmapped[tid] = (n, label)

    def event(self, n: int, eid: str, body: str) -> None:
        pairs = [tuple(a.split(":", 1)) for a in body.split()]
        if not pairs or any(len(p) != 2 for p in pairs):
            self.note("brat-bad-line", n, "an event is 'Type:T1 Role:T2 ...', every argument a role and an id")
            return
        args = tuple((role.rstrip("0123456789"), ref) for role, ref in pairs[1:])
        self.events[eid] = Event(eid, n, pairs[0][1], args)

    def line(self, n: int, raw: str) -> None:
        if not raw.strip() or raw.startswith(IGNORED):
            return
        parts = raw.split("\t")
        aid, body = parts[0], parts[1] if len(parts) > 1 else ""
        if aid.startswith("T") and len(parts) >= 2:
            self.text_bound(n, aid, body, parts[2] if len(parts) > 2 else None)
        elif aid.startswith("E") and len(parts) >= 2:
            self.event(n, aid, body)
        elif aid.startswith("R") and len(parts) >= 2:
            self.links.append((n, [a.partition(":")[2] for a in body.split() if ":" in a]))
        else:
            self.note("brat-bad-line", n, "not a brat standoff line (T, R, E, A, N, M, * or #, tab-separated)")

    def inside(self, ref: str, seen: frozenset[str] = frozenset()) -> set[str] | None:
        """The ``T`` ids a ``T`` or ``E`` id stands for: itself, or an event's trigger and arguments
        (nested events in turn); None for an id no annotation has, or an event that contains itself."""
        if ref in self.spans:
            return {ref}
        if ref not in self.events or ref in seen:
            return None
        e = self.events[ref]
        parts = [self.inside(r, seen | {ref}) for r in (e.trigger, *(r for _, r in e.arguments))]
        return None if None in parts else set().union(*parts)

    def cover(self, ref: str) -> tuple[int, int]:
        """The span of what ``ref`` stands for (an event: from its first to its last annotation)."""
        spans = [self.spans[tid] for tid in self.inside(ref)]
        return min(t.start for t in spans), max(t.end for t in spans)

    def event_members(self, e: Event) -> list[TextBound] | None:
        """The trigger and arguments of an event that have a role, in brat's order; None (and an
        incident) when the event names an id that no annotation has."""
        named = [(None, e.trigger), *e.arguments]
        missing = [ref for _, ref in named if self.inside(ref) is None]
        if missing:
            self.note("brat-missing-id", e.line, f"links {', '.join(missing)}, which no text-bound annotation or "
                                                 "event has (or an event that contains itself); the event is dropped")
            return None
        members = []
        for name, ref in named:
            role = self.labels.get(name) if name else None
            role = role or (self.spans[ref].role if ref in self.spans else None)
            if role:
                start, end = self.cover(ref)
                members.append(TextBound(ref, role, start, end))
        return members

    def groups(self) -> list[tuple[str, list[TextBound]]]:
        """(where, members) of every candidate attribution: each event with a role, then each group
        of spans that relations chain (spans an event gives a role belong to that event alone)."""
        out = []
        for e in self.events.values():
            members = self.event_members(e)
            if members:
                out.append((f"annotations {e.eid}", members))
        in_events = set().union(*(self.inside(m.tid) for _, members in out for m in members))
        for tid, (n, label) in self.unmapped.items():
            if tid not in in_events:
                self.note("brat-unknown-label", n, f"label {label!r} is not mapped to a role "
                                                   f"({', '.join(self.labels)}); add it to the --labels file to "
                                                   "keep it; it is dropped")
        return out + self.chained(in_events)

    def chained(self, in_events: set[str]) -> list[tuple[str, list[TextBound]]]:
        """(where, members) of the spans with a role that relations chain, one group each; the
        spans of events are left to them (a relation naming one links the rest)."""
        kept = {tid: tb for tid, tb in self.spans.items() if tb.role and tid not in in_events}
        parent = {tid: tid for tid in kept}

        def root(x: str) -> str:
            while parent[x] != x:
                x = parent[x]
            return x

        for n, ids in self.links:
            missing = [i for i in ids if i not in kept and i not in in_events]
            if missing:
                self.note("brat-missing-id", n, f"links {', '.join(missing)}, which no kept text-bound annotation "
                                                "has; the link is dropped")
                continue
            ids = [i for i in ids if i in kept]
            for other in ids[1:]:
                parent[root(other)] = root(ids[0])
        groups: dict[str, list[TextBound]] = {}
        for tb in sorted(kept.values(), key=lambda t: (t.start, t.end, t.tid)):
            groups.setdefault(root(tb.tid), []).append(tb)
        return [(f"annotations {', '.join(t.tid for t in members)}", members) for members in groups.values()]

    def attributions(self) -> list[dict[str, TextBound]]:
        """The candidate attributions holding a content, each with its first span of each role."""
        out = []
        for where, members in self.groups():
            roles: dict[str, TextBound] = {}
            for tb in members:
                roles.setdefault(tb.role, tb)
            if "content" in roles:
                out.append(roles)
            else:
                ids = where.removeprefix("annotations ")
                self.note("brat-no-content", where, f"{ids} link no content span; dropped (link "
                                                    "them to their content with a relation or event)")
        return sorted(out, key=lambda r: (r["content"].start, r["content"].end, r["content"].tid))


def _read_text(path: Path, incidents: list[Incident]) -> str | None:
    try:
        with open(path, encoding="utf-8", newline="") as f:  # offsets count "\r\n" as two characters
            return f.read()
    except UnicodeDecodeError as e:
        incidents.append(Incident("brat-not-utf8", str(path), f"byte {e.start}",
                                  "the file is not UTF-8; convert it (e.g. iconv -t utf-8) before converting the corpus"))
        return None


def _span_row(tb: TextBound | None) -> dict | None:
    return None if tb is None else {"start": tb.start, "end": tb.end}


def annotation_files(txt: Path) -> list[Path]:
    """The annotation files of ``X.txt``: ``X.ann``, then ``X.<annotator>.ann`` in sorted order."""
    return sorted(txt.parent.glob(f"{txt.stem}.ann")) + sorted(txt.parent.glob(f"{txt.stem}.*.ann"))


def convert_document(txt: Path, doc_id: str, labels: dict[str, str], incidents: list[Incident]) -> dict | None:
    """The gold row of one text and its annotation file, or None where the text cannot be read."""
    anns = annotation_files(txt)
    if not anns:
        incidents.append(Incident("brat-no-annotations", str(txt), "file", "no .ann file beside this text; it is "
                                  "kept as a document without attributions", "warning"))
    text = _read_text(txt, incidents)
    if text is None:
        return None
    if len(anns) > 1:
        incidents.append(Incident("brat-several-annotators", str(txt), "file",
                                  f"{len(anns)} annotation files; {anns[0].name} is used and "
                                  f"{', '.join(a.name for a in anns[1:])} ignored", "warning"))
    reader = _Reader(anns[0] if anns else txt.with_suffix(".ann"), text, labels, incidents)
    if anns:
        ann_text = _read_text(anns[0], incidents)
        if ann_text is None:
            return None
        for n, raw in enumerate(ann_text.splitlines(), 1):
            reader.line(n, raw)
    statements = [{"statement_id": f"{doc_id}-a{k}", "content": _span_row(r["content"]),
                   "cue": _span_row(r.get("cue")), "speaker_mention": _span_row(r.get("source"))}
                  for k, r in enumerate(reader.attributions(), 1)]
    return {"id": doc_id, "source": "brat", "text": text, "statements": statements}


def convert_brat(folder: Path, labels: dict[str, str] | None = None) -> Conversion:
    """Every ``.txt`` under ``folder`` (document id: its path without ``.txt``) with its ``.ann``.
    Raises when nothing could be converted, with every incident met."""
    labels = labels or dict(DEFAULT_LABELS)
    out = Conversion()
    if not folder.is_dir():
        raise fail("brat-no-corpus", folder, "folder", "not a folder; give the folder of the .txt and .ann files")
    texts = sorted(folder.rglob("*.txt"))
    for txt in texts:
        row = convert_document(txt, txt.relative_to(folder).with_suffix("").as_posix(), labels, out.incidents)
        if row is not None:
            out.rows.append(row)
    paired = {ann for txt in texts for ann in annotation_files(txt)}
    out.incidents += [Incident("brat-missing-text", str(ann), "file", "no .txt of the same name beside this "
                               "annotation file; add the text, or the annotations cannot be placed")
                      for ann in sorted(set(folder.rglob("*.ann")) - paired)]
    if out.statements == 0:
        raise DiploQuoteError(out.incidents + [Incident(
            "brat-nothing-converted", str(folder), "folder",
            "no attribution could be converted; check that the folder holds .txt and .ann pairs and that "
            "--labels names their labels")])
    return out

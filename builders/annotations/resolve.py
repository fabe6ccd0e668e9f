"""Annotation files: load (YAML), validate (JSON Schema), resolve spans to character offsets.

A person writes spans by their exact text. The content span must be unique in the document, or
be picked by ``occurrence`` (1-based, whole document) or ``context`` (a longer unique string that
contains it). A cue that repeats (``said``) is taken nearest to the content: first in the
content's paragraph, else the nearest occurrence before it, else after it. A speaker mention that
repeats (``he``, ``The President``) is taken in the statement's own sentence (rule M1 of the
guidelines), before the cue when the cue precedes the content; else the nearest occurrence before
the content in its paragraph; else as a cue is (which finds a transcript turn's label, at the start
of the turn's first paragraph, for the turn's later paragraphs).
A span is normalised like the document text (``normalise.paragraph``) before it is looked up.

A document whose licence keeps its text out of the repository (``pool.redistributable``) is
annotated by offsets instead: ``{start, end, sha256}``, the sha256 of the span's text, so that the
annotation file does not hold the text. Such spans resolve without the text; when the user's copy
is in place, every hash is checked against it.

The checks run in stages (YAML, schema, content) so a malformed file is reported once, not a
hundred times.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from diploquote.schema.jsonschemas import validator

from diploquote.builders.curation.pool import redistributable
from diploquote.builders.normalise import is_space, paragraph, sha256_text
from diploquote.builders.readers import RawDocument
from diploquote.schema.errors import DiploQuoteError, Incident, shorten
from diploquote.schema.text import sentence_bounds
from diploquote.schema.yamlfile import read_yaml


@dataclass(frozen=True)
class Span:
    start: int  # characters into the document text, inclusive
    end: int  # exclusive
    text: str | None  # None where the document's text is withheld and absent

    def as_dict(self) -> dict:
        return {"start": self.start, "end": self.end, "text": self.text}


@dataclass(frozen=True)
class ResolvedStatement:
    """One annotated statement with its spans resolved to offsets in the document text."""

    statement_id: str  # "<doc id>/<local id>"
    content: Span
    cue: Span | None
    speaker_mention: Span | None
    speakers: tuple[str, ...]
    type: str
    stance: str
    target: str
    target_id: str | None  # an id of the speaker or target registry, or "none"; None before guidelines 3
    act: str | None
    topics: tuple[str, ...]


def load(path: Path) -> tuple[dict | None, list[Incident]]:
    """Parse and schema-check one annotation file; the dict is None when a stage failed."""
    file = str(path)
    try:
        data = read_yaml(path)
    except DiploQuoteError as e:
        return None, e.incidents
    incidents = []
    for err in sorted(validator("annotation").iter_errors(data), key=lambda e: list(map(str, e.absolute_path))):
        incidents.append(Incident("schema-violation", file, _json_place(data, err.absolute_path),
                                  f"{shorten(err.message, 200)}; see schema/jsonschema/annotation.schema.json"))
    return (None if incidents else data), incidents


def _around_difference(a: str, b: str, margin: int = 25) -> tuple[str, str]:
    """The two strings cut to ``margin`` characters either side of their first difference, so that a
    message can show where a long span differs."""
    i = next((k for k, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
    start = max(0, i - margin)
    return a[start:i + margin], b[start:i + margin]


def _json_place(data, path) -> str:
    """'statement s3, field stance' rather than a bare JSON path, where the statement has an id."""
    parts = list(path)
    if len(parts) >= 2 and parts[0] == "statements" and isinstance(parts[1], int):
        st = data["statements"][parts[1]]
        sid = st.get("id") if isinstance(st, dict) else None
        label = f"statement {sid}" if sid else f"statement #{parts[1] + 1}"
        rest = ".".join(map(str, parts[2:]))
        return f"{label}, field {rest}" if rest else label
    return "field " + ".".join(map(str, parts)) if parts else "top level"


def _occurrences(text: str, needle: str) -> list[int]:
    """Start offsets of ``needle`` in ``text`` that do not cut a word ("he" is not found in "the")."""
    out, i = [], text.find(needle)
    check_left, check_right = needle[:1].isalnum(), needle[-1:].isalnum()
    while i != -1:
        j = i + len(needle)
        if not (check_left and i > 0 and text[i - 1].isalnum()) and not (
                check_right and j < len(text) and text[j].isalnum()):
            out.append(i)
        i = text.find(needle, i + 1)
    return out


def _squeezed(text: str) -> tuple[str, list[int]]:
    """``text`` without white space and invisible characters, and the offset in ``text`` of each
    character kept: what a span is compared on when only its normalisation differs."""
    kept = [(i, ch) for i, ch in enumerate(unicodedata.normalize("NFC", text))
            if not is_space(ch) and unicodedata.category(ch) != "Cf"]
    return "".join(ch for _, ch in kept), [i for i, _ in kept]


class _Resolver:
    """Resolves the anchors of one document, collecting incidents instead of raising."""

    def __init__(self, file: str, doc: RawDocument):
        self.file, self.text, self.lines = file, doc.text, doc.lines
        self.restricted = not redistributable(doc.license)
        self.incidents: list[Incident] = []

    def _err(self, code: str, where: str, message: str) -> None:
        self.incidents.append(Incident(code, self.file, where, message))

    def anchor(self, anchor, where: str, choose: Callable[[list[int], int], int] | None = None) -> Span | None:
        """Resolve one span; ``choose(starts, length)`` picks among its occurrences when it repeats
        and neither ``occurrence`` nor ``context`` is given (without it, a repeat is an error)."""
        if isinstance(anchor, str):
            anchor = {"text": anchor}
        if "sha256" in anchor:
            return self._offsets(anchor, where)
        if self.restricted:
            self._err("text-of-withheld-document", where,
                      "this document's licence keeps its text out of the repository: write the span as "
                      "{start, end, sha256} (offsets in the normalised text, sha256 of the span's text), "
                      "see docs/guidelines.md")
            return None
        needle = paragraph(anchor["text"])
        if "context" in anchor:
            ctx = paragraph(anchor["context"])
            hits = _occurrences(self.text, ctx)
            if len(hits) != 1:
                self._err("context-not-unique" if hits else "context-not-found", where,
                          f"context {ctx!r} occurs {len(hits)} times in the document; give a context that occurs exactly once")
                return None
            inner = ctx.find(needle)
            if inner == -1:
                self._err("text-not-in-context", where, f"{needle!r} is not inside its context {ctx!r}; fix one of them")
                return None
            base = hits[0] + inner
            return Span(base, base + len(needle), needle)
        hits = _occurrences(self.text, needle)
        if not hits:
            self._not_found(needle, where)
            return None
        if "occurrence" in anchor:
            k = anchor["occurrence"]
            if k > len(hits):
                self._err("occurrence-out-of-range", where,
                          f"{needle!r} occurs {len(hits)} times but occurrence {k} was asked for")
                return None
            start = hits[k - 1]
        elif len(hits) == 1:
            start = hits[0]
        elif choose is not None:
            start = choose(hits, len(needle))
        else:
            self._err("span-ambiguous", where,
                      f"{needle!r} occurs {len(hits)} times; add 'occurrence: N' (1-based) or a unique 'context'")
            return None
        return Span(start, start + len(needle), needle)

    def _not_found(self, needle: str, where: str) -> None:
        """A span absent from the text: say so, or, where it is there but for white space or
        invisible characters, say what the text has in its place."""
        squeezed, offsets = _squeezed(self.text)
        key = _squeezed(needle)[0]
        at = squeezed.find(key) if key else -1
        if at == -1:
            self._err("span-not-found", where,
                      f"{needle!r} does not occur in the document text; copy the span exactly from the normalised text "
                      "(see `diploquote show`), with its punctuation and curly quotes")
            return
        found = self.text[offsets[at]:offsets[at + len(key) - 1] + 1]
        mine, theirs = _around_difference(needle, found)
        self._err("span-normalisation-differs", where,
                  f"the span differs from the text only in white space or invisible characters: yours has {mine!r} "
                  f"where the text has {theirs!r}; copy the span from the normalised text (see `diploquote show`)")

    def _offsets(self, anchor: dict, where: str) -> Span | None:
        """A span of a withheld document, by offsets and the sha256 of its text."""
        start, end = anchor["start"], anchor["end"]
        if not self.restricted:
            self._err("offsets-for-open-text", where,
                      "this document's text is in the repository: write the span by its text, not by offsets")
            return None
        if not 0 <= start < end <= self.lines.length:
            self._err("offsets-out-of-range", where,
                      f"the span {start}-{end} is not inside the text (0-{self.lines.length} characters); "
                      "take the offsets from the normalised text")
            return None
        if self.text is None:
            return Span(start, end, None)
        text = self.text[start:end]
        if sha256_text(text) != anchor["sha256"]:
            self._err("span-sha256-mismatch", where,
                      f"characters {start}-{end} of the text do not have the annotated sha256: fix the offsets or "
                      "the hash from the normalised text of the article as published")
            return None
        return Span(start, end, text)

    def _nearest(self, hits: list[int], length: int, near: Span) -> int:
        """The occurrence nearest ``near`` in its paragraph, else the last before it, else the
        nearest after it."""
        p_start, p_end = self.lines.paragraph(near.start)
        hits = _outside(hits, length, near)
        same = [s for s in hits if p_start <= s and s + length <= p_end]
        if same:
            return _closest(same, length, near)
        before = [s for s in hits if s + length <= near.start]
        if before:
            return before[-1]
        return _closest(hits, length, near)

    def _mention(self, hits: list[int], length: int, content: Span, cue: Span | None) -> int:
        """The speaker mention among ``hits``: in the sentence of the cue (of the content when there
        is no cue), the last before the cue when the cue precedes the content, else the one
        nearest the cue; else the last before the content in its paragraph; else as ``_nearest``."""
        hits = _outside(hits, length, content)
        anchor = cue or content
        first, last = sentence_bounds(self.text, anchor.start, max(anchor.start, anchor.end - 1))
        same = [s for s in hits if first <= s and s + length <= last and (cue is None or not _overlaps(s, length, cue))]
        if same:
            before_cue = [s for s in same if cue is not None and cue.start < content.start and s + length <= cue.start]
            if before_cue:
                return before_cue[-1]
            return _closest(same, length, anchor)
        p_start, _ = self.lines.paragraph(content.start)
        before = [s for s in hits if p_start <= s and s + length <= content.start]
        return before[-1] if before else self._nearest(hits, length, content)


def _closest(hits: list[int], length: int, span: Span) -> int:
    """The occurrence with the fewest characters between it and ``span``; the first on a tie."""
    return min(hits, key=lambda s: (max(0, span.start - (s + length), s - span.end), s))


def _overlaps(start: int, length: int, span: Span) -> bool:
    return start < span.end and span.start < start + length


def _outside(hits: list[int], length: int, content: Span) -> list[int]:
    """The occurrences that lie outside the content (a cue or mention introduces the content, it is
    not part of it); all of them when none does."""
    return [s for s in hits if not _overlaps(s, length, content)] or hits


def resolve(path: Path, data: dict, doc: RawDocument, speakers: set[str],
            targets: set[str]) -> tuple[list[ResolvedStatement], list[Incident]]:
    """Resolve a schema-valid annotation against its document and the registries: ``speakers``
    holds the speaker registry's ids, ``targets`` every id a ``target_id`` may take (actors of the
    speaker registry, entries of the target registry, and "none")."""
    r = _Resolver(str(path), doc)
    doc_id = data["document"]
    seen_ids: set[str] = set()
    seen_keys: dict[tuple, str] = {}
    out: list[ResolvedStatement] = []
    for st in data["statements"]:
        sid = st["id"]
        where = f"statement {sid}"
        if sid in seen_ids:
            r._err("duplicate-statement-id", where, f"the id {sid!r} is used twice; give each statement its own id")
            continue
        seen_ids.add(sid)
        for spk in st["speakers"]:
            if spk not in speakers:
                r._err("unknown-speaker", where + ", field speakers",
                       f"{spk!r} is not in the speaker registry (dataset/speakers/); add it there or fix the id")
        if st.get("target_id") is not None and st["target_id"] not in targets:
            r._err("unknown-target", where + ", field target_id",
                   f"{st['target_id']!r} is in neither registry; add it to dataset/targets/ (an issue, agreement "
                   "or relation) or dataset/speakers/ (a person, government or organisation), or write 'none' "
                   "where the stance has no specific target")
        if len(set(st["speakers"])) != len(st["speakers"]):
            r._err("duplicate-speaker", where + ", field speakers", "a speaker id is listed twice")
        if len(set(st["topics"])) != len(st["topics"]):
            r._err("duplicate-topic", where + ", field topics", "a topic is listed twice")
        content = r.anchor(st["content"], where + ", field content")
        if content is None:
            continue
        cue = (r.anchor(st["cue"], where + ", field cue", partial(r._nearest, near=content))
               if st.get("cue") else None)
        mention = (r.anchor(st["speaker_mention"], where + ", field speaker_mention",
                            partial(r._mention, content=content, cue=cue))
                   if st.get("speaker_mention") else None)
        key = (content.start, content.end, tuple(sorted(st["speakers"])))
        if key in seen_keys:
            r._err("duplicate-statement", where,
                   f"same content span and speakers as statement {seen_keys[key]}; merge the two")
            continue
        seen_keys[key] = sid
        out.append(ResolvedStatement(
            statement_id=f"{doc_id}/{sid}",
            content=content,
            cue=cue,
            speaker_mention=mention,
            speakers=tuple(st["speakers"]),
            type=st["type"],
            stance=st["stance"],
            target=st["target"],
            target_id=st.get("target_id"),
            act=st.get("act"),
            topics=tuple(st["topics"]),
        ))
    return out, r.incidents

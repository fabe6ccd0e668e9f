"""``crf``: a linear-chain CRF attribution extractor, learned from the release's train split.

Each paragraph is a sequence of tokens (words and single marks, with character offsets), tagged BIO
for three kinds of span: content, cue and speaker mention. The gold's spans never overlap, and a
content never crosses a paragraph, so one tag a token and one sequence a paragraph hold all of it.
The features of a token: its lower-cased word, prefix and suffix, shape and capitalisation; whether
it belongs to a phrase of the cue lexicon (``schema/cues.py``, with the quotation cues of ``rules``);
whether it is inside a quotation; how far the nearest lexicon cue of its sentence is, before and
after it; its place in the paragraph and the paragraph's in the document, and whether the paragraph
is or continues a transcript turn ("Name: ..."); the same of the neighbouring words.

Linking (``link``) turns the tagged spans into statements: a content takes the cue nearest to it in
the sentences it covers, and the speaker mention nearest to that cue (to the content when it has no
cue); a content with neither continues the transcript turn going on, whose label is its mention.
Mentions become registry ids through the ``rules`` extractor's resolver (names, aliases, pronouns,
the author of a release, titles by the document's date and participants); a mention the registry
does not resolve is given as ``speaker_name``. That mention is one of the content's candidate
speakers (``candidates``: the other nearby mentions, the turn, the ``rules`` speaker, the
participants...), and a linker learned from the train split (``linker.py``) chooses among them.

Training uses CRFsuite's L-BFGS, which draws no random number: the same train split gives the same
model file, byte for byte. (c1, c2) are chosen on the validation split from ``GRID``, then the
linker's C (a seeded logistic regression); the model is kept in CRFsuite's own format and the
linker as JSON weights, never a pickle, beside a JSON sidecar that a load checks first: it names
the hash of the code that trained them (``code_sha256``).
"""

from __future__ import annotations

import bisect
import contextlib
import fcntl
import functools
import hashlib
import json
import os
import re
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pycrfsuite

from diploquote.baselines import codehash, linker, rules
from diploquote.baselines.data import Inputs, load_speakers
from diploquote.baselines.linker import Candidate, Context, Linker
from diploquote.eval.gold import release_gold, release_info
from diploquote.eval.harness import Settings, evaluate
from diploquote.eval.predictions import Records
from diploquote.eval.records import GoldDocument
from diploquote.schema import cues
from diploquote.schema.cues import EXTRACTION_CUES
from diploquote.schema.errors import DiploQuoteError, Incident
from diploquote.schema.layout import checked_shard

# (c1, c2): L1 and L2 regularisation. Small on purpose: each point is one fit of the whole train split.
GRID = ((0.05, 0.01), (0.05, 0.1), (0.25, 0.01), (0.25, 0.1))
MAX_ITERATIONS = 100  # L-BFGS iterations a fit, so that the time of a fit grows as the tokens do
KINDS = ("content", "cue", "speaker")
TAGS = ("O", *(f"{b}-{k}" for k in KINDS for b in "BI"))

TOKEN = re.compile(r"\w+(?:[’'\-.]\w+)*|\S")
OPENING, CLOSING, STRAIGHT = "“‘", "”’", '"'
LEXICON = tuple(tuple(TOKEN.findall(cue.lower())) for cue in (*EXTRACTION_CUES, *rules.QUOTE_CUES, "according to"))
LONGEST_CUE = max(len(c) for c in LEXICON)
CUES = frozenset(LEXICON)
# A name as a turn label gives it: up to twelve capitalised words, or the particles between them.
_NAME_WORD = r"(?:[A-Z][\w’'.-]*|of|the|and|de|da|del|van|von|der|al|bin|el|la|le)"
NAME = re.compile(rf"^{_NAME_WORD}(?: {_NAME_WORD}){{0,11}}$")


@dataclass(frozen=True)
class Token:
    start: int  # characters into the document text
    end: int  # exclusive
    text: str


@dataclass
class Paragraph:
    """One sequence: a paragraph's tokens, the sentence of each (0, 1, ... in the paragraph), its features."""
    start: int  # characters into the document text
    text: str
    tokens: list[Token]
    sentence: list[int]
    sentences: list[tuple[int, str]]  # (offset in the paragraph, text) of each sentence
    turn: bool  # it opens as a turn does, "Words: ..." (rules.TURN): a feature; turn_label decides
    features: list[list[str]]


@dataclass(frozen=True)
class Span:
    kind: str  # one of KINDS
    first: int  # token indices into the paragraph, inclusive
    last: int
    start: int  # characters into the document text
    end: int


# ---------------------------------------------------------------- tokens and features

@functools.lru_cache(maxsize=65536)  # words repeat: most tokens are seen before
def _shape(word: str) -> str:
    """'Putin' -> 'Xx', 'U.S' -> 'X.X', '2024' -> 'd': character classes, repeats collapsed."""
    classes = ("X" if c.isupper() else "x" if c.islower() else "d" if c.isdigit() else c for c in word)
    return re.sub(r"(.)\1+", r"\1", "".join(classes))


def _case(word: str) -> str:
    if word.isupper():
        return "upper"
    if word.istitle():
        return "title"
    return "lower" if word.islower() else "other"


def _bucket(distance: int) -> str:
    """A distance in tokens, in ranges that double."""
    return next((label for top, label in ((1, "1"), (2, "2"), (3, "3"), (6, "4-6"), (12, "7-12"), (24, "13-24"))
                 if distance <= top), "25+")


def _lexicon(words: list[str]) -> list[bool]:
    """Whether each (lower-cased) word belongs to a phrase of the cue lexicon, longest phrase first."""
    marks, i = [False] * len(words), 0
    while i < len(words):
        n = next((n for n in range(min(LONGEST_CUE, len(words) - i), 0, -1) if tuple(words[i:i + n]) in CUES), 0)
        marks[i:i + n] = [True] * n
        i += max(n, 1)
    return marks


def _quoted(tokens: list[Token]) -> list[bool]:
    """Whether each token is inside a quotation (curly marks open and close, a straight one toggles);
    the state starts afresh in each paragraph, as a quotation that goes on reopens there."""
    inside, out = False, []
    for t in tokens:
        if t.text in CLOSING or (t.text == STRAIGHT and inside):
            inside = False
            out.append(False)
        elif t.text in OPENING or t.text == STRAIGHT:
            inside = True
            out.append(False)
        else:
            out.append(inside)
    return out


def _cue_distances(sentence: list[int], cue: list[bool]) -> list[tuple[str, str]]:
    """For each token, how far (in tokens) the nearest lexicon cue of its sentence is before it and
    after it: ``none`` when there is none that side, ``here`` on a cue."""
    at = [i for i, c in enumerate(cue) if c]
    out = []
    for i in range(len(cue)):
        if cue[i]:
            out.append(("here", "here"))
            continue
        k = bisect.bisect_left(at, i)
        before = at[k - 1] if k > 0 and sentence[at[k - 1]] == sentence[i] else None
        after = at[k] if k < len(at) and sentence[at[k]] == sentence[i] else None
        out.append(("none" if before is None else _bucket(i - before), "none" if after is None else _bucket(after - i)))
    return out


@functools.lru_cache(maxsize=65536)
def _word_features(word: str) -> tuple[str, ...]:
    """The features of a token's own word."""
    low = word.lower()
    return f"w={low}", f"p3={low[:3]}", f"s3={low[-3:]}", f"s2={low[-2:]}", f"shape={_shape(word)}", f"case={_case(word)}"


def _features(para: Paragraph, index: int, turn_going_on: bool) -> list[list[str]]:
    """The features of every token of ``para``, the ``index``-th paragraph of its document."""
    tokens, sentence = para.tokens, para.sentence
    words = [t.text.lower() for t in tokens]
    cue, quoted = _lexicon(words), _quoted(tokens)
    distances = _cue_distances(sentence, cue)
    label_end = rules.TURN.match(para.text).end("name") + para.start if para.turn else -1
    place = "turn" if para.turn else "continues-turn" if turn_going_on else "narrative"
    out = []
    for i, t in enumerate(tokens):
        f = ["bias", *_word_features(t.text), f"cue={cue[i]}", f"quoted={quoted[i]}", f"cue-before={distances[i][0]}",
             f"cue-after={distances[i][1]}", f"token={_bucket(i + 1) if i else 'first'}",
             f"paragraph={min(index, 2)}", f"sentence={min(sentence[i], 2)}", f"place={place}",
             f"turn-label={t.end <= label_end}"]
        if i == 0 or sentence[i - 1] != sentence[i]:
            f.append("sentence-start")
        for d in (-2, -1, 1, 2):
            j = i + d
            if 0 <= j < len(tokens):
                f.append(f"w{d:+d}={words[j]}")
                if abs(d) == 1:
                    f += [f"shape{d:+d}={_shape(tokens[j].text)}", f"cue{d:+d}={cue[j]}", f"quoted{d:+d}={quoted[j]}"]
            else:
                f.append(f"w{d:+d}=<edge>")
        out.append(f)
    return out


def paragraphs(text: str) -> list[Paragraph]:
    """The paragraphs of a document that hold a token, with their features."""
    out: list[Paragraph] = []
    pos, turn_going_on = 0, False
    for index, para in enumerate(text.split("\n")):
        base, pos = pos, pos + len(para) + 1
        tokens = [Token(base + m.start(), base + m.end(), m.group(0)) for m in TOKEN.finditer(para)]
        if not tokens:
            continue
        sentences = rules.sentences(para)
        starts = [s for s, _ in sentences]
        sentence = [bisect.bisect_right(starts, t.start - base) - 1 for t in tokens]
        p = Paragraph(base, para, tokens, sentence, sentences, bool(rules.TURN.match(para)), [])
        p.features = _features(p, index, turn_going_on)
        turn_going_on = turn_going_on or p.turn
        out.append(p)
    return out


# ---------------------------------------------------------------- gold tags and predicted spans

def gold_tags(para: Paragraph, doc: GoldDocument) -> list[str]:
    """The BIO tag of each token from the gold spans: a token is in a span when it starts inside it."""
    spans = sorted((sp, kind) for st in doc.statements
                   for kind, sp in zip(KINDS, (st.content, st.cue, st.speaker_mention)) if sp is not None)
    tags, last = [], None
    for t in para.tokens:
        hit = next(((sp, kind) for sp, kind in spans if sp[0] <= t.start < sp[1]), None)
        tags.append("O" if hit is None else f"{'I' if hit == last else 'B'}-{hit[1]}")
        last = hit
    return tags


def spans(para: Paragraph, tags: list[str]) -> list[Span]:
    """The spans of a tagged paragraph; an ``I`` tag after another kind opens a span too."""
    out: list[Span] = []
    for i, tag in enumerate(tags):
        if tag == "O":
            continue
        kind = tag[2:]
        if tag[0] == "I" and out and out[-1].kind == kind and out[-1].last == i - 1:
            prev = out.pop()
            out.append(Span(kind, prev.first, i, prev.start, para.tokens[i].end))
        else:
            out.append(Span(kind, i, i, para.tokens[i].start, para.tokens[i].end))
    return out


# ---------------------------------------------------------------- linking

def _gap(a: Span, b: Span) -> int:
    """Characters between two spans (0 when they touch)."""
    return max(a.start - b.end, b.start - a.end, 0)


def _nearest(candidates: list[Span], to: Span) -> Span | None:
    """The candidate nearest ``to``; of two as near, the one before it."""
    return min(candidates, key=lambda c: (_gap(c, to), c.start > to.start), default=None)


def turn_label(para: Paragraph, registry: rules.Registry) -> Span | None:
    """The label of a transcript turn, "Name: ..." or "Name (retranslated): ...": the turns of
    ``rules`` (a name of the registry, or a label such as "Q" or "MR SMITH"), and any name that reads
    as one (``NAME``: "Ingrid Halvorsen", "President of Moldova Igor Dodon", "Ms BRENNAN"), as the
    labels of interviews and of transcripts of people outside the registry are. It is found by this
    rule, not by the tagger: the gold tags a label only where its turn holds a statement."""
    m = rules.TURN.match(para.text)
    if m is None:
        return None
    name = m.group("name")
    if not (registry.pattern.search(name) or rules.LABEL.match(name) or NAME.match(name)):
        return None
    end = para.start + m.end("name")
    return Span("speaker", 0, max(i for i, t in enumerate(para.tokens) if t.end <= end), para.start, end)


def link(para: Paragraph, found: list[Span], turn: Span | None) -> list[tuple[Span, Span | None, Span | None]]:
    """(content, cue, mention) of each content span of a paragraph: the cue nearest the content in the
    sentences it covers, the mention nearest that cue (or the content) in those sentences; with no
    cue and no mention there, the label of the turn going on (``turn``)."""
    out = []
    for content in (s for s in found if s.kind == "content"):
        window = set(para.sentence[content.first:content.last + 1])
        near = [s for s in found if para.sentence[s.first] in window]
        cue = _nearest([s for s in near if s.kind == "cue"], content)
        mention = _nearest([s for s in near if s.kind == "speaker"], cue or content)
        if cue is None and mention is None:
            mention = turn
        out.append((content, cue, mention))
    return out


def _offsets(s: Span | None) -> tuple[int, int] | None:
    return None if s is None else (s.start, s.end)


def _as_dict(s: Span | None) -> dict | None:
    return None if s is None else {"start": s.start, "end": s.end}


def people(speakers: list[dict]) -> frozenset[str]:
    """The ids of the registry's people: the speakers with a role (not governments or organisations)."""
    return frozenset(s["id"] for s in speakers if s["roles"])


def _promote(recent: list[str], ids: list[str]) -> None:
    """Move ``ids`` to the end of ``recent`` (the most recent last), in their order."""
    for sid in dict.fromkeys(ids):
        if sid in recent:
            recent.remove(sid)
        recent.append(sid)


def _window(para: Paragraph, found: list[Span], content: Span, limit: int = 4) -> list[Span]:
    """The tagged mentions of the content's sentences and of the two before them, nearest first."""
    first, last = para.sentence[content.first], para.sentence[content.last]
    near = [s for s in found if s.kind == "speaker" and first - 2 <= para.sentence[s.first] <= last]
    return sorted(near, key=lambda s: (_gap(s, content), s.start > content.start))[:limit]


def _place(para: Paragraph, content: Span, at: tuple[int, int] | None) -> tuple[str, str, int]:
    """(side, gap, sentences back) of a mention at character offsets ``at`` from the content: before,
    after or inside it, or elsewhere (outside the paragraph); the tokens between, in ranges; how many
    sentences before the content's it is (0 to 2; 3 outside the paragraph)."""
    if at is None:
        return "none", "none", 0
    end = para.start + len(para.text)
    if not (para.start <= at[0] < end):
        return "elsewhere", "none", 3
    starts = [t.start for t in para.tokens]
    lo, hi = sorted((min(at[1], content.start), max(at[0], content.end)))
    between = bisect.bisect_left(starts, hi) - bisect.bisect_left(starts, lo)
    side = "inside" if content.start <= at[0] < content.end else "before" if at[0] < content.start else "after"
    back = para.sentence[content.first] - para.sentence[max(bisect.bisect_right(starts, at[0]) - 1, 0)]
    return side, _bucket(max(between, 1)), min(max(back, 0), 2)


def _overlapping(ruled: list[dict], content: Span) -> dict | None:
    """The ``rules`` statement whose content overlaps ``content`` most, if their IoU is at least 0.5."""
    mine = {"start": content.start, "end": content.end}
    best = max(ruled, key=lambda r: _iou(mine, r["content"]), default=None)
    return best if best is not None and _iou(mine, best["content"]) >= 0.5 else None


def _key(fields: dict) -> tuple:
    """What two candidates that are one speaker share: their ids, else their name."""
    if fields.get("speakers"):
        return ("ids", frozenset(fields["speakers"]))
    return ("name", (fields.get("speaker_name") or "").lower())


def candidates(text: str, para: Paragraph, found: list[Span], content: Span, hand: Span | None, turn: Span | None,
               ruled: list[dict], extractor: rules.Extractor, recent: list[str]) -> list[Candidate]:
    """The speakers ``content`` may take (``linker``'s module docstring lists them), the hand rule's
    first. The hand rule's mention is resolved against ``recent`` itself, as the resolver moves the
    people it names to its end; the others against copies."""
    proposals = [("hand", hand, extractor.speaker_fields(text, _offsets(hand), recent))]
    proposals += [("tagged", m, extractor.speaker_fields(text, _offsets(m), list(recent)))
                  for m in _window(para, found, content)]
    if turn is not None:
        proposals.append(("turn", turn, extractor.speaker_fields(text, _offsets(turn), list(recent))))
    if (r := _overlapping(ruled, content)) is not None:
        at = r.get("speaker_mention")
        proposals.append(("rules" if at else "rules-agentless", Span("speaker", -1, -1, at["start"], at["end"]) if at
                          else None, {k: r[k] for k in SPEAKER_FIELDS if k in r}))
    named_last = [sid for sid in recent if sid in extractor.registry.roles][-2:]
    for origin, ids in (("participants", extractor.setting.participants), ("recent", named_last)):
        if len(ids) >= 2:  # for a plural mention ("they", "the two leaders") the resolver misread
            proposals.append((origin, hand, {"speaker_mention": _as_dict(hand), "speakers": list(ids)}))
    proposals.append(("none", None, extractor.speaker_fields(text, None, list(recent))))
    merged: dict[tuple, Candidate] = {}
    for origin, at, fields in proposals:
        key = _key(fields)
        if key in merged:
            merged[key].origins.append(origin)
            continue
        side, gap, back = _place(para, content, _offsets(at))
        merged[key] = Candidate(fields, [origin], "" if at is None else text[at.start:at.end], side, gap, back)
    return list(merged.values())


Chooser = Callable[[list[Candidate], Context], int]


def hand_choice(options: list[Candidate], context: Context) -> int:
    """The hand rule: the speaker ``rules`` gives a content it also found (IoU at least 0.5) with a
    mention, where there is one (its constructions, appositions and quotations before their
    attribution, find whose a content is better than the nearest mention does); else the mention
    nearest the content's cue."""
    return next((i for i, c in enumerate(options) if "rules" in c.origins), 0)


def document_statements(text: str, tagged: list[tuple[Paragraph, list[str]]], extractor: rules.Extractor,
                        people: frozenset[str], ruled: list[dict] | None = None,
                        choose: Chooser = hand_choice) -> list[dict]:
    """The statements of one document from its tagged paragraphs, speakers resolved in reading order
    and chosen among each content's candidates by ``choose`` (``ruled``: the ``rules`` extractor's
    statements of the document, which propose candidates too).

    ``recent`` holds the antecedents of "he", "the President", "the two leaders": after each
    sentence, the people (``people``: registry speakers with a role, not organisations) it names
    join it, the first named last (the subject of "Biden spoke with Bennett" is the likelier
    antecedent), and then the speakers of its statements ("Harris met King Abdullah. The Vice
    President thanked him" is Harris's statement)."""
    out: list[dict] = []
    recent: list[str] = []
    turn: Span | None = None
    for para, tags in tagged:
        turn = turn_label(para, extractor.registry) or turn
        found = spans(para, tags)
        linked = link(para, found, turn)
        place = "turn" if para.turn else "continues-turn" if turn else "narrative"
        for k, (_, sentence) in enumerate(para.sentences):
            said: list[str] = []
            for content, cue, mention in (item for item in linked if para.sentence[item[0].first] == k):
                kind = "direct" if cue is None else rules.statement_type(text, _offsets(content))
                options = candidates(text, para, found, content, mention, turn, ruled or [], extractor, recent)
                covered = " ".join(t for _, t in para.sentences[k:para.sentence[content.last] + 1])
                context = Context((content.start, content.end), extractor.setting.home, place, cue is not None,
                                  kind == "direct", frozenset(extractor.setting.participants), people,
                                  frozenset(extractor.registry.names_in(covered)))
                who = options[choose(options, context)].fields
                said += who.get("speakers", [])
                out.append({"content": _as_dict(content), "cue": _as_dict(cue), **who, "type": kind})
            _promote(recent, [sid for sid in reversed(extractor.registry.names_in(sentence)) if sid in people])
            _promote(recent, said)
    return rules.valid(out, len(text))


# ---------------------------------------------------------------- predicting

@dataclass(frozen=True)
class Model:
    """A loaded CRFsuite model and its speaker linker (the hand rule when ``linker`` is None).
    CRFsuite reads the weights in place from ``data``, so the bytes are held here as long as the
    tagger is."""
    data: bytes
    tagger: pycrfsuite.Tagger
    linker: Linker | None = None

    @classmethod
    def from_bytes(cls, data: bytes, linker: Linker | None = None) -> Model:
        tagger = pycrfsuite.Tagger()
        tagger.open_inmemory(data)
        return cls(data, tagger, linker)

    def tag(self, text: str) -> list[tuple[Paragraph, list[str]]]:
        return [(p, self.tagger.tag(p.features)) for p in paragraphs(text)]

    def choose(self, options: list[Candidate], context: Context) -> int:
        """The index of the candidate the linker chooses, in a document of one of the release's
        publishers (``context.source``, the setting's country); the hand rule's elsewhere, and
        without a linker. The linker learned from readouts whose speakers the registry resolves; in
        other news most speakers are outside it, and it would pass over their names."""
        use = self.linker is not None and context.source
        return (self.linker.choose_candidate if use else hand_choice)(options, context)


def document_record(d: dict, speakers: list[dict], model: Model, registry: rules.Registry, persons: frozenset[str],
                    choose: Chooser | None = None) -> dict:
    """The attribution prediction record of one document (``{id, text[, source, date]}``)."""
    text = d["text"] or ""
    extractor = rules.Extractor(registry, rules.author(d, speakers), rules.Setting.of(d, registry))
    ruled = extractor.extract(text)
    found = document_statements(text, model.tag(text), extractor, persons, ruled, choose or model.choose)
    return {"doc_id": d["id"], "statements": found}


def attribution(documents: list[dict], speakers: list[dict], model: Model,
                registry: rules.Registry | None = None) -> list[dict]:
    """Attribution prediction records of ``documents`` (``{id, text[, source, date]}``), speakers
    resolved against the registry ``speakers`` (compiled into ``registry`` unless given)."""
    registry, persons = registry or rules.Registry.build(speakers), people(speakers)
    return [document_record(d, speakers, model, registry, persons) for d in documents]


SPEAKER_FIELDS = ("speaker_mention", "speakers", "speaker_name")


def _iou(a: dict, b: dict) -> float:
    inter = min(a["end"], b["end"]) - max(a["start"], b["start"])
    return max(0, inter) / (max(a["end"], b["end"]) - min(a["start"], b["start"]))


# ---------------------------------------------------------------- training

def code_sha256() -> str:
    """The hash of the code that determines a model: this module (features, tags, linking), the
    linker's features, the ``rules`` resolver and cue lists, and the cue lexicon."""
    return codehash.code_sha256(sys.modules[__name__], linker, rules, cues)


@dataclass(frozen=True)
class Fitted:
    """A trained model: the bytes of its CRFsuite file and of its linker's JSON, and what its
    sidecar records."""
    data: bytes
    c1: float
    c2: float
    train_sha256: str
    validation_f1: float  # the headline (content+speaker F1, overlap at 0.5) on validation, with the linker
    linker: bytes
    linker_c: float

    def sidecar(self) -> dict:
        return {"model": "crf", "code_sha256": code_sha256(), "c1": self.c1, "c2": self.c2,
                "max_iterations": MAX_ITERATIONS, "linker_c": self.linker_c, "train_sha256": self.train_sha256,
                "model_sha256": hashlib.sha256(self.data).hexdigest(),
                "linker_sha256": hashlib.sha256(self.linker).hexdigest()}


def train_sha256(train: list[GoldDocument]) -> str:
    """A hash of what a fit learns from: each train document's id, text and gold spans."""
    rows = [[d.doc_id, d.text, sorted([kind, *sp] for st in d.statements
                                      for kind, sp in zip(KINDS, (st.content, st.cue, st.speaker_mention)) if sp)]
            for d in sorted(train, key=lambda d: d.doc_id) if d.text]
    return hashlib.sha256(json.dumps(rows, ensure_ascii=False).encode("utf-8")).hexdigest()


def linker_examples(docs: list[GoldDocument], model: Model, speakers: list[dict]) -> list[tuple[list[str], bool]]:
    """What the linker learns from: (features, whether it is the gold speaker) of each candidate of
    each content the tagger finds in ``docs`` that is a gold content (IoU at least 0.5)."""
    registry, persons, out = rules.Registry.build(speakers), people(speakers), []

    def record(gold: list[tuple[dict, frozenset[str]]], options: list[Candidate], context: Context) -> int:
        content = {"start": context.content[0], "end": context.content[1]}
        best = max(gold, key=lambda g: _iou(content, g[0]), default=None)
        if best is not None and _iou(content, best[0]) >= 0.5:
            out.extend((linker.features(c, context), c.speakers() == best[1]) for c in options)
        return hand_choice(options, context)

    for doc in (d for d in docs if d.text):
        gold = [({"start": st.content[0], "end": st.content[1]}, st.speakers or frozenset()) for st in doc.statements]
        document_record(_as_input(doc), speakers, model, registry, persons, functools.partial(record, gold))
    return out


def fit_linker(train: list[GoldDocument], validation: list[GoldDocument], speakers: list[dict],
               model: Model, grid: tuple[float, ...] = linker.C_GRID) -> tuple[Linker, float, float]:
    """The linker of the tagger ``model`` trained on ``train`` for every C of ``grid``, and the one
    that scores best on ``validation`` (of two as good, the first): (linker, C, score). Its
    candidates come from the tagger's own spans on the train split, which it tags better than
    unseen text (the linker trusts the tagger's mentions a little more than it should)."""
    examples, best = linker_examples(train, model, speakers), None
    for c in grid:
        fitted = linker.fit(examples, c)
        score = _score(Model(model.data, model.tagger, fitted), validation, speakers)
        if best is None or score > best[2]:
            best = (fitted, c, score)
    return best


def _as_input(doc: GoldDocument) -> dict:
    return {"id": doc.doc_id, "text": doc.text, "source": doc.source, "date": doc.date}


def _score(model: Model, validation: list[GoldDocument], speakers: list[dict]) -> float:
    """The headline on ``validation``, scored by the harness as ``diploquote eval`` would."""
    if not validation:
        return 0.0
    records = attribution([_as_input(d) for d in validation], speakers, model)
    result = evaluate(Records(tuple(records), "validation"), validation, Settings(resamples=0))
    return result.scores[result.headline]["value"]


def fit(train: list[GoldDocument], validation: list[GoldDocument], speakers: list[dict],
        grid: tuple[tuple[float, float], ...] = GRID, linker_grid: tuple[float, ...] = linker.C_GRID) -> Fitted:
    """Train on ``train`` for every (c1, c2) of ``grid`` and keep the tagger that scores best on
    ``validation`` with the hand rule's linking (of two as good, the one first in the grid); then
    its linker (``fit_linker``)."""
    docs = sorted((d for d in train if d.text), key=lambda d: d.doc_id)
    if not docs:
        raise DiploQuoteError(Incident("crf-no-train-text", "train split", "documents",
                                       "no train document has its text (all withheld); hydrate the release first"))
    trainer = pycrfsuite.Trainer(verbose=False)
    for doc in docs:
        for para in paragraphs(doc.text):
            trainer.append(para.features, gold_tags(para, doc))
    best = None  # (score, bytes, c1, c2)
    with tempfile.TemporaryDirectory() as tmp:
        for c1, c2 in grid:
            trainer.set_params({"c1": c1, "c2": c2, "max_iterations": MAX_ITERATIONS,
                                "feature.possible_transitions": True})
            trainer.train(str(Path(tmp) / "model.crfsuite"))
            data = (Path(tmp) / "model.crfsuite").read_bytes()
            score = _score(Model.from_bytes(data), validation, speakers)
            if best is None or score > best[0]:
                best = (score, data, c1, c2)
    _, data, c1, c2 = best
    found, c, score = fit_linker(docs, validation, speakers, Model.from_bytes(data), linker_grid)
    return Fitted(data, c1, c2, train_sha256(train), score, found.to_json(), c)


# ---------------------------------------------------------------- the kept model

SIDECAR_KEYS = ("model", "code_sha256", "c1", "c2", "max_iterations", "linker_c", "train_sha256", "model_sha256",
                "linker_sha256")


def model_path(models_dir: Path, dataset: Path) -> Path:
    """Where the model this code trains on the release in ``dataset`` is kept; its sidecar (``.json``)
    and its linker (``linker_path``) are beside it. A model of other code has another name, so that
    it is trained again rather than refused."""
    return models_dir / f"crf-attribution-{release_info(dataset)[1][:12]}-{code_sha256()[:12]}.crfsuite"


def linker_path(path: Path) -> Path:
    """Where the linker of the model file ``path`` is kept."""
    return path.with_name(path.stem + ".linker.json")


def _replace(path: Path, data: bytes) -> None:
    """Write ``data`` through a temporary name, so that a file with ``path``'s name is always whole."""
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def save(fitted: Fitted, path: Path) -> None:
    """The model file, its linker and its sidecar; the sidecar first, so that a model file never lacks one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    _replace(path.with_suffix(".json"), (json.dumps(fitted.sidecar(), indent=2) + "\n").encode("utf-8"))
    _replace(linker_path(path), fitted.linker)
    _replace(path, fitted.data)


def _refuse(path: Path, where: str, why: str) -> DiploQuoteError:
    return DiploQuoteError(Incident("untrusted-model", str(path), where, f"{why}; it is not loaded. Delete it, "
                                    f"{path.with_suffix('.json').name} and {linker_path(path).name}: the next run "
                                    "trains the model again"))


def _sidecar(path: Path) -> dict:
    """The sidecar of the model file ``path``, refused unless it holds exactly what ``save`` writes."""
    side = path.with_suffix(".json")
    try:
        record = json.loads(side.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise _refuse(path, side.name, f"its sidecar cannot be read ({e})") from None
    if not isinstance(record, dict) or sorted(record) != sorted(SIDECAR_KEYS):
        raise _refuse(path, side.name, f"its sidecar does not hold exactly {', '.join(SIDECAR_KEYS)}")
    return record


def load(path: Path, train_hash: str) -> Model:
    """The model kept at ``path``, loaded only when it is one this code wrote for this train split:
    its sidecar names the hash of this code (``code_sha256``: a model trained by other feature or
    linking code is not reused), a (c1, c2) of the grid, this iteration count, a C of the linker's
    grid and the train split's hash, and its bytes and its linker's have the sha256 the sidecar
    records. Anything else is refused before CRFsuite reads a byte of it."""
    record = _sidecar(path)
    side = path.with_suffix(".json").name
    expected = {"model": "crf", "code_sha256": code_sha256(), "max_iterations": MAX_ITERATIONS,
                "train_sha256": train_hash}
    for key, value in expected.items():
        if record[key] != value:
            raise _refuse(path, f"{side}, {key}", f"the sidecar says {record[key]!r}, this code and release {value!r}")
    if (record["c1"], record["c2"]) not in GRID:
        raise _refuse(path, f"{side}, c1 and c2", f"({record['c1']}, {record['c2']}) is not a point of the grid")
    if record["linker_c"] not in linker.C_GRID:
        raise _refuse(path, f"{side}, linker_c", f"{record['linker_c']!r} is not a point of the linker's grid")
    data = _checked_bytes(path, path, record["model_sha256"], "file")
    weights = _checked_bytes(path, linker_path(path), record["linker_sha256"], "linker")
    try:
        model = Model.from_bytes(data, Linker.from_json(weights, str(linker_path(path))))
    except ValueError as e:
        raise _refuse(path, "file", f"CRFsuite cannot read it ({e})") from None
    if not set(model.tagger.labels()) <= set(TAGS):
        raise _refuse(path, "labels", "the model's labels are not the tags of this code")
    return model


def _checked_bytes(model: Path, file: Path, sha256: str, where: str) -> bytes:
    """The bytes of ``file``, the model file ``model`` or its linker, refused unless their sha256 is
    ``sha256`` (the sidecar's)."""
    try:
        data = file.read_bytes()
    except OSError as e:
        raise _refuse(model, where, f"{file.name} cannot be read ({e.strerror or e})") from None
    if hashlib.sha256(data).hexdigest() != sha256:
        raise _refuse(model, "sha256" if file == model else f"{where} sha256",
                      f"the sha256 of {file.name} is not the one its sidecar records (changed or damaged)")
    return data


@contextlib.contextmanager
def _lock(folder: Path) -> Iterator[None]:
    """Hold ``folder``'s lock: the workers of ``predict --input`` that find no model train it once."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock


def kept_model(dataset: Path, models_dir: Path) -> Model:
    """The model of the release in ``dataset``, from ``models_dir``; trained (and kept) first if there is none."""
    path = model_path(models_dir, dataset)
    train = release_gold(dataset, "train")
    models_dir.mkdir(parents=True, exist_ok=True)
    with _lock(models_dir):
        if not path.exists():
            validation = release_gold(dataset, "validation") if checked_shard(dataset, "documents", "validation") else []
            save(fit(train, validation, load_speakers(dataset)), path)
    return load(path, train_sha256(train))


def _models_dir(dataset: Path, models_dir: Path | None) -> Path:
    return models_dir or dataset.parent / "results" / "models"


def document_model(dataset: Path) -> Callable[[list[dict]], list[dict]]:
    """The extractor as a function of a batch of documents: the model and the speaker registry loaded once."""
    speakers = load_speakers(dataset)
    return functools.partial(attribution, speakers=speakers, model=kept_model(dataset, _models_dir(dataset, None)),
                             registry=rules.Registry.build(speakers))


def predict(task: str, inputs: Inputs) -> list[dict]:
    model = kept_model(inputs.dataset, _models_dir(inputs.dataset, inputs.models_dir))
    return attribution(inputs.target_documents(), load_speakers(inputs.dataset), model)

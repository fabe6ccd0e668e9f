"""``rules``: an attribution extractor with no model weights.

A cue-verb lexicon and a handful of patterns over sentences:

- transcript turns: a paragraph opening with "Name: ..." (``direct``);
- "SPEAKER CUE [that] CONTENT" (reported speech; ``mixed`` when the content holds a quotation);
- "CONTENT, CUE SPEAKER" and "CONTENT, SPEAKER CUE" (preposed content);
- ", adding / stressing / noting that CONTENT" (a second cue of the sentence's speaker);
- quotations with a cue next to them (``direct``).

Speakers resolve to registry ids through names and aliases; "the two leaders", "both sides",
"they" to the two most recently named people; "he", "she" and titles to the last person named;
"I" and "we" to the author when the caller says who that is. It works on any English text.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from diploquote.baselines.data import Inputs, load_speakers
from diploquote.schema.cues import EXTRACTION_CUES

Span = tuple[int, int]  # (start, end): character offsets, end exclusive

PARTICIPLES = ["adding", "stressing", "noting", "underscoring", "emphasizing", "emphasising", "saying", "expressing",
               "calling for", "urging", "reaffirming", "reiterating", "highlighting", "welcoming"]
COMPLEMENTISERS = ("that ", "on ", "to ", "for ", "about ", "the hope that ")

_CUE = "|".join(sorted((re.escape(c) for c in EXTRACTION_CUES), key=len, reverse=True))
_PART = "|".join(sorted((re.escape(c) for c in PARTICIPLES), key=len, reverse=True))
# A sentence ends at . ! ? before a capital, unless the word before the period is an abbreviation
# ("U.S.", "Mr.", "Jan.") or an initial.
_END = re.compile(r"[.!?]+[\"”’)]*\s+(?=[A-Z“\"‘])")
_ABBREV = re.compile(r"(?:\b[A-Z]|\b(?:Mr|Mrs|Ms|Dr|St|No|Jan|Feb|Aug|Sept|Oct|Nov|Dec|Gen|Gov|Sen|Rep|Jr|Sr|etc|vs)|[A-Z]\.[A-Z])\.$")
TURN = re.compile(r"^(?P<name>[A-Z][^:\n]{0,90}?)(?: \([^)]*\))?: (?P<content>.+)$")
# Turn labels that name nobody in the registry: "Q", "A", "MR SMITH", "SECRETARY BLINKEN".
LABEL = re.compile(r"^(?:Q|A|Question|Answer|[A-Z][A-Z.'’ -]*[A-Z])$")
CUE_WORD = re.compile(rf"\b(?:{_CUE})\b")
SUBJECT_START = re.compile(r"\b(?:[A-Z][\w’'.-]*|the|both|he|she|they|I|we)\b|\b(?:The|Both|He|She|They|We)\b")
ADVERB_TAIL = re.compile(r"(?:\s+(?:also|further|again))*\s*$")
PREPOSED = re.compile(rf"^(?P<content>.+?),\s+(?:(?P<cue1>{_CUE})\s+(?P<subj1>[^,.]+)|(?P<subj2>[^,.]+?)\s+(?P<cue2>{_CUE}))"
                      rf"\s*(?:[,.]|$)")
PARTICIPLE = re.compile(rf",\s+(?P<cue>{_PART})\s+(?P<rest>.*)$")
QUOTE = re.compile(r"[“\"](?P<q>[^”\"]{10,})[”\"]")
JOINT = re.compile(r"\b(?:the two|both|the|The two|Both|The)\s+(?:leaders|presidents|sides|parties|prime ministers|heads of state)\b|\b(?:They|they)\b")
PRONOUN = re.compile(r"^(?:he|He|she|She|[Tt]he (?i:president|prime minister|vice president|chancellor|premier))$")
# Cues of quotations in news copy beyond the readouts' lexicon ("...," he warned).
QUOTE_CUES = ["asked", "replied", "answered", "warned", "insisted", "argued", "declared", "wrote", "explained"]
_QCUE = "|".join(sorted((re.escape(c) for c in [*EXTRACTION_CUES, *QUOTE_CUES]), key=len, reverse=True))
_WORDS = r"[^\s,.;:!?“”\"]+(?:\s+[^\s,.;:!?“”\"]+){0,5}?"
# '"A," he said' / '"A," said the minister', and a second part after it: '"A," she said, "B."'
QUOTED = re.compile(rf"[“\"](?P<q>[^”\"\n]+?)[,.!?]?[”\"],?\s+(?:(?P<cue1>{_QCUE})\s+(?P<subj1>{_WORDS})|"
                    rf"(?P<subj2>{_WORDS})\s+(?P<cue2>{_QCUE}))(?=\s*[,.;!?]|\s*$)"
                    rf"(?:,\s*[“\"](?P<q2>[^”\"\n]+?)[,.!?]?[”\"])?")
ACCORDING = re.compile(r"^(?:(?P<content1>.+?),\s+(?P<cue1>according to)\s+(?P<subj1>[^,.]+?)\s*(?:[,.]|$)|"
                       r"(?P<cue2>According to)\s+(?P<subj2>[^,]+?),\s+(?P<content2>.+))")
# "It was stressed that ...": a report with no speaker in the text.
PASSIVE = re.compile(rf"\b(?:[Ii]t|[Tt]his)\s+(?:was|has been|had been|is)\s+(?:also\s+)?(?P<cue>{_CUE})\s+(?:that\s+)?"
                     r"(?P<content>.+)$")
AUXILIARY = re.compile(r"^(?:was|were|is|are|has been|have been|had been)$")
# A subject after a leading adverbial ("In a phone call Putin said"): the words that start the adverbial.
LEAD = re.compile(r"(?:In|On|At|During|After|Before|Speaking|Meanwhile|Later|Earlier|Separately|However|Also|Then|"
                  r"Today|Yesterday|And|But|in|on|at|during|after|before)\b")
WORD = re.compile(r"\S+")
CAPITALISED = re.compile(r"\b[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*)*")
DETERMINER = {"the", "The", "a", "A", "an", "An", "both", "Both"}
FIRST = re.compile(r"^(?:I|We|we)$|\band I\b")


@dataclass(frozen=True)
class Registry:
    """Names and aliases of the speaker registry, compiled once."""
    pattern: re.Pattern
    ids: dict[str, str]  # alias -> id

    def names_in(self, text: str) -> list[str]:
        """Ids of the names and aliases in ``text``, in order, by dictionary look-ups of runs of
        capitalised words, longest first (the pattern is slow on whole sentences; names with a
        lower-case word are missed here)."""
        found = []
        for run in CAPITALISED.findall(text):
            words, i = [re.sub(r"[’']s$|\.$", "", w) for w in run.split()], 0
            while i < len(words):
                j = next((j for j in range(min(len(words), i + 6), i, -1) if " ".join(words[i:j]) in self.ids), i)
                if j > i:
                    found.append(self.ids[" ".join(words[i:j])])
                i = max(j, i + 1)
        return found

    @classmethod
    def build(cls, speakers: list[dict]) -> Registry:
        ids = {}
        for s in speakers:
            if s["id"].startswith("government-of-"):
                continue  # countries are named everywhere; they are not person mentions
            for name in [s["name"], *s.get("aliases", [])]:
                if len(name) >= 2 and name[0].isupper():
                    ids.setdefault(name, s["id"])
        names = sorted(ids, key=len, reverse=True)
        pattern = re.compile(r"\b(?:" + "|".join(re.escape(n) for n in names) + r")\b") if names else re.compile(r"(?!)")
        return cls(pattern, ids)


class _Reported:
    """Where a sentence reports speech: subject, cue and the rest, as character ranges."""

    def __init__(self, sentence: str, subj: tuple[int, int], cue: tuple[int, int]):
        self.sentence, self.spans = sentence, {"subj": subj, "cue": cue, "rest": (cue[1], len(sentence))}
        rest_start = cue[1] + (len(sentence[cue[1]:]) - len(sentence[cue[1]:].lstrip()))
        self.spans["rest"] = (rest_start, len(sentence))

    def span(self, name: str) -> Span:
        return self.spans[name]

    def start(self, name: str) -> int:
        return self.spans[name][0]

    def end(self, name: str) -> int:
        return self.spans[name][1]

    def group(self, name: str) -> str:
        a, b = self.spans[name]
        return self.sentence[a:b]


def reported(sentence: str) -> _Reported | None:
    """The first cue of the sentence whose clause (since the last , ; or :) holds a subject before it."""
    for cue in CUE_WORD.finditer(sentence):
        clause = max(sentence.rfind(c, 0, cue.start()) for c in ",;:") + 1
        head = SUBJECT_START.search(sentence, clause, cue.start())
        if head is None:
            continue
        end = clause + len(ADVERB_TAIL.sub("", sentence[clause:cue.start()]))
        if end > head.start() and sentence[head.start():end].strip():
            return _Reported(sentence, (_subject(sentence, head.start(), end), end), (cue.start(), cue.end()))
    return None


def _subject(sentence: str, start: int, end: int) -> int:
    """Where the subject starts when the words before the cue open with an adverbial: the last
    capitalised run ("Russian President Vladimir Putin") or the last determiner phrase ("the two leaders")."""
    if not LEAD.match(sentence, start):
        return start
    words = [(m.start(), m.group(0)) for m in WORD.finditer(sentence, start, end)]
    if len(words) < 2:
        return start
    i = len(words) - 1
    if words[i][1][0].isupper():
        while i > 1 and (words[i - 1][1][0].isupper() or (words[i - 1][1] == "of" and words[i - 2][1][0].isupper())):
            i -= 1
        return words[i - 1][0] if i > 1 and words[i - 1][1] in DETERMINER else words[i][0]
    return next((words[j][0] for j in range(i, 0, -1) if words[j][1] in DETERMINER), start)


def sentences(paragraph: str) -> list[tuple[int, str]]:
    """(offset, sentence) pairs of one paragraph."""
    out, start = [], 0
    for m in _END.finditer(paragraph):
        head = paragraph[start:m.start() + 1]
        if _ABBREV.search(head.rstrip("\"”’)!?")):
            continue
        out.append((start, paragraph[start:m.end()].rstrip()))
        start = m.end()
    if start < len(paragraph):
        out.append((start, paragraph[start:]))
    return out


def _skip_to_content(rest: str) -> int:
    """Characters to skip after a cue: a complementiser, or an adverbial before "that"
    ("said on Monday that ...")."""
    m = re.match(r"(?:(?:on|in|at|during|after|before|while|when|again|also|today|yesterday|earlier)\b[^,]{0,30}?\s)?that\s",
                 rest)
    if m:
        return m.end()
    return next((len(c) for c in COMPLEMENTISERS if rest.startswith(c)), 0)


def _span(start: int, end: int) -> dict:
    return {"start": start, "end": end}


def _shift(span: Span, by: int) -> Span:
    """A span of a sentence as a span of the document, the sentence starting at offset ``by``."""
    return span[0] + by, span[1] + by


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Strip white space, a closing period and wrapping quotes from a span."""
    while start < end and text[start] in " \t\"“":
        start += 1
    while end > start and text[end - 1] in " \t.,;:\"”":
        end -= 1
    return start, end


class Extractor:
    """Extracts statements from one document at a time; keeps the recency of named speakers.

    A statement is emitted for every reported-speech construction found, whoever speaks: the
    registry only turns the mention into ids (``speakers``); otherwise the mention's words are the
    ``speaker_name``.
    """

    def __init__(self, registry: Registry, author: list[str] | None = None):
        self.registry, self.author = registry, author or []

    def _resolve(self, mention: str, recent: list[str]) -> list[str]:
        found = [self.registry.ids[m.group(0)] for m in self.registry.pattern.finditer(mention)]
        if FIRST.search(mention) and self.author:
            found = list(dict.fromkeys(found + self.author))
        if found:
            return list(dict.fromkeys(found))
        if JOINT.search(mention):
            return recent[-2:] if len(recent) >= 2 else recent[-1:]
        if PRONOUN.match(mention.strip()) and recent:
            return recent[-1:]
        return []

    def _who(self, text: str, mention: Span | None, recent: list[str]) -> dict:
        """The speaker fields of a statement: ids when the registry resolves the mention, else its words."""
        if mention is None:
            return {"speaker_mention": None}
        words = text[mention[0]:mention[1]]
        self._remember(words, recent)
        speakers = self._resolve(words, recent)
        return {"speaker_mention": _span(*mention), **({"speakers": speakers} if speakers else {"speaker_name": words})}

    def extract(self, text: str) -> list[dict]:
        """Predicted statements (the harness's attribution format) for one document's text."""
        out: list[dict] = []
        recent: list[str] = []
        turn: dict | None = None  # the speaker fields of the transcript turn going on
        pos = 0
        for index, para in enumerate(text.split("\n")):
            base = pos
            pos += len(para) + 1
            m = TURN.match(para)
            if m and (self.registry.pattern.search(m.group("name")) or LABEL.match(m.group("name"))):
                who = self._who(text, (base, base + len(m.group("name"))), recent)
                s, e = _trim(text, base + m.start("content"), base + len(para))
                if e > s:
                    out.append({"content": _span(s, e), "cue": None, **who, "type": "direct"})
                # a headline "Name: words" (first line, no closing punctuation) is one statement;
                # a transcript goes on in turns
                headline = index == 0 and not para.rstrip().endswith((".", "!", "?", "”", '"'))
                turn = None if headline else {k: v for k, v in who.items() if k != "speaker_mention"}
                continue
            if turn:  # this paragraph continues the current turn
                s, e = _trim(text, base, base + len(para))
                if e > s:
                    out.append({"content": _span(s, e), "cue": None, "speaker_mention": None, **turn, "type": "direct"})
                continue
            out += self._paragraph(text, base, para, recent)
        return _valid(out, len(text))

    def _paragraph(self, text: str, base: int, para: str, recent: list[str]) -> list[dict]:
        """The statements of one paragraph, which starts at offset ``base``: quotations with their
        attribution first (they may hold sentence ends), then sentence by sentence."""
        out: list[dict] = []
        quoted = {q.start(): q for q in QUOTED.finditer(para)} if "“" in para or '"' in para else {}  # a cheap test first
        covered = 0
        for s, sentence in sentences(para):
            if s < covered:
                continue
            q = next((quoted[k] for k in quoted if s <= k < s + len(sentence)), None)
            if q:
                out += self._sentence(text, base + s, para[s:q.start()], recent)
                out += self._quoted(text, base, q, recent)
                covered = q.end()
                continue
            found = self._sentence(text, base + s, sentence, recent)
            if not found:  # names of narrative sentences are the antecedents of later pronouns
                self._remember(sentence, recent, narrative=True)
            out += found
        return out

    def _remember(self, mention: str, recent: list[str], narrative: bool = False) -> None:
        """Move the speakers named in ``mention`` to the end of ``recent``; a narrative sentence by
        the quicker look-up."""
        ids = self.registry.names_in(mention) if narrative else [self.registry.ids[m.group(0)]
                                                                  for m in self.registry.pattern.finditer(mention)]
        for sid in ids:
            if sid in recent:
                recent.remove(sid)
            recent.append(sid)

    def _sentence(self, text: str, start: int, sentence: str, recent: list[str]) -> list[dict]:
        """The statements of one sentence, which starts at offset ``start`` of ``text``."""
        acc = ACCORDING.match(sentence) if "ccording to" in sentence else None
        if acc:
            return self._according(text, start, acc, recent)
        passive = PASSIVE.search(sentence) if "t " in sentence else None
        pre = PREPOSED.match(sentence)
        rep = reported(sentence)
        if passive and (not rep or rep.start("cue") >= passive.start("cue")):
            content = _trim(text, start + passive.start("content"), start + len(sentence))
            return [self._statement(text, content, _shift(passive.span("cue"), start), None, recent)]
        if pre and (not rep or rep.start("cue") > pre.end("content")):
            return self._preposed(text, start, pre, recent)
        if rep:
            return self._reported(text, start, sentence, rep, recent)
        return []

    def _quoted(self, text: str, base: int, q: re.Match, recent: list[str]) -> list[dict]:
        """ '"A," he said' and '"A," said the minister', with a second part '..., "B."' of the same speaker."""
        subj, cue = ("subj1", "cue1") if q.group("cue1") else ("subj2", "cue2")
        parts = [_trim(text, base + q.start(g), base + q.end(g)) for g in ("q", "q2") if q.group(g)]
        mention, cue_span = _shift(q.span(subj), base), _shift(q.span(cue), base)
        return [self._statement(text, part, cue_span, mention, recent) for part in parts]

    def _according(self, text: str, start: int, acc: re.Match, recent: list[str]) -> list[dict]:
        """ "CONTENT, according to X" and "According to X, CONTENT"."""
        k = "1" if acc.group("cue1") else "2"
        content = _trim(text, start + acc.start("content" + k), start + acc.end("content" + k))
        return [self._statement(text, content, _shift(acc.span("cue" + k), start), _shift(acc.span("subj" + k), start),
                                recent)]

    def _preposed(self, text: str, start: int, pre: re.Match, recent: list[str]) -> list[dict]:
        """ "CONTENT, CUE SPEAKER" or "CONTENT, SPEAKER CUE"; "CONTENT, was noted" has no speaker."""
        subj, cue = ("subj1", "cue1") if pre.group("cue1") else ("subj2", "cue2")
        content = _trim(text, start + pre.start("content"), start + pre.end("content"))
        mention = None if AUXILIARY.match(pre.group(subj).strip()) else _shift(pre.span(subj), start)
        return [self._statement(text, content, _shift(pre.span(cue), start), mention, recent)]

    def _reported(self, text: str, start: int, sentence: str, rep: _Reported, recent: list[str]) -> list[dict]:
        """ "SPEAKER CUE [that] CONTENT[, adding that CONTENT]"."""
        out = []
        mention = _shift(rep.span("subj"), start)
        rest, rest_at = rep.group("rest"), rep.start("rest")
        skip = _skip_to_content(rest)
        if rep.group("cue") == "told" and not skip:  # "told reporters (that) ...": skip the addressee
            addressee = re.match(r"(?:the\s+)?\w+\s+(?:that\s+)?", rest)
            skip = addressee.end() if addressee else 0
        part = PARTICIPLE.search(rest)
        end = rest_at + (part.start() if part else len(rest))
        content = _trim(text, start + rest_at + skip, start + end)
        out.append(self._statement(text, content, _shift(rep.span("cue"), start), mention, recent))
        if part:  # a second cue of the same speaker
            ps = rest_at + part.end("cue")
            tail = sentence[ps:]
            skip = _skip_to_content(tail.lstrip())
            content = _trim(text, start + ps + (len(tail) - len(tail.lstrip())) + skip, start + len(sentence))
            out.append(self._statement(text, content, _shift(part.span("cue"), start + rest_at), mention, recent))
        return out

    def _statement(self, text: str, content: Span, cue: Span, mention: Span | None, recent: list[str]) -> dict:
        """A predicted statement; its type from the quotation marks in and around the content."""
        return {"content": _span(*content), "cue": _span(*cue), **self._who(text, mention, recent),
                "type": statement_type(text, content)}

    def speaker_fields(self, text: str, mention: Span | None, recent: list[str]) -> dict:
        """The resolver as another extractor (``crf``) calls it: ``speaker_mention`` and ``speakers``
        (registry ids) or ``speaker_name`` of a mention, ``recent`` the antecedents so far."""
        return self._who(text, mention, recent)


def statement_type(text: str, content: Span) -> str:
    """``direct`` for a quotation, ``mixed`` for a content that holds one, else ``indirect``."""
    s, e = content
    kind = "mixed" if QUOTE.search(text[s:e]) else "indirect"
    q = QUOTE.fullmatch(text[s:e].strip("“”\" "))
    if q or (text[s - 1:s] in "“\"" and text[e:e + 1] in "”\""):
        kind = "direct"
    return kind


def _valid(statements: list[dict], length: int) -> list[dict]:
    """The statements whose spans are non-empty and inside the text, each once (the harness
    rejects a document with an empty, reversed or outside span, or a statement given twice)."""
    out, seen = [], set()
    for st in statements:
        spans = [st[f] for f in ("content", "cue", "speaker_mention") if st.get(f) is not None]
        key = tuple((sp["start"], sp["end"]) for sp in spans) + (st.get("cue") is None, st.get("speaker_mention") is None)
        if key in seen or not all(0 <= sp["start"] < sp["end"] <= length for sp in spans):
            continue
        seen.add(key)
        out.append(st)
    return out


valid = _valid  # the public name, for the extractors built on this one


# ---------------------------------------------------------------- the model as the registry runs it

AUTHOR_ROLES = {"auspm": "Prime Minister of Australia"}


def author(doc: dict, speakers: list[dict]) -> list[str]:
    """Who "I" is in a first-person release: the holder of the publisher's office on its date."""
    title, date = AUTHOR_ROLES.get(doc.get("source", "")), doc.get("date") or ""
    if not title or not date:
        return []
    return [s["id"] for s in speakers for r in s["roles"]
            if r["title"] == title and (r["start"] or "") <= date and (not r["end"] or date < r["end"])][:1]


def attribution(documents: list[dict], speakers: list[dict], registry: Registry | None = None) -> list[dict]:
    """Attribution prediction records of ``documents``, speakers resolved against the registry ``speakers``
    (compiled into ``registry`` when the caller has not done it once already)."""
    registry = registry or Registry.build(speakers)
    return [{"doc_id": d["id"], "statements": Extractor(registry, author(d, speakers)).extract(d["text"] or "")}
            for d in documents]


def document_model(dataset: Path) -> Callable[[list[dict]], list[dict]]:
    """The extractor as a function of a batch of documents, the speaker registry loaded and compiled once."""
    speakers = load_speakers(dataset)
    return functools.partial(attribution, speakers=speakers, registry=Registry.build(speakers))


def predict(task: str, inputs: Inputs) -> list[dict]:
    return attribution(inputs.target_documents(), load_speakers(inputs.dataset))

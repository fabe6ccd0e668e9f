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

import re
from dataclasses import dataclass

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
TURN = re.compile(r"^(?P<name>[A-Z][^:\n]{2,90}?)(?: \([^)]*\))?: (?P<content>.+)$")
CUE_WORD = re.compile(rf"\b(?:{_CUE})\b")
SUBJECT_START = re.compile(r"\b(?:[A-Z][\w’'.-]*|the|both|he|she|they|I|we)\b|\b(?:The|Both|He|She|They|We)\b")
ADVERB_TAIL = re.compile(r"(?:\s+(?:also|further|again))*\s*$")
PREPOSED = re.compile(rf"^(?P<content>.+?),\s+(?:(?P<cue1>{_CUE})\s+(?P<subj1>[^,.]+)|(?P<subj2>[^,.]+?)\s+(?P<cue2>{_CUE}))"
                      rf"\s*(?:[,.]|$)")
PARTICIPLE = re.compile(rf",\s+(?P<cue>{_PART})\s+(?P<rest>.*)$")
QUOTE = re.compile(r"[“\"](?P<q>[^”\"]{10,})[”\"]")
JOINT = re.compile(r"\b(?:the two|both|the|The two|Both|The)\s+(?:leaders|presidents|sides|parties|prime ministers|heads of state)\b|\b(?:They|they)\b")
PRONOUN = re.compile(r"^(?:he|He|she|She|the President|The President|the Prime Minister|The Prime Minister|"
                     r"the Vice President|The Vice President|the Chancellor|The Chancellor|the Premier|The Premier)$")
FIRST = re.compile(r"^(?:I|We|we)$|\band I\b")


@dataclass(frozen=True)
class Registry:
    """Names and aliases of the speaker registry, compiled once."""
    pattern: re.Pattern
    ids: dict[str, str]  # alias -> id

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
            return _Reported(sentence, (head.start(), end), (cue.start(), cue.end()))
    return None


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
    """Extracts statements from one document at a time; keeps the recency of named speakers."""

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

    def extract(self, text: str) -> list[dict]:
        """Predicted statements (the harness's attribution format) for one document's text."""
        out: list[dict] = []
        recent: list[str] = []
        turn: list[str] = []
        pos = 0
        for para in text.split("\n"):
            base = pos
            pos += len(para) + 1
            m = TURN.match(para)
            if m and self.registry.pattern.search(m.group("name")):
                turn = self._resolve(m.group("name"), recent)
                recent = [s for s in recent if s not in turn] + turn
                s, e = _trim(text, base + m.start("content"), base + len(para))
                if turn and e > s:
                    out.append({"content": _span(s, e), "cue": None, "speaker_mention": _span(base, base + len(m.group("name"))),
                                "speakers": turn, "type": "direct"})
                continue
            if turn:  # a transcript goes on in turns: this paragraph continues the current one
                s, e = _trim(text, base, base + len(para))
                out.append({"content": _span(s, e), "cue": None, "speaker_mention": None, "speakers": turn, "type": "direct"})
                continue
            for s, sentence in sentences(para):
                out += self._sentence(text, base + s, sentence, recent)
        return out

    def _remember(self, mention: str, recent: list[str]) -> None:
        for m in self.registry.pattern.finditer(mention):
            sid = self.registry.ids[m.group(0)]
            if sid in recent:
                recent.remove(sid)
            recent.append(sid)

    def _sentence(self, text: str, start: int, sentence: str, recent: list[str]) -> list[dict]:
        """The statements of one sentence, which starts at offset ``start`` of ``text``."""
        pre = PREPOSED.match(sentence)
        rep = reported(sentence)
        if pre and (not rep or rep.start("cue") > pre.end("content")):
            return self._preposed(text, start, pre, recent)
        if rep:
            return self._reported(text, start, sentence, rep, recent)
        return []

    def _preposed(self, text: str, start: int, pre: re.Match, recent: list[str]) -> list[dict]:
        """ "CONTENT, CUE SPEAKER" or "CONTENT, SPEAKER CUE"."""
        subj, cue = ("subj1", "cue1") if pre.group("cue1") else ("subj2", "cue2")
        self._remember(pre.group(subj), recent)
        speakers = self._resolve(pre.group(subj), recent)
        content = _trim(text, start + pre.start("content"), start + pre.end("content"))
        if not speakers or content[1] <= content[0]:
            return []
        return [self._statement(text, content, _shift(pre.span(cue), start), _shift(pre.span(subj), start), speakers)]

    def _reported(self, text: str, start: int, sentence: str, rep: _Reported, recent: list[str]) -> list[dict]:
        """ "SPEAKER CUE [that] CONTENT[, adding that CONTENT]"."""
        self._remember(rep.group("subj"), recent)
        speakers = self._resolve(rep.group("subj"), recent)
        if not speakers:
            return []
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
        if content[1] > content[0]:
            out.append(self._statement(text, content, _shift(rep.span("cue"), start), mention, speakers))
        if part:  # a second cue of the same speaker
            ps = rest_at + part.end("cue")
            tail = sentence[ps:]
            skip = _skip_to_content(tail.lstrip())
            content = _trim(text, start + ps + (len(tail) - len(tail.lstrip())) + skip, start + len(sentence))
            if content[1] > content[0]:
                out.append(self._statement(text, content, _shift(part.span("cue"), start + rest_at), mention, speakers))
        return out

    def _statement(self, text: str, content: Span, cue: Span, mention: Span, speakers: list[str]) -> dict:
        """A predicted statement; its type from the quotation marks in and around the content."""
        s, e = content
        kind = "mixed" if QUOTE.search(text[s:e]) else "indirect"
        q = QUOTE.fullmatch(text[s:e].strip("“”\" "))
        if q or (text[s - 1:s] in "“\"" and text[e:e + 1] in "”\""):
            kind = "direct"
        return {"content": _span(*content), "cue": _span(*cue), "speaker_mention": _span(*mention),
                "speakers": speakers, "type": kind}


# ---------------------------------------------------------------- the model as the registry runs it

AUTHOR_ROLES = {"auspm": "Prime Minister of Australia"}


def author(doc: dict, speakers: list[dict]) -> list[str]:
    """Who "I" is in a first-person release: the holder of the publisher's office on its date."""
    title, date = AUTHOR_ROLES.get(doc.get("source", "")), doc.get("date") or ""
    if not title or not date:
        return []
    return [s["id"] for s in speakers for r in s["roles"]
            if r["title"] == title and (r["start"] or "") <= date and (not r["end"] or date < r["end"])][:1]


def attribution(documents: list[dict], speakers: list[dict]) -> list[dict]:
    """Attribution prediction records of ``documents``, speakers resolved against the registry ``speakers``."""
    registry = Registry.build(speakers)
    return [{"doc_id": d["id"], "statements": Extractor(registry, author(d, speakers)).extract(d["text"] or "")}
            for d in documents]


def predict(task: str, inputs: Inputs) -> list[dict]:
    return attribution(inputs.target_documents(), load_speakers(inputs.dataset))

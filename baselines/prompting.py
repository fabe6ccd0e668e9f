"""The attribution prompt and the reading of its answer, one definition for every path that asks a
language model: ``predict llm``, the lm-evaluation-harness task and the Inspect AI task.

The prompt is the instructions, two worked examples from the train split (their gold written
as the answer the model should give) and the document. The answer is JSON (``ANSWER_SCHEMA``);
``read_answer`` turns it into the statements of a prediction line, snapping every quoted span to
the document's text (language models paraphrase quotes).
"""

from __future__ import annotations

import difflib
import json
import re
from pathlib import Path

import pyarrow.parquet as pq

from diploquote.schema import STANCES, STATEMENT_TYPES, TARGETS, TOPICS
from diploquote.schema.labels import label_name
from diploquote.schema.layout import shard_path

SNAP_MIN = 0.9  # a near-verbatim match must cover this share of the quote (characters)
# The worked examples, by document id: the two shortest train documents with at least two
# statements in release 0.3.1. Fixed, so that the prompt (and every cached answer) does not change
# as the train split grows; their gold dates from 0.3.x and was adjudicated and audited then.
SHOT_IDS = ("kremlin-56480", "kremlin-55702")
_FOLD = str.maketrans({"\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'"})
ANSWER_SCHEMA = {
    "type": "object",
    "required": ["statements"],
    "properties": {"statements": {"type": "array", "items": {
        "type": "object",
        "required": ["content", "speaker"],
        "properties": {
            "content": {"type": "string"},
            "cue": {"type": ["string", "null"]},
            "speaker": {"type": "string"},
            "type": {"enum": list(STATEMENT_TYPES)},
            "stance": {"enum": list(STANCES)},
            "target": {"enum": list(TARGETS)},
            "topics": {"type": "array", "items": {"enum": list(TOPICS)}},
        },
    }}},
}
INSTRUCTIONS = (
    "List every attributed statement in the news text: what an identified person or government is reported to "
    "have said, stressed, agreed, discussed, welcomed or expressed. For each give the content copied verbatim "
    "from the text (without the reporting verb), the cue (the reporting verb), the speaker as the text names "
    "them, its type (direct, indirect, mixed), the speaker's stance toward the target (support, oppose, "
    "neutral), the target and the topics. Answer with one JSON object and nothing else.")


def _span_text(span: dict | None) -> str | None:
    return span["text"] if span else None


def gold_answer(statements: list[dict]) -> dict:
    """The answer the prompt asks for, written from a document's gold statements (rows of the
    ``documents`` config)."""
    return {"statements": [{
        "content": st["content"]["text"], "cue": _span_text(st["cue"]),
        "speaker": _span_text(st["speaker_mention"]) or ", ".join(st["speakers"]),
        "type": label_name("type", st["type"]), "stance": label_name("stance", st["stance"]),
        "target": label_name("target", st["target"]),
        "topics": [label_name("topic", t) for t in st["topics"]]} for st in statements]}


def shots(dataset: Path) -> list[tuple[str, dict]]:
    """The worked examples (``SHOT_IDS``, from the train split of the release in ``dataset``) with
    their gold answers; those the split does not hold are left out."""
    rows = pq.read_table(dataset / shard_path("documents", "train"), columns=["id", "text", "statements"]).to_pylist()
    by_id = {r["id"]: r for r in rows if r["text"]}
    return [(by_id[i]["text"], gold_answer(by_id[i]["statements"])) for i in SHOT_IDS if i in by_id]


def prompt(text: str, examples: list[tuple[str, dict]]) -> str:
    """The whole prompt for one document, as one user message."""
    parts = [INSTRUCTIONS, ""]
    for k, (shot, answer) in enumerate(examples, 1):
        parts += [f"Example {k}. Text:", shot, "Answer:", json.dumps(answer, ensure_ascii=False), ""]
    parts += ["Now the text to annotate. Text:", text, "Answer:"]
    return "\n".join(parts)


def snap(text: str, quote: str) -> tuple[int, int] | None:
    """Offsets of ``quote`` in ``text``: verbatim, else the longest near-verbatim match if it covers
    at least ``SNAP_MIN`` of the quote, else None."""
    quote = quote.strip().rstrip(".")
    if not quote:
        return None
    at = text.find(quote)
    if at < 0:  # curly and straight quotes are one character each: folding them keeps offsets
        at = text.translate(_FOLD).find(quote.translate(_FOLD))
    if at >= 0:
        return at, at + len(quote)
    matcher = difflib.SequenceMatcher(None, text, quote, autojunk=False)
    m = matcher.find_longest_match(0, len(text), 0, len(quote))
    if m.size >= SNAP_MIN * len(quote):
        return m.a, m.a + m.size
    return None


def _near(text: str, word: str | None, around: tuple[int, int]) -> tuple[int, int] | None:
    if not word:
        return None
    hits = [m.start() for m in re.finditer(re.escape(word), text)]
    if not hits:
        return None
    best = min(hits, key=lambda s: min(abs(s - around[0]), abs(s - around[1])))
    return best, best + len(word)


def parse(reply: str) -> dict:
    """The JSON object of a model's reply: the reply itself, or the first ``{...}`` in it (models
    wrap JSON in prose or code fences); an empty answer where there is none."""
    for candidate in (reply, *re.findall(r"\{.*\}", reply or "", flags=re.S)):
        try:
            answer = json.loads(candidate)
        except (TypeError, ValueError):
            continue
        if isinstance(answer, dict):
            return answer
    return {"statements": []}


def read_answer(text: str, answer: dict) -> tuple[list[dict], int]:
    """The predicted statements of an answer for ``text``, and the count of content spans dropped
    (not found in the text). Labels outside the label sets are left out, never guessed."""
    statements, seen, dropped = [], set(), 0
    items = answer.get("statements") if isinstance(answer.get("statements"), list) else []
    for st in items:
        if not isinstance(st, dict) or not isinstance(st.get("content"), str):
            continue
        speaker = st.get("speaker") if isinstance(st.get("speaker"), str) else ""
        span = snap(text, st["content"])
        if span is None or span[0] == span[1] or (span, speaker) in seen:
            dropped += span is None
            continue
        seen.add((span, speaker))
        rec = {"content": {"start": span[0], "end": span[1]}, "speaker_name": speaker}
        cue = _near(text, st.get("cue") if isinstance(st.get("cue"), str) else None, span)
        if cue:
            rec["cue"] = {"start": cue[0], "end": cue[1]}
        for key, allowed in (("type", STATEMENT_TYPES), ("stance", STANCES), ("target", TARGETS)):
            if st.get(key) in allowed:
                rec[key] = st[key]
        topics = st.get("topics")
        if isinstance(topics, list) and topics and all(t in TOPICS for t in topics):
            rec["topics"] = sorted(set(topics))
        statements.append(rec)
    return statements, dropped

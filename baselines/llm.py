"""``llm``: attribution through any OpenAI-compatible chat endpoint (vLLM, llama.cpp server, Ollama).

The answer is constrained by a JSON Schema (``response_format``); requests have a timeout and are
retried with back-off on network errors and 5xx answers; answers are cached on disk by a hash of
endpoint, model, prompt and text. Language models paraphrase quotes, so every content span is
checked against the source: kept when found verbatim, snapped to the source when a near-verbatim
match covers at least ``SNAP_MIN`` of it, dropped otherwise (the count is reported).
"""

from __future__ import annotations

import difflib
import hashlib
import json
import re
import time
import urllib.error
import urllib.request
from pathlib import Path

from diploquote.baselines.data import Inputs
from diploquote.schema import STANCES, STATEMENT_TYPES, TARGETS, TOPICS
from diploquote.schema.errors import DiploQuoteError, Incident

SNAP_MIN = 0.9
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
PROMPT = ("List every attributed statement in the news text: what an identified person or government is reported "
          "to have said, stressed, agreed, discussed, welcomed or expressed. For each give the content copied "
          "verbatim from the text (without the reporting verb), the cue (the reporting verb), the speaker's name, "
          "its type (direct, indirect, mixed), the speaker's stance toward the target (support, oppose, neutral), "
          "the target and the topics. Answer in JSON.")


def _post(url: str, payload: dict, api_key: str | None, timeout: float) -> dict:
    req = urllib.request.Request(url, data=json.dumps(payload).encode(), method="POST",
                                 headers={"Content-Type": "application/json",
                                          **({"Authorization": f"Bearer {api_key}"} if api_key else {})})
    with urllib.request.urlopen(req, timeout=timeout) as resp:
        return json.loads(resp.read().decode("utf-8"))


def chat(endpoint: str, model: str, text: str, *, api_key: str | None = None, timeout: float = 60.0,
         retries: int = 3, backoff: float = 1.0, cache_dir: Path | None = None) -> dict:
    """The parsed JSON answer for one text; cached, retried, never longer than ``timeout`` a try."""
    payload = {
        "model": model, "temperature": 0,
        "messages": [{"role": "system", "content": PROMPT}, {"role": "user", "content": text}],
        "response_format": {"type": "json_schema", "json_schema": {"name": "statements", "schema": ANSWER_SCHEMA}},
    }
    key = hashlib.sha256(json.dumps([endpoint, payload], sort_keys=True).encode()).hexdigest()
    cached = cache_dir / f"{key}.json" if cache_dir else None
    if cached and cached.exists():
        return json.loads(cached.read_text(encoding="utf-8"))
    url = endpoint.rstrip("/") + "/chat/completions"
    last = None
    for attempt in range(retries + 1):
        try:
            answer = _post(url, payload, api_key, timeout)
            content = json.loads(answer["choices"][0]["message"]["content"])
            break
        except urllib.error.HTTPError as e:
            last = e
            if e.code < 500:  # a client error does not get better by asking again
                raise DiploQuoteError(Incident("llm-http-error", url, f"HTTP {e.code}", f"the endpoint refused the request: {e.reason}")) from None
        except (urllib.error.URLError, TimeoutError, ConnectionError, KeyError, json.JSONDecodeError) as e:
            last = e
        time.sleep(backoff * 2**attempt)
    else:
        raise DiploQuoteError(Incident("llm-unavailable", url, f"{retries + 1} attempts",
                                       f"no valid answer ({type(last).__name__}: {last}); check the endpoint and model"))
    if cached:
        cached.parent.mkdir(parents=True, exist_ok=True)
        cached.write_text(json.dumps(content), encoding="utf-8")
    return content


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


def llm_attribution(documents: list[dict], endpoint: str, model: str, api_key: str | None = None,
                    timeout: float = 60.0, retries: int = 3, cache_dir: Path | None = None,
                    report: dict | None = None) -> list[dict]:
    """Prediction records for ``documents``; ``report`` (if given) receives the count of dropped spans."""
    out, dropped = [], 0
    for doc in documents:
        text = doc["text"] or ""
        answer = chat(endpoint, model, text, api_key=api_key, timeout=timeout, retries=retries, cache_dir=cache_dir)
        statements, seen = [], set()
        for st in answer.get("statements", []):
            span = snap(text, st.get("content", ""))
            if span is None or (span, st.get("speaker")) in seen:
                dropped += span is None
                continue
            seen.add((span, st.get("speaker")))
            cue = _near(text, st.get("cue"), span)
            rec = {"content": {"start": span[0], "end": span[1]}, "speaker_name": st.get("speaker", "")}
            if cue:
                rec["cue"] = {"start": cue[0], "end": cue[1]}
            for k in ("type", "stance", "target", "topics"):
                if st.get(k) is not None:
                    rec[k] = st[k]
            statements.append(rec)
        out.append({"doc_id": doc["id"], "statements": statements})
    if report is not None:
        report["dropped_spans"] = dropped
    return out


def predict(task: str, inputs: Inputs) -> list[dict]:
    return llm_attribution(inputs.target_documents(), **(inputs.llm_options or {}))

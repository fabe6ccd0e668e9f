"""The functions that diploquote_attribution.yaml names: the prompt of a document, and the
DiploQuote harness behind every metric (corpus level, so each aggregation scores all answers)."""

from diploquote.baselines.frameworks.common import METRICS, document_prompt, prediction_line, score


def doc_to_text(doc: dict) -> str:
    return document_prompt(doc["text"])


def doc_to_target(doc: dict) -> str:
    return ""  # scored at corpus level by the harness, not against a reference string


def process_results(doc: dict, results: list[str]) -> dict:
    line = prediction_line(doc["id"], doc["text"], results[0])
    return {"content_speaker_f1": line, "content_f1": line, "content_speaker_cue_f1": line}


def _metric(name: str):
    def aggregate(lines: list[dict]) -> float:
        return score(lines).scores[name]["value"]
    aggregate.__name__ = name.replace("+", "_").replace(".", "_")
    return aggregate


content_speaker_f1, content_f1, content_speaker_cue_f1 = (_metric(m) for m in METRICS)

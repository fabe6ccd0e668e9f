"""What the tests share: the repository's own paths and a small real dataset built in a folder.

Tests import these from here; ``conftest.py`` holds only fixtures and the test environment.
"""

from __future__ import annotations

import json
import shutil
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

from diploquote.schema.jsonl import read_jsonl_strict

ROOT = Path(__file__).resolve().parent.parent
DATASET = ROOT / "dataset"
XINHUA = "xinhua-2025-11-24-xi-trump-phone-call"


def manifest_rows() -> dict[str, dict]:
    """The raw manifest's rows by document id."""
    return {r["id"]: r for r in read_jsonl_strict(DATASET / "raw" / "MANIFEST.jsonl")}


def make_dataset(root: Path, doc_ids: list[str]) -> Path:
    """A project folder holding a dataset of ``doc_ids`` (raw files, their annotations), the
    speaker registry and the card's prose, copied from this repository.

    Raw files of withheld documents are left out, as on a fresh clone: they are not committed.
    """
    from diploquote.builders.curation.pool import redistributable

    rows = manifest_rows()
    ds = root / "dataset"
    (ds / "raw").mkdir(parents=True)
    (ds / "annotations").mkdir()
    with open(ds / "raw" / "MANIFEST.jsonl", "w", encoding="utf-8") as f:
        for doc_id in doc_ids:
            row = rows[doc_id]
            if redistributable(row["license"]):
                (ds / "raw" / row["file"]).parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(DATASET / "raw" / row["file"], ds / "raw" / row["file"])
            f.write(json.dumps(row) + "\n")
            ann = DATASET / "annotations" / f"{doc_id}.yaml"
            if ann.exists():
                shutil.copyfile(ann, ds / "annotations" / ann.name)
    shutil.copytree(DATASET / "speakers", ds / "speakers")
    shutil.copytree(DATASET / "targets", ds / "targets")
    (ds / "VERSION").write_text("0.0.1\n")
    shutil.copytree(ROOT / "docs", root / "docs")
    return root


class ChatServer:
    """A small OpenAI-compatible endpoint on loopback with scripted answers."""

    def __init__(self, answers: list):
        self.answers, self.requests = list(answers), []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                outer.requests.append((self.path, body))
                status, payload = outer.answers.pop(0)
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.httpd = HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self):
        self.httpd.shutdown()


def completion(statements: list[dict]) -> dict:
    return {"choices": [{"message": {"role": "assistant", "content": json.dumps({"statements": statements})}}]}

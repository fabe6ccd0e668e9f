"""No tracked file holds the text of a withheld document.

The Xinhua article's licence keeps it out of the repository, so this test cannot hold it either:
``tests/data/xinhua-shingles.txt`` holds only hashes of its word 10-grams ("shingles"), one line
each. A shingle is ten consecutive words of one paragraph of the normalised text, lower-cased,
where a word is a run of ASCII letters and digits (all else separates words); its hash is the
first 16 hex digits of the sha256 of the words joined by single spaces. Any ten consecutive words
of the article in a tracked file, whatever its punctuation, case or line breaks, give a shingle
whose hash is listed. A quotation shorter than ten words gives none: the guidelines quote one
short sentence of the article, which is therefore allowed without an exception.
"""

from __future__ import annotations

import hashlib
import re
import subprocess

from helpers import ROOT

SHINGLES = ROOT / "tests" / "data" / "xinhua-shingles.txt"
WORD = re.compile(rb"[a-z0-9]+")
SIZE = 10  # words a shingle


def shingles(data: bytes) -> set[bytes]:
    words = WORD.findall(data.lower())
    return set(map(b" ".join, zip(*(words[i:] for i in range(SIZE)))))


def digest(shingle: bytes) -> str:
    return hashlib.sha256(shingle).hexdigest()[:16]


def article_hashes(text: str) -> set[str]:
    """The hashes of every shingle of every paragraph of a normalised text."""
    return {digest(s) for line in text.split("\n") for s in shingles(line.encode("utf-8"))}


def stored_hashes() -> set[str]:
    lines = SHINGLES.read_text(encoding="ascii").splitlines()
    return {line for line in lines if line and not line.startswith("#")}


def tracked_text_files() -> list[str]:
    out = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    return [name for name in out.decode("utf-8").split("\0") if name]


def test_no_tracked_file_holds_ten_words_of_the_withheld_article():
    forbidden = stored_hashes()
    assert len(forbidden) > 300  # the article's ~440 words give ~340 shingles
    found = {}
    for name in tracked_text_files():
        path = ROOT / name
        if not path.is_file() or name == "tests/data/xinhua-shingles.txt":
            continue
        data = path.read_bytes()
        if b"\0" in data[:8192]:  # Parquet, PNG, model files: no text to read
            continue
        hits = {digest(s) for s in shingles(data)} & forbidden
        if hits:
            found[name] = len(hits)
    assert found == {}, f"tracked files holding ten or more consecutive words of the Xinhua article: {found}"


def test_the_stored_hashes_are_those_of_the_article(xinhua_copy):
    from diploquote.builders.corpus import read_pool_manifest
    from diploquote.builders.readers import read_document

    from helpers import DATASET, XINHUA

    row = next(r for r in read_pool_manifest(DATASET / "raw") if r["id"] == XINHUA)
    assert article_hashes(read_document(DATASET / "raw", row).text) == stored_hashes()

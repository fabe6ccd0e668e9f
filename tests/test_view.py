"""The viewer: spans drawn without losing a character, hostile text shown as text, and the pages
checked in a real headless browser (Debian's chromium driven by Playwright)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from selectolax.lexbor import LexborHTMLParser

from diploquote.builders.release.hydrate import hydrate
from diploquote.cli import main
from diploquote.viewer.release import release_view
from diploquote.viewer.document import document_html, document_terminal, segments
from diploquote.viewer.site import build_site

from conftest import DATASET, ROOT, XINHUA

ARTIFACTS = ROOT / "test-artifacts"


@st.composite
def text_and_spans(draw):
    # any text but NUL (HTML parsers replace it by U+FFFD by definition; normalised texts have none)
    text = draw(st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
                        min_size=0, max_size=80))
    n = len(text)
    spans = []
    for i in range(draw(st.integers(0, 6))):
        a = draw(st.integers(0, n))
        b = draw(st.integers(a, n))
        spans.append((a, b, f"d/s{i % 3}", draw(st.sampled_from(["content", "cue", "speaker_mention"]))))
    return text, spans


@settings(max_examples=150, deadline=None)
@given(text_and_spans())
def test_overlapping_and_nested_spans_keep_every_character(case):
    text, spans = case
    assert "".join(piece for piece, _ in segments(text, spans)) == text
    statements = {}
    for a, b, sid, role in spans:
        statements.setdefault(sid, {"statement_id": sid, "speakers": ["x"], "stance": "support", "content": {"start": 0, "end": 0, "text": ""}})
        statements[sid][role] = {"start": a, "end": b, "text": text[a:b]}
    page = document_html({"id": "d", "title": "t", "text": text}, list(statements.values()))
    shown = LexborHTMLParser(page).css_first("#text").text(deep=True, separator="")
    assert shown == text


HOSTILE = '<script>window.pwned = 1; alert("x")</script><img src=x onerror="window.pwned=2">'


def test_markup_in_documents_and_predictions_is_escaped():
    text = f"The minister said {HOSTILE} and left."
    start = text.index("<script>")
    st_ = {"statement_id": "d/s1", "speakers": ["<b>evil</b>"], "stance": "support", "type": "indirect",
           "target": "counterpart", "topics": ["</script><script>alert(1)</script>"],
           "content": {"start": start, "end": start + len(HOSTILE), "text": HOSTILE}}
    page = document_html({"id": "d", "title": "<i>t</i>", "text": text}, [st_])
    assert "<script>window" not in page and "<img" not in page and "<b>evil" not in page
    assert page.count("<script") == 1  # only the JSON data block, which cannot be closed from inside
    assert LexborHTMLParser(page).css_first("#text").text(deep=True, separator="") == text
    terminal = document_terminal({"id": "d", "text": text}, [st_], colour=False)
    assert HOSTILE in terminal  # a terminal shows the text as it is


def _browser():
    playwright = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed (pip install '.[test]')")
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    if exe is None:
        pytest.skip("no Chromium on this machine (Debian: apt-get install chromium); the browser tests need one")
    return playwright, exe


@pytest.fixture(scope="module")
def hydrated(tmp_path_factory, xinhua_copy) -> Path:
    """The committed release with the Xinhua text restored from the user's copy in dataset/raw."""
    out = tmp_path_factory.mktemp("hydrated")
    hydrate(DATASET, DATASET / "raw", out)
    return out


@pytest.fixture(scope="module")
def page_factory():
    playwright, exe = _browser()
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=exe, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run"])
        yield browser
        browser.close()


def test_founding_article_page_in_a_browser(hydrated, page_factory, tmp_path):
    html_path = tmp_path / "xinhua.html"
    assert main(["--root", str(ROOT), "show", XINHUA, "--dataset", str(hydrated), "--html", str(html_path)]) == 0
    docs, _ = release_view(hydrated)
    doc = next(d for d in docs if d["id"] == XINHUA)
    page = page_factory.new_page()
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(html_path.as_uri())
    assert page.locator("#text").inner_text() == doc["text"]
    for st_ in doc["statements"]:
        sid = st_["statement_id"]
        pieces = page.locator(f'#text span.content[data-statements~="{sid}"]')
        highlighted = "".join(pieces.all_text_contents())
        assert highlighted == st_["content"]["text"], sid
        assert st_["stance"] in pieces.first.get_attribute("class")
        row = page.locator(f'tr[data-statement="{sid}"]')
        assert row.get_attribute("data-stance") == st_["stance"]
        assert all(s in row.locator(".speakers").inner_text() for s in st_["speakers"])
    assert {"xi-jinping", "donald-trump"} <= {s for st_ in doc["statements"] for s in st_["speakers"]}
    assert all(u.startswith("file://") for u in requests)  # nothing fetched from the network
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "xinhua-document.png"), full_page=True)
    assert (ARTIFACTS / "xinhua-document.png").stat().st_size > 10_000


def test_site_search_narrows_the_index(page_factory, tmp_path):
    docs, speakers = release_view(DATASET)  # the release as committed: the Xinhua text withheld
    build_site(docs, speakers, tmp_path / "site")
    page = page_factory.new_page()
    page.goto((tmp_path / "site" / "index.html").as_uri())
    total = page.locator("tr.doc-row").count()
    assert total == len(docs)
    page.fill("#q", "Xi Jinping")
    narrowed = page.locator("tr.doc-row").count()
    assert 0 < narrowed < total
    assert all("Xi Jinping" in t or "xi-jinping" in t for t in page.locator("tr.doc-row").all_inner_texts())
    page.fill("#q", "")
    page.select_option('select[data-field="source"]', "xinhua")
    assert page.locator("tr.doc-row").count() == 1
    page.screenshot(path=str(ARTIFACTS / "site-index.png"))


def test_hostile_page_runs_no_script_in_a_browser(page_factory, tmp_path):
    text = f"The minister said {HOSTILE} and left."
    start = text.index("<script>")
    statements = [{"statement_id": "d/s1", "speakers": ["x"], "stance": "oppose", "type": "direct", "target": "issue",
                   "topics": ["</script><script>window.pwned=3</script>"],
                   "content": {"start": start, "end": start + len(HOSTILE), "text": HOSTILE}}]
    path = tmp_path / "hostile.html"
    path.write_text(document_html({"id": "d", "title": HOSTILE, "text": text}, statements))
    site_doc = {"id": "d<script>", "title": HOSTILE, "source": "x", "split": "test", "date": "2020-01-01",
                "text": text, "statements": statements}
    build_site([site_doc], {}, tmp_path / "site")
    page = page_factory.new_page()
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    for target in (path, tmp_path / "site" / "index.html"):
        page.goto(target.as_uri())
        assert page.evaluate("window.pwned === undefined")
    assert dialogs == []
    assert HOSTILE in page.locator("tr.doc-row").first.inner_text()

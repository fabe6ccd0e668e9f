"""The viewer: spans drawn without losing a character, hostile text shown as text, and the pages
checked in a real headless browser (Debian's chromium driven by Playwright)."""

from __future__ import annotations

import json
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

from helpers import DATASET, ROOT, XINHUA, make_dataset


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


@pytest.mark.integration
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
    # the screenshots stay in pytest's temporary folder (it keeps the last runs), never in the repository
    page.screenshot(path=str(tmp_path / "xinhua-document.png"), full_page=True)
    assert (tmp_path / "xinhua-document.png").stat().st_size > 10_000


@pytest.mark.integration
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
    page.screenshot(path=str(tmp_path / "site-index.png"))


@pytest.mark.integration
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


HOSTILE_URLS = ["javascript:window.pwned=1", "JavaScript:alert(1)", " javascript:alert(1)", "java\tscript:alert(1)",
                "data:text/html,<script>alert(1)</script>", "vbscript:msgbox(1)", "//evil.example/x"]


def _hrefs(page: str) -> list[str]:
    return [a.attributes.get("href") for a in LexborHTMLParser(page).css("a")]


@pytest.mark.parametrize("url", HOSTILE_URLS)
def test_only_web_urls_are_linked_the_rest_is_shown_as_text(url):
    page = document_html({"id": "d", "title": "t", "text": "Some text.", "url": url}, [])
    assert _hrefs(page) == []
    assert LexborHTMLParser(page).css_first("code.url").text() == url  # shown, escaped, not followed
    assert "<script>alert" not in page


def test_show_html_does_not_link_a_javascript_url_from_the_raw_manifest(tmp_path, capsys):
    doc = "auspm-transcript-40828"  # openly licensed: its raw file is in the repository
    project = make_dataset(tmp_path / "project", [doc])
    manifest = project / "dataset" / "raw" / "MANIFEST.jsonl"
    row = json.loads(manifest.read_text(encoding="utf-8"))
    manifest.write_text(json.dumps({**row, "url": "javascript:window.pwned=1"}) + "\n", encoding="utf-8")
    out = tmp_path / "page.html"
    assert main(["--root", str(project), "show", doc, "--html", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    assert _hrefs(page) == [] and "javascript:window.pwned=1" in page


def test_site_document_pages_link_web_urls_only(tmp_path):
    web = "https://example.org/readout?id=1&lang=en\"onmouseover=\"x"
    docs = [{"id": f"d{i}", "title": "T", "source": "xinhua", "split": "test", "date": "2025-11-24",
             "text": "Some text.", "url": url, "statements": []}
            for i, url in enumerate(("javascript:window.pwned=1", web))]
    build_site(docs, {}, tmp_path / "site")
    pages = [(tmp_path / "site" / "docs" / f"d{i}.html").read_text(encoding="utf-8") for i in range(2)]
    assert _hrefs(pages[0]) == ["../index.html"]
    assert _hrefs(pages[1]) == ["../index.html", web]
    assert 'href="https://example.org/readout?id=1&amp;lang=en&quot;onmouseover=&quot;x"' in pages[1]


def test_site_out_that_is_a_file_is_a_located_error(tmp_path, capsys):
    target = tmp_path / "site.html"
    target.write_text("not a folder", encoding="utf-8")
    assert main(["--root", str(ROOT), "site", "--out", str(target)]) == 1
    err = capsys.readouterr().err
    assert f"{target}: output folder: error [output-not-a-folder]" in err and "Traceback" not in err
    assert target.read_text(encoding="utf-8") == "not a folder"


def test_show_html_into_a_missing_folder_is_a_located_error(tmp_path, capsys):
    target = tmp_path / "no-such-folder" / "page.html"
    assert main(["--root", str(ROOT), "show", XINHUA, "--html", str(target)]) == 1
    err = capsys.readouterr().err
    assert f"{target}: output file: error [output-folder-missing]" in err
    assert "create it first" in err and not target.parent.exists()


def test_show_html_onto_a_folder_is_a_located_error(tmp_path, capsys):
    assert main(["--root", str(ROOT), "show", XINHUA, "--html", str(tmp_path)]) == 1
    assert f"{tmp_path}: output file: error [output-is-a-folder]" in capsys.readouterr().err


@pytest.mark.parametrize("command", [["site", "--out", "SITE"], ["show", XINHUA]])
def test_a_dataset_that_does_not_exist_is_an_error_not_an_empty_site(tmp_path, capsys, command):
    missing = tmp_path / "no-such-release"
    argv = [str(tmp_path / "site") if a == "SITE" else a for a in command]
    assert main(["--root", str(ROOT), *argv, "--dataset", str(missing)]) == 1
    assert f"{missing}: folder: error [release-missing]" in capsys.readouterr().err
    assert not (tmp_path / "site").exists()


def _statement(sid: str, speakers: list[str], stance: str, topics: list[str], text: str | None) -> dict:
    return {"statement_id": sid, "speakers": speakers, "stance": stance, "type": "indirect", "target": "issue",
            "topics": topics, "content": {"start": 0, "end": 4, "text": text}}


SITE_DOCS = [
    {"id": "d1", "title": "Call of 1 May", "source": "xinhua", "split": "test", "date": "2025-05-01", "text": "Text of d1.",
     "statements": [_statement("d1/s1", ["xi-jinping"], "support", ["trade"], "Text"),
                    _statement("d1/s2", ["xi-jinping", "donald-trump"], "oppose", ["trade", "bilateral-relations"],
                               "of d1")]},
    {"id": "d2", "title": "<i>Call</i> of 2 May", "source": "xinhua", "split": "test", "date": "2025-05-02", "text": None,
     "statements": [_statement("d2/s1", ["donald-trump"], "neutral", ["trade"], None)]},
]
SITE_SPEAKERS = {"xi-jinping": {"id": "xi-jinping", "name": "Xi Jinping", "country": "CHN"},
                 "donald-trump": {"id": "donald-trump", "name": "Donald <b>Trump</b>", "country": "USA"}}


def _statements_listed(page) -> list[tuple[str, str]]:
    return [(li.css_first("a").attributes["href"], li.css_first("span.meta").text()) for li in page.css("li")]


def test_site_speaker_pages_list_each_speakers_statements(tmp_path):
    counts = build_site(SITE_DOCS, SITE_SPEAKERS, tmp_path)
    assert counts == {"documents": 2, "speakers": 2, "topics": 2}
    xi = LexborHTMLParser((tmp_path / "speakers" / "xi-jinping.html").read_text(encoding="utf-8"))
    assert xi.css_first("h1").text() == "Xi Jinping"
    assert xi.css_first("p.meta").text() == "xi-jinping · CHN · 2 statements"
    assert _statements_listed(xi) == [("../docs/d1.html", "support · trade"),
                                      ("../docs/d1.html", "oppose · trade, bilateral-relations")]
    trump = LexborHTMLParser((tmp_path / "speakers" / "donald-trump.html").read_text(encoding="utf-8"))
    assert trump.css_first("title").text() == trump.css_first("h1").text() == "Donald <b>Trump</b>"  # escaped
    assert [li.text() for li in trump.css("li")] == ["Call of 1 May oppose · trade, bilateral-relationsof d1",
                                                     "<i>Call</i> of 2 May neutral · trade(withheld)"]


def test_site_topic_pages_give_the_codebook_entry_and_the_statements(tmp_path):
    build_site(SITE_DOCS, SITE_SPEAKERS, tmp_path)
    trade = LexborHTMLParser((tmp_path / "topics" / "trade.html").read_text(encoding="utf-8"))
    assert trade.css_first("h1").text() == "Trade and market access"
    assert trade.css_first("p.meta").text() == "trade · CAP 18 · 3 statements"
    assert trade.css("p")[2].text().startswith("Trade flows, tariffs, trade agreements")
    assert [href for href, _ in _statements_listed(trade)] == ["../docs/d1.html", "../docs/d1.html", "../docs/d2.html"]
    index = LexborHTMLParser((tmp_path / "index.html").read_text(encoding="utf-8"))
    links = {a.attributes["href"]: a.text() for a in index.css("a")}
    assert links == {"speakers/donald-trump.html": "donald-trump", "speakers/xi-jinping.html": "xi-jinping",
                     "topics/bilateral-relations.html": "bilateral-relations", "topics/trade.html": "trade"}
    assert all((tmp_path / href).is_file() for href in links)

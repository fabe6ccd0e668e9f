"""Readers on real files of the pool: the body is there, the page furniture is not; bad input fails clearly."""

from __future__ import annotations

from pathlib import Path

import pytest

from diploquote.builders.readers import decode, parse, read_document
from diploquote.schema.errors import DiploQuoteError

from helpers import DATASET, manifest_rows

RAW = DATASET / "raw"


def doc(doc_id: str):
    return read_document(RAW, manifest_rows()[doc_id])


def test_whitehouse_markdown_front_matter_and_wrapped_lines():
    d = doc("whitehouse-2021-01-23-readout-of-president-joe-biden-call-with-president-andres-manuel-lopez-obrador-of-mexico")
    assert d.title == "Readout of President Joe Biden Call with President Andrés Manuel López Obrador of Mexico"
    assert d.date == "2021-01-23"
    assert d.url.startswith("https://bidenwhitehouse.archives.gov/briefing-room/")
    # pandoc wrapped the paragraph over several lines; it is one line here
    assert d.text.splitlines()[0].startswith("President Biden spoke with Mexican President Andrés Manuel López Obrador yesterday")
    assert "###" not in d.text and "---" not in d.text and "source_url" not in d.text


def test_kremlin_page_keeps_lead_and_body_and_drops_furniture():
    d = doc("kremlin-17113")
    assert d.title == "Meeting with President of Uganda Yoweri Museveni"
    assert d.date == "2012-12-11"
    assert d.url == "http://en.kremlin.ru/events/president/news/17113"
    lines = d.text.splitlines()
    assert lines[0].startswith("Vladimir Putin and President of Uganda Yoweri Museveni discussed prospects")
    assert "President of Russia Vladimir Putin: Mr President," in lines
    for furniture in ("Geography", "Published in sections", "Direct link", "With President of Uganda Yoweri Museveni.",
                      "Creative Commons", "* * *", "<…>"):
        assert furniture not in d.text


def test_kremlin_person_tooltips_are_stripped():
    for row in manifest_rows().values():
        if row["source"] != "kremlin":
            continue
        html = (RAW / row["file"]).read_text(encoding="utf-8")
        if "tooltip_description_dark" in html:
            d = read_document(RAW, row)
            # the tooltip repeats the person's name reversed ("al-Maliki Nouri") and their office
            assert "tooltip" not in d.text
            title_start = html.index("tooltip_title")
            reversed_name = html[html.index(">", title_start) + 1: html.index("<", title_start)]
            assert reversed_name not in d.text
            break
    else:
        pytest.fail("no Kremlin page with a person tooltip in the raw files")


def test_auspm_xml_with_html_in_cdata():
    d = doc("auspm-transcript-22607")
    assert d.title == "Visit to Malaysia"
    assert d.date == "2006-11-28"
    assert d.text.splitlines()[0].startswith("I will visit Malaysia from 29 November to 1 December")
    assert "<p>" not in d.text and "CDATA" not in d.text


def test_plain_text_news_report_skips_dateline(tmp_path: Path):
    # the layout of the Xinhua file (whose text cannot be committed): headline line, dateline, paragraphs
    raw = ("date 2030-01-02 Ministers meet in Riverton\n\nJanuary 2, 2030\n\n"
           "RIVERTON, Jan. 1 -- The minister said on Tuesday\nthat talks would resume.\n\nShe thanked her hosts.\n")
    d = parse("xinhua", tmp_path / "report.txt", raw)
    assert (d.date, d.title, d.url) == ("2030-01-02", "Ministers meet in Riverton", None)
    assert d.text == "RIVERTON, Jan. 1 -- The minister said on Tuesday that talks would resume.\nShe thanked her hosts."


def test_every_raw_file_reads_nfc_one_paragraph_a_line():
    import unicodedata

    from diploquote.builders.corpus import read_row

    for row in manifest_rows().values():
        d = read_row(RAW, row)  # a withheld document without the user's copy has no text to check
        if d.text is None:
            continue
        assert d.text == unicodedata.normalize("NFC", d.text)
        assert all(line and line == line.strip() and "  " not in line for line in d.text.split("\n"))


@pytest.mark.parametrize("source,content,code,where", [
    ("whitehouse", "---\ntitle: \"unterminated\ndate: '2021-01-01'\n---\nBody.\n", "yaml-invalid", "line 3"),
    ("whitehouse", "No front matter here.\n", "front-matter-missing", "line 1"),
    ("kremlin", "<html><body><h1 class='entry-title'>T</h1><p>no body</p></body></html>", "article-body-missing", "articleBody"),
    ("auspm", "<transcripts><transcript><title>T</title><content>x</content></transcript>", "xml-invalid", "line"),
    ("xinhua", "no headline line\n\nbody\n", "headline-missing", "line 1"),
])
def test_bad_input_names_file_code_and_place(tmp_path: Path, source, content, code, where):
    path = tmp_path / "bad.txt"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(DiploQuoteError) as e:
        parse(source, path, content)
    [incident] = e.value.incidents
    assert incident.code == code
    assert incident.file == str(path)
    assert where in incident.where


def test_non_utf8_file_is_a_clear_error(tmp_path: Path):
    path = tmp_path / "latin1.md"
    with pytest.raises(DiploQuoteError) as e:
        decode(path, "café".encode("latin-1"))
    [incident] = e.value.incidents
    assert incident.code == "not-utf8" and incident.where == "byte 3"

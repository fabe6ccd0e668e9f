"""Paragraph and sentence bounds, computed in one place for the builders and the viewer (``schema.text``)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from diploquote.schema.text import Lines, paragraph_bounds, sentence_bounds, sentence_starts


def test_paragraph_of_a_span_from_the_text_or_from_its_line_breaks_alone():
    text = "First line.\nSecond, longer line.\nThird."
    assert paragraph_bounds(text, 15) == (12, 32)  # "Second, longer line."
    assert paragraph_bounds(text, 3, 20) == (0, 32)  # a span over a break takes both lines
    assert paragraph_bounds(text, 33, 39) == (33, 39)  # the last line ends at the end of the text
    assert Lines(39, (11, 32)).paragraph(15) == (12, 32)  # a withheld text: only length and breaks known


@given(st.text(alphabet="ab \n", max_size=40), st.data())
def test_bounds_are_the_lines_around_the_offsets(text, data):
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    first, last = paragraph_bounds(text, start, end)
    assert first == text.rfind("\n", 0, start) + 1
    assert last == (text.find("\n", end) if "\n" in text[end:] else len(text))


def test_sentences_end_at_a_final_mark_before_a_capital_or_an_opening_quote_not_after_an_abbreviation():
    text = ("President Joseph R. Biden, Jr. met Mr. Xi on Jan. 6 in the U.S. and St. Petersburg. He said: "
            "“We agree.” “Good,” said Dr. Li! was it? Yes.\nNext line")
    starts = sentence_starts(text)
    assert [text[i:i + 4] for i in starts] == ["He s", "“Goo", "Yes.", "Next"]
    he = text.index("He said")
    assert sentence_bounds(text, he + 3) == (he, text.index("“Good"))  # keeps the space after it
    assert sentence_bounds(text, 5, he) == (0, text.index("“Good"))  # a span over an end takes both
    assert sentence_bounds(text, text.index("Yes")) == (text.index("Yes"), text.index("\n"))  # inside its paragraph
    assert sentence_bounds("Outcomes\nThe Governments have:", 12) == (9, 30)  # after a heading

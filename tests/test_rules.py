"""The ``rules`` extractor on English news whoever speaks: one sentence per construction, and
every output valid against the prediction schema on random and adversarial texts."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings, strategies as st

from diploquote.baselines import rules
from diploquote.baselines.rules import Extractor, Registry
from diploquote.schema.jsonschemas import validator

SPEAKERS = [{"id": "vladimir-putin", "name": "Vladimir Putin", "aliases": ["Putin"], "roles": []},
            {"id": "recep-tayyip-erdogan", "name": "Recep Tayyip Erdogan", "aliases": ["Erdogan"], "roles": []}]
EXTRACT = Extractor(Registry.build(SPEAKERS))


def statements(text: str) -> list[tuple]:
    """(content, cue, mention, speakers, speaker_name) texts of each statement."""
    def cut(span):
        return None if span is None else text[span["start"]:span["end"]]
    return [(cut(s["content"]), cut(s["cue"]), cut(s["speaker_mention"]), tuple(s.get("speakers") or ()),
             s.get("speaker_name")) for s in EXTRACT.extract(text)]


def test_a_speaker_outside_the_registry_still_gives_a_statement_with_a_name():
    got = statements("In a phone call on Monday, the Finnish foreign minister said the border would stay closed.")
    assert got == [("the border would stay closed", "said", "the Finnish foreign minister", (), "the Finnish foreign minister")]


def test_the_mention_is_the_noun_phrase_not_the_clause_before_the_cue():
    got = statements("In a phone call Putin said the talks had been useful.")
    assert got == [("the talks had been useful", "said", "Putin", ("vladimir-putin",), None)]


def test_a_quotation_followed_by_its_attribution():
    assert statements("“We will not give up,” he said.") == [("We will not give up", "said", "he", (), "he")]
    assert statements("Erdogan arrived. \"The corridor must stay open,\" said the president.") == [
        ("The corridor must stay open", "said", "the president", ("recep-tayyip-erdogan",), None)]


def test_a_split_quotation_gives_two_parts_of_one_speaker():
    got = statements("“We are ready,” Putin said, “but the guarantees must come first.”")
    assert got == [("We are ready", "said", "Putin", ("vladimir-putin",), None),
                   ("but the guarantees must come first", "said", "Putin", ("vladimir-putin",), None)]


def test_according_to():
    assert statements("The ceasefire will hold, according to Erdogan.") == [
        ("The ceasefire will hold", "according to", "Erdogan", ("recep-tayyip-erdogan",), None)]
    assert statements("According to the ministry spokesperson, talks will resume in May.") == [
        ("talks will resume in May", "According to", "the ministry spokesperson", (), "the ministry spokesperson")]


def test_told_reporters_skips_the_addressee():
    assert statements("Jane Doe told reporters that the deal was close.") == [
        ("the deal was close", "told", "Jane Doe", (), "Jane Doe")]
    assert statements("Putin told reporters the deal was close.") == [
        ("the deal was close", "told", "Putin", ("vladimir-putin",), None)]


def test_a_passive_report_has_no_mention_and_no_speakers():
    assert statements("It was stressed that the dialogue should continue.") == [
        ("the dialogue should continue", "stressed", None, (), None)]
    assert EXTRACT.extract("It was stressed that the dialogue should continue.")[0].get("speakers") is None


def test_attribution_in_a_headline_like_first_line():
    text = "Erdogan says grain corridor must stay open\nANKARA (Reuters) - The talks went on."
    assert statements(text) == [("grain corridor must stay open", "says", "Erdogan", ("recep-tayyip-erdogan",), None)]
    text = "Putin: sanctions will fail\nMOSCOW - The talks went on."
    assert statements(text) == [("sanctions will fail", None, "Putin", ("vladimir-putin",), None)]


def test_question_and_answer_turn_labels():
    # the journalist's question and a bare pleasantry are not statements (guidelines W6, C9)
    text = "Q: Will the talks resume?\nA: They will, next week.\nMR SMITH: Thank you all."
    assert statements(text) == [("They will, next week", None, "A", (), "A")]


def test_a_turn_label_outside_the_registry_opens_a_turn_its_paragraphs_keep_the_label():
    # a label outside the registry counts in a transcript: two labels or more
    text = "Q: How long will the jets stay?\nKaarel Tamm: As long as they are needed.\nWe have nothing to hide."
    assert statements(text) == [("As long as they are needed", None, "Kaarel Tamm", (), "Kaarel Tamm"),
                                ("We have nothing to hide", None, "Kaarel Tamm", (), "Kaarel Tamm")]


def test_a_parliamentary_turn_label_keeps_its_constituency_and_time():
    text = "Ms KOVAC (Bass) (14:02): Can the minister update the House?\nMr BRANDT (Fremantle—Minister for Trade) " \
           "(14:03): Exports grew by 12 per cent."
    assert statements(text) == [
        ("Can the minister update the House?", None, "Ms KOVAC (Bass) (14:02)", (), "Ms KOVAC (Bass) (14:02)"),
        ("Exports grew by 12 per cent", None, "Mr BRANDT (Fremantle—Minister for Trade) (14:03)", (),
         "Mr BRANDT (Fremantle—Minister for Trade) (14:03)")]


def test_a_title_with_a_comma_is_a_label_a_clause_with_a_cue_is_not():
    text = ("The Secretary of State for Foreign, Commonwealth and Development Affairs (Mr Tom Barrow): The talks will "
            "resume in May.\nMr Owen Pryce (Cardiff West) (Lab): I welcome that.\n"
            "The Secretary of State said: the date is not yet fixed.")
    label = "The Secretary of State for Foreign, Commonwealth and Development Affairs (Mr Tom Barrow)"
    assert statements(text)[:2] == [("The talks will resume in May", None, label, (), label),
                                    ("I welcome that", None, "Mr Owen Pryce (Cardiff West) (Lab)", (),
                                     "Mr Owen Pryce (Cardiff West) (Lab)")]
    # not a label: the paragraph goes on with the turn before
    assert statements(text)[2][:3] == ("The Secretary of State said: the date is not yet fixed", None,
                                       "Mr Owen Pryce (Cardiff West) (Lab)")


def test_journalists_questions_and_greetings_of_a_briefing_are_not_statements():
    text = ("QUESTION: Will you travel to Suva?\nMINISTER HALE: Good afternoon, everyone.\nI hope to, yes.\n"
            "Reuters: There are reports that the meeting will discuss a railway. Can you confirm?\n"
            "Lin Wei: I have no information on that.\nThank you.")
    assert statements(text) == [("I hope to, yes", None, "MINISTER HALE", (), "MINISTER HALE"),
                                ("I have no information on that", None, "Lin Wei", (), "Lin Wei")]


def test_a_headline_label_of_a_title():
    text = "Minister: talks with Serbia will resume\nPRISTINA - The talks went on."
    assert statements(text) == [("talks with Serbia will resume", None, "Minister", (), "Minister")]


def test_a_preposed_content_whose_cue_has_an_adverbial_after_it():
    assert statements("Talks will resume next week, the minister said on Tuesday.") == [
        ("Talks will resume next week", "said", "the minister", (), "the minister")]
    assert statements("Argentina is close to a deal, Economy Minister Tomas Ferreyra said on Monday, adding that talks "
                      "could end within weeks.") == [
        ("Argentina is close to a deal", "said", "Economy Minister Tomas Ferreyra", (), "Economy Minister Tomas Ferreyra"),
        ("talks could end within weeks", "adding", "Economy Minister Tomas Ferreyra", (), "Economy Minister Tomas Ferreyra")]


def test_a_quotation_whose_attribution_goes_on_past_the_cue():
    assert statements("“The border stays shut,” Marttila told a news conference in Helsinki.") == [
        ("The border stays shut", "told", "Marttila", (), "Marttila")]
    assert statements("“We are in the final stretch,” Ferreyra, who returned on Sunday, told Radio Mitre.") == [
        ("We are in the final stretch", "told", "Ferreyra", (), "Ferreyra")]


def test_a_quotation_after_a_colon():
    assert statements("Asked about exports, Imhof replied: “The law does not allow it.”") == [
        ("The law does not allow it", "replied", "Imhof", (), "Imhof")]
    assert statements("Imhof told the newspaper: “Neutrality does not mean indifference.”") == [
        ("Neutrality does not mean indifference", "told", "Imhof", (), "Imhof")]


def test_a_quotation_that_goes_on_after_its_attribution_keeps_the_speaker():
    assert statements("“We are ready,” Putin said. “The guarantees must come first.” The talks went on.") == [
        ("We are ready", "said", "Putin", ("vladimir-putin",), None),
        ("The guarantees must come first", None, "Putin", ("vladimir-putin",), None)]


def test_an_apposition_is_part_of_the_mention():
    assert statements("Iceland’s foreign minister, Sigrún Hallsdóttir, said the meeting had gone well.") == [
        ("the meeting had gone well", "said", "Iceland’s foreign minister, Sigrún Hallsdóttir", (),
         "Iceland’s foreign minister, Sigrún Hallsdóttir")]


def test_a_second_cue_joined_by_and_is_a_second_statement_of_the_subject():
    assert statements("The embassy denied the report and said Moscow would respond.") == [
        ("the report", "denied", "The embassy", (), "The embassy"),
        ("Moscow would respond", "said", "The embassy", (), "The embassy")]


def test_a_cue_after_another_verb_and_and_takes_the_subject_of_both():
    assert statements("The Russian embassy in Oslo called the decision a provocation and said Moscow would respond.") == [
        ("Moscow would respond", "said", "The Russian embassy in Oslo", (), "The Russian embassy in Oslo")]


def test_cues_of_news_copy():
    assert statements("Opposition lawmaker Marloes Jansen argued that the mission had no end date.") == [
        ("the mission had no end date", "argued", "Opposition lawmaker Marloes Jansen", (),
         "Opposition lawmaker Marloes Jansen")]
    assert statements("Chilean president warns copper exports will slow\nSANTIAGO - The talks went on.") == [
        ("copper exports will slow", "warns", "Chilean president", (), "Chilean president")]


def test_a_participle_after_a_quotation_is_a_second_statement():
    assert statements("“We need stability,” she said, adding that a new law would follow.") == [
        ("We need stability", "said", "she", (), "she"), ("a new law would follow", "adding", "she", (), "she")]


def test_a_quoted_fragment_inside_a_preposed_content_is_not_the_whole_content():
    assert statements("Neutrality is “not for sale”, Foreign Minister Beat Imhof said in an interview.") == [
        ("Neutrality is “not for sale”", "said", "Foreign Minister Beat Imhof", (), "Foreign Minister Beat Imhof")]


def test_a_paragraph_that_is_a_quotation_goes_on_with_the_speaker_before():
    text = "“This will not be tolerated,” Whitcombe said.\n“Those who break our laws will face the consequences.”"
    assert statements(text) == [("This will not be tolerated", "said", "Whitcombe", (), "Whitcombe"),
                                ("Those who break our laws will face the consequences", None, "Whitcombe", (),
                                 "Whitcombe")]


def test_quoted_as_saying():
    assert statements("The embassy was quoted by state media as saying the accusations were absurd.") == [
        ("the accusations were absurd", "saying", "The embassy", (), "The embassy")]


def test_an_age_or_a_long_title_before_the_cue():
    assert statements("Maria Delgado, 54, said she had seen police vans.") == [
        ("she had seen police vans", "said", "Maria Delgado", (), "Maria Delgado")]
    assert statements("The U.S. envoy to the nuclear talks, Daniel Kerr, said no deal was possible.") == [
        ("no deal was possible", "said", "The U.S. envoy to the nuclear talks, Daniel Kerr", (),
         "The U.S. envoy to the nuclear talks, Daniel Kerr")]


def test_a_dateline_is_not_content_and_a_recalled_ambassador_is_not_a_cue():
    assert statements("BELGRADE, Nov 20 (Reuters) - Serbia has recalled its ambassador, President Dragan Ilic said on "
                      "Sunday.") == [("Serbia has recalled its ambassador", "said", "President Dragan Ilic", (),
                                      "President Dragan Ilic")]


def test_more_cues_of_news_copy_and_a_presenter_is_a_journalist():
    assert statements("Pacific island leaders say rich nations must pay. The Foreign Office stated that no expulsions "
                      "were planned. Ilic wrote that the resolution was an insult.") == [
        ("rich nations must pay", "say", "Pacific island leaders", (), "Pacific island leaders"),
        ("no expulsions were planned", "stated", "The Foreign Office", (), "The Foreign Office"),
        ("the resolution was an insult", "wrote", "Ilic", (), "Ilic")]
    text = "PRESENTER: But the union has called the rules unworkable.\nMINISTER: We will review the paperwork."
    assert statements(text) == [("We will review the paperwork", None, "MINISTER", (), "MINISTER")]


def test_a_clause_after_the_cue_is_no_adverbial_of_a_preposed_report():
    # whitehouse-2022-04-29 and -2023-11-15: a leading phrase is not a preposed content
    assert statements("To that end, they agreed to enhance our collaboration.") == [
        ("enhance our collaboration", "agreed", "they", (), "they")]
    assert statements("Regarding the conflict, the President reiterated U.S. support for Israel.") == [
        ("U.S. support for Israel", "reiterated", "the President", (), "the President")]


def test_the_content_of_thanks_and_congratulations_is_what_they_are_for():
    # guidelines C7: "thanked X for Y" -> Y
    assert statements("Putin congratulated Prime Minister Albanese on his election.") == [
        ("his election", "congratulated", "Putin", ("vladimir-putin",), None)]


def test_an_apposition_after_an_inverted_subject_and_an_aside_before_the_cue():
    assert statements("“It is over,” said Anna Berg, the country’s foreign minister.") == [
        ("It is over", "said", "Anna Berg, the country’s foreign minister", (), "Anna Berg, the country’s foreign minister")]
    assert statements("The minister, speaking on state television, said the ban would stay.") == [
        ("the ban would stay", "said", "The minister", (), "The minister")]
    assert statements("Berg, however, said that the ban would stay.") == [
        ("the ban would stay", "said", "Berg", (), "Berg")]


def test_a_day_after_the_cue_and_a_named_addressee():
    assert statements("U.S. Secretary of State John Carter said Tuesday the talks were useful.") == [
        ("the talks were useful", "said", "U.S. Secretary of State John Carter", (), "U.S. Secretary of State John Carter")]
    assert statements("“The ban stays,” Berg told the BBC on Monday.") == [("The ban stays", "told", "Berg", (), "Berg")]


def test_unnamed_sources_are_not_speakers():
    # statements whose only speakers are unnamed persons or groups are not marked (guidelines W6)
    for text in ["Analysts said the deal was close.", "Talks have stalled, according to two diplomats briefed on them.",
                 "A senior official, who asked not to be named, said the North gave no reason.",
                 "Officials said the border would stay closed."]:
        assert statements(text) == [], text
    assert statements("A spokesperson for the Commission said the deal was close.") == [
        ("the deal was close", "said", "A spokesperson for the Commission", (), "A spokesperson for the Commission")]


def test_a_nested_report_gives_only_the_outer_statement():
    assert statements("Putin said Erdogan had noted that the corridor was open.") == [
        ("Erdogan had noted that the corridor was open", "said", "Putin", ("vladimir-putin",), None)]


# ---------------------------------------------------------------- every output is valid

CHECK = validator("prediction-attribution")
PIECES = ["said", " said ", "according to", "told reporters", "“", "”", "\"", "'", ",", ".", ":", "\n", "\n\n",
          "Q:", "A:", "MR X:", "Putin", "he", "It was stressed that", " ", "é", "中文", "\u200b", "that", "says"]


def check_valid(text: str) -> None:
    record = {"doc_id": "d", "statements": EXTRACT.extract(text)}
    assert not list(CHECK.iter_errors(record))
    keys = set()
    for s in record["statements"]:
        for field in ("content", "cue", "speaker_mention"):
            span = s.get(field)
            if span is not None:
                assert 0 <= span["start"] < span["end"] <= len(text), (field, span)
                assert "\n" not in text[span["start"]:span["end"]]
        assert "speakers" in s or "speaker_name" in s or s["speaker_mention"] is None
        key = (s["content"]["start"], s["content"]["end"], str(s["cue"]), str(s["speaker_mention"]))
        assert key not in keys
        keys.add(key)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=12)), max_size=40))
def test_every_output_is_valid_on_adversarial_texts(pieces):
    check_valid("".join(pieces))


def test_every_output_is_valid_on_long_and_degenerate_texts():
    for text in ["", "\n\n", "said", "“", "“”", "said said said", "A:", "Q: ", ":", "“said,” said",
                 "Putin said " + "and the talks went on " * 2000, "he said “" * 50, "word " * 5000]:
        check_valid(text)


def test_rules_on_the_outside_genre_development_set_is_scored_without_a_rejection(tmp_path):
    """The development set of outside news (tests/data/outside-genre, written for it and never used to
    write the rules) is scored strictly, speakers by mention: every rules output is accepted."""
    from diploquote.baselines.data import read_documents
    from diploquote.eval.gold import load_gold
    from diploquote.eval.harness import Settings, evaluate
    from diploquote.schema.jsonl import write_jsonl

    folder = Path(__file__).parent / "data" / "outside-genre"
    gold = load_gold(folder / "gold.jsonl")
    preds = tmp_path / "rules.jsonl"
    write_jsonl(rules.attribution(read_documents(folder / "documents.jsonl"), []), preds)
    result = evaluate(preds, gold, Settings(speaker="mention", resamples=0))
    assert result.rejected == 0 and len(gold) == 24
    # 0.535 when the set was made, 0.761 with the rules for news copy (README); below 0.7 is a regression
    assert result.scores["content.f1"]["value"] >= 0.7


def test_the_tuning_set_is_what_its_script_writes_and_rules_scores_on_it(tmp_path):
    """The tuning set of outside news (tests/data/outside-genre-tuning), the one the rules for news copy
    were developed on: its files are what build.py writes from the span texts, and rules scores on it."""
    import importlib.util
    import json

    from diploquote.baselines.data import read_documents
    from diploquote.eval.gold import load_gold
    from diploquote.eval.harness import Settings, evaluate
    from diploquote.schema.jsonl import write_jsonl

    folder = Path(__file__).parent / "data" / "outside-genre-tuning"
    spec = importlib.util.spec_from_file_location("tuning_build", folder / "build.py")
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)
    documents, gold_rows = build.rows()
    for name, rows in (("documents.jsonl", documents), ("gold.jsonl", gold_rows)):
        assert [json.loads(line) for line in (folder / name).read_text(encoding="utf-8").splitlines()] == rows
    preds = tmp_path / "rules.jsonl"
    write_jsonl(rules.attribution(read_documents(folder / "documents.jsonl"), []), preds)
    result = evaluate(preds, load_gold(folder / "gold.jsonl"), Settings(speaker="mention", resamples=0))
    # 0.559 before the rules for news copy, 0.977 with them
    assert result.rejected == 0 and result.scores["content.f1"]["value"] >= 0.95


# ---------------------------------------------------------------- speakers of pool documents (guidelines, section 4)

def person(sid: str, name: str, aliases: list[str], country: str, *roles: tuple[str, str, str | None]) -> dict:
    """A registry entry as dataset/speakers/*.yaml holds it (roles as (title, start, end))."""
    return {"id": sid, "name": name, "aliases": aliases, "country": country,
            "roles": [{"title": t, "start": s, "end": e} for t, s, e in roles]}


def government(iso3: str, name: str, aliases: list[str]) -> dict:
    return person(f"government-of-{iso3.lower()}", name, aliases, iso3)


# Entries copied from the registry (dataset/speakers/core.yaml, additions.yaml, governments.yaml).
POOL_SPEAKERS = [
    person("joseph-biden", "Joe Biden", ["Joseph R. Biden, Jr.", "President Biden", "Biden", "President Joe Biden"], "USA",
           ("President of the United States", "2021-01-20", "2025-01-20"),
           ("Vice President of the United States", "2009-01-20", "2017-01-20")),
    person("kamala-harris", "Kamala Harris", ["Vice President Harris", "Harris"], "USA",
           ("Vice President of the United States", "2021-01-20", "2025-01-20")),
    person("abdullah-ii", "Abdullah II", ["King Abdullah II", "His Majesty King Abdullah II", "King Abdullah"], "JOR",
           ("King of Jordan", "1999-02-07", None)),
    person("vladimir-putin", "Vladimir Putin", ["Putin", "President Putin", "Mr Putin"], "RUS",
           ("President of Russia", "2000-05-07", "2008-05-07"), ("Prime Minister of Russia", "2008-05-08", "2012-05-07"),
           ("President of Russia", "2012-05-07", None)),
    person("benjamin-netanyahu", "Benjamin Netanyahu", ["Netanyahu", "Prime Minister Netanyahu"], "ISR",
           ("Prime Minister of Israel", "2009-03-31", "2021-06-13"), ("Prime Minister of Israel", "2022-12-29", None)),
    person("john-howard", "John Howard", ["Howard", "Prime Minister Howard"], "AUS",
           ("Prime Minister of Australia", "1996-03-11", "2007-12-03")),
    person("kevin-rudd", "Kevin Rudd", ["Rudd", "Prime Minister Rudd"], "AUS",
           ("Prime Minister of Australia", "2007-12-03", "2010-06-24")),
    person("yasuo-fukuda", "Yasuo Fukuda", ["Prime Minister Yasuo Fukuda", "Prime Minister Fukuda", "Fukuda"], "JPN",
           ("Prime Minister of Japan", "2007-09-26", "2008-09-24")),
    person("kassym-jomart-tokayev", "Kassym-Jomart Tokayev", ["Tokayev"], "KAZ", ("President of Kazakhstan", "2019-03-20", None)),
    person("recep-tayyip-erdogan", "Recep Tayyip Erdogan", ["Erdogan", "President Erdogan"], "TUR",
           ("President of Turkey", "2014-08-28", None)),
    person("hassan-rouhani", "Hassan Rouhani", ["Rouhani", "Mr Rouhani", "President of Iran Hassan Rouhani"], "IRN",
           ("President of Iran", "2013-08-03", "2021-08-03")),
    person("angela-merkel", "Angela Merkel", ["Merkel", "Chancellor Merkel"], "DEU",
           ("Chancellor of Germany", "2005-11-22", "2021-12-08")),
    person("emmanuel-macron", "Emmanuel Macron", ["Macron", "President Macron"], "FRA",
           ("President of France", "2017-05-14", None)),
    person("narendra-modi", "Narendra Modi", ["Modi", "Prime Minister Modi"], "IND",
           ("Prime Minister of India", "2014-05-26", None)),
    person("tony-abbott", "Tony Abbott", ["Abbott", "Prime Minister Abbott"], "AUS",
           ("Prime Minister of Australia", "2013-09-18", "2015-09-15")),
    person("asean-regional-forum", "ASEAN Regional Forum", ["ARF"], "XXX"),
    government("JPN", "Government of Japan", ["Japan"]),
    government("AUS", "Government of Australia", ["Australia", "the Australian Government"]),
    government("NZL", "Government of New Zealand", ["New Zealand"]),
    government("ISR", "Government of State of Israel", ["Israel"]),
    government("RUS", "Government of the Russian Federation", ["Russia", "the Russian side"]),
    government("USA", "Government of the United States", ["the United States", "the U.S."]),
    government("KAZ", "Government of the Republic of Kazakhstan", ["Kazakhstan"]),
]


def speakers_of(source: str, date: str, *paragraphs: str) -> list[tuple]:
    """(speaker mention, speaker ids) of each statement of a pool document, as the model runs it."""
    text = "\n".join(paragraphs)
    [record] = rules.attribution([{"id": "d", "source": source, "date": date, "text": text}], POOL_SPEAKERS)
    return [(None if s["speaker_mention"] is None else text[s["speaker_mention"]["start"]:s["speaker_mention"]["end"]],
             sorted(s.get("speakers") or ())) for s in record["statements"]]


def test_the_president_of_a_white_house_readout_is_the_president_of_the_day():
    # whitehouse-2023-10-22 readout of the call with Prime Minister Netanyahu
    got = speakers_of("whitehouse", "2023-10-22",
                      "President Joseph R. Biden, Jr. spoke today with Prime Minister Benjamin Netanyahu of Israel to "
                      "discuss developments in Gaza and in the surrounding region.",
                      "The President welcomed the first two convoys of humanitarian assistance since Hamas’s October 7 "
                      "terrorist attack.",
                      "The President and the Prime Minister agreed to stay in close touch.")
    assert got[1:] == [("The President", ["joseph-biden"]),
                       ("The President and the Prime Minister", ["benjamin-netanyahu", "joseph-biden"])]


def test_the_vice_president_of_the_day_never_the_counterpart():
    # whitehouse-2023-02-02 readout of the Vice President's meeting with King Abdullah II
    got = speakers_of("whitehouse", "2023-02-02",
                      "Vice President Kamala Harris met today with His Majesty King Abdullah II of Jordan at the White "
                      "House. The Vice President reaffirmed the strength of the bilateral partnership and our commitment "
                      "to Jordan’s security and economic prosperity. The Vice President and King Abdullah expressed concern "
                      "about the recent violence and tensions in Jerusalem and the West Bank.")
    assert got == [("The Vice President", ["kamala-harris"]),
                   ("The Vice President and King Abdullah", ["abdullah-ii", "kamala-harris"])]


def test_a_title_of_a_country_or_of_its_demonym_is_the_holder_of_that_office_on_the_date():
    # kremlin-56593
    got = speakers_of("kremlin", "2018-01-01",
                      "Vladimir Putin had a telephone conversation with Prime Minister of the State of Israel Benjamin "
                      "Netanyahu.",
                      "The President of Russia and the Israeli Prime Minister agreed, among other things, to hold a "
                      "meeting soon to discuss bilateral relations.")
    assert got == [("The President of Russia and the Israeli Prime Minister", ["benjamin-netanyahu", "vladimir-putin"])]


def test_the_prime_minister_of_an_australian_release_is_its_author_and_the_adverb_is_not_the_mention():
    # auspm-transcript-12160 (the President of Indonesia is not in this registry)
    got = speakers_of("auspm", "2001-08-13",
                      "1. At the invitation of Her Excellency Megawati Soekarnoputri, President of the Republic of "
                      "Indonesia, the Honourable John Howard MP, Prime Minister of Australia, paid a working visit to the "
                      "Republic of Indonesia on 12-13 August 2001.",
                      "The Prime Minister warmly welcomed the acceptance of Indonesia as a Post-Forum Dialogue Partner of "
                      "the Pacific islands Forum.")
    assert got == [("The Prime Minister", ["john-howard"])]


def test_joint_mentions_are_the_participants_and_a_side_is_its_government():
    # auspm-transcript-15968: the two Prime Ministers of the first paragraph; "the Japanese side"
    got = speakers_of("auspm", "2008-06-12",
                      "* On 12 June 2008, Prime Minister Yasuo Fukuda of Japan and Prime Minister Kevin Rudd of Australia "
                      "met in Tokyo to reaffirm the particular importance of the relationship between Japan and Australia.",
                      "The two Prime Ministers reaffirmed their commitment towards the Pacific Island countries in "
                      "supporting their efforts to promote peace and prosperity.",
                      "In this context, the Japanese side welcomed Australia's offer to host a first meeting of TSD "
                      "disaster relief experts.")
    assert got[-2:] == [("The two Prime Ministers", ["kevin-rudd", "yasuo-fukuda"]),
                        ("the Japanese side", ["government-of-jpn"])]


def test_countries_named_as_speakers_are_their_governments():
    # auspm-transcript-40759
    got = speakers_of("auspm", "2017-02-17",
                      "Australia and New Zealand reiterated their commitment to a strong and effective Antarctic Treaty "
                      "System.")
    assert got == [("Australia and New Zealand", ["government-of-aus", "government-of-nzl"])]


def test_an_agentless_passive_of_a_readout_is_every_participant():
    # kremlin-63310 (guidelines C1)
    got = speakers_of("kremlin", "2020-05-07",
                      "Vladimir Putin had a telephone conversation with President of the Republic of Kazakhstan "
                      "Kassym-Jomart Tokayev at the Kazakhstani side’s initiative.",
                      "It was agreed to maintain contacts.")
    assert got == [(None, ["kassym-jomart-tokayev", "vladimir-putin"])]


def test_a_turn_label_alone_on_its_paragraph_opens_the_turn():
    # kremlin-56153: the label is followed by its words on the next paragraphs
    got = speakers_of("kremlin", "2017-11-22",
                      "President of Iran Hassan Rouhani (retranslated): In the name of Allah, the Compassionate and the "
                      "Merciful,",
                      "President of Turkey Recep Tayyip Erdogan (retranslated):",
                      "I extend my cordial greetings to you all.")
    # the paragraphs of a turn keep its label as their mention (guidelines T1)
    assert got == [("President of Iran Hassan Rouhani", ["hassan-rouhani"]),
                   ("President of Turkey Recep Tayyip Erdogan", ["recep-tayyip-erdogan"])]


def test_a_subject_ending_in_a_passive_auxiliary_is_an_agentless_passive():
    # kremlin-56934: "Satisfaction was expressed": no mention, every participant
    got = speakers_of("kremlin", "2018-02-25",
                      "Vladimir Putin had a telephone conversation with President of the French Republic Emmanuel "
                      "Macron and acting Chancellor of the Federal Republic of Germany Angela Merkel.",
                      "Satisfaction was expressed with the fact that on February 24, 2018 the UN Security Council "
                      "Resolution 2401 was agreed upon and adopted thanks to joint constructive work.")
    assert got == [(None, ["angela-merkel", "emmanuel-macron", "vladimir-putin"])]


def test_participants_are_read_past_a_title_and_are_people_not_organisations():
    # auspm-transcript-23799: the counterpart is named after the title lines; the forum named next
    # to the mention is not a participant
    got = speakers_of("auspm", "2014-09-05",
                      "Joint Statement",
                      "on the State Visit of Prime Minister of Australia to India",
                      "The Prime Minister of Australia Mr Tony Abbott paid a State Visit to India from 4-5 September, "
                      "2014 at the invitation of Prime Minister Shri Narendra Modi.",
                      "26. The Prime Ministers acknowledged ongoing cooperation in other regional bodies such as the "
                      "ASEAN Regional Forum and the Asia Europe Meeting.",
                      "28. The Prime Ministers reaffirmed the importance of reform of the UN, including the Security "
                      "Council, to better reflect contemporary realities.")
    # "acknowledged" is a cue of the gold too (a cue of news copy the readouts also use)
    assert got == [("The Prime Ministers", ["narendra-modi", "tony-abbott"])] * 2


def _bare(word: str) -> str:
    """A word without a possessive or a closing period, as the guidelines' names are looked up."""
    return word[:-2] if word.endswith(("’s", "'s")) else word[:-1] if word.endswith(".") else word


@given(st.lists(st.one_of(st.sampled_from(["Russia's", "U.S.", "Mr.", "Putin’s", "’s", "s.", "A", "B.'s", "N.Z.'s"]),
                          st.text(alphabet="AZaz’'.- \n\t", max_size=8)), max_size=12))
def test_the_words_of_a_capitalised_run_lose_their_possessive_or_closing_period(pieces):
    for run in rules.CAPITALISED.findall(" ".join(pieces)):
        assert rules.BARE_WORDS.findall(run) == [_bare(w) for w in run.split()]

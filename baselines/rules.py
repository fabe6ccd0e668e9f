"""``rules``: an attribution extractor with no model weights.

A cue-verb lexicon and a handful of patterns over sentences:

- transcript turns: a paragraph opening with "Name: ..." (``direct``);
- "SPEAKER CUE [that] CONTENT" (reported speech; ``mixed`` when the content holds a quotation);
- "CONTENT, CUE SPEAKER" and "CONTENT, SPEAKER CUE" (preposed content);
- ", adding / stressing / noting that CONTENT" (a second cue of the sentence's speaker);
- quotations with a cue next to them (``direct``).

News copy from outside the pool adds (developed on ``tests/data/outside-genre-tuning``):

- wire attributions: '"A," Marttila told a news conference in Helsinki', '"A," said X, the
  minister', 'X replied: "A"', a quotation that goes on past its attribution or into the next
  paragraph, "CONTENT, X said on Monday", "X was quoted as saying", datelines skipped;
- subjects with an apposition, an age or an aside ("Iceland's foreign minister, Sigrún
  Hallsdóttir, said", "Berg, however, said"), a second cue after "and";
- transcript labels outside the registry ("Kaarel Tamm:", "Ms KOVAC (Bass) (14:02):") once a
  document has two labels, headline labels ("Minister: talks will resume");
- what the guidelines do not mark: journalists' turns, greetings, unnamed sources (W6, C9).

Speakers resolve to registry ids by these rules (docs/guidelines.md, section 4), each part of a
joint mention ("The Vice President and King Abdullah", "Australia and New Zealand") on its own:

- names and aliases of the registry;
- "I" and "we" to the author when the caller says who that is (an Australian release: its PM);
- titles by the registry's roles on the document's date: "the President of Russia", "the Russian
  President", "Turkey's leader", "PRIME MINISTER OF SAMOA" are the holders of that office; a bare
  title ("The President", "The Vice President", "The Prime Minister") in a government's release
  is that government's office holder, else the participant holding that office ("The President
  and the Prime Minister" in a White House readout: the President and the counterpart PM);
- joint mentions ("the two leaders", "The Prime Ministers", "both sides", "the parties",
  "they") to every participant: the publisher's principal and the people of other countries the
  title and first paragraph name, else the people named last (organisations named there or
  nearby are not participants); "the two countries" to the participants' governments;
- a country ("Russia"), "the Japanese side" (demonyms of ``diploquote.schema.demonyms``) to
  ``government-of-<iso3>``;
- "he", "she" and titles the rules above leave open to the last person named or resolved;
- an agentless passive ("It was agreed to ...", "Satisfaction was expressed ...") to every
  participant, with no mention (guidelines C1).

The principal is the first person of the publisher's country the title and first paragraph
name ("Vice President Harris met ..."), else the holder of the publisher's office on the date.
A subject ends before the adverbs and auxiliaries in front of the cue ("The Prime Minister warmly
welcomed", "Australia and New Zealand have agreed"). Without a publisher or a date (news from
outside the pool), titles and joint mentions fall back to the people named last. It works on any
English text.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from diploquote.baselines.data import Inputs, load_speakers
from diploquote.schema.cues import EXTRACTION_CUES, NEWS_CUES
from diploquote.schema.demonyms import DEMONYMS

Span = tuple[int, int]  # (start, end): character offsets, end exclusive

PARTICIPLES = ["adding", "stressing", "noting", "underscoring", "emphasizing", "emphasising", "saying", "expressing",
               "calling for", "urging", "reaffirming", "reiterating", "highlighting", "welcoming"]
COMPLEMENTISERS = ("that ", "on ", "to ", "for ", "about ", "the hope that ")

_CUE = "|".join(sorted((re.escape(c) for c in (*EXTRACTION_CUES, *NEWS_CUES)), key=len, reverse=True))
_PART = "|".join(sorted((re.escape(c) for c in PARTICIPLES), key=len, reverse=True))
# A sentence ends at . ! ? before a capital, unless the word before the period is an abbreviation
# ("U.S.", "Mr.", "Jan.") or an initial.
_END = re.compile(r"[.!?]+[\"”’)]*\s+(?=[A-Z“\"‘])")
_ABBREV = re.compile(r"(?:\b[A-Z]|\b(?:Mr|Mrs|Ms|Dr|St|No|Jan|Feb|Aug|Sept|Oct|Nov|Dec|Gen|Gov|Sen|Rep|Jr|Sr|etc|vs)|[A-Z]\.[A-Z])\.$")
# A turn label alone on its paragraph ("President of Turkey Recep Tayyip Erdogan (retranslated):")
# opens a turn whose words start on the next paragraph.
# (TURN is what the crf features read; rules itself reads SPEAKER_TURN below.)
TURN = re.compile(r"^(?P<name>[A-Z][^:\n]{0,90}?)(?: \([^)]*\))?:(?: (?P<content>.+)|\s*)$")
# Turn labels that name nobody in the registry: "Q", "A", "MR SMITH", "SECRETARY BLINKEN".
LABEL = re.compile(r"^(?:Q|A|Question|Answer|[A-Z][A-Z.'’ -]*[A-Z])$")
# Turn labels of transcripts from outside the pool, with any notes after the name: "Kaarel Tamm:",
# "Spokesperson Lin Wei:", "Dr Owen Pryce (Cardiff West) (Lab):", "Ms KOVAC (Bass) (14:02):".
SPEAKER_TURN = re.compile(r"^(?P<name>[A-Z][^:\n()]{0,90}?)(?P<notes>(?:\s*\([^()\n]*\))*):(?:\s+(?P<content>.+)|\s*)$")
PERSON_LABEL = re.compile(r"^(?:(?:Mr|Mrs|Ms|Dr|Sir|Dame|Lord|Lady|Baroness|Senator|Minister|Secretary|Ambassador|"
                          r"Spokesperson|Spokesman|Spokeswoman|President|Prime Minister|Chancellor|Governor|Mayor|"
                          r"The (?:Minister|Secretary|Prime Minister|President|Chancellor|Speaker))\b[^;]{0,100}|"
                          r"[A-Z][\w’'.-]+(?:\s+(?:[A-Z][\w’'.-]+|van|von|de|der|da|al|bin)){1,3})$")
# Label words of documents, not of speakers ("Joint Statement:", "Fact Sheet:").
NOT_PERSON = re.compile(r"\b(?:Statement|Readout|Joint|Note|Notes|Update|Press|Release|Fact|Sheet|Transcript|Remarks|"
                        r"Background|Annex|Summary|Agenda|Subject|Topic|Source|Photo|Video|Editor|Read|More|Related|"
                        r"Watch|Listen|See|Also|Contact|Media|Tags|Date|Time|Venue|Location|Part|Section|Article)\b")
# A headline that attributes ("Minister: talks will resume"): a few words before the colon.
HEADLINE_LABEL = re.compile(r"^[A-Z][\w’'.-]*(?:\s+[\w’'.-]+){0,3}$")
INTERPRETER = re.compile(r"(?i)translat|interpret")
# Turns of journalists, not statements (guidelines W6): their questions, and any one-word label
# ("Reuters:", "AFP:") whose words end in a question.
JOURNALIST = re.compile(r"^(?i:q|question|questioner|journalist|reporter|interviewer|correspondent|presenter|host|"
                        r"anchor|moderator)$")
# A turn paragraph that is only a greeting or an address (guidelines T1, C9): not a statement.
PLEASANTRY = re.compile(r"^(?i:(?:good (?:morning|afternoon|evening|day)|thank you(?: (?:very|so) much)?|thanks|welcome|"
                        r"hello|ladies and gentlemen|dear (?:friends|colleagues)|colleagues|friends|everyone|all|"
                        r"m(?:r|adam)\.? (?:president|prime minister|speaker|chairman|chair)|your (?:excellency|majesty))"
                        r"[\s,.!]*)+$")
CUE_WORD = re.compile(rf"(?<!\w)(?:{_CUE})\b")  # \b before a cue, written as a look-behind: a fifth faster
SUBJECT_START = re.compile(r"\b(?:[A-Z][\w’'.-]*|the|both|he|she|they|I|we)\b|\b(?:The|Both|He|She|They|We)\b")
# Adverbs and auxiliaries between a subject and its cue ("The Prime Minister warmly welcomed",
# "They have also agreed"); lower-case words in -ly, except nouns ("the assembly noted").
ADVERB_TAIL = re.compile(r"(?:\s+(?:also|further|again|both|jointly|together|all|then|now|not|have|has|had|will|would|"
                         r"can|could|shall|should|may|might|must|do|does|did|(?!(?:assembly|family|ally|rally|supply)\b)"
                         r"[a-z]{2,}ly))*\s*$")
# What may follow a cue before the clause ends in news copy: an addressee ("told reporters", "told
# Radio Mitre") and adverbials ("said on Monday", "said in a statement", "said during the debate").
_ADDRESSEE = (r"(?:(?:(?<=told)|(?<=tells))\s+(?:reporters|journalists|lawmakers|legislators|parliament|a (?:news "
              r"conference|briefing|press conference)|the (?:press|media|newspaper|House|Senate|parliament|[A-Z][\w-]*"
              r"(?: [A-Z][\w-]*)*(?: (?:news agency|newspaper|daily|broadcaster))?)|"
              r"[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*){0,3}))?")
_DAY = (r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|today|yesterday|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|"
        r"Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2})")
# Time, place and medium only: "agreed to continue contacts." or "reiterated U.S. support." is no preposed report.
_ADVERBIAL = (rf"(?:(?:on\s+)?{_DAY}|(?:last|this|earlier|later)\s+(?:week|month|year|{_DAY})|"
              rf"(?:in|at|during|after|before)\s+(?:a|an|the|his|her|its|their)\s+[^,.;:!?“”\"]{{1,50}}?|"
              rf"in\s+[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)?)")
_ADVERBIALS = rf"(?:\s+{_ADVERBIAL}){{0,3}}"
DAY_FIRST = re.compile(rf"(?:on\s+)?{_DAY}\s+(?:that\s+)?(?=\w)")  # "said Tuesday the talks were useful"
_AFTER_CUE = _ADDRESSEE + _ADVERBIALS
PREPOSED = re.compile(rf"^(?P<content>.+?),\s+(?:(?P<cue1>{_CUE})\s+(?P<subj1>[^,.]+?)|(?P<subj2>[^,.]+?)\s+(?P<cue2>{_CUE}))"
                      rf"{_AFTER_CUE}\s*(?:[,.]|$)")
# An inverted subject ("..., said the minister") has no verb of its own: "..., said the meeting had
# gone well" is reported speech after an apposition.
FINITE = re.compile(r"\b(?:had|has|have|was|were|is|are|will|would|could|should|can|may|might|must|did|does)\b")
PARTICIPLE = re.compile(rf",\s+(?P<cue>{_PART})\s+(?P<rest>.*)$")
QUOTE = re.compile(r"[“\"](?P<q>[^”\"]{10,})[”\"]")
JOINT = re.compile(r"(?i:\b(?:(?:the\s+)?(?:two\s+)?|both\s+)(?:leaders|presidents|sides|parties|prime ministers|"
                   r"heads of state|heads of government|participants)\b|\b(?:the two|both)\s+officials\b|\bthey\b|"
                   r"^(?:both|the two)$)")
JOINT_STATES = re.compile(r"(?i:\b(?:the two|both)\s+(?:countries|governments|states|nations)\b)")
# The parts of a joint mention: "The President and the Prime Minister", "Australia, Japan and India".
CONJUNCT = re.compile(r",\s*(?:and\s+)?|\s+and\s+")
OFFICES = r"vice president|president|prime minister|chancellor|premier|king|queen|crown prince|emir|leader"
# A title: "the President", "the Russian President", "Turkey's leader", "the President of Russia".
TITLE = re.compile(rf"^(?:[Tt]he\s+|THE\s+)?(?:(?P<adj>[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)?)\s+)??"
                   rf"(?P<office>(?i:{OFFICES}))(?:\s+(?i:of)\s+(?P<country>[A-Z][\w’' -]*))?$")
# "leader" is the holder of whichever of these offices the country has.
LEADER_OFFICES = ("president", "prime minister", "chancellor", "king")
SIDE = re.compile(r"^(?:[Tt]he\s+)?(?P<adj>[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)?)\s+(?:side|delegation)$")
# A subject that ends in a passive auxiliary is what was reported, not who reported it.
PASSIVE_SUBJECT = re.compile(r"\b(?:was|were|is|are|been|being)(?:\s+(?:also|further|again|[a-z]{2,}ly))*$")
PRONOUN = re.compile(r"^(?:he|He|she|She|[Tt]he (?i:president|prime minister|vice president|chancellor|premier))$")
# Cues of quotations in news copy beyond the readouts' lexicon ("...," he warned).
QUOTE_CUES = ["asked", "replied", "answered", "warned", "insisted", "argued", "declared", "wrote", "explained"]
_QCUE = "|".join(sorted((re.escape(c) for c in {*EXTRACTION_CUES, *QUOTE_CUES, *NEWS_CUES}), key=len, reverse=True))
_WORDS = r"[^\s,.;:!?“”\"]+(?:\s+[^\s,.;:!?“”\"]+){0,5}?"
_NAME = r"[A-Z][\w’'.-]*(?:\s+(?:[A-Z][\w’'.-]*|van|von|de|der|da|al|bin)){0,3}"
# '"A," he said' / '"A," said the minister', and a second part after it: '"A," she said, "B."'; the
# inverted subject may take an apposition ('said the energy minister, Sorin Cebotari'), the other a
# relative clause ('Ferreyra, who returned on Sunday, told Radio Mitre').
QUOTED = re.compile(rf"[“\"](?P<q>[^”\"\n]+?)[,.!?]?[”\"],?\s+(?:(?P<cue1>{_QCUE})\s+(?P<subj1>{_WORDS}"
                    rf"(?:,\s+(?:{_NAME}|(?:the|a|an|[A-Z][\w-]*[’']s)\s+[^,.;:“”\"]{{1,60}}?)(?=\s*[.;!?]|\s*$))?)|"
                    rf"(?P<subj2>{_WORDS})(?:,\s+who\s+[^,“”\"]{{1,80}},)?\s+"
                    rf"(?P<cue2>{_QCUE}){_AFTER_CUE})(?=\s*[,.;!?]|\s*$)"
                    rf"(?:,\s*[“\"](?P<q2>[^”\"\n]+?)[,.!?]?[”\"])?")
# A sentence that is a quotation and nothing else: it goes on with the speaker of the quotation before.
FOLLOW_ON = re.compile(r"[“\"][^”\"\n]+[”\"]")
# "Imhof told the newspaper: “...”": the quotation after a colon.
COLON_QUOTE = re.compile(r"^[^:“”\"]{0,60}:\s*[“\"]")
# Appositions before the cue: "Iceland's foreign minister, Sigrún Hallsdóttir, said", "Anna Berg, the
# minister, said"; a relative clause is not part of the mention ("Ferreyra, who returned, told").
_NP = r"(?:[A-Z][\w’'.-]*|[Hh]er|[Hh]is|[Tt]heir|[Ii]ts)(?:\s+[\w’'.-]+){0,7}"
# An aside between a subject and its cue: "Ferreyra, who returned on Sunday, told", "The minister,
# speaking on television, said", "Berg, however, said".
_ASIDE = r"(?:who\s|[a-z]+ing\b|however\b|meanwhile\b|though\b|also\b|too\b|in turn\b|for (?:his|her|its|their) part\b)"
APPOSITION = re.compile(rf"^(?P<subj>{_NP},\s+{_NAME}|{_NAME},\s+(?:the|a|an|[A-Z][\w-]*[’']s)\s+[^,“”\"]{{1,60}}|"
                        rf"{_NP}(?=,\s+{_ASIDE})|{_NAME}(?=,\s+\d{{1,3}},))(?:,\s+\d{{1,3}})?"  # "Maria Delgado, 54, said"
                        rf"(?:,\s+{_ASIDE}[^,“”\"]{{0,80}})?,\s*$")
# "The embassy was quoted by state media as saying ...".
QUOTED_AS = re.compile(r"(?:^|,\s+)(?P<subj>[A-Z][^,]*?|he|she|they)\s+(?:was|were|is|are|has been|had been)\s+quoted\s+"
                       r"(?:by\s+[^,]{1,60}?\s+)?as\s+(?P<cue>saying)\s+(?:that\s+)?(?P<content>.+)$")
# A wire story's dateline: "BELGRADE, Nov 20 (Reuters) - ", "SUVA, Fiji (AP) — ".
DATELINE = re.compile(r"^[A-Z][A-Z .'’-]+(?:,\s+[A-Z][\w.]*(?:\s+\d{1,2})?)*(?:\s+\([^)\n]{1,30}\))?\s+[-—–]+\s+")
# "recalled its ambassador" withdraws an envoy; "recalled that ..." reports.
RECALLED_ENVOY = re.compile(r"\s+(?:its|his|her|their|the)\s+(?:\w+\s+)?(?:ambassador|envoy|diplomats?|troops|delegation)")
# Sources the guidelines do not mark (W6): unnamed persons or groups ("officials", "two diplomats
# briefed on the talks", "A senior official, who asked not to be named"); "the two officials" of a
# readout are its participants.
UNNAMED = re.compile(r"^(?:(?:[Aa]n?|[Oo]ne|[Tt]wo|[Tt]hree|[Ss]everal|[Ss]ome|[Mm]any|[Oo]ther)\s+)?(?:[\w’'.-]+\s+){0,2}?"
                     r"(?i:officials?|diplomats?|analysts?|sources?|experts?|observers?|critics?|insiders?|economists?|"
                     r"people|residents|witnesses)(?:$|,|\s+(?:who|briefed|familiar|close|speaking)\b)")
# The noun phrase a clause opens with, before its verb: "The Russian embassy in Oslo", "Putin".
NOUN_PHRASE = re.compile(r"(?:(?:[Tt]he|[Aa]n?|[Hh]is|[Hh]er|[Ii]ts|[Tt]heir)\s+(?:[A-Z][\w’'.-]*\s+)*[a-z][\w-]*|"
                         r"[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*)*)(?:\s+(?:in|of|for|at)\s+(?:the\s+)?[A-Z][\w’'.-]*"
                         r"(?:\s+[A-Z][\w’'.-]*)*)?(?=\s+[a-z])")
# A second cue of the subject after "and": "denied the report and said Moscow would respond".
AND_CUE = re.compile(rf"\s+and\s+(?:also\s+)?(?P<cue>{_CUE})\b")
# Cues whose addressee stands before the content: "urged all parties to allow ...".
APPEALS = {"urged", "called on", "asked", "encouraged", "invited", "urges"}
ACCORDING = re.compile(r"^(?:(?P<content1>.+?),\s+(?P<cue1>according to)\s+(?P<subj1>[^,.]+?)\s*(?:[,.]|$)|"
                       r"(?P<cue2>According to)\s+(?P<subj2>[^,]+?),\s+(?P<content2>.+))")
# "It was stressed that ...": a report with no speaker in the text.
PASSIVE = re.compile(rf"\b(?:[Ii]t|[Tt]his)\s+(?:was|has been|had been|is)\s+(?:also\s+)?(?P<cue>{_CUE})\s+(?:that\s+)?"
                     r"(?P<content>.+)$")
AUXILIARY = re.compile(r"^(?:was|were|is|are|has been|have been|had been)$")
# A subject after a leading adverbial ("In a phone call Putin said"): the words that start the adverbial.
LEAD = re.compile(r"(?:In|On|At|During|After|Before|Speaking|Meanwhile|Later|Earlier|Separately|However|Also|Then|"
                  r"Today|Yesterday|And|But|in|on|at|during|after|before)\b")
WORD = re.compile(r"\S+")
WORD_START = re.compile(r"\b\w+")
# The words of a run of capitalised words, each without a possessive ("Russia's") or a closing
# period ("U.S."): the shortest start of a word that only "’s", "'s" or "." follows.
BARE_WORDS = re.compile(r"(\S+?)(?:[’']s|\.)?(?=\s|$)")
# (The capital first, the boundary before it checked after it: a pattern that opens with a
# character class is searched for that class, twice as fast as one that opens with \b.)
CAPITALISED = re.compile(r"[A-Z](?<!\w[A-Z])[\w’'.-]*(?:\s+[A-Z][\w’'.-]*)*")
DETERMINER = {"the", "The", "a", "A", "an", "An", "both", "Both"}
FIRST = re.compile(r"^(?:I|We|we)$|\band I\b")


Role = tuple[str, str, str]  # (title key, start, end): dates as the registry writes them, end "" while in office


def _labels(paragraphs: list[str], registry: Registry) -> int:
    """How many paragraphs open with a turn label, of any kind: a transcript has two at least."""
    return sum(1 for para in paragraphs if (m := SPEAKER_TURN.match(para)) and _label_kind(m, registry, True))


def _label_kind(m: re.Match, registry: Registry, transcript: bool) -> str:
    """What the label of a paragraph opening "Words: ..." is: "" (not a label), "journalist" (a turn that
    is not a statement) or "speaker"; labels outside the registry count only in a ``transcript``."""
    name, content = m.group("name"), (m.group("content") or "").rstrip()
    if JOURNALIST.match(name) or (" " not in name and content.endswith("?") and not registry.named(name)):
        return "journalist"
    if LABEL.match(name) or registry.named(name):
        return "speaker"
    # "The Secretary of State said: ..." is a report, not a label
    person = PERSON_LABEL.match(name) and not NOT_PERSON.search(name) and not CUE_WORD.search(name)
    return "speaker" if transcript and person else ""


def _key(title: str) -> str:
    """A title or country name compared: lower case, without "the" ("President of the United States"
    and "PRESIDENT OF UNITED STATES" are one key)."""
    return " ".join(w for w in title.lower().replace("’", "'").split() if w != "the")


@dataclass(frozen=True)
class Registry:
    """Names and aliases of the speaker registry, compiled once; the roles and countries that
    titles and demonyms resolve by."""
    pattern: re.Pattern
    ids: dict[str, str]  # alias -> id
    roles: dict[str, list[Role]] = field(default_factory=dict)  # person id -> roles; people only
    country: dict[str, str] = field(default_factory=dict)  # id -> ISO 3166-1 alpha-3
    governments: dict[str, str] = field(default_factory=dict)  # country name key -> government id
    names: dict[str, list[str]] = field(default_factory=dict)  # alpha-3 -> name keys of the country
    offices: dict[str, list[tuple[str, Role]]] = field(default_factory=dict)  # title key -> (id, role)
    by_first: dict[str, list[int]] = field(default_factory=dict)  # first word -> lengths of names, longest first
    first_words: frozenset[str] = frozenset()  # the words (split at spaces) that names and aliases start with

    def titles(self, office: str, iso3: str) -> set[str]:
        """The title keys of ``office`` ("prime minister") of the country ``iso3``, one per name of it."""
        return {f"{office} of {name}" for name in self.names.get(iso3, ())}

    def holders(self, titles: set[str], date: str) -> list[str]:
        """People holding one of the ``titles`` (keys) on ``date`` (YYYY-MM-DD)."""
        return list(dict.fromkeys(sid for t in sorted(titles) for sid, r in self.offices.get(t, ()) if _holds(r, date)))

    def holds(self, sid: str, office: str, date: str) -> bool:
        """Whether ``sid`` holds ``office`` of some country on ``date``."""
        return any(_holds(r, date) and r[0].startswith(office + " of ") for r in self.roles.get(sid, ()))

    def iso3(self, words: str) -> str | None:
        """The country of a demonym ("Japanese") or a country name ("Japan", "Turkey's", "SAMOA")."""
        words = re.sub(r"[’']s$", "", words)
        code = DEMONYMS.get(words) or DEMONYMS.get(words.title())
        return code or self.country.get(self.governments.get(_key(words), ""))

    def named(self, words: str) -> list[str]:
        """Ids of the registry names in ``words`` (a mention), as ``pattern.finditer`` finds them (the
        longest name at the leftmost word start, between word boundaries), by look-ups of the word
        a name starts with: the pattern, thousands of alternatives, is slow on every mention."""
        found, end = [], 0
        for start in WORD_START.finditer(words):
            at = start.start()
            if at < end or not words[at].isupper():
                continue
            name = next((n for n in (words[at:at + k] for k in self.by_first.get(start.group(0), ()))
                         if n in self.ids and _boundary(words, at + len(n))), None)
            if name:
                found.append(self.ids[name])
                end = at + len(name)
        return found

    def names_in(self, text: str) -> list[str]:
        """Ids of the names and aliases in ``text``, in order, by dictionary look-ups of runs of
        capitalised words, longest first (the pattern is slow on whole sentences; names with a
        lower-case word are missed here)."""
        found = []
        for run in CAPITALISED.findall(text):
            words, i = BARE_WORDS.findall(run), 0
            if self.first_words.isdisjoint(words):  # no name starts in the run: most runs
                continue
            while i < len(words):
                if words[i] not in self.first_words:
                    i += 1
                    continue
                j = next((j for j in range(min(len(words), i + 6), i, -1) if " ".join(words[i:j]) in self.ids), i)
                if j > i:
                    found.append(self.ids[" ".join(words[i:j])])
                i = max(j, i + 1)
        return found

    @classmethod
    def build(cls, speakers: list[dict]) -> Registry:
        ids: dict[str, str] = {}
        governments: dict[str, str] = {}
        for s in speakers:
            if s["id"].startswith("government-of-"):
                # countries are named everywhere; they are not person mentions, but a mention that is
                # only a country's name is its government
                for name in [re.sub(r"^(?:State )?Government of ", "", s["name"]), *s.get("aliases", [])]:
                    if not re.search(r"(?i)\b(?:side|government)\b", name):
                        governments.setdefault(_key(name), s["id"])
                continue
            for name in [s["name"], *s.get("aliases", [])]:
                if len(name) >= 2 and name[0].isupper():
                    ids.setdefault(name, s["id"])
        names = sorted(ids, key=len, reverse=True)
        pattern = re.compile(r"\b(?:" + "|".join(re.escape(n) for n in names) + r")\b") if names else re.compile(r"(?!)")
        country = {s["id"]: s.get("country") or "" for s in speakers}
        by_country: dict[str, list[str]] = {}
        for name, gid in governments.items():
            if gid == f"government-of-{country[gid].lower()}":  # not a state's or a province's government
                by_country.setdefault(country[gid], []).append(name)
        roles = {s["id"]: [(_key(r["title"]), r.get("start") or "", r.get("end") or "") for r in s["roles"]]
                 for s in speakers if s.get("roles") and not s["id"].startswith("government-of-")}
        offices: dict[str, list[tuple[str, Role]]] = {}
        for sid, held in roles.items():
            for r in held:
                offices.setdefault(r[0], []).append((sid, r))
        by_first: dict[str, list[int]] = {}
        for name in names:  # longest first, as the pattern tries them
            lengths = by_first.setdefault(WORD_START.match(name).group(0), [])
            if len(name) not in lengths:
                lengths.append(len(name))
        return cls(pattern, ids, roles, country, governments, by_country, offices, by_first,
                   frozenset(name.split(" ")[0] for name in ids))


def _boundary(text: str, at: int) -> bool:
    """Whether ``at`` is a word boundary of ``text`` (``\\b``)."""
    def word(c: str) -> bool:
        return c.isalnum() or c == "_"
    return (at > 0 and word(text[at - 1])) != (at < len(text) and word(text[at]))


def _holds(role: Role, date: str) -> bool:
    """Whether a role covers ``date``; an unknown date is covered by no role."""
    return bool(date) and role[1] <= date and (not role[2] or date < role[2])


# Publishers whose releases speak for one government: its country, and the office whose holder on
# the document's date is the principal when the first paragraph names nobody of that country.
PUBLISHERS = {"whitehouse": ("USA", "president"), "kremlin": ("RUS", "president"), "auspm": ("AUS", "prime minister")}


def _lead(text: str) -> str:
    """The title and the first paragraph: the paragraphs up to the first that ends a sentence (a
    title or a dateline, "Joint Statement", has no closing period), at most three."""
    lead = []
    for para in text.split("\n", 3)[:3]:
        lead.append(para)
        if para.rstrip().endswith((".", "!", "?", "”", '"', ":")):
            break
    return "\n".join(lead)


@dataclass(frozen=True)
class Setting:
    """Whom the titles and joint mentions of one document refer to (registry ids)."""
    date: str = ""  # YYYY-MM-DD; "" when unknown
    home: str = ""  # alpha-3 of the publishing government; "" for outside news
    participants: tuple[str, ...] = ()  # the principal first, then the counterparts

    @classmethod
    def of(cls, doc: dict, registry: Registry) -> Setting:
        """The setting of a pool document: its publisher's country, date and participants."""
        home, office = PUBLISHERS.get(doc.get("source") or "", ("", ""))
        date = doc.get("date") or ""
        named = [sid for sid in dict.fromkeys(registry.names_in(_lead(doc.get("text") or ""))) if sid in registry.roles]
        principal = [sid for sid in named if registry.country.get(sid) == home][:1]
        if home and not principal:
            principal = registry.holders(registry.titles(office, home), date)[:1]
        others = [sid for sid in named if sid not in principal and registry.country.get(sid) != home]
        return cls(date, home, tuple(principal + others))


class _Reported:
    """Where a sentence reports speech: subject, cue and the rest, as character ranges."""

    def __init__(self, sentence: str, subj: tuple[int, int], cue: tuple[int, int]):
        self.sentence, self.spans = sentence, {"subj": subj, "cue": cue, "rest": (cue[1], len(sentence))}
        rest_start = cue[1] + (len(sentence[cue[1]:]) - len(sentence[cue[1]:].lstrip()))
        self.spans["rest"] = (rest_start, len(sentence))

    def span(self, name: str) -> Span:
        return self.spans[name]

    def start(self, name: str) -> int:
        return self.spans[name][0]

    def end(self, name: str) -> int:
        return self.spans[name][1]

    def group(self, name: str) -> str:
        a, b = self.spans[name]
        return self.sentence[a:b]


def reported(sentence: str, start: int = 0) -> _Reported | None:
    """The first cue of the sentence whose clause (since the last , ; or :) holds a subject before it;
    ``start``: where the sentence's first cue is, when the caller has found it."""
    for cue in CUE_WORD.finditer(sentence, start):
        if cue.group(0) == "recalled" and RECALLED_ENVOY.match(sentence, cue.end()):
            continue
        clause = max(sentence.rfind(c, 0, cue.start()) for c in ",;:") + 1
        head = SUBJECT_START.search(sentence, clause, cue.start())
        if head is None:
            if clause and (app := APPOSITION.match(sentence, 0, cue.start())):
                return _Reported(sentence, app.span("subj"), (cue.start(), cue.end()))
            continue
        end = clause + len(ADVERB_TAIL.sub("", sentence[clause:cue.start()]))
        if end > head.start() and sentence[head.start():end].strip():
            start = _subject(sentence, head.start(), end)
            if sentence.endswith(" and", start, end) and (np := NOUN_PHRASE.match(sentence, start, end - 4)):
                end = np.end()  # "The embassy called the decision a provocation and said": the embassy
            return _Reported(sentence, (start, end), (cue.start(), cue.end()))
    return None


def _subject(sentence: str, start: int, end: int) -> int:
    """Where the subject starts when the words before the cue open with an adverbial: the last
    capitalised run ("Russian President Vladimir Putin") or the last determiner phrase ("the two leaders")."""
    if not LEAD.match(sentence, start):
        return start
    words = [(m.start(), m.group(0)) for m in WORD.finditer(sentence, start, end)]
    if len(words) < 2:
        return start
    i = len(words) - 1
    if words[i][1][0].isupper():
        while i > 1 and (words[i - 1][1][0].isupper() or (words[i - 1][1] == "of" and words[i - 2][1][0].isupper())):
            i -= 1
        return words[i - 1][0] if i > 1 and words[i - 1][1] in DETERMINER else words[i][0]
    return next((words[j][0] for j in range(i, 0, -1) if words[j][1] in DETERMINER), start)


def sentences(paragraph: str) -> list[tuple[int, str]]:
    """(offset, sentence) pairs of one paragraph."""
    out, start = [], 0
    for m in _END.finditer(paragraph):
        head = paragraph[start:m.start() + 1].rstrip("\"”’)!?")
        # the longest abbreviation ("Sept.") and the boundary before it lie in the last 7 characters;
        # searching from there, not the whole sentence, keeps the word boundary of the text before
        if _ABBREV.search(head, max(0, len(head) - 7)):
            continue
        out.append((start, paragraph[start:m.end()].rstrip()))
        start = m.end()
    if start < len(paragraph):
        out.append((start, paragraph[start:]))
    return out


def _skip_to_content(rest: str) -> int:
    """Characters to skip after a cue: a complementiser, or an adverbial before "that"
    ("said on Monday that ...")."""
    m = re.match(r"(?:(?:on|in|at|during|after|before|while|when|again|also|today|yesterday|earlier)\b[^,]{0,30}?\s)?that\s",
                 rest) or DAY_FIRST.match(rest)
    if m:
        return m.end()
    return next((len(c) for c in COMPLEMENTISERS if rest.startswith(c)), 0)


def _fragment(before: str) -> bool:
    """Whether a quotation is a fragment of a longer content: words stand before it in its sentence
    ('Neutrality is “not for sale”, the minister said'), not a colon."""
    before = before.rstrip()
    return any(c.isalpha() for c in before) and not before.endswith(":")


def _mention(statement: dict) -> Span | None:
    span = statement.get("speaker_mention")
    return None if span is None else (span["start"], span["end"])


def _skip_to_addressed(cue: str, rest: str) -> int:
    """Characters to skip after ``cue`` before its content: a complementiser, an addressee ("told
    reporters (that)", "urged all parties to"), or what stands before a colon and a quotation."""
    if colon := COLON_QUOTE.match(rest):
        return colon.end() - 1
    skip = _skip_to_content(rest)
    if cue in ("told", "tells") and not skip:  # "told reporters (that) ...", "told the NTB news agency that ..."
        addressee = re.match(r"[^,;:“”\"]{0,60}?\sthat\s", rest) or re.match(r"(?:the\s+)?\w+\s+(?:that\s+)?", rest)
        skip = addressee.end() if addressee else 0
    elif cue in APPEALS and (addressee := re.match(r"[^,;:“”\"]{0,60}?\sto\s", rest)):
        skip = addressee.end()
    elif cue in ("thanked", "congratulated") and (addressee := re.match(r"[^,;:“”\"]{0,60}?\s(?:for|on)\s", rest)):
        skip = addressee.end()  # "thanked X for Y": the content is Y (guidelines C7)
    return skip


def _span(start: int, end: int) -> dict:
    return {"start": start, "end": end}


def _shift(span: Span, by: int) -> Span:
    """A span of a sentence as a span of the document, the sentence starting at offset ``by``."""
    return span[0] + by, span[1] + by


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Strip white space, a closing period and wrapping quotes from a span."""
    while start < end and text[start] in " \t\"“":
        start += 1
    while end > start and text[end - 1] in " \t.,;:\"”":
        end -= 1
    # a quotation that closes the span is kept where it opened inside it ('is “not for sale”')
    closing = text[end:end + 1]
    if closing == "”" and text.count("“", start, end) > text.count("”", start, end) or \
            closing == '"' and text.count('"', start, end) % 2:
        end += 1
    return start, end


class Extractor:
    """Extracts statements from one document at a time; keeps the recency of named speakers.

    A statement is emitted for every reported-speech construction found, whoever speaks: the
    registry only turns the mention into ids (``speakers``); otherwise the mention's words are the
    ``speaker_name``.
    """

    def __init__(self, registry: Registry, author: list[str] | None = None, setting: Setting | None = None):
        self.registry, self.author, self.setting = registry, author or [], setting or Setting()

    def _resolve(self, mention: str, named: list[str], recent: list[str]) -> list[str]:
        """The ids of a mention: the ``named`` in it, then each part that names nobody by the other rules."""
        found = list(named)
        if FIRST.search(mention) and self.author:
            found += self.author
        parts = CONJUNCT.split(mention.strip()) if " and " in mention or "," in mention else [mention.strip()]
        if len(parts) == 1:  # one part: the other rules only when it names nobody
            unnamed = [] if found else parts
        else:  # "The Vice President and King Abdullah": the parts the registry does not name
            unnamed = [p for p in parts if p and not self.registry.named(p)]
        for part in unnamed:
            found += self._unnamed(part, recent)
        return list(dict.fromkeys(found))

    def _unnamed(self, part: str, recent: list[str]) -> list[str]:
        """The ids of a mention (or part of one) with no registry name: joint, title, country, pronoun."""
        if JOINT_STATES.search(part):
            return [gid for sid in self._participants(recent) if (gid := self._government(self.registry.country.get(sid)))]
        if JOINT.search(part):
            return self._participants(recent)
        title = TITLE.match(part)
        if title and (ids := self._title(title)):
            return ids
        side = SIDE.match(part)
        country = self.registry.iso3(side.group("adj")) if side else None
        if country or (country := self.registry.country.get(self.registry.governments.get(_key(part), ""))):
            return [gid] if (gid := self._government(country)) else []
        if PRONOUN.match(part) and recent:
            return recent[-1:]
        return []

    def _participants(self, recent: list[str]) -> list[str]:
        """Everyone taking part: the setting's participants, completed to two by the people (not
        organisations) named last."""
        known = list(self.setting.participants)
        if len(known) >= 2:
            return known
        people = [sid for sid in recent if sid in self.registry.roles and sid not in known]
        return known + people[len(known) - 2:] if people else known or recent[-2:]

    def _government(self, iso3: str | None) -> str | None:
        """The registry id of the government of ``iso3``, if the registry has it."""
        gid = f"government-of-{(iso3 or '').lower()}"
        return gid if iso3 and gid in self.registry.country else None

    def _title(self, title: re.Match) -> list[str]:
        """Holders of a titled office on the document's date: of the country the title names, else
        of the publisher's country, else the participant holding it."""
        office, date = " ".join(title.group("office").lower().split()), self.setting.date
        named = title.group("country") or title.group("adj")
        country = self.registry.iso3(named) if named else self.setting.home
        offices = LEADER_OFFICES if office == "leader" else (office,)
        for o in offices:
            # "the Emir of Qatar": the title as written, for a country the registry has no government of
            titles = self.registry.titles(o, country) | ({f"{o} of {_key(named)}"} if title.group("country") else set())
            if ids := self.registry.holders(titles, date)[:1]:
                return ids
            if not named and (ids := [p for p in self.setting.participants if self.registry.holds(p, o, date)][:1]):
                return ids
        return []

    def _who(self, text: str, mention: Span | None, recent: list[str]) -> dict:
        """The speaker fields of a statement: ids when the registry resolves the mention, else its words."""
        if mention is None or PASSIVE_SUBJECT.search(text, mention[0], mention[1]):
            # an agentless passive ("Satisfaction was expressed"): in a readout, all the participants
            # (guidelines C1)
            joint = self.setting.participants
            return {"speaker_mention": None, **({"speakers": list(joint)} if len(joint) >= 2 else {})}
        words = text[mention[0]:mention[1]]
        named = self.registry.named(words)
        self._move_last(named, recent)
        speakers = self._resolve(words, named, recent)
        if len(speakers) == 1 and speakers[0] in self.registry.roles:  # "The Vice President ... She"
            self._move_last(speakers, recent)
        return {"speaker_mention": _span(*mention), **({"speakers": speakers} if speakers else {"speaker_name": words})}

    def extract(self, text: str) -> list[dict]:
        """Predicted statements (the harness's attribution format) for one document's text."""
        out: list[dict] = []
        recent: list[str] = []
        turn: dict | None = None  # the speaker fields of the transcript turn going on ({}: a journalist's)
        speaker: dict | None = None  # those of the quotation the paragraph before ended with
        pos = 0
        paragraphs = text.split("\n")
        transcript = _labels(paragraphs, self.registry) >= 2 if ":" in text else False
        for index, para in enumerate(paragraphs):
            base = pos
            pos += len(para) + 1
            m = SPEAKER_TURN.match(para) if ":" in para else None
            kind = _label_kind(m, self.registry, transcript) if m else ""
            # a headline "Name: words" (first line, no closing punctuation) is one statement
            headline = (index == 0 and m is not None and bool(m.group("content")) and kind != "journalist"
                        and not para.rstrip().endswith((".", "!", "?", "”", '"'))
                        and bool(kind or HEADLINE_LABEL.match(m.group("name")) and not NOT_PERSON.search(m.group("name"))))
            if kind or headline:
                found, who = self._turn(text, base, m, kind, recent)
                out += found
                turn = None if headline else who  # a transcript goes on in turns
                continue
            if turn is not None:  # this paragraph continues the current turn
                s, e = _trim(text, base, base + len(para))
                if turn and e > s and not PLEASANTRY.match(text[s:e]):
                    out.append({"content": _span(s, e), "cue": None, **turn, "type": "direct"})
                continue
            found, speaker = self._paragraph(text, base, para, recent, speaker)
            out += found
        return [st for st in _valid(out, len(text)) if not _unnamed_source(text, st)]

    def _turn(self, text: str, base: int, m: re.Match, kind: str, recent: list[str]) -> tuple[list[dict], dict]:
        """The statement of a paragraph opening with a turn label, and the speaker fields (the label's)
        that its turn goes on with: none for a journalist's turn. The mention is the label with its
        notes ("(Cardiff West) (Lab)"), except an interpreter's ("(retranslated)", guidelines T2)."""
        if kind == "journalist":
            return [], {}
        notes = m.group("notes")
        end = m.end("notes") if notes and not INTERPRETER.search(notes) else m.end("name")
        who = self._who(text, (base, base + end), recent)
        s, e = _trim(text, base + m.start("content"), base + len(m.string)) if m.group("content") else (0, 0)
        if e > s and not PLEASANTRY.match(text[s:e]):
            return [{"content": _span(s, e), "cue": None, **who, "type": "direct"}], who
        return [], who

    def _paragraph(self, text: str, base: int, para: str, recent: list[str],
                   speaker: dict | None = None) -> tuple[list[dict], dict | None]:
        """The statements of one paragraph, which starts at offset ``base``: quotations with their
        attribution first (they may hold sentence ends), then sentence by sentence. ``speaker``: the
        speaker fields of a quotation the paragraph before ended with, returned for the next."""
        out: list[dict] = []
        if dateline := DATELINE.match(para):
            base, para = base + dateline.end(), para[dateline.end():]
        quoting = "“" in para or '"' in para  # a cheap test first
        quoted = {q.start(): q for q in QUOTED.finditer(para)} if quoting else {}
        covered = 0
        for s, sentence in sentences(para):
            if s < covered:
                continue
            q = next((quoted[k] for k in quoted if s <= k < s + len(sentence)), None)
            if q and not _fragment(para[s:q.start()]):
                out += self._sentence(text, base + s, para[s:q.start()], recent)
                found = self._quoted(text, base, q, recent)
                speaker = {k: found[-1][k] for k in found[-1] if k not in ("content", "cue", "type")}
                end = s + len(sentence)
                if q.end() < end and (part := PARTICIPLE.search(para, q.end(), end)):  # '"A," she said, adding that B'
                    found.append(self._second(text, base, para[:end], part, _mention(found[-1]), recent))
                out += found
                covered = q.end()
                continue
            if speaker and quoting and FOLLOW_ON.fullmatch(sentence.strip()):
                content = _trim(text, base + s, base + s + len(sentence))
                out.append({"content": _span(*content), "cue": None, **speaker, "type": "direct"})
                continue
            speaker = None
            found = self._sentence(text, base + s, sentence, recent)
            if not found:  # names of narrative sentences are the antecedents of later pronouns
                self._move_last(self.registry.names_in(sentence), recent)
            out += found
        return out, speaker

    @staticmethod
    def _move_last(ids: list[str], recent: list[str]) -> None:
        """Move ``ids`` to the end of ``recent``, the people named or resolved last."""
        for sid in ids:
            if sid in recent:
                recent.remove(sid)
            recent.append(sid)

    def _sentence(self, text: str, start: int, sentence: str, recent: list[str]) -> list[dict]:
        """The statements of one sentence, which starts at offset ``start`` of ``text``."""
        acc = ACCORDING.match(sentence) if "ccording to" in sentence else None
        if acc:
            return self._according(text, start, acc, recent)
        quoted_as = QUOTED_AS.search(sentence) if " quoted " in sentence else None
        if quoted_as:
            content = _trim(text, start + quoted_as.start("content"), start + len(sentence))
            return [self._statement(text, content, _shift(quoted_as.span("cue"), start),
                                    _shift(quoted_as.span("subj"), start), recent)]
        first_cue = CUE_WORD.search(sentence)
        if first_cue is None:  # each pattern below holds a cue between word boundaries: most sentences end here
            return []
        passive = PASSIVE.search(sentence) if "t " in sentence else None
        pre = PREPOSED.match(sentence) if "," in sentence else None
        if pre and pre.group("subj1") and (FINITE.search(pre.group("subj1"))
                                           or APPOSITION.match(sentence, 0, pre.start("cue1"))):
            pre = None  # "Iceland's foreign minister, Sigrún Hallsdóttir, said the meeting had gone well"
        rep = reported(sentence, first_cue.start())
        if passive and (not rep or rep.start("cue") >= passive.start("cue")):
            content = _trim(text, start + passive.start("content"), start + len(sentence))
            return [self._statement(text, content, _shift(passive.span("cue"), start), None, recent)]
        if pre and (not rep or rep.start("cue") > pre.end("content")):
            return self._preposed(text, start, sentence, pre, recent)
        if rep:
            return self._reported(text, start, sentence, rep, recent)
        return []

    def _quoted(self, text: str, base: int, q: re.Match, recent: list[str]) -> list[dict]:
        """ '"A," he said' and '"A," said the minister', with a second part '..., "B."' of the same speaker."""
        subj, cue = ("subj1", "cue1") if q.group("cue1") else ("subj2", "cue2")
        parts = [_trim(text, base + q.start(g), base + q.end(g)) for g in ("q", "q2") if q.group(g)]
        mention, cue_span = _shift(q.span(subj), base), _shift(q.span(cue), base)
        return [self._statement(text, part, cue_span, mention, recent) for part in parts]

    def _according(self, text: str, start: int, acc: re.Match, recent: list[str]) -> list[dict]:
        """ "CONTENT, according to X" and "According to X, CONTENT"."""
        k = "1" if acc.group("cue1") else "2"
        content = _trim(text, start + acc.start("content" + k), start + acc.end("content" + k))
        return [self._statement(text, content, _shift(acc.span("cue" + k), start), _shift(acc.span("subj" + k), start),
                                recent)]

    def _preposed(self, text: str, start: int, sentence: str, pre: re.Match, recent: list[str]) -> list[dict]:
        """ "CONTENT, CUE SPEAKER" or "CONTENT, SPEAKER CUE"; "CONTENT, was noted" has no speaker."""
        subj, cue = ("subj1", "cue1") if pre.group("cue1") else ("subj2", "cue2")
        content = _trim(text, start + pre.start("content"), start + pre.end("content"))
        mention = None if AUXILIARY.match(pre.group(subj).strip()) else _shift(pre.span(subj), start)
        out = [self._statement(text, content, _shift(pre.span(cue), start), mention, recent)]
        if part := PARTICIPLE.search(sentence, pre.end(cue) - 1):  # "..., the minister said, adding that ..."
            out.append(self._second(text, start, sentence, part, mention, recent))
        return out

    def _reported(self, text: str, start: int, sentence: str, rep: _Reported, recent: list[str]) -> list[dict]:
        """ "SPEAKER CUE [that] CONTENT[, adding that CONTENT]"."""
        out = []
        mention = _shift(rep.span("subj"), start)
        rest, rest_at = rep.group("rest"), rep.start("rest")
        skip = _skip_to_addressed(rep.group("cue"), rest)
        part = PARTICIPLE.search(rest)
        also = AND_CUE.search(rest, 0, part.start() if part else len(rest))
        part = also or part  # the nearer second cue
        end = rest_at + (part.start() if part else len(rest))
        content = _trim(text, start + rest_at + skip, start + end)
        out.append(self._statement(text, content, _shift(rep.span("cue"), start), mention, recent))
        if part:  # a second cue of the same speaker
            out.append(self._second(text, start, sentence, part, mention, recent, rest_at))
        return out

    def _second(self, text: str, start: int, sentence: str, part: re.Match, mention: Span | None, recent: list[str],
                at: int = 0) -> dict:
        """The statement of a second cue of the sentence's speaker (``part`` matched ``at`` characters into it)."""
        ps = at + part.end("cue")
        tail = sentence[ps:]
        skip = _skip_to_addressed(part.group("cue"), tail.lstrip())
        content = _trim(text, start + ps + (len(tail) - len(tail.lstrip())) + skip, start + len(sentence))
        return self._statement(text, content, _shift(part.span("cue"), start + at), mention, recent)

    def _statement(self, text: str, content: Span, cue: Span, mention: Span | None, recent: list[str]) -> dict:
        """A predicted statement; its type from the quotation marks in and around the content."""
        return {"content": _span(*content), "cue": _span(*cue), **self._who(text, mention, recent),
                "type": statement_type(text, content)}

    def speaker_fields(self, text: str, mention: Span | None, recent: list[str]) -> dict:
        """The resolver as another extractor (``crf``) calls it: ``speaker_mention`` and ``speakers``
        (registry ids) or ``speaker_name`` of a mention, ``recent`` the antecedents so far."""
        return self._who(text, mention, recent)


def statement_type(text: str, content: Span) -> str:
    """``direct`` for a quotation, ``mixed`` for a content that holds one, else ``indirect``."""
    s, e = content
    kind = "mixed" if QUOTE.search(text[s:e]) else "indirect"
    q = QUOTE.fullmatch(text[s:e].strip("“”\" "))
    closing = text[e:e + 2].lstrip(",.!?")[:1]  # '“We are ready,” he said': the mark after the comma
    if q or (s > 0 and text[s - 1] in "“\"" and closing and closing in "”\""):
        kind = "direct"
    return kind


def _valid(statements: list[dict], length: int) -> list[dict]:
    """The statements whose spans are non-empty and inside the text, each once (the harness
    rejects a document with an empty, reversed or outside span, or a statement given twice)."""
    out, seen = [], set()
    for st in statements:
        spans = [st[f] for f in ("content", "cue", "speaker_mention") if st.get(f) is not None]
        key = tuple((sp["start"], sp["end"]) for sp in spans) + (st.get("cue") is None, st.get("speaker_mention") is None)
        if key in seen or not all(0 <= sp["start"] < sp["end"] <= length for sp in spans):
            continue
        seen.add(key)
        out.append(st)
    return out


valid = _valid  # the public name, for the extractors built on this one


def _unnamed_source(text: str, statement: dict) -> bool:
    """Whether the statement's only source is an unnamed person or group (guidelines W6)."""
    mention = statement.get("speaker_mention")
    return bool(mention) and not statement.get("speakers") and bool(UNNAMED.match(text[mention["start"]:mention["end"]]))


# ---------------------------------------------------------------- the model as the registry runs it

AUTHOR_ROLES = {"auspm": "Prime Minister of Australia"}


def author(doc: dict, speakers: list[dict]) -> list[str]:
    """Who "I" is in a first-person release: the holder of the publisher's office on its date."""
    title, date = AUTHOR_ROLES.get(doc.get("source", "")), doc.get("date") or ""
    if not title or not date:
        return []
    return [s["id"] for s in speakers for r in s["roles"]
            if r["title"] == title and (r["start"] or "") <= date and (not r["end"] or date < r["end"])][:1]


def attribution(documents: list[dict], speakers: list[dict], registry: Registry | None = None) -> list[dict]:
    """Attribution prediction records of ``documents``, speakers resolved against the registry ``speakers``
    (compiled into ``registry`` when the caller has not done it once already)."""
    registry = registry or Registry.build(speakers)
    return [{"doc_id": d["id"], "statements": Extractor(registry, author(d, speakers), Setting.of(d, registry))
             .extract(d["text"] or "")} for d in documents]


def document_model(dataset: Path) -> Callable[[list[dict]], list[dict]]:
    """The extractor as a function of a batch of documents, the speaker registry loaded and compiled once."""
    speakers = load_speakers(dataset)
    return functools.partial(attribution, speakers=speakers, registry=Registry.build(speakers))


def predict(task: str, inputs: Inputs) -> list[dict]:
    return attribution(inputs.target_documents(), load_speakers(inputs.dataset))

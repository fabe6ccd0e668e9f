"""The reporting-cue lexicon: the verbs and verb phrases that introduce an attributed statement.

One lexicon, read by two parts of the project:

- ``EXTRACTION_CUES``: the cues the ``rules`` baseline anchors a statement on ("X stressed that ...");
- ``NEWS_CUES``: cues of news copy that readouts hardly use ("argued", "warns"), read by ``rules`` only
  (the ``crf`` features keep the two lists above, which its trained models were fitted with);
- ``SCREEN_CUES``: the words curation's ``no-statement`` criterion looks for (docs/curation.md): a
  pool document whose text holds none of them, and no transcript turn, is not admitted.

Most cues serve both. They differ where the uses differ. The screen only asks whether a text can
hold a statement at all, so it takes bare words that are too loose to anchor an extraction ("will",
"called", "say"). The extractor takes the phrase around such a word ("will discuss", "called for"),
and cues the screen never had ("welcome", "agree", "added"). The screen stays as it was when the
pool was curated, so that curation's decisions (dataset/curation.jsonl) can be reproduced: "The
official welcome ceremony took place ..." is a document that the screen excludes.
"""

from __future__ import annotations

SHARED = (
    "said", "says", "noted", "stressed", "underscored", "underlined", "emphasized", "emphasised", "reaffirmed",
    "reiterated", "affirmed", "agreed", "expressed", "welcomed", "discussed", "thanked", "congratulated",
    "condemned", "highlighted", "urged", "announced", "told", "assured", "believes", "recalled", "conveyed",
    "raised", "outlined", "confirmed", "praised", "pledged", "voiced", "explained", "invited", "briefed", "believe",
    "hope",
)
EXTRACTION_ONLY = (
    "called for", "added", "hoped", "believed", "pointed out", "reviewed", "exchanged views on", "looked forward to",
    "look forward to", "will discuss", "welcome", "agree", "discuss",
)
SCREEN_ONLY = ("say", "called", "offered", "exchanged", "committed", "informed", "will", "looked forward", "hopes")

# Past and headline (present) forms; "called on" takes an addressee before its content.
# Not here: words that are nouns as often ("states", "adds"), or that readouts use for other acts
# ("answered questions", "the armistice declared by").
NEWS_CUES = (
    "argued", "warned", "insisted", "denied", "claimed", "acknowledged", "admitted", "suggested", "predicted", "vowed",
    "promised", "replied", "cautioned", "criticised", "criticized", "called on", "made clear", "stated", "wrote",
    "warns", "urges", "vows", "insists", "denies", "tells", "calls for", "rejects", "say",
)

EXTRACTION_CUES = SHARED + EXTRACTION_ONLY
SCREEN_CUES = SHARED + SCREEN_ONLY

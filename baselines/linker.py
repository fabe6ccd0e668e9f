"""The learned speaker linker of ``crf``: which of a content's candidate speakers is its speaker.

The candidates of a content (``crf.candidates``) are the speakers its context proposes: the mention
the hand rule links (the cue's nearest), the other tagged mentions of its sentence and the two before
it, the transcript turn going on, the ``rules`` extractor's speaker for an overlapping content, no
mention (a readout's agentless report: its participants), and for a plural mention the call's
participants or the two people named last. Candidates that resolve to the same speakers are one,
with every way it was proposed. Each has string features (``features``); a logistic regression
trained on the train split's gold scores them, and the best scored is the content's speaker.

The model is a bias and a weight a feature, kept as JSON beside the tagger (never a pickle) and
checked on load (``Linker.from_json``).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field

from diploquote.baselines import rules
from diploquote.schema.errors import DiploQuoteError, Incident

SEED = 13
C_GRID = (0.1, 0.3, 1.0)  # inverse L2 regularisation of the regression, chosen on validation


@dataclass
class Candidate:
    """A speaker a content may take, with how it was proposed and where its mention is."""
    fields: dict  # speaker_mention, and speakers (registry ids) or speaker_name
    origins: list[str]  # "hand", "tagged", "turn", "rules", "none", "participants", "recent"
    mention: str  # the mention's words; "" when none
    side: str = "none"  # the mention before, after or inside the content, in the turn label, or none
    gap: str = "none"  # tokens between the mention and the content, in ranges (crf's buckets)
    sentences_back: int = 0  # how many sentences before the content's the mention is (0, 1, 2)

    def speakers(self) -> frozenset[str]:
        return frozenset(self.fields.get("speakers") or ())


@dataclass(frozen=True)
class Context:
    """What the features read of the content a candidate is for."""
    content: tuple[int, int]  # characters into the document text (features do not read it; training does)
    source: str  # the document's publisher (kremlin, whitehouse, auspm) or ""
    place: str  # turn, continues-turn or narrative
    has_cue: bool
    quoted: bool  # the content is a direct quotation
    participants: frozenset[str]  # the setting's participants
    people: frozenset[str]  # registry ids of people (with roles)
    named: frozenset[str]  # ids the registry names in the content's sentences


def mention_kind(words: str) -> str:
    """The kind of a mention: a pronoun (he/she, they, first person), a joint mention ("the two
    leaders"), a conjunction ("Biden and Sisi"), a title ("the Vice President"), a name, other."""
    low = words.strip().lower()
    if not low:
        return "none"
    if low in ("he", "she"):
        return "he-she"
    if low in ("they", "them"):
        return "they"
    if low in ("i", "we", "us"):
        return "first"
    if rules.JOINT.search(words) or rules.JOINT_STATES.search(words):
        return "joint"
    if " and " in low:
        return "conjoined"
    if low.startswith("the "):
        return "title"
    return "capitalised" if words.strip()[0].isupper() else "other"


def _share(ids: frozenset[str], of: frozenset[str]) -> str:
    """Whether all, some or none of ``ids`` are in ``of``."""
    inside = len(ids & of)
    return "none" if not inside else "all" if inside == len(ids) else "some"


def features(c: Candidate, ctx: Context) -> list[str]:
    """The features of a candidate: how it was proposed, its mention's kind and place, how many
    speakers it resolves to, and whether they are the participants, people or named nearby."""
    ids = c.speakers()
    size = str(min(len(ids), 3)) if ids else "name" if c.fields.get("speaker_name") else "0"
    kind = mention_kind(c.mention)
    out = [f"origins={min(len(c.origins), 3)}", f"size={size}", f"kind={kind}", f"kind={kind}|size={size}",
           f"side={c.side}", f"side={c.side}|gap={c.gap}", f"back={c.sentences_back}", f"place={ctx.place}",
           f"cue={ctx.has_cue}|side={c.side}", f"quoted={ctx.quoted}|side={c.side}", f"source={ctx.source}|size={size}",
           f"participants={_share(ids, ctx.participants)}|size={size}", f"people={_share(ids, ctx.people)}",
           f"named={_share(ids, ctx.named)}|kind={kind}"]
    for o in c.origins:
        out += [f"from={o}", f"from={o}|kind={kind}", f"from={o}|size={size}", f"from={o}|place={ctx.place}"]
    return out


@dataclass(frozen=True)
class Linker:
    """A logistic regression's bias and weights (feature -> weight): a candidate's score is the bias
    plus the weights of its features."""
    bias: float
    weights: dict[str, float] = field(default_factory=dict)

    def score(self, feats: list[str]) -> float:
        return self.bias + sum(self.weights.get(f, 0.0) for f in feats)

    def choose(self, scored: list[list[str]]) -> int:
        """The index of the best-scored candidate; of two as good, the first."""
        return max(range(len(scored)), key=lambda i: (self.score(scored[i]), -i))

    def choose_candidate(self, options: list[Candidate], context: Context) -> int:
        """The index of the best-scored of a content's candidates (``crf.Chooser``)."""
        return self.choose([features(c, context) for c in options])

    def to_json(self) -> bytes:
        record = {"bias": self.bias, "weights": dict(sorted(self.weights.items()))}
        return (json.dumps(record, indent=1, ensure_ascii=False) + "\n").encode("utf-8")

    @classmethod
    def from_json(cls, data: bytes, where: str) -> Linker:
        """A linker from its JSON, refused (``untrusted-model``) unless it is exactly a bias and a
        table of finite weights."""
        try:
            record = json.loads(data.decode("utf-8"))
        except ValueError as e:
            raise _refuse(where, f"it is not JSON ({e})") from None
        if not isinstance(record, dict) or sorted(record) != ["bias", "weights"] or not isinstance(record["weights"], dict):
            raise _refuse(where, "it does not hold exactly a bias and a table of weights")
        numbers = [record["bias"], *record["weights"].values()]
        if not all(isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x) for x in numbers):
            raise _refuse(where, "a weight is not a finite number")
        return cls(float(record["bias"]), {str(k): float(v) for k, v in record["weights"].items()})


def _refuse(where: str, why: str) -> DiploQuoteError:
    return DiploQuoteError(Incident("untrusted-model", where, "linker", f"{why}; it is not loaded. Delete it and the "
                                    "model beside it: the next run trains the model again"))


def fit(examples: list[tuple[list[str], bool]], c: float) -> Linker:
    """A linker trained on (features, whether the candidate is the gold speaker) pairs."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vectoriser = DictVectorizer()
    x = vectoriser.fit_transform([dict.fromkeys(f, 1) for f, _ in examples])
    y = [label for _, label in examples]
    if len(set(y)) < 2:  # a tiny train split with one answer: no regression to fit
        return Linker(1.0 if y and y[0] else -1.0)
    lr = LogisticRegression(C=c, max_iter=2000, random_state=SEED).fit(x, y)
    names = vectoriser.get_feature_names_out()
    return Linker(float(lr.intercept_[0]), {str(n): float(w) for n, w in zip(names, lr.coef_[0]) if w})

"""Stage 3 of the build: check every annotation file against its document and the registries."""

from __future__ import annotations

from pathlib import Path

from diploquote.builders.annotations.resolve import ResolvedStatement, Span, load, resolve
from diploquote.builders.corpus import read_pool_manifest, read_row
from diploquote.schema.errors import DiploQuoteError, Incident
from diploquote.builders.readers import RawDocument
from diploquote.builders.annotations.speakers import load_registry
from diploquote.builders.annotations.targets import NO_TARGET, load_targets
from diploquote.schema.text import paragraph_bounds, sentence_bounds


def annotation_files(dataset: Path) -> list[Path]:
    """The gold annotation files of the release in ``dataset``, one a document, sorted."""
    return sorted((dataset / "annotations").glob("*.yaml"))


def validate_annotations(dataset: Path, files: list[Path] | None = None,
                         documents: dict[str, RawDocument] | None = None,
                         extra_speakers: list[Path] = (), extra_targets: list[Path] = (),
                         registries: tuple[list[dict], list[dict]] | None = None) -> tuple[dict[str, list[ResolvedStatement]], list[Incident]]:
    """Resolve annotation files (all of dataset/annotations/ by default).

    ``documents`` maps document ids to documents already read; the others are read from
    dataset/raw. ``registries``: the speakers and targets when the caller has read them already
    (then ``extra_speakers`` and ``extra_targets`` are not read). Returns the resolved statements by
    document id and every incident found.
    """
    files = annotation_files(dataset) if files is None else files
    incidents: list[Incident] = []
    try:
        speaker_rows, target_rows = registries or (load_registry(dataset / "speakers", extra_speakers),
                                                   load_targets(dataset / "targets", extra_targets))
    except DiploQuoteError as e:
        return {}, e.incidents
    speakers = {s["id"] for s in speaker_rows}
    targets = speakers | {t["id"] for t in target_rows} | {NO_TARGET}
    manifest: dict[str, dict] | None = None  # read only for a document not given in ``documents``
    documents = dict(documents or {})
    resolved: dict[str, list[ResolvedStatement]] = {}
    for path in files:
        data, found = load(path)
        incidents.extend(found)
        if data is None:
            continue
        doc_id = data["document"]
        if path.stem != doc_id:
            incidents.append(Incident("file-name-mismatch", str(path), "field document",
                                      f"the file is for {doc_id!r}; name it {doc_id}.yaml"))
        if doc_id in resolved:
            incidents.append(Incident("duplicate-document", str(path), "field document",
                                      f"{doc_id!r} is annotated in two files; keep one"))
            continue
        if doc_id not in documents:
            if manifest is None:
                manifest = {row["id"]: row for row in read_pool_manifest(dataset / "raw")}
            if doc_id not in manifest:
                incidents.append(Incident("unknown-document", str(path), "field document",
                                          f"{doc_id!r} is not in dataset/raw/MANIFEST.jsonl; check the id"))
                continue
            try:
                documents[doc_id] = read_row(dataset / "raw", manifest[doc_id])
            except DiploQuoteError as e:
                incidents.extend(e.incidents)
                continue
        statements, found = resolve(path, data, documents[doc_id], speakers, targets)
        incidents.extend(found)
        incidents.extend(mentions_outside_sentence(path, documents[doc_id].text, statements))
        resolved[doc_id] = statements
    return resolved, incidents


def mentions_outside_sentence(path: Path, text: str | None, statements: list[ResolvedStatement]) -> list[Incident]:
    """Rule M1 of the guidelines: a speaker mention is in the sentence of its statement's cue or
    content. Two mentions name the speaker of later paragraphs and are exempt: a transcript turn's
    label (no cue, the mention opening a paragraph) and the lead-in of a list (a paragraph before
    the content that ends with a colon: "The Governments of A and B have:"). Nothing to check
    where the text is withheld and absent."""
    if text is None:
        return []
    out = []
    for st in statements:
        mention = st.speaker_mention
        if mention is None or any(_in_sentence_of(text, mention, span) for span in (st.cue, st.content) if span):
            continue
        if _turn_label(text, mention, st.cue) or _list_lead_in(text, mention, st.content):
            continue
        out.append(Incident("mention-outside-sentence", str(path), f"statement {st.statement_id.rsplit('/', 1)[1]}, "
                            "field speaker_mention",
                            f"{text[mention.start:mention.end]!r} is resolved at characters {mention.start}-"
                            f"{mention.end}, in another sentence than the statement's cue and content; give the "
                            "mention with `occurrence` or `context` so that it is the one in the statement's sentence"))
    return out


def _in_sentence_of(text: str, mention: Span, span: Span) -> bool:
    first, last = sentence_bounds(text, span.start, max(span.start, span.end - 1))
    return first <= mention.start and mention.end <= last


def _turn_label(text: str, mention: Span, cue: Span | None) -> bool:
    return cue is None and (mention.start == 0 or text[mention.start - 1] == "\n")


def _list_lead_in(text: str, mention: Span, content: Span) -> bool:
    first, end = paragraph_bounds(text, mention.start)
    return end <= content.start and text[first:end].rstrip().endswith(":")

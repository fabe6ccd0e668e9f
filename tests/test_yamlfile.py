"""YAML written by people: anchors, aliases and repeated keys are refused, every error is located,
at each place the project reads such a file (annotations, speaker registry, White House front matter)."""

from __future__ import annotations

from pathlib import Path

import pytest

from diploquote.builders.annotations.resolve import load
from diploquote.builders.annotations.speakers import load_registry
from diploquote.builders.readers import parse
from diploquote.cli import main
from diploquote.schema.errors import DiploQuoteError

from helpers import DATASET, ROOT, XINHUA

# The classic "billion laughs": nine levels of nine aliases, 9**9 strings from a few hundred bytes.
LAUGHS = "".join(f"{b}: &{b} [" + ",".join([f"*{a}"] * 9) + "]\n" for a, b in zip("abcdefgh", "bcdefghi"))
BILLION_LAUGHS = f'document: {XINHUA}\na: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n{LAUGHS}statements: *i\n'

STATEMENT = """\
  - id: s1
    speakers: [xi-jinping]
    speaker_mention: Xi
    cue: noted
    content: the two sides met
    type: indirect
    stance: support
    target: agreement-or-initiative
    topics: [bilateral-relations]
"""


def annotation(tmp_path: Path, text: str) -> Path:
    path = tmp_path / f"{XINHUA}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_billion_laughs_annotation_is_refused_at_its_first_anchor(tmp_path):
    assert len(BILLION_LAUGHS.encode()) < 600
    data, [incident] = load(annotation(tmp_path, BILLION_LAUGHS))
    assert data is None
    assert (incident.code, incident.where) == ("yaml-alias", "line 2, column 4")  # the "&a" after "a: "
    assert "write the value out in full" in incident.message


def test_a_second_stance_is_a_duplicate_key_not_the_last_one_wins(tmp_path):
    # line 1 document, 2 statements, 3 "- id", ..., 9 stance, 12 the second stance
    text = f"document: {XINHUA}\nstatements:\n{STATEMENT}    stance: oppose\n"
    data, [incident] = load(annotation(tmp_path, text))
    assert data is None
    assert (incident.code, incident.where) == ("duplicate-key", "line 12, column 5")
    assert "'stance'" in incident.message and "first on line 9" in incident.message


def test_a_second_statements_list_is_a_duplicate_key(tmp_path):
    text = f"document: {XINHUA}\nstatements:\n{STATEMENT}statements: []\n"
    data, [incident] = load(annotation(tmp_path, text))
    assert data is None
    assert (incident.code, incident.where) == ("duplicate-key", "line 12, column 1")
    assert "first on line 2" in incident.message


def test_an_anchor_in_the_speaker_registry_is_refused(tmp_path):
    extra = tmp_path / "new-speakers.yaml"
    extra.write_text("- &p {id: ann-example, name: Ann Example, country: AUS}\n- *p\n", encoding="utf-8")
    with pytest.raises(DiploQuoteError) as e:
        load_registry(DATASET / "speakers", [extra])
    [incident] = e.value.incidents
    assert (incident.code, incident.file, incident.where) == ("yaml-alias", str(extra), "line 1, column 3")


def test_a_repeated_speaker_field_is_a_duplicate_key(tmp_path):
    extra = tmp_path / "new-speakers.yaml"
    extra.write_text("- id: ann-example\n  name: Ann Example\n  country: AUS\n  country: NZL\n", encoding="utf-8")
    with pytest.raises(DiploQuoteError) as e:
        load_registry(DATASET / "speakers", [extra])
    [incident] = e.value.incidents
    assert (incident.code, incident.where) == ("duplicate-key", "line 4, column 3")


def test_front_matter_errors_give_the_line_of_the_file(tmp_path):
    path = tmp_path / "readout.md"
    with pytest.raises(DiploQuoteError) as e:
        parse("whitehouse", path, "---\ntitle: A\ndate: '2021-01-01'\ntitle: B\n---\nBody.\n")
    [incident] = e.value.incidents
    assert (incident.code, incident.where) == ("duplicate-key", "line 4, column 1")
    with pytest.raises(DiploQuoteError) as e:
        parse("whitehouse", path, "---\ntitle: &t A\ndate: *t\n---\nBody.\n")
    assert [(i.code, i.where) for i in e.value.incidents] == [("yaml-alias", "line 2, column 8")]


def test_a_forbidden_character_and_deep_nesting_are_located_yaml_errors(tmp_path):
    _, [incident] = load(annotation(tmp_path, f"document: {XINHUA}\nnotes: a\x07b\n"))
    assert (incident.code, incident.where) == ("yaml-invalid", "line 2, column 9")
    _, [incident] = load(annotation(tmp_path, "[" * 5000))
    assert incident.code == "yaml-invalid"


def test_validate_prints_the_incident_and_exits_1(tmp_path, capsys):
    path = annotation(tmp_path, BILLION_LAUGHS)
    assert main(["--root", str(ROOT), "validate", str(path)]) == 1
    assert f"{path}: line 2, column 4: error [yaml-alias]" in capsys.readouterr().err


def test_a_missing_extra_speakers_file_is_an_incident(tmp_path, capsys):
    missing = tmp_path / "absent.yaml"
    assert main(["--root", str(ROOT), "validate", str(DATASET / "annotations" / f"{XINHUA}.yaml"),
                 "--extra-speakers", str(missing)]) == 1
    assert f"{missing}: file: error [file-missing]" in capsys.readouterr().err


def test_libyaml_and_the_strict_loader_read_the_files_of_the_release_alike():
    # The fast path must not change what a file means: every registry file and every tenth
    # annotation file of the release, read both ways, give the same data.
    import yaml

    from diploquote.schema.yamlfile import StrictLoader, parse_yaml
    files = (sorted((DATASET / "annotations").glob("*.yaml"))[::10] + sorted((DATASET / "speakers").glob("*.yaml"))
             + sorted((DATASET / "targets").glob("*.yaml")))
    assert len(files) > 150
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert parse_yaml(text, path) == yaml.load(text, Loader=StrictLoader), path  # noqa: S506


@pytest.mark.parametrize("text,code,where", [
    ("a: 'R&D *and* more'\nb: 1\nb: 2\n", "duplicate-key", "line 3, column 1"),  # '&' and '*' in a string only
    ("a: 1\nb: 2\na: 3\n", "duplicate-key", "line 3, column 1"),  # no '&' or '*': libyaml reads it
    ("a: [1, 2\n", "yaml-invalid", "line 2, column 1"),  # libyaml's fault, told by the strict loader
    ("a: 'x & y'\nb: &b 1\n", "yaml-alias", "line 2, column 4"),  # an anchor after a string with '&'
])
def test_what_libyaml_reads_is_refused_and_located_as_the_strict_loader_does(text, code, where):
    from diploquote.schema.yamlfile import parse_yaml
    with pytest.raises(DiploQuoteError) as e:
        parse_yaml(text, "f.yaml")
    assert (e.value.incidents[0].code, e.value.incidents[0].where) == (code, where)

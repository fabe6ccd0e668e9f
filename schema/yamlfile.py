"""The one way the project reads YAML that a person wrote: annotation files, the speaker registry,
the White House front matter and the label files.

YAML is a bigger language than these files need, and two of its features turn a typing slip or a
hostile file into silent damage: an anchor with aliases can expand a few hundred bytes into
billions of nodes ("billion laughs"), and a key given twice in one mapping keeps only the last
value without a word. ``StrictLoader`` refuses both; every YAML problem becomes one located
``DiploQuoteError`` (line and column 1-based), the single place the location of a YAML error is
spelled.

The pure-Python loader is what lets an anchor be refused before it is expanded, but it reads about
seven times slower than libyaml, and the build reads some 1,500 annotation files. So libyaml reads
(with the same repeated-key check) every text in which it finds no anchor: the check is free for a
text with no ``&`` or ``*`` at all, and a scan of libyaml's events (never expanded) otherwise. A text
with an anchor, and any text libyaml finds a fault in, goes through ``StrictLoader``, which gives the
located message.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from diploquote.schema.errors import DiploQuoteError, Incident, fail


class _Refused(yaml.MarkedYAMLError):
    """A well-formed document that uses what the project refuses; ``code`` names the incident."""

    def __init__(self, code: str, mark, problem: str):
        super().__init__(problem=problem, problem_mark=mark)
        self.code = code


_STR = "tag:yaml.org,2002:str"


class _NoRepeatedKeys:
    """A constructor mix-in that refuses a key given twice in one mapping."""

    def construct_mapping(self, node, deep=False):
        if isinstance(node, yaml.MappingNode):
            self.flatten_mapping(node)
            first_line: dict = {}
            for key_node, _ in node.value:
                # a string key is its text: constructing every key twice was a third of the reading
                key = key_node.value if key_node.tag == _STR else self.construct_object(key_node, deep=True)
                try:
                    seen = key in first_line
                except TypeError:  # an unhashable key: the base constructor reports it
                    continue
                if seen:
                    raise _Refused("duplicate-key", key_node.start_mark,
                                   f"the key {key!r} is given twice in one mapping (first on line "
                                   f"{first_line[key]}); keep one, YAML would silently use the last")
                first_line[key] = key_node.start_mark.line + 1
        return super().construct_mapping(node, deep)


class StrictLoader(_NoRepeatedKeys, yaml.SafeLoader):
    """``yaml.SafeLoader`` without anchors, aliases or repeated keys."""

    def compose_node(self, parent, index):
        # Refused before the alias is resolved: nothing is ever expanded.
        event = self.peek_event()
        if event.anchor is not None:
            sign = "*" if isinstance(event, yaml.AliasEvent) else "&"
            raise _Refused("yaml-alias", event.start_mark,
                           f"YAML anchors and aliases ({sign}{event.anchor}) are not accepted; "
                           "write the value out in full")
        return super().compose_node(parent, index)


if yaml.__with_libyaml__:  # PyYAML's wheels are built with it
    class _LibyamlLoader(_NoRepeatedKeys, yaml.CSafeLoader):
        """libyaml's safe loader with the repeated-key check, for texts without anchors or aliases."""
else:
    _LibyamlLoader = None


def _place(error: Exception, text: str, line_offset: int) -> str:
    """'line L, column C' (1-based, in the file) of a YAML error, or 'file' where it has no place."""
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    if mark is not None:
        line, column = mark.line + 1, mark.column + 1
    elif isinstance(error, yaml.reader.ReaderError):  # a character YAML does not allow: a position
        line = text.count("\n", 0, error.position) + 1
        column = error.position - (text.rfind("\n", 0, error.position) + 1) + 1
    else:
        return "file"
    return f"line {line + line_offset}, column {column}"


def parse_yaml(text: str, file: str | Path, line_offset: int = 0):
    """The data of one YAML document. ``line_offset``: lines of the file before ``text`` (front
    matter starts after its ``---`` line), so that places are lines of the file."""
    if _LibyamlLoader is not None:
        try:
            if ("&" not in text and "*" not in text) or not any(
                    getattr(e, "anchor", None) is not None for e in yaml.parse(text, Loader=_LibyamlLoader)):
                return yaml.load(text, Loader=_LibyamlLoader)  # noqa: S506: a SafeLoader
        except (yaml.YAMLError, RecursionError):
            pass  # read again below, for the located message
    try:
        return yaml.load(text, Loader=StrictLoader)  # noqa: S506: StrictLoader is a SafeLoader
    except _Refused as e:
        raise fail(e.code, str(file), _place(e, text, line_offset), e.problem) from None
    except yaml.reader.ReaderError as e:
        raise fail("yaml-invalid", str(file), _place(e, text, line_offset),
                   f"the file holds a character YAML does not allow ({e.reason} #x{e.character:04x}); "
                   "remove it") from None
    except yaml.YAMLError as e:
        raise fail("yaml-invalid", str(file), _place(e, text, line_offset),
                   f"the YAML does not parse ({getattr(e, 'problem', None) or e}); "
                   "quote strings that hold ':' or '#'") from None
    except RecursionError:
        raise fail("yaml-invalid", str(file), "file",
                   "the YAML is nested too deeply to read; flatten it") from None


def read_yaml(path: Path):
    """The data of one YAML file; a missing or non-UTF-8 file is an incident, as is any YAML error."""
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise fail("file-missing", str(path), "file", "no such file; check the path") from None
    except IsADirectoryError:
        raise fail("file-missing", str(path), "file", "this is a folder; give the path of a YAML file") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise DiploQuoteError(Incident("not-utf8", str(path), f"byte {e.start}",
                                       "the file is not UTF-8; re-save it as UTF-8")) from None
    return parse_yaml(text, path)


class _NoAliasDumper(yaml.SafeDumper):
    def ignore_aliases(self, data) -> bool:
        return True


def dump_yaml(data) -> str:
    """YAML text of ``data`` that ``parse_yaml`` reads back: every repeated value written out in
    full, never as an anchor and aliases."""
    # no line folding: a span stays on one line, as a person copies it from the text
    return yaml.dump(data, Dumper=_NoAliasDumper, sort_keys=False, allow_unicode=True, width=float("inf"))

"""Load YAML (and JSON) into plain data plus the position of every node.

PyYAML's composer gives a node graph with a start mark on every node and
never constructs objects, so nothing in an input is ever evaluated. We turn
that graph into dicts/lists/scalars ourselves, which lets us

* keep ``positions[path] = (line, col)`` for every value and mapping key,
* refuse duplicate keys, unknown tags, alias bombs and deep nesting,
* keep dates as the strings the analyst wrote (no datetime guessing).
"""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..errors import Diagnostic, Location

MAX_FILE_BYTES = 5 * 1024 * 1024  # a case is text; 5 MB is far beyond any real one
MAX_NODES = 200_000  # after alias expansion; stops "billion laughs"
MAX_DEPTH = 50

Path_ = tuple  # a path into the data: ("facts", 3, "sources", 0)

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_SCALAR_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
}
_COLLECTION_TAGS = {"tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"}


@dataclass
class LoadedFile:
    path: Path
    data: Any  # what the YAML or JSON holds: checked by the schema, not here
    positions: dict = field(default_factory=dict)  # path -> (line, col) of the value
    key_positions: dict = field(default_factory=dict)  # path -> (line, col) of its key
    # path -> the text as written, for scalars YAML reads as something else
    # (`NO` is false to YAML 1.1, `1.50` is 1.5): claim values are compared as written.
    written: dict = field(default_factory=dict)

    def location(self, path: Path_, *, key: bool = False) -> Location:
        """Best location for a data path: the nearest ancestor that has one."""
        table = self.key_positions if key else self.positions
        for cut in range(len(path), -1, -1):
            pos = table.get(tuple(path[:cut])) or self.positions.get(tuple(path[:cut]))
            if pos:
                return Location(self.path, *pos)
        return Location(self.path, 1, 1)


class LoadError(Exception):
    def __init__(self, diagnostic: Diagnostic):
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic


def _fail(path: Path, line: int, col: int, message: str) -> LoadError:
    return LoadError(Diagnostic("error", message, Location(path, line, col)))


def read_text(path: Path) -> str:
    """The file as text; refuses huge, non-UTF-8 and non-regular files with a location."""
    raw = read_limited(path)
    if raw is None:
        raise _fail(path, 0, 0, "not a regular file (a FIFO, device or folder); an input "
                    "must be a plain file: replace it with one")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise _fail(path, line, col, f"file is not UTF-8 (byte 0x{raw[exc.start]:02x}); "
                    "save it as UTF-8") from None


def read_limited(path: Path, limit: int = MAX_FILE_BYTES) -> bytes | None:
    """A regular file's bytes, at most ``limit`` (else a located error); None for
    anything else. Opened without blocking and checked before reading, so a FIFO
    or a link to /dev/zero can neither hang nor fill memory."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as exc:
        raise _fail(path, 0, 0, f"cannot read file: {exc.strerror}") from None
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        try:
            raw = handle.read(limit + 1)
        except OSError as exc:
            raise _fail(path, 0, 0, f"cannot read file: {exc.strerror}") from None
    if len(raw) > limit:
        raise _fail(path, 0, 0, f"file has more than {limit:,} bytes; the limit is "
                    f"{limit:,}. Split it (e.g. facts/*.yaml) or trim it")
    return raw


def load_yaml(path: Path, text: str | None = None) -> LoadedFile:
    text = read_text(path) if text is None else text
    try:
        documents = list(yaml.compose_all(text, Loader=_Loader))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        raise _fail(path, line, col, f"YAML syntax error: {exc.problem or exc.context}") from None
    except yaml.reader.ReaderError as exc:  # characters YAML forbids
        char = exc.character if isinstance(exc.character, str) else chr(exc.character)
        raise _fail(path, *_line_col(text, exc.position),
                    f"character U+{ord(char):04X} is not allowed in YAML; remove it") from None
    except yaml.YAMLError as exc:
        raise _fail(path, 0, 0, f"YAML cannot read this file: {exc}") from None
    if len(documents) > 1:
        raise _fail(path, documents[1].start_mark.line + 1, 1,
                    "more than one YAML document (`---`) in one file; keep one")
    loaded = LoadedFile(path, None)
    if documents and documents[0] is not None:
        loaded.data = _Converter(loaded).convert(documents[0], (), 0)
    return loaded


def _line_col(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def load_json(path: Path) -> LoadedFile:
    """JSON (e.g. a Zotero CSL-JSON export), with positions.

    The json module reads the data (and reports syntax errors exactly).
    Positions come from reading the same text as YAML, of which JSON is
    nearly a subset; where YAML cannot read it (surrogate-pair escapes, C1
    controls), the data stands without positions: errors point at the file.
    """
    text = read_text(path)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise _fail(path, exc.lineno, exc.colno, f"JSON syntax error: {exc.msg}") from None
    except RecursionError:
        raise _fail(path, 1, 1, f"JSON nested deeper than {MAX_DEPTH} levels") from None
    _check_json_depth(path, data, 0)
    try:
        positioned = load_yaml(path, text.replace("\t", " "))
    except LoadError:
        return LoadedFile(path, data)
    return LoadedFile(path, data, positioned.positions, positioned.key_positions)


def _check_json_depth(path: Path, data, depth: int) -> None:
    if depth > MAX_DEPTH:
        raise _fail(path, 1, 1, f"JSON nested deeper than {MAX_DEPTH} levels")
    children = data.values() if isinstance(data, dict) else data if isinstance(data, list) else ()
    for child in children:
        _check_json_depth(path, child, depth + 1)


class _Converter:
    def __init__(self, loaded: LoadedFile):
        self.loaded = loaded
        self.count = 0

    def convert(self, node, path: Path_, depth: int):
        self._guard(node, depth)
        self.loaded.positions[path] = _pos(node)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path, depth)
        if isinstance(node, yaml.SequenceNode):
            return [self.convert(item, path + (i,), depth + 1) for i, item in enumerate(node.value)]
        value = self._scalar(node)
        if not isinstance(value, str):
            self.loaded.written[path] = node.value
        return value

    def _guard(self, node, depth: int) -> None:
        self.count += 1
        if self.count > MAX_NODES:
            raise _fail(self.loaded.path, *_pos(node), f"more than {MAX_NODES:,} values once "
                        "aliases are expanded (an alias bomb?); briefgen refuses this file")
        if depth > MAX_DEPTH:
            raise _fail(self.loaded.path, *_pos(node),
                        f"nested deeper than {MAX_DEPTH} levels (or a recursive alias)")
        if not isinstance(node, yaml.ScalarNode) and node.tag not in _COLLECTION_TAGS:
            raise _fail(self.loaded.path, *_pos(node), _tag_message(node.tag))

    def _mapping(self, node, path: Path_, depth: int) -> dict:
        result: dict = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise _fail(self.loaded.path, *_pos(key_node),
                            "merge keys (`<<:`) are not supported; write the keys out")
            key = self._key(key_node)
            if key in result:
                first = self.loaded.key_positions[path + (key,)][0]
                raise _fail(self.loaded.path, *_pos(key_node),
                            f"duplicate key `{key}` (first at line {first}); keep one")
            self.loaded.key_positions[path + (key,)] = _pos(key_node)
            result[key] = self.convert(value_node, path + (key,), depth + 1)
        return result

    def _key(self, node):
        if not isinstance(node, yaml.ScalarNode):
            raise _fail(self.loaded.path, *_pos(node), "a mapping key must be a plain value")
        key = self._scalar(node)
        return key if isinstance(key, (str, int)) and not isinstance(key, bool) else str(key)

    def _scalar(self, node):
        if node.tag not in _SCALAR_TAGS:
            raise _fail(self.loaded.path, *_pos(node), _tag_message(node.tag))
        return _SCALAR_BUILDERS[node.tag](node.value)


def _tag_message(tag: str) -> str:
    return f"YAML tag `{tag}` is not allowed in briefgen inputs; remove it"


def _pos(node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _yaml_int(value: str):
    text = value.replace("_", "")
    try:
        if text.lower().startswith(("0x", "-0x", "+0x")):
            return int(text, 16)
        if text.lower().startswith(("0o", "-0o", "+0o")):
            return int(text, 8)
        if ":" in text:  # sexagesimal (YAML 1.1): keep as written
            return value
        return int(text)
    except ValueError:
        return value


def _yaml_float(value: str):
    try:
        return float(value.replace("_", ""))
    except ValueError:
        return value


_SCALAR_BUILDERS: dict[str, Callable[[str], object]] = {
    "tag:yaml.org,2002:str": str,
    "tag:yaml.org,2002:int": _yaml_int,
    "tag:yaml.org,2002:float": _yaml_float,
    "tag:yaml.org,2002:bool": lambda v: v.lower() in ("yes", "true", "on", "y"),
    "tag:yaml.org,2002:null": lambda v: None,
    "tag:yaml.org,2002:timestamp": str,  # keep "2025-07-20" exactly as written
}

"""A fast path for the front matter most posts have: one ``key: value`` per line.

Composing YAML with PyYAML costs ~50 µs per post, most of a `blogtui check` of a big blog. Most
front matter is flat: ``title: "..."``, ``date: ...``, ``tags: [a, b]``. This module reads
exactly that subset - and answers ``None`` (use the real parser) for anything else: indentation,
block lists, anchors, tags, escapes, comments after values, tabs, unusual characters, duplicate
keys. Values are typed with the same implicit resolvers and constructors as the YAML path, so the
result is identical (tests/core/test_simple_yaml.py compares both on generated documents).
"""

from __future__ import annotations

import re
from typing import Any

import yaml

#: characters YAML does not read as they are (not printable, or a line break other than \n/\r);
#: written as the small set of bad characters: the complement class takes ~40 ms to compile
_ODD_CHAR_RE = re.compile(
    "[\x00-\x09\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]"
)
_LINE_RE = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*):(?:( +)(.*?))? *")
#: a plain scalar we are sure about: no indicator first, no ': ', ' #', no trailing ':'
_PLAIN_RE = re.compile(r"[^-?:,\[\]{}#&*!|>'\"%@` ](?:[^:#]|:(?=[^ ])|(?<! )#)*")
_PLAIN_ITEM_RE = re.compile(r"[^-?:,\[\]{}#&*!|>'\"%@` ][^:#,\[\]{}]*")
_PLAIN_LIST_RE = re.compile(
    r"[^-?:,\[\]{}#&*!|>'\"%@` ][^:#,\[\]{}]*(?:, *[^-?:,\[\]{}#&*!|>'\"%@` ][^:#,\[\]{}]*)*"
)
_DQ_RE = re.compile(r'"([^"\\]*)"')
_SQ_RE = re.compile(r"'([^']*)'")

_STR_TAG = "tag:yaml.org,2002:str"


class Simple:
    """Resolver + constructors of the real path, borrowed (see source._BoundedLoader)."""

    def __init__(self, loader_class: Any):
        self._loader = loader_class("")
        self._constructors = loader_class.yaml_constructors
        self._tags: dict[
            str, str
        ] = {}  # plain scalar -> its implicit tag (keys and values repeat a lot)

    def tag(self, value: str) -> str:
        tag = self._tags.get(value)
        if tag is None:
            if len(self._tags) > 20_000:
                self._tags.clear()
            tag = self._tags[value] = self._loader.resolve(yaml.ScalarNode, value, (True, False))
        return tag

    def scalar(self, value: str, plain: bool) -> Any:
        if not plain:
            return value
        tag = self.tag(value)
        if tag == _STR_TAG:
            return value
        return self._constructors[tag](self._loader, yaml.ScalarNode(tag, value))

    def flow_list(self, inner: str) -> list[Any] | None:
        inner = inner.strip(" ")
        if not inner:
            return []
        if _PLAIN_LIST_RE.fullmatch(inner):  # the usual [a, b, c]: one match for the whole list
            return [self.scalar(item.strip(" "), True) for item in inner.split(",")]
        out: list[Any] = []
        for raw in inner.split(","):
            item = raw.strip(" ")
            if _PLAIN_ITEM_RE.fullmatch(item):
                out.append(self.scalar(item, True))
            elif (m := _DQ_RE.fullmatch(item)) or (m := _SQ_RE.fullmatch(item)):
                out.append(m.group(1))
            else:
                return None
        return out

    def load(
        self, text: str
    ) -> tuple[dict[str, Any], list[tuple[str, int, int, int, str | None]]] | None:
        """(mapping, [(key, line index, key column, value column, plain text)]) or None: use the YAML parser."""
        if _ODD_CHAR_RE.search(text):
            return None
        data: dict[str, Any] = {}
        where: list[tuple[str, int, int, int, str | None]] = []
        for index, line in enumerate(text.split("\n")):
            if line.endswith("\r"):
                line = line[:-1]
            if "\r" in line:
                return None
            if not line.strip(" ") or line.startswith("#"):
                continue
            m = _LINE_RE.fullmatch(line)
            if m is None:
                return None
            key, gap, raw = m.group(1), m.group(2), m.group(3)
            if key in data or self.tag(key) != _STR_TAG:
                return None
            value_col = len(key) + 1 + len(gap or "") + 1
            plain = None
            if not raw:
                value: Any = None
                value_col = len(key) + 2  # PyYAML marks an empty value right after the colon
            elif (first := raw[0]) == '"' or first == "'":
                q = (_DQ_RE if first == '"' else _SQ_RE).fullmatch(raw)
                if q is None:
                    return None
                value = q.group(1)
            elif first == "[":
                items = self.flow_list(raw[1:-1]) if raw.endswith("]") else None
                if items is None:
                    return None
                value = items
            elif _PLAIN_RE.fullmatch(raw):
                value = self.scalar(raw, True)
                plain = raw
            else:
                return None
            data[key] = value
            where.append((key, index, 1, value_col, plain))
        if not data:
            return None  # an empty document: the YAML path says what it is
        return data, where

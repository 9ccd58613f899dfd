"""A safe, bounded YAML load of front matter, with the file's line and column for every problem.

Nothing here executes anything found in a file: YAML tags outside the safe schema are refused,
alias expansion is bounded (an alias counts every time it is used, so a "billion laughs" file is
found without being expanded), nesting is bounded, and every failure is a SourceError with the
line and column of the file (libyaml's messages put in plain words). blog.source splits a file
into front matter and body and calls :func:`load_front_matter`.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import Any

import yaml

from blogtui.blog.errors import MAX_DEPTH as MAX_DEPTH  # the limits, also named from here
from blogtui.blog.errors import MAX_FRONT_MATTER_BYTES as MAX_FRONT_MATTER_BYTES
from blogtui.blog.errors import MAX_NODES as MAX_NODES
from blogtui.blog.errors import SourceError
from blogtui.blog.simple_yaml import Simple
from blogtui.blog.yaml_errors import _Lines, _raise_parse_error

try:  # the C loader is ~10x faster; the pure-Python one behaves the same
    from yaml import CSafeLoader as _BaseSafeLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _BaseSafeLoader  # type: ignore[assignment]


class _BoundedLoader(_BaseSafeLoader):  # type: ignore[misc,valid-type]
    """Safe loader that refuses documents expanding to more than MAX_NODES nodes.

    A timestamp that looks like a date but is not one (``2021-02-30``, ``2021-01-01 25:00:00``)
    stays a string, as in Ruby's Psych, so that the schema can say what is wrong with it.
    """


_RESOLVERS_BY_FIRST = _BoundedLoader.yaml_implicit_resolvers
_DEFAULT_STR = "tag:yaml.org,2002:str"


def _fast_resolve(self: Any, kind: Any, value: Any, implicit: Any) -> Any:
    """Resolver.resolve without the generic path (same answers): the C composer calls it for every
    scalar, and most front-matter scalars are text whose first letter no implicit type starts with."""
    if kind is yaml.ScalarNode:
        if implicit[0]:
            for tag, regexp in _RESOLVERS_BY_FIRST.get(value[:1] if value else "", ()):
                if regexp.match(value):
                    return tag
        return _DEFAULT_STR
    return yaml.resolver.BaseResolver.resolve(self, kind, value, implicit)


if not _BoundedLoader.yaml_path_resolvers and None not in _RESOLVERS_BY_FIRST:
    _BoundedLoader.resolve = _fast_resolve  # type: ignore[method-assign]


_TIMESTAMP_RE = re.compile(
    r"(\d{4})-(\d\d?)-(\d\d?)(?:[Tt]|[ \t]+)(\d\d?):(\d\d):(\d\d)(?:\.(\d*))?"
    r"(?:[ \t]*(Z|([-+])(\d\d?)(?::?(\d\d))?))?"
)


def _construct_timestamp(loader: Any, node: yaml.ScalarNode) -> Any:
    """A YAML timestamp Python's datetime refuses (30 February, 24:00) is read as Psych reads it.

    PyYAML raises ValueError there, which would crash the index. Psych (Jekyll's YAML) keeps an
    impossible *date* as text, and rolls an impossible *time* over (Ruby's Time.utc does).
    """
    try:
        return yaml.constructor.SafeConstructor.construct_yaml_timestamp(loader, node)
    except (ValueError, OverflowError):
        text = loader.construct_scalar(node)
        m = _TIMESTAMP_RE.fullmatch(text.strip())
        if not m:
            return text
        y, mo, d, hh, mi, ss, frac, zone, sign, zh, zm = m.groups()
        try:
            base = datetime.datetime(int(y), int(mo), 1)
            value = base + datetime.timedelta(
                days=int(d) - 1, hours=int(hh), minutes=int(mi), seconds=int(ss)
            )
        except (ValueError, OverflowError):
            return text
        if int(d) > 31 or int(hh) > 24 or int(mi) > 59 or int(ss) > 60:
            return text
        if frac:
            value = value.replace(microsecond=int((frac + "000000")[:6]))
        if zone == "Z":
            return value.replace(tzinfo=datetime.UTC)
        if sign:
            delta = datetime.timedelta(hours=int(zh), minutes=int(zm or 0))
            return value.replace(tzinfo=datetime.timezone(-delta if sign == "-" else delta))
        return value


_BoundedLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)


def _expanded_size(node: yaml.Node, memo: dict[int, int], depth: int = 0) -> int:
    key = id(node)
    if key in memo:
        return memo[key]
    if depth > MAX_DEPTH:
        raise SourceError("yaml-nesting", f"front matter nested more than {MAX_DEPTH} levels deep")
    memo[key] = 1  # guards against recursive aliases while we walk
    size = 1
    if isinstance(node, yaml.SequenceNode):
        for child in node.value:
            size += _expanded_size(child, memo, depth + 1)
            if size > MAX_NODES:
                break
    elif isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            size += _expanded_size(k, memo, depth + 1) + _expanded_size(v, memo, depth + 1)
            if size > MAX_NODES:
                break
    memo[key] = size
    return size


_T = "tag:yaml.org,2002:"
_STR_TAG, _SEQ_TAG, _MAP_TAG, _MERGE_TAG = _T + "str", _T + "seq", _T + "map", _T + "merge"


def _build(
    node: yaml.Node, loader: Any, memo: dict[int, tuple[Any, int]], depth: int
) -> tuple[Any, int]:
    """Node -> (value, expanded size). Plain strings, lists and mappings are built here (PyYAML's
    generic constructor is most of the cost of a check); everything else - numbers, booleans,
    dates, merge keys, tags - goes to PyYAML's safe constructor. An alias is the same node
    object again: its value is shared (as in PyYAML) but its size counts every time it is used,
    so an alias bomb is found without ever being expanded."""
    key = id(node)
    got = memo.get(key)
    if got is not None:
        return got
    if depth > MAX_DEPTH:
        raise _TooDeep(node)
    cls = node.__class__
    tag = node.tag
    if cls is yaml.ScalarNode:
        if tag == _STR_TAG:
            result = node.value, 1
        else:
            try:
                result = loader.construct_object(node, deep=True), 1
            except (ValueError, TypeError, OverflowError) as exc:  # e.g. !!int x, !!float x
                raise _BadValue(node, exc) from None
    elif cls is yaml.SequenceNode and tag == _SEQ_TAG:
        items: list[Any] = []
        memo[key] = (items, 1)
        size = 1
        for child in node.value:
            value, n = _build(child, loader, memo, depth + 1)
            items.append(value)
            size += n
            if size > MAX_NODES:
                raise _Bomb(node)
        result = items, size
    elif (
        cls is yaml.MappingNode
        and tag == _MAP_TAG
        and not any(k.tag == _MERGE_TAG for k, _v in node.value)
    ):
        mapping: dict[Any, Any] = {}
        memo[key] = (mapping, 1)
        size = 1
        for knode, vnode in node.value:
            k, kn = _build(knode, loader, memo, depth + 1)
            v, vn = _build(vnode, loader, memo, depth + 1)
            try:
                mapping[k] = v
            except TypeError:
                raise yaml.constructor.ConstructorError(
                    None, None, "found unhashable key", knode.start_mark
                ) from None
            size += kn + vn
            if size > MAX_NODES:
                raise _Bomb(node)
        result = mapping, size
    else:
        size = _expanded_size(node, {}, depth)
        if size > MAX_NODES:
            raise _Bomb(node)
        result = loader.construct_object(node, deep=True), size
    memo[key] = result
    return result


class _Bomb(Exception):
    def __init__(self, node: yaml.Node):
        self.node = node


class _TooDeep(_Bomb):
    pass


class _BadValue(_Bomb):
    def __init__(self, node: yaml.Node, exc: Exception):
        super().__init__(node)
        self.exc = exc


def _construct(loader: Any, node: yaml.Node, lines: _Lines) -> Any:
    try:
        return _build(node, loader, {}, 0)[0]
    except _BadValue as bad:
        raise SourceError(
            "yaml-syntax",
            f"could not read a YAML value: {bad.exc}",
            *lines.mark(bad.node.start_mark),
            "remove the !!tag or fix the value",
        ) from None
    except _TooDeep as deep:
        line, col = lines.mark(deep.node.start_mark)
        raise SourceError(
            "yaml-nesting",
            f"front matter nested more than {MAX_DEPTH} levels deep",
            line,
            col,
            "flatten the front matter",
        ) from None
    except _Bomb as bomb:
        line, col = lines.mark(bomb.node.start_mark)
        if "*" not in lines.text:  # no alias: simply that many keys and items
            raise SourceError(
                "yaml-size",
                f"front matter has more than {MAX_NODES} values (keys and list items): not read",
                line,
                col,
                "keep the front matter short; long lists belong in _data or the body",
            ) from None
        raise SourceError(
            "yaml-alias-bomb",
            f"front matter expands to more than {MAX_NODES} values through aliases (a 'billion laughs' file)",
            line,
            col,
            "remove the anchors (&name) and aliases (*name)",
        ) from None
    except yaml.constructor.ConstructorError as exc:
        line, col = lines.mark(exc.problem_mark)
        problem = exc.problem or "unsupported value"
        m = re.search(r"tag '([^']+)'", problem)
        if m:
            tag = m.group(1).replace("tag:yaml.org,2002:", "!!")
            raise SourceError(
                "yaml-unsafe-tag",
                f"YAML tag {tag} is not allowed (only plain YAML values are read)",
                line,
                col,
                "remove the tag, e.g. write the value as a plain string",
            ) from None
        if "unhashable key" in problem:
            raise SourceError(
                "yaml-syntax",
                "could not read YAML: a list or mapping used as a key",
                line,
                col,
                "keys must be plain words",
            ) from None
        raise SourceError("yaml-syntax", f"could not read YAML: {problem}", line, col) from None
    except (ValueError, TypeError, OverflowError) as exc:  # e.g. !!int x, !!float x
        raise SourceError(
            "yaml-syntax",
            f"could not read a YAML value: {exc}",
            *lines.mark(node.start_mark),
            "remove the !!tag or fix the value",
        ) from None


@dataclass(frozen=True, slots=True)
class KeyPosition:
    """Where a top-level front-matter key and its value are (1-based, of the file)."""

    line: int
    column: int
    value_line: int
    value_column: int
    #: the value as written when it is one plain scalar (e.g. a date the constructor rolled over)
    raw: str | None = None


@dataclass(frozen=True, slots=True)
class Loaded:
    """Front-matter YAML loaded with the positions of its top-level keys."""

    data: Any
    keys: dict[str, KeyPosition]
    #: (key, line, column) of every top-level key given a second time (YAML keeps the last)
    duplicates: tuple[tuple[str, int, int], ...] = ()


def load_front_matter(yaml_text: str, line_offset: int = 2, *, fast: bool = True) -> Loaded:
    """Parse front-matter YAML safely and say where each top-level key is.

    Raises SourceError with file line/column for syntax errors, tabs, unsafe tags, alias bombs,
    values that cannot be built and over-deep nesting. Never raises anything else for any text.
    """
    if len(yaml_text) > MAX_FRONT_MATTER_BYTES:
        raise SourceError(
            "yaml-size",
            f"front matter is larger than {MAX_FRONT_MATTER_BYTES} bytes",
            line_offset,
            1,
            "keep the front matter short; long text belongs in the body",
        )
    if fast:
        simple = _SIMPLE.load(yaml_text)
        if simple is not None:
            data, where = simple
            keys: dict[str, KeyPosition] = {
                k: KeyPosition(line_offset + i, kc, line_offset + i, vc, raw)
                for k, i, kc, vc, raw in where
            }
            return Loaded(data, keys)
    lines = _Lines(yaml_text, line_offset)
    loader = _BoundedLoader(yaml_text)
    try:
        try:
            node = loader.get_single_node()
        except yaml.reader.ReaderError as exc:
            pos = exc.position if isinstance(exc.position, int) else 0
            line, col = lines.position(pos)
            char = (
                exc.character
                if isinstance(exc.character, int)
                else ord(str(exc.character)[:1] or "?")
            )
            raise SourceError(
                "yaml-syntax",
                f"could not parse YAML: control character U+{char:04X} is not allowed",
                line,
                col,
                "delete the invisible character (or write it as an escape inside double quotes)",
            ) from None
        except yaml.MarkedYAMLError as exc:
            _raise_parse_error(exc, lines)
        except yaml.YAMLError as exc:
            raise SourceError(
                "yaml-syntax", f"could not parse YAML: {exc}", line_offset, 1
            ) from None
        if node is None:
            return Loaded(None, {})
        data = _construct(loader, node, lines)
        keys = {}
        duplicates: list[tuple[str, int, int]] = []
        if isinstance(node, yaml.MappingNode):
            for knode, vnode in node.value:
                if not isinstance(knode, yaml.ScalarNode):
                    continue
                name = str(knode.value)
                kl, kc = lines.mark(knode.start_mark)
                if name in keys:
                    duplicates.append((name, kl, kc))
                vl, vc = lines.mark(vnode.start_mark)
                raw = (
                    vnode.value
                    if isinstance(vnode, yaml.ScalarNode) and not vnode.style and vnode.value
                    else None
                )
                keys[name] = KeyPosition(kl, kc, vl, vc, raw)
        return Loaded(data, keys, tuple(duplicates))
    except RecursionError:
        raise SourceError(
            "yaml-nesting", "front matter is nested too deeply", line_offset, 1
        ) from None
    finally:
        loader.dispose()


_SIMPLE = Simple(_BoundedLoader)


def load_yaml(yaml_text: str, line_offset: int = 2) -> Any:
    """Parse front-matter YAML safely. ``line_offset`` is the file line of the YAML's first line.

    Raises SourceError with file line/column for syntax errors, unsafe tags and alias bombs.
    """
    return load_front_matter(yaml_text, line_offset).data

"""Reading a post file's bytes: decoding, front-matter split and a safe, bounded YAML load.

Jekyll's rules (jekyll/document.rb): a file has front matter when its text (read as
``bom|utf-8``) matches ``\\A(---\\s*\\n.*?\\n?)^((---|\\.\\.\\.)\\s*$\\n?)`` — the very first
line is ``---`` (trailing blanks allowed, CRLF allowed), closed by ``---`` or ``...``.
A blank line before the opening ``---`` means there is no front matter at all.

python-frontmatter does the metadata/body split (with our Jekyll-exact delimiter and a safe,
bounded YAML loader); this module only finds *where* the front matter is, so that every
problem can be reported with the line and column of the file (the bytes come from
blog.postfile, the one bounded reader of post files). Nothing here writes files and nothing here executes anything found
in a file: YAML tags outside the safe schema are refused, alias expansion is bounded.
"""

from __future__ import annotations

import datetime
import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import Any

import frontmatter
import yaml
from frontmatter.default_handlers import YAMLHandler

from blogtui.blog.simple_yaml import Simple

try:  # the C loader is ~10x faster; the pure-Python one behaves the same
    from yaml import CSafeLoader as _BaseSafeLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _BaseSafeLoader  # type: ignore[assignment]

BOM = "\ufeff"
#: byte-order marks of encodings Jekyll cannot read (UTF-32 first: it starts like UTF-16)
_OTHER_BOMS = (
    (b"\xff\xfe\x00\x00", "UTF-32LE"),
    (b"\x00\x00\xfe\xff", "UTF-32BE"),
    (b"\xff\xfe", "UTF-16LE"),
    (b"\xfe\xff", "UTF-16BE"),
)
#: Jekyll's own regular expression (Document::YAML_FRONT_MATTER_REGEXP), Python flavour.
FRONT_MATTER_RE = re.compile(r"\A(---\s*\n.*?\n?)^((---|\.\.\.)\s*$\n?)", re.M | re.S)
OPENING_RE = re.compile(r"\A---[ \t\r\f\v]*\r?\n")
#: A YAML document may expand to at most this many nodes (aliases counted each time used).
MAX_NODES = 100_000
#: Deeper nesting than this is refused (no real front matter comes close).
MAX_DEPTH = 200
#: Front matter larger than this is not read (real front matter is a few hundred bytes).
MAX_FRONT_MATTER_BYTES = 1_000_000


class SourceError(Exception):
    """A file's bytes or front matter cannot be read. ``line``/``column`` are 1-based, of the file."""

    def __init__(
        self, rule: str, message: str, line: int = 1, column: int = 1, hint: str | None = None
    ):
        super().__init__(message)
        self.rule = rule
        self.message = message
        self.line = line
        self.column = column
        self.hint = hint


@dataclass(frozen=True, slots=True)
class Split:
    """Where the front matter sits in a post's text (``None`` fields when it has none)."""

    has_front_matter: bool
    yaml_text: str  # the YAML between the delimiters ("" when none)
    yaml_line: int  # 1-based line of the file where the YAML text starts
    body: str  # everything after the closing delimiter (the whole text when none)
    body_line: int  # 1-based line of the file where the body starts
    closer: str  # "---", "..." or "" (none)


def decode(data: bytes) -> tuple[str, bool]:
    """Bytes -> (text, had_bom). Raises SourceError for binary or non-UTF-8 data."""
    for bom, name in _OTHER_BOMS:
        if data.startswith(bom):
            raise SourceError(
                "encoding",
                f"{name} text (byte-order mark at offset 0); Jekyll reads only UTF-8",
                1,
                1,
                f"save the file as UTF-8 (e.g. iconv -f {name} -t utf-8)",
            )
    offset = data.find(b"\x00")
    if offset >= 0:  # anywhere in the file: Jekyll would read it as text and write garbage
        raise SourceError("encoding", f"binary file (NUL byte at offset {offset}), not a text post")
    had_bom = data.startswith(b"\xef\xbb\xbf")
    if had_bom:
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        start = exc.start + (3 if had_bom else 0)
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise SourceError(
            "encoding",
            f"not valid UTF-8: byte 0x{data[exc.start]:02x} at offset {start}",
            line,
            col,
            "save the file as UTF-8 (e.g. iconv -f latin1 -t utf-8)",
        ) from None
    return text, had_bom


def split(text: str) -> Split:
    """Find the front matter exactly as Jekyll does. ``text`` has no BOM."""
    m = FRONT_MATTER_RE.match(text)
    if not m:
        return Split(False, "", 1, text, 1, "")
    head = m.group(1)
    opener_end = head.index("\n") + 1
    yaml_text = head[opener_end:]
    body = text[m.end() :]
    body_line = text.count("\n", 0, m.end()) + 1
    return Split(True, yaml_text, 2, body, body_line, m.group(3))


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


class _Lines:
    """Maps a character index of the YAML text to a 1-based (line, column) of the file.

    Only ``\n`` ends a line (as in Jekyll and in editors); PyYAML's own line numbers also
    count ``\r``, NEL and U+2028, so the mark's index is used instead of its line.
    """

    __slots__ = ("_plain", "_starts", "offset", "text")

    def __init__(self, text: str, line_offset: int):
        self.text = text
        self.offset = line_offset
        self._starts: list[int] | None = None
        # no other line breaks than \n: the mark's own line/column can be trusted (fast path)
        self._plain = not any(ch in text for ch in "\r\x85\u2028\u2029")

    def position(self, index: int) -> tuple[int, int]:
        if self._starts is None:
            starts = [0]
            find = self.text.find
            i = find("\n")
            while i >= 0:
                starts.append(i + 1)
                i = find("\n", i + 1)
            self._starts = starts
        index = max(0, min(index, len(self.text)))
        row = bisect_right(self._starts, index) - 1
        return self.offset + row, index - self._starts[row] + 1

    def line_text(self, index: int) -> str:
        index = max(0, min(index, len(self.text)))
        start = self.text.rfind("\n", 0, index) + 1
        end = self.text.find("\n", index)
        return self.text[start : end if end >= 0 else len(self.text)].rstrip("\r")

    def mark(self, mark: Any) -> tuple[int, int]:
        if mark is None or getattr(mark, "index", None) is None:
            return self.offset, 1
        if self._plain:
            return self.offset + mark.line, mark.column + 1
        return self.position(mark.index)


#: libyaml/PyYAML messages -> (plain words, hint, report at the context mark (where it opened)).
_PLAIN: list[tuple[str, str, str, str | None, bool]] = [
    # (substring of problem, substring of context, message, hint, use context mark)
    (
        "expected ',' or ']'",
        "flow sequence",
        "unclosed flow sequence",
        "close the list with ']' (or quote the value)",
        True,
    ),
    (
        "expected ',' or '}'",
        "flow mapping",
        "unclosed flow mapping",
        "close the mapping with '}' (or quote the value)",
        True,
    ),
    ("end of stream", "quoted scalar", "unclosed quoted string", "add the closing quote", True),
    (
        "hexdecimal number",
        "quoted scalar",
        "invalid escape (\\x, \\u) in a double-quoted string",
        "use single quotes, or write a backslash as \\\\",
        False,
    ),
    (
        "unknown escape",
        "quoted scalar",
        "unknown escape in a double-quoted string",
        "use single quotes, or write a backslash as \\\\",
        False,
    ),
    (
        "mapping values are not allowed",
        "",
        "a ': ' inside a value that is not quoted",
        'put the value in quotes, e.g. title: "A: B"',
        False,
    ),
    (
        "could not find expected ':'",
        "simple key",
        "a line that is not 'key: value' (missing ':')",
        "write 'key: value', or indent the line to continue the value above",
        False,
    ),
    (
        "did not find expected key",
        "block mapping",
        "this line does not line up with the keys above",
        "indent every key of the same level by the same number of spaces",
        False,
    ),
    (
        "did not find expected '-' indicator",
        "block collection",
        "a list item that does not line up with the items above",
        "indent every '- item' of a list by the same number of spaces",
        False,
    ),
    (
        "found undefined alias",
        "",
        "an alias (*name) with no matching anchor (&name)",
        "define the anchor first, or write the value out",
        False,
    ),
    (
        "found character that cannot start any token",
        "",
        "a value cannot start with this character",
        "put the value in quotes",
        False,
    ),
    (
        "block sequence entries are not allowed",
        "",
        "a list item ('- ') where a value was expected",
        "put the list on the next lines, indented, or use [a, b]",
        False,
    ),
]


def _plain_message(problem: str, context: str) -> tuple[str, str | None, bool]:
    for needle, ctx, message, hint, at_context in _PLAIN:
        if needle in problem and ctx in context:
            return message, hint, at_context
    words = problem + (f" ({context})" if context else "")
    return words, None, False


def _raise_parse_error(exc: yaml.MarkedYAMLError, lines: _Lines) -> None:
    problem = (exc.problem or "").strip()
    context = (exc.context or "").strip()
    mark = exc.problem_mark or exc.context_mark
    index = getattr(mark, "index", 0) or 0
    bad = lines.line_text(index)
    at_tab = index < len(lines.text) and lines.text[index] == "\t"
    leading = bad[: len(bad) - len(bad.lstrip(" \t"))]
    if at_tab or "\t" in leading or "tab" in problem:
        tab_index = index
        if not at_tab and "\t" in leading:
            tab_index = lines.text.rfind("\n", 0, index) + 1 + leading.index("\t")
        line, col = lines.position(tab_index)
        raise SourceError(
            "yaml-tab",
            "a tab is used for indentation; YAML allows only spaces",
            line,
            col,
            "replace the tab with spaces",
        )
    if "maximum nesting depth" in problem:  # libyaml's own limit (a few thousand levels)
        line, col = lines.mark(mark)
        raise SourceError(
            "yaml-nesting",
            "front matter nested more than 1,000 levels deep (the most libyaml reads): not read",
            line,
            col,
            "flatten the front matter",
        )
    message, hint, at_context = _plain_message(problem, context)
    if at_context and exc.context_mark is not None:
        mark = exc.context_mark
    line, col = lines.mark(mark)
    raise SourceError("yaml-syntax", f"could not parse YAML: {message}", line, col, hint)


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
            keys = {
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
        keys: dict[str, KeyPosition] = {}
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


class JekyllYAMLHandler(YAMLHandler):
    """python-frontmatter handler with Jekyll's exact delimiters and our bounded safe loader."""

    FM_BOUNDARY = re.compile(r"^(?:---|\.\.\.)[ \t\r\f\v]*$", re.MULTILINE)
    START_DELIMITER = "---"

    def detect(self, text: str) -> bool:
        return bool(OPENING_RE.match(text))

    def split(self, text: str) -> tuple[str, str]:
        s = split(text)
        return s.yaml_text, s.body

    def load(self, fm: str, **kwargs: object) -> Any:
        return load_yaml(fm)


HANDLER = JekyllYAMLHandler()


def parse_text(text: str) -> tuple[Split, dict[str, Any]]:
    """Split a post's text and load its metadata. Raises SourceError for unreadable front matter.

    Metadata that is not a mapping (a bare string or list) raises SourceError("front-matter-not-mapping").
    """
    s = split(text)
    if not s.has_front_matter:
        return s, {}
    data = load_yaml(s.yaml_text, s.yaml_line)
    if data is None:
        return s, {}
    if not isinstance(data, dict):
        raise SourceError(
            "front-matter-not-mapping",
            f"front matter is a {type(data).__name__}, not a list of key: value pairs",
            s.yaml_line,
            1,
            "write one 'key: value' per line",
        )
    return s, {str(k): v for k, v in data.items()}


def load_metadata_and_body(text: str) -> tuple[dict[str, Any], str]:
    """python-frontmatter's split (Jekyll delimiters, safe loader): (metadata, body)."""
    if not HANDLER.detect(text):
        return {}, text
    post = frontmatter.loads(text, handler=HANDLER)
    return dict(post.metadata), post.content

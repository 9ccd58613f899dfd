"""Reading a post file's bytes: decoding, front-matter split and a safe, bounded YAML load.

Jekyll's rules (jekyll/document.rb): a file has front matter when its text (read as
``bom|utf-8``) matches ``\\A(---\\s*\\n.*?\\n?)^((---|\\.\\.\\.)\\s*$\\n?)`` — the very first
line is ``---`` (trailing blanks allowed, CRLF allowed), closed by ``---`` or ``...``.
A blank line before the opening ``---`` means there is no front matter at all.

python-frontmatter does the metadata/body split (with our Jekyll-exact delimiter and a safe,
bounded YAML loader); this module only finds *where* the front matter is, so that every
problem can be reported with the line and column of the file, and so that the index can read
just the head of a file. Nothing here writes files and nothing here executes anything found
in a file: YAML tags outside the safe schema are refused, alias expansion is bounded.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import frontmatter
import yaml
from frontmatter.default_handlers import YAMLHandler

try:  # the C loader is ~10x faster; the pure-Python one behaves the same
    from yaml import CSafeLoader as _BaseSafeLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _BaseSafeLoader  # type: ignore[assignment]

BOM = "\ufeff"
#: Jekyll's own regular expression (Document::YAML_FRONT_MATTER_REGEXP), Python flavour.
FRONT_MATTER_RE = re.compile(r"\A(---\s*\n.*?\n?)^((---|\.\.\.)\s*$\n?)", re.M | re.S)
OPENING_RE = re.compile(r"\A---[ \t\r\f\v]*\r?\n")
#: A YAML document may expand to at most this many nodes (aliases counted each time used).
MAX_NODES = 100_000
#: Front matter larger than this is not read (real front matter is a few hundred bytes).
MAX_FRONT_MATTER_BYTES = 1_000_000


class SourceError(Exception):
    """A file's bytes or front matter cannot be read. ``line``/``column`` are 1-based, of the file."""

    def __init__(self, rule: str, message: str, line: int = 1, column: int = 1, hint: str | None = None):
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
    if b"\x00" in data[:8192]:
        offset = data.index(b"\x00")
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
    """Safe loader that refuses documents expanding to more than MAX_NODES nodes."""


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
            value = base + datetime.timedelta(days=int(d) - 1, hours=int(hh), minutes=int(mi), seconds=int(ss))
        except (ValueError, OverflowError):
            return text
        if int(d) > 31 or int(hh) > 24 or int(mi) > 59 or int(ss) > 60:
            return text
        if frac:
            value = value.replace(microsecond=int((frac + "000000")[:6]))
        if zone == "Z":
            return value.replace(tzinfo=datetime.timezone.utc)
        if sign:
            delta = datetime.timedelta(hours=int(zh), minutes=int(zm or 0))
            return value.replace(tzinfo=datetime.timezone(-delta if sign == "-" else delta))
        return value


_BoundedLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)


def _expanded_size(node: yaml.Node, memo: dict[int, int], depth: int = 0) -> int:
    key = id(node)
    if key in memo:
        return memo[key]
    if depth > 200:
        raise SourceError("yaml-nesting", "front matter nested more than 200 levels deep")
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


def _mark_position(mark: Any, line_offset: int) -> tuple[int, int]:
    if mark is None:
        return line_offset, 1
    return mark.line + line_offset, mark.column + 1


def load_yaml(yaml_text: str, line_offset: int = 2) -> Any:
    """Parse front-matter YAML safely. ``line_offset`` is the file line of the YAML's first line.

    Raises SourceError with file line/column for syntax errors, unsafe tags and alias bombs.
    """
    if len(yaml_text) > MAX_FRONT_MATTER_BYTES:
        raise SourceError("yaml-size", f"front matter is larger than {MAX_FRONT_MATTER_BYTES} bytes")
    loader = _BoundedLoader(yaml_text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        if _expanded_size(node, {}) > MAX_NODES:
            line, col = _mark_position(node.start_mark, line_offset)
            raise SourceError(
                "yaml-alias-bomb",
                f"front matter expands to more than {MAX_NODES} values through aliases (a 'billion laughs' file)",
                line,
                col,
                "remove the anchors (&name) and aliases (*name)",
            )
        return loader.construct_document(node)
    except yaml.constructor.ConstructorError as exc:
        line, col = _mark_position(exc.problem_mark, line_offset)
        tag = getattr(exc.problem_mark, "name", "")
        problem = exc.problem or "unsupported value"
        m = re.search(r"tag '([^']+)'", problem)
        if m:
            raise SourceError(
                "yaml-unsafe-tag",
                f"YAML tag {m.group(1)} is not allowed (only plain YAML values are read)",
                line,
                col,
                "remove the tag, e.g. write the value as a plain string",
            ) from None
        raise SourceError("yaml-syntax", f"could not read YAML: {problem}", line, col) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = _mark_position(mark, line_offset)
        problem = (exc.problem or exc.context or "invalid YAML").strip()
        hint = None
        bad_line = yaml_text.splitlines()[mark.line] if mark is not None and mark.line < len(yaml_text.splitlines()) else ""
        if "\t" in bad_line[: len(bad_line) - len(bad_line.lstrip())] or "found character '\\t'" in problem:
            raise SourceError(
                "yaml-tab",
                "a tab is used for indentation; YAML allows only spaces",
                line,
                col,
                "replace the tab with spaces",
            ) from None
        raise SourceError("yaml-syntax", f"could not parse YAML: {problem}", line, col, hint) from None
    except yaml.YAMLError as exc:  # reader errors (control characters) and the like
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "mark", None)
        line, col = _mark_position(mark, line_offset)
        raise SourceError("yaml-syntax", f"could not read YAML: {exc}", line, col) from None
    except RecursionError:
        raise SourceError("yaml-nesting", "front matter is nested too deeply") from None
    finally:
        loader.dispose()


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


_OPEN_BYTES_RE = re.compile(rb"\A(?:\xef\xbb\xbf)?---[ \t\r\f\v]*\n")
_CLOSE_BYTES_RE = re.compile(rb"^(?:---|\.\.\.)[ \t\r\f\v]*(?:\n|\Z)", re.M)


def read_head(path: Path, limit: int = MAX_FRONT_MATTER_BYTES, chunk: int = 8192) -> tuple[bytes, bool]:
    """Read the bytes of a file up to the end of its front matter (not the body).

    Returns (bytes, complete): ``complete`` is False when the file has no front matter or it is
    never closed within ``limit`` bytes. Raises SourceError for a binary file (a NUL byte in the
    first ``chunk`` bytes).
    """
    with open(path, "rb") as f:
        data = f.read(chunk)
        if b"\x00" in data:
            offset = data.index(b"\x00")
            raise SourceError("encoding", f"binary file (NUL byte at offset {offset}), not a text post")
        m = _OPEN_BYTES_RE.match(data)
        if not m:
            return data, False
        pos = m.end()
        while True:
            close = _CLOSE_BYTES_RE.search(data, pos)
            if close:
                return data[: close.end()], True
            if len(data) >= limit:
                return data, False
            more = f.read(chunk * 4)
            if not more:
                return data, False
            # keep searching from the start of the last (possibly partial) line
            pos = max(m.end(), data.rfind(b"\n") + 1)
            data += more

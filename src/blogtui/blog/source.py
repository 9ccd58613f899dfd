"""Reading a post file's bytes: decoding, front-matter split and a safe, bounded YAML load.

Jekyll's rules (jekyll/document.rb): a file has front matter when its text (read as
``bom|utf-8``) matches ``\\A(---\\s*\\n.*?\\n?)^((---|\\.\\.\\.)\\s*$\\n?)`` — the very first
line is ``---`` (trailing blanks allowed, CRLF allowed), closed by ``---`` or ``...``.
A blank line before the opening ``---`` means there is no front matter at all.

A post is split and loaded through python-frontmatter's handler interface, with Jekyll's rules
(``JekyllFrontMatter`` in blog.source_handler, its extension point): the split is :func:`locate`,
the load the safe, bounded YAML loader of blog.yaml_load; both imported when first needed (the
first paint reads no YAML). The split also says *where* the front matter is, so
that every problem can be reported with the line and column of the file (the bytes come from
blog.postfile, the one bounded reader of post files). Nothing here writes files and nothing here
executes anything found in a file: YAML tags outside the safe schema are refused, alias
expansion is bounded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from blogtui.blog.errors import MAX_DEPTH as MAX_DEPTH
from blogtui.blog.errors import MAX_FRONT_MATTER_BYTES as MAX_FRONT_MATTER_BYTES
from blogtui.blog.errors import MAX_NODES as MAX_NODES
from blogtui.blog.errors import SourceError as SourceError

if TYPE_CHECKING:  # at run time these are imported when first asked for (__getattr__ below)
    from blogtui.blog.yaml_load import _SIMPLE as _SIMPLE
    from blogtui.blog.yaml_load import KeyPosition as KeyPosition
    from blogtui.blog.yaml_load import Loaded as Loaded
    from blogtui.blog.yaml_load import _BoundedLoader as _BoundedLoader
    from blogtui.blog.yaml_load import load_front_matter as load_front_matter
    from blogtui.blog.yaml_load import load_yaml as load_yaml

#: what blog.yaml_load gives, named from here too; YAML (and python-frontmatter) are imported
#: when first needed, not by whatever imports this module (the reader's first paint reads no YAML)
_FROM_YAML_LOAD = frozenset(
    ("_SIMPLE", "KeyPosition", "Loaded", "_BoundedLoader", "load_front_matter", "load_yaml")
)


def __getattr__(name: str) -> Any:
    if name in _FROM_YAML_LOAD:
        from blogtui.blog import yaml_load

        return getattr(yaml_load, name)
    if name in ("JekyllFrontMatter", "FRONT_MATTER"):
        from blogtui.blog import source_handler

        return getattr(source_handler, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


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


def locate(text: str) -> Split:
    """Where the front matter is, as Jekyll finds it. ``text`` has no BOM."""
    m = FRONT_MATTER_RE.match(text)
    if not m:
        return Split(False, "", 1, text, 1, "")
    head = m.group(1)
    opener_end = head.index("\n") + 1
    body_line = text.count("\n", 0, m.end()) + 1
    return Split(True, head[opener_end:], 2, text[m.end() :], body_line, m.group(3))


def split(text: str) -> Split:
    """Find the front matter exactly as Jekyll does (python-frontmatter's handler: ``locate``)."""
    from blogtui.blog.source_handler import FRONT_MATTER

    return FRONT_MATTER.locate(text)


def parse_text(text: str) -> tuple[Split, dict[str, Any]]:
    """Split a post's text and load its metadata. Raises SourceError for unreadable front matter.

    Metadata that is not a mapping (a bare string or list) raises SourceError("front-matter-not-mapping").
    """
    from blogtui.blog.source_handler import FRONT_MATTER

    s = FRONT_MATTER.locate(text)
    if not s.has_front_matter:
        return s, {}
    data = FRONT_MATTER.load(s.yaml_text, line=s.yaml_line)
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

"""The one output path of the commands for other people's text (titles, names, server answers).

Everything a command prints goes through :func:`out` / :func:`err` (or :func:`json_text`), so that
nothing from a post, a file name or a comment server reaches the terminal as a control sequence:

- prose (titles, categories, tags) is first made safe with :func:`blogtui.safe.one_line`, as in
  the TUI (escape sequences removed, one line);
- then every line is made *visible*: any control character left (C0 but tab, DEL, C1, line and
  paragraph separators, bidi overrides and isolates) is written as ``\\xNN`` / ``\\uNNNN``, and a
  byte of a file name that is not UTF-8 (a lone surrogate from the file system) as ``\\xNN``, so a
  name can still be told apart and found;
- JSON is written as JSON escapes them (``\\u009b``, ``\\udcff``), so it stays valid UTF-8 and
  carries no raw C1 byte.
"""

from __future__ import annotations

import json
import re
import sys
from typing import Any, TextIO

from blogtui.safe import one_line

_VISIBLE = re.compile(
    "[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def _escape(m: re.Match[str]) -> str:
    code = ord(m.group())
    if 0xDC80 <= code <= 0xDCFF:  # a byte the file system name was not UTF-8 for
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str) -> str:
    """``text`` with every control character and undecodable byte written out (tabs kept)."""
    return _VISIBLE.sub(_escape, text)


def prose(value: Any) -> str:
    """A title, a category, a tag: controls and escape sequences removed, on one line."""
    return one_line(str(value))


def out(line: str = "", stream: TextIO | None = None) -> None:
    """Print one line to stdout, made visible."""
    (stream or sys.stdout).write(visible(line) + "\n")


def err(line: str) -> None:
    """Print one line to stderr, made visible."""
    sys.stderr.write(visible(line) + "\n")


def json_text(value: Any) -> str:
    """JSON with the characters a terminal acts on (and lone surrogates) as ``\\uXXXX``."""
    text = json.dumps(value, ensure_ascii=False, indent=2)
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)

"""libyaml's and PyYAML's errors in plain words, at the line and column of the file."""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import Any

import yaml

from blogtui.blog.errors import SourceError


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


_CONFLICT_RE = re.compile(r"^(?:<{7}|={7}|>{7})(?: |$)", re.M)


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
    conflict = _CONFLICT_RE.search(lines.text)
    if conflict is not None:  # a merge left its markers: say so, not what YAML makes of them
        line, col = lines.position(conflict.start())
        raise SourceError(
            "yaml-syntax",
            "a merge conflict: the front matter still has conflict markers (<<<<<<< ======= >>>>>>>)",
            line,
            col,
            "keep one side of the conflict and delete the marker lines",
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

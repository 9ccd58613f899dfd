"""Line breaking by terminal cells: word wrap for prose, hard wrap for code.

Both return line start offsets (``array('I')``) into the text; a line runs to the next start, and
the renderer drops the trailing newline/spaces. Offsets instead of copied strings keep a laid-out
1.7 MB post within a few bytes per line.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Sequence

from rich.cells import get_character_cell_size, set_cell_size

from blogtui.safe import one_line

try:  # the uncached measure: Rich's cell_len keeps every string it measured (up to 4096)
    from rich.cells import _cell_len as _rich_cell_len

    def _measure(text: str) -> int:
        return _rich_cell_len(text, "auto")
except ImportError:  # pragma: no cover - older Rich
    from rich.cells import cell_len as _measure

__all__ = [
    "CONT_MARK",
    "cells",
    "code_breaks",
    "cont_indent",
    "first_that_fit",
    "hard_breaks",
    "split_cells",
    "wrap_breaks",
]


def cell_len(text: str) -> int:
    """Terminal cells of ``text``; ASCII fast path, and no cache that would keep our text alive."""
    return len(text) if text.isascii() else _measure(text)


cells = cell_len


def first_that_fit(labels: Sequence[str], width: int, *, prefix: str = "", sep: str = " ") -> str:
    """The first of ``labels`` (each on one line, ``prefix`` before it) joined by ``sep`` in at
    most ``width`` cells, with "+N more" for the ones left out (counted in the width). Looks at
    no more labels than fit: a header with 10,000 tags costs what its first line does. A first
    label too long to fit is cut with an ellipsis."""
    width = max(width, 12)
    shown: list[str] = []
    used = 0
    for i, label in enumerate(labels):
        piece = prefix + one_line(label[: width * 4])  # (a label is one line of a few cells)
        cost = cell_len(piece) + (len(sep) if shown else 0)
        rest = len(labels) - i - 1
        more = len(f"{sep}+{rest:,} more") if rest else 0
        if used + cost + more > width:
            if not shown:  # one label wider than the line: the start of it
                room = width - len(f"{sep}+{rest:,} more") if rest else width
                shown.append(set_cell_size(piece, max(room - 1, 1)) + "…")
            break
        shown.append(piece)
        used += cost
    left = len(labels) - len(shown)
    return sep.join(shown) + (f"{sep}+{left:,} more" if left else "")


_TOKEN = re.compile(r"\n|[^ \n]+ *| +")


def split_cells(text: str, width: int) -> list[int]:
    """Offsets (after the first) where ``text`` must be cut so no piece exceeds ``width`` cells."""
    width = max(1, width)
    if text.isascii():
        return list(range(width, len(text), width))
    cuts = []
    col = 0
    for i, ch in enumerate(text):
        w = get_character_cell_size(ch)
        if col + w > width and col > 0:
            cuts.append(i)
            col = 0
        col += w
    return cuts


_LINE_RES: dict[int, re.Pattern[str]] = {}


def _line_re(width: int) -> re.Pattern[str]:
    pattern = _LINE_RES.get(width)
    if pattern is None:
        # the longest run of at most `width` characters that ends before a space or the end,
        # else (a word longer than the line) exactly `width` characters; then the spaces after.
        pattern = re.compile(rf"(?:[^\n]{{1,{width}}}(?= |$)|[^\n]{{{width}}}) *")
        _LINE_RES[width] = pattern
    return pattern


def wrap_breaks(text: str, width: int) -> array:
    """Greedy word wrap of ``text`` (with ``\\n`` as hard breaks) at ``width`` cells."""
    width = max(1, width)
    breaks = array("I", [0])
    if len(text) <= width and "\n" not in text:
        return breaks
    ascii_text = text.isascii()
    if ascii_text and "\n" not in text and not text.startswith(" "):
        # fast path (C regex) for the common case: one ASCII paragraph
        starts = [m.start() for m in _line_re(width).finditer(text)]
        breaks.extend(starts[1:])
        return breaks
    col = 0
    for m in _TOKEN.finditer(text):
        tok = m.group()
        start = m.start()
        if tok == "\n":
            breaks.append(start + 1)
            col = 0
            continue
        word = tok.rstrip(" ")
        if not word:
            col += len(tok)
            continue
        ww = len(word) if ascii_text else cell_len(word)
        if col > 0 and col + ww > width:
            breaks.append(start)
            col = 0
        if ww > width:
            cuts = split_cells(word, width)
            breaks.extend(start + c for c in cuts)
            last = word[cuts[-1] :] if cuts else word
            col = len(last) if ascii_text else cell_len(last)
        else:
            col += ww
        col += len(tok) - len(word)
    return breaks


def hard_breaks(text: str, width: int) -> array:
    """Lines of preformatted ``text`` (code), each cut at ``width`` cells when longer."""
    width = max(1, width)
    breaks = array("I", [0])
    pos = 0
    n = len(text)
    ascii_text = text.isascii()
    while pos <= n:
        nl = text.find("\n", pos)
        end = n if nl < 0 else nl
        if end - pos > width or (not ascii_text and cell_len(text[pos:end]) > width):
            breaks.extend(pos + c for c in split_cells(text[pos:end], width))
        if nl < 0:
            break
        pos = nl + 1
        breaks.append(pos)
    return breaks


CONT_MARK = "↪ "
"""Drawn at the start of a code line's continuation (after the line's own indentation)."""
_CONT_CELLS = 2
_BREAK_AFTER = frozenset(" ,;)]}>")
_BREAK_BEFORE = frozenset(".([{=+-*/|&<")


def cont_indent(text: str, line_start: int, width: int) -> int:
    """Cells of indentation before the mark on a continuation of the line at ``line_start``:
    the line's own indentation, so wrapped code stays in its block, at most half the width."""
    n = len(text)
    i = line_start
    while i < n and text[i] == " ":
        i += 1
    return min(i - line_start, max(0, width // 2 - _CONT_CELLS))


def _cut(text: str, start: int, end: int, limit: int) -> int:
    """Where to end a piece of ``text[start:end]`` of at most ``limit`` cells: after its last
    space, else at punctuation in its last two thirds (not inside an identifier), else after
    exactly ``limit`` cells."""
    if text.isascii():
        hard = start + limit
    else:
        col, hard = 0, start
        while hard < end:
            w = get_character_cell_size(text[hard])
            if col + w > limit and hard > start:
                break
            col += w
            hard += 1
    if hard >= end:
        return end
    first = start
    while first < hard and text[first] == " ":
        first += 1
    for i in range(hard, first, -1):  # a space first: between words, arguments, operators
        if text[i - 1] == " " and text[i] != " ":
            return i
    lo = start + max(1, (hard - start) // 3)
    for i in range(hard, lo - 1, -1):
        if text[i] in _BREAK_BEFORE and text[i - 1] not in _BREAK_BEFORE:
            return i
        if text[i - 1] in _BREAK_AFTER:
            return i
    return hard


def code_breaks(text: str, width: int) -> array:
    """Lines of code: each long line is continued on rows that start with its indentation and
    ``CONT_MARK`` (see ``cont_indent``), cut between tokens where possible."""
    width = max(1, width)
    breaks = array("I", [0])
    pos = 0
    n = len(text)
    ascii_text = text.isascii()
    while pos <= n:
        nl = text.find("\n", pos)
        end = n if nl < 0 else nl
        if end - pos > width or (not ascii_text and cell_len(text[pos:end]) > width):
            rest = max(1, width - cont_indent(text, pos, width) - _CONT_CELLS)
            cut = _cut(text, pos, end, width)
            while True:
                breaks.append(cut)
                if (end - cut if ascii_text else cell_len(text[cut:end])) <= rest:
                    break
                cut = _cut(text, cut, end, rest)
        if nl < 0:
            break
        pos = nl + 1
        breaks.append(pos)
    return breaks

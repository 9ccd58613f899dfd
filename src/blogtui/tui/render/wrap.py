"""Line breaking by terminal cells: word wrap for prose, hard wrap for code.

Both return line start offsets (``array('I')``) into the text; a line runs to the next start, and
the renderer drops the trailing newline/spaces. Offsets instead of copied strings keep a laid-out
1.7 MB post within a few bytes per line.
"""

from __future__ import annotations

import re
from array import array

from rich.cells import get_character_cell_size

try:  # the uncached measure: Rich's cell_len keeps every string it measured (up to 4096)
    from rich.cells import _cell_len as _rich_cell_len

    def _measure(text: str) -> int:
        return _rich_cell_len(text, "auto")
except ImportError:  # pragma: no cover - older Rich
    from rich.cells import cell_len as _measure

__all__ = ["cells", "hard_breaks", "split_cells", "wrap_breaks"]


def cell_len(text: str) -> int:
    """Terminal cells of ``text``; ASCII fast path, and no cache that would keep our text alive."""
    return len(text) if text.isascii() else _measure(text)


cells = cell_len

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
            last = word[cuts[-1]:] if cuts else word
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

"""Blocks: the width-independent unit of layout, and how each becomes lines for a width.

A ``Block`` is one leaf of the document (paragraph, heading, code block, table, rule, ...) as plain
text plus style runs (flat ``array('I')`` of start, end, style id — non-overlapping, sorted) and
links (start, end, href). ``wrap(width)`` computes its line starts; the renderer slices the text.
Prefixes (block-quote bars, list bullets and indentation) are shared tuples of (text, style id).
"""

from __future__ import annotations

from array import array
from collections import OrderedDict
from typing import TypeAlias


from blogtui.tui.render.styles import STYLES
from blogtui.tui.render.wrap import cell_len, hard_breaks, wrap_breaks

__all__ = ["Block", "Cell", "Frag", "Prefix", "RuleBlock", "TableBlock", "WRAP", "PRE"]

Frag: TypeAlias = tuple[str, int]
Prefix: TypeAlias = tuple[Frag, ...]
Link: TypeAlias = tuple[int, int, str]

WRAP = 0
PRE = 1

_EMPTY_BREAKS = array("I", [0])


def compact(runs: array | None) -> array | None:
    """An exactly-sized copy of a run/offset array, 16-bit when every value fits (memory)."""
    if not runs:
        return None
    code = "H" if max(runs) < 65536 else "I"
    return array(code, runs)


def pack_links(links: list[Link] | None) -> tuple | None:
    """Links as one flat tuple (start, end, href, start, end, href, ...): one object a block."""
    if not links:
        return None
    return tuple(x for link in links for x in link)


def iter_links(packed: tuple | None):  # type: ignore[no-untyped-def]
    """(start, end, href) triples of a packed link tuple."""
    if packed:
        for i in range(0, len(packed), 3):
            yield packed[i], packed[i + 1], packed[i + 2]


def prefix_width(prefix: Prefix) -> int:
    return sum(cell_len(text) for text, _ in prefix)


class Block:
    """One laid-out leaf block; see the module docstring."""

    __slots__ = (
        "text", "runs", "links", "prefixes", "gap", "mode", "fill", "lang", "anchor",
        "breaks", "width",
    )

    def __init__(
        self,
        text: str,
        runs: array | None = None,
        links: tuple | None = None,
        *,
        first: Prefix = (),
        rest: Prefix = (),
        gap: int = 0,
        mode: int = WRAP,
        fill: int = 0,
        lang: str | None = None,
        anchor: str | None = None,
    ) -> None:
        self.text = text
        self.runs = runs
        self.links = links
        self.prefixes: tuple[Prefix, Prefix, Prefix] = (first, rest, ())
        self.gap = gap
        self.mode = mode
        self.fill = fill
        self.lang = lang
        self.anchor = anchor
        self.breaks = _EMPTY_BREAKS
        self.width = -1

    @property
    def first(self) -> Prefix:
        """Prefix of the first line (a bullet, a footnote number...)."""
        return self.prefixes[0]

    @property
    def rest(self) -> Prefix:
        """Prefix of the other lines (indentation, quote bars)."""
        return self.prefixes[1]

    @property
    def gap_prefix(self) -> Prefix:
        """Prefix of the blank line before the block (the containers it shares with the one before)."""
        return self.prefixes[2]

    def wrap(self, width: int) -> int:
        """Break into lines for a view ``width`` cells wide; returns the number of rows."""
        if width != self.width:
            avail = max(1, width - prefix_width(self.rest or self.first))
            if self.mode == WRAP:
                breaks = wrap_breaks(self.text, avail)
            else:
                breaks = hard_breaks(self.text, avail)
            self.breaks = _EMPTY_BREAKS if len(breaks) == 1 else compact(breaks)
            self.width = width
        return self.gap + len(self.breaks)

    @property
    def rows(self) -> int:
        return self.gap + len(self.breaks)

    def span(self, line: int) -> tuple[int, int]:
        """Text offsets of content line ``line`` (0-based, not counting the gap)."""
        breaks = self.breaks
        start = breaks[line]
        end = breaks[line + 1] if line + 1 < len(breaks) else len(self.text)
        text = self.text
        while end > start and text[end - 1] in "\n ":
            if self.mode == PRE and text[end - 1] == " ":
                break
            end -= 1
        return start, end

    def line_of(self, offset: int) -> int:
        """Content line (not counting the gap) that holds text ``offset``."""
        from bisect import bisect_right

        return max(0, bisect_right(self.breaks, offset) - 1)


class RuleBlock(Block):
    """A horizontal rule as wide as the view."""

    __slots__ = ()

    def wrap(self, width: int) -> int:
        if width != self.width:
            avail = max(1, width - prefix_width(self.rest or self.first))
            self.text = "─" * avail
            self.runs = array("I", [0, avail, STYLES.id(("hr",))])
            self.breaks = _EMPTY_BREAKS
            self.width = width
        return self.gap + 1


Cell: TypeAlias = "str | tuple[str, array | None, tuple | None]"


def _cell(cell: Cell) -> tuple[str, array | None, tuple | None]:
    return (cell, None, None) if isinstance(cell, str) else cell


_DRAWN: OrderedDict[int, tuple[int, str, array | None, tuple | None, Block, array]] = OrderedDict()
_DRAWN_MAX = 32


class TableBlock(Block):
    """A table drawn with box characters; columns shrink and cells wrap when the view is narrow.

    Only the cells and the line starts are kept: the drawn text (mostly padding) is made again
    when needed and a few recent drawings are cached, so big posts with many tables stay small.
    """

    __slots__ = ("cells", "aligns", "header_rows", "nlines")

    def __init__(self, cells: list[tuple[Cell, ...]], aligns: list[str], header_rows: int, **kw) -> None:
        super().__init__("", mode=PRE, **kw)
        self.cells = cells
        self.aligns = aligns
        self.header_rows = header_rows
        self.nlines = 1

    def _avail(self) -> int:
        return max(1, self.width - prefix_width(self.rest or self.first)) if self.width > 0 else 80

    def _drawing(self) -> tuple[int, str, array | None, tuple | None, Block, array]:
        key = id(self)
        drawn = _DRAWN.get(key)
        if drawn is None or drawn[4] is not self or drawn[0] != self.width:
            text, runs, links = self._draw(self._avail())
            breaks = compact(hard_breaks(text, 10**9)) or _EMPTY_BREAKS
            drawn = (self.width, text, runs, links, self, breaks)
            _DRAWN[key] = drawn
            while len(_DRAWN) > _DRAWN_MAX:
                _DRAWN.popitem(last=False)
        else:
            _DRAWN.move_to_end(key)
        return drawn

    text = property(lambda self: self._drawing()[1], lambda self, value: None)  # type: ignore[assignment]
    runs = property(lambda self: self._drawing()[2], lambda self, value: None)  # type: ignore[assignment]
    links = property(lambda self: self._drawing()[3], lambda self, value: None)  # type: ignore[assignment]
    breaks = property(lambda self: self._drawing()[5], lambda self, value: None)  # type: ignore[assignment]

    @property
    def rows(self) -> int:
        return self.gap + self.nlines

    def wrap(self, width: int) -> int:
        """Count the lines for ``width`` without drawing (drawing happens when shown)."""
        if width != self.width:
            self.width = width
            widths = self._widths(self._avail())
            count = 2 + (1 if self.header_rows else 0)
            for row in self.cells:
                height = 1
                for i, w in enumerate(widths):
                    if i < len(row):
                        text = _cell(row[i])[0]
                        if cell_len(text) > w:
                            height = max(height, len(wrap_breaks(text, w)))
                count += height
            self.nlines = count
        return self.gap + self.nlines

    def _widths(self, avail: int) -> list[int]:
        ncols = max((len(r) for r in self.cells), default=0)
        natural = [1] * ncols
        for row in self.cells:
            for i, cell in enumerate(row):
                natural[i] = max(natural[i], cell_len(_cell(cell)[0]))
        room = avail - (3 * ncols + 1)
        widths = list(natural)
        excess = sum(widths) - room
        while excess > 0:
            big = max(widths)
            if big <= 6:
                break
            widths[widths.index(big)] -= 1
            excess -= 1
        return widths

    def _draw(self, avail: int) -> tuple[str, array | None, tuple | None]:
        widths = self._widths(avail)
        border = STYLES.id(("table_border",))
        parts: list[str] = []
        runs = array("I")
        links: list[Link] = []
        pos = 0

        def put(text: str, sid: int = 0) -> None:
            nonlocal pos
            if sid and text:
                runs.extend((pos, pos + len(text), sid))
            parts.append(text)
            pos += len(text)

        def rule(left: str, mid: str, right: str) -> None:
            put(left + mid.join("─" * (w + 2) for w in widths) + right + "\n", border)

        rule("┌", "┬", "┐")
        for r, row in enumerate(self.cells):
            header = r < self.header_rows
            wrapped = []
            for i, w in enumerate(widths):
                text, cruns, clinks = _cell(row[i]) if i < len(row) else ("", None, None)
                wrapped.append((text, cruns, clinks, wrap_breaks(text, w)))
            height = max(len(b) for *_, b in wrapped)
            for line in range(height):
                put("│", border)
                for i, (text, cruns, clinks, brk) in enumerate(wrapped):
                    w = widths[i]
                    if line < len(brk):
                        s = brk[line]
                        e = brk[line + 1] if line + 1 < len(brk) else len(text)
                        while e > s and text[e - 1] in " \n":
                            e -= 1
                    else:
                        s = e = 0
                    piece = text[s:e]
                    pad = max(0, w - cell_len(piece))
                    align = self.aligns[i] if i < len(self.aligns) else ""
                    left = pad // 2 if align == "center" else pad if align == "right" else 0
                    put(" " + " " * left)
                    base = pos
                    hsid = STYLES.id(("table_header",)) if header else 0
                    if hsid and piece:
                        runs.extend((base, base + len(piece), hsid))
                    if cruns and not header:
                        for k in range(0, len(cruns), 3):
                            a, b, sid = max(cruns[k], s), min(cruns[k + 1], e), cruns[k + 2]
                            if a < b:
                                runs.extend((base + a - s, base + b - s, sid))
                    if clinks:
                        for a, b, href in iter_links(clinks):
                            a, b = max(a, s), min(b, e)
                            if a < b:
                                links.append((base + a - s, base + b - s, href))
                    put(piece)
                    put(" " * (pad - left) + " ")
                    put("│", border)
                put("\n")
            if header and r == self.header_rows - 1:
                rule("├", "┼", "┤")
        rule("└", "┴", "┘")
        return "".join(parts).rstrip("\n"), compact(runs), pack_links(links)

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
from blogtui.tui.render.wrap import (
    CONT_MARK,
    cell_len,
    code_breaks,
    cont_indent,
    hard_breaks,
    wrap_breaks,
)

__all__ = ["PRE", "WRAP", "Block", "Cell", "Frag", "Prefix", "RuleBlock", "TableBlock"]

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
        "anchor",
        "breaks",
        "fill",
        "gap",
        "lang",
        "links",
        "mode",
        "prefixes",
        "runs",
        "text",
        "width",
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
                breaks = code_breaks(self.text, avail)
            self.breaks = (compact(breaks) if len(breaks) > 1 else None) or _EMPTY_BREAKS
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

    def continuation(self, line: int) -> str:
        """The indentation and mark drawn before content line ``line`` when it continues a code
        line too long for the view (``""`` otherwise); ``code_breaks`` left room for it."""
        if self.mode != PRE or line == 0:
            return ""
        start = self.breaks[line]
        text = self.text
        if not start or text[start - 1] == "\n":
            return ""
        avail = max(1, self.width - prefix_width(self.rest or self.first))
        return " " * cont_indent(text, text.rfind("\n", 0, start) + 1, avail) + CONT_MARK

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
WORD_CAP = 24
"""A word longer than this (a URL, a long identifier) may be cut to keep a table a grid."""


class TableBlock(Block):
    """A table drawn with box characters; columns shrink and cells wrap when the view is narrow.

    Only the cells and the line starts are kept: the drawn text (mostly padding) is made again
    when needed and a few recent drawings are cached, so big posts with many tables stay small.
    """

    __slots__ = ("aligns", "cells", "header_rows", "nlines")

    def __init__(
        self, cells: list[tuple[Cell, ...]], aligns: list[str], header_rows: int, **kw
    ) -> None:
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
            avail = self._avail()
            widths = self._widths(avail)
            if widths is None:
                self.nlines = max(
                    1,
                    sum(len(wrap_breaks(text, w)) for *_, text, _c, _l, w in self._records(avail)),
                )
                return self.gap + self.nlines
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

    def _widths(self, avail: int) -> list[int] | None:
        """Column widths for a grid that fits ``avail`` cells without cutting a word (words are
        capped at ``WORD_CAP`` cells: a long URL may be cut), or None: draw records instead."""
        ncols = max((len(r) for r in self.cells), default=0)
        natural = [1] * ncols
        least = [1] * ncols
        for row in self.cells:
            for i, cell in enumerate(row):
                text = _cell(cell)[0]
                natural[i] = max(natural[i], cell_len(text))
                if least[i] < WORD_CAP:
                    longest = max((cell_len(word) for word in text.split()), default=1)
                    least[i] = max(least[i], min(WORD_CAP, longest))
        room = avail - (3 * ncols + 1)
        if sum(natural) <= room:
            return natural
        if sum(least) > room:
            return None
        # share the room beyond the least widths in proportion to what each column still wants
        widths = list(least)
        spare = room - sum(least)
        want = [n - m for n, m in zip(natural, least)]
        total = sum(want)
        for i in range(ncols):
            give = spare * want[i] // total if total else 0
            widths[i] += give
        left = room - sum(widths)
        order = sorted(range(ncols), key=lambda k: natural[k] - widths[k], reverse=True)
        for k in order[:left]:
            if widths[k] < natural[k]:
                widths[k] += 1
        return widths

    def _records(
        self, avail: int
    ) -> list[tuple[int, int, str, str, array | None, tuple | None, int]]:
        """A table too wide for the view as records, one per body row: the first cell as a title,
        then ``Header: value`` lines. Each entry: (indent, hang, label, text, runs, links, wrap
        width); the value wraps at the width and its later lines start at ``hang`` cells."""
        labels = [_cell(c)[0] for c in self.cells[0]] if self.header_rows else []
        out = []
        for row in self.cells[self.header_rows :]:
            for i, cell in enumerate(row):
                text, cruns, clinks = _cell(cell)
                if i == 0:
                    if not text:  # every record needs a title, or its fields join the one before
                        text, cruns, clinks = "—", None, None
                    out.append((0, 0, "", text, cruns, clinks, avail))
                    continue
                if not text:
                    continue
                label = labels[i] + ": " if i < len(labels) and labels[i] else ""
                hang = 2 + cell_len(label)
                if hang > max(2, avail * 2 // 3):  # a long header: on its own line, the value below
                    out.append((2, 2, "", label.rstrip(), None, None, max(1, avail - 2)))
                    out.append((4, 4, "", text, cruns, clinks, max(1, avail - 4)))
                    continue
                out.append((2, hang, label, text, cruns, clinks, max(1, avail - hang)))
        return out

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

        def put_cell(
            text: str, cruns: array | None, clinks: tuple | None, s: int, e: int, header: bool
        ) -> None:
            """``text[s:e]`` with its own styles and links (a header only gets the header style)."""
            piece = text[s:e]
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

        if widths is None:
            for indent, hang, label, text, cruns, clinks, w in self._records(avail):
                brk = wrap_breaks(text, w)
                for line in range(len(brk)):
                    s = brk[line]
                    e = brk[line + 1] if line + 1 < len(brk) else len(text)
                    while e > s and text[e - 1] in " \n":
                        e -= 1
                    if line == 0:
                        put(" " * indent)
                        put(label, border)
                    else:
                        put(" " * hang)
                    put_cell(text, cruns, clinks, s, e, header=not indent)
                    put("\n")
            return "".join(parts).rstrip("\n"), compact(runs), pack_links(links)

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
                    put_cell(text, cruns, clinks, s, e, header)
                    put(" " * (pad - left) + " ")
                    put("│", border)
                put("\n")
            if header and r == self.header_rows - 1:
                rule("├", "┼", "┤")
        rule("└", "┴", "┘")
        return "".join(parts).rstrip("\n"), compact(runs), pack_links(links)

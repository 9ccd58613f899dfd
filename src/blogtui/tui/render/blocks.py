"""Blocks: the width-independent unit of layout, and how each becomes lines for a width.

A ``Block`` is one leaf of the document (paragraph, heading, code block, table, rule, ...) as plain
text plus style runs (flat ``array('I')`` of start, end, style id — non-overlapping, sorted) and
links (start, end, href). ``wrap(width)`` computes its line starts; the renderer slices the text.
Prefixes (block-quote bars, list bullets and indentation) are shared tuples of (text, style id).
"""

from __future__ import annotations

from array import array
from typing import TypeAlias

from rich.cells import cell_len

from blogtui.tui.render.styles import STYLES
from blogtui.tui.render.wrap import hard_breaks, wrap_breaks

__all__ = ["Block", "Cell", "Frag", "Prefix", "RuleBlock", "TableBlock", "WRAP", "PRE"]

Frag: TypeAlias = tuple[str, int]
Prefix: TypeAlias = tuple[Frag, ...]
Link: TypeAlias = tuple[int, int, str]

WRAP = 0
PRE = 1

_EMPTY_BREAKS = array("I", [0])


def prefix_width(prefix: Prefix) -> int:
    return sum(cell_len(text) for text, _ in prefix)


class Block:
    """One laid-out leaf block; see the module docstring."""

    __slots__ = (
        "text", "runs", "links", "first", "rest", "gap", "mode", "fill", "lang", "anchor",
        "breaks", "width", "gap_prefix",
    )

    def __init__(
        self,
        text: str,
        runs: array | None = None,
        links: list[Link] | None = None,
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
        self.first = first
        self.rest = rest
        self.gap = gap
        self.mode = mode
        self.fill = fill
        self.lang = lang
        self.anchor = anchor
        self.breaks = _EMPTY_BREAKS
        self.width = -1
        self.gap_prefix: Prefix = ()

    def wrap(self, width: int) -> int:
        """Break into lines for a view ``width`` cells wide; returns the number of rows."""
        if width != self.width:
            avail = max(1, width - prefix_width(self.rest or self.first))
            if self.mode == WRAP:
                self.breaks = wrap_breaks(self.text, avail)
            else:
                self.breaks = hard_breaks(self.text, avail)
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


Cell: TypeAlias = tuple[str, array | None, list[Link] | None]


class TableBlock(Block):
    """A table drawn with box characters; columns shrink and cells wrap when the view is narrow."""

    __slots__ = ("cells", "aligns", "header_rows")

    def __init__(self, cells: list[list[Cell]], aligns: list[str], header_rows: int, **kw) -> None:
        super().__init__("", mode=PRE, **kw)
        self.cells = cells
        self.aligns = aligns
        self.header_rows = header_rows

    def wrap(self, width: int) -> int:
        if width != self.width:
            self._draw(max(1, width - prefix_width(self.rest or self.first)))
            self.width = width
        return self.gap + len(self.breaks)

    def _widths(self, avail: int) -> list[int]:
        ncols = max((len(r) for r in self.cells), default=0)
        natural = [1] * ncols
        for row in self.cells:
            for i, (text, _, _) in enumerate(row):
                natural[i] = max(natural[i], cell_len(text))
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

    def _draw(self, avail: int) -> None:
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
                text, cruns, clinks = row[i] if i < len(row) else ("", None, None)
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
                    if hsid:
                        runs.extend((base, base + len(piece), hsid))
                    if cruns and not header:
                        for k in range(0, len(cruns), 3):
                            a, b, sid = max(cruns[k], s), min(cruns[k + 1], e), cruns[k + 2]
                            if a < b:
                                runs.extend((base + a - s, base + b - s, sid))
                    if clinks:
                        for a, b, href in clinks:
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
        self.text = "".join(parts).rstrip("\n")
        self.runs = runs or None
        self.links = links or None
        self.breaks = hard_breaks(self.text, 10**9)

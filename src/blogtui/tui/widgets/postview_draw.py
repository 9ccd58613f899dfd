"""Drawing the post view's lines: styles, one strip per line, and the caches that make it cheap.

``PostView`` (``postview.py``) owns the laid-out blocks and where each starts; ``LineDrawer`` turns
line ``y`` of them into a Rich ``Strip``: the block's prefix (bullets, quote bars), its text runs
styled by the ``postview--*`` component classes, search matches and the focused link painted over,
padded to the width. Strips are kept in an LRU cache by line number and styles by style id, both
emptied when the theme, the width or the content changes.
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from itertools import islice
from operator import itemgetter
from typing import Any

from rich.segment import Segment
from rich.style import Style
from textual.cache import LRUCache
from textual.color import Color
from textual.strip import Strip
from textual.widget import Widget

from blogtui.tui.render.blocks import PRE, Block
from blogtui.tui.render.highlight import highlight_block
from blogtui.tui.render.paint import overlay, pieces
from blogtui.tui.render.styles import STYLES
from blogtui.tui.render.wrap import cell_len

__all__ = ["STYLE_NAMES", "LineDrawer", "Matches", "locate"]

Matches = dict[int, list[tuple[int, int, int]]]
"""Block index -> (start, end, match number) of the search matches in that block's text."""

STYLE_NAMES = (
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "emph",
    "strong",
    "strike",
    "code",
    "liquid",
    "link",
    "image",
    "image-path",
    "html",
    "footnote-ref",
    "footnote-mark",
    "bullet",
    "quote",
    "hr",
    "table-border",
    "table-header",
    "code-block",
    "dt",
    "task",
    "task-done",
    "toc-title",
    "search",
    "search-current",
    "link-focus",
    "prompt",
    "wrap-mark",
)


def locate(starts: array[int], y: int) -> tuple[int, int]:
    """(block index, row inside the block) of view line ``y``; ``starts`` has one entry per block
    (its first line) and the total line count last."""
    idx = bisect_right(starts, y) - 1
    return idx, y - starts[idx]


class LineDrawer:
    """Styles and strips for one ``PostView`` (``widget``: where the component styles live)."""

    def __init__(self, widget: Widget) -> None:
        self._widget = widget
        self.lines: LRUCache[int, Strip] = LRUCache(512)
        """Drawn strips by line number: empty it whenever what a line shows changes."""
        self._styles: dict[int, Style] = {}
        self.base = Style()

    def set_base(self, base: Style) -> None:
        """The widget's own style (background, colour); a new one empties both caches."""
        if base != self.base:
            self.base = base
            self.restyled()

    def restyled(self) -> None:
        self._styles.clear()
        self.lines.clear()

    # --- styles ---------------------------------------------------------------------------------

    def style(self, sid: int) -> Style:
        """The full Rich style (widget base + names) for a style id, cached until restyled."""
        style = self._styles.get(sid)
        if style is None:
            style = self.base
            for name in STYLES.names(sid):
                if name.startswith("syn:"):
                    style += self._syntax_style(name[4:])
                else:
                    style += self.component_style(name.replace("_", "-"))
            self._styles[sid] = style
        return style

    def component_style(self, name: str) -> Style:
        """The partial Rich style of ``postview--NAME`` with translucent colours (``$boost``,
        ``$text-disabled``, ``$warning 50%``) blended over the view's background: Textual's
        partial style drops the alpha, which made code blocks white and dimmed text bright."""
        widget = self._widget
        partial = widget.get_component_rich_style(f"postview--{name}", partial=True)
        styles = widget.get_component_styles(f"postview--{name}")
        base_bg = self.base.bgcolor
        if base_bg is None:
            return partial
        ground = Color.from_rich_color(base_bg)
        bgcolor = color = None
        if styles.has_rule("background") and 0 < styles.background.a < 1:
            bgcolor = (ground + styles.background).rich_color
        if styles.has_rule("color") and 0 < styles.color.a < 1:
            under = ground + styles.background if styles.has_rule("background") else ground
            color = (under + styles.color).rich_color
        if bgcolor is None and color is None:
            return partial
        return partial + Style(color=color, bgcolor=bgcolor)

    def overlay_style(self, name: str) -> Style:
        """Partial style of an overlay (search match, focused link), cached with the others."""
        key = -(1 + STYLE_NAMES.index(name))
        style = self._styles.get(key)
        if style is None:
            style = self._styles[key] = self.component_style(name)
        return style

    def _syntax_style(self, token_name: str) -> Style:
        from pygments.token import string_to_tokentype
        from rich.syntax import Syntax

        theme_obj = getattr(self._widget.app, "current_theme", None)
        dark = getattr(theme_obj, "dark", True)
        theme = Syntax.get_theme("monokai" if dark else "default")
        st = theme.get_style_for_token(string_to_tokentype(token_name))
        return Style(color=st.color, bold=st.bold, italic=st.italic, underline=st.underline)

    # --- strips ---------------------------------------------------------------------------------

    def strip(
        self,
        blocks: list[Block],
        starts: array[int],
        y: int,
        width: int,
        *,
        note: str | None = None,
        matches: Matches | None = None,
        current: int = -1,
        focus: tuple[int, int, int, str] | None = None,
    ) -> Strip:
        """Line ``y`` of ``blocks``, ``width`` cells; past the end, ``note`` (if any) or blank."""
        base = self.base
        if y >= starts[-1] or not blocks:
            if y == starts[-1] and note is not None:
                return Strip([Segment(note, self.style(STYLES.id(("html",))))]).adjust_cell_length(
                    width, base
                )
            return Strip.blank(width, base)
        idx, row = locate(starts, y)
        block = blocks[idx]
        segments: list[Segment] = []
        style_of = self.style
        cells = 0
        if row < block.gap:
            prefix = block.gap_prefix
        else:
            line = row - block.gap
            prefix = block.first if line == 0 else block.rest
        for text, sid in prefix:
            segments.append(Segment(text, style_of(sid)))
            cells += cell_len(text)
        fill = base
        if row >= block.gap:
            if block.lang:
                highlight_block(block)
            start, end = block.span(line)
            text = block.text
            if block.mode == PRE and line:
                cont = block.continuation(line)
                if cont:
                    mark_sid = STYLES.id(
                        ("code_block", "wrap_mark") if block.fill else ("wrap_mark",)
                    )
                    segments.append(Segment(cont, style_of(mark_sid)))
                    cells += cell_len(cont)
            marks = (
                self._marks(idx, start, end, matches, current, focus) if (matches or focus) else ()
            )
            fill_sid = block.fill
            for a, b, sid, tag in overlay(pieces(block.runs, start, end), marks):
                # blanks between code tokens keep the code background
                style = style_of(sid or fill_sid)
                if tag is not None:
                    style = style + tag
                piece = text[a:b]
                segments.append(Segment(piece, style))
                cells += cell_len(piece)
            if block.fill:
                fill = style_of(block.fill)
        if cells < width:
            segments.append(Segment(" " * (width - cells), fill))
            return Strip(segments, width)
        return Strip(segments, cells).crop(0, width) if cells > width else Strip(segments, width)

    def _marks(
        self,
        idx: int,
        start: int,
        end: int,
        matches: Matches | None,
        current: int,
        focus: tuple[int, int, int, str] | None,
    ) -> list[tuple[int, int, Any]]:
        marks: list[tuple[int, int, Any]] = []
        found = (matches or {}).get(idx, ())
        # matches are in text order and do not overlap: start from the first ending after
        # ``start`` (a block of a 2 MB line can hold thousands of them)
        for a, b, n in islice(found, bisect_right(found, start, key=itemgetter(1)), None):
            if a >= end:
                break
            name = "search-current" if n == current else "search"
            marks.append((max(a, start), min(b, end), self.overlay_style(name)))
        if focus and focus[0] == idx:
            _, a, b, _ = focus
            if a < end and b > start:
                marks.append((max(a, start), min(b, end), self.overlay_style("link-focus")))
        return marks

    def prompt_strip(self, prompt: str, count: str, width: int) -> Strip:
        """The search prompt line (``/query▏  N matches``)."""
        style = self.base + self.component_style("prompt")
        text = "/" + prompt + "▏" + (f"  {count}" if count else "")
        return Strip([Segment(text, style)]).adjust_cell_length(width, style)

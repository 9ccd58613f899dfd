"""Where every line of a laid-out post is: blocks, their first lines, the width they wrap to.

``Layout`` is the post view's geometry without Textual: blocks are appended as the parse delivers
them, wrapped for the view's width (``Block.wrap``); ``starts[i]`` is the first view line of block
``i`` and ``starts[-1]`` the line count, so a view line is found by bisection.
"""

from __future__ import annotations

from array import array

from blogtui.tui.render.blocks import Block
from blogtui.tui.widgets.postview_draw import locate
from blogtui.tui.widgets.postview_nav import Link, link_at

__all__ = ["Layout"]


class Layout:
    """The blocks of one post and where each starts for the current width (0 = not known yet)."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.starts = array("I", [0])
        self.width = 0

    @property
    def line_count(self) -> int:
        return self.starts[-1]

    def clear(self) -> None:
        self.blocks = []
        self.starts = array("I", [0])

    def extend(self, blocks: list[Block]) -> int:
        """Append ``blocks`` wrapped for the width; returns the index of the first one."""
        first_new = len(self.blocks)
        self.blocks.extend(blocks)
        width = self.width
        starts = self.starts
        total = starts[-1]
        for block in blocks:
            total += block.wrap(width) if width else block.rows
            starts.append(total)
        return first_new

    def rewrap(self, width: int | None = None) -> None:
        """Wrap every block again (for a new ``width``, or after blocks changed their rows)."""
        if width is not None:
            self.width = width
        starts = array("I", [0])
        total = 0
        width = self.width
        for block in self.blocks:
            total += block.wrap(width) if width else block.rows
            starts.append(total)
        self.starts = starts

    def locate(self, y: int) -> tuple[int, int]:
        """(block index, row inside the block) of view line ``y``."""
        return locate(self.starts, y)

    def y_of(self, idx: int, offset: int) -> int:
        """The view line that shows text ``offset`` of block ``idx``."""
        block = self.blocks[idx]
        return self.starts[idx] + block.gap + block.line_of(offset)

    def offset_at(self, y: int, *, clamp: bool = False) -> tuple[int, int]:
        """(block index, text offset) where view line ``y`` starts; in a block's gap, the block's
        start (``clamp``: its first line's start)."""
        idx, row = self.locate(y)
        block = self.blocks[idx]
        line = row - block.gap
        if clamp:
            line = max(0, line)
        return idx, (block.breaks[line] if 0 <= line < len(block.breaks) else 0)

    def link_at(self, y: int, col: int) -> Link | None:
        """The link drawn at cell ``col`` of view line ``y``, if any."""
        if y >= self.line_count or not self.blocks:
            return None
        idx, row = self.locate(y)
        block = self.blocks[idx]
        found = link_at(block, row - block.gap, col)
        return None if found is None else (idx, *found)

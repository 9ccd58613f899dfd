"""Finding things in a laid-out post: links, search matches, anchors.

Pure functions over the post view's blocks (``blogtui.tui.render.blocks``): ``PostView`` asks them
where the next link or match is and keeps the answer (focus, current match) itself.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from blogtui.blog.mdparse import heading_id
from blogtui.tui.render.blocks import Block, iter_links
from blogtui.tui.render.wrap import cell_len

__all__ = [
    "Link",
    "Match",
    "TocEntry",
    "find_anchor",
    "find_matches",
    "first_match_from",
    "link_at",
    "links_from",
]

Link = tuple[int, int, int, str]
"""(block index, start, end, href) of a link in the post."""
Match = tuple[int, int, int]
"""(block index, start, end) of a search match."""


@dataclass(frozen=True, slots=True)
class TocEntry:
    """A heading of the post: its level (1-6), text and anchor."""

    level: int
    text: str
    anchor: str


def links_from(blocks: list[Block], idx: int, offset: int, forward: bool) -> Link | None:
    """The first link after (or before) text ``offset`` of block ``idx``."""
    rng = range(idx, len(blocks)) if forward else range(idx, -1, -1)
    for i in rng:
        links = blocks[i].links
        if not links:
            continue
        triples = list(iter_links(links))
        ordered = triples if forward else list(reversed(triples))
        for a, b, href in ordered:
            if i != idx or (a > offset if forward else a < offset):
                return i, a, b, href
    return None


def link_at(block: Block, line: int, col: int) -> tuple[int, int, str] | None:
    """The link (start, end, href) under cell ``col`` of the block's wrapped line ``line``."""
    if line < 0 or not block.links:
        return None
    col -= sum(cell_len(t) for t, _ in (block.first if line == 0 else block.rest))
    start, end = block.span(line)
    pos, cells = start, 0
    while pos < end and cells + cell_len(block.text[pos]) <= col:
        cells += cell_len(block.text[pos])
        pos += 1
    for a, b, href in iter_links(block.links):
        if a <= pos < b:
            return a, b, href
    return None


def find_matches(
    blocks: list[Block], query: str, first: int = 0, limit: int | None = None
) -> list[Match]:
    """The matches of ``query`` in blocks ``first``… (case-insensitive unless it has capitals),
    the first ``limit`` of them."""
    flags = 0 if any(c.isupper() for c in query) else re.IGNORECASE
    pattern = re.compile(re.escape(query), flags)
    found: list[Match] = []
    for idx in range(first, len(blocks)):
        for m in pattern.finditer(blocks[idx].text):
            found.append((idx, m.start(), m.end()))
            if limit is not None and len(found) >= limit:
                return found
    return found


def first_match_from(matches: list[Match], idx: int, offset: int) -> int:
    """The number of the first match at or after text ``offset`` of block ``idx`` (0 if none)."""
    for n, (i, a, _) in enumerate(matches):
        if (i, a) >= (idx, offset):
            return n
    return 0


def find_anchor(
    anchors: Mapping[str, tuple[Block, int]], blocks: list[Block], anchor: str
) -> tuple[int, int] | None:
    """(block index, text offset) of heading or footnote ``anchor``, as written or as an id."""
    found = anchors.get(anchor) or anchors.get(heading_id(anchor)) or anchors.get(anchor.lower())
    if found is None:
        return None
    block, offset = found
    for idx, candidate in enumerate(blocks):
        if candidate is block:
            return idx, offset
    return None

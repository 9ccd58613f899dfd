"""In-post search (``/``, ``n``/``N``): the prompt, the query, its matches, the current one.

``InPostSearch`` is state without Textual; ``PostView`` feeds it the blocks as they are laid out
and scrolls to the match it names. The number of matches is bounded (``MAX_MATCHES``): a short
query in a multi-megabyte post would otherwise cost every key and every frame.
"""

from __future__ import annotations

from blogtui.safe import strip_controls
from blogtui.tui.render.blocks import Block
from blogtui.tui.widgets.postview_draw import Matches
from blogtui.tui.widgets.postview_nav import Match, find_matches, first_match_from

__all__ = ["MAX_MATCHES", "InPostSearch"]

MAX_MATCHES = 10_000
"""Matches found at most; the prompt then says "10000+ matches"."""


class InPostSearch:
    def __init__(self) -> None:
        self.prompt: str | None = None
        """The query being typed (the prompt line is shown), or None."""
        self.query = ""
        self.matches: list[Match] = []
        self.by_block: Matches = {}
        self.current = -1

    @property
    def capped(self) -> bool:
        """True when there may be more matches than were found."""
        return len(self.matches) >= MAX_MATCHES

    def clear_matches(self) -> None:
        self.matches, self.by_block, self.current = [], {}, -1

    def set_query(self, query: str, blocks: list[Block]) -> None:
        """Find every match of ``query`` (case-insensitive unless it has capitals)."""
        self.query = query
        self.clear_matches()
        if query:
            self.extend(blocks, 0)

    def extend(self, blocks: list[Block], first: int) -> None:
        """Search blocks ``first``… too (they were just laid out)."""
        room = MAX_MATCHES - len(self.matches)
        if not self.query or room <= 0:
            return
        for found in find_matches(blocks, self.query, first, limit=room):
            n = len(self.matches)
            self.matches.append(found)
            self.by_block.setdefault(found[0], []).append((found[1], found[2], n))

    def edit(self, key: str, character: str | None) -> tuple[str, str | None]:
        """A key while the prompt is open: what the view does ("leave": tab, the prompt closes
        and the focus moves on; "cancel"; "submit"; "typed"; "erased"; "other") and the query
        to search now (None: unchanged)."""
        prompt = self.prompt or ""
        if key in ("tab", "shift+tab", "escape", "enter"):
            self.prompt = None
            if key == "escape":
                return "cancel", ""
            return ("submit", prompt) if key == "enter" else ("leave", None)
        if key == "backspace":
            self.prompt = prompt[:-1]
            return "erased", self.prompt
        if character:
            self.prompt = prompt + strip_controls(character)
            return "typed", self.prompt
        return "other", None

    def goto(self, n: int) -> Match:
        """Make match ``n`` (modulo their number) the current one."""
        self.current = n % len(self.matches)
        return self.matches[self.current]

    def first_from(self, position: tuple[int, int]) -> int:
        """The first match at or after (block index, text offset) ``position``."""
        return first_match_from(self.matches, *position)

    def step(self, step: int, position: tuple[int, int]) -> Match:
        """The next (``step`` 1) or previous (-1) match; from ``position`` when none is current."""
        if self.current < 0:
            return self.goto(self.first_from(position) + (0 if step > 0 else -1))
        return self.goto(self.current + step)

    def count_text(self) -> str:
        n = len(self.matches)
        return f"{n}{'+' if self.capped else ''} match{'es' if n != 1 else ''}"

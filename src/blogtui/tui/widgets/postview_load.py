"""Turning one post's Markdown into blocks without making anyone wait (issue 14).

markdown-it needs seconds for a multi-megabyte post, and ``ChunkedParse`` can only cut where a
blank line allows it: a post with no blank lines, one huge code fence, one huge table or one huge
line is a single chunk. So a long post's first screen comes from a *prefix parse*: the first
``PREFIX`` characters (to a line end when there is one) parsed alone, with the links and footnotes
of the whole text known. The blocks of a prefix are the whole document's, except the last one (a
paragraph, fence or table cut short): they are shown at once, and the worker's first chunk
replaces them. Everything after that — the chunked parse, building the blocks and wrapping them
for the view's width — runs on the worker; the event loop only appends finished blocks.

``GcFreeze`` is the memory side of a long post: see its docstring.

No Textual here: ``PostView`` (``postview.py``) runs the steps and owns the state.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator

from blogtui.blog.mdparse import FIRST_CHUNK, ChunkedParse, make_parser, prime_env, strip_controls
from blogtui.tui.render.blocks import Block
from blogtui.tui.render.builder import Builder

__all__ = ["PREFIX", "SYNC_LIMIT", "GcFreeze", "PostLoad", "prefix_end"]

SYNC_LIMIT = 64_000
"""A post longer than this shows a prefix parse first; the whole parse runs on the worker."""
PREFIX = FIRST_CHUNK
"""Characters of the prefix parse (about 30 ms of markdown-it; more than a screen holds)."""


def prefix_end(text: str, size: int = PREFIX) -> int:
    """Where the prefix of ``text`` ends: after the last line end within ``size`` characters, or
    at ``size`` itself when the line is longer than half of it (a post written on one line)."""
    if len(text) <= size:
        return len(text)
    nl = text.rfind("\n", 0, size)
    return nl + 1 if nl >= size // 2 else size


class PostLoad:
    """One post being laid out: ``first()`` on the event loop, ``rest()`` then ``tail()`` on the
    worker. ``builder`` holds the headings and anchors of the blocks ``first()`` returned until
    the worker's first chunk (``replaces``) arrives, then those of the whole post."""

    def __init__(self, markdown: str) -> None:
        self.text = strip_controls(markdown)
        self.builder = Builder()
        self.provisional = False
        """True when ``first()`` gave a prefix parse that the first chunk of ``rest()`` replaces."""
        self._parse: ChunkedParse | None = None
        self._whole = Builder()

    def first(self) -> tuple[list[Block], bool]:
        """The blocks to show now, and whether that is the whole post (TOC and footnotes too)."""
        if len(self.text) > SYNC_LIMIT:
            md = make_parser()
            prefix = self.text[: prefix_end(self.text)]
            env = prime_env(md, self.text, used_in=prefix)  # the definitions the prefix uses
            tokens = md.parse(prefix, env)
            self.provisional = True
            return self.builder.feed(tokens, env), False
        self._whole = self.builder
        parse = self._parse = ChunkedParse(self.text)
        blocks = self.builder.feed(parse.next_tokens() or [], parse.env)
        if parse.has_more:
            return blocks, False
        blocks += self.builder.finish(parse.env)  # a short post: TOC, footnotes before the paint
        self.builder.finish_tocs()
        return blocks, True

    def rest(self, width: int) -> Iterator[tuple[list[Block], float, Builder | None]]:
        """On the worker: (blocks wrapped for ``width``, progress 0..1, the builder when these
        blocks replace what ``first()`` gave, else None), chunk by chunk."""
        parse = self._parse
        if parse is None:
            parse = self._parse = ChunkedParse(self.text)
        replaces: Builder | None = self._whole if self.provisional else None
        while (tokens := parse.next_tokens()) is not None:
            blocks = self._whole.feed(tokens, parse.env)
            if width:
                for block in blocks:
                    block.wrap(width)
            yield blocks, parse.consumed / max(1, len(parse.text)), replaces
            replaces = None

    def tail(self, width: int) -> list[Block]:
        """On the worker, after ``rest()``: the footnotes and what else closes the post."""
        assert self._parse is not None
        blocks = self._whole.finish(self._parse.env)
        if width:
            for block in blocks:
                block.wrap(width)
        return blocks


class GcFreeze:
    """A post at least ``threshold`` characters long is moved out of the cycle collector's
    sight as it is laid out (``gc.freeze``): a long post is many objects, and every full
    collection walked them all (70-230 ms pauses while scrolling a 1.7 MB post). Blocks hold no
    reference cycles, so reference counting still frees them; ``release`` unfreezes before the
    next post.

    While a long post lays out, ``grown`` freezes once it has ``FIRST`` blocks, then each time it
    has doubled (``GROWTH``). Each freeze also catches the strips drawn at that moment (Textual's
    strips cache themselves: cycles); ``before`` empties the line cache and the young
    generations are collected first; at the end one full collection frees them and all is frozen
    again."""

    FIRST = 1
    GROWTH = 2

    def __init__(self, before: Callable[[], None]) -> None:
        self._before = before
        self.froze = False
        self.active = False
        self._blocks = 0

    def start(self, length: int, threshold: int) -> None:
        self.release()
        self.active = bool(threshold) and length >= threshold
        self._blocks = 0

    def grown(self, blocks: int) -> None:
        if self.active and blocks >= max(self.FIRST, self.GROWTH * self._blocks):
            self.freeze(blocks)

    def freeze(self, blocks: int) -> None:
        self._before()
        gc.collect(1)  # the young garbage (strips drawn lately) first; cheap, unlike a full one
        gc.freeze()
        self.froze = True
        self._blocks = blocks

    def finish(self, blocks: int) -> None:
        if self.active:
            # one full collection for the whole post (instead of one every few chunks): it frees
            # the strips and other cyclic garbage that the freezes during the layout caught
            gc.unfreeze()
            gc.collect()
            self.freeze(blocks)

    def release(self) -> None:
        """The last post's objects go back to the collector (cyclic garbage too)."""
        if self.froze:
            gc.unfreeze()
            self.froze = False

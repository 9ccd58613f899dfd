"""markdown-it tokens -> ``Block`` list, chunk after chunk, keeping document-wide state.

The builder keeps what spans chunks: heading anchors (unique slugs), footnote definitions (drawn
at the end, numbered by first reference, as kramdown does), the places that asked for a table of
contents (``<!-- blogtui:toc -->``), and whether the next block needs a blank line before it.
It runs on the worker thread for long posts; it never touches a widget.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from blogtui.blog.mdparse import Slugger
from blogtui.tui.render.blocks import (
    PRE,
    Block,
    Cell,
    Frag,
    Prefix,
    RuleBlock,
    TableBlock,
    compact,
    pack_links,
)
from blogtui.tui.render.highlight import _lexer
from blogtui.tui.render.inline import render_inline
from blogtui.tui.render.styles import STYLES

if TYPE_CHECKING:  # markdown-it is imported when a post is first parsed
    from markdown_it.token import Token

__all__ = ["TOC_MARKER", "Builder", "Heading"]

TOC_MARKER = "<!-- blogtui:toc -->"
BULLETS = ("•", "◦", "▪", "‣")


@dataclass(frozen=True, slots=True)
class Heading:
    level: int
    text: str
    anchor: str


@dataclass(slots=True)
class _Ctx:
    first: Prefix
    rest: Prefix
    used: bool = False


@dataclass(slots=True)
class _List:
    ordered: bool
    tight: bool
    number: int
    depth: int
    items: int = 0


@dataclass(slots=True)
class _Footnote:
    label: str
    blocks: list[Block] = field(default_factory=list)
    number: int = 0


def _sid(*names: str) -> int:
    return STYLES.id(names)


class Builder:
    """Feed it token lists with ``feed``; call ``finish`` once the last chunk is in."""

    def __init__(self) -> None:
        self.slugger = Slugger()
        self.headings: list[Heading] = []
        self.anchors: dict[str, tuple[Block, int]] = {}
        self.toc_blocks: list[Block] = []
        self._ctx: list[_Ctx] = []
        self._lists: list[_List] = []
        self._gap = 0
        self._out: list[Block] = []
        self._footnotes: dict[str, _Footnote] = {}
        self._fn_current: _Footnote | None = None
        self._prefix_cache: dict[Prefix, Prefix] = {}
        self._triples: dict[tuple[Prefix, Prefix, Prefix], tuple[Prefix, Prefix, Prefix]] = {}
        self._pending_anchor: str | None = None
        self._md: Any = None  # a parser for the Markdown that HTML blocks become
        self._html_depth = 0

    # --- output -----------------------------------------------------------------------------

    def _intern(self, prefix: Prefix) -> Prefix:
        return self._prefix_cache.setdefault(prefix, prefix)

    def _prefixes(self) -> tuple[Prefix, Prefix, Prefix]:
        """First-line, other-line and blank-line-before prefixes for the next block."""
        first: list[Frag] = []
        rest: list[Frag] = []
        gap: list[Frag] = []
        for ctx in self._ctx:
            first.extend(ctx.rest if ctx.used else ctx.first)
            rest.extend(ctx.rest)
            if ctx.used:
                gap.extend(ctx.rest)
            ctx.used = True
        return self._intern(tuple(first)), self._intern(tuple(rest)), self._intern(tuple(gap))

    def _emit(self, block: Block, *, extra_first: Prefix = (), extra_rest: Prefix = ()) -> Block:
        first, rest, gap = self._prefixes()
        if extra_first or extra_rest:
            first = self._intern(first + extra_first)
            rest = self._intern(rest + extra_rest)
        block.prefixes = self._triples.setdefault((first, rest, gap), (first, rest, gap))
        block.gap = self._gap
        self._gap = 1
        if self._pending_anchor:
            self.anchors.setdefault(self._pending_anchor, (block, 0))
            self._pending_anchor = None
        self._out.append(block)
        return block

    def _inline_block(self, inline: Token, base: tuple[str, ...] = ()) -> Block:
        out = render_inline(inline.children, base)
        block = Block(out.text, compact(out.runs), pack_links(out.links))
        for name, offset in out.anchors.items():
            self.anchors.setdefault(name, (block, offset))
        return block

    # --- tokens -------------------------------------------------------------------------------

    def feed(self, tokens: list[Token], env: dict[str, Any] | None = None) -> list[Block]:
        """Lay out one chunk's tokens; returns the blocks for the main flow (footnotes are kept)."""
        out: list[Block] = []
        self._out = out
        self._env = env or {}
        self._walk(tokens, out)
        return out

    def _walk(self, tokens: list[Token], out: list[Block]) -> None:
        i = 0
        n = len(tokens)
        while i < n:
            tok = tokens[i]
            typ = tok.type
            if typ == "paragraph_open":
                self._emit(self._inline_block(tokens[i + 1]))
                i += 3
                continue
            if typ == "heading_open":
                self._heading(tok, tokens[i + 1])
                i += 3
                continue
            if typ == "table_open":
                j = i
                while tokens[j].type != "table_close":
                    j += 1
                self._table(tokens[i : j + 1])
                i = j + 1
                continue
            if typ in ("fence", "code_block"):
                self._code(tok)
            elif typ == "hr":
                self._emit(RuleBlock(""))
            elif typ == "html_block":
                self._html(tok)
            elif typ == "blockquote_open":
                bar: Prefix = (("▌ ", _sid("quote")),)
                self._ctx.append(_Ctx(bar, bar))
            elif typ in ("blockquote_close", "list_item_close", "dd_close"):
                self._ctx.pop()
            elif typ in ("bullet_list_open", "ordered_list_open"):
                self._list_open(tokens, i)
            elif typ in ("bullet_list_close", "ordered_list_close"):
                self._lists.pop()
                self._gap = 1
            elif typ == "list_item_open":
                self._list_item(tok)
            elif typ == "dt_open":
                self._emit(self._inline_block(tokens[i + 1], ("dt",)))
                i += 3
                continue
            elif typ == "dd_open":
                self._gap = 0
                self._ctx.append(_Ctx((("  : ", _sid("bullet")),), (("    ", 0),)))
            elif typ == "footnote_reference_open":
                self._footnote_open(tok)
            elif typ == "footnote_reference_close":
                self._ctx.pop()
                self._out = out
                self._fn_current = None
                self._gap = 1
            i += 1

    def _heading(self, tok: Token, inline: Token) -> None:
        level = int(tok.tag[1:]) if tok.tag[1:].isdigit() else 1
        name = f"h{level}"
        block = self._inline_block(inline, (name,))
        anchor = self.slugger(block.text)
        block.anchor = anchor
        self.anchors.setdefault(anchor, (block, 0))
        self.headings.append(Heading(level, block.text, anchor))
        marker = "#" * level + " "
        self._emit(block, extra_first=((marker, _sid(name)),), extra_rest=((" " * len(marker), 0),))

    def _code(self, tok: Token) -> None:
        text = tok.content.rstrip("\n").expandtabs(4)
        info = tok.info.strip().split()[0] if tok.type == "fence" and tok.info.strip() else ""
        lang = info.strip("{}").lower() or None
        if lang:
            _lexer(lang)  # load the lexer now (worker thread), not in the first frame that shows it
        pad = (" ", _sid("code_block"))
        block = Block(text, mode=PRE, fill=_sid("code_block"), lang=lang)
        if text:
            block.runs = None
        self._emit(block, extra_first=(pad,), extra_rest=(pad,))

    def _html(self, tok: Token) -> None:
        content = tok.content.rstrip("\n")
        if content.strip() == TOC_MARKER:
            block = self._emit(Block("", mode=PRE))
            self.toc_blocks.append(block)
            self.fill_toc(block, final=False)
            return
        # HTML as a browser shows it: its Markdown equivalent, laid out like the rest of the post
        from blogtui.blog.html_text import html_to_markdown

        markdown = html_to_markdown(content)
        if not markdown.strip() or self._html_depth > 4:
            return
        if self._md is None:
            from blogtui.blog.mdparse import make_parser

            self._md = make_parser()
        self._html_depth += 1
        try:
            self._walk(self._md.parse(markdown, {}), self._out)
        finally:
            self._html_depth -= 1

    def _list_open(self, tokens: list[Token], i: int) -> None:
        tok = tokens[i]
        tight = False
        target = tok.level + 2
        for j in range(i + 1, len(tokens)):
            t = tokens[j]
            if t.level < tok.level + 1 and t.nesting < 0:
                break
            if t.type == "paragraph_open" and t.level == target:
                tight = t.hidden
                break
        if self._lists and self._lists[-1].tight:
            self._gap = 0
        start = int(tok.attrGet("start") or 1) if tok.type == "ordered_list_open" else 1
        self._lists.append(_List(tok.type == "ordered_list_open", tight, start, len(self._lists)))

    def _list_item(self, tok: Token) -> None:
        lst = self._lists[-1]
        if lst.items and lst.tight:
            self._gap = 0
        lst.items += 1
        if lst.ordered:
            mark = f"{lst.number}{tok.markup or '.'} "
            lst.number += 1
        else:
            mark = BULLETS[lst.depth % len(BULLETS)] + " "
        self._ctx.append(_Ctx(((mark, _sid("bullet")),), ((" " * len(mark), 0),)))

    def _footnote_open(self, tok: Token) -> None:
        label = str(tok.meta.get("label", ""))
        fn = self._footnotes.setdefault(label, _Footnote(label))
        refs = self._env.get("footnotes", {}).get("refs", {})
        number = refs.get(":" + label, -1) + 1
        fn.number = number
        mark = f"[{number}] " if number else f"[{label.replace(chr(9), ' ')}] "
        self._fn_current = fn
        self._out = fn.blocks
        self._gap = 0
        if number:
            self._pending_anchor = f"fn{number}"
        self._ctx.append(_Ctx(((mark, _sid("footnote_mark")),), ((" " * len(mark), 0),)))

    def _table(self, tokens: list[Token]) -> None:
        rows: list[tuple[Cell, ...]] = []
        aligns: list[str] = []
        header_rows = 0
        in_head = False
        row: list[Cell] = []
        for tok in tokens:
            typ = tok.type
            if typ == "thead_open":
                in_head = True
            elif typ == "thead_close":
                in_head = False
            elif typ == "tr_open":
                row = []
            elif typ == "tr_close":
                rows.append(tuple(row))
                if in_head:
                    header_rows += 1
            elif typ in ("th_open", "td_open"):
                if in_head:
                    style = str(tok.attrGet("style") or "")
                    aligns.append(style.partition("text-align:")[2].strip())
            elif typ == "inline":
                out = render_inline(tok.children)
                cell_text = out.text.replace("\n", " ")
                runs, links = compact(out.runs), pack_links(out.links)
                row.append((cell_text, runs, links) if runs or links else cell_text)
        self._emit(TableBlock(rows, aligns, header_rows))

    # --- document-wide parts ------------------------------------------------------------------

    def fill_toc(self, block: Block, *, final: bool) -> None:
        """(Re)draw a table of contents block from the headings known so far."""
        from array import array

        parts: list[str] = []
        runs = array("I")
        links: list[tuple[int, int, str]] = []
        pos = 0
        title = "Contents" if final or self.headings else "Contents (loading…)"
        parts.append(title + "\n")
        runs.extend((0, len(title), _sid("toc_title")))
        pos = len(title) + 1
        top = min((h.level for h in self.headings), default=1)
        for h in self.headings:
            indent = "  " * (h.level - top) + "• "
            parts.append(indent)
            pos += len(indent)
            parts.append(h.text.replace("\n", " ") + "\n")
            runs.extend((pos, pos + len(h.text), _sid("link")))
            links.append((pos, pos + len(h.text), "#" + h.anchor))
            pos += len(h.text) + 1
        block.text = "".join(parts).rstrip("\n")
        block.runs = compact(runs)
        block.links = pack_links(links)
        block.width = -1

    def finish(self, env: dict[str, Any] | None = None) -> list[Block]:
        """Blocks that go after the document: the footnotes, in order of first reference.

        Only new blocks are made here (this runs on the worker); ``finish_tocs`` is separate
        because it changes blocks the view may be drawing.
        """
        env = env or {}
        data = env.get("footnotes", {})
        refs = data.get("refs", {})
        fn_list = data.get("list", {})
        out: list[Block] = []
        self._out = out
        numbered: list[tuple[int, list[Block]]] = []
        for label, fn in self._footnotes.items():
            number = refs.get(":" + label, -1) + 1
            if number and not fn.number and fn.blocks:
                first = fn.blocks[0]
                mark = f"[{number}] "
                new_first = (*first.first[:-1], (mark, _sid("footnote_mark")))
                first.prefixes = (new_first, first.rest, first.gap_prefix)
                self.anchors.setdefault(f"fn{number}", (first, 0))
            numbered.append((number or 10**9, fn.blocks))
        for fid, item in fn_list.items():
            if "tokens" in item and item["tokens"] is not None:
                number = fid + 1
                inline = render_inline(item["tokens"])
                block = Block(inline.text, compact(inline.runs), pack_links(inline.links))
                mark = f"[{number}] "
                block.prefixes = (((mark, _sid("footnote_mark")),), ((" " * len(mark), 0),), ())
                block.gap = 0
                self.anchors.setdefault(f"fn{number}", (block, 0))
                numbered.append((number, [block]))
        if numbered:
            numbered.sort(key=lambda item: item[0])
            rule = RuleBlock("")
            rule.gap = 1
            out.append(rule)
            for _, blocks in numbered:
                out.extend(blocks)
        return out

    def finish_tocs(self) -> None:
        """Redraw the tables of contents with every heading (on the thread that draws them)."""
        for block in self.toc_blocks:
            self.fill_toc(block, final=True)

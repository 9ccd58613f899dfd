"""The post view's layout as Rich ``Text`` lines, without Textual: ``blogtui show`` and tests.

The same parse (``ChunkedParse``), builder and wrapping as the widget, drawn at a fixed width.
Styles: the widget's component names mapped to plain Rich styles (no theme), syntax colours from
Pygments' monokai. Post text only ever goes in as plain strings (``Text.append``), never markup.
"""

from __future__ import annotations

from functools import lru_cache

from rich.style import Style
from rich.text import Text

from blogtui.blog.mdparse import ChunkedParse
from blogtui.tui.render.blocks import PRE, Block
from blogtui.tui.render.builder import Builder
from blogtui.tui.render.highlight import highlight_block
from blogtui.tui.render.paint import pieces
from blogtui.tui.render.styles import STYLES

__all__ = ["layout", "render_lines", "render_text"]

_STYLE = {
    "h1": "bold underline cyan",
    "h2": "bold cyan",
    "h3": "bold magenta",
    "h4": "bold magenta",
    "h5": "italic magenta",
    "h6": "italic",
    "emph": "italic",
    "strong": "bold",
    "strike": "strike",
    "code": "yellow",
    "liquid": "dim",
    "link": "underline blue",
    "image": "italic magenta",
    "image_path": "dim",
    "html": "dim",
    "footnote_ref": "blue",
    "footnote_mark": "bold blue",
    "bullet": "magenta",
    "quote": "magenta",
    "hr": "dim",
    "table_border": "dim",
    "table_header": "bold",
    "dt": "bold",
    "task": "yellow",
    "task_done": "green",
    "toc_title": "bold",
    "wrap_mark": "dim",
}


@lru_cache(maxsize=512)
def _style(sid: int) -> Style:
    style = Style()
    for name in STYLES.names(sid):
        if name.startswith("syn:"):
            style += _syntax(name[4:])
        elif name in _STYLE:
            style += Style.parse(_STYLE[name])
    return style


@lru_cache(maxsize=256)
def _syntax(token_name: str) -> Style:
    from pygments.token import string_to_tokentype
    from rich.syntax import Syntax

    st = Syntax.get_theme("monokai").get_style_for_token(string_to_tokentype(token_name))
    return Style(color=st.color, bold=st.bold, italic=st.italic)


def layout(markdown: str) -> list[Block]:
    """Every block of ``markdown`` (footnotes and tables of contents included)."""
    parse = ChunkedParse(markdown)
    builder = Builder()
    blocks: list[Block] = []
    while (tokens := parse.next_tokens()) is not None:
        blocks.extend(builder.feed(tokens, parse.env))
    blocks.extend(builder.finish(parse.env))
    builder.finish_tocs()
    return blocks


def _line(block: Block, prefix: tuple, row: int | None, styled: bool) -> Text:
    out = Text(no_wrap=True, end="")
    for text, sid in prefix:
        out.append(text, _style(sid) if styled and sid else None)
    if row is None:
        return out
    start, end = block.span(row)
    if block.mode == PRE and row:
        cont = block.continuation(row)
        if cont:
            out.append(cont, _style(STYLES.id(("wrap_mark",))) if styled else None)
    text = block.text
    for a, b, sid in pieces(block.runs, start, end):
        out.append(text[a:b], _style(sid or block.fill) if styled and (sid or block.fill) else None)
    return out


def render_lines(markdown: str, width: int = 80, *, styled: bool = True) -> list[Text]:
    """The post's lines as the view draws them ``width`` cells wide (trailing blanks cut)."""
    lines: list[Text] = []
    for block in layout(markdown):
        block.wrap(max(10, width))
        if block.lang and styled:
            highlight_block(block)
        for _ in range(block.gap):
            lines.append(_line(block, block.gap_prefix, None, styled))
        for row in range(len(block.breaks)):
            lines.append(_line(block, block.first if row == 0 else block.rest, row, styled))
    for line in lines:
        line.rstrip()
    return lines


def render_text(markdown: str, width: int = 80) -> str:
    """The post as plain text, lines joined (what a reader reads, without styles)."""
    return "\n".join(line.plain for line in render_lines(markdown, width, styled=False))

"""Syntax highlighting of code blocks, done lazily when a block is first drawn.

Pygments tokens become style runs named ``syn:<TokenType>`` on top of ``code_block``; the widget
turns those names into Rich styles with a Pygments theme. Unknown languages stay plain; very large
blocks are not highlighted (lexing them would stall a frame).
"""

from __future__ import annotations

from array import array
from functools import lru_cache
from typing import Any

from blogtui.tui.render.blocks import Block, compact
from blogtui.tui.render.styles import STYLES

__all__ = ["highlight_block"]

MAX_HIGHLIGHT = 200_000
_ALIASES = {
    "sh": "bash",
    "shell": "bash",
    "console": "console",
    "py": "python",
    "js": "javascript",
    "yml": "yaml",
}


@lru_cache(maxsize=64)
def _lexer(lang: str) -> Any:
    from pygments.lexers import get_lexer_by_name
    from pygments.util import ClassNotFound

    try:
        return get_lexer_by_name(_ALIASES.get(lang, lang), stripnl=False, ensurenl=False)
    except ClassNotFound:
        return None


def highlight_block(block: Block) -> None:
    """Fill ``block.runs`` from its language (once); clears ``block.lang``."""
    lang, block.lang = block.lang, None
    if not lang or not block.text or len(block.text) > MAX_HIGHLIGHT:
        return
    lexer = _lexer(lang)
    if lexer is None:
        return
    runs = array("I")
    pos = 0
    for ttype, value in lexer.get_tokens(block.text):
        end = pos + len(value)
        if value and ttype is not None:
            name = str(ttype)
            if name != "Token.Text" and name != "Token.Text.Whitespace":
                sid = STYLES.id(("code_block", "syn:" + name))
                if runs and runs[-2] == pos and runs[-1] == sid:
                    runs[-2] = end
                else:
                    runs.extend((pos, end, sid))
        pos = end
    if pos == len(block.text):
        block.runs = compact(runs)

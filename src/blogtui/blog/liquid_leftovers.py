"""Liquid that blogtui does not run, kept visible: leftovers as dimmed code spans, raw blocks.

Jekyll's Liquid runs before Markdown; what blogtui cannot render (an unknown tag, a plugin, an
error) stays in the post as an inline code span that starts with ``{{``/``{%`` (the renderer
dims it: ``is_liquid_leftover``). ``{% raw %}`` markers are removed the way Liquid reads them
(``unraw``), and a code span the author protected with raw gets an invisible ``RAW_GUARD`` so it
is not taken for a leftover. Used by blogtui.blog.markup; no Textual here.
"""

from __future__ import annotations

import re

#: Zero-width WORD JOINER put before a ``{{``/``{%`` that the author protected with ``{% raw %}``.
RAW_GUARD = "\u2060"
#: An inline code span starting with one of these is a Liquid leftover (shown dimmed).
LEFTOVER_PREFIXES = ("{{", "{%")

_ENDRAW = re.compile(r"\{%-?\s*endraw\s*-?%\}")
_RAW_OPEN = re.compile(r"\{%-?\s*raw\s*-?%\}")
_WS = re.compile(r"\s+")


def is_liquid_leftover(code: str) -> bool:
    """Should the renderer dim this inline code span? (Protected raw spans start with RAW_GUARD.)"""
    return code.startswith(LEFTOVER_PREFIXES)


def code_span(content: str) -> str:
    """``content`` as an inline code span, with a backtick fence longer than any run inside."""
    if "`" not in content:
        return f"`{content}`"
    longest = max((len(r) for r in re.findall(r"`+", content)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if content.startswith("`") or content.endswith("`") else ""
    return f"{fence}{pad}{content}{pad}{fence}"


def leftover(source: str, in_table: bool = False) -> str:
    """A Liquid tag/output the reader cannot run: a code span of it, whitespace collapsed.

    In a table row a ``|`` (``{{ x | date }}``) would split the cell: GFM wants it escaped.
    """
    if "\n" in source or "\t" in source or "  " in source:
        source = _WS.sub(" ", source)
    if in_table:
        source = source.replace("|", "\\|")
    return code_span(source)


def guard(content: str) -> str:
    """Put RAW_GUARD before a protected ``{{``/``{%`` so the renderer shows it as normal code."""
    stripped = content[1:-1] if len(content) > 2 and content[0] == content[-1] == " " else content
    if not stripped.startswith(LEFTOVER_PREFIXES):
        return content
    if stripped is content:
        return RAW_GUARD + content
    return " " + RAW_GUARD + content[1:]


def unraw(text: str, in_raw: bool) -> tuple[str, bool]:
    """Remove Liquid's raw markers the way Liquid reads them: inside raw only ``endraw`` counts.

    A marker alone on its line takes the line with it. Returns the text and the raw state after it.
    """
    if "raw" not in text:
        return text, in_raw
    pieces: list[str] = []
    pos = 0
    while True:
        m = (_ENDRAW if in_raw else _RAW_OPEN).search(text, pos)
        if m is None:
            pieces.append(text[pos:])
            break
        start, end = m.start(), m.end()
        line_start = text.rfind("\n", 0, start) + 1
        line_end = text.find("\n", end)
        line_end = len(text) if line_end < 0 else line_end
        if (
            line_start >= pos
            and not text[line_start:start].strip()
            and not text[end:line_end].strip()
        ):
            start, end = line_start, min(line_end + 1, len(text))  # the marker's line goes too
        pieces.append(text[pos:start])
        pos = end
        in_raw = not in_raw
    return "".join(pieces), in_raw

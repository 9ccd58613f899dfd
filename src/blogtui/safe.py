"""Make other people's text safe for a terminal: no control sequences reach the screen.

This is the one implementation of control-sequence stripping (comments, post text, titles,
error messages all come through here). Post text and comments are not ours. Before anything is
drawn, terminal control sequences are removed: CSI (``ESC [ ... final``: colours, cursor moves,
screen clears), OSC (``ESC ] ... BEL|ST``: window titles, OSC 52 clipboard writes, OSC 8
hyperlinks), DCS/APC/PM/SOS strings, other ESC sequences, C1 controls (also their 8-bit forms),
BEL and the other C0 controls except tab and newline, plus Unicode bidi embeddings, overrides and
isolates that can make text read differently from what it is. ``\\r\\n`` and a lone ``\\r``
become ``\\n`` so line structure is kept (a lone CR would otherwise overwrite the line on screen).

Markup is a separate concern: the UI always draws text with ``rich.text.Text`` (never parsed as
markup), so ``[bold]`` survives as the literal characters someone typed. Text that is put into
Markdown (a comment from HTML, a problem's message in the post view) goes through
``escape_markdown`` so that it renders as itself.
"""

from __future__ import annotations

import re

# ESC-initiated strings terminated by BEL or ST (ESC \), also the 8-bit forms (0x9d OSC, 0x90 DCS,
# 0x98 SOS, 0x9e PM, 0x9f APC, terminated by 0x9c ST). An unterminated string runs to the next ESC
# or the end, so a broken OSC does not swallow the text after a following escape.
_STRING_SEQ = re.compile(
    r"(?:\x1b[\]P_^X]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c|(?=\x1b)|$)"
)
# CSI: ESC [ or 0x9b, parameter bytes, intermediate bytes, one final byte (or the end of text).
_CSI = re.compile(r"(?:\x1b\[|\x9b)[\x30-\x3f]*[\x20-\x2f]*(?:[\x40-\x7e]|$)")
# Any other escape: ESC, optional intermediates, one final byte (and a lone ESC).
_ESC = re.compile(r"\x1b[\x20-\x2f]*[\x30-\x7e]?")
# C0 controls except \t and \n, DEL, C1 controls, and bidi embedding/override/isolate characters.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\x80-\x9f\u202a-\u202e\u2066-\u2069]")


def strip_controls(text: str, *, keep_newlines: bool = True) -> str:
    """Remove every terminal control sequence and control character; keep \\t (and \\n unless told)."""
    if not text:
        return ""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _STRING_SEQ.sub("", text)
    text = _CSI.sub("", text)
    text = _ESC.sub("", text)
    text = _CONTROLS.sub("", text)
    if not keep_newlines:
        text = text.replace("\n", " ")
    return text


def one_line(text: str) -> str:
    """A title or a name: controls removed, on one line, outer space trimmed."""
    return " ".join(strip_controls(text, keep_newlines=False).split())


# Markdown: punctuation that starts inline syntax anywhere (emphasis, code, links, images, HTML,
# an entity's &, strikethrough, tables, Liquid-looking braces), and what starts a block only at the
# start of a line (headings, lists, setext underlines, definitions, ordered lists "1." "1)").
_MD_INLINE = re.compile(r"([\\`*_{}\[\]<>|~]|&(?=#?\w+;))")
_MD_LINE_START = re.compile(r"(?m)^([ \t]*)([-+#=:])")
_MD_ORDERED = re.compile(r"(?m)^([ \t]*)(\d{1,9})([.)])(?=[ \t]|$)")


def escape_markdown(text: str) -> str:
    """``text`` as Markdown that renders as the same characters: no emphasis, link, HTML, entity,
    heading or list comes out of someone else's words. Escapes only what Markdown could read, so
    the stored text stays readable (``e.g.`` is not ``e\\.g\\.``)."""
    text = _MD_INLINE.sub(r"\\\1", text)
    text = _MD_LINE_START.sub(r"\1\\\2", text)
    return _MD_ORDERED.sub(r"\1\2\\\3", text)

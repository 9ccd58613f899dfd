"""Make other people's text safe for a terminal: no control sequences reach the screen.

Post text and comments are not ours. Before anything is drawn, terminal control sequences are
removed: CSI (``ESC [ ... final``), OSC (``ESC ] ... BEL|ST``, e.g. OSC 52 clipboard writes and OSC 8
hyperlinks), DCS/APC/PM/SOS strings, other ESC sequences, C1 controls, BEL and the other C0
controls except tab and newline. Markup is a separate concern: the UI always draws text with
``rich.text.Text`` (never parsed as markup).
"""

from __future__ import annotations

import re

_ESC_SEQ = re.compile(
    r"""
    \x1b\[[0-?]*[ -/]*[@-~]                 # CSI ... final byte
  | \x1b[\]PX^_][\s\S]*?(?:\x07|\x1b\\|\x9c|$)  # OSC / DCS / SOS / PM / APC ... BEL or ST
  | \x9b[0-?]*[ -/]*[@-~]                   # 8-bit CSI
  | [\x90\x98\x9d\x9e\x9f][\s\S]*?(?:\x07|\x1b\\|\x9c|$)  # 8-bit string controls
  | \x1b[ -/]*[0-~]?                         # other ESC sequences (and a lone ESC)
    """,
    re.VERBOSE,
)
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def strip_controls(text: str, *, keep_newlines: bool = True) -> str:
    """Remove terminal control sequences and control characters (tab and newline kept)."""
    if not text:
        return text
    out = _ESC_SEQ.sub("", text)
    out = out.replace("\r\n", "\n")
    out = _CONTROLS.sub("", out)
    if not keep_newlines:
        out = out.replace("\n", " ")
    return out


def one_line(text: str) -> str:
    """A title or a name: controls removed, on one line, outer space trimmed."""
    return " ".join(strip_controls(text, keep_newlines=False).split())

"""The text-safety functions the GitHub, Mastodon and Staticman backends use.

``blogtui.comments.sanitize`` (from the Isso work) is the one place that knows how to make other
people's text safe for a terminal. This module re-exports the four functions these backends need
and, until that module is present in a checkout, provides small equivalents with the same
contract: control sequences (ESC/CSI/OSC/BEL, C1, bidi overrides) removed, markup never
interpreted, newlines kept.
"""

from __future__ import annotations

import re

try:
    from blogtui.comments.sanitize import clean_line, clean_text, safe_url
except ImportError:  # pragma: no cover - only until the sanitize module is merged
    _STRING_SEQ = re.compile(r"(?:\x1b[\]P_^X]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c|(?=\x1b)|$)")
    _CSI = re.compile(r"(?:\x1b\[|\x9b)[\x30-\x3f]*[\x20-\x2f]*(?:[\x40-\x7e]|$)")
    _ESC = re.compile(r"\x1b[\x20-\x2f]*[\x30-\x7e]?")
    _CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\x80-\x9f\u202a-\u202e\u2066-\u2069]")

    def _strip(text: str) -> str:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        return _CONTROLS.sub("", _ESC.sub("", _CSI.sub("", _STRING_SEQ.sub("", text))))

    def clean_text(value: object, *, limit: int = 100_000) -> str:
        if not isinstance(value, str):
            return ""
        text = _strip(value[: limit * 2])
        return (text[:limit] + "…" if len(text) > limit else text).strip("\n ")

    def clean_line(value: object, *, limit: int = 200, unescape: bool = False) -> str:
        if not isinstance(value, str):
            return ""
        text = " ".join(_strip(value[: limit * 4]).split())
        return text[:limit] + "…" if len(text) > limit else text

    def safe_url(value: object) -> str:
        url = clean_line(value, limit=500)
        return url if re.match(r"(?i)^https?://[^\s/]+", url) else ""


def sanitize_text(text: str) -> str:
    """Other people's text, safe for the terminal (the contract the backends are written to)."""
    return clean_text(text)


__all__ = ["clean_line", "clean_text", "safe_url", "sanitize_text"]


def _norm(text: str) -> str:
    return re.sub(r"\W+", "", text).lower()


def find_reply(comments: list, draft: object, *, skew_seconds: float = 600.0) -> object | None:
    """Our reply among a thread's comments, when the server changed its text on the way.

    GitHub prefixes a quote of the comment replied to, Mastodon an @mention and HTML escaping;
    the author is the account's name, not the draft's. So: the newest comment whose letters and
    digits end with the draft's, created after the draft was written (minus clock skew).
    """
    wanted = _norm(getattr(draft, "text", ""))
    created = getattr(draft, "created", None)
    if not wanted:
        return None
    for c in sorted(comments, key=lambda c: c.created, reverse=True):
        if created is not None and (c.created - created).total_seconds() < -skew_seconds:
            break
        if _norm(c.text).endswith(wanted):
            return c
    return None

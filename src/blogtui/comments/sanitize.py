"""Make comments (other people's text) safe to store and show: cleaned fields, length caps, HTML.

Comments come from strangers through a server we do not control. Before anything is stored or
shown, terminal control sequences are removed by ``blogtui.safe.strip_controls`` (the one
implementation; re-exported here): CSI, OSC 52/8, DCS/APC/PM/SOS, ESC, C1, BEL and other C0
controls, and Unicode bidi overrides. This module adds what is specific to comments: length
caps, one-line fields, http(s)-only websites and server HTML turned into Markdown-ish text.

What comes out is plain text / Markdown *source*: it is never interpreted as Rich or Textual
markup here, and the UI must render it with ``rich.text.Text`` (``markup=False``). ``[bold]`` and
``[/]`` therefore survive as the literal characters the commenter typed.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from blogtui.safe import strip_controls

__all__ = [
    "MAX_LINE",
    "MAX_TEXT",
    "bare_links_once",
    "clean_line",
    "clean_text",
    "html_to_text",
    "safe_url",
    "strip_controls",
]

#: comments longer than this are cut (Isso itself allows 65,535 characters)
MAX_TEXT = 100_000
MAX_LINE = 200


def clean_text(value: object, *, limit: int = MAX_TEXT) -> str:
    """A comment body: controls removed, lines kept, surrounding blank space trimmed, a link
    whose text is its own address written once (see ``bare_links_once``)."""
    if not isinstance(value, str):
        return ""
    text = strip_controls(value[: limit * 2])
    if len(text) > limit:
        text = text[:limit] + "…"
    return bare_links_once(text.strip("\n "))


_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+)(?:.*?)\1")
_AUTOLINK = re.compile(r"<(https?://[^\s<>]+)>")
_SELF_LINK = re.compile(r"\[(https?://[^\]\s]+)\]\((https?://[^)\s]+)\)")


def _same_url(label: str, url: str) -> bool:
    return label.rstrip("/") == url.rstrip("/")


def _links_once(line: str) -> str:
    line = _AUTOLINK.sub(r"\1", line)
    return _SELF_LINK.sub(
        lambda m: m.group(2) if _same_url(m.group(1), m.group(2)) else m.group(0), line
    )


def bare_links_once(text: str) -> str:
    """``<https://x>`` and ``[https://x](https://x)`` as plain ``https://x``: a Markdown view that
    shows a link's address after its text would show these twice. Code (fenced blocks, inline
    spans) is left as it is. One pass over the lines, no recursion."""
    if "http" not in text:
        return text
    out: list[str] = []
    fence = ""
    for line in text.split("\n"):
        m = _FENCE.match(line)
        mark = m.group(1) if m else ""
        if fence:
            if mark and mark[0] == fence[0] and len(mark) >= len(fence) and line.strip() == mark:
                fence = ""
            out.append(line)
        elif mark:
            fence = mark
            out.append(line)
        else:
            pieces, last = [], 0
            for span in _CODE_SPAN.finditer(line):
                pieces.append(_links_once(line[last : span.start()]))
                pieces.append(span.group(0))
                last = span.end()
            pieces.append(_links_once(line[last:]))
            out.append("".join(pieces))
    return "\n".join(out)


def clean_line(value: object, *, limit: int = MAX_LINE, unescape: bool = False) -> str:
    """A one-line field (author, website): controls gone, whitespace collapsed, length capped.

    ``unescape`` undoes HTML escaping that some servers apply on input (Isso escapes ``<``, ``>``
    and ``&`` in the author name), so the name reads as it was typed.
    """
    if not isinstance(value, str):
        return ""
    if unescape:
        import html  # its entity table: only for fields a server escaped

        value = html.unescape(value)
    text = " ".join(strip_controls(value[: limit * 4]).split())
    return text[:limit] + "…" if len(text) > limit else text


def safe_url(value: object) -> str:
    """A commenter's website, only if it is a plain http(s) URL; '' otherwise (never javascript:)."""
    url = clean_line(value, limit=500, unescape=True)
    if not re.match(r"(?i)^https?://[^\s/]+", url):
        return ""
    return url


@cache
def _html_to_text_parser() -> Any:
    """The parser class, made on first use: html.parser (and its entity table) is not imported
    by whatever only cleans lines and texts (the reader's start)."""
    from html.parser import HTMLParser

    class _HTMLToText(HTMLParser):
        """Server HTML -> Markdown-ish plain text: keeps paragraphs, line breaks, links, emphasis.

        For backends that only send HTML (Mastodon, Isso without ``plain=1``). Tags are never
        rendered, scripts and styles are dropped, entities decoded; the result is cleaned again.
        """

        _BLOCK = {
            "p",
            "div",
            "blockquote",
            "pre",
            "ul",
            "ol",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "table",
            "tr",
        }
        #: inline tags and the Markdown that marks both their start and their end
        _MARKS = {"strong": "**", "b": "**", "em": "*", "i": "*", "code": "`"}

        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.parts: list[str] = []
            self._skip = 0
            self._links: list[str] = []

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if tag in ("script", "style"):
                self._skip += 1
            elif tag == "br":
                self.parts.append("\n")
            elif tag in self._BLOCK:
                self.parts.append("\n\n")
            elif tag == "li":
                self.parts.append("\n- ")
            elif tag in self._MARKS:
                self.parts.append(self._MARKS[tag])
            elif tag == "a":
                href = dict(attrs).get("href") or ""
                self._links.append(safe_url(href))
                self.parts.append("[")

        def handle_endtag(self, tag: str) -> None:
            if tag in ("script", "style"):
                self._skip = max(0, self._skip - 1)
            elif tag in self._BLOCK:
                self.parts.append("\n\n")
            elif tag in self._MARKS:
                self.parts.append(self._MARKS[tag])
            elif tag == "a":
                href = self._links.pop() if self._links else ""
                self.parts.append(f"]({href})" if href else "]")

        def handle_data(self, data: str) -> None:
            if not self._skip:
                self.parts.append(data)

    return _HTMLToText


def html_to_text(value: object) -> str:
    """Convert server HTML to safe Markdown-ish text (see _HTMLToText, in _html_to_text_parser)."""
    if not isinstance(value, str):
        return ""
    parser = _html_to_text_parser()()
    try:
        parser.feed(value[: MAX_TEXT * 4])
        parser.close()
    except Exception:
        return clean_text(re.sub(r"<[^>]*>", "", value))
    text = "".join(parser.parts)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return clean_text(text)

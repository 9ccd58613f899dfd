"""HTML in posts -> Markdown the post view draws, with the standard library's ``html.parser``.

A visitor's browser shows text, not tags; the reader should too. ``html_to_markdown`` turns a
block of HTML into Markdown: paragraphs, line breaks, emphasis, code, links, images
(``![alt](src)``, drawn ``[image: alt] (src)``), figures and their captions, iframes/videos/audio as
``[video: title] (src)``, details (the summary, then the content), tables as pipe tables, lists,
headings, rules; entities are decoded, comments and ``script``/``style`` contents dropped.
Text from the HTML is escaped so it stays text (``*`` stays a star), control characters go.
``inline_tag`` reads one inline tag (``<em>``, ``</a>``, ``<br/>``) for the inline renderer.

This module is core: it never imports Textual. Nothing here raises on any input.
"""

from __future__ import annotations

import textwrap
from html.parser import HTMLParser

from blogtui.safe import strip_controls

__all__ = ["html_to_markdown", "inline_tag"]

_SKIP = {"script", "style", "noscript", "template", "head", "title"}
_BLOCK = {
    "p", "div", "section", "article", "header", "footer", "main", "aside", "nav", "blockquote",
    "figure", "figcaption", "center", "address", "form", "fieldset", "dl", "dd", "dt", "body", "html",
}  # fmt: skip
_EMPH = {"em": "*", "i": "*", "cite": "*", "strong": "**", "b": "**", "del": "~~", "s": "~~"}
_MEDIA = {"iframe", "video", "audio", "embed", "object"}
_ESCAPE = str.maketrans({c: "\\" + c for c in "\\`*_[]<>|~#"})


def _esc(text: str) -> str:
    return text.translate(_ESCAPE)


def _href(url: str) -> str:
    url = url.strip()
    return f"<{url}>" if any(c in url for c in " ()") else url


class _ToMarkdown(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.skip = 0
        self.pre = 0
        self.lists: list[list[int | bool]] = []  # [ordered, number]
        self.links: list[str] = []
        self.table: list[list[str]] | None = None
        self.cell: list[str] | None = None
        self.header_row = False
        self.media: dict[str, str] | None = None
        self.markdown: list[str] = []  # kramdown's markdown="1" elements open around the text

    # -- output --------------------------------------------------------------------------------
    def put(self, text: str) -> None:
        if self.cell is not None:
            self.cell.append(text)
        else:
            self.out.append(text)

    def block(self) -> None:
        if self.cell is not None:
            self.cell.append(" ")
        elif self.lists:
            self.out.append("\n" + "   " * len(self.lists))
        else:
            self.out.append("\n\n")

    # -- parser events -------------------------------------------------------------------------
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag in _SKIP:
            self.skip += 1
        if self.skip:
            return
        if a.get("markdown") in ("1", "block", "span"):
            self.markdown.append(tag)
        if tag in _BLOCK:
            self.block()
        elif tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self.block()
            self.put("#" * int(tag[1]) + " ")
        elif tag == "br":
            self.put(" " if self.cell is not None else "\\\n")
        elif tag == "hr":
            self.out.append("\n\n---\n\n")
        elif tag in _EMPH:
            self.put(_EMPH[tag])
        elif tag in ("code", "kbd", "samp", "tt") and not self.pre:
            self.put("`")
        elif tag == "pre":
            self.block()
            self.out.append("````\n")
            self.pre += 1
        elif tag == "a":
            self.links.append(a.get("href", ""))
            if a.get("href"):
                self.put("[")
        elif tag == "img":
            alt = a.get("alt") or a.get("title") or ""
            self.put(f"![{_esc(alt)}]({_href(a.get('src', ''))})")
        elif tag in _MEDIA:
            self.media = {
                "title": a.get("title") or a.get("aria-label") or "",
                "src": a.get("src") or a.get("data") or "",
            }
        elif tag == "source" and self.media is not None and not self.media["src"]:
            self.media["src"] = a.get("src", "")
        elif tag == "summary":
            self.block()
            self.put("**")
        elif tag in ("ul", "ol"):
            if not self.lists:
                self.out.append("\n\n")
            self.lists.append([tag == "ol", 0])
        elif tag == "li":
            if self.lists:
                lst = self.lists[-1]
                lst[1] = int(lst[1]) + 1
                mark = f"{lst[1]}. " if lst[0] else "- "
                self.out.append("\n" + "   " * (len(self.lists) - 1) + mark)
        elif tag == "table":
            self.block()
            self.table = []
        elif tag == "tr" and self.table is not None:
            self.table.append([])
            self.header_row = False
        elif tag in ("td", "th") and self.table is not None:
            if not self.table:
                self.table.append([])
            self.header_row = self.header_row or tag == "th"
            self.cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
            return
        if self.skip:
            return
        if self.markdown and self.markdown[-1] == tag:
            self.markdown.pop()
        if tag in _BLOCK or tag in ("h1", "h2", "h3", "h4", "h5", "h6", "details"):
            self.block()
        elif tag in _EMPH:
            self.put(_EMPH[tag])
        elif tag in ("code", "kbd", "samp", "tt") and not self.pre:
            self.put("`")
        elif tag == "pre" and self.pre:
            self.pre -= 1
            self.out.append("\n````\n\n")
        elif tag == "a" and self.links:
            href = self.links.pop()
            if href:
                self.put(f"]({_href(href)})")
        elif tag in _MEDIA and self.media is not None:
            title, src = self.media["title"], self.media["src"]
            label = "audio" if tag == "audio" else "video"
            label = f"[{label}: {title}]" if title else f"[{label}]"
            self.block()
            self.put(_esc(label) + (f" ({_esc(src)})" if src else ""))
            self.block()
            self.media = None
        elif tag == "summary":
            self.put("**")
            self.block()
        elif tag in ("ul", "ol") and self.lists:
            self.lists.pop()
            self.out.append("\n\n" if not self.lists else "\n")
        elif tag in ("td", "th") and self.table is not None and self.cell is not None:
            text = " ".join("".join(self.cell).split()).replace("|", "\\|")
            self.table[-1].append(text)
            self.cell = None
        elif tag == "table" and self.table is not None:
            self.out.append(_pipe_table(self.table))
            self.table = None

    def handle_data(self, data: str) -> None:
        if self.skip or self.media is not None:
            return
        if self.pre:
            self.out.append(data.replace("````", "` ```"))
            return
        if self.table is not None and self.cell is None:
            return  # blanks between cells
        if self.markdown:  # kramdown reads this as Markdown: it stays Markdown, lines dedented
            self.put(textwrap.dedent(data))
            return
        text = " ".join(data.split())
        if data[:1].isspace() and text:
            text = " " + text
        if data[-1:].isspace() and text:
            text += " "
        if not text and data:
            text = " "
        self.put(_esc(text))


def _pipe_table(rows: list[list[str]]) -> str:
    rows = [r for r in rows if r]
    if not rows:
        return ""
    width = max(len(r) for r in rows)
    rows = [r + [""] * (width - len(r)) for r in rows]
    lines = ["| " + " | ".join(rows[0]) + " |", "|" + "---|" * width]
    lines.extend("| " + " | ".join(r) + " |" for r in rows[1:])
    return "\n\n" + "\n".join(lines) + "\n\n"


def html_to_markdown(html: str) -> str:
    """A block of HTML as Markdown (see the module docstring)."""
    parser = _ToMarkdown()
    try:
        parser.feed(html)
        parser.close()
    except Exception:  # html.parser is lenient; anything else: what was read so far
        pass
    if parser.table is not None:
        parser.out.append(_pipe_table(parser.table))
    text = "".join(parser.out)
    lines = [line.rstrip() if not line.endswith("\\") else line for line in text.split("\n")]
    out = "\n".join(lines)
    while "\n\n\n" in out:
        out = out.replace("\n\n\n", "\n\n")
    return strip_controls(out.strip("\n")) + "\n"


class _OneTag(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: tuple[str, str, dict[str, str]] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.found is None:
            self.found = ("open", tag, {k: v or "" for k, v in attrs})

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if self.found is None:
            self.found = ("close", tag, {})

    def handle_comment(self, data: str) -> None:
        if self.found is None:
            self.found = ("comment", "", {})


def inline_tag(fragment: str) -> tuple[str, str, dict[str, str]]:
    """``("open"|"close"|"comment"|"other", tag name, attributes)`` of one inline HTML token."""
    parser = _OneTag()
    try:
        parser.feed(fragment)
        parser.close()
    except Exception:
        return ("other", "", {})
    return parser.found or ("other", "", {})

"""Inline tokens (the children of an ``inline`` token) to plain text, style runs and links.

Text is only ever appended as a plain string: ``[bold]`` in a post stays ``[bold]``.
Conventions: a code span that starts with ``{{`` or ``{%`` is a Liquid leftover (dimmed, not code);
images become ``[image: alt] (path)`` and are never fetched; raw HTML is shown dimmed.
"""

from __future__ import annotations

from array import array
from typing import TYPE_CHECKING

from blogtui.blog.liquid_leftovers import RAW_GUARD, is_liquid_leftover
from blogtui.blog.posthref import MISSING_SCHEME
from blogtui.tui.render.styles import STYLES

if TYPE_CHECKING:  # markdown-it is imported when a post is first parsed
    from markdown_it.token import Token

__all__ = ["Inline", "render_inline"]

_OPEN = {"em_open": "emph", "strong_open": "strong", "s_open": "strike"}
_CLOSE = {"em_close": "emph", "strong_close": "strong", "s_close": "strike"}


class Inline:
    """Accumulates text and runs; ``runs`` is a flat array of (start, end, style id)."""

    __slots__ = ("anchors", "links", "parts", "pos", "runs")

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.runs = array("I")
        self.links: list[tuple[int, int, str]] = []
        self.anchors: dict[str, int] = {}
        self.pos = 0

    def emit(self, text: str, names: tuple[str, ...]) -> None:
        if not text:
            return
        if "\t" in text:  # a tab would move the terminal cursor by an unknown amount
            text = text.replace("\t", " ")
        sid = STYLES.id(names) if names else 0
        end = self.pos + len(text)
        if sid:
            runs = self.runs
            if runs and runs[-2] == self.pos and runs[-1] == sid:
                runs[-2] = end
            else:
                runs.extend((self.pos, end, sid))
        self.parts.append(text)
        self.pos = end

    @property
    def text(self) -> str:
        return "".join(self.parts)


def _checkbox(content: str) -> str | None:
    if "task-list-item-checkbox" not in content:
        return None
    return "[x]" if "checked" in content else "[ ]"


def render_inline(
    children: list[Token] | None, base: tuple[str, ...] = (), out: Inline | None = None
) -> Inline:
    """Render inline ``children`` with ``base`` style names applied to all of it."""
    out = out if out is not None else Inline()
    stack: list[str] = list(base)
    link_starts: list[tuple[int, str]] = []
    for tok in children or ():
        typ = tok.type
        if typ == "text":
            out.emit(tok.content.replace("\t", " ").replace(RAW_GUARD, ""), tuple(stack))
        elif typ == "softbreak":
            out.emit(" ", tuple(stack))
        elif typ == "hardbreak":
            out.emit("\n", ())
        elif typ == "code_inline":
            content = tok.content
            kind = "liquid" if is_liquid_leftover(content) else "code"
            if content.startswith(RAW_GUARD):  # the author's own {{ }} in {% raw %}: plain code
                content = content[len(RAW_GUARD) :]
            out.emit(content.replace("\t", " "), (*stack, kind))
        elif typ in _OPEN:
            stack.append(_OPEN[typ])
        elif typ in _CLOSE:
            _remove_last(stack, _CLOSE[typ])
        elif typ == "link_open":
            href = str(tok.attrGet("href") or "")
            link_starts.append((out.pos, href))
            stack.append("link")
        elif typ == "link_close":
            if link_starts:
                start, href = link_starts.pop()
                if href.startswith(MISSING_SCHEME):  # the post it names does not exist
                    _remove_last(stack, "link")
                    out.emit(" (missing)", (*stack, "liquid"))
                    continue
                if out.pos > start:
                    out.links.append((start, out.pos, href))
            _remove_last(stack, "link")
        elif typ == "image":
            alt = "".join(c.content for c in tok.children or ()) or tok.content
            src = str(tok.attrGet("src") or "")
            out.emit(f"[image: {alt}]", (*stack, "image"))
            if src:
                out.emit(f" ({src})", (*stack, "image_path"))
        elif typ == "html_inline":
            box = _checkbox(tok.content)
            if box is not None:
                out.emit(box, ("task_done",) if box == "[x]" else ("task",))
            else:
                _html_tag(tok.content, out, stack, link_starts)
        elif typ == "footnote_ref":
            n = tok.meta["id"] + 1
            sub = tok.meta.get("subId", 0)
            start = out.pos
            out.anchors[f"fnref{n}" if not sub else f"fnref{n}:{sub}"] = start
            out.emit(f"[{n}]", (*stack, "footnote_ref"))
            out.links.append((start, out.pos, f"#fn{n}"))
        else:
            out.emit(tok.content.replace("\n", " "), tuple(stack))
    return out


_HTML_STYLE = {
    "em": "emph", "i": "emph", "cite": "emph", "strong": "strong", "b": "strong",
    "del": "strike", "s": "strike", "code": "code", "kbd": "code", "tt": "code",
}  # fmt: skip


def _html_tag(
    fragment: str, out: Inline, stack: list[str], link_starts: list[tuple[int, str]]
) -> None:
    """An inline HTML tag as a browser shows it: a style, a link, a line break, an image; the
    tag itself is never drawn (comments and unknown tags vanish)."""
    from blogtui.blog.html_text import inline_tag

    kind, tag, attrs = inline_tag(fragment)
    if tag in _HTML_STYLE:
        if kind == "open":
            stack.append(_HTML_STYLE[tag])
        elif kind == "close":
            _remove_last(stack, _HTML_STYLE[tag])
    elif tag == "br":
        out.emit("\n", ())
    elif tag == "a" and kind == "open":
        link_starts.append((out.pos, attrs.get("href", "")))
        stack.append("link")
    elif tag == "a" and kind == "close":
        if link_starts:
            start, href = link_starts.pop()
            if out.pos > start and href:
                out.links.append((start, out.pos, href))
        _remove_last(stack, "link")
    elif tag == "img":
        out.emit(f"[image: {attrs.get('alt', '')}]", (*stack, "image"))
        if attrs.get("src"):
            out.emit(f" ({attrs['src']})", (*stack, "image_path"))
    elif tag in ("iframe", "video", "audio") and kind == "open":
        label = "audio" if tag == "audio" else "video"
        out.emit(f"[{label}: {attrs.get('title', '') or label}]", (*stack, "image"))
        if attrs.get("src"):
            out.emit(f" ({attrs['src']})", (*stack, "image_path"))


def _remove_last(stack: list[str], name: str) -> None:
    for i in range(len(stack) - 1, -1, -1):
        if stack[i] == name:
            del stack[i]
            return

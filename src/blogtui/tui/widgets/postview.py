"""The post view (temporary implementation on Textual's Markdown widget; to be replaced by a
Line-API view that renders only what is on screen — issue 6).

API used by the reader screen (keep it when replacing the implementation):
- ``show_markdown(markdown, *, source="")``: replace the content and scroll to the top; must not
  block input on huge posts.
- ``toc`` -> list[TocEntry]; ``goto_anchor(anchor) -> bool``.
- posts ``PostView.LinkClicked(href)`` when the user follows a link; the screen routes it.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Markdown


@dataclass(frozen=True, slots=True)
class TocEntry:
    level: int
    text: str
    anchor: str


class PostView(VerticalScroll, can_focus=True):
    class LinkClicked(Message):
        def __init__(self, href: str) -> None:
            super().__init__()
            self.href = href

    def compose(self):
        yield Markdown("", open_links=False)

    @property
    def toc(self) -> list[TocEntry]:
        md = self.query_one(Markdown)
        out = []
        for level, label, block_id in md.table_of_contents or []:
            out.append(TocEntry(level, str(label), block_id or ""))
        return out

    def show_markdown(self, markdown: str, *, source: str = "") -> None:
        self.query_one(Markdown).update(markdown)
        self.scroll_home(animate=False)

    def goto_anchor(self, anchor: str) -> bool:
        return self.query_one(Markdown).goto_anchor(anchor)

    def on_markdown_link_clicked(self, event: Markdown.LinkClicked) -> None:
        event.stop()
        self.post_message(self.LinkClicked(event.href))

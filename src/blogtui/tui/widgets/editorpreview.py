"""The editor's live preview: a ``PostView`` that lays out the buffer's Markdown in a thread,
prepared as the reader prepares a post (``blog.pipeline.preview_post``: Liquid, kramdown, links
to other posts)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual import on, work
from textual.message import Message

from blogtui.blog.pipeline import preview_post
from blogtui.tui.screens.editor_support import preview_text
from blogtui.tui.widgets.postview import PostView


class EditorPreview(PostView):
    """``show_text`` prepares the body (a window around the cursor for a long post) off the loop."""

    class _Ready(Message):
        def __init__(self, markdown: str, whole: bool, source: str) -> None:
            super().__init__()
            self.markdown, self.whole, self.source = markdown, whole, source

    def show_text(self, text: str, cursor_row: int, path: Path, site: Any, index: Any) -> None:
        """The buffer ``text`` of the post at ``path`` in ``site``; ``index``: the reader's
        (None: links to other posts stay as written)."""
        self._prepare(text, cursor_row, path, site, index)

    @work(thread=True, exclusive=True, group="preview", exit_on_error=False)
    def _prepare(self, text: str, cursor_row: int, path: Path, site: Any, index: Any) -> None:
        body, whole = preview_text(text, cursor_row)
        markdown = preview_post(text, body, site=site, path=path, index=index)
        self.post_message(self._Ready(markdown, whole, str(path)))

    @on(_Ready)
    def _preview_ready(self, message: _Ready) -> None:
        message.stop()
        if not message.whole:  # a window around the cursor: show it from its top
            self.show_markdown(message.markdown, source=message.source)
            return
        self.show_markdown(message.markdown, source=message.source, keep_position=True)


__all__ = ["EditorPreview"]

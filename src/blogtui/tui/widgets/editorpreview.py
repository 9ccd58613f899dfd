"""The editor's live preview: a ``PostView`` that lays out the buffer's Markdown in a thread."""

from __future__ import annotations

from textual import on, work
from textual.message import Message

from blogtui.tui.screens.editor_support import prepare_body, preview_text
from blogtui.tui.widgets.postview import PostView


class EditorPreview(PostView):
    """``show_text`` prepares the body (a window around the cursor for a long post) off the loop."""

    class _Ready(Message):
        def __init__(self, markdown: str, whole: bool, source: str) -> None:
            super().__init__()
            self.markdown, self.whole, self.source = markdown, whole, source

    def show_text(self, text: str, cursor_row: int, source: str) -> None:
        self._prepare(text, cursor_row, source)

    @work(thread=True, exclusive=True, group="preview", exit_on_error=False)
    def _prepare(self, text: str, cursor_row: int, source: str) -> None:
        body, whole = preview_text(text, cursor_row)
        self.post_message(self._Ready(prepare_body(body, text), whole, source))

    @on(_Ready)
    def _preview_ready(self, message: _Ready) -> None:
        message.stop()
        if not message.whole:  # a window around the cursor: show it from its top
            self.show_markdown(message.markdown, source=message.source)
            return
        try:  # the Line-API PostView keeps the reader's place itself
            self.show_markdown(message.markdown, source=message.source, keep_position=True)  # type: ignore[call-arg]
        except TypeError:  # the placeholder PostView: put the scroll position back ourselves
            y = self.scroll_y
            self.show_markdown(message.markdown, source=message.source)
            self.call_after_refresh(self.scroll_to, y=y, animate=False)


__all__ = ["EditorPreview"]

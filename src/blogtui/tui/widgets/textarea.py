"""``SafeTextArea``: Textual's ``TextArea`` with its undo/redo crash fixed (the base of ours).

Textual 8.2.8 crashes on redo (and undo) of an edit that removes lines: ``_redo_batch`` refreshes
the virtual size *before* it moves the cursor back into the document, the scrollbar watcher then
scrolls to the old cursor row, and ``WrappedDocument.get_offsets`` raises ``ValueError: The
document line index 1 is out of bounds`` (``ctrl+a``, ``backspace``, ``ctrl+z``, ``ctrl+y``
ends the app). Scrolling to the cursor is held back while a batch is applied and done after it.
"""

from __future__ import annotations

from typing import Any

from textual.geometry import Offset
from textual.widgets import TextArea


class SafeTextArea(TextArea):
    """A ``TextArea`` whose undo and redo never scroll to a cursor outside the document."""

    _applying_batch = False

    def scroll_cursor_visible(self, center: bool = False, animate: bool = False) -> Offset:
        if self._applying_batch:
            return Offset(0, 0)  # the cursor is moved after the batch; scrolled to then
        return super().scroll_cursor_visible(center, animate)

    def _undo_batch(self, edits: Any) -> None:
        self._applying_batch = True
        try:
            super()._undo_batch(edits)
        finally:
            self._applying_batch = False
        self.scroll_cursor_visible()

    def _redo_batch(self, edits: Any) -> None:
        self._applying_batch = True
        try:
            super()._redo_batch(edits)
        finally:
            self._applying_batch = False
        self.scroll_cursor_visible()

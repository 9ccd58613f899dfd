"""``SafeTextArea``: Textual's ``TextArea`` made safe for other people's text (the base of ours).

Control characters are shown, never sent. Textual 8.2.8's ``TextArea`` draws a line's characters
as they are: a post holding ``ESC ] 52 ; c ; … BEL`` writes to the terminal's clipboard, ``ESC [ 2J``
erases the screen, and so on. Here every control character (C0 but tab, DEL, C1, and the bidi
embeddings/overrides/isolates) is *displayed* as a one-cell picture (``␛``, ``␇``, ``␀`` … ``␡``;
``␦`` for C1, ``⇄`` for bidi controls) in its own style, like vim's ``^[``. The buffer keeps the
real characters: the document's ``text``, ``get_text_range`` and edits use the raw lines, so copy,
undo and save give back the user's bytes unchanged. Only what the widget measures and draws
(``lines``, ``get_line``, ``document[i]``) sees the pictures; the mapping is one character to one
character, so every column and location is the same in both.

Undo/redo: Textual 8.2.8 crashes on redo (and undo) of an edit that removes lines: ``_redo_batch``
refreshes the virtual size *before* it moves the cursor back into the document, the scrollbar
watcher then scrolls to the old cursor row, and ``WrappedDocument.get_offsets`` raises
``ValueError`` (``ctrl+a``, ``backspace``, ``ctrl+z``, ``ctrl+y`` ends the app). Scrolling to the
cursor is held back while a batch is applied and done after it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import Any, overload

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import events
from textual.document._document import DocumentBase
from textual.expand_tabs import expand_tabs_inline
from textual.geometry import Offset
from textual.widgets import TextArea

#: raw control character -> the one-cell picture drawn instead
CONTROL_PICTURES: dict[int, str] = {
    **{c: chr(0x2400 + c) for c in range(0x20) if c not in (0x09, 0x0A)},
    0x7F: "\u2421",
    **{c: "\u2426" for c in range(0x80, 0xA0)},
    **{
        c: "\u21c4"
        for c in (0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A))
    },
}
_CONTROL_RE = re.compile("[" + "".join(re.escape(chr(c)) for c in CONTROL_PICTURES) + "]")
#: how a control character's picture is drawn (bold, reversed: unlike any text of the post)
CONTROL_STYLE = Style(bold=True, reverse=True)


_last_long: list[str] = ["", ""]  # the last long line looked at, and its pictures


def visible(line: str) -> str:
    """``line`` with each control character replaced by its one-cell picture.

    A long line is drawn, measured and edited many times per key: the answer for the last one
    is kept (a 6 MB line takes 8 ms to search)."""
    if len(line) > 4096:
        if _last_long[0] is line:
            return _last_long[1]
        _last_long[:] = [line, visible_now(line)]
        return _last_long[1]
    return visible_now(line)


def visible_now(line: str) -> str:
    return line.translate(CONTROL_PICTURES) if _CONTROL_RE.search(line) else line


_last_width: list[Any] = ["", 0, 0]  # the last long line measured, its tab width, its cells


def cell_width(line: str, tab_width: int) -> int:
    """Cells ``line`` takes (tabs expanded); kept for the last long line (30 ms for 6 MB)."""
    if len(line) > 4096 and _last_width[0] is line and _last_width[1] == tab_width:
        return int(_last_width[2])
    width = cell_len(line.expandtabs(tab_width)) if "\t" in line else cell_len(line)
    if len(line) > 4096:
        _last_width[:] = [line, tab_width, width]
    return width


class _VisibleLines(Sequence[str]):
    """A read-only view of a document's lines as they are drawn (built on access: O(1) to make)."""

    __slots__ = ("_raw",)

    def __init__(self, raw: list[str]) -> None:
        self._raw = raw

    def __len__(self) -> int:
        return len(self._raw)

    @overload
    def __getitem__(self, index: int) -> str: ...
    @overload
    def __getitem__(self, index: slice) -> list[str]: ...
    def __getitem__(self, index: int | slice) -> str | list[str]:
        if isinstance(index, slice):
            return [visible(line) for line in self._raw[index]]
        return visible(self._raw[index])

    def __iter__(self) -> Iterator[str]:
        return (visible(line) for line in self._raw)


class _VisibleDocument:
    """Mixed into the document's own class: what is measured and drawn shows controls visibly."""

    _lines: list[str]

    @property
    def lines(self) -> Sequence[str]:  # type: ignore[override]
        return _VisibleLines(self._lines)

    def __getitem__(self, line_index: int | slice) -> str | list[str]:
        if isinstance(line_index, slice):
            return [visible(line) for line in self._lines[line_index]]
        return visible(self._lines[line_index])

    def get_line(self, index: int) -> str:
        return visible(self._lines[index])


_visible_classes: dict[type, type] = {}


def _visible_class(cls: type) -> type:
    if getattr(cls, "_blogtui_visible", False):
        return cls
    found = _visible_classes.get(cls)
    if found is None:  # one base, so that ``__class__`` can be assigned; the methods copied in
        members = {
            k: v
            for k, v in vars(_VisibleDocument).items()
            if k in ("lines", "__getitem__", "get_line")
        }
        found = type(f"Visible{cls.__name__}", (cls,), {**members, "_blogtui_visible": True})
        _visible_classes[cls] = found
    return found


class SafeTextArea(TextArea):
    """A ``TextArea`` that draws control characters visibly and whose undo/redo never crash."""

    _applying_batch = False
    _document: DocumentBase
    #: key events created before this moment (Textual's clock) are dropped, never typed
    _keys_from = 0.0

    def ignore_keys_before(self, moment: float) -> None:
        """Drop key events made before ``moment``: keys pressed while the text was loading, and
        delivered once the event loop was free again, must not land in the text."""
        self._keys_from = moment

    async def _on_key(self, event: events.Key) -> None:
        if event.time < self._keys_from:
            event.stop()
            event.prevent_default()
            return
        await super()._on_key(event)

    @property  # type: ignore[override]
    def document(self) -> DocumentBase:
        return self._document

    @document.setter
    def document(self, document: DocumentBase) -> None:
        # The same object, a class whose line accessors show controls (no copy of the text).
        document.__class__ = _visible_class(type(document))
        self._document = document

    def get_line(self, line_index: int) -> Text:
        return self.styled_line(self._document._lines[line_index])  # type: ignore[attr-defined]

    @staticmethod
    def styled_line(raw: str) -> Text:
        """``raw`` as drawn: each control character a picture in ``CONTROL_STYLE``."""
        line = Text(visible(raw), end="", no_wrap=True)
        for m in _CONTROL_RE.finditer(raw):
            line.stylize(CONTROL_STYLE, m.start(), m.end())
        return line

    def get_column_width(self, row: int, column: int) -> int:
        """Textual's, without scanning a long line's start for tabs when it has none."""
        before = self.document[row][:column]
        if "\t" in before:
            before = expand_tabs_inline(before, self.indent_width)
        return cell_len(before)

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

"""``CompactWrappedDocument``: Textual's ``WrappedDocument`` without its per-line tables.

``WrappedDocument`` keeps four tables with an entry per line (lists and tuples: ~250 bytes a
line). This one remembers only the lines that wrap (with soft wrap off, or when the lines fit
the view: nothing at all) and computes the rest: line -> rows and row -> line by bisection. Over a
``CompactLines`` document it measures only the lines long enough to need a break (found at C
speed). Its answers are ``WrappedDocument``'s (tests/test_editor_wrap.py).
"""

from __future__ import annotations

from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from typing import Any

from rich.cells import cell_len  # (textual._cells': keeps every string it measures)
from rich.text import Text
from textual._cells import cell_width_to_column_index
from textual._wrap import compute_wrap_offsets
from textual.document._document import DocumentBase, Location
from textual.document._wrapped_document import WrappedDocument
from textual.expand_tabs import expand_tabs_inline, get_tab_widths
from textual.geometry import Offset, clamp

from blogtui.tui.widgets.compactdoc import CompactLines


class _RowInfo(Sequence[tuple[int, int]]):
    """``WrappedDocument._offset_to_line_info``, computed: visual row -> (line, section)."""

    __slots__ = ("_wrapped",)

    def __init__(self, wrapped: CompactWrappedDocument) -> None:
        self._wrapped = wrapped

    def __len__(self) -> int:
        return self._wrapped.height

    def __getitem__(self, row: Any) -> Any:
        height = self._wrapped.height
        if row < 0:
            row += height
        if not 0 <= row < height:
            raise IndexError(row)
        return self._wrapped.row_to_line(row)


class _LineRows(Sequence[list[int]]):
    """``WrappedDocument._line_index_to_offsets``, computed: line -> its visual rows."""

    __slots__ = ("_wrapped",)

    def __init__(self, wrapped: CompactWrappedDocument) -> None:
        self._wrapped = wrapped

    def __len__(self) -> int:
        return self._wrapped.line_count

    def __getitem__(self, line: Any) -> Any:
        wrapped = self._wrapped
        if line < 0:
            line += wrapped.line_count
        if not 0 <= line < wrapped.line_count:
            raise IndexError(line)
        first = wrapped.line_to_row(line)
        return list(range(first, first + len(wrapped.get_offsets(line)) + 1))


class CompactWrappedDocument(WrappedDocument):
    """``WrappedDocument`` that keeps the wrap offsets of the lines that wrap, and nothing for
    the others (with soft wrap off: nothing at all). Lines, rows and offsets are as Textual's.

    ``_lines_wrapped`` (ascending line indices), ``_wraps`` (their wrap offsets) and
    ``_first_rows`` (their first visual rows) are parallel.
    """

    def __init__(self, document: DocumentBase, width: int = 0, tab_width: int = 4) -> None:
        self.document = document
        self._width, self._tab_width = width, tab_width
        self._lines_wrapped = array("q")
        self._wraps: list[list[int]] = []
        self._first_rows = array("q")
        self.line_count = 0
        self._extra = 0  # visual rows beyond one per line
        self._offset_to_line_info = _RowInfo(self)  # type: ignore[assignment]
        self._line_index_to_offsets = _LineRows(self)  # type: ignore[assignment]
        self.wrap(width, tab_width)

    @property
    def wrapped(self) -> bool:
        return self._extra == 0  # (as Textual's: True when no line needed a break)

    @property
    def height(self) -> int:
        return self.line_count + self._extra

    def _wrap_lines(self, numbered: Iterable[tuple[int, str]]) -> tuple[list[int], list[list[int]]]:
        """The lines among ``numbered`` that wrap, and their offsets."""
        width, tab_width = self._width, self._tab_width
        found: list[int] = []
        wraps: list[list[int]] = []
        if not width:
            return found, wraps
        for index, line in numbered:
            if "\t" not in line and cell_len(line) <= width:
                continue
            sections = get_tab_widths(line, tab_width)
            offsets = compute_wrap_offsets(
                line, width, tab_size=tab_width, precomputed_tab_sections=sections
            )
            if offsets:
                found.append(index)
                wraps.append(offsets)
        return found, wraps

    def _set_entries(
        self, k0: int, k1: int, rows_from: int, found: list[int], wraps: list[list[int]]
    ) -> None:
        """Replace entries ``k0:k1`` by ``found``/``wraps``, numbering rows from ``rows_from``
        (the first row of ``found[0]`` if it were unwrapped, minus ``found[0]``)."""
        first_rows: list[int] = []
        extra = rows_from
        for line, offsets in zip(found, wraps, strict=True):
            first_rows.append(line + extra)
            extra += len(offsets)
        self._lines_wrapped[k0:k1] = array("q", found)
        self._first_rows[k0:k1] = array("q", first_rows)
        self._wraps[k0:k1] = wraps

    def wrap(self, width: int, tab_width: int | None = None) -> None:
        self._width = width
        if tab_width:
            self._tab_width = tab_width
        document = self.document
        self.line_count = document.line_count
        numbered: Iterable[tuple[int, str]] = ()
        if width:
            lines, raw = document.lines, getattr(document, "_lines", None)
            rows = raw.rows_to_measure(width // 2) if isinstance(raw, CompactLines) else None
            # (a line of n characters takes at most 2n cells: the others fit, unmeasured)
            numbered = enumerate(lines) if rows is None else ((r, lines[r]) for r in rows)
        found, wraps = self._wrap_lines(numbered)
        self._lines_wrapped, self._first_rows, self._wraps = array("q"), array("q"), []
        self._set_entries(0, 0, 0, found, wraps)
        self._extra = sum(map(len, wraps))

    def _extra_before(self, k: int) -> int:
        """Extra rows of the wrapped lines before entry ``k``."""
        if k == 0:
            return 0
        return self._first_rows[k - 1] - self._lines_wrapped[k - 1] + len(self._wraps[k - 1])

    def line_to_row(self, line: int) -> int:
        """The first visual row of document line ``line``."""
        return line + self._extra_before(bisect_left(self._lines_wrapped, line))

    def row_to_line(self, row: int) -> tuple[int, int]:
        """(line, section) shown on visual row ``row``."""
        k = bisect_right(self._first_rows, row) - 1
        if k >= 0:
            section = row - self._first_rows[k]
            if section <= len(self._wraps[k]):
                return self._lines_wrapped[k], section
        return row - self._extra_before(k + 1), 0

    def wrap_range(self, start: Location, old_end: Location, new_end: Location) -> None:
        old_max = self.line_count - 1
        new_max = self.document.line_count - 1
        start_line = clamp(start[0], 0, min(old_max, new_max))
        old_end_line = clamp(old_end[0], 0, old_max)
        new_end_line = clamp(new_end[0], 0, new_max)
        top, old_bottom = sorted((start_line, old_end_line))
        new_bottom = max(start_line, new_end_line)
        k0 = bisect_left(self._lines_wrapped, top)
        k1 = bisect_right(self._lines_wrapped, old_bottom)
        extra_before = self._extra_before(k0)
        removed = sum(map(len, self._wraps[k0:k1]))
        lines = self.document.lines[top : new_bottom + 1] if self._width else []
        found, wraps = self._wrap_lines(enumerate(lines, top))
        added = sum(map(len, wraps))
        line_shift, row_shift = new_bottom - old_bottom, new_bottom - old_bottom + added - removed
        after = len(found) + k0
        self._set_entries(k0, k1, extra_before, found, wraps)
        if line_shift:
            tail = self._lines_wrapped[after:]
            self._lines_wrapped[after:] = array("q", map(line_shift.__add__, tail))
        if row_shift:
            tail = self._first_rows[after:]
            self._first_rows[after:] = array("q", map(row_shift.__add__, tail))
        self.line_count = self.document.line_count
        self._extra += added - removed

    @property
    def lines(self) -> list[list[str]]:
        return [self.get_sections(index) for index in range(self.line_count)]

    def get_offsets(self, line_index: int) -> list[int]:
        if line_index < 0 or line_index >= self.line_count:
            raise ValueError(
                f"The document line index {line_index!r} is out of bounds. "
                f"The document contains {self.line_count!r} lines."
            )
        k = bisect_left(self._lines_wrapped, line_index)
        if k < len(self._lines_wrapped) and self._lines_wrapped[k] == line_index:
            return self._wraps[k]
        return []

    def get_sections(self, line_index: int) -> list[str]:
        offsets = self.get_offsets(line_index % self.line_count if line_index < 0 else line_index)
        line = self.document[line_index]
        if not offsets:
            return [line]
        return [section.plain for section in Text(line, end="").divide(offsets)]

    def get_tab_widths(self, line_index: int) -> list[int]:
        line = self.document[line_index]
        if "\t" not in line:
            return [0] if line else []
        return [width for _, width in get_tab_widths(line, self._tab_width)]

    def offset_to_location(self, offset: Offset) -> Location:
        x, y = max(0, offset[0]), max(0, offset[1])
        if not self._width:
            line_index = min(y, self.line_count - 1)
            column = cell_width_to_column_index(
                self.document.get_line(line_index), x, self._tab_width
            )
            return line_index, column
        line_index, section = self.row_to_line(min(y, self.height - 1))
        return line_index, self.get_target_document_column(line_index, x, section)

    def location_to_offset(self, location: Location) -> Offset:
        line_index, column_index = location
        line_index = clamp(line_index, 0, self.line_count)
        wrap_offsets = self.get_offsets(line_index)
        section_index = bisect_right(wrap_offsets, column_index)
        section_start = ([0, *wrap_offsets])[section_index]
        section = self.get_sections(line_index)[section_index]
        before = section[: column_index - section_start]
        if "\t" in before:  # (expanding scans the text with a regex: 50 ms in a 6 MB line)
            before = expand_tabs_inline(before, self._tab_width)
        x_offset = cell_len(before)
        return Offset(x_offset, self.line_to_row(line_index) + section_index)


__all__ = ["CompactWrappedDocument"]

"""A compact document and wrapped document for the editor: a few bytes a line, not ~300.

Textual 8.2.8's ``Document`` keeps a Python ``str`` per line (~57 bytes of header each) and its
``WrappedDocument`` four per-line tables of lists and tuples (~250 bytes a line). A 1.4 MB post of
100,000 short table rows cost 60 bytes per byte of file (benchmarks/bench_editor_open.py).

- ``CompactLines`` is the document's list of lines: the text as read (one ``str``) and an
  ``array`` of line starts; a line is sliced from the text when asked for. A line that is edited
  is kept as its own ``str``. It is a drop-in for the list ``Document`` edits in place.
- ``CompactDocument`` is Textual's ``Document`` over ``CompactLines``; its ``text`` is the very
  ``str`` read while nothing was edited (no copy), and is joined from a few big slices after.
- ``CompactWrappedDocument`` answers as ``WrappedDocument`` does, but remembers only the lines
  that wrap: with soft wrap off, or when lines fit the view, it holds nothing per line.

The text round-trips exactly: the lines are those of ``str.splitlines`` (as ``Document``'s), and
the text is rebuilt with the document's newline as ``Document.text`` is.
"""

from __future__ import annotations

import operator
import re
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Sequence
from itertools import accumulate, compress, count, repeat
from typing import Any, overload

from rich.text import Text
from textual._cells import cell_len, cell_width_to_column_index
from textual._wrap import compute_wrap_offsets
from textual.document._document import (
    Document,
    DocumentBase,
    Location,
    _detect_newline_style,
    _utf8_encode,
)
from textual.document._wrapped_document import WrappedDocument
from textual.expand_tabs import expand_tabs_inline, get_tab_widths
from textual.geometry import Offset, clamp

#: every line boundary of ``str.splitlines``
_BOUNDARY = re.compile(r"\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")
#: the other boundaries, for each newline a document can have (their absence: a "pure" text)
_FOREIGN = {
    "\n": re.compile("[\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]"),
    "\r": re.compile("[\n\v\f\x1c\x1d\x1e\x85\u2028\u2029]"),
    "\r\n": re.compile("\r(?!\n)|(?<!\r)\n|[\v\f\x1c\x1d\x1e\x85\u2028\u2029]"),
}
_CHUNK = 1 << 16  # characters split at a time while the line starts are counted
#: lines at least this long are kept once sliced (the line drawn, measured and edited)
_KEEP = 4096


def _is_pure(text: str, newline: str) -> bool:
    return _FOREIGN[newline].search(text) is None


class CompactLines(Sequence[str]):
    """The lines of ``text`` without their separators, as ``text.splitlines()`` (plus the empty
    last line ``Document`` adds after a final newline), stored as the text and line starts.

    ``starts[i] >= 0``: line ``i`` starts there in ``text`` and ends at the next boundary;
    ``starts[i] < 0``: line ``i`` was edited and is ``edited[-starts[i] - 1]``. Every assignment
    stores its lines as edited ones, so the runs of unedited lines are contiguous in ``text``.
    """

    __slots__ = ("_cached", "_edited", "_free", "_newline", "_pure", "_starts", "_text")

    def __init__(self, text: str, newline: str) -> None:
        self._text, self._newline = text, newline
        self._pure = _is_pure(text, newline)
        self._starts = array("i" if len(text) < 2**31 - 1 else "q")
        self._edited: list[str | None] = []
        self._free: list[int] = []
        self._cached: tuple[int, str] = (-1, "")
        if self._pure:
            self._count_pure()
        else:
            starts = self._starts
            starts.append(0)
            starts.extend(m.end() for m in _BOUNDARY.finditer(text))
        if len(self._starts) > 1 and self._starts[-1] == len(text):
            # A last boundary: splitlines has no line after it, Document adds "" after \n \r \r\n.
            if not text.endswith(("\n", "\r")):
                self._starts.pop()

    def _count_pure(self) -> None:
        """Line starts from the lengths of the lines, a chunk of the text at a time (C speed);
        a chunk holding a long line is walked line by line instead (no copy of that line)."""
        text, newline, starts = self._text, self._newline, self._starts
        size, step, position = len(text), len(newline), 0
        while True:
            cut = text.find(newline, min(position + _CHUNK, size))
            stop = size if cut < 0 else cut
            if stop - position > 2 * _CHUNK:
                while (end := text.find(newline, position, stop)) >= 0:
                    starts.append(position)
                    position = end + step
                starts.append(position)  # the long line, which ends at stop
            else:
                lengths = map(step.__add__, map(len, text[position:stop].split(newline)))
                found = array(starts.typecode, accumulate(lengths, initial=position))
                starts.extend(found[:-1])
            if cut < 0:
                return
            position = stop + step

    # -- reading ------------------------------------------------------------------------------
    def _end(self, start: int) -> int:
        """Where the unedited line starting at ``start`` ends."""
        if self._pure:
            end = self._text.find(self._newline, start)
            return len(self._text) if end < 0 else end
        found = _BOUNDARY.search(self._text, start)
        return len(self._text) if found is None else found.start()

    def _line(self, start: int) -> str:
        if start < 0:
            line = self._edited[-start - 1]
            assert line is not None
            return line
        if self._cached[0] == start:
            return self._cached[1]
        line = self._text[start : self._end(start)]
        if len(line) >= _KEEP:
            self._cached = (start, line)
        return line

    def __len__(self) -> int:
        return len(self._starts)

    @overload
    def __getitem__(self, index: int) -> str: ...
    @overload
    def __getitem__(self, index: slice) -> list[str]: ...
    def __getitem__(self, index: int | slice) -> str | list[str]:
        if isinstance(index, slice):
            return [self._line(start) for start in self._starts[index]]
        return self._line(self._starts[index])

    def __iter__(self) -> Iterator[str]:
        return map(self._line, self._starts)

    @property
    def edited(self) -> bool:
        """Whether any line was assigned since the text was read."""
        return len(self._free) < len(self._edited)

    def joined(self, newline: str) -> str:
        """``newline.join(self)``: the text read itself when nothing was edited, else a few big
        slices of it and the edited lines."""
        text = self._text
        if not (self._pure and newline == self._newline):
            return newline.join(self)
        starts = self._starts
        if not starts:
            return ""
        if not self.edited:
            return text  # as read: the same object, no copy
        edited_rows = list(compress(count(), map(operator.lt, starts, repeat(0))))
        pieces: list[str] = []
        row = 0
        for edited_row in [*edited_rows, len(starts)]:
            if row < edited_row:  # unedited rows row..edited_row-1, contiguous in the text
                pieces.append(text[starts[row] : self._end(starts[edited_row - 1])])
            if edited_row < len(starts):
                pieces.append(self._line(starts[edited_row]))
            row = edited_row + 1
        return newline.join(pieces)

    # -- editing (the only assignments Document makes: ``lines[a:b] = new`` and ``lines[i] = s``)
    def _store(self, line: str) -> int:
        if self._free:
            key = self._free.pop()
            self._edited[key] = line
        else:
            key = len(self._edited)
            self._edited.append(line)
        return -key - 1

    def _release(self, starts: Iterable[int]) -> None:
        for start in starts:
            if start < 0:
                self._edited[-start - 1] = None
                self._free.append(-start - 1)

    @overload
    def __setitem__(self, index: int, value: str) -> None: ...
    @overload
    def __setitem__(self, index: slice, value: Iterable[str]) -> None: ...
    def __setitem__(self, index: int | slice, value: str | Iterable[str]) -> None:
        if isinstance(index, int):
            index = self._row_slice(index)
            value = [value]  # type: ignore[list-item]
        assert not isinstance(value, str)
        start, stop, step = index.indices(len(self))
        if step != 1:
            raise ValueError("CompactLines: only contiguous slices can be assigned")
        stop = max(start, stop)
        new = list(value)
        starts = self._starts
        if not new and start < stop:
            # Lines removed: a neighbour becomes edited, so that the runs of unedited lines stay
            # contiguous in the text (and "nothing edited" still means "as read").
            if start > 0 and starts[start - 1] >= 0:
                start -= 1
                new = [self._line(starts[start])]
            elif stop < len(starts) and starts[stop] >= 0:
                new = [self._line(starts[stop])]
                stop += 1
        replaced = starts[start:stop]
        if self._cached[0] in replaced:
            self._cached = (-1, "")  # not kept once the line is gone
        self._release(replaced)
        starts[start:stop] = array(starts.typecode, map(self._store, new))

    def _row_slice(self, index: int) -> slice:
        size = len(self)
        if not -size <= index < size:
            raise IndexError("CompactLines index out of range")
        index %= size
        return slice(index, index + 1)

    def __delitem__(self, index: int | slice) -> None:
        self[self._row_slice(index) if isinstance(index, int) else index] = []


class CompactDocument(Document):
    """Textual's ``Document`` over ``CompactLines``: the same lines and edits, in a few bytes a
    line; ``text`` is the text read (no copy) while it is unedited."""

    def __init__(self, text: str) -> None:
        self._newline = _detect_newline_style(text)
        self._lines = CompactLines(text, self._newline)  # type: ignore[assignment]

    @property
    def text(self) -> str:
        lines = self._lines
        if isinstance(lines, CompactLines):
            return lines.joined(self._newline)
        return self._newline.join(lines)


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

    def _wrap_lines(self, lines: Iterable[str], first: int) -> tuple[list[int], list[list[int]]]:
        """The lines among ``lines`` (numbered from ``first``) that wrap, and their offsets."""
        width, tab_width = self._width, self._tab_width
        found: list[int] = []
        wraps: list[list[int]] = []
        if not width:
            return found, wraps
        for index, line in enumerate(lines, first):
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
        found, wraps = self._wrap_lines(document.lines if width else (), 0)
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
        lines = self.document.lines[top : new_bottom + 1]
        found, wraps = self._wrap_lines(lines, top)
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
        x_offset = cell_len(
            expand_tabs_inline(section[: column_index - section_start], self._tab_width)
        )
        return Offset(x_offset, self.line_to_row(line_index) + section_index)


class ByteOffsets:
    """For ``SyntaxAwareDocument`` (highlighted posts): cumulative UTF-8 byte offsets of line starts, valid up to ``valid`` lines; extended lazily."""

    __slots__ = ("starts", "valid")

    def __init__(self) -> None:
        self.starts: list[int] = [0]
        self.valid = 0  # starts[i] is correct for i <= valid

    def invalidate_from(self, row: int) -> None:
        if row < self.valid:
            self.valid = max(0, row)
            del self.starts[self.valid + 1 :]

    def line_start(self, lines: list[str], row: int, newline_bytes: int) -> int:
        starts = self.starts
        while self.valid < row:
            i = self.valid
            starts.append(starts[i] + len(_utf8_encode(lines[i])) + newline_bytes)
            self.valid = i + 1
        return starts[row]


def fast_location_to_byte_offset(document: Any, location: Location) -> int:
    """SyntaxAwareDocument._location_to_byte_offset without re-encoding every line above."""
    offsets: ByteOffsets | None = getattr(document, "_blogtui_byte_offsets", None)
    if offsets is None:
        offsets = document._blogtui_byte_offsets = ByteOffsets()
    lines = document._lines
    row, column = location
    row = min(row, len(lines))
    start = offsets.line_start(lines, row, len(document.newline))
    if row < len(lines):
        start += len(_utf8_encode(lines[row][:column]))
    return start


__all__ = [
    "ByteOffsets",
    "CompactDocument",
    "CompactLines",
    "CompactWrappedDocument",
    "fast_location_to_byte_offset",
]

"""A compact document for the editor: the text read and a few bytes a line, not ~60.

Textual 8.2.8's ``Document`` keeps a Python ``str`` per line (~57 bytes of header each) and its
``WrappedDocument`` four per-line tables of lists and tuples (~250 bytes a line). A 1.4 MB post of
100,000 short table rows cost 60 bytes per byte of file (benchmarks/bench_editor_open.py).

- ``CompactLines`` is the document's list of lines: the text as read (one ``str``) and an
  ``array`` of line starts; a line is sliced from the text when asked for. A line that is edited
  is kept as its own ``str``. It is a drop-in for the list ``Document`` edits in place.
- ``CompactDocument`` is Textual's ``Document`` over ``CompactLines``; its ``text`` is the very
  ``str`` read while nothing was edited (no copy), and is joined from a few big slices after.
- ``compactwrap.CompactWrappedDocument`` answers as ``WrappedDocument`` does, but remembers
  only the lines that wrap: with soft wrap off, or when lines fit the view, nothing per line.

The text round-trips exactly: the lines are those of ``str.splitlines`` (as ``Document``'s), and
the text is rebuilt with the document's newline as ``Document.text`` is.
"""

from __future__ import annotations

import operator
import re
from array import array
from collections.abc import Iterable, Iterator, Sequence
from itertools import accumulate, chain, compress, count, islice, repeat
from typing import Any, overload

from textual.document._document import (
    Document,
    Location,
    _detect_newline_style,
    _utf8_encode,
)

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

    __slots__ = ("_cached", "_edited", "_free", "_newline", "_pure", "_starts", "_tabs", "_text")

    def __init__(self, text: str, newline: str) -> None:
        self._text, self._newline = text, newline
        self._pure = _is_pure(text, newline)
        self._tabs = "\t" in text
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

    def rows_to_measure(self, limit: int) -> Iterable[int] | None:
        """The rows that may be longer than ``limit`` characters (C speed: the others surely
        are not), or None when every row must be measured (the text holds tabs)."""
        starts = self._starts
        if self._tabs or not starts:
            return None if self._tabs else ()
        # A row's start to the next row's start is its length plus at least one separator.
        nexts = chain(islice(starts, 1, None), (len(self._text) + 1,))
        spans = map(operator.sub, nexts, starts)
        long_rows = compress(count(), map(operator.lt, repeat(limit + 1), spans))
        if not self.edited:
            return long_rows
        edited = list(compress(count(), map(operator.lt, starts, repeat(0))))
        return sorted({*long_rows, *edited, *(row - 1 for row in edited if row)})

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
    "fast_location_to_byte_offset",
]

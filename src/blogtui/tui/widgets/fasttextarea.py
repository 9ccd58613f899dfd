"""A TextArea whose per-keystroke cost does not grow with the length of the document.

Textual 8.2.8's ``TextArea`` does work in proportion to the *whole* document on every keystroke
(see benchmarks/bench_editor.py and the profile in the editor's notes):

1. ``render_line`` starts with ``if not self.text and self.placeholder`` — ``self.text`` joins the
   whole document, once for every visible row that is repainted;
2. ``_render_line`` reads ``wrapped_document.height``, which sums the wrap offsets of every line —
   O(lines) per row, O(rows x lines) per repaint (the biggest cost: 10,000 lines x 40 rows);
3. ``_refresh_size`` (after every edit) measures every line's cell width when soft wrap is off;
4. ``_build_highlight_map`` (after every edit) runs the tree-sitter highlight query over the whole
   document and rebuilds the highlights of every line, although only the visible rows are drawn;
5. ``SyntaxAwareDocument`` finds the byte offset of an edit by UTF-8 encoding every line above it;
6. ``selection`` repaints the whole widget on every cursor move, and the line cache is keyed by
   screen row (and, with soft wrap, by the selection) and cleared on every edit, so each keystroke
   re-renders every visible row, then re-styles each of them in the StylesCache.

``FastTextArea`` keeps the behaviour and removes each of these: an O(1) emptiness test, an O(1)
height (the wrapped document's offset table has exactly one entry per visual row), a multiset of
line widths updated per edit, highlights queried lazily for the visible rows only (with a margin),
a cumulative byte-offset cache invalidated from the edited line down, a line cache keyed by
what a row shows, and repaints limited to the rows an edit or a cursor move really changes
(including rows whose highlighting the edit changed). All are general TextArea fixes, not
blogtui-specific, so they can be offered upstream.

Memory: the document and its wrapping are ``compactdoc``'s (the text read plus a few bytes a line;
Textual's cost ~300 bytes a line), rows are only as wide as the view, and a line over
``LONG_LINE`` is drawn only as far as the view reaches, never cached whole.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

import textual._wrap
import textual.document._document_navigator
import textual.widgets._text_area
from rich.cells import cell_len
from rich.text import Text
from textual.document._document import (
    DocumentBase,
    EditResult,
    Selection,
)
from textual.document._document_navigator import DocumentNavigator
from textual.document._edit import Edit
from textual.geometry import Region, Size
from textual.reactive import Reactive, reactive
from textual.strip import Strip

from blogtui.tui.widgets.compactdoc import (
    ByteOffsets,
    CompactDocument,
    fast_location_to_byte_offset,
)
from blogtui.tui.widgets.compactwrap import CompactWrappedDocument
from blogtui.tui.widgets.textarea import SafeTextArea, cell_width

try:
    from textual.document._syntax_aware_document import SyntaxAwareDocument
except ImportError:  # pragma: no cover - tree-sitter missing
    SyntaxAwareDocument = None  # type: ignore[assignment,misc]

# Textual measures with rich's ``cached_cell_len``, whose cache keeps every string it measured
# (4,096 of them): each keystroke in a 6 MB line left that line and prefixes of it behind (230 MB
# after ten keys). Rich's ``cell_len`` gives the same widths and caches only short strings.
for _module in (textual.widgets._text_area, textual.document._document_navigator, textual._wrap):
    _module.cell_len = cell_len  # type: ignore[attr-defined]

#: Rows above and below the viewport whose highlights are computed with the visible ones, so
#: scrolling a little does not need a new query.
HIGHLIGHT_MARGIN = 60
#: Lines longer than this are drawn without syntax highlighting (Textual maps every byte of a
#: highlighted line to a code point for each row it draws: seconds and hundreds of MB for a
#: megabyte line), and a document holding one is not soft-wrapped (each wrapped row of a line
#: re-divides the whole line).
LONG_LINE = 10_000
#: Texts longer than this (characters) are not parsed for highlighting: tree-sitter's tree of a
#: 1.4 MB table or a 6 MB line costs 110-260 MB and seconds (benchmarks/bench_editor_open.py).
HIGHLIGHT_LIMIT = 1_000_000
_NO_HIGHLIGHTS: defaultdict[int, list[Any]] = defaultdict(list)


def longest_line(text: str) -> int:
    """Length of the longest line of ``text`` (C speed: no list of lines is made)."""
    longest, start = 0, 0
    find = text.find
    while True:
        end = find("\n", start)
        if end < 0:
            return max(longest, len(text) - start)
        longest = max(longest, end - start)
        start = end + 1


class FastTextArea(SafeTextArea):
    """Drop-in ``TextArea`` with per-keystroke work proportional to the visible rows, not the file."""

    #: Not repainting the whole widget on every cursor move: ``_watch_selection`` and ``edit``
    #: mark exactly the rows that change (6. in the module docstring).
    selection: Reactive[Selection] = reactive(
        Selection(), init=False, always_update=True, repaint=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._width_counts: Counter[int] | None = None  # counted when soft wrap is off
        self._highlight_window: tuple[int, int] | None = None
        self._prepared: DocumentBase | None = None
        self._window: tuple[int, int] | None = None  # (row, characters) while a long row is drawn
        super().__init__(*args, **kwargs)

    # -- document set-up ----------------------------------------------------------------------
    def prepare_document(self, text: str) -> DocumentBase:
        """The document for ``text`` (with its tree-sitter parse): pure data, safe in a thread.

        ``load_document`` then installs it on the event loop without parsing again, so a big post
        is parsed while the app stays responsive.
        """
        language = self.language
        if language and SyntaxAwareDocument is not None and len(text) <= HIGHLIGHT_LIMIT:
            from textual._tree_sitter import get_language

            document_language = get_language(language)
            if document_language is not None:
                try:
                    return SyntaxAwareDocument(text, document_language)
                except Exception:  # no parser: plain text, as TextArea itself falls back
                    pass
        return CompactDocument(text)

    def load_document(self, document: DocumentBase) -> None:
        """``load_text`` for a document made by ``prepare_document`` (history cleared), with no
        ``Changed`` message: nothing was typed (the editor checked a big post twice on opening)."""
        self._prepared = document
        try:
            self.history.clear()
            self._set_document("", self.language)
        finally:
            self._prepared = None
        self.update_suggestion()

    def _set_document(self, text: str, language: str | None) -> None:
        self._highlight_window = None
        prepared, self._prepared = self._prepared, None
        if prepared is None and language and len(text) <= HIGHLIGHT_LIMIT:
            super()._set_document(text, language)  # Textual's: registered languages, tree-sitter
            self._install(self.document)
        else:  # TextArea._set_document's tail, with the document already built
            document = prepared or CompactDocument(text)
            self._highlight_query = None
            if language and SyntaxAwareDocument is not None:
                if isinstance(document, SyntaxAwareDocument):
                    query = self._get_builtin_highlight_query(language)
                    self._highlight_query = document.prepare_query(query)
            self.document = document
            self._install(document)
            self._build_highlight_map()
            self.move_cursor((0, 0))
        self._install_byte_offsets()
        self._width_counts = None
        self._refresh_size()

    def _install(self, document: DocumentBase) -> None:
        """A ``CompactWrappedDocument`` of ``document`` (Textual's keeps ~250 bytes a line)."""
        self.wrapped_document = CompactWrappedDocument(document, tab_width=self.indent_width)
        self.navigator = DocumentNavigator(self.wrapped_document)
        self._rewrap_and_refresh_virtual_size()

    # -- repainting only the rows that change ---------------------------------------------
    def _refresh_rows(self, top_row: int, bottom_row: int) -> None:
        """Mark the visual rows of document rows ``top_row..bottom_row`` for repainting."""
        offsets = self.wrapped_document._line_index_to_offsets
        if not offsets:
            self.refresh()
            return
        last = len(offsets) - 1
        top, bottom = sorted((max(0, min(top_row, last)), max(0, min(bottom_row, last))))
        y_start = offsets[top][0]
        count = offsets[bottom][-1] - y_start + 1
        if count >= self.size.height:
            self.refresh()
        else:
            self.refresh_lines(y_start, count)

    def _watch_selection(self, previous_selection: Selection, selection: Selection) -> None:
        old_bracket = self._matching_bracket_location
        super()._watch_selection(previous_selection, selection)
        if not self.is_mounted:
            return
        for sel in (previous_selection, selection):
            top, bottom = sorted((sel.start[0], sel.end[0]))
            self._refresh_rows(top, bottom)
        for bracket in (old_bracket, self._matching_bracket_location):
            if bracket is not None:
                self._refresh_rows(bracket[0], bracket[0])

    def _visible_highlights(self) -> dict[int, tuple[Any, ...]] | None:
        if not self._highlight_query or self._highlight_window is None:
            return None
        top, bottom = self._visible_rows(Region(0, 0, self.size.width, self.size.height))
        return {row: tuple(self._highlights.get(row, ())) for row in range(top, bottom + 1)}

    def _install_byte_offsets(self) -> None:
        document = self.document
        if SyntaxAwareDocument is not None and isinstance(document, SyntaxAwareDocument):
            document._blogtui_byte_offsets = ByteOffsets()  # type: ignore[attr-defined]
            document._location_to_byte_offset = fast_location_to_byte_offset.__get__(document)  # type: ignore[method-assign]

    def _line_width(self, line: str) -> int:
        return cell_width(line, self.indent_width)

    def _widths(self) -> Counter[int]:
        """The multiset of line widths, counted on first use: only a view without soft wrap
        needs it (its width is the widest line's), and counting 3 million lines takes seconds."""
        if self._width_counts is None:
            self._width_counts = Counter(map(self._line_width, self.document.lines))
        return self._width_counts

    def _watch_indent_width(self) -> None:
        self._width_counts = None
        super()._watch_indent_width()

    # -- edits --------------------------------------------------------------------------------
    def _forget_widths(self, rows: list[str]) -> None:
        counts = self._width_counts
        if counts is None:
            return
        for line in rows:
            width = self._line_width(line)
            counts[width] -= 1
            if counts[width] <= 0:
                del counts[width]

    def edit(self, edit: Edit) -> EditResult:
        """Keep the width multiset and the byte-offset cache in step with the edit."""
        document = self.document
        top, bottom = sorted((edit.from_location, edit.to_location))
        top_row = min(top[0], document.line_count - 1)
        offsets: ByteOffsets | None = getattr(document, "_blogtui_byte_offsets", None)
        if offsets is not None:
            offsets.invalidate_from(top_row)
        self._forget_widths(document.lines[top_row : bottom[0] + 1])
        line_count, height = document.line_count, self.wrapped_document.height
        highlights_before = self._visible_highlights() if self._highlight_query else None
        was_empty = self._is_empty()
        result = super().edit(edit)
        if offsets is not None:  # the document's own edit extended the cache over old rows
            offsets.invalidate_from(top_row)
        if self._width_counts is not None:
            for line in self.document.lines[top_row : max(top_row, result.end_location[0]) + 1]:
                self._width_counts[self._line_width(line)] += 1
        if not self.soft_wrap:
            self._refresh_size()
        self._repaint_after_edit(
            top_row, result.end_location[0], line_count, height, highlights_before, was_empty
        )
        return result

    def _repaint_after_edit(
        self,
        top_row: int,
        end_row: int,
        line_count: int,
        height: int,
        highlights_before: dict[int, tuple[Any, ...]] | None,
        was_empty: bool,
    ) -> None:
        """Repaint the edited rows, and any visible row whose highlighting the edit changed."""
        if (
            self.document.line_count != line_count
            or self.wrapped_document.height != height
            or (self.placeholder and (was_empty or self._is_empty()))
        ):
            self.refresh()  # rows moved: everything below the edit is repainted anyway
            return
        self._refresh_rows(top_row, end_row)
        if self._highlight_query:
            if highlights_before is None:
                self.refresh()
                return
            top, bottom = min(highlights_before), max(highlights_before)
            self._ensure_highlights(top, bottom)
            for row, before in highlights_before.items():
                if tuple(self._highlights.get(row, ())) != before:
                    self._refresh_rows(row, row)

    def _recount(self) -> None:
        self._width_counts = None
        offsets: ByteOffsets | None = getattr(self.document, "_blogtui_byte_offsets", None)
        if offsets is not None:
            offsets.invalidate_from(0)

    def _undo_batch(self, edits: Any) -> None:
        self._recount()  # undo/redo are rare: recount rather than track each edit of the batch
        super()._undo_batch(edits)
        self._recount()
        self._refresh_size()
        self.refresh()

    def _redo_batch(self, edits: Any) -> None:
        self._recount()
        super()._redo_batch(edits)
        self._recount()
        self._refresh_size()
        self.refresh()

    def _build_highlight_map(self) -> None:
        """Forget the highlights; ``render_lines`` queries the visible rows when it needs them.

        The line cache survives: its keys contain each row's text and highlights.
        """
        self._highlights.clear()
        self._highlight_window = None

    def _refresh_size(self) -> None:
        if self.soft_wrap:
            self.virtual_size = Size(0, self.wrapped_document.height)
        else:
            widths = self._widths()
            width = max(widths) if widths else 0
            self.virtual_size = Size(width + self.gutter_width + 1, self.document.line_count)
        self._refresh_scrollbars()

    # -- highlights for the visible rows only ------------------------------------------------
    def _visible_rows(self, crop: Region) -> tuple[int, int]:
        info = self.wrapped_document._offset_to_line_info
        if not info:
            return 0, 0
        scroll_y = self.scroll_offset.y
        first = min(scroll_y + crop.y, len(info) - 1)
        last = min(scroll_y + crop.y + max(crop.height, 1) - 1, len(info) - 1)
        return info[max(first, 0)][0], info[max(last, 0)][0]

    def _captures(self, query: Any, start: int, end: int) -> list[tuple[str, Any]]:
        """The query's captures over rows ``start..end``, leaving out lines over ``LONG_LINE``
        (querying a megabyte line's row costs seconds; those rows are drawn plain anyway)."""
        lines: list[str] = self.document._lines  # type: ignore[attr-defined]
        last = min(end, len(lines) - 1)
        long_rows = [r for r in range(start, last + 1) if len(lines[r]) > LONG_LINE]
        found: list[tuple[str, Any]] = []
        seen: set[tuple[str, int, int]] = set()
        bounds = [start - 1, *long_rows, end + 1]
        for low, high in zip(bounds, bounds[1:], strict=False):
            if high - low <= 1:
                continue
            captures = self.document.query_syntax_tree(
                query, start_point=(low + 1, 0), end_point=(high, 0)
            )
            for name, nodes in captures.items():
                for node in nodes:
                    key = (name, node.start_byte, node.end_byte)
                    if key not in seen:
                        seen.add(key)
                        found.append((name, node))
        return found

    def _ensure_highlights(self, top: int, bottom: int) -> None:
        window = self._highlight_window
        if window is not None and window[0] <= top and bottom <= window[1]:
            return
        query = self._highlight_query
        if not query:
            return
        start = max(0, top - HIGHLIGHT_MARGIN)
        end = bottom + HIGHLIGHT_MARGIN
        highlights = self._highlights  # a defaultdict(list), as TextArea makes it
        highlights.clear()
        for name, node in self._captures(query, start, end):
            (r0, c0), (r1, c1) = node.start_point, node.end_point
            if r0 == r1:
                highlights[r0].append((c0, c1, name))
                continue
            if r0 >= start:
                highlights[r0].append((c0, None, name))
            for row in range(max(r0 + 1, start), min(r1, end + 1)):
                highlights[row].append((0, None, name))
            if r1 <= end:
                highlights[r1].append((0, c1, name))
        self._highlight_window = (start, end)

    def render_lines(self, crop: Region) -> list[Strip]:
        if self._highlight_query:
            self._ensure_highlights(*self._visible_rows(crop))
        return super().render_lines(crop)

    # -- rendering: a cache keyed by what a row shows, not where it is -------------------------
    def _is_empty(self) -> bool:
        document = self.document
        return document.line_count <= 1 and not document[0]

    def render_line(self, y: int) -> Strip:
        """Render one row, reusing the strip of any row that shows exactly the same thing.

        Textual keys its line cache by the row's screen position and, with soft wrap, by the
        selection, so every keystroke repaints every visible row (and clears the cache anyway
        when it rebuilds the highlights). Here the key is the row's *content*: the line's text,
        its highlights, and the cursor/selection/bracket state only when they touch this line.
        A keystroke then re-renders the edited row alone.
        """
        if self.placeholder and self._is_empty():
            return super().render_line(y)  # draws the placeholder (the join is of an empty text)
        wrapped = self.wrapped_document
        scroll_x, scroll_y = self.scroll_offset
        absolute_y = scroll_y + y
        info = wrapped._offset_to_line_info
        if absolute_y >= len(info):
            line_index, section = -1, absolute_y  # a blank row below the text
            text = ""
        else:
            line_index, section = info[absolute_y]
            text = self.document[line_index]
        selection = self.selection
        start, end = selection
        top, bottom = (start, end) if start <= end else (end, start)
        on_cursor_row = end[0] == line_index
        selected = start != end and top[0] <= line_index <= bottom[0]
        bracket = self._matching_bracket_location
        cache_key = (
            self.size,
            self.virtual_size.width,
            self.gutter_width,
            None if self.soft_wrap else scroll_x,
            line_index,
            section,
            text,
            tuple(self._highlights[line_index]) if self._highlights and line_index >= 0 else (),
            (top, bottom) if selected else None,
            (end, self._draw_cursor, self.has_focus, self.suggestion) if on_cursor_row else None,
            bracket
            if (bracket is not None and (bracket[0] == line_index or on_cursor_row))
            else None,
            self.theme,
            self.match_cursor_bracket,
            self.highlight_cursor_line,
            self.soft_wrap,
            self.show_line_numbers,
            self.line_number_start,
            self.read_only,
            self.show_cursor,
            self.indent_width,
        )
        if len(text) > LONG_LINE:  # not cached: each edit's key would keep a copy of the line
            return self._render_row(y, line_index, text)
        if (cached := self._line_cache.get(cache_key)) is not None:
            return cached
        line = self._render_row(y, line_index, text)
        self._line_cache[cache_key] = line
        return line

    def _render_row(self, y: int, line_index: int, text: str) -> Strip:
        """``_render_line`` with the row only as wide as the view (soft wrap off), and a line over
        ``LONG_LINE`` drawn plain and only as far as the view's right edge.

        Textual pads every row to the widest line and builds a ``Text`` of the whole line: with a
        6 MB line, each row drawn made a 6 MB strip, and the line cache kept them (36 MB for one
        screen; benchmarks/bench_editor_open.py).
        """
        long_line = len(text) > LONG_LINE
        virtual_size = self.virtual_size
        narrow = not self.soft_wrap and virtual_size.width > self.size.width
        if not (long_line or narrow):
            return self._render_line(y)
        highlights = self._highlights
        try:
            if long_line:
                self._highlights = _NO_HIGHLIGHTS
            if narrow:
                # Set without the reactive's watchers, and restored below: _render_line crops the
                # row at scroll_x + this width and pads it to this width.
                self._reactive_virtual_size = Size(self.size.width, virtual_size.height)
                if long_line:
                    needed = self.scroll_offset.x + self.size.width + 1
                    end = needed
                    while end < len(text) and (short := needed - cell_len(text[:end])) > 0:
                        end += max(short, 64)  # zero-width characters take no cell
                    if end < len(text):
                        self._window = (line_index, end)
            return self._render_line(y)
        finally:
            self._highlights = highlights
            self._window = None
            self._reactive_virtual_size = virtual_size

    def get_line(self, line_index: int) -> Text:
        """The line as a ``Text`` (only its visible start while a long line is drawn)."""
        window = self._window
        if window is not None and window[0] == line_index:
            return self.styled_line(self._document._lines[line_index][: window[1]])  # type: ignore[attr-defined]
        return super().get_line(line_index)


__all__ = [
    "HIGHLIGHT_LIMIT",
    "HIGHLIGHT_MARGIN",
    "LONG_LINE",
    "FastTextArea",
    "longest_line",
]

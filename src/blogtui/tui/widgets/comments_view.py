"""The thread itself: a Line API widget that draws only the comments on screen.

A thread of 100,000 comments is one ``ThreadTree`` (built in a worker thread when it is big,
applied here on the event loop) and a page of ``Entry`` rows (``comments_plan``). Each row is
rendered when it first comes into view, at the width it is shown at, and its lines are cached
(``LRUCache``); rows not seen yet have an estimated height, corrected when they are drawn. So
what a frame or a key costs depends on the screen, not on the thread: the cursor moves through
the page's entries, a fold re-plans one page, and the end of a page is a "show more" row.

The view holds no focus of its own keys: the pane's bindings call its methods (``move``,
``activate``, ``select_row``); only the mouse is handled here.
"""

from __future__ import annotations

import bisect
from collections.abc import Collection, Sequence
from datetime import datetime
from itertools import accumulate
from typing import Any

from rich.segment import Segment
from rich.style import Style
from textual import events, work
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.worker import Worker, WorkerState

from blogtui.comments.model import Comment, Draft, Thread
from blogtui.tui.widgets.comments_lines import (
    Palette,
    blank,
    component_style,
    entry_key,
    entry_renderable,
    entry_tooltip,
    estimate_height,
    mark_of,
    plural,
    render_strips,
)
from blogtui.tui.widgets.comments_plan import (
    PAGE,
    Entry,
    ThreadTree,
    build_tree,
    find_entry,
    input_key,
    reveal,
    same_input,
    visible_entries,
)
from blogtui.tui.workers import tell_if_failed

#: threads up to this many comments are arranged at once (a few ms); bigger ones in a worker
INLINE_LIMIT = 1_000
INDENT = 3  # cells per level of replies
GUTTER = 2  # the mark at the left of a row (new, waiting, refused, the cursor) and a space
MIN_TEXT = 24  # the indent never leaves a comment fewer cells than this


class CommentsView(ScrollView, can_focus=True, inherit_bindings=False):
    """A thread's rows, the cursor on one of them; the pane's keys drive it."""

    COMPONENT_CLASSES = {
        f"comments-view--{name}"
        for name in "cursor author meta new pending refused deleted more note".split()
        + ["mark-cursor", "mark-new", "mark-draft", "mark-refused"]
    }

    class CursorChanged(Message):
        """The cursor moved by itself (a click, a refresh): the pane refreshes its bindings."""

    class Arranged(Message):
        """A thread was applied (shown): ``empty`` when it has nothing to show."""

        def __init__(self, empty: bool) -> None:
            super().__init__()
            self.empty = empty

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.thread_tree: ThreadTree | None = None
        self.thread_key = ""
        self.now: datetime | None = None
        self.folded: set[str] = set()  # comment ids whose replies are folded
        self.tops: list[str] = []  # comment ids shown with their replies only (enter on "…")
        self.expanded: set[int] = set()  # outbox ids whose reason is shown in full
        self.limit = PAGE
        self.entries: list[Entry] = []
        self.cursor: int | None = None
        self.note = ""  # said instead of the thread: arranging it, or why it cannot be shown
        self._heights: list[int] = []
        self._starts: list[int] = [0]
        self._measured = bytearray()
        self._positions: dict[int, int] = {}  # tree row -> entry index (comments and drafts)
        self._width = 0
        self._lines: LRUCache[tuple[Any, ...], list[Strip]] = LRUCache(1024)
        self._palette: Palette | None = None
        self._styles: dict[str, Style] = {}
        self._generation = 0
        self._shown: tuple[object, ...] | None = None  # what show() was last given

    # -- a thread in ------------------------------------------------------------------------

    def show(
        self,
        thread: Thread,
        drafts: Sequence[Draft],
        last_read: datetime | None,
        own: Collection[str],
    ) -> None:
        """Show ``thread``: at once when it is small, else arranged in a worker (the rows of the
        same thread stay until then; another thread's are replaced by a note at once)."""
        shown = input_key(thread, drafts, last_read, own)
        if same_input(self._shown, shown):
            return  # the very thread shown (a sync that changed nothing): nothing to arrange
        self._shown = shown
        self._generation += 1
        if thread.key != self.thread_key:
            self.folded, self.tops, self.expanded, self.limit = set(), [], set(), PAGE
            self.cursor, self.thread_key = None, thread.key
            self._apply(ThreadTree(thread.key), notify=False)
        size = len(thread.comments) + len(drafts)
        if size <= INLINE_LIMIT:
            try:
                tree = build_tree(thread.key, thread.comments, drafts, last_read=last_read, own=own)
            except Exception as exc:  # hostile data that slipped past the store: said, not raised
                self._fail(exc)
                return
            self._apply(tree)
            return
        if self.thread_tree is None or not len(self.thread_tree):
            self.note = f"Arranging {plural(len(thread.comments), 'comment', 'comments')}…"
            self.refresh()
            self.post_message(self.Arranged(False))  # not "no comments yet" meanwhile
        self._arrange(
            self._generation, thread.key, list(thread.comments), list(drafts), last_read, set(own)
        )

    # a description of its own: Textual's default is the repr of every argument (100,000
    # comments: tens of MB and a second on the event loop)
    @work(
        thread=True,
        exclusive=True,
        group="comments-arrange",
        exit_on_error=False,
        description="arrange a thread",
    )
    def _arrange(
        self,
        generation: int,
        key: str,
        comments: list[Comment],
        drafts: list[Draft],
        last_read: datetime | None,
        own: set[str],
    ) -> tuple[int, ThreadTree | Exception]:
        """In a thread: the tree of a big thread, or why not (the handler below applies it)."""
        try:
            return generation, build_tree(key, comments, drafts, last_read=last_read, own=own)
        except Exception as exc:  # hostile data that slipped past the store: an error value
            return generation, exc

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        worker = event.worker
        if tell_if_failed(event) or worker.group != "comments-arrange":
            return
        event.stop()
        if event.state == WorkerState.SUCCESS and worker.result is not None:
            generation, tree = worker.result
            if generation == self._generation:
                (self._fail if isinstance(tree, Exception) else self._apply)(tree)

    def _fail(self, error: BaseException) -> None:
        self._shown = None
        self._apply(ThreadTree(self.thread_key), notify=False)
        kind = type(error).__name__
        self.note = f"This thread cannot be shown ({kind}); the comments stay stored."
        self.refresh()
        self.post_message(self.Arranged(False))

    def _apply(self, tree: ThreadTree, *, notify: bool = True) -> None:
        key = self.cursor_key
        self.thread_tree = tree
        self.note = ""
        self.folded &= set(tree.rows)  # folds of comments that are gone are forgotten
        self._lines.clear()
        self._replan(key)
        if notify:
            self.post_message(self.Arranged(not len(tree)))

    # -- the page on screen ------------------------------------------------------------------

    @property
    def top_row(self) -> int | None:
        """The comment shown on top with its replies only, if any."""
        tree = self.thread_tree
        while tree is not None and self.tops:
            row = tree.rows.get(self.tops[-1])
            if row is not None:
                return row
            self.tops.pop()  # that comment is gone
        return None

    def _replan(self, cursor_key: tuple[str, str] | None = None) -> None:
        tree = self.thread_tree or ThreadTree(self.thread_key)
        self.entries = visible_entries(tree, self.folded, top=self.top_row, limit=self.limit)
        self._positions = {
            e.row: i for i, e in enumerate(self.entries) if e.kind in ("comment", "draft")
        }
        self._width = self._text_width()
        self._heights = [self._estimate(e) for e in self.entries]
        self._measured = bytearray(len(self.entries))
        self._restart()
        cursor = self._find(cursor_key) if cursor_key else None
        if cursor is None and self.cursor is not None and self.entries:
            cursor = min(self.cursor, len(self.entries) - 1) if self.has_focus else None
        self._set_cursor(cursor, scroll=cursor is not None and cursor_key is not None)
        self.refresh()

    def _restart(self) -> None:
        self._starts = [0, *accumulate(self._heights)]
        self.virtual_size = Size(self._width, self._starts[-1])

    def _find(self, key: tuple[str, str]) -> int | None:
        tree = self.thread_tree
        return find_entry(tree, self.entries, self._positions, key) if tree else None

    @property
    def cursor_entry(self) -> Entry | None:
        if self.cursor is None or not 0 <= self.cursor < len(self.entries):
            return None
        return self.entries[self.cursor]

    @property
    def cursor_key(self) -> tuple[str, str] | None:
        """What the cursor is on, in terms that survive a refresh of the thread."""
        entry, tree = self.cursor_entry, self.thread_tree
        if entry is None or tree is None or not 0 <= entry.row < len(tree):
            return ("more", "") if entry is not None and entry.kind == "more" else None
        return entry.kind, tree.key_of(entry.row)

    def position_of(self, row: int) -> int | None:
        """The entry index showing tree row ``row``, if it is on the page."""
        return self._positions.get(row)

    # -- sizes -------------------------------------------------------------------------------

    def _text_width(self) -> int:
        return max(1, self.scrollable_content_region.width or self.size.width or 80)

    def _indent(self, entry: Entry) -> int:
        room = max(0, self._width - GUTTER - MIN_TEXT)
        return min(entry.depth * INDENT, room - room % INDENT)

    def _estimate(self, entry: Entry) -> int:
        """A row's height before it is drawn (the separating blank line included)."""
        width = self._width - self._indent(entry) - GUTTER
        return estimate_height(self.thread_tree, entry, width)

    def on_resize(self, event: events.Resize) -> None:
        if self._text_width() != self._width:
            self._lines.clear()
            self._replan(self.cursor_key)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._palette = None
        self._styles.clear()
        self._lines.clear()

    def _style(self, name: str) -> Style:
        style = self._styles.get(name)
        if style is None:
            style = self._styles[name] = component_style(self, f"comments-view--{name}")
        return style

    @property
    def palette(self) -> Palette:
        if self._palette is None:
            s = self._style
            self._palette = Palette(
                author=s("author"),
                meta=s("meta"),
                new=s("new"),
                pending=s("pending"),
                refused=s("refused"),
                deleted=s("deleted"),
                more=s("more"),
            )
        return self._palette

    # -- drawing -----------------------------------------------------------------------------

    def entry_lines(self, index: int) -> list[Strip]:
        """The lines of entry ``index`` at its width (cached), without indent or mark."""
        entry, tree = self.entries[index], self.thread_tree
        if tree is None:
            return []
        width = max(1, self._width - self._indent(entry) - GUTTER)
        key = (*entry_key(tree, entry, self.folded, self.expanded), width, self.now)
        lines = self._lines.get(key)
        if lines is None:
            renderable = entry_renderable(
                tree, entry, self.folded, self.expanded, now=self.now, p=self.palette
            )
            console = self.app.console
            lines = self._lines[key] = render_strips(console, console.options, renderable, width)
        if not self._measured[index]:
            self._measured[index] = 1
            if self._heights[index] != len(lines) + 1:
                self._heights[index] = len(lines) + 1
                self._restart()
        return lines

    def _entry_at(self, line: int) -> int:
        return max(0, bisect.bisect_right(self._starts, line) - 1)

    def render_lines(self, crop: Region) -> list[Strip]:
        """Draw the rows on screen first, so their true heights are known for this frame."""
        if self.entries:
            top = int(self.scroll_y)
            for _ in range(3):  # heights settle in a pass or two
                before = self._starts[-1]
                i = self._entry_at(top)
                while i < len(self.entries) and self._starts[i] < top + self.size.height:
                    self.entry_lines(i)
                    i += 1
                if self._starts[-1] == before:
                    break
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        width = self._width
        base = self.rich_style
        line = int(self.scroll_y) + y
        if not self.entries:
            if y == 0 and self.note:
                text = Strip([Segment(f" {self.note}", self._style("note"))])
                return text.crop_extend(0, width, base).apply_style(base)
            return blank(width, base)
        index = self._entry_at(line)
        if index >= len(self.entries):
            return blank(width, base)
        entry = self.entries[index]
        lines = self.entry_lines(index)
        k = line - self._starts[index]
        if k >= len(lines):
            return blank(width, base)  # the blank line between rows
        indent = self._indent(entry)
        selected = index == self.cursor
        mark, mark_style = self._mark(entry, selected, first=k == 0)
        strip = Strip.join(
            [
                blank(indent),
                Strip([Segment(mark, mark_style)], GUTTER),
                lines[k],
            ]
        )
        if selected:
            cursor = self._style("cursor")
            strip = Strip.join(
                [strip.crop(0, indent), strip.crop(indent, width).apply_style(cursor)]
            )
        return strip.crop_extend(0, width, base).apply_style(base)

    def _mark(self, entry: Entry, selected: bool, *, first: bool) -> tuple[str, Style]:
        text, name = mark_of(self.thread_tree, entry, selected, first=first)
        return text, self._style(name) if name else Style()

    # -- the cursor ----------------------------------------------------------------------------

    def _set_cursor(self, index: int | None, *, scroll: bool = True) -> None:
        if index is not None and self.entries:
            index = max(0, min(len(self.entries) - 1, index))
        elif not self.entries:
            index = None
        changed = index != self.cursor
        self.cursor = index
        if index is not None and scroll:
            self.scroll_to_entry(index)
        self.tooltip = self.tooltip_of(index)
        if changed:
            self.refresh()
            self.post_message(self.CursorChanged())

    def scroll_to_entry(self, index: int) -> None:
        self.entry_lines(index)  # its true height
        start, height = self._starts[index], self._heights[index] - 1
        view = max(1, self.scrollable_content_region.height)
        region = Region(0, start, 1, max(1, min(height, view)))
        self.scroll_to_region(region, animate=False, immediate=True, x_axis=False)

    def tooltip_of(self, index: int | None) -> str | None:
        """What hovering says about a row: a waiting reply's reason in full, a fold's size."""
        tree = self.thread_tree
        if index is None or tree is None or not 0 <= index < len(self.entries):
            return None
        return entry_tooltip(tree, self.entries[index], self.folded)

    def move(self, step: int) -> None:
        if self.entries:
            start = self.cursor if self.cursor is not None else (-1 if step > 0 else 0)
            self._set_cursor(start + step)

    def page(self, pages: int) -> None:
        """Move the cursor by about a screenful."""
        if not self.entries:
            return
        here = self.cursor or 0
        target = self._starts[here] + pages * max(1, self.scrollable_content_region.height - 2)
        self._set_cursor(self._entry_at(max(0, target)))

    def select_row(self, row: int) -> None:
        """Put the cursor on tree row ``row``, unfolding, going deeper or paging to show it."""
        tree = self.thread_tree
        if tree is None or not 0 <= row < len(tree):
            return
        if row not in self._positions:
            self.limit = reveal(tree, row, self.folded, self.tops, self.limit)
            self._replan()
        self._set_cursor(self._positions.get(row))

    def activate(self) -> str:
        """Enter on the cursor's row: fold or unfold a comment's replies, show the deeper
        replies or the next page, go back up, or show a waiting reply's reason in full.
        Returns what it did ("" when nothing)."""
        entry, tree = self.cursor_entry, self.thread_tree
        if entry is None or tree is None:
            return ""
        item = tree.items[entry.row] if 0 <= entry.row < len(tree) else None
        if entry.kind == "comment" and isinstance(item, Comment):
            if not tree.replies(entry.row):
                return ""
            (self.folded.discard if item.id in self.folded else self.folded.add)(item.id)
            self._lines.clear()
            self._replan(self.cursor_key)
            return "fold"
        if entry.kind == "draft" and isinstance(item, Draft) and item.id is not None:
            (self.expanded.discard if item.id in self.expanded else self.expanded.add)(item.id)
            self._measured[self.cursor or 0] = 0
            self.entry_lines(self.cursor or 0)
            self.refresh()
            return "details"
        if entry.kind == "deeper" and isinstance(item, Comment):
            self.tops.append(item.id)
            self._replan(("comment", tree.key_of(entry.row)))
            return "deeper"
        if entry.kind == "more":
            index = self.cursor
            self.limit += PAGE
            self._replan()
            self._set_cursor(index)
            return "more"
        if entry.kind == "up" and self.tops:
            back = self.tops.pop()
            self._replan(("comment", f"comment:{back}"))
            return "up"
        return ""

    def on_click(self, event: events.Click) -> None:
        if not self.entries:
            return
        index = self._entry_at(int(self.scroll_y) + event.y)
        self.focus()
        if index == self.cursor and event.chain >= 2:
            self.activate()
        self._set_cursor(index, scroll=False)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        if self.entries:
            self.tooltip = self.tooltip_of(self._entry_at(int(self.scroll_y) + event.y))

    def on_focus(self) -> None:
        if self.cursor is None and self.entries:
            self._set_cursor(0)

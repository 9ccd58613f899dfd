"""The comments pane: one post's thread as a foldable tree, plus the outbox and a status line.

Plain data in, messages out: the screen gives it a Thread, the waiting Drafts and a
CommentsStatus through methods; it never touches the store or the network. It posts
``ReplyRequested(thread_key, parent_id)`` (``r``), ``RefreshRequested(thread_key)`` (``R``),
``EditDraftRequested`` (``r`` on a waiting reply) and ``DiscardDraftRequested`` (``x``).

The thread is drawn by ``CommentsView`` (blogtui.tui.widgets.comments_view), a Line API widget
that renders only the comments on screen, so a 100,000-comment thread costs what a screenful
costs; ``comments_plan`` arranges it (in a worker when it is big, never recursively) and
``comments_lines`` renders a comment from its Markdown with Rich (never console markup, control
sequences stripped). ``items`` gives a light ``CommentItem`` per comment, made when asked for.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import Any, overload

from rich.console import RenderableType
from rich.text import Text
from textual import on
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Static

from blogtui.comments.model import Comment, Draft, DraftState, Thread
from blogtui.comments.sanitize import clean_line
from blogtui.tui.widgets.comments_lines import comment_renderable, draft_renderable
from blogtui.tui.widgets.comments_status import (
    HOW_TO_CONFIGURE,
    CommentsStatus,
    relative_time,
    status_text,
    warnings_text,
)
from blogtui.tui.widgets.comments_view import CommentsView

__all__ = [
    "HOW_TO_CONFIGURE",
    "CommentItem",
    "CommentsPane",
    "CommentsStatus",
    "CommentsView",
    "relative_time",
    "status_text",
    "warnings_text",
]


class CommentItem:
    """One comment (or a waiting reply of ours) of the shown thread: what tests and the screen
    ask about it. Made on demand from the thread's tree; the same object while it is shown."""

    __slots__ = ("_pane", "_tree", "row")

    def __init__(self, pane: CommentsPane, tree: Any, row: int) -> None:
        self._pane, self._tree, self.row = pane, tree, row

    @property
    def _item(self) -> Comment | Draft:
        return self._tree.items[self.row]  # type: ignore[no-any-return]

    @property
    def comment(self) -> Comment | None:
        item = self._item
        return item if isinstance(item, Comment) else None

    @property
    def draft(self) -> Draft | None:
        item = self._item
        return item if isinstance(item, Draft) else None

    @property
    def comment_id(self) -> str | None:
        c = self.comment
        return c.id if c is not None else None

    @property
    def parent_id(self) -> str | None:
        return self._item.parent

    @property
    def depth(self) -> int:
        return int(self._tree.depths[self.row])

    @property
    def key(self) -> str:
        """What identifies the item across a refresh: the comment id, or the outbox row."""
        return str(self._tree.key_of(self.row))

    @property
    def display(self) -> bool:
        """Is it on the page now (not in a fold, not past a depth limit or the page's end)?"""
        return (
            self._pane.view.thread_tree is self._tree
            and self._pane.view.position_of(self.row) is not None
        )

    @property
    def collapsed(self) -> bool:
        c = self.comment
        return c is not None and c.id in self._pane.view.folded

    @property
    def new(self) -> bool:
        return bool(self._tree.new[self.row])

    @property
    def content(self) -> RenderableType:
        """What the pane draws for it (Rich renderables: Text and Markdown, never markup)."""
        view = self._pane.view
        item = self._item
        if isinstance(item, Draft):
            return draft_renderable(item, expanded=item.id in view.expanded, p=view.palette)
        folded = self._tree.replies(self.row) if self.collapsed else 0
        return comment_renderable(item, new=self.new, folded=folded, now=view.now, p=view.palette)

    @property
    def tooltip(self) -> str | None:
        view = self._pane.view
        index = view.position_of(self.row) if view.thread_tree is self._tree else None
        return view.tooltip_of(index)

    def has_class(self, *names: str) -> bool:
        """The marks the pane gives it: -new, -draft, -rejected, -selected, -collapsed."""
        draft = self.draft
        marks = {
            "-new": self.new,
            "-draft": draft is not None and draft.state != DraftState.REJECTED,
            "-rejected": draft is not None and draft.state == DraftState.REJECTED,
            "-selected": self._pane.cursor_item is self,
            "-collapsed": self.collapsed,
        }
        return all(marks.get(name, False) for name in names)

    def __repr__(self) -> str:
        return f"CommentItem({self.key!r}, depth={self.depth})"


class CommentItems(Sequence[CommentItem]):
    """Every item of the shown thread in display order, made when asked for."""

    def __init__(self, pane: CommentsPane) -> None:
        self._pane = pane

    def __len__(self) -> int:
        tree = self._pane.view.thread_tree
        return len(tree) if tree is not None else 0

    @overload
    def __getitem__(self, index: int) -> CommentItem: ...
    @overload
    def __getitem__(self, index: slice) -> list[CommentItem]: ...
    def __getitem__(self, index: int | slice) -> CommentItem | list[CommentItem]:
        if isinstance(index, slice):
            return [self._pane.item_at(i) for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        return self._pane.item_at(index)

    def __iter__(self) -> Iterator[CommentItem]:
        for i in range(len(self)):
            yield self._pane.item_at(i)


class CommentsPane(Widget, can_focus=False):
    """A thread as a tree; j/k move, enter folds a comment's replies, r replies, R refreshes."""

    BINDINGS = [
        Binding("j,down", "move(1)", "Next comment", show=False, id="comments.next"),
        Binding("k,up", "move(-1)", "Previous comment", show=False, id="comments.previous"),
        Binding("pagedown", "page(1)", "Page down", show=False, id="comments.page_down"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="comments.page_up"),
        Binding("home,g", "first", "First comment", show=False, id="comments.first"),
        Binding("end,G", "last", "Last comment", show=False, id="comments.last"),
        Binding("enter,space", "toggle_fold", "Fold replies", id="comments.toggle"),
        Binding("r", "reply", "Reply", id="comments.reply"),
        Binding(
            "R",
            "refresh",
            "Refresh comments",
            tooltip="Ask the server for this post's comments; the list's counts are read again",
            id="comments.refresh",
        ),
        Binding("x,delete", "discard", "Discard reply", id="comments.discard"),
    ]

    class ReplyRequested(Message):
        """Reply to ``parent_id`` (None: to the post itself)."""

        def __init__(self, thread_key: str, parent_id: str | None) -> None:
            super().__init__()
            self.thread_key = thread_key
            self.parent_id = parent_id

    class EditDraftRequested(Message):
        """Edit a reply still in the outbox (pending or refused)."""

        def __init__(self, thread_key: str, draft: Draft) -> None:
            super().__init__()
            self.thread_key = thread_key
            self.draft = draft

    class DiscardDraftRequested(Message):
        """Remove a reply from the outbox (the screen asks first)."""

        def __init__(self, thread_key: str, draft: Draft) -> None:
            super().__init__()
            self.thread_key = thread_key
            self.draft = draft

    class RefreshRequested(Message):
        def __init__(self, thread_key: str) -> None:
            super().__init__()
            self.thread_key = thread_key

    def __init__(
        self, *, name: str | None = None, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.status = CommentsStatus("loading")  # the screen says configured or not
        self.view = CommentsView(id="comments-thread")
        self._items: dict[int, CommentItem] = {}
        self._items_of: object = None  # the tree the items were made from

    def compose(self):  # type: ignore[no-untyped-def]
        yield Static(status_text(self.status), id="comments-status", markup=False)
        yield Static(id="comments-warnings", markup=False)
        yield Static(id="comments-kept", markup=False)
        with Vertical(id="comments-list"):
            yield Static(
                Text("No comments yet. Press r to write the first."),
                classes="comments-empty",
                markup=False,
            )
            yield self.view

    @property
    def thread_key(self) -> str:
        return self.view.thread_key

    @property
    def now(self) -> datetime | None:
        """A fixed clock for tests and snapshots (None: the real one)."""
        return self.view.now

    @now.setter
    def now(self, value: datetime | None) -> None:
        self.view.now = value

    # -- data in ----------------------------------------------------------------------------

    def set_status(self, status: CommentsStatus) -> None:
        self.status = status
        if self.is_mounted:
            line = self.query_one("#comments-status", Static)
            text = status_text(status, self.now)
            line.tooltip = text  # the whole line, when the pane is too narrow for it
            line.set_class(status.state == "not-configured", "-long")  # the how-to is read whole
            line.update(text)
        # with no comment source the pane shrinks to its how-to line: the post gets the room
        self.set_class(status.state == "not-configured", "-unconfigured")

    def set_warnings(self, warnings: list[str]) -> None:
        """Show what went wrong reading this thread (not fatal: the rest is shown)."""
        box = self.query_one("#comments-warnings", Static)
        box.update(warnings_text(warnings) if warnings else Text(""))
        box.set_class(bool(warnings), "-shown")

    def set_kept_reply(self, text: str) -> None:
        """Say that an unsent reply to this post is kept (it comes back with ``r``)."""
        box = self.query_one("#comments-kept", Static)
        first = clean_line(text, limit=70)
        box.update(
            Text(f"✎ Your unsent reply is kept: “{first}” (r continues it)")
            if text.strip()
            else Text("")
        )
        box.set_class(bool(text.strip()), "-shown")

    def show_thread(
        self,
        thread: Thread,
        drafts: list[Draft] | None = None,
        *,
        last_read: datetime | None = None,
        own: set[str] | None = None,
    ) -> None:
        """Replace what is shown. ``last_read``: comments created later get the "new" mark,
        except ``own`` (ids of our own replies, once the server has them). Folds survive a
        refresh of the same thread. A big thread is arranged in a worker: it appears when it
        is ready, and a newer call wins over a late one."""
        self.view.show(thread, drafts or [], last_read, own or set())

    @on(CommentsView.Arranged)
    def _arranged(self, event: CommentsView.Arranged) -> None:
        event.stop()
        self.query_one(".comments-empty", Static).set_class(event.empty, "-shown")
        self.refresh_bindings()

    @on(CommentsView.CursorChanged)
    def _cursor_changed(self, event: CommentsView.CursorChanged) -> None:
        event.stop()
        self.refresh_bindings()  # x (discard) shows only on a waiting reply

    # -- the items ---------------------------------------------------------------------------

    def item_at(self, row: int) -> CommentItem:
        tree = self.view.thread_tree
        if tree is not self._items_of:
            self._items, self._items_of = {}, tree
        item = self._items.get(row)
        if item is None:
            item = self._items[row] = CommentItem(self, tree, row)
        return item

    @property
    def items(self) -> CommentItems:
        """Every comment and waiting reply of the thread, in display order."""
        return CommentItems(self)

    @property
    def has_selection_focus(self) -> bool:
        """Does the user work in the thread (the thread has the focus)?"""
        return self.view.has_focus

    @property
    def cursor_item(self) -> CommentItem | None:
        """The item under the cursor, focused or not (None before the first move, and on a
        row that is not a comment: "show more", "… more replies")."""
        entry = self.view.cursor_entry
        if entry is None or entry.kind not in ("comment", "draft"):
            return None
        return self.item_at(entry.row)

    @property
    def selected(self) -> CommentItem | None:
        """The item under the cursor while the thread has the focus."""
        return self.cursor_item if self.has_selection_focus else None

    @property
    def selected_id(self) -> str | None:
        item = self.selected
        return item.comment_id if item else None

    def comment(self, comment_id: str) -> Comment | None:
        """The comment with that id in the shown thread (shown on the page or not)."""
        tree = self.view.thread_tree
        row = tree.rows.get(comment_id) if tree is not None else None
        item = tree.items[row] if tree is not None and row is not None else None
        return item if isinstance(item, Comment) else None

    def select(self, item: CommentItem) -> None:
        """Give the thread the focus with the cursor on ``item`` (shown if it was not)."""
        self.view.focus()
        self.view.select_row(item.row)
        self.refresh_bindings()

    def focus_first(self) -> None:
        """Give the thread the focus, the cursor on the first row."""
        if not self.display:
            return  # the pane is hidden (``c``)
        self.view.focus()
        self.view._set_cursor(0 if self.view.entries else None)
        self.refresh_bindings()

    # -- keys ----------------------------------------------------------------------------------

    def action_move(self, step: int) -> None:
        self.view.move(step)

    def action_page(self, pages: int) -> None:
        self.view.page(pages)

    def action_first(self) -> None:
        self.view._set_cursor(0)

    def action_last(self) -> None:
        self.view._set_cursor(len(self.view.entries) - 1)

    def action_toggle_fold(self) -> None:
        """Fold or unfold the replies under the selected comment; on "… more replies", "show
        more" or "back", go there; on a waiting reply, show (or hide) its reason in full."""
        if self.has_selection_focus:
            self.view.activate()
            self.refresh_bindings()

    def action_reply(self) -> None:
        if not self.thread_key:
            return
        item = self.selected
        if item is not None and item.draft is not None:
            self.post_message(self.EditDraftRequested(self.thread_key, item.draft))
            return
        parent = item.comment_id if item is not None and item.comment_id else None
        self.post_message(self.ReplyRequested(self.thread_key, parent))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "discard":  # only a reply of ours still in the outbox can be discarded
            item = self.cursor_item
            return item is not None and item.draft is not None
        return True

    def action_discard(self) -> None:
        item = self.selected
        if self.thread_key and item is not None and item.draft is not None:
            self.post_message(self.DiscardDraftRequested(self.thread_key, item.draft))

    def action_refresh(self) -> None:
        if self.thread_key:
            self.post_message(self.RefreshRequested(self.thread_key))

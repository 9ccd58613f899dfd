"""The comments pane: one post's thread as a collapsible tree, plus the outbox and a status line.

Plain data in, messages out: the screen gives it a Thread, the waiting Drafts and a
CommentsStatus through methods; it never touches the store or the network. It posts
``ReplyRequested(thread_key, parent_id)`` (``r``) and ``RefreshRequested(thread_key)`` (``R``).

Comment text is other people's: it is rendered from its Markdown with Rich's Markdown renderer
(no console markup, no hyperlink escapes: links are shown with their address), and every name or
status goes through ``rich.text.Text`` — never through markup. The text was stripped of control
sequences on the way into the store; it is stripped again here in case a backend forgot.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from rich.console import Group, RenderableType
from rich.markdown import Markdown
from rich.text import Text
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Static

from blogtui.comments.model import Comment, Draft, DraftState, Thread
from blogtui.comments.sanitize import clean_line, clean_text

HOW_TO_CONFIGURE = 'No comment server configured. Add to config.toml:  [comments]  backend = "isso"  url = "https://comments.example.org/"'


@dataclass(frozen=True, slots=True)
class CommentsStatus:
    """What the status line says. ``state``: loading | online | offline | rate-limited |
    syncing | not-configured | error (``until``: rate-limited, when the server takes requests).

    ``source`` names where comments come from ("Isso at …", "comments from the site's
    _data/comments (no server)"); ``local``: they are files of the site, so there is no server to
    be online or offline with. ``waiting``/``refused``: replies in the outbox (all threads)."""

    state: str
    last_sync: datetime | None = None
    message: str = ""
    source: str = ""
    local: bool = False
    waiting: int = 0
    refused: int = 0
    until: datetime | None = None


def relative_time(when: datetime | None, now: datetime | None = None) -> str:
    """'just now', '5 min ago', '3 h ago', '2 days ago', else the date."""
    if when is None:
        return "never"
    now = now or datetime.now(UTC)
    seconds = (now - when).total_seconds()
    if seconds < 60:
        return "just now"
    if seconds < 3600:
        return f"{int(seconds // 60)} min ago"
    if seconds < 86400:
        return f"{int(seconds // 3600)} h ago"
    if seconds < 86400 * 30:
        days = int(seconds // 86400)
        return f"{days} day{'s' if days > 1 else ''} ago"
    return when.astimezone(UTC).strftime("%Y-%m-%d")


def status_text(status: CommentsStatus, now: datetime | None = None) -> Text:
    """The status line as Text (the message may quote a server: never markup). Most important
    first: the state and sync time, replies waiting, why a sync failed, then where comments come
    from, so a narrow pane cuts the least useful part (the line ends in an ellipsis)."""
    last = relative_time(status.last_sync, now)
    if status.state == "not-configured":
        return Text(HOW_TO_CONFIGURE, style="dim")
    if status.state == "loading":
        return Text("Loading comments…", style="dim")
    if status.state == "online" and status.local:
        text = Text.assemble(("● local", "green"), f" · read {last}")
    elif status.state == "online":
        text = Text.assemble(("● online", "green"), f" · synced {last}")
    elif status.state == "syncing":
        text = Text.assemble(
            ("⟳ syncing…", "yellow"), f" · last synced {last}" if status.last_sync else ""
        )
    elif status.state == "rate-limited":  # reachable: it asks us to wait
        until = status.until.astimezone().strftime("%H:%M") if status.until else "later"
        text = Text.assemble(("◔ rate-limited", "yellow"), f" until {until} · synced {last}")
    else:
        label = "○ offline" if status.state == "offline" else "✗ sync failed"
        text = Text.assemble((label, "red"), f" · last synced {last}")
    if status.waiting:
        n = status.waiting
        text.append(
            f" · {n} repl{'y' if n == 1 else 'ies'} waiting to be sent", style="bold yellow"
        )
        if status.refused:
            text.append(f" ({status.refused} refused)", style="red")
    if status.message and status.state in ("offline", "error", "rate-limited"):
        message = status.message
        if (
            message.startswith("thread ") and ": " in message
        ):  # "thread /a.html: why": the pane shows that thread
            message = message.split(": ", 1)[1]
        text.append(f" · {clean_line(message, limit=160)}", style="dim")
    if status.source:
        text.append(f" · {clean_line(status.source, limit=80)}", style="dim")
    return text


def warnings_text(warnings: list[str], limit: int = 3) -> Text:
    """Thread warnings (e.g. comment files skipped) as Text: at most ``limit`` lines."""
    text = Text(
        f"⚠ {len(warnings)} problem{'s' if len(warnings) != 1 else ''} reading this thread:",
        style="yellow",
    )
    for w in warnings[:limit]:
        text.append("\n  " + clean_line(w, limit=200))
    if len(warnings) > limit:
        text.append(f"\n  … and {len(warnings) - limit} more (see `blogtui sync`)", style="dim")
    return text


class CommentItem(Static):
    """One comment (or a waiting reply of ours). Never focused itself: the list holds the focus
    and a cursor, so replacing the items on a refresh can never leave focus on a removed widget."""

    DEFAULT_CSS = """
    CommentItem { padding: 0 1; margin: 0 0 1 0; height: auto; }
    CommentList:focus > CommentItem.-selected { background: $boost; }
    CommentItem.-selected { background: $boost 40%; }
    CommentItem.-draft { border-left: thick $warning; }
    CommentItem.-rejected { border-left: thick $error; }
    CommentItem.-new { border-left: thick $success; }
    """

    def __init__(
        self,
        renderable: RenderableType,
        *,
        comment_id: str | None,
        parent_id: str | None,
        depth: int,
        draft: Draft | None = None,
        comment: Comment | None = None,
        classes: str = "",
    ):
        super().__init__(renderable, classes=classes, markup=False)
        self.comment = comment
        self.comment_id = comment_id
        self.parent_id = parent_id
        self.depth = depth
        self.draft = draft
        self.collapsed = False
        self.styles.margin = (0, 0, 1, depth * 3)

    @property
    def key(self) -> str:
        """What identifies the item across a refresh: the comment id, or the outbox row."""
        if self.draft is not None:
            return f"draft:{self.draft.id}"
        return f"comment:{self.comment_id}"


class CommentList(VerticalScroll, can_focus=True):
    """The scrolling list of a thread's items; it takes the focus for the whole thread."""


class CommentsPane(Widget, can_focus=False):
    """A thread as a tree; j/k move, enter folds a comment's replies, r replies, R refreshes."""

    DEFAULT_CSS = """
    CommentsPane { height: 1fr; layout: vertical; }
    CommentsPane > #comments-status { height: 1; padding: 0 1; background: $panel; text-wrap: nowrap; text-overflow: ellipsis; }
    CommentsPane > #comments-status.-long { height: auto; text-wrap: wrap; }
    CommentsPane > #comments-warnings { height: auto; max-height: 5; padding: 0 1; display: none; }
    CommentsPane > #comments-warnings.-shown { display: block; }
    CommentsPane > #comments-kept { height: auto; padding: 0 1; display: none; color: $warning; }
    CommentsPane > #comments-kept.-shown { display: block; }
    CommentsPane > #comments-list { height: 1fr; }
    CommentsPane .comments-empty { color: $text-muted; padding: 1; }
    """

    BINDINGS = [
        Binding("j,down", "move(1)", "Next comment", show=False, id="comments.next"),
        Binding("k,up", "move(-1)", "Previous comment", show=False, id="comments.previous"),
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
        self.thread_key = ""
        self._folded: set[str] = set()  # folded comment ids of the shown thread
        self.status = CommentsStatus("loading")  # the screen says configured or not
        self.now: datetime | None = None  # fixed clock for tests / snapshots
        self._cursor: str | None = None  # CommentItem.key of the selected item
        self._generation = 0
        self._planned = 0  # items the shown thread has (they are mounted in chunks)

    def compose(self):
        yield Static(status_text(self.status), id="comments-status", markup=False)
        yield Static(id="comments-warnings", markup=False)
        yield Static(id="comments-kept", markup=False)
        yield CommentList(id="comments-list")

    # -- data in ----------------------------------------------------------------------------

    def set_status(self, status: CommentsStatus) -> None:
        self.status = status
        if self.is_mounted:
            line = self.query_one("#comments-status", Static)
            text = status_text(status, self.now)
            line.tooltip = text.copy()  # the whole line, when the pane is too narrow for it
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

    #: comments mounted per step: a 500-comment thread appears at once and fills in without freezing
    CHUNK = 40

    def show_thread(
        self,
        thread: Thread,
        drafts: list[Draft] | None = None,
        *,
        last_read: datetime | None = None,
        own: set[str] | None = None,
    ) -> None:
        """Replace what is shown. ``last_read``: comments created later get the "new" mark,
        except ``own`` (ids of our own replies, once the server has them)."""
        if thread.key != self.thread_key:
            self._folded = set()  # folds survive a refresh of the same thread
        self.thread_key = thread.key
        self._generation += 1
        plan = self._plan(thread, drafts or [], last_read, own or set())
        self._planned = len(plan)
        container = self.query_one(CommentList)
        with self.app.batch_update():
            container.remove_children()
            if plan:
                container.mount_all([self._make_item(step) for step in plan[: self.CHUNK]])
            else:
                container.mount(
                    Static(
                        Text("No comments yet. Press r to write the first."),
                        classes="comments-empty",
                        markup=False,
                    )
                )
        if len(plan) > self.CHUNK:
            self.set_timer(0.01, lambda: self._mount_more(plan, self.CHUNK, self._generation))
        self.call_after_refresh(self._show_cursor)

    def _mount_more(
        self, plan: list[tuple[Comment | Draft, int, bool, bool]], start: int, generation: int
    ) -> None:
        if generation != self._generation or not self.is_mounted:
            return  # another thread is shown now
        container = self.query_one(CommentList)
        container.mount_all([self._make_item(step) for step in plan[start : start + self.CHUNK]])
        self.call_after_refresh(self._show_cursor)
        if start + self.CHUNK < len(plan):
            self.set_timer(0.01, lambda: self._mount_more(plan, start + self.CHUNK, generation))

    def _make_item(self, step: tuple[Comment | Draft, int, bool, bool]) -> CommentItem:
        obj, depth, new, hidden = step
        if isinstance(obj, Draft):
            cls = "-rejected" if obj.state == DraftState.REJECTED else "-draft"
            item = CommentItem(
                self._render_draft(obj),
                comment_id=None,
                parent_id=obj.parent,
                depth=depth,
                draft=obj,
                classes=cls,
            )
        else:
            item = CommentItem(
                self._render_comment(obj, new),
                comment_id=obj.id,
                parent_id=obj.parent,
                depth=depth,
                comment=obj,
                classes="-new" if new else "",
            )
            if obj.id in self._folded:
                item.collapsed = True
                item.add_class("-collapsed")
        item.display = not hidden
        item.set_class(item.key == self._cursor, "-selected")
        return item

    def _plan(
        self,
        thread: Thread,
        drafts: list[Draft],
        last_read: datetime | None,
        own: set[str] = frozenset(),  # type: ignore[assignment]
    ) -> list[tuple[Comment | Draft, int, bool, bool]]:
        """The tree in display order: (comment or waiting draft, depth, is new, hidden in a fold)."""
        folded = self._folded
        known = {c.id for c in thread.comments}
        children: dict[str | None, list[Comment]] = {}
        for c in thread.comments:  # a reply whose parent is missing is shown at the top level
            children.setdefault(c.parent if c.parent in known else None, []).append(c)
        waiting: dict[str | None, list[Draft]] = {}
        for d in drafts:
            if d.state != DraftState.SENT:
                waiting.setdefault(d.parent if d.parent in known else None, []).append(d)
        plan: list[tuple[Comment | Draft, int, bool, bool]] = []

        def walk(parent: str | None, depth: int, seen: frozenset[str], hidden: bool) -> None:
            for c in sorted(children.get(parent, []), key=lambda c: c.created):
                if c.id in seen:  # a cycle in hostile data
                    continue
                plan.append(
                    (
                        c,
                        depth,
                        last_read is not None
                        and c.created > last_read
                        and not c.deleted
                        and c.id not in own,
                        hidden,
                    )
                )
                walk(c.id, depth + 1, seen | {c.id}, hidden or c.id in folded)
            for d in waiting.get(parent, []):
                plan.append((d, depth, False, hidden))

        walk(None, 0, frozenset(), False)
        return plan

    def _render_comment(self, c: Comment, new: bool) -> RenderableType:
        head = Text()
        if c.deleted:
            head.append("[deleted]", style="dim italic")
        else:
            head.append(clean_line(c.author) or "anonymous", style="bold")
        head.append(f"  {relative_time(c.created, self.now)}", style="dim")
        if c.modified:
            head.append("  (edited)", style="dim")
        if c.pending:
            head.append("  awaiting moderation", style="yellow")
        if new:
            head.append("  ● new", style="bold green")
        if c.deleted:
            return Group(head, Text("This comment was deleted.", style="dim italic"))
        return Group(head, Markdown(clean_text(c.text), hyperlinks=False, inline_code_lexer=None))

    def _render_draft(self, d: Draft) -> RenderableType:
        head = Text.assemble((clean_line(d.author) or "you", "bold"))
        if d.state == DraftState.REJECTED:
            head.append(
                f"  ✗ refused: {clean_line(d.error, limit=200)} (r edits, x discards)", style="red"
            )
        elif d.state == DraftState.UNKNOWN:
            head.append("  ? sent, waiting for the server to confirm", style="yellow")
        else:
            head.append(
                "  ⏳ pending: will be posted on the next sync (r edits, x discards)",
                style="yellow",
            )
            if d.error:
                head.append(f" ({clean_line(d.error, limit=120)})", style="dim")
        return Group(head, Markdown(clean_text(d.text), hyperlinks=False))

    # -- selection and keys ------------------------------------------------------------------

    @property
    def items(self) -> list[CommentItem]:
        return list(self.query(CommentItem))

    @property
    def has_selection_focus(self) -> bool:
        """Does the user work in the thread (the list has the focus)?"""
        return self.query_one(CommentList).has_focus

    @property
    def cursor_item(self) -> CommentItem | None:
        """The item under the cursor, focused or not (None before the first move)."""
        for item in self.items:
            if item.key == self._cursor:
                return item
        return None

    @property
    def selected(self) -> CommentItem | None:
        """The item under the cursor while the thread has the focus."""
        return self.cursor_item if self.has_selection_focus else None

    @property
    def selected_id(self) -> str | None:
        item = self.selected
        return item.comment_id if item else None

    def comment(self, comment_id: str) -> Comment | None:
        """The shown comment with that id."""
        for item in self.items:
            if item.comment_id == comment_id:
                return item.comment
        return None

    def select(self, item: CommentItem) -> None:
        """Give the thread the focus with the cursor on ``item``."""
        self.query_one(CommentList).focus()
        self._select(item)

    def _select(self, item: CommentItem | None) -> None:
        self._cursor = item.key if item is not None else None
        for other in self.items:
            other.set_class(other is item, "-selected")
        self.refresh_bindings()  # x (discard) shows only on a waiting reply
        if item is not None:
            self.query_one(CommentList).scroll_to_widget(item, animate=False)

    def _show_cursor(self) -> None:
        """After the items were replaced: mark the selected one again, or the first visible."""
        if not self.is_mounted:
            return
        item = self.cursor_item
        if item is None or not item.display:
            if self._cursor is not None and item is None and self._mounting_more:
                return  # the selected item comes with a later chunk
            visible = [i for i in self.items if i.display]
            item = visible[0] if visible and self.has_selection_focus else None
        self._select(item)

    @property
    def _mounting_more(self) -> bool:
        return len(self.items) < self._planned

    def on_descendant_focus(self) -> None:
        """Reaching the thread with Tab shows the cursor where it was, or on the first comment."""
        self._show_cursor()

    def action_move(self, step: int) -> None:
        visible = [i for i in self.items if i.display]
        if not visible:
            return
        current = self.cursor_item
        index = visible.index(current) + step if current in visible else 0
        self._select(visible[max(0, min(len(visible) - 1, index))])

    def action_toggle_fold(self) -> None:
        """Fold or unfold the replies under the selected comment."""
        item = self.selected
        if item is None or item.comment_id is None:
            return
        item.collapsed = not item.collapsed
        (self._folded.add if item.collapsed else self._folded.discard)(item.comment_id)
        hidden_under: list[int] = []  # depths of collapsed ancestors while walking
        items = self.items
        start = items.index(item)
        for other in items[start + 1 :]:
            if other.depth <= item.depth:
                break
            while hidden_under and other.depth <= hidden_under[-1]:
                hidden_under.pop()
            other.display = not item.collapsed and not hidden_under
            if other.collapsed:
                hidden_under.append(other.depth)
        item.set_class(item.collapsed, "-collapsed")
        if item.collapsed:
            n = sum(1 for o in items[start + 1 :] if o.depth > item.depth and not o.display)
            item.tooltip = f"{n} replies folded"

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

    def focus_first(self) -> None:
        """Give the thread the focus, the cursor on the first visible comment."""
        if not self.display:
            return  # the pane is hidden (``c``)
        self.query_one(CommentList).focus()
        visible = [i for i in self.items if i.display]
        self._select(visible[0] if visible else None)

    def action_refresh(self) -> None:
        if self.thread_key:
            self.post_message(self.RefreshRequested(self.thread_key))

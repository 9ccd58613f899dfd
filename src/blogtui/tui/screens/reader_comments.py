"""The reader's comments: the open post's thread beside it, refreshed in a worker, replies offline.

``CommentsReaderScreen`` is the base of ReaderScreen; the reader only composes a CommentsPane
(id ``comments``) and calls ``comments_open(post)`` when a post opens. Everything else — loading
the stored thread at once, syncing that thread in a worker, ``r``/``R``, the reply editor with its
hand-off to ``$EDITOR`` — lives here, so the reader stays small.

Workers call the core (blogtui.comments.service) and post messages; handlers update the pane.
"""

from __future__ import annotations

import os
import shlex
import subprocess
from pathlib import Path
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.widgets import Static, TextArea

from blogtui.comments.model import ThreadRef
from blogtui.comments.sanitize import clean_line
from blogtui.comments.service import CommentsService, ThreadView, ref_for
from blogtui.tui.widgets.comments import CommentsPane, CommentsStatus
from blogtui.tui.widgets.postlist import PostList

RECOVERY_FILE = "reply-recovery.md"


def _atomic_write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


class ReplyScreen(ModalScreen["str | None"]):
    """Write a reply: ctrl+s puts it in the outbox, escape cancels (the text is kept for later),
    ctrl+e continues in $EDITOR."""

    DEFAULT_CSS = """
    ReplyScreen { align: center middle; }
    ReplyScreen > Vertical { width: 80%; height: 70%; border: round $primary; background: $surface; padding: 0 1; }
    ReplyScreen TextArea { height: 1fr; }
    ReplyScreen .hint { color: $text-muted; height: auto; }
    """
    BINDINGS = [
        Binding("ctrl+s", "send", "Send (outbox)", id="reply.send"),
        Binding("escape", "cancel", "Cancel", id="reply.cancel"),
        Binding("ctrl+e", "external", "Open in $EDITOR", id="reply.editor", priority=True),  # over TextArea's ctrl+e
    ]

    def __init__(self, heading: Text, text: str, recovery: Path, editor: str | None) -> None:
        super().__init__()
        self.heading = heading
        self.initial = text
        self.recovery = recovery
        self.editor = editor

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.heading, markup=False)
            yield TextArea(self.initial, id="reply-text", soft_wrap=True, show_line_numbers=False)
            yield Static(Text("ctrl+s: put in the outbox (sent on the next sync) · ctrl+e: $EDITOR · esc: cancel"), classes="hint", markup=False)

    def on_mount(self) -> None:
        self.query_one(TextArea).focus()

    @property
    def text(self) -> str:
        return self.query_one(TextArea).text

    def action_send(self) -> None:
        if not self.text.strip():
            self.notify("The reply is empty.", severity="warning")
            return
        self.recovery.unlink(missing_ok=True)
        self.dismiss(self.text)

    def action_cancel(self) -> None:
        if self.text.strip():  # never lose what the user wrote
            _atomic_write(self.recovery, self.text)
            self.notify(f"Reply not sent; its text is kept and comes back next time ({self.recovery.name}).", timeout=6)
        self.dismiss(None)

    def action_external(self) -> None:
        editor = self.editor or os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
        _atomic_write(self.recovery, self.text)
        try:
            with self.app.suspend():
                subprocess.run([*shlex.split(editor), str(self.recovery)], check=False)
        except Exception as exc:  # SuspendNotSupported, editor missing: say so, keep the text
            self.notify(f"Could not start the editor ({clean_line(str(exc), limit=100)}).", severity="error")
            return
        try:
            self.query_one(TextArea).text = self.recovery.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            self.notify(f"Could not read the edited reply back: {clean_line(str(exc), limit=100)}", severity="error")


class CommentsReaderScreen(Screen[None]):
    """Base of the reader screen: owns the comments flow around a CommentsPane (id="comments")."""

    BINDINGS = [
        Binding("r", "reply", "Reply", id="reader.reply"),
        Binding("R", "refresh_comments", "Refresh comments", id="reader.refresh_comments"),
    ]

    class CommentsLoaded(Message):
        def __init__(self, key: str, view: ThreadView, status: CommentsStatus) -> None:
            super().__init__()
            self.key = key
            self.view = view
            self.status = status

    class CommentCounts(Message):
        def __init__(self, counts: dict[str, int]) -> None:
            super().__init__()
            self.counts = counts

    _comments_service: CommentsService | None = None
    _comments_ref: ThreadRef | None = None
    _comments_last_read: dict[str, Any] = {}
    _comment_counts_sent = False

    @property
    def comments_service(self) -> CommentsService:
        if self._comments_service is None:
            self._comments_service = CommentsService(self.app.settings, site=getattr(self.app, "site", None))  # type: ignore[attr-defined]
            self._comments_last_read = {}
        return self._comments_service

    def comments_open(self, post: Any) -> None:
        """Show the post's stored comments at once, then sync that thread in a worker."""
        self._comments_ref = ref_for(post)
        pane = self.query_one(CommentsPane)
        if not self.comments_service.configured:
            pane.set_status(CommentsStatus("not-configured"))
        self.load_comments(self._comments_ref, sync=self.comments_service.configured)

    @work(thread=True, exclusive=True, group="comments", exit_on_error=False)
    def load_comments(self, ref: ThreadRef, sync: bool = True) -> None:
        service = self.comments_service
        first = ref.key not in self._comments_last_read
        try:
            view = service.load(ref.key, mark_read=first)
        except Exception as exc:  # StoreError, sqlite3 errors: shown, never raised
            self.post_message(self.CommentsLoaded(ref.key, ThreadView(thread=_empty(ref.key)), CommentsStatus("error", message=f"comment store: {exc}")))
            return
        if first:
            self._comments_last_read[ref.key] = view.last_read
        if not self._comment_counts_sent:  # the post list's counts, once the store is open
            self._comment_counts_sent = True
            self.post_message(self.CommentCounts(service.counts()))
        view.last_read = self._comments_last_read[ref.key]
        if not service.configured:
            self.post_message(self.CommentsLoaded(ref.key, view, CommentsStatus("not-configured")))
            return
        offline = CommentsStatus("offline", view.last_sync, view.state.error if view.state else "")
        self.post_message(self.CommentsLoaded(ref.key, view, CommentsStatus("syncing", view.last_sync) if sync else offline))
        if not sync:
            return
        report = service.sync_thread(ref)
        view = service.load(ref.key)
        view.last_read = self._comments_last_read[ref.key]
        if report.error or report.failed:
            reason = report.error or next(iter(report.failed.values()))
            status = CommentsStatus("offline" if "reach" in reason or "answer in time" in reason else "error", view.last_sync, reason)
        else:
            status = CommentsStatus("online", view.last_sync)
        self.post_message(self.CommentsLoaded(ref.key, view, status))
        self.post_message(self.CommentCounts(service.counts()))

    @on(CommentCounts)
    def _comment_counts(self, event: CommentCounts) -> None:
        for posts in self.query(PostList):
            posts.set_comment_counts(event.counts)

    @on(CommentsLoaded)
    def _comments_loaded(self, event: CommentsLoaded) -> None:
        if self._comments_ref is None or event.key != self._comments_ref.key:
            return  # another post is open now
        pane = self.query_one(CommentsPane)
        pane.show_thread(event.view.thread, event.view.drafts, last_read=event.view.last_read)
        pane.set_status(event.status)

    def action_refresh_comments(self) -> None:
        if self._comments_ref is not None:
            self.load_comments(self._comments_ref, sync=self.comments_service.configured)

    @on(CommentsPane.RefreshRequested)
    def _comments_refresh_requested(self, event: CommentsPane.RefreshRequested) -> None:
        event.stop()
        self.action_refresh_comments()

    def action_reply(self) -> None:
        """Reply to the selected comment when the comments have focus, else to the post."""
        pane = self.query_one(CommentsPane)
        self.open_reply_editor(pane.selected_id if pane.selected is not None else None)

    @on(CommentsPane.ReplyRequested)
    def _comments_reply_requested(self, event: CommentsPane.ReplyRequested) -> None:
        event.stop()
        self.open_reply_editor(event.parent_id)

    @on(CommentsPane.EditDraftRequested)
    def _comments_edit_requested(self, event: CommentsPane.EditDraftRequested) -> None:
        event.stop()
        draft = event.draft
        ref = self._comments_ref
        if ref is None or draft.id is None:
            return
        heading = Text("Edit your reply", style="bold")
        if draft.error:
            heading.append(f" (refused: {clean_line(draft.error, limit=120)})", style="red")
        draft_id = draft.id
        recovery = Path(self.app.settings.data_dir) / f"reply-edit-{draft_id}.md"  # type: ignore[attr-defined]
        try:
            text = recovery.read_text(encoding="utf-8")  # an earlier, cancelled edit
        except (OSError, UnicodeDecodeError):
            text = draft.text

        def done(text: str | None) -> None:
            if text:
                self.save_edit(ref, draft_id, text)

        self.app.push_screen(ReplyScreen(heading, text, recovery, getattr(self.app.settings, "editor", None)), done)  # type: ignore[attr-defined]

    @work(thread=True, group="comments-outbox", exit_on_error=False)
    def save_edit(self, ref: ThreadRef, draft_id: int, text: str) -> None:
        try:
            self.comments_service.edit_reply(draft_id, text)
        except Exception as exc:  # already sent meanwhile, or the outbox cannot be written
            _atomic_write(Path(self.app.settings.data_dir) / f"reply-edit-{draft_id}.md", text)  # type: ignore[attr-defined]
            self.app.call_from_thread(self.notify, f"Could not change the reply: {clean_line(str(exc), limit=120)}; your text is kept.", severity="error")
            return
        self.app.call_from_thread(self.load_comments, ref, True)

    def open_reply_editor(self, parent_id: str | None) -> None:
        ref = self._comments_ref
        if ref is None:
            return
        service = self.comments_service
        if not service.configured:
            self.notify("No comment server configured: add [comments] backend and url to config.toml.", severity="warning")
            return
        heading = Text("Reply to ", style="bold")
        heading.append(f"comment #{parent_id}" if parent_id else clean_line(ref.title) or ref.key)
        recovery = Path(self.app.settings.data_dir) / RECOVERY_FILE  # type: ignore[attr-defined]
        try:
            kept = recovery.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            kept = ""

        def done(text: str | None) -> None:
            if text:
                self.save_reply(ref, text, parent_id)

        self.app.push_screen(ReplyScreen(heading, kept, recovery, getattr(self.app.settings, "editor", None)), done)  # type: ignore[attr-defined]

    @work(thread=True, group="comments-outbox", exit_on_error=False)
    def save_reply(self, ref: ThreadRef, text: str, parent_id: str | None) -> None:
        try:
            self.comments_service.add_reply(ref, text, parent_id)
        except Exception as exc:  # the outbox could not be written: keep the text for the user
            _atomic_write(Path(self.app.settings.data_dir) / RECOVERY_FILE, text)  # type: ignore[attr-defined]
            self.app.call_from_thread(self.notify, f"Could not save the reply ({clean_line(str(exc), limit=100)}); its text is kept.", severity="error")
            return
        self.app.call_from_thread(self.notify, "Reply saved in the outbox; posting it now.", timeout=3)
        self.app.call_from_thread(self.load_comments, ref, True)


def _empty(key: str):  # type: ignore[no-untyped-def]
    from blogtui.comments.model import Thread

    return Thread(key)

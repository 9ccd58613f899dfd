"""Replies from the reader: ``r`` writes one (the editor is blogtui.tui.screens.reply), a waiting
reply can be edited (``r`` on it) or discarded (``x``, after asking).

``ReplyFlow`` belongs to the comments flow (``screen.comments.replies``): it opens the reply
editor with the text kept from an earlier, cancelled try (the recovery copy in the data dir),
puts what is written in the outbox through the comments service, and asks the comments flow to
show the thread again. The discard runs in a thread worker that returns a :class:`Discarded`;
the screen hands it back here (``discarded``) on the event loop.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text

from blogtui.blog.recovery import RecoveryStore, read_kept
from blogtui.comments.model import Comment, Draft, ThreadRef
from blogtui.comments.sanitize import clean_line
from blogtui.tui.screens.choice import Confirm
from blogtui.tui.services import ReaderServices
from blogtui.tui.widgets.comments import CommentsPane

if TYPE_CHECKING:
    from blogtui.tui.screens.reader import ReaderScreen
    from blogtui.tui.screens.reader_comments import CommentsFlow
    from blogtui.tui.screens.reply import SaveReply

#: the worker group of a discard: its result comes back to ``ReplyFlow.discarded``
DISCARD_GROUP = "comments-outbox"


@dataclass(frozen=True, slots=True)
class Discarded:
    """What a discard worker did: ``error`` is empty when the reply is gone."""

    ref: ThreadRef
    draft_id: int
    error: str = ""


def reply_heading(parent: Comment | None, parent_id: str | None, post: str) -> Text:
    """The reply box's title: whom it answers, quoted ("Reply to Ann: Great roadmap…"), never
    a server's id; the post's title for a reply to the post."""
    heading = Text("Reply to ", style="bold")
    if parent is None:
        return heading.append(post if parent_id is None else "a comment")
    if parent.deleted:
        return heading.append("a deleted comment")
    heading.append(clean_line(parent.author) or "anonymous")
    first = next((ln for ln in parent.text.splitlines() if ln.strip()), "")
    if first.strip():
        heading.append(f": {clean_line(first, limit=60)}", style="italic")
    return heading


class ReplyFlow:
    """Writing, editing and discarding replies to the open post's thread."""

    def __init__(self, screen: ReaderScreen, services: ReaderServices, comments: CommentsFlow):
        self.screen = screen
        self.services = services
        self.comments = comments

    def recovery(self, key: str) -> Path:
        """Where the unsent reply to the thread ``key`` is kept."""
        return RecoveryStore(self.services.settings.data_dir).reply_file(key)

    def edit_recovery(self, draft_id: int) -> Path:
        return RecoveryStore(self.services.settings.data_dir).reply_edit_file(draft_id)

    def reply(self) -> None:
        """``r``: reply to the selected comment when the comments have focus, else to the post."""
        pane = self.screen.query_one(CommentsPane)
        self.open_editor(pane.selected_id if pane.selected is not None else None)

    def open_editor(self, parent_id: str | None) -> None:
        ref = self.comments.ref
        if ref is None:
            return
        service = self.comments.service
        if not service.configured:
            self.screen.notify(
                "No comment server configured: add [comments] backend and url to config.toml.",
                severity="warning",
                markup=False,
            )
            return
        heading = reply_heading(
            self.screen.query_one(CommentsPane).comment(parent_id) if parent_id else None,
            parent_id,
            clean_line(ref.title) or ref.key,
        )

        def save(text: str) -> None:  # in a thread, before the editor closes (a failure keeps it)
            service.add_reply(ref, text, parent_id)

        def done(text: str | None) -> None:
            if text:
                where = service.reply_destination()
                said = "posting it now" if where.now else where.text
                self.screen.notify(f"Reply saved: {said}.", timeout=3, markup=False)
                self.comments.load(ref, True)
            else:
                self.comments.reload(ref)  # the kept text under the thread (read in a thread)

        self._open_screen(heading, self.recovery(ref.key), "", save, done)

    def edit(self, draft: Draft) -> None:
        """Change a reply waiting in the outbox."""
        ref = self.comments.ref
        if ref is None or draft.id is None:
            return
        heading = Text("Edit your reply", style="bold")
        if draft.error:
            error = self.screen.app.theme_variables.get("text-error", "")  # the theme's, resolved
            heading.append(f" (refused: {clean_line(draft.error, limit=120)})", style=error)
        draft_id = draft.id
        service = self.comments.service

        def save(text: str) -> None:  # in a thread, before the editor closes (a failure keeps it)
            service.edit_reply(draft_id, text)

        def done(text: str | None) -> None:
            if text:
                self.comments.load(ref, True)

        self._open_screen(
            heading, self.edit_recovery(draft_id), draft.text, save, done, editing=True
        )

    def _open_screen(
        self,
        heading: Text,
        recovery: Path,
        text: str,
        save: SaveReply,
        done: Callable[[str | None], None],
        *,
        editing: bool = False,
    ) -> None:
        self.screen.run_worker(
            self._open_reply_screen(heading, recovery, text, save, done, editing=editing),
            group="reply-open",
            exclusive=True,
            exit_on_error=False,
            description="opening the reply editor",
        )

    async def _open_reply_screen(
        self,
        heading: Text,
        recovery: Path,
        text: str,
        save: SaveReply,
        done: Callable[[str | None], None],
        *,
        editing: bool = False,
    ) -> None:
        """Open the reply editor with the text kept from an earlier, cancelled try (read in a
        thread: a slow disk never freezes the app), else ``text``."""
        from blogtui.tui.screens.reply import ReplyScreen  # the reply editor: when first used

        kept = await asyncio.to_thread(read_kept, recovery)
        destination = self.comments.service.reply_destination().text
        self.screen.app.push_screen(
            ReplyScreen(
                heading,
                kept or text,
                recovery,
                self.services.settings.editor,
                editing=editing,
                save=save,
                destination=destination,
            ),
            done,
        )

    def ask_discard(self, draft: Draft) -> None:
        """``x`` on a waiting reply: ask, then discard it in a worker."""
        ref = self.comments.ref
        if ref is None or draft.id is None:
            return
        draft_id = draft.id
        question = Text("Discard this reply? It has not been posted and cannot be recovered.\n\n")
        question.append(clean_line(draft.text, limit=200), style="italic")

        def answer(choice: str | None) -> None:
            if choice == "yes":
                self.screen.run_worker(
                    partial(self._discard, ref, draft_id),
                    thread=True,
                    group=DISCARD_GROUP,
                    exit_on_error=False,
                    description="discarding a reply",
                )

        self.screen.app.push_screen(Confirm(question, yes="Discard", no="Keep"), answer)

    def _discard(self, ref: ThreadRef, draft_id: int) -> Discarded:
        """In a thread: take the reply out of the outbox and its edit's recovery copy."""
        try:
            self.comments.service.discard_reply(draft_id)
        except Exception as exc:
            return Discarded(ref, draft_id, clean_line(str(exc), limit=120))
        try:
            self.edit_recovery(draft_id).unlink(missing_ok=True)
        except OSError:
            pass  # the reply is gone; a stale copy of an edit is only offered again
        return Discarded(ref, draft_id)

    def discarded(self, result: Discarded) -> None:
        """A discard worker's result, on the event loop."""
        if result.error:
            self.screen.notify(
                f"Could not discard the reply: {result.error}", severity="error", markup=False
            )
            return
        self.screen.notify("Reply discarded.", timeout=3)
        self.comments.reload(result.ref)

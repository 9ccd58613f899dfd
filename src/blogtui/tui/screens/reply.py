"""The reply editor, and where a reply being written is kept so nothing the user typed is lost.

A reply lives in three places over its life: the editor (this screen), a recovery file per post
in the data dir while it is being written (saved as the user types, on cancel, before ``$EDITOR``
and before quitting), and the outbox once it is put there with ctrl+s. The recovery file is per
thread, so text written for one post never turns up in the editor of another.

Every disk access runs in a thread (``asyncio.to_thread``), never on the event loop: a slow or
hung disk (NFS, a full device retrying) must not freeze the app. Writes of the recovery copy are
numbered and applied under a lock (``blog.recovery.ReplyCopy``), so a slow autosave can never overwrite a
newer text. A failed save never closes the editor: the text stays in it and the user is told.
"""

from __future__ import annotations

import asyncio
import os
import shlex
import subprocess
from collections.abc import Callable
from pathlib import Path

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widgets import Static, TextArea

from blogtui.blog.recovery import ReplyCopy
from blogtui.comments.sanitize import clean_line
from blogtui.tui.widgets.textarea import SafeTextArea
from blogtui.tui.workers import TellsFailedWorkers

AUTOSAVE_DELAY = 0.5  # seconds after the last keystroke


#: puts a reply in the outbox (called in a thread); raises when it could not
SaveReply = Callable[[str], object]


class ReplyScreen(TellsFailedWorkers, ModalScreen["str | None"]):
    """Write a reply: ctrl+s puts it in the outbox, escape cancels (the text is kept for later),
    ctrl+e continues in $EDITOR. The text is saved to ``recovery`` as it is typed.

    ``save`` puts the text in the outbox; it runs in a thread before the editor closes, so when it
    fails (a full disk, a read-only data dir) the text is still in the editor and the user is told.
    The screen is dismissed with the text once the outbox has it, with None when cancelled.
    """

    BINDINGS = [
        Binding("ctrl+s", "send", "Send (outbox)", id="reply.send"),
        Binding("escape", "cancel", "Cancel", id="reply.cancel"),
        Binding(
            "ctrl+e", "external", "Open in $EDITOR", id="reply.editor", priority=True
        ),  # over TextArea's ctrl+e
    ]

    def __init__(
        self,
        heading: Text,
        text: str,
        recovery: Path,
        editor: str | None,
        *,
        editing: bool = False,
        save: SaveReply | None = None,
        destination: str = "put in the outbox",
    ) -> None:
        super().__init__()
        self.destination = destination  # what ctrl+s does with the reply, in words
        self.editing = editing  # a reply already in the outbox, being changed
        self.heading = heading
        self.initial = text
        self.recovery = recovery
        self.editor = editor
        self.save = save
        self.copy = ReplyCopy(recovery)
        self._autosave: Timer | None = None
        self._busy = False  # sending, cancelling or in $EDITOR: keys that close wait for it
        self._done = False  # sent or cancelled: nothing more to keep here

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.heading, markup=False)
            yield SafeTextArea(
                self.initial, id="reply-text", soft_wrap=True, show_line_numbers=False
            )
            yield Static(
                Text(f"ctrl+s: {self.destination} · ctrl+e: $EDITOR · esc: cancel (kept)"),
                classes="hint",
                markup=False,
            )

    def on_mount(self) -> None:
        self.query_one(TextArea).focus()

    @property
    def text(self) -> str:
        return self.query_one(TextArea).text

    def _say(self, message: str, **kwargs: object) -> None:
        """A toast quoting outside text (error messages, paths): never parsed as markup."""
        self.notify(message, markup=False, **kwargs)  # type: ignore[arg-type]

    def _lock_text(self, locked: bool) -> None:
        """While the text is being saved it cannot change, so what is saved is what is shown."""
        self._busy = locked
        self.query_one(TextArea).read_only = locked

    # keeping the text ---------------------------------------------------------------------------
    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        if self._autosave is not None:
            self._autosave.stop()
        self._autosave = self.set_timer(AUTOSAVE_DELAY, self.autosave)

    def autosave(self) -> None:
        self.run_worker(self.keep(), group="reply-keep", exit_on_error=False)

    async def keep(self) -> bool:
        """Save the text to the recovery file now, in a thread (or remove it when empty). False on failure."""
        if self._done:
            return True
        ticket, text = self.copy.ticket(), self.text
        try:
            await asyncio.to_thread(self.copy.write, ticket, text)
        except OSError as exc:
            self._say(
                f"Could not keep a copy of the reply ({clean_line(str(exc), limit=200)}); it stays in the editor.",
                severity="error",
            )
            return False
        return True

    def unsaved_work(self) -> str | None:
        """Asked by the app before quitting: a reply with text is not in the outbox yet."""
        if self._done or not self.text.strip() or (self.editing and self.text == self.initial):
            return None
        self.autosave()  # written while the user answers the question
        if self.editing:
            return "Your changes to this reply are not in the outbox yet (a copy is kept and comes back when you edit it again)."
        return "Your reply is not in the outbox yet (a copy is kept and comes back when you reply to this post again)."

    def on_unmount(self) -> None:
        """The app is going away with the editor open: the one write that cannot wait for a thread,
        and only when the text on disk is not the one shown (normally the autosave has it)."""
        if self._done:
            return
        try:
            text = self.text
            if text.strip() and text != self.copy.kept:
                self.copy.write(self.copy.ticket(), text)
        except Exception:  # the app is going away; the autosave copy is there
            pass

    # actions --------------------------------------------------------------------------------
    def action_send(self) -> None:
        if self._busy:
            return
        if not self.text.strip():
            self.notify("The reply is empty.", severity="warning")
            return
        self._lock_text(True)
        self._send(self.text)

    @work(group="reply-send", exit_on_error=False)
    async def _send(self, text: str) -> None:
        try:
            await (
                self.keep()
            )  # a copy until the outbox has it; a failure here is said, and we go on
            if self.save is not None:
                try:
                    await asyncio.to_thread(self.save, text)
                except Exception as exc:
                    self._say(
                        f"Could not put the reply in the outbox ({clean_line(str(exc), limit=200)}); it stays in the editor.",
                        severity="error",
                    )
                    return
                ticket = self.copy.ticket()
                try:
                    await asyncio.to_thread(self.copy.done_with, ticket, text)
                except OSError:
                    pass  # the outbox has the reply; a stale copy is only offered again
            self._done = True
            self.dismiss(text)
        finally:
            if not self._done:
                self._lock_text(False)

    def action_cancel(self) -> None:
        if self._busy:
            return
        self._lock_text(True)
        self._cancel()

    @work(group="reply-send", exit_on_error=False)
    async def _cancel(self) -> None:
        try:
            if self.text.strip():  # never lose what the user wrote
                if not await self.keep():
                    return  # told; the editor stays open with the text
                self.notify(
                    "Reply not sent; its text is kept and comes back when you reply to this post again.",
                    timeout=6,
                )
            else:
                try:
                    await asyncio.to_thread(self.copy.write, self.copy.ticket(), "")
                except OSError:
                    pass  # nothing to lose: at worst an older copy is offered again
            self._done = True
            self.dismiss(None)
        finally:
            if not self._done:
                self._lock_text(False)

    def action_external(self) -> None:
        if self._busy:
            return
        self._lock_text(True)
        self._external()

    @work(group="reply-send", exit_on_error=False)
    async def _external(self) -> None:
        editor = self.editor or os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
        try:
            ticket, text = self.copy.ticket(), self.text
            try:
                await asyncio.to_thread(self.copy.write, ticket, text, blank_too=True)
            except OSError as exc:
                self._say(
                    f"Could not hand the reply to the editor ({clean_line(str(exc), limit=200)}); it stays here.",
                    severity="error",
                )
                return
            try:
                with self.app.suspend():
                    subprocess.run([*shlex.split(editor), str(self.recovery)], check=False)
            except Exception as exc:  # SuspendNotSupported, editor missing: say so, keep the text
                self._say(
                    f"Could not start the editor ({clean_line(str(exc), limit=200)}).",
                    severity="error",
                )
                return
            try:
                edited = await asyncio.to_thread(self.recovery.read_text, encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                self._say(
                    f"Could not read the edited reply back: {clean_line(str(exc), limit=200)}",
                    severity="error",
                )
                return
            self.copy.kept = edited
            self._lock_text(False)
            self.query_one(TextArea).text = edited
        finally:
            if self._busy:
                self._lock_text(False)

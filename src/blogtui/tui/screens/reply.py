"""The reply editor, and where a reply being written is kept so nothing the user typed is lost.

A reply lives in three places over its life: the editor (this screen), a recovery file per post
in the data dir while it is being written (saved as the user types, on cancel, before ``$EDITOR``
and before quitting), and the outbox once it is put there with ctrl+s. The recovery file is per
thread, so text written for one post never turns up in the editor of another.
"""

from __future__ import annotations

import hashlib
import os
import shlex
import subprocess
from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widgets import Static, TextArea

from blogtui.comments.sanitize import clean_line

RECOVERY_DIR = "reply-recovery"
AUTOSAVE_DELAY = 0.5  # seconds after the last keystroke


def atomic_write(path: Path, text: str) -> None:
    """temp file + fsync + rename: the old copy or the new one, never half of either."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def recovery_path(data_dir: Path | str, thread_key: str) -> Path:
    """Where the unsent reply to one post is kept (the key hashed: it is a URL path)."""
    digest = hashlib.sha256(thread_key.encode("utf-8", "surrogatepass")).hexdigest()[:20]
    return Path(data_dir) / RECOVERY_DIR / f"{digest}.md"


def read_kept(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return ""


class ReplyScreen(ModalScreen["str | None"]):
    """Write a reply: ctrl+s puts it in the outbox, escape cancels (the text is kept for later),
    ctrl+e continues in $EDITOR. The text is saved to ``recovery`` as it is typed."""

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

    def __init__(self, heading: Text, text: str, recovery: Path, editor: str | None, *, editing: bool = False) -> None:
        super().__init__()
        self.editing = editing  # a reply already in the outbox, being changed
        self.heading = heading
        self.initial = text
        self.recovery = recovery
        self.editor = editor
        self._autosave: Timer | None = None
        self._done = False  # sent or cancelled: nothing more to keep here

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.heading, markup=False)
            yield TextArea(self.initial, id="reply-text", soft_wrap=True, show_line_numbers=False)
            yield Static(Text("ctrl+s: put in the outbox (sent on the next sync) · ctrl+e: $EDITOR · esc: cancel (kept)"), classes="hint", markup=False)

    def on_mount(self) -> None:
        self.query_one(TextArea).focus()

    @property
    def text(self) -> str:
        return self.query_one(TextArea).text

    # keeping the text ---------------------------------------------------------------------------
    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        if self._autosave is not None:
            self._autosave.stop()
        self._autosave = self.set_timer(AUTOSAVE_DELAY, self.keep)

    def keep(self) -> bool:
        """Save the text to the recovery file now (or remove it when empty). False on failure."""
        if self._done:
            return True
        try:
            if self.text.strip():
                atomic_write(self.recovery, self.text)
            else:
                self.recovery.unlink(missing_ok=True)
        except OSError as exc:
            self.notify(f"Could not keep a copy of the reply ({clean_line(str(exc), limit=100)}).", severity="error")
            return False
        return True

    def unsaved_work(self) -> str | None:
        """Asked by the app before quitting: a reply with text is not in the outbox yet."""
        if self._done or not self.text.strip() or (self.editing and self.text == self.initial):
            return None
        self.keep()
        if self.editing:
            return "Your changes to this reply are not in the outbox yet (a copy is kept and comes back when you edit it again)."
        return "Your reply is not in the outbox yet (a copy is kept and comes back when you reply to this post again)."

    def on_unmount(self) -> None:
        if not self._done:
            try:
                self.keep()
            except Exception:  # the app is going away; the autosave copy is there
                pass

    # actions --------------------------------------------------------------------------------
    def action_send(self) -> None:
        if not self.text.strip():
            self.notify("The reply is empty.", severity="warning")
            return
        # the recovery copy stays until the outbox has the reply (the screen behind removes it)
        self.keep()
        self._done = True
        self.dismiss(self.text)

    def action_cancel(self) -> None:
        if self.text.strip():  # never lose what the user wrote
            if self.keep():
                self.notify("Reply not sent; its text is kept and comes back when you reply to this post again.", timeout=6)
        else:
            self.recovery.unlink(missing_ok=True)
        self._done = True
        self.dismiss(None)

    def action_external(self) -> None:
        editor = self.editor or os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
        atomic_write(self.recovery, self.text)
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

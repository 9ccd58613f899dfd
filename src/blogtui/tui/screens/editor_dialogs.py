"""Small modal questions the editor asks: leave unsaved?, restore?, file changed on disk, save as.

Each dismisses with a plain string (the choice) or a Path/None, so the editor can ``await`` them
with ``push_screen_wait`` inside a worker. Texts shown may contain file names and user text:
they are passed as ``rich.text.Text`` (never parsed as markup).
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from blogtui.safe import one_line
from blogtui.tui.screens.choice import Choice


class SaveAs(ModalScreen[Path | None]):
    """Ask for a new file name (relative names are taken in the post's folder)."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="dialog.cancel")]

    def __init__(self, folder: Path, suggestion: str) -> None:
        super().__init__()
        self._folder = folder
        self._suggestion = suggestion

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(
                Text(
                    f"Save as a new file in {one_line(str(self._folder))}/"
                    " (an existing file is never replaced):"
                )
            )
            yield Input(one_line(self._suggestion), id="name")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        value = event.value.strip()
        if not value:
            return
        path = Path(value).expanduser()
        self.dismiss(path if path.is_absolute() else self._folder / path)

    def action_cancel(self) -> None:
        self.dismiss(None)


# -- the editor's questions (each a Choice; ids are what the editor acts on) -------------------


def ask_restore(name: str, when: str, disk_changed: bool) -> Choice:
    note = "\nThe file on disk has changed since then." if disk_changed else ""
    return Choice(
        "Unsaved changes found",
        f"{name} has unsaved changes from {when} (blogtui did not exit cleanly).{note}\n"
        "Restore them into the editor? (Nothing is written to the post until you save.)",
        [("restore", "Restore", "primary"), ("discard", "Discard them", "error")],
    )


def ask_removing_front_matter(name: str) -> Choice:
    return Choice(
        "Save without front matter?",
        f"{name} had front matter; your text has none (the first line is no longer ---). "
        "Jekyll will no longer publish it as a post.",
        [("save", "Save without front matter", "error"), ("cancel", "Keep editing", "primary")],
        default="cancel",
    )


def ask_changed_on_disk(path: Path) -> Choice:
    return Choice(
        "The file changed on disk",
        f"{path} was changed (or removed) by another program since you opened it.\n"
        "Overwrite it with your text, reload it (your edits are lost), or save your text as a new file?",
        [
            ("overwrite", "Overwrite", "error"),
            ("reload", "Reload…", "warning"),
            ("saveas", "Save as…", "primary"),
            ("cancel", "Cancel", "default"),
        ],
        default="cancel",
    )


def ask_write_outside(name: str, real: Path) -> Choice:
    return Choice(
        "Write outside the blog?",
        f"{name} is a link to {real}, outside the blog. Saving writes that file "
        "(the link stays a link).",
        [("write", f"Write {real.name}", "error"), ("cancel", "Cancel", "primary")],
        default="cancel",
    )


def ask_discard_edits() -> Choice:
    return Choice(
        "Discard your edits?",
        "Reloading replaces the editor's text with the file on disk. Your unsaved edits will be lost.",
        [
            ("discard", "Discard my edits and reload", "error"),
            ("cancel", "Keep my edits", "primary"),
        ],
        default="cancel",
    )


def ask_unsaved(name: str, can_save: bool) -> Choice:
    return Choice(
        "Unsaved changes",
        f"{name} has unsaved changes.",
        [
            ("save", "Save", "primary"),
            ("discard", "Discard changes", "error"),
            ("cancel", "Keep editing", "default"),
        ],
        default="save" if can_save else "cancel",
    )


def ask_keep_new_post(name: str) -> Choice:
    return Choice(
        "Keep the new post?",
        f"{name} was created but nothing was written in it.",
        [("keep", "Keep it", "primary"), ("delete", "Delete it", "error")],
    )


def ask_rename(old: str, new: str) -> Choice:
    return Choice(
        "Rename the file?",
        f"{old} → {new}",
        [("rename", "Rename", "primary"), ("cancel", "Cancel", "default")],
    )

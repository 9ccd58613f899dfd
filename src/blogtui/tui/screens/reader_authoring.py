"""The reader's authoring actions: edit (`e`, `E` for $EDITOR), new post (`n`), publish/unpublish (`P`).

The work itself is the core's (blogtui.blog.compose) and the editor screen's; this layer asks the
user what they want, runs it, and refreshes the index afterwards.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label

from blogtui.blog.post import Post
from blogtui.safe import one_line
from blogtui.tui.screens.choice import Confirm
from blogtui.tui.screens.reader_comments import CommentsReaderScreen


class NewPostScreen(ModalScreen["tuple[str, bool] | None"]):
    """Ask for a title (and whether it is a draft); dismisses with (title, draft) or None."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="new.cancel")]

    def __init__(self, *, draft: bool = False) -> None:
        super().__init__()
        self._draft = draft

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Text("New post", style="bold"))
            yield Input(placeholder="Title", id="title")
            yield Checkbox("Draft (in _drafts/, no date yet)", value=self._draft, id="draft")
            with Horizontal():
                yield Button("Create", variant="primary", id="create")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#title", Input).focus()

    def _submit(self) -> None:
        title = self.query_one("#title", Input).value.strip()
        if not title:
            self.notify("A post needs a title.", severity="warning")
            return
        self.dismiss((title, self.query_one("#draft", Checkbox).value))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self._submit()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "create":
            self._submit()
        else:
            self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)


class AuthoringReaderScreen(CommentsReaderScreen):
    BINDINGS = [
        Binding("e", "edit", "Edit", id="reader.edit"),
        Binding("E", "edit_external", "Edit in $EDITOR", show=False, id="reader.edit_external"),
        Binding("n", "new_post", "New post", id="reader.new"),
        Binding("P", "toggle_publish", "Publish/unpublish", show=False, id="reader.publish"),
    ]

    # provided by ReaderScreen
    current: Post | None

    def _editable(self) -> Post | None:
        post = self.current
        if post is None:
            self.notify("Select a post first.", severity="warning")
        return post

    def _open_post_editor(
        self, path: Path, *, create: bool = False, external: bool = False
    ) -> None:
        from blogtui.tui.screens.editor import EditorScreen

        app: Any = self.app  # BlogApp (it imports this module)
        screen = EditorScreen(
            path, site=app.site, settings=app.settings, create=create, external=external
        )
        self._after_edit = path

        def done(saved: Path | None) -> None:
            self.reload_after_edit(saved or path)

        app.push_screen(screen, done)

    def reload_after_edit(self, path: Path) -> None:
        """Refresh the index (the file may be new, renamed, or gone) and show ``path`` if it exists."""
        self.select_after_reload = path if path.exists() else None
        self.load_index()  # type: ignore[attr-defined]

    def action_edit(self) -> None:
        post = self._editable()
        if post is not None:
            self._open_post_editor(post.path)

    def action_edit_external(self) -> None:
        post = self._editable()
        if post is not None:
            self._open_post_editor(post.path, external=True)

    def action_new_post(self) -> None:
        async def chosen(answer: tuple[str, bool] | None) -> None:
            from blogtui.blog import compose  # (slugs by anyascii): when a post is made

            if not answer:
                return
            title, draft = answer
            settings = self.app.settings  # type: ignore[attr-defined]
            try:  # disk writes and fsyncs: off the event loop
                path = await asyncio.to_thread(
                    compose.new_post,
                    self.app.site,  # type: ignore[attr-defined]
                    title,
                    draft=draft,
                    front_matter=settings.new.get("front_matter"),
                )  # type: ignore[attr-defined]
            except compose.ComposeError as exc:
                self.notify(one_line(exc.message), title="New post", severity="error", markup=False)
                return
            except OSError as exc:
                self.notify(
                    one_line(f"Could not create the post: {exc.strerror or exc}"),
                    title="New post",
                    severity="error",
                    markup=False,
                )
                return
            self._open_post_editor(path, create=True)

        self.app.push_screen(NewPostScreen(), chosen)

    def action_toggle_publish(self) -> None:
        post = self._editable()
        if post is None:
            return
        site = self.app.site  # type: ignore[attr-defined]
        if post.draft:
            question, verb = (
                f"Publish the draft “{one_line(post.title)}”? It moves to the posts with today's date.",
                "Publish",
            )
        else:
            question, verb = f"Move “{one_line(post.title)}” back to the drafts?", "Unpublish"

        async def answer(choice: str | None) -> None:
            from blogtui.blog import compose

            if choice != "yes":
                return
            try:  # disk writes and fsyncs: off the event loop
                new_path = await asyncio.to_thread(
                    compose.publish if post.draft else compose.unpublish, site, post.path
                )
            except compose.ComposeError as exc:
                self.notify(one_line(exc.message), title=verb, severity="error", markup=False)
                return
            except OSError as exc:
                self.notify(
                    one_line(f"{verb} failed: {exc.strerror or exc}"),
                    title=verb,
                    severity="error",
                    markup=False,
                )
                return
            self.notify(one_line(f"{verb}ed: {new_path.name}"), markup=False)
            self.reload_after_edit(new_path)

        self.app.push_screen(Confirm(question, yes=verb, no="Cancel"), answer)

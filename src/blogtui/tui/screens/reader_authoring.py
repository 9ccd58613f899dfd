"""The reader's authoring flow: edit (`e`, `E` for $EDITOR), new post (`n`), publish/unpublish (`P`).

``AuthoringFlow`` is an object the reader screen holds (``screen.authoring``); the screen's
actions call it with the post or the path to work on. The work itself is the core's
(blogtui.blog.compose) and the editor screen's (which hands a file to $EDITOR with ``E``); this
flow asks the user what they want, runs it, and has the screen read the index again afterwards
(``ReaderScreen.reload``, showing the file written).
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label

from blogtui.blog.post import Post
from blogtui.safe import one_line
from blogtui.tui.screens.choice import Confirm
from blogtui.tui.services import ReaderServices

if TYPE_CHECKING:
    from blogtui.tui.screens.reader import ReaderScreen


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


class AuthoringFlow:
    """Opening the editor on a post, creating posts, publishing and unpublishing them."""

    def __init__(self, screen: ReaderScreen, services: ReaderServices) -> None:
        self.screen = screen
        self.services = services

    def open_editor(self, path: Path, *, create: bool = False, external: bool = False) -> None:
        """The editor on ``path`` (``external``: handed to $EDITOR); afterwards the index is read
        again and the file shown (it may be new, renamed, or gone)."""
        from blogtui.tui.screens.editor import EditorScreen

        services = self.services
        editor = EditorScreen(
            path,
            site=services.site,
            settings=services.settings,
            create=create,
            external=external,
            index=self.screen.index,
        )

        def done(saved: Path | None) -> None:
            self.screen.reload(show=saved or path)

        self.screen.app.push_screen(editor, done)

    def new_post(self) -> None:
        """``n``: ask for a title, create the file (jekyll-compose's way), open the editor."""
        screen, services = self.screen, self.services

        async def chosen(answer: tuple[str, bool] | None) -> None:
            from blogtui.blog import compose  # (slugs by anyascii): when a post is made

            if not answer:
                return
            title, draft = answer
            try:  # disk writes and fsyncs: off the event loop
                path = await asyncio.to_thread(
                    compose.new_post,
                    services.site,
                    title,
                    draft=draft,
                    front_matter=services.settings.new.get("front_matter"),
                )
            except compose.ComposeError as exc:
                screen.notify(
                    one_line(exc.message), title="New post", severity="error", markup=False
                )
                return
            except OSError as exc:
                screen.notify(
                    one_line(f"Could not create the post: {exc.strerror or exc}"),
                    title="New post",
                    severity="error",
                    markup=False,
                )
                return
            self.open_editor(path, create=True)

        screen.app.push_screen(NewPostScreen(), chosen)

    def toggle_publish(self, post: Post | None) -> None:
        """``P``: a draft is published (today's date), a post moves back to the drafts."""
        screen, site = self.screen, self.services.site
        if post is None:
            screen.notify("Select a post first.", severity="warning")
            return
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
                screen.notify(one_line(exc.message), title=verb, severity="error", markup=False)
                return
            except OSError as exc:
                screen.notify(
                    one_line(f"{verb} failed: {exc.strerror or exc}"),
                    title=verb,
                    severity="error",
                    markup=False,
                )
                return
            screen.notify(one_line(f"{verb}ed: {new_path.name}"), markup=False)
            screen.reload(show=new_path)

        screen.app.push_screen(Confirm(question, yes=verb, no="Cancel"), answer)

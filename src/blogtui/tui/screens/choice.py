"""The one question dialog: a message and buttons; it dismisses with the chosen button's id.

``Choice`` draws the question (a title, then the message: other people's text arrives as
``rich.text.Text`` or has its controls stripped, never parsed as markup), focuses the safe answer
and answers ``escape``. ``Confirm`` (yes/no, keys ``y``/``n``) and ``LinkChoice`` (open, copy the
URL, cancel: ``o``/``y``/``n``) are the same dialog with keys of their own, under the binding ids
a user's ``[keys]`` keymap names. The editor's questions (blogtui.tui.screens.editor_dialogs)
are Choices too.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from blogtui.safe import one_line, strip_controls


class Choice(ModalScreen[str]):
    """A question with buttons; dismisses with the chosen button's id (``escape`` -> ``cancel``)."""

    BINDINGS = [Binding("escape", "choose('cancel')", "Cancel", id="dialog.cancel")]

    def __init__(
        self,
        title: str,
        message: str | Text,
        choices: list[tuple[str, str, str]],
        *,
        default: str | None = None,
    ) -> None:
        """``choices``: (id, label, variant) in order; ``default`` gets the focus."""
        super().__init__()
        self._title = title
        self._message = message
        self._choices = choices
        self._default = default or choices[0][0]

    def compose(self) -> ComposeResult:
        with Vertical():
            if self._title:
                yield Static(Text(one_line(self._title)), classes="title")
            message = self._message
            yield Static(message if isinstance(message, Text) else Text(strip_controls(message)))
            with Horizontal():
                for ident, label, variant in self._choices:
                    yield Button(label, id=ident, variant=variant)  # type: ignore[arg-type]

    def on_mount(self) -> None:
        self.query_one(f"#{self._default}", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id or "cancel")

    def action_choose(self, ident: str) -> None:
        self.dismiss(ident)


class Confirm(Choice):
    """Yes or no; dismisses ``"yes"`` or ``"no"`` (``escape``), the focus on no."""

    BINDINGS = [
        Binding("y", "choose('yes')", "Yes", id="confirm.yes"),
        Binding("n,escape", "choose('no')", "No", id="confirm.no"),
    ]

    def __init__(self, question: str | Text, yes: str = "Yes", no: str = "No") -> None:
        super().__init__(
            "", question, [("yes", yes, "primary"), ("no", no, "default")], default="no"
        )


class LinkChoice(Choice):
    """A web link: open it in the browser, copy it (the only time blogtui writes to the
    clipboard, and only what the user chose), or cancel. Dismisses "open", "copy" or "cancel"."""

    BINDINGS = [
        Binding("o", "choose('open')", "Open", id="link.open"),
        Binding("y", "choose('copy')", "Copy URL", id="link.copy"),
        Binding("n,escape", "choose('cancel')", "Cancel", id="link.cancel"),
    ]

    def __init__(self, url: str) -> None:
        question = Text("Open this link in your browser?\n\n")
        question.append(one_line(url), style="bold")
        choices = [("open", "Open (o)", "primary"), ("copy", "Copy URL (y)", "default")]
        super().__init__(
            "", question, [*choices, ("cancel", "Cancel", "default")], default="cancel"
        )

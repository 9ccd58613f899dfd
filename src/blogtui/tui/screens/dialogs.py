"""Small modal screens: confirm, table of contents, help."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, OptionList, Static
from textual.widgets.option_list import Option

from blogtui.safe import one_line


class ConfirmScreen(ModalScreen[bool]):
    """Ask a yes/no question; dismisses with True/False."""

    DEFAULT_CSS = """
    ConfirmScreen { align: center middle; }
    ConfirmScreen > Grid {
        grid-size: 2; grid-gutter: 1 2; grid-rows: auto 3;
        padding: 1 2; width: 72; height: auto; border: thick $primary; background: $surface;
    }
    ConfirmScreen #question { column-span: 2; width: 100%; }
    ConfirmScreen Button { width: 100%; }
    """
    BINDINGS = [
        Binding("y", "answer(True)", "Yes", id="confirm.yes"),
        Binding("n,escape", "answer(False)", "No", id="confirm.no"),
    ]

    def __init__(self, question: str | Text, yes: str = "Yes", no: str = "No") -> None:
        super().__init__()
        self.question = question if isinstance(question, Text) else Text(question)
        self.yes, self.no = yes, no

    def compose(self) -> ComposeResult:
        with Grid():
            yield Label(self.question, id="question")
            yield Button(self.yes, variant="primary", id="yes")
            yield Button(self.no, id="no")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()  # enter on a dialog never does the risky thing

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, value: bool) -> None:
        self.dismiss(value)


class LinkScreen(ModalScreen[str | None]):
    """A web link: open it in the browser, copy it (the only time blogtui writes to the
    clipboard, and only what the user chose), or cancel. Dismisses "open", "copy" or None."""

    DEFAULT_CSS = """
    LinkScreen { align: center middle; }
    LinkScreen > Grid {
        grid-size: 3; grid-gutter: 1 2; grid-rows: auto 3;
        padding: 1 2; width: 76; height: auto; border: thick $primary; background: $surface;
    }
    LinkScreen #question { column-span: 3; width: 100%; }
    LinkScreen Button { width: 100%; }
    """
    BINDINGS = [
        Binding("o", "answer('open')", "Open", id="link.open"),
        Binding("y", "answer('copy')", "Copy URL", id="link.copy"),
        Binding("n,escape", "answer('')", "Cancel", id="link.cancel"),
    ]

    def __init__(self, url: str) -> None:
        super().__init__()
        self.url = url

    def compose(self) -> ComposeResult:
        question = Text("Open this link in your browser?\n\n")
        question.append(self.url, style="bold")
        with Grid():
            yield Label(question, id="question")
            yield Button("Open (o)", variant="primary", id="open")
            yield Button("Copy URL (y)", id="copy")
            yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#cancel", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id if event.button.id in ("open", "copy") else None)

    def action_answer(self, what: str) -> None:
        self.dismiss(what or None)


class TocScreen(ModalScreen[str | None]):
    """The open post's table of contents; dismisses with the chosen heading's anchor."""

    DEFAULT_CSS = """
    TocScreen { align: center middle; }
    TocScreen > Vertical { width: 70%; max-width: 90; height: 70%; border: thick $primary; background: $surface; }
    TocScreen OptionList { height: 1fr; border: none; }
    TocScreen .title { padding: 0 1; text-style: bold; }
    """
    BINDINGS = [Binding("escape,t,q", "close", "Close", id="toc.close")]

    def __init__(self, entries: list[tuple[int, str, str]]) -> None:
        super().__init__()
        self.entries = entries

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("Contents", classes="title")
            if not self.entries:
                yield Static(Text("This post has no headings.", style="dim"))
            options = [
                Option(Text("  " * (level - 1) + one_line(text)), id=str(i))
                for i, (level, text, _a) in enumerate(self.entries)
            ]
            yield OptionList(*options)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        index = int(event.option.id or 0)
        self.dismiss(self.entries[index][2])

    def action_close(self) -> None:
        self.dismiss(None)


class HelpScreen(ModalScreen[None]):
    """Every key of the current screen and the app, with what it does."""

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > Vertical { width: 80%; max-width: 100; height: 80%; border: thick $primary; background: $surface; padding: 0 1; }
    HelpScreen OptionList { height: 1fr; border: none; }
    """
    BINDINGS = [Binding("escape,question_mark,q", "close", "Close", id="help.close")]

    def __init__(self, rows: list[tuple[str, str, str]]) -> None:
        super().__init__()
        self.rows = rows  # (keys, description, binding id)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(
                Text("Keys  (remap them in config.toml under [keys], by id)", style="bold")
            )
            width = max((len(k) for k, _d, _i in self.rows), default=8)
            options = []
            for keys, description, binding_id in self.rows:
                if not keys:  # a group's title
                    options.append(Option(Text(description, style="bold underline"), disabled=True))
                    continue
                line = Text(f"{keys:<{width}}  ", style="bold")
                line.append(description)
                if binding_id:
                    line.append(f"  ({binding_id})", style="dim")
                options.append(Option(line))
            yield OptionList(*options)

    def action_close(self) -> None:
        self.dismiss(None)

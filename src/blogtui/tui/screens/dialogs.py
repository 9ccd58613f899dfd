"""Small modal screens: the table of contents and the help (questions: screens/choice.py)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from blogtui.safe import one_line


class TocScreen(ModalScreen[str | None]):
    """The open post's table of contents; dismisses with the chosen heading's anchor."""

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

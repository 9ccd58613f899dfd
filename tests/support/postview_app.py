"""A one-widget app for post-view tests and snapshots (fixed content, no clock, no blink)."""

from __future__ import annotations

from pathlib import Path

from textual.app import App, ComposeResult
from textual.binding import Binding

from blogtui.tui.app import STYLESHEET
from blogtui.tui.widgets.postview import PostView

DATA = Path(__file__).parent.parent / "data"
KITCHEN = (DATA / "postview_kitchen.md").read_text(encoding="utf-8")


class ViewApp(App[None]):
    CSS_PATH = STYLESHEET  # the app's one stylesheet
    """Shows one post in a PostView; has an app-level ``n`` binding like the real app."""

    BINDINGS = [Binding("n", "new_post", "New", id="app.new")]

    def __init__(self, markdown: str = KITCHEN, source: str = "") -> None:
        super().__init__()
        self.markdown = markdown
        self.source = source
        self.new_posts = 0

    def compose(self) -> ComposeResult:
        yield PostView()

    def on_mount(self) -> None:
        view = self.query_one(PostView)
        view.show_markdown(self.markdown, source=self.source)
        view.focus()

    def action_new_post(self) -> None:
        self.new_posts += 1


if __name__ == "__main__":
    ViewApp().run()

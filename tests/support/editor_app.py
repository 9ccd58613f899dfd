"""A minimal app that opens one post in the EditorScreen (for tests and the crash driver)."""

from __future__ import annotations

from pathlib import Path

from textual.app import App

import blogtui.tui.app
from blogtui.blog.site import Site, open_site
from blogtui.config import Settings
from blogtui.tui.screens.editor import EditorScreen


class EditorApp(App[None]):
    CSS_PATH = Path(blogtui.tui.app.__file__).with_name("app.tcss")  # the app's one stylesheet

    def __init__(
        self, path: Path, *, settings: Settings, site: Site | None = None, **options: bool
    ) -> None:
        super().__init__()
        self.options = options
        self.post_path = path
        self.settings = settings
        self.site = site or open_site(path.parent)
        self.results: list[Path | None] = []
        self.saved: list[Path] = []

    def on_mount(self) -> None:
        self.push_screen(
            EditorScreen(self.post_path, site=self.site, settings=self.settings, **self.options),
            self.results.append,
        )

    def on_editor_screen_saved(self, message: EditorScreen.Saved) -> None:
        self.saved.append(message.path)

"""The editor's text area: FastTextArea + completion of category and tag values in front matter.

A suggestion (Textual's ghost text; ``right`` accepts it) is offered when the cursor ends a word
that begins a category or tag already used in the blog, on a ``categories:``/``category:``/
``tags:``/``tag:`` line or a ``- item`` line under one of them, inside the front matter.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from textual import work
from textual.binding import Binding
from textual.worker import Worker, WorkerState

from blogtui.blog.site import Site
from blogtui.tui.widgets.fasttextarea import LONG_LINE, FastTextArea, longest_line
from blogtui.tui.workers import tell_if_failed

_KEY_RE = re.compile(r"^(categories|category|tags|tag)[ \t]*:(.*)$")
_ITEM_RE = re.compile(r"^[ \t]*-[ \t]*(.*)$")
_OTHER_KEY_RE = re.compile(r"^[^\s#-][^:]*:")
_WORD_RE = re.compile(r"([^\s\[\],'\"]*)$")
#: How far up from the cursor to look for the key a "- item" line belongs to.
MAX_LOOKBACK = 200


class PostTextArea(FastTextArea):
    """FastTextArea for posts: Markdown, and value completion for categories/tags."""

    BINDINGS = [
        Binding(
            "ctrl+home",
            "cursor_document_start",
            "Start of text",
            show=False,
            id="editor.text_start",
        ),
        Binding("ctrl+end", "cursor_document_end", "End of text", show=False, id="editor.text_end"),
        Binding("ctrl+shift+home", "cursor_document_start(True)", show=False),
        Binding("ctrl+shift+end", "cursor_document_end(True)", show=False),
    ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._completions: dict[str, list[str]] = {"categories": [], "tags": []}

    @work(thread=True, exclusive=True, group="completions", exit_on_error=False)
    def load_completions(self, site: Site, cache_dir: Path) -> tuple[list[str], list[str]] | None:
        """The blog's categories and tags, most used first, from its index (in a thread)."""
        from blogtui.blog.index import load_index

        try:
            index = load_index(site, cache_dir)
        except Exception:  # completion is a nicety; never an error for the author
            return None
        return _by_use(index.categories()), _by_use(index.tags())

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """The completions' worker hands its result back here, on the event loop."""
        worker = event.worker
        if event.state == WorkerState.SUCCESS and worker.group == "completions" and worker.result:
            self.set_completions(*worker.result)
        tell_if_failed(event)

    def on_mount(self) -> None:
        self.watch(self.app, "theme", self._follow_app_theme)

    def _follow_app_theme(self) -> None:
        """Syntax colours for the app's theme: TextArea's "css" theme has a dark theme's fixed
        colours (light yellow, light grey), unreadable on a light background."""
        self.theme = "css" if self.app.current_theme.dark else "github_light"

    def action_cursor_document_start(self, select: bool = False) -> None:
        """``ctrl+home``: to the start of the text (``shift``: selecting), like every editor."""
        self.move_cursor(self.document.start, select=select)

    def action_cursor_document_end(self, select: bool = False) -> None:
        self.move_cursor(self.document.end, select=select)

    def toggle_wrap(self) -> bool:
        """Soft wrap on/off; False (and unchanged) when a line is too long to wrap."""
        if not self.soft_wrap and longest_line(self.text) > LONG_LINE:
            return False
        self.soft_wrap = not self.soft_wrap
        return True

    def set_completions(self, categories: Iterable[str], tags: Iterable[str]) -> None:
        """The values used in the blog, most used first."""
        self._completions = {"categories": list(categories), "tags": list(tags)}
        self.update_suggestion()

    def _field_at(self, row: int) -> str | None:
        """'categories'/'tags' when ``row`` holds (or continues) such a key in the front matter."""
        document = self.document
        if row == 0 or document[0].rstrip() != "---":
            return None
        for i in range(1, row):  # the front matter must still be open here (it closes early)
            if document[i].rstrip() in ("---", "..."):
                return None
        line = document[row]
        m = _KEY_RE.match(line)
        if m:
            return "categories" if m.group(1).startswith("categor") else "tags"
        if not _ITEM_RE.match(line):
            return None
        for i in range(row - 1, max(0, row - MAX_LOOKBACK), -1):
            above = document[i]
            m = _KEY_RE.match(above)
            if m:
                return "categories" if m.group(1).startswith("categor") else "tags"
            if _OTHER_KEY_RE.match(above):
                return None
        return None

    def update_suggestion(self) -> None:
        suggestion = ""
        selection = self.selection
        if selection.is_empty and any(self._completions.values()):
            row, column = selection.end
            line = self.document[row]
            at_word_end = column == len(line) or not (
                line[column].isalnum() or line[column] in "-_"
            )
            field = self._field_at(row) if at_word_end else None
            if field is not None:
                before = line[:column]
                m = _KEY_RE.match(before)
                value_part = m.group(2) if m else before
                prefix = _WORD_RE.search(value_part).group(1)  # type: ignore[union-attr]
                if prefix:
                    for value in self._completions[field]:
                        if value.startswith(prefix) and value != prefix:
                            suggestion = value[len(prefix) :]
                            break
        self.suggestion = suggestion


def _by_use(counts: dict[str, int]) -> list[str]:
    """Most used first, then by name."""
    return [k for k, _n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]


def markdown_language() -> str | None:
    """``markdown`` when tree-sitter's Markdown grammar is installed (textual[syntax])."""
    try:
        from textual._tree_sitter import get_language
    except ImportError:  # pragma: no cover
        return None
    return "markdown" if get_language("markdown") is not None else None

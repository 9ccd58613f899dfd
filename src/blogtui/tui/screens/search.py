"""Search all posts (ctrl+f): results as you type, from the full-text index (blogtui.blog.fulltext).

Both the indexing and each search run in thread workers with their own SQLite connection; a
search result for a query that is no longer in the box is dropped. While the first index is
built, the status line says "indexing… N%" and searches already find what is indexed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from blogtui.blog.fulltext import FullTextIndex, Hit, QueryError
from blogtui.blog.post import Post
from blogtui.config import Settings
from blogtui.safe import one_line
from blogtui.tui.workers import TellsFailedWorkers


@dataclass(frozen=True, slots=True)
class SearchChoice:
    rel: str
    line: int
    kind: str
    match: str = ""  # the text found (the post view highlights it)


def hit_prompt(hit: Hit) -> Text:
    """Two lines: the title (and path), then the snippet with the match marked. Text, never
    markup: titles, snippets and comments are other people's text."""
    text = Text(one_line(hit.title) or hit.rel, style="bold")
    where = f"  {hit.rel}:{hit.line}" + ("  (comment)" if hit.kind == "comment" else "")
    text.append(where, style="dim")
    text.append("\n")
    snippet = Text(hit.snippet)
    for start, end in hit.marks:
        snippet.stylize("bold reverse", start, end)
    text.append_text(snippet)
    return text


class SearchScreen(TellsFailedWorkers, ModalScreen["SearchChoice | None"]):
    """Type to search every post, draft and stored comment; enter opens the post."""

    BINDINGS = [
        Binding("escape", "close", "Close", id="search.close"),
        Binding("down", "results", "Results", show=False, id="search.results"),
    ]

    class Progress(Message):
        def __init__(self, done: int, total: int, finished: bool = False) -> None:
            super().__init__()
            self.done, self.total, self.finished = done, total, finished

    class Results(Message):
        def __init__(self, query: str, hits: list[Hit], error: str = "") -> None:
            super().__init__()
            self.query, self.hits, self.error = query, hits, error

    def __init__(self, posts: list[Post], cache_dir: Path, root: Path, settings: Settings) -> None:
        super().__init__()
        self.posts = posts
        self.cache_dir = cache_dir
        self.root = root
        self.settings = settings
        self.hits: list[Hit] = []
        self.indexing = True
        self._progress = ""
        self._error = ""
        self._typed = ""  # the query in the box now (read by search workers: stale ones stop)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Input(
                placeholder='search posts: words, "a phrase", title:, tag:', id="search-box"
            )
            yield OptionList(id="search-results")
            yield Static(Text("indexing…"), id="search-status")

    def on_mount(self) -> None:
        self.query_one("#search-box", Input).focus()
        self.build_index()

    # indexing ---------------------------------------------------------------------------------
    @work(thread=True, exclusive=True, group="search-index", exit_on_error=False)
    def build_index(self) -> None:
        from blogtui.commands.search import comment_source

        worker = get_current_worker()
        comments = comment_source(self.settings)
        try:
            with FullTextIndex(self.cache_dir, self.root) as fts:
                fts.update(
                    self.posts,
                    comments,
                    progress=lambda d, t: self.post_message(self.Progress(d, t)),
                    cancelled=lambda: worker.is_cancelled,
                )
        finally:
            if comments is not None:
                comments.close()
        self.post_message(self.Progress(0, 0, finished=True))

    @on(Progress)
    def progress(self, event: Progress) -> None:
        if event.finished:
            self.indexing = False
            self._progress = ""
            self.search(self.query_one("#search-box", Input).value)  # again, with everything
        else:
            self._progress = f"indexing… {event.done * 100 // max(event.total, 1)}%"
        self._show_status()

    # searching --------------------------------------------------------------------------------
    @on(Input.Changed, "#search-box")
    def changed(self, event: Input.Changed) -> None:
        self._typed = event.value
        self.search(event.value)

    @on(Input.Submitted, "#search-box")
    def submitted(self, event: Input.Submitted) -> None:
        if self.hits:
            self._choose(0)

    @work(thread=True, exclusive=True, group="search-query", exit_on_error=False)
    def search(self, query: str) -> None:
        if not query.strip():
            self.post_message(self.Results(query, []))
            return
        try:
            with FullTextIndex(self.cache_dir, self.root) as fts:
                hits = fts.search(query, limit=50, cancelled=lambda: self._typed != query)
        except QueryError as exc:
            self.post_message(self.Results(query, [], exc.message))
            return
        if not get_current_worker().is_cancelled:
            self.post_message(self.Results(query, hits))

    @on(Results)
    def results(self, event: Results) -> None:
        if event.query != self.query_one("#search-box", Input).value:
            return  # typed on since: a newer search is coming
        self.hits = event.hits
        results = self.query_one("#search-results", OptionList)
        results.clear_options()
        results.add_options([Option(hit_prompt(h)) for h in event.hits])
        self._error = event.error
        self._show_status(event.query)

    def _show_status(self, query: str | None = None) -> None:
        query = self.query_one("#search-box", Input).value if query is None else query
        if self._error:
            text = Text(one_line(self._error), style="bold")
        elif not query.strip():
            text = Text("type to search titles, text, tags and stored comments")
        else:
            n = len(self.hits)
            text = Text(f"{n} hit" + ("" if n == 1 else "s") + (" (first 50)" if n == 50 else ""))
        if self._progress:
            text.append(f"  ·  {self._progress}", style="italic")
        self.query_one("#search-status", Static).update(text)

    # choosing -----------------------------------------------------------------------------------
    @on(OptionList.OptionSelected, "#search-results")
    def selected(self, event: OptionList.OptionSelected) -> None:
        self._choose(event.option_index)

    def _choose(self, i: int) -> None:
        hit = self.hits[i]
        match = hit.snippet[hit.marks[0][0] : hit.marks[0][1]] if hit.marks else ""
        self.dismiss(SearchChoice(hit.rel, hit.line, hit.kind, match))

    def action_results(self) -> None:
        results = self.query_one("#search-results", OptionList)
        if self.hits and not results.has_focus:
            results.focus()
            results.highlighted = 0

    def action_close(self) -> None:
        self.workers.cancel_group(self, "search-index")
        self.dismiss(None)

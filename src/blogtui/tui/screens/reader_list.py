"""The reader's post list side: the filter (`/`), the views (`v`), the drafts/unpublished
switches (`d`, `u`), the status bar's counts, and what is remembered across restarts (the view,
the switches, the last post open: blogtui.tui.state, in the state dir)."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import on
from textual.timer import Timer
from textual.widgets import Input, Static

from blogtui.blog.index import Index
from blogtui.blog.post import Post
from blogtui.safe import one_line
from blogtui.tui.screens.reader_follow import FollowReaderScreen
from blogtui.tui.state import ReaderState, load_state, save_state, state_path
from blogtui.tui.widgets.postlist import PostList


def by_rel(index: Index, rel: str) -> Post | None:
    """The post at ``rel``: a loop over the posts (Index.by_rel builds the table of every name a
    link may give a post, 0.2 s for 10,000 posts: not before the first paint)."""
    return next((p for p in index.posts if p.rel == rel), None)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


class ListReaderScreen(FollowReaderScreen):
    index: Index | None
    current: Post | None
    #: the index shown came from the cache: the files are being checked (stat) meanwhile
    provisional: bool = False

    def __init__(self) -> None:
        super().__init__()
        self._filter_timer: Timer | None = None
        self._state_file: Path | None = None
        self.kept = ReaderState()

    # state across restarts -------------------------------------------------------------------
    def restore_state(self) -> None:
        """The view and switches of the last run (defaults if the state file is bad)."""
        services = self.services
        self._state_file = state_path(services.settings.state_dir, services.site.root)
        self.kept = load_state(self._state_file)
        posts = self.query_one(PostList)
        posts.view = self.kept.view
        posts.show_drafts = self.kept.show_drafts
        posts.show_unpublished = self.kept.show_unpublished

    def remember(self) -> None:
        """Keep the view, the switches and the open post for the next run (if they changed)."""
        if self._state_file is None:
            return
        posts = self.query_one(PostList)
        state = ReaderState(
            view=posts.view,
            show_drafts=posts.show_drafts,
            show_unpublished=posts.show_unpublished,
            last_post=self.current.rel if self.current is not None else self.kept.last_post,
        )
        if state != self.kept and save_state(self._state_file, state):
            self.kept = state

    def remembered_post(self, index: Index) -> Post | None:
        return by_rel(index, self.kept.last_post) if self.kept.last_post else None

    # status ------------------------------------------------------------------------------------
    def set_status(self, message: str | Text) -> None:
        self.query_one("#status", Static).update(
            message if isinstance(message, Text) else Text(message)
        )

    def index_status(self) -> Text:
        """``site · 10 posts, 1 draft (hidden) · filter “q”: N · newest first · …``."""
        index = self.index
        if index is None:
            return Text("")
        posts = self.query_one(PostList)
        drafts = sum(1 for p in index.posts if p.draft)
        site_name = one_line(self.services.site.name)
        text = Text(f"{site_name}  ·  {_plural(len(index.posts) - drafts, 'post')}")
        if drafts:
            text.append(", " + _plural(drafts, "draft"))
            if not posts.show_drafts:
                text.append(" (hidden)", style="bold")
        if not posts.show_unpublished:
            text.append("  ·  unpublished hidden", style="bold")
        query: str = posts.query  # type: ignore[assignment]  # the filter text (shadows DOMNode.query)
        if query:
            text.append(f"  ·  filter “{one_line(query)}”: {len(posts.matching())}")
        else:
            text.append(f"  ·  {posts.view_name}")
        broken = sum(1 for p in index.posts if p.problems)
        if broken:
            text.append(f"  ·  ⚠ {broken} with problems", style="bold")
        if index.problems:
            text.append(f"  ·  {len(index.problems)} unreadable files", style="bold")
        if self.provisional:
            text.append("  ·  checking for changes…", style="dim")
        return text

    # filter ------------------------------------------------------------------------------------
    def action_filter(self) -> None:
        box = self.query_one("#filter", Input)
        box.display = True
        box.focus()

    @on(Input.Changed, "#filter")
    def filter_changed(self, event: Input.Changed) -> None:
        # a query's work is bounded (the ranking takes milliseconds; the list only makes its
        # rows): apply it at once. Going back to the whole list of a big blog waits for a pause
        # in typing (backspacing over the query) first.
        posts = self.query_one(PostList)
        if self._filter_timer is not None:
            self._filter_timer.stop()
            self._filter_timer = None
        if event.value.strip() or len(posts.posts) < 1000:
            self._apply_filter(event.value)
            return
        self._filter_timer = self.set_timer(0.15, lambda: self._apply_filter(event.value))

    def _apply_filter(self, value: str) -> None:
        self._filter_timer = None
        self.query_one(PostList).set_query(value)
        self.set_status(self.index_status())

    @on(Input.Submitted, "#filter")
    def filter_submitted(self, event: Input.Submitted) -> None:
        self.query_one(PostList).focus()

    def action_clear_filter(self) -> None:
        box = self.query_one("#filter", Input)
        posts = self.query_one(PostList)
        if box.value or box.display:
            box.value = ""
            box.display = False
            posts.set_query("")
            if self.current is not None:
                posts.select_post(self.current)
            posts.focus()
            self.set_status(self.index_status())

    # views and switches ----------------------------------------------------------------------
    def action_cycle_grouping(self) -> None:
        """``v``: newest first → by category → by tag → by month → newest first."""
        posts = self.query_one(PostList)
        posts.cycle_view()
        self.set_status(self.index_status())
        self.notify(posts.view_name.capitalize(), timeout=2)
        self.remember()

    def action_toggle_drafts(self) -> None:
        posts = self.query_one(PostList)
        posts.show_drafts = not posts.show_drafts
        posts.rebuild(self.current, announce=True)
        self.notify("Drafts shown" if posts.show_drafts else "Drafts hidden", timeout=2)
        self.set_status(self.index_status())
        self.remember()

    def action_toggle_unpublished(self) -> None:
        posts = self.query_one(PostList)
        posts.show_unpublished = not posts.show_unpublished
        posts.rebuild(self.current, announce=True)
        self.notify(
            "Unpublished and scheduled posts shown"
            if posts.show_unpublished
            else "Unpublished and scheduled posts hidden",
            timeout=2,
        )
        self.set_status(self.index_status())
        self.remember()

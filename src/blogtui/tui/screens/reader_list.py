"""The reader's post list side: the filter (`/`), the views (`v`), the drafts/unpublished
switches (`d`, `u`), the status bar's counts, and what is remembered across restarts (the view,
the switches, the last post open: blogtui.tui.state, in the state dir).

``ListFlow`` is an object the reader screen holds (``screen.listing``): the screen's actions and
the filter box's messages call it; it tells the screen to show the status again
(``ReaderScreen.show_index_status``) after a change the counts depend on."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual.timer import Timer
from textual.widgets import Input

from blogtui.blog.index import Index
from blogtui.blog.post import Post
from blogtui.safe import one_line
from blogtui.tui.services import ReaderServices
from blogtui.tui.state import ReaderState, load_state, save_state, state_path
from blogtui.tui.widgets.postlist import PostList
from blogtui.tui.widgets.postview import PostView

if TYPE_CHECKING:
    from blogtui.tui.screens.reader import ReaderScreen


def by_rel(index: Index, rel: str) -> Post | None:
    """The post at ``rel``: a loop over the posts (Index.by_rel builds the table of every name a
    link may give a post, 0.2 s for 10,000 posts: not before the first paint)."""
    return next((p for p in index.posts if p.rel == rel), None)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


class ListFlow:
    """The post list's filter, views and switches, the status bar, the state kept."""

    #: the post view keeps at least this many columns: a narrow terminal narrows the list
    POST_COLUMNS = 60
    LIST_MIN_COLUMNS = 14

    def __init__(self, screen: ReaderScreen, services: ReaderServices) -> None:
        self.screen = screen
        self.services = services
        self._filter_timer: Timer | None = None
        self._state_file: Path | None = None
        self.kept = ReaderState()

    @property
    def posts(self) -> PostList:
        return self.screen.query_one(PostList)

    # state across restarts -------------------------------------------------------------------
    def restore(self) -> None:
        """The view and switches of the last run (defaults if the state file is bad)."""
        services = self.services
        self._state_file = state_path(services.settings.state_dir, services.site.root)
        self.kept = load_state(self._state_file)
        posts = self.posts
        posts.view = self.kept.view
        posts.show_drafts = self.kept.show_drafts
        posts.show_unpublished = self.kept.show_unpublished

    def remember(self, current: Post | None) -> None:
        """Keep the view, the switches and the open post for the next run (if they changed)."""
        if self._state_file is None:
            return
        posts = self.posts
        state = ReaderState(
            view=posts.view,
            show_drafts=posts.show_drafts,
            show_unpublished=posts.show_unpublished,
            last_post=current.rel if current is not None else self.kept.last_post,
        )
        if state != self.kept and save_state(self._state_file, state):
            self.kept = state

    def remembered_post(self, index: Index) -> Post | None:
        return by_rel(index, self.kept.last_post) if self.kept.last_post else None

    # status ------------------------------------------------------------------------------------
    def status(self, index: Index | None, provisional: bool) -> Text:
        """``site · 10 posts, 1 draft (hidden) · filter “q”: N · newest first · …``
        (``provisional``: the index came from the cache, the files are being checked)."""
        if index is None:
            return Text("")
        posts = self.posts
        drafts = sum(1 for p in index.posts if p.draft)
        site_name = one_line(self.services.site.name)
        text = Text(f"{site_name}  ·  {_plural(len(index.posts) - drafts, 'post')}")
        if drafts:
            text.append(", " + _plural(drafts, "draft"))
            if not posts.show_drafts:
                text.append(" (hidden)", style="bold")
        if not posts.show_unpublished:
            text.append("  ·  unpublished hidden", style="bold")
        query = posts.filter_text
        if query:
            text.append(f"  ·  filter “{one_line(query)}”: {len(posts.matching())}")
        else:
            text.append(f"  ·  {posts.view_name}")
        broken = sum(1 for p in index.posts if p.problems)
        if broken:
            text.append(f"  ·  ⚠ {broken} with problems", style="bold")
        if index.problems:
            text.append(f"  ·  {len(index.problems)} unreadable files", style="bold")
        if provisional:
            text.append("  ·  checking for changes…", style="dim")
        return text

    # filter ------------------------------------------------------------------------------------
    @property
    def box(self) -> Input:
        return self.screen.query_one("#filter", Input)

    def show_filter(self) -> None:
        box = self.box
        box.display = True
        box.focus()

    def filter_changed(self, value: str) -> None:
        # a query's work is bounded (the ranking takes milliseconds; the list only makes its
        # rows): apply it at once. Going back to the whole list of a big blog waits for a pause
        # in typing (backspacing over the query) first.
        posts = self.posts
        if self._filter_timer is not None:
            self._filter_timer.stop()
            self._filter_timer = None
        if value.strip() or len(posts.posts) < 1000:
            self._apply_filter(value)
            return
        self._filter_timer = self.screen.set_timer(0.15, lambda: self._apply_filter(value))

    def _apply_filter(self, value: str) -> None:
        self._filter_timer = None
        self.posts.set_query(value)
        self.screen.show_index_status()

    def clear_filter(self, current: Post | None) -> None:
        box = self.box
        posts = self.posts
        if box.value or box.display:
            box.value = ""
            box.display = False
            posts.set_query("")
            if current is not None:
                posts.select_post(current)
            posts.focus()
            self.screen.show_index_status()

    def newest(self, index: Index) -> Post | None:
        """The post a reader wants first: the newest one the site publishes that the list shows
        (the index is newest first)."""
        posts = self.posts
        return next((p for p in index.posts if p.visible_on_site and not posts.hides(p)), None)

    def reveal(self, post: Post) -> None:
        """After a save, a new post or a publish: the list shows ``post``. A filter that hides it
        is cleared and a switch that hides it (drafts, unpublished) turned on, each said."""
        posts = self.posts
        if posts.filter_text and not posts.select_post(post):  # not among the matches
            self.clear_filter(None)
            self.screen.notify("Filter cleared to show the post", timeout=3)
        if posts.hides(post):
            (self.toggle_drafts if post.draft else self.toggle_unpublished)(post)

    # views and switches ----------------------------------------------------------------------
    def cycle_view(self, current: Post | None) -> None:
        """``v``: newest first → by category → by tag → by month → newest first."""
        posts = self.posts
        posts.cycle_view()
        self.screen.show_index_status()
        self.screen.notify(posts.view_name.capitalize(), timeout=2)
        self.remember(current)

    def toggle_drafts(self, current: Post | None) -> None:
        posts = self.posts
        posts.show_drafts = not posts.show_drafts
        posts.rebuild(current, announce=True)
        self.screen.notify("Drafts shown" if posts.show_drafts else "Drafts hidden", timeout=2)
        self.screen.show_index_status()
        self.remember(current)

    def toggle_unpublished(self, current: Post | None) -> None:
        posts = self.posts
        posts.show_unpublished = not posts.show_unpublished
        posts.rebuild(current, announce=True)
        self.screen.notify(
            "Unpublished and scheduled posts shown"
            if posts.show_unpublished
            else "Unpublished and scheduled posts hidden",
            timeout=2,
        )
        self.screen.show_index_status()
        self.remember(current)

    # the list's width ----------------------------------------------------------------------
    def toggle_list(self) -> None:
        """``ctrl+b``: hide the post list for the text's sake, or show it again."""
        screen = self.screen
        sidebar = screen.query_one("#sidebar")
        sidebar.display = not sidebar.display
        if sidebar.display:
            self.posts.focus()
        elif screen.focused is not None and sidebar in screen.focused.ancestors_with_self:
            screen.query_one(PostView).focus()

    def fit(self, width: int, *, starting: bool = False) -> None:
        """A narrow terminal (``width`` columns) narrows the list, so the post keeps
        ``POST_COLUMNS`` columns; with no room for a useful list it starts hidden (``ctrl+b``
        shows it)."""
        room = width - self.POST_COLUMNS - 3  # the list's border, the view's padding
        sidebar = self.screen.query_one("#sidebar")
        if room >= 24:  # the stylesheet's widths leave the post enough
            sidebar.styles.clear_rule("min_width")
            sidebar.styles.clear_rule("width")
            return
        sidebar.styles.min_width = max(room, self.LIST_MIN_COLUMNS)
        sidebar.styles.width = max(room, self.LIST_MIN_COLUMNS)
        if starting and room < self.LIST_MIN_COLUMNS:
            sidebar.display = False
            self.screen.query_one(PostView).focus()

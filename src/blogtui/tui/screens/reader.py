"""The reader: the post list on the left, the open post (header + body) on the right."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Input, Static
from textual.worker import Worker, get_current_worker

from blogtui.blog.index import Index
from blogtui.blog.post import Post, read_error_message, reading_minutes
from blogtui.safe import one_line, strip_controls
from blogtui.tui.history import History, Place
from blogtui.tui.screens.dialogs import HelpScreen, TocScreen
from blogtui.tui.screens.reader_broken import problems_note
from blogtui.tui.screens.reader_list import ListReaderScreen, by_rel
from blogtui.tui.widgets.comments import CommentsPane
from blogtui.tui.widgets.footer import FittingFooter
from blogtui.tui.widgets.header import PostHeader
from blogtui.tui.widgets.postlist import PostList
from blogtui.tui.widgets.postview import PostView


def prepare_body(body: str, index: Index, post: Post | None = None) -> str:
    """The post's Liquid rendered, then kramdown leftovers -> Markdown (blogtui.blog.pipeline)."""
    from blogtui.blog.pipeline import prepare_post

    return prepare_post(body, site=index.site, post=post, index=index)


@dataclass
class LoadedBody:
    post: Post
    markdown: str
    minutes: int | None
    error: str | None = None


#: how long the first frame may wait for the cache's snapshot (read in a thread since the app
#: started) before it is drawn without it ("Loading the blog…", the list when it comes)
FIRST_PAINT_WAIT = 0.5

#: the reader's keys in the footer, most important first (what does not fit is left out)
FOOTER_ORDER = ("filter", "search_all", "edit", "new_post", "reply", "help", "quit", "toc")


class ReaderScreen(ListReaderScreen):
    """Browse and read the blog."""

    BINDINGS = [
        Binding("slash", "filter", "Filter", id="reader.filter"),
        Binding("escape", "clear_filter", "Clear filter", show=False, id="reader.clear_filter"),
        Binding("ctrl+f", "search_all", "Search", id="reader.search_all"),
        Binding("t", "toc", "Contents", id="reader.toc"),
        Binding("v", "cycle_grouping", "View", id="reader.group"),
        Binding("d", "toggle_drafts", "Drafts", id="reader.drafts"),
        Binding("u", "toggle_unpublished", "Unpublished", id="reader.unpublished"),
        Binding("tab", "switch_pane", "Switch pane", show=False, id="reader.switch_pane"),
        Binding(
            "shift+tab", "switch_pane", "Switch pane", show=False, id="reader.switch_pane_back"
        ),
        Binding("ctrl+r", "reload", "Reload", show=False, id="reader.reload"),
        Binding("backspace,alt+left", "back", "Back", show=False, id="reader.back"),
        Binding("alt+right", "forward", "Forward", show=False, id="reader.forward"),
        Binding("ctrl+b", "toggle_list", "List", id="reader.toggle_list"),
    ]
    #: the post view keeps at least this many columns: a narrow terminal narrows the list
    POST_COLUMNS = 60
    LIST_MIN_COLUMNS = 14

    class IndexLoaded(Message):
        def __init__(self, index: Index, *, provisional: bool = False) -> None:
            super().__init__()
            self.index = index
            self.provisional = provisional  # from the cache alone: the scan's index follows

    class BodyLoaded(Message):
        def __init__(self, loaded: LoadedBody) -> None:
            super().__init__()
            self.loaded = loaded

    def __init__(self) -> None:
        super().__init__()
        self.index: Index | None = None
        self.current: Post | None = None
        self._pending_anchor: str | None = None
        self._pending_search: str = ""  # a full-text hit: find it in the post once it is shown
        self.select_after_reload: Path | None = None
        self.history = History()
        self._pending_y: int | None = None  # back/forward: the reading position to return to

    # layout --------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        with Horizontal(id="main"):
            with Vertical(id="sidebar"):
                yield Input(placeholder="filter: title, category, tag, slug", id="filter")
                yield PostList(id="posts")
            with Vertical(id="content"):
                yield PostHeader(id="post-header")
                yield PostView(id="post-view")
                yield CommentsPane(id="comments")
        yield Static(id="status")
        yield FittingFooter(order=FOOTER_ORDER)

    def on_mount(self) -> None:
        self.query_one("#filter", Input).display = False
        self.query_one(PostHeader).show_message("Loading the blog…")
        self.set_status(f"Indexing {self.app.blog_path}…")  # type: ignore[attr-defined]
        self.restore_state()
        self.query_one(PostList).focus()
        self.fit_list(starting=True)
        cached = getattr(self.app, "cached_index", None)
        snapshot = cached(FIRST_PAINT_WAIT) if cached is not None else None
        if snapshot is not None:  # the first frame holds the list; the files are checked after
            self.post_message(self.IndexLoaded(snapshot, provisional=True))
            self.call_after_refresh(self.load_index)
        else:
            self.load_index(first=True)

    # index ---------------------------------------------------------------------------------
    @work(thread=True, exclusive=True, group="index", exit_on_error=False)
    def load_index(self, first: bool = False) -> None:
        """The index: on the first load, what the cache holds at once (no stat: the first
        paint), then the scan's, which updates the list in place."""
        cached = getattr(self.app, "cached_index", None) if first else None
        snapshot = cached() if cached is not None else None
        if snapshot is not None:
            self.post_message(self.IndexLoaded(snapshot, provisional=True))
        index = self.app.build_index()  # type: ignore[attr-defined]
        self.post_message(self.IndexLoaded(index))

    def worker_failed(self, worker: Worker[object], reason: str) -> bool:
        """Called by the app when one of this screen's workers failed; True: told here."""
        if worker.group == "index":
            self.provisional = False
            self.query_one(PostHeader).show_message(f"Could not read the blog: {reason}")
            self.set_status(Text(f"Could not read the blog: {reason}"))
        return False  # and a notification

    @on(IndexLoaded)
    def index_loaded(self, event: IndexLoaded) -> None:
        first = self.index is None
        # the scan after the cache's snapshot: the same posts, most likely; the list is updated
        # in place and the open post is read again only if its file changed
        in_place = self.provisional and not event.provisional and self.select_after_reload is None
        self.provisional = event.provisional
        self.index = event.index
        if first:  # after the first frame: its thread would slow the frame down
            self.call_after_refresh(self.follow_disk)
        else:
            self.follow_disk()  # from now on the list and the open post follow the files
        posts = self.query_one(PostList)
        posts.set_posts(event.index.posts, event.index.problems)
        self.set_status(self.index_status())
        if not in_place:
            self._tell_index_problems(event.index)
        current = self.current
        if in_place and current is not None:
            fresh = by_rel(event.index, current.rel)
            if fresh is not None:
                if (fresh.mtime_ns, fresh.size) == (current.mtime_ns, current.size):
                    self.current = fresh
                else:
                    self.open_post(fresh)
                return
        keep_path = self.select_after_reload or (current.path if current else None)
        self.select_after_reload = None
        target = None
        if keep_path is not None:
            target = next((p for p in event.index.posts if p.path == keep_path), None)
        if target is None and first:
            target = self.remembered_post(event.index)
            if target is not None and posts.hides(target):
                target = None
        target = target or self._newest(event.index) or posts.first_post()
        if target is not None:
            posts.select_post(target)
            self.open_post(target, later=first)
        else:
            self.current = None
            self.query_one(PostHeader).show_message("This blog has no posts yet.")
            self.query_one(PostView).show_markdown("")

    def _tell_index_problems(self, index: Index) -> None:
        for warning in index.site.warnings:
            self.notify(one_line(warning), severity="warning", timeout=8, markup=False)
        if index.problems:
            self.notify(
                f"{len(index.problems)} files could not be read; they are listed under “unreadable files”.",
                severity="warning",
                timeout=6,
            )

    def _newest(self, index: Index) -> Post | None:
        """The post a reader wants first: the newest one the site publishes (index is newest first)."""
        posts = self.query_one(PostList)
        return next((p for p in index.posts if p.visible_on_site and not posts.hides(p)), None)

    def action_reload(self) -> None:
        self.set_status("Reloading…")
        self.load_index()

    # opening posts -------------------------------------------------------------------------
    @on(PostList.PostChosen)
    def post_chosen(self, event: PostList.PostChosen) -> None:
        if self.current is None or event.post.path != self.current.path:
            self.open_post(event.post)
        if event.opened:
            self.query_one(PostView).focus()

    def open_post(self, post: Post, anchor: str | None = None, *, later: bool = False) -> None:
        """Show ``post``: its header now, its body and comments from workers (``later``: the
        workers start after the next frame, so that the first frame is not slowed by them)."""
        self.current = post
        self.remember()
        self._pending_anchor = anchor
        self.query_one(PostHeader).show_post(post)
        if later:
            self.call_after_refresh(self._load_post, post)
        else:
            self._load_post(post)

    def _load_post(self, post: Post) -> None:
        if self.current is not None and post.path != self.current.path:
            return  # another post was opened meanwhile
        self.load_body(post)
        self.comments_open(post)

    @work(thread=True, exclusive=True, group="body", exit_on_error=False)
    def load_body(self, post: Post) -> None:
        worker = get_current_worker()
        try:
            body = post.read_body()
        except Exception as exc:  # OSError, SourceError: shown, never raised
            self.post_message(self.BodyLoaded(LoadedBody(post, "", None, read_error_message(exc))))
            return
        if worker.is_cancelled:
            return
        index = self.index
        markdown = prepare_body(body, index, post) if index is not None else body
        markdown = problems_note(post) + markdown  # after Liquid: the problems are text
        self.post_message(
            self.BodyLoaded(LoadedBody(post, strip_controls(markdown), reading_minutes(body)))
        )

    @on(BodyLoaded)
    def body_loaded(self, event: BodyLoaded) -> None:
        loaded = event.loaded
        if self.current is None or loaded.post.path != self.current.path:
            return  # the user has moved on
        view = self.query_one(PostView)
        if loaded.error:
            self.query_one(PostHeader).show_post(loaded.post)
            view.show_markdown(f"**Could not read this post:** {strip_controls(loaded.error)}")
            return
        self.query_one(PostHeader).show_post(loaded.post, loaded.minutes)
        view.show_markdown(loaded.markdown, source=loaded.post.rel)
        if self._pending_anchor:
            anchor, self._pending_anchor = self._pending_anchor, None
            self.call_after_refresh(view.goto_anchor, anchor)
        elif self._pending_y:
            y, self._pending_y = self._pending_y, None
            self.call_after_refresh(view.scroll_to, y=y, animate=False, immediate=True)
        if self._pending_search:
            found, self._pending_search = self._pending_search, ""
            view.set_query(found)  # highlighted; n/N step through the matches
            self.call_after_refresh(view.action_search_next)

    def show_post(self, post: Post, anchor: str | None = None) -> None:
        """Open ``post`` and point the list at it (used by links and the palette); ``back``
        returns to the post left, at the line it was read."""
        if self.current is not None and post.path != self.current.path:
            self.history.visit(self._here())
        self._show(post, anchor)

    def _here(self) -> Place:
        assert self.current is not None
        return Place(self.current.rel, int(self.query_one(PostView).scroll_y))

    def _show(self, post: Post, anchor: str | None = None, y: int | None = None) -> None:
        self._pending_y = y
        posts = self.query_one(PostList)
        if not posts.select_post(post):
            # hidden by the filter or the draft/unpublished switches: show it anyway
            pass
        self.open_post(post, anchor)
        self.query_one(PostView).focus()

    def action_search_all(self) -> None:
        """Full-text search of every post, draft and stored comment (a screen of its own)."""
        from blogtui.tui.screens.search import SearchChoice, SearchScreen

        index = self.index
        if index is None:
            self.notify("The blog is still loading.", timeout=2)
            return

        def chosen(choice: SearchChoice | None) -> None:
            post = index.by_rel(choice.rel) if choice is not None else None
            if post is not None and choice is not None:
                self._pending_search = choice.match if choice.kind == "post" else ""
                self.show_post(post)

        settings = self.app.settings  # type: ignore[attr-defined]
        self.app.push_screen(
            SearchScreen(list(index.posts), settings.cache_dir, index.site.root, settings), chosen
        )

    # other actions ---------------------------------------------------------------------------
    def action_toc(self) -> None:
        entries = [(e.level, e.text, e.anchor) for e in self.query_one(PostView).toc]

        def chosen(anchor: str | None) -> None:
            if anchor:
                self.query_one(PostView).goto_anchor(anchor)
                self.query_one(PostView).focus()

        self.app.push_screen(TocScreen(entries), chosen)

    def _go(self, place: Place | None, none: str) -> None:
        post = self.index.find(place.ref) if place and self.index else None
        if place is None:
            self.notify(none, timeout=2)
        elif post is None:
            self.notify("That post is no longer in the blog.", severity="warning", timeout=3)
        else:
            self._show(post, y=place.y)

    def action_back(self) -> None:
        """Back to the post a link left (``backspace``, ``alt+left``), where it was read."""
        here = self._here() if self.current is not None else None
        self._go(self.history.back(here), "No earlier post.")

    def action_forward(self) -> None:
        here = self._here() if self.current is not None else None
        self._go(self.history.forward(here), "No later post.")

    def action_toggle_list(self) -> None:
        """``ctrl+b``: hide the post list for the text's sake, or show it again."""
        sidebar = self.query_one("#sidebar")
        sidebar.display = not sidebar.display
        if sidebar.display:
            self.query_one(PostList).focus()
        elif self.focused is not None and sidebar in self.focused.ancestors_with_self:
            self.query_one(PostView).focus()

    def on_resize(self) -> None:
        self.fit_list()

    def fit_list(self, *, starting: bool = False) -> None:
        """A narrow terminal narrows the list, so the post keeps ``POST_COLUMNS`` columns; with
        no room for a useful list it starts hidden (``ctrl+b`` shows it)."""
        width = self.app.size.width
        room = width - self.POST_COLUMNS - 3  # the list's border, the view's padding
        sidebar = self.query_one("#sidebar")
        if room >= 24:  # the stylesheet's widths leave the post enough
            sidebar.styles.clear_rule("min_width")
            sidebar.styles.clear_rule("width")
            return
        sidebar.styles.min_width = max(room, self.LIST_MIN_COLUMNS)
        sidebar.styles.width = max(room, self.LIST_MIN_COLUMNS)
        if starting and room < self.LIST_MIN_COLUMNS:
            sidebar.display = False
            self.query_one(PostView).focus()

    def action_switch_pane(self) -> None:
        posts = self.query_one(PostList)
        view = self.query_one(PostView)
        comments = self.query_one(CommentsPane)
        if not posts.display or not self.query_one("#sidebar").display:
            (comments.focus_first if view.has_focus and comments.items else view.focus)()
        elif posts.has_focus:
            view.focus()
        elif view.has_focus and comments.items:
            comments.focus_first()
        else:
            posts.focus()

    def help_rows(self) -> list[tuple[str, str, str]]:
        return self.app.describe_bindings(  # type: ignore[attr-defined]
            [
                ("Everywhere", self.app),
                ("Reader", self),
                ("Post list", self.query_one(PostList)),
                ("Post", self.query_one(PostView)),
                ("Comments", self.query_one(CommentsPane)),
            ]
        )  # type: ignore[attr-defined]

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen(self.help_rows()))

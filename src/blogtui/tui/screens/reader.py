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
from textual.timer import Timer
from textual.widgets import Input, Static
from textual.worker import Worker, get_current_worker

from blogtui.blog.index import Index
from blogtui.blog.post import Post, read_error_message, reading_minutes
from blogtui.safe import one_line, strip_controls
from blogtui.tui.history import History, Place
from blogtui.tui.screens.dialogs import HelpScreen, TocScreen
from blogtui.tui.screens.reader_broken import problems_note
from blogtui.tui.screens.reader_follow import FollowReaderScreen
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


#: the reader's keys in the footer, most important first (what does not fit is left out)
FOOTER_ORDER = ("filter", "search_all", "edit", "new_post", "reply", "help", "quit", "toc")


class ReaderScreen(FollowReaderScreen):
    """Browse and read the blog."""

    BINDINGS = [
        Binding("slash", "filter", "Filter", id="reader.filter"),
        Binding("escape", "clear_filter", "Clear filter", show=False, id="reader.clear_filter"),
        Binding("ctrl+f", "search_all", "Search", id="reader.search_all"),
        Binding("t", "toc", "Contents", id="reader.toc"),
        Binding("v", "cycle_grouping", "Group by", id="reader.group"),
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
        def __init__(self, index: Index) -> None:
            super().__init__()
            self.index = index

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
        self._filter_timer: Timer | None = None
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
        self.query_one(PostList).focus()
        self.fit_list(starting=True)
        self.load_index()

    # status ------------------------------------------------------------------------------------
    def set_status(self, message: str | Text) -> None:
        self.query_one("#status", Static).update(
            message if isinstance(message, Text) else Text(message)
        )

    def index_status(self) -> Text:
        index = self.index
        if index is None:
            return Text("")
        posts = self.query_one(PostList)
        shown = len(posts.matching())
        text = Text(f"{one_line(self.app.site.name)}  ·  {len(index.posts)} posts")  # type: ignore[attr-defined]
        drafts = sum(1 for p in index.posts if p.draft)
        if drafts:
            text.append(f", {drafts} draft" + ("s" if drafts != 1 else ""))
        query: str = posts.query  # type: ignore[assignment]  # the filter text (shadows DOMNode.query)
        if query:
            text.append(f"  ·  filter “{one_line(query)}”: {shown}")
        text.append(f"  ·  by {posts.grouping}")
        broken = sum(1 for p in index.posts if p.problems)
        if broken:
            text.append(f"  ·  ⚠ {broken} with problems", style="bold")
        if index.problems:
            text.append(f"  ·  {len(index.problems)} unreadable files", style="bold")
        return text

    # index ---------------------------------------------------------------------------------
    @work(thread=True, exclusive=True, group="index", exit_on_error=False)
    def load_index(self) -> None:
        index = self.app.build_index()  # type: ignore[attr-defined]
        self.post_message(self.IndexLoaded(index))

    def worker_failed(self, worker: Worker[object], reason: str) -> bool:
        """Called by the app when one of this screen's workers failed; True: told here."""
        if worker.group == "index":
            self.query_one(PostHeader).show_message(f"Could not read the blog: {reason}")
            self.set_status(Text(f"Could not read the blog: {reason}"))
        return False  # and a notification

    @on(IndexLoaded)
    def index_loaded(self, event: IndexLoaded) -> None:
        self.index = event.index
        self.follow_disk()  # from now on the list and the open post follow the files
        posts = self.query_one(PostList)
        posts.set_posts(event.index.posts, event.index.problems)
        self.set_status(self.index_status())
        for warning in event.index.site.warnings:
            self.notify(one_line(warning), severity="warning", timeout=8, markup=False)
        if event.index.problems:
            self.notify(
                f"{len(event.index.problems)} files could not be read; they are listed under “unreadable files”.",
                severity="warning",
                timeout=6,
            )
        keep_path = self.select_after_reload or (self.current.path if self.current else None)
        self.select_after_reload = None
        target = None
        if keep_path is not None:
            target = next((p for p in event.index.posts if p.path == keep_path), None)
        target = target or self._newest(event.index) or posts.first_post()
        if target is not None:
            posts.select_post(target)
            self.open_post(target)
        else:
            self.query_one(PostHeader).show_message("This blog has no posts yet.")
            self.query_one(PostView).show_markdown("")

    def _newest(self, index: Index) -> Post | None:
        """The post a reader wants first: the newest one the site publishes (index is newest first)."""
        shown = set(id(p) for p in self.query_one(PostList).visible_posts())
        return next((p for p in index.posts if p.visible_on_site and id(p) in shown), None)

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

    def open_post(self, post: Post, anchor: str | None = None) -> None:
        self.current = post
        self._pending_anchor = anchor
        self.query_one(PostHeader).show_post(post)
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

    # filter ------------------------------------------------------------------------------------
    def action_filter(self) -> None:
        box = self.query_one("#filter", Input)
        box.display = True
        box.focus()

    @on(Input.Changed, "#filter")
    def filter_changed(self, event: Input.Changed) -> None:
        # a query's work is bounded (the ranking takes milliseconds, at most RANKED_ROWS rows are
        # listed): apply it at once. Going back to the whole list rebuilds every row of a big
        # blog: wait for a pause in typing (backspacing over the query) first.
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

    def action_cycle_grouping(self) -> None:
        grouping = self.query_one(PostList).cycle_grouping()
        self.set_status(self.index_status())
        self.notify(f"Grouped by {grouping}", timeout=2)

    def action_toggle_drafts(self) -> None:
        posts = self.query_one(PostList)
        posts.show_drafts = not posts.show_drafts
        posts.rebuild()
        self.notify("Drafts shown" if posts.show_drafts else "Drafts hidden", timeout=2)
        self.set_status(self.index_status())

    def action_toggle_unpublished(self) -> None:
        posts = self.query_one(PostList)
        posts.show_unpublished = not posts.show_unpublished
        posts.rebuild()
        self.notify(
            "Unpublished and scheduled posts shown"
            if posts.show_unpublished
            else "Unpublished and scheduled posts hidden",
            timeout=2,
        )
        self.set_status(self.index_status())

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

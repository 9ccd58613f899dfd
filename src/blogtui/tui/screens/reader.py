"""The reader: the post list on the left, the open post (header + body) and its comments on the right.

``ReaderScreen`` is one Screen, composed, not inherited: it composes the post list, the post pane
and the comments pane, keeps the index, the open post and the history, and holds one flow object
per job (its own module), called with typed parameters; it routes the messages to them:
``listing`` (reader_list: filter, views, switches, status, kept state), ``reading`` (reader_post:
the body), ``links`` (reader_links), ``follow`` (reader_follow: the disk), ``broken``
(reader_broken), ``authoring`` (reader_authoring: edit, $EDITOR, new, publish) and ``comments``
(reader_comments, with reader_replies: the thread, its sync, the outbox, replies). Its services
come in typed (``ReaderServices``); workers post messages or return values, handled here.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Input, Static
from textual.worker import Worker, WorkerState

from blogtui.blog.index import Index
from blogtui.blog.post import Post
from blogtui.tui.history import History, Place
from blogtui.tui.screens.dialogs import HelpScreen, TocScreen
from blogtui.tui.screens.reader_authoring import AuthoringFlow
from blogtui.tui.screens.reader_broken import BrokenPosts
from blogtui.tui.screens.reader_comments import (
    BackgroundSynced,
    CommentCounts,
    CommentsFlow,
    CommentsLoaded,
)
from blogtui.tui.screens.reader_follow import DiskChanged, DiskFollow
from blogtui.tui.screens.reader_links import LinkFlow
from blogtui.tui.screens.reader_list import ListFlow, by_rel
from blogtui.tui.screens.reader_post import BodyLoaded, PostReading
from blogtui.tui.screens.reader_replies import DISCARD_GROUP, Discarded
from blogtui.tui.services import CommentsLayout, ReaderServices
from blogtui.tui.widgets.comments import CommentsPane
from blogtui.tui.widgets.footer import FittingFooter
from blogtui.tui.widgets.header import PostHeader
from blogtui.tui.widgets.postlist import PostList
from blogtui.tui.widgets.postview import PostView
from blogtui.tui.workers import tell_if_failed

#: how long the first frame waits for the cache's snapshot (read since the app started)
FIRST_PAINT_WAIT = 0.5

#: the reader's footer keys, most important first ("follow_link" only while a link is selected)
FOOTER_ORDER = tuple("follow_link filter search_all edit new_post reply help quit toc".split())


class ReaderScreen(Screen[None]):
    """Browse and read the blog."""

    BINDINGS = [
        Binding("r", "reply", "Reply", id="reader.reply"),
        Binding(
            "R",
            "refresh_comments",
            "Refresh comments",
            tooltip="Ask the server for this post's comments; the list's counts are read again",
            id="reader.refresh_comments",
        ),
        Binding("c", "cycle_comments", "Comments pane", id="reader.comments"),
        Binding("e", "edit", "Edit", id="reader.edit"),
        Binding("E", "edit_external", "Edit in $EDITOR", show=False, id="reader.edit_external"),
        Binding("n", "new_post", "New post", id="reader.new"),
        Binding("P", "toggle_publish", "Publish/unpublish", show=False, id="reader.publish"),
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
    #: the comments pane's layout (``c``); the pane follows it (``CommentsFlow.layout_changed``)
    comments_layout: reactive[CommentsLayout] = reactive[CommentsLayout]("normal", init=False)

    class IndexLoaded(Message):
        def __init__(self, index: Index, *, provisional: bool = False) -> None:
            super().__init__()
            self.index = index
            self.provisional = provisional  # from the cache alone: the scan's index follows

    def __init__(self, services: ReaderServices) -> None:
        super().__init__()
        self.services = services
        self.index: Index | None = None
        self.current: Post | None = None
        #: the index shown came from the cache: the files are being checked (stat) meanwhile
        self.provisional = False
        self.select_after_reload: Path | None = None
        self.history = History()
        self.set_reactive(ReaderScreen.comments_layout, services.memory.comments_layout)
        # the flows, one per job (see the module's docstring)
        self.listing = ListFlow(self, services)
        self.reading = PostReading(self)
        self.links = LinkFlow(self, services)
        self.follow = DiskFollow(self, services)
        self.broken = BrokenPosts(self)
        self.authoring = AuthoringFlow(self, services)
        self.comments = CommentsFlow(self, services, index=lambda: self.index)

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
        self.set_status(f"Indexing {self.services.blog_path}…")
        self.listing.restore()
        self.query_one(PostList).focus()
        self.listing.fit(self.app.size.width, starting=True)
        snapshot = self.services.cached_index(FIRST_PAINT_WAIT)
        if snapshot is not None:  # the first frame holds the list; the files are checked after
            self.post_message(self.IndexLoaded(snapshot, provisional=True))
            self.call_after_refresh(self.load_index)
        else:
            self.load_index(first=True)
        self.comments.mount()

    def on_unmount(self) -> None:
        self.follow.stop()
        self.comments.unmount()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """Results handed back by this screen's workers; a failed one is told (tui.workers)."""
        worker = event.worker
        if event.state == WorkerState.SUCCESS and worker.group == DISCARD_GROUP:
            if isinstance(worker.result, Discarded):
                self.comments.replies.discarded(worker.result)
        tell_if_failed(event)

    # index ---------------------------------------------------------------------------------
    def load_index(self, first: bool = False) -> None:
        """The index: first what the cache holds (no stat), then the scan's, in place."""
        self.run_worker(
            partial(self._read_index, first),
            thread=True,
            exclusive=True,
            group="index",
            exit_on_error=False,
            description="reading the blog",
        )

    def _read_index(self, first: bool) -> None:
        """In a thread: the index(es), posted as messages."""
        snapshot = self.services.cached_index(None) if first else None
        if snapshot is not None:
            self.post_message(self.IndexLoaded(snapshot, provisional=True))
        index = self.services.build_index()
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
        # the scan after the cache's snapshot: the list updated in place, the open post kept
        in_place = self.provisional and not event.provisional and self.select_after_reload is None
        self.provisional = event.provisional
        self.index = event.index
        if first:  # after the first frame: its thread would slow the frame down
            self.call_after_refresh(self.follow.start)
        else:
            self.follow.start()  # from now on the list and the open post follow the files
        posts = self.query_one(PostList)
        posts.set_posts(event.index.posts, event.index.problems)
        self.show_index_status()
        if not in_place:
            self.broken.tell_index_problems(event.index)
        current = self.current
        if in_place and current is not None:
            fresh = by_rel(event.index, current.rel)
            if fresh is not None:
                self._show_fresh(fresh)
                return
        written = self.select_after_reload  # saved, made or published: the list must show it
        keep_path = written or (current.path if current else None)
        self.select_after_reload = None
        target = None
        if keep_path is not None:
            target = next((p for p in event.index.posts if p.path == keep_path), None)
        if target is None and first:
            target = self.listing.remembered_post(event.index)
            if target is not None and posts.hides(target):
                target = None
        target = target or self.listing.newest(event.index) or posts.first_post()
        if target is not None:
            if target.path == written:
                self.listing.reveal(target)
            posts.select_post(target)
            self._show_fresh(target, later=first)
        else:
            self.current = None
            self.query_one(PostHeader).show_message("This blog has no posts yet.")
            self.query_one(PostView).show_markdown("")

    def action_reload(self) -> None:
        self.set_status("Reloading…")
        self.load_index()

    def reload(self, *, show: Path) -> None:
        """Read the index again (after the editor or a publish: the file may be new, renamed,
        or gone) and show ``show`` if it exists."""
        self.select_after_reload = show if show.exists() else None
        self.load_index()

    def index_changed(self, index: Index, current: Post | None) -> None:
        """The disk changed (``DiskFollow``): the new index in the list; ``current`` is the open
        post in it (None: it is gone, its text stays on screen)."""
        self.index = index
        if current is not None:
            self.current = current  # the list keeps it selected (rows are matched by path)
        self.query_one(PostList).set_posts(index.posts, index.problems)
        self.show_index_status()

    def show_index_status(self) -> None:
        self.set_status(self.listing.status(self.index, self.provisional))

    def set_status(self, message: str | Text) -> None:
        self.query_one("#status", Static).update(
            message if isinstance(message, Text) else Text(message)
        )

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
        self.listing.remember(post)
        if later:
            self.query_one(PostHeader).show_post(post)
            self.call_after_refresh(self._load_post, post, anchor)
        else:
            self._load_post(post, anchor)

    def _show_fresh(self, post: Post, *, later: bool = False) -> None:
        """``post`` as a new index has it: read again only if its file changed (the editor closed
        without a save: the view stays as it is, at its place, and nothing is laid out again)."""
        if self.current is not None and post.same_file_as(self.current):
            self.current = post
        else:
            self.open_post(post, later=later)

    def _load_post(self, post: Post, anchor: str | None) -> None:
        if self.current is not None and post.path != self.current.path:
            return  # another post was opened meanwhile
        self.reading.open(post, self.index, anchor)
        self.comments.open(post)

    def reread(self, post: Post) -> None:
        """The open post changed on disk: read it again, at the same reading position."""
        self.reading.reread(post, self.index)

    @on(BodyLoaded)
    def body_loaded(self, event: BodyLoaded) -> None:
        self.reading.loaded(event.loaded, self.current)

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
        self.reading.return_to(y)
        # hidden by the filter or the draft/unpublished switches: shown anyway
        self.query_one(PostList).select_post(post)
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
                self.reading.find_after_load(choice.match if choice.kind == "post" else "")
                self.show_post(post)

        settings = self.services.settings
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
        self.listing.toggle_list()

    def on_resize(self) -> None:
        self.listing.fit(self.app.size.width)

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
        return self.services.describe_bindings(
            [
                ("Everywhere", self.app),
                ("Reader", self),
                ("Post list", self.query_one(PostList)),
                ("Post", self.query_one(PostView)),
                ("Comments", self.query_one(CommentsPane)),
            ]
        )

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen(self.help_rows()))

    # the flows' actions and messages -----------------------------------------------------------
    def action_filter(self) -> None:
        self.listing.show_filter()

    def action_clear_filter(self) -> None:
        self.listing.clear_filter(self.current)

    def action_cycle_grouping(self) -> None:
        self.listing.cycle_view(self.current)

    def action_toggle_drafts(self) -> None:
        self.listing.toggle_drafts(self.current)

    def action_toggle_unpublished(self) -> None:
        self.listing.toggle_unpublished(self.current)

    @on(Input.Changed, "#filter")
    def filter_changed(self, event: Input.Changed) -> None:
        self.listing.filter_changed(event.value)

    @on(Input.Submitted, "#filter")
    def filter_submitted(self, event: Input.Submitted) -> None:
        self.query_one(PostList).focus()

    @on(PostView.LinkClicked)
    def link_clicked(self, event: PostView.LinkClicked) -> None:
        self.follow_link(event.href)

    def follow_link(self, href: str) -> None:
        self.links.follow(href, self.index, self.current)

    @on(DiskChanged)
    def disk_changed(self, event: DiskChanged) -> None:
        self.follow.changed(event.changes, self.index, self.current)

    @on(PostList.ProblemChosen)
    def problem_chosen(self, event: PostList.ProblemChosen) -> None:
        self.current = None
        self.broken.show(event.problem)

    def action_edit(self) -> None:
        path = self.broken.edit_path(self.current)
        if path is not None:
            self.authoring.open_editor(path)

    def action_edit_external(self) -> None:
        path = self.broken.edit_path(self.current)
        if path is not None:
            self.authoring.open_editor(path, external=True)

    def action_new_post(self) -> None:
        self.authoring.new_post()

    def action_toggle_publish(self) -> None:
        self.authoring.toggle_publish(self.current)

    def action_reply(self) -> None:
        self.comments.replies.reply()

    def action_refresh_comments(self) -> None:
        self.comments.refresh()

    def action_cycle_comments(self) -> None:
        self.comments_layout = CommentsFlow.next_layout(self.comments_layout)

    def watch_comments_layout(self, layout: CommentsLayout) -> None:
        self.comments.layout_changed(layout)

    @on(CommentsLoaded)
    def comments_loaded(self, event: CommentsLoaded) -> None:
        self.comments.loaded(event)

    @on(CommentCounts)
    def comment_counts(self, event: CommentCounts) -> None:
        self.comments.counts(event)

    @on(BackgroundSynced)
    def background_synced(self, event: BackgroundSynced) -> None:
        self.comments.background_synced(event)

    @on(CommentsPane.RefreshRequested)
    def comments_refresh_requested(self, event: CommentsPane.RefreshRequested) -> None:
        event.stop()
        self.comments.refresh()

    @on(CommentsPane.ReplyRequested)
    def comments_reply_requested(self, event: CommentsPane.ReplyRequested) -> None:
        event.stop()
        self.comments.replies.open_editor(event.parent_id)

    @on(CommentsPane.EditDraftRequested)
    def comments_edit_requested(self, event: CommentsPane.EditDraftRequested) -> None:
        event.stop()
        self.comments.replies.edit(event.draft)

    @on(CommentsPane.DiscardDraftRequested)
    def comments_discard_requested(self, event: CommentsPane.DiscardDraftRequested) -> None:
        event.stop()
        self.comments.replies.ask_discard(event.draft)

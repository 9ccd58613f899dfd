"""The reader: the post list on the left, the open post (header + body) on the right."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlparse

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Footer, Input, Static
from textual.worker import get_current_worker

from blogtui.blog.index import Index
from blogtui.blog.markup import parse_post_href
from blogtui.blog.post import FileProblem, Post, read_error_message, reading_minutes
from blogtui.safe import one_line, strip_controls
from blogtui.tui.screens.dialogs import ConfirmScreen, HelpScreen, TocScreen
from blogtui.tui.screens.reader_authoring import AuthoringReaderScreen
from blogtui.tui.widgets.comments import CommentsPane
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


class ReaderScreen(AuthoringReaderScreen):
    """Browse and read the blog."""

    BINDINGS = [
        Binding("slash", "filter", "Filter", id="reader.filter"),
        Binding("escape", "clear_filter", "Clear filter", show=False, id="reader.clear_filter"),
        Binding("t", "toc", "Contents", id="reader.toc"),
        Binding("v", "cycle_grouping", "Group by", id="reader.group"),
        Binding("d", "toggle_drafts", "Drafts", id="reader.drafts"),
        Binding("u", "toggle_unpublished", "Unpublished", id="reader.unpublished"),
        Binding("tab", "switch_pane", "Switch pane", show=False, id="reader.switch_pane"),
        Binding(
            "shift+tab", "switch_pane", "Switch pane", show=False, id="reader.switch_pane_back"
        ),
        Binding("ctrl+r", "reload", "Reload", show=False, id="reader.reload"),
    ]

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
        self._filter_timer: Timer | None = None
        self.select_after_reload: Path | None = None

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
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#filter", Input).display = False
        self.query_one(PostHeader).show_message("Loading the blog…")
        self.set_status(f"Indexing {self.app.blog_path}…")  # type: ignore[attr-defined]
        self.query_one(PostList).focus()
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
        if posts.query:
            text.append(f"  ·  filter “{one_line(posts.query)}”: {shown}")
        text.append(f"  ·  by {posts.grouping}")
        if index.problems:
            text.append(f"  ·  {len(index.problems)} unreadable files", style="bold")
        return text

    # index ---------------------------------------------------------------------------------
    @work(thread=True, exclusive=True, group="index", exit_on_error=False)
    def load_index(self) -> None:
        index = self.app.build_index()  # type: ignore[attr-defined]
        self.post_message(self.IndexLoaded(index))

    @on(IndexLoaded)
    def index_loaded(self, event: IndexLoaded) -> None:
        self.index = event.index
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

    @on(PostList.ProblemChosen)
    def problem_chosen(self, event: PostList.ProblemChosen) -> None:
        problem: FileProblem = event.problem
        self.current = None
        self.query_one(PostHeader).update(
            Text.assemble((one_line(problem.rel), "bold"), "\n", ("could not be read", "dim"))
        )
        where = (
            f"line {problem.line}, column {problem.column}: "
            if problem.line > 1 or problem.column > 1
            else ""
        )
        self.query_one(PostView).show_markdown(
            "This file is not shown because it could not be read.\n\n"
            f"> {strip_controls(where + problem.message)}\n\n"
            "Run `blogtui check` for details and hints."
        )

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

    # links -----------------------------------------------------------------------------------
    @on(PostView.LinkClicked)
    def link_clicked(self, event: PostView.LinkClicked) -> None:
        self.follow_link(event.href)

    def follow_link(self, href: str) -> None:
        """One decision chain for every link (frogmouth style)."""
        href = href.strip()
        view = self.query_one(PostView)
        if href.startswith("#"):
            if not view.goto_anchor(unquote(href[1:])):
                self.notify(
                    f"No heading “{one_line(href)}” in this post.", severity="warning", markup=False
                )
            return
        post_link = parse_post_href(href)
        if post_link is not None:
            target, anchor = post_link
            self.open_post_ref(target, anchor or None)
            return
        parsed = urlparse(href)
        if parsed.scheme in ("http", "https", "mailto"):
            site_url = (self.app.site.url or "").rstrip("/")  # type: ignore[attr-defined]
            if site_url and href.startswith(site_url) and self._open_local(href[len(site_url) :]):
                return
            self.confirm_external(href)
            return
        if parsed.scheme:
            self.notify(
                f"Links of type “{one_line(parsed.scheme)}:” are not opened.",
                severity="warning",
                markup=False,
            )
            return
        if self._open_local(href):
            return
        self.notify(
            f"“{one_line(href)}” is not a post of this blog.", severity="warning", markup=False
        )

    def _open_local(self, href: str) -> bool:
        path, _, anchor = href.partition("#")
        index = self.index
        if index is None or not path:
            return False
        baseurl = (self.app.site.baseurl or "").rstrip("/")  # type: ignore[attr-defined]
        candidates = [unquote(path)]
        if baseurl and path.startswith(baseurl):
            candidates.append(unquote(path[len(baseurl) :]))
        if self.current is not None and not path.startswith("/"):
            candidates.append((Path(self.current.rel).parent / unquote(path)).as_posix())
        for ref in candidates:
            post = index.find(ref)
            if post is not None:
                self.show_post(post, anchor or None)
                return True
        return False

    def open_post_ref(self, ref: str, anchor: str | None = None) -> None:
        post = self.index.find(ref) if self.index else None
        if post is None:
            self.notify(
                f"No post “{one_line(ref)}” in this blog.", severity="warning", markup=False
            )
            return
        self.show_post(post, anchor)

    def show_post(self, post: Post, anchor: str | None = None) -> None:
        """Open ``post`` and point the list at it (used by links and the palette)."""
        posts = self.query_one(PostList)
        if not posts.select_post(post):
            # hidden by the filter or the draft/unpublished switches: show it anyway
            pass
        self.open_post(post, anchor)
        self.query_one(PostView).focus()

    def confirm_external(self, url: str) -> None:
        clean = one_line(url)

        def answer(ok: bool | None) -> None:
            if ok:
                self.app.open_url(clean)
                self.notify(f"Opened {clean}", markup=False)

        question = Text("Open this link in your browser?\n\n")
        question.append(clean, style="bold")
        self.app.push_screen(ConfirmScreen(question, yes="Open", no="Cancel"), answer)

    # filter ------------------------------------------------------------------------------------
    def action_filter(self) -> None:
        box = self.query_one("#filter", Input)
        box.display = True
        box.focus()

    @on(Input.Changed, "#filter")
    def filter_changed(self, event: Input.Changed) -> None:
        # a big blog rebuilds its list in tens of ms: wait for a pause in typing
        posts = self.query_one(PostList)
        if len(posts.posts) < 1000:
            self._apply_filter(event.value)
            return
        if self._filter_timer is not None:
            self._filter_timer.stop()
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

    def action_switch_pane(self) -> None:
        posts = self.query_one(PostList)
        view = self.query_one(PostView)
        comments = self.query_one(CommentsPane)
        if posts.has_focus:
            view.focus()
        elif view.has_focus and comments.items:
            comments.focus_first()
        else:
            posts.focus()

    def help_rows(self) -> list[tuple[str, str, str]]:
        return self.app.describe_bindings(
            [
                self.app,
                self,
                self.query_one(PostList),
                self.query_one(PostView),
                self.query_one(CommentsPane),
            ]
        )  # type: ignore[attr-defined]

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen(self.help_rows()))

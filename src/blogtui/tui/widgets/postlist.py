"""The post list: posts grouped by category, tag or month, with counts, newest first; while a
filter query is active, a flat list of the matches, best first (blogtui.blog.ranking)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual import work
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from blogtui.blog.post import FileProblem, Post
from blogtui.blog.ranking import PostRanker, Ranked, highlight_spans
from blogtui.safe import one_line

GROUPINGS = ("category", "tag", "date")
UNCATEGORISED = "(no category)"
UNTAGGED = "(no tag)"
PROBLEMS = "⚠ unreadable files"
#: while filtering, the best matches listed (a Tree row costs ~0.1-0.2 ms: 8,000 rows take 0.6 s);
#: the status bar counts them all and a last row says how many more there are
RANKED_ROWS = 100


@dataclass(frozen=True, slots=True)
class Group:
    name: str


@dataclass(frozen=True, slots=True)
class More:
    """The last row of a long filtered list: how many matches are not listed."""

    count: int


def post_status(post: Post) -> str:
    """A short mark for posts Jekyll would not publish as they are."""
    if post.draft:
        return "draft"
    if not post.published:
        return "unpublished"
    if post.future:
        return "scheduled"
    return ""


def post_label(post: Post, query: str = "", comments: int = 0, new: int = 0) -> Text:
    title = one_line(post.title) or post.slug
    label = Text(title)  # never markup: titles are other people's text
    if query:
        for start, end in highlight_spans(title, query):
            label.stylize("bold underline", start, end)
    label.no_wrap = True
    status = post_status(post)
    if status:
        label = Text.assemble((f"[{status}] ", "italic dim"), label)
    if post.problems:  # front matter that cannot be read, or that Jekyll refuses
        label = Text.assemble(("⚠ ", "bold"), label)
    if post.date is not None:
        label.append(f"  {post.date:%Y-%m-%d}", style="dim")
    if comments:
        label.append(f"  💬{comments}", style="dim")
    if new:
        label.append(f" ●{new} new", style="bold green")
    return label


def group_keys(post: Post, grouping: str) -> list[str]:
    if grouping == "tag":
        return [one_line(t) for t in post.tags] or [UNTAGGED]
    if grouping == "date":
        return [f"{post.date:%Y-%m}" if post.date else "(no date)"]
    return [one_line(c) for c in post.categories] or [UNCATEGORISED]


class PostList(Tree[object]):
    """A tree of groups and posts. Posts `PostList.PostChosen` when a post is highlighted or opened."""

    DEFAULT_CSS = """
    PostList { scrollbar-size-vertical: 1; }
    """

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False, id="list.down"),
        Binding("k", "cursor_up", "Up", show=False, id="list.up"),
        Binding("g", "scroll_top", "Top", show=False, id="list.top"),
        Binding("G", "scroll_bottom_post", "Bottom", show=False, id="list.bottom"),
    ]

    class PostChosen(Message):
        def __init__(self, post: Post, opened: bool) -> None:
            super().__init__()
            self.post = post
            self.opened = opened  # enter/click (True) or just moved onto it (False)

    class ProblemChosen(Message):
        def __init__(self, problem: FileProblem) -> None:
            super().__init__()
            self.problem = problem

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("Posts", id=id)
        self.show_root = False
        self.guide_depth = 2
        self.posts: list[Post] = []
        self.problems: list[FileProblem] = []
        self.grouping = "category"
        self.show_drafts = True
        self.show_unpublished = True
        self.query = ""
        self._ranker: PostRanker | None = None
        self._ranked: Ranked | None = None  # the current query's matches (all visible ones)
        self._ranked_key: tuple[str, bool, bool] = ("", True, True)
        self.comment_counts: dict[str, int] = {}  # thread key -> stored comments
        self.comment_new: dict[str, int] = {}  # thread key -> comments since the last read

    # Building thousands of nodes: Tree invalidates (and re-lays out) on every add, and parses
    # str labels as markup. We add all nodes in a batch and invalidate once; labels are Text.
    _batch = False

    def _invalidate(self) -> None:
        if not self._batch:
            super()._invalidate()

    def process_label(self, label: str | Text) -> Text:  # type: ignore[override]
        return label if isinstance(label, Text) else Text(str(label))

    # data ----------------------------------------------------------------------------------
    class _RankerBuilt(Message):
        def __init__(self, posts: list[Post], ranker: PostRanker) -> None:
            super().__init__()
            self.posts = posts
            self.ranker = ranker

    def set_posts(self, posts: Iterable[Post], problems: Iterable[FileProblem] = ()) -> None:
        self.posts = list(posts)
        self.problems = list(problems)
        self._ranker = None
        self._ranked = None
        if len(self.posts) > 500:  # 0.45 s for 10,000 posts: not on the UI thread
            self._build_ranker(self.posts)
        self.rebuild()

    @work(thread=True, exclusive=True, group="ranker", exit_on_error=False)
    def _build_ranker(self, posts: list[Post]) -> None:
        self.post_message(self._RankerBuilt(posts, PostRanker(posts)))

    def on_post_list__ranker_built(self, event: _RankerBuilt) -> None:
        event.stop()
        if event.posts is self.posts and self._ranker is None:
            self._ranker = event.ranker

    def ranker(self) -> PostRanker:
        """The ranked filter over ``posts`` (built here if the worker has not finished)."""
        if self._ranker is None:
            self._ranker = PostRanker(self.posts)
        return self._ranker

    def visible_posts(self) -> list[Post]:
        out = []
        for p in self.posts:
            if p.draft and not self.show_drafts:
                continue
            if not p.draft and (not p.published or p.future) and not self.show_unpublished:
                continue
            out.append(p)
        return out

    def ranked(self) -> Ranked:
        """The visible posts matching the query, best first (computed once per query)."""
        key = (self.query, self.show_drafts, self.show_unpublished)
        ranked = self._ranked
        if ranked is None or self._ranked_key != key:
            ranker = self.ranker()
            visible = self.visible_posts()
            allowed = None
            if len(visible) != len(self.posts):
                shown = {id(p) for p in visible}
                allowed = {i for i, p in enumerate(ranker.posts) if id(p) in shown}
            ranked = self._ranked = ranker.rank(self.query, allowed)
            self._ranked_key = key
        return ranked

    def matching(self) -> list[Post]:
        """The posts the list holds: the visible ones, or the matches of the query, best first."""
        if not self.query:
            return self.visible_posts()
        return self.ranked().posts

    def rebuild(self, keep: Post | None = None) -> None:
        current = keep or self.current_post
        self.clear()
        self._batch = True
        try:
            target = self._populate(current)
        finally:
            self._batch = False
            self._invalidate()
        if target is not None:
            if target.parent is not None:
                target.parent.expand()
            self.call_after_refresh(self._move_to, target)

    def _populate(self, current: Post | None) -> TreeNode[object] | None:
        if self.query:
            return self._populate_ranked(current)
        groups: dict[str, list[Post]] = {}
        for post in self.matching():  # already newest first
            for key in group_keys(post, self.grouping):
                groups.setdefault(key, []).append(post)
        if self.grouping == "date":
            order = sorted(groups, reverse=True)
        else:
            order = sorted(groups, key=lambda k: (k.startswith("("), k.casefold()))
        target: TreeNode[object] | None = None
        labels: dict[Path, Text] = {}  # a post listed under several groups is labelled once
        many = len(self.posts) > 2000  # a big blog opens with its groups folded
        for key in order:
            posts = groups[key]
            label = Text(key, style="bold")
            label.append(f" ({len(posts)})", style="dim")
            node = self.root.add(
                label, data=Group(key), expand=bool(self.query) or (len(order) <= 12 and not many)
            )
            for post in posts:
                text = labels.get(post.path)
                if text is None:
                    text = labels[post.path] = post_label(
                        post,
                        "",
                        self.comment_counts.get(post.thread_key, 0),
                        self.comment_new.get(post.thread_key, 0),
                    )
                leaf = node.add_leaf(text.copy(), data=post)
                if current is not None and target is None and post.path == current.path:
                    target = leaf
        if self.problems:
            label = Text(PROBLEMS, style="bold")
            label.append(f" ({len(self.problems)})", style="dim")
            node = self.root.add(label, data=Group(PROBLEMS), expand=False)
            for problem in self.problems:
                node.add_leaf(Text(one_line(problem.rel), style="dim"), data=problem)
        return target

    def _populate_ranked(self, current: Post | None) -> TreeNode[object] | None:
        """A flat list of the best matches (no groups: the order is the ranking)."""
        matches = self.ranked().posts
        target: TreeNode[object] | None = None
        for post in matches[:RANKED_ROWS]:
            leaf = self.root.add_leaf(
                post_label(
                    post,
                    self.query,
                    self.comment_counts.get(post.thread_key, 0),
                    self.comment_new.get(post.thread_key, 0),
                ),
                data=post,
            )
            if current is not None and target is None and post.path == current.path:
                target = leaf
        more = len(matches) - RANKED_ROWS
        if more > 0:
            self.root.add_leaf(
                Text(f"… {more:,} more: type more words to narrow", style="dim italic"),
                data=More(more),
            )
        return target

    def post_leaves(self) -> Iterator[TreeNode[object]]:
        """The rows holding posts, top to bottom (in groups, or flat while filtering)."""
        for node in self.root.children:
            if isinstance(node.data, Post):
                yield node
            for leaf in node.children:
                if isinstance(leaf.data, Post):
                    yield leaf

    def listed_posts(self) -> list[Post]:
        """The posts in the list, top to bottom (a post in two groups is there twice)."""
        return [leaf.data for leaf in self.post_leaves()]  # type: ignore[misc]

    def set_comment_counts(self, counts: dict[str, int], new: dict[str, int] | None = None) -> None:
        """Show how many comments each post has and how many are new since it was last read
        (from the comment store). Only the labels that change are redone, in place (each node
        refreshes its own line): a sync on a 10,000-post blog does not rebuild the list."""
        new = self.comment_new if new is None else new
        changed = {
            k
            for k in counts.keys() | self.comment_counts.keys()
            if counts.get(k, 0) != self.comment_counts.get(k, 0)
        }
        changed |= {
            k
            for k in new.keys() | self.comment_new.keys()
            if new.get(k, 0) != self.comment_new.get(k, 0)
        }
        self.comment_counts, self.comment_new = dict(counts), dict(new)
        if not changed:
            return
        many = len(changed) > 100  # TreeNode.set_label refreshes per node: 3,000 of them take 0.5 s
        for leaf in self.post_leaves():
            post = leaf.data
            if isinstance(post, Post) and post.thread_key in changed:
                label = post_label(
                    post, self.query, counts.get(post.thread_key, 0), new.get(post.thread_key, 0)
                )
                if many:  # what set_label does, minus the per-node refresh; one refresh below
                    leaf._label = label
                    leaf._updates += 1
                else:
                    leaf.set_label(label)
        if many:
            self.refresh()

    def _move_to(self, node: TreeNode[object]) -> None:
        # scheduled after a refresh: a rebuild in between (fast typing in the filter) made the
        # node stale, and moving to it would highlight whatever now sits on its old line
        if self._tree_nodes.get(node.id) is node:
            self.move_cursor(node)

    @property
    def current_post(self) -> Post | None:
        node = self.cursor_node
        return node.data if node is not None and isinstance(node.data, Post) else None

    def select_post(self, post: Post) -> bool:
        """Move the cursor to ``post`` (first occurrence), expanding its group."""
        for leaf in self.post_leaves():
            if leaf.data.path == post.path:  # type: ignore[union-attr]
                if leaf.parent is not None and leaf.parent is not self.root:
                    leaf.parent.expand()
                self.call_after_refresh(self._move_to, leaf)
                return True
        return False

    def first_post(self) -> Post | None:
        return next((leaf.data for leaf in self.post_leaves()), None)  # type: ignore[return-value]

    def cycle_grouping(self) -> str:
        self.grouping = GROUPINGS[(GROUPINGS.index(self.grouping) + 1) % len(GROUPINGS)]
        self.rebuild()
        return self.grouping

    def set_query(self, query: str) -> None:
        self.query = query.strip()
        self.rebuild()
        if self.query:
            first = self.first_post()
            if first is not None:
                self.select_post(first)
                # the cursor may land on the same line number as before, which Tree does not
                # announce: say it ourselves so the best match is the post shown
                self.post_message(self.PostChosen(first, opened=False))

    # actions -------------------------------------------------------------------------------
    def action_scroll_top(self) -> None:
        if self.last_line >= 0:  # an empty list (an empty blog, a filter matching nothing)
            self.move_cursor_to_line(0)

    def action_scroll_bottom_post(self) -> None:
        if self.last_line >= 0:
            self.move_cursor_to_line(self.last_line)

    def on_tree_node_highlighted(self, event: Tree.NodeHighlighted[object]) -> None:
        if event.node is not self.cursor_node:
            return  # a stale message from before a rebuild (fast typing in the filter)
        if isinstance(event.node.data, Post):
            self.post_message(self.PostChosen(event.node.data, opened=False))

    def on_tree_node_selected(self, event: Tree.NodeSelected[object]) -> None:
        data = event.node.data
        if isinstance(data, Post):
            self.post_message(self.PostChosen(data, opened=True))
        elif isinstance(data, FileProblem):
            self.post_message(self.ProblemChosen(data))

"""The post list: posts grouped by category, tag or month, with counts, newest first, filterable."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual.binding import Binding
from textual.fuzzy import Matcher
from textual.message import Message
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from blogtui.blog.post import FileProblem, Post
from blogtui.safe import one_line

GROUPINGS = ("category", "tag", "date")
UNCATEGORISED = "(no category)"
UNTAGGED = "(no tag)"
PROBLEMS = "⚠ unreadable files"


@dataclass(frozen=True, slots=True)
class Group:
    name: str


def post_search_text(post: Post) -> str:
    return " ".join([post.title, post.slug, *post.categories, *post.tags])


def post_status(post: Post) -> str:
    """A short mark for posts Jekyll would not publish as they are."""
    if post.draft:
        return "draft"
    if not post.published:
        return "unpublished"
    if post.future:
        return "scheduled"
    return ""


def post_label(post: Post, matcher: Matcher | None = None, comments: int = 0, new: int = 0) -> Text:
    title = one_line(post.title) or post.slug
    label = Text(title)  # never markup: titles are other people's text
    if matcher is not None:
        # Matcher.highlight() parses the candidate as markup, so highlight the offsets ourselves
        score, offsets = matcher.fuzzy_search.match(matcher.query, title)
        if score:
            for offset in offsets:
                label.stylize("bold underline", offset, offset + 1)
    label.no_wrap = True
    status = post_status(post)
    if status:
        label = Text.assemble((f"[{status}] ", "italic dim"), label)
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
    def set_posts(self, posts: Iterable[Post], problems: Iterable[FileProblem] = ()) -> None:
        self.posts = list(posts)
        self.problems = list(problems)
        self.rebuild()

    def visible_posts(self) -> list[Post]:
        out = []
        for p in self.posts:
            if p.draft and not self.show_drafts:
                continue
            if not p.draft and (not p.published or p.future) and not self.show_unpublished:
                continue
            out.append(p)
        return out

    def matching(self) -> list[Post]:
        posts = self.visible_posts()
        if not self.query:
            return posts
        matcher = Matcher(self.query)
        scored = [(matcher.match(post_search_text(p)), p) for p in posts]
        return [p for score, p in scored if score > 0]

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
        matcher = Matcher(self.query) if self.query else None
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
                        matcher,
                        self.comment_counts.get(post.thread_key, 0),
                        self.comment_new.get(post.thread_key, 0),
                    )
                leaf = node.add_leaf(text.copy(), data=post)
                if current is not None and target is None and post.path == current.path:
                    target = leaf
        if self.problems and not self.query:
            label = Text(PROBLEMS, style="bold")
            label.append(f" ({len(self.problems)})", style="dim")
            node = self.root.add(label, data=Group(PROBLEMS), expand=False)
            for problem in self.problems:
                node.add_leaf(Text(one_line(problem.rel), style="dim"), data=problem)
        return target

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
        matcher = Matcher(self.query) if self.query else None
        many = len(changed) > 100  # TreeNode.set_label refreshes per node: 3,000 of them take 0.5 s
        for group in self.root.children:
            for leaf in group.children:
                post = leaf.data
                if isinstance(post, Post) and post.thread_key in changed:
                    label = post_label(
                        post, matcher, counts.get(post.thread_key, 0), new.get(post.thread_key, 0)
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
        for group in self.root.children:
            for leaf in group.children:
                if isinstance(leaf.data, Post) and leaf.data.path == post.path:
                    group.expand()
                    self.call_after_refresh(self._move_to, leaf)
                    return True
        return False

    def first_post(self) -> Post | None:
        for group in self.root.children:
            for leaf in group.children:
                if isinstance(leaf.data, Post):
                    return leaf.data
        return None

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

"""The rows of the post list as plain data: which rows a view has, and what each row says.

The list widget (postlist.PostList) draws these rows with the Line API; here nothing knows
Textual. A view is a flat list of entries: group header rows and post rows (and, last, the files
that could not be read). Building the rows of 10,000 posts is a loop over plain objects.

``row_text`` is the one place that decides what a post's row says (its label and its marks):
anything else that wants a mark on a row (front-matter problems, say) goes there. A mark before
the title (as ``[draft]``) goes in ``label``, which is cut to fit; a mark in the fixed column
goes in ``marks`` and must be counted by ``marks_width`` too (the column is as wide as the widest
marks of any post, so it lines up and is never cut).
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Literal, NamedTuple

from rich.style import StyleType
from rich.text import Text

from blogtui.blog.post import MAX_LABELS, FileProblem, Post
from blogtui.safe import one_line

#: the views `v` cycles through: newest first (flat, the default), then grouped
VIEWS = ("newest", "category", "tag", "month")
VIEW_NAMES = {
    "newest": "newest first",
    "category": "by category",
    "tag": "by tag",
    "month": "by month",
}
UNCATEGORISED = "(no category)"
UNTAGGED = "(no tag)"
UNDATED = "(no date)"
MORE_TAGS = f"(more than {MAX_LABELS} tags)"
MORE_CATEGORIES = f"(more than {MAX_LABELS} categories)"
PROBLEMS = "⚠ unreadable files"
ELLIPSIS = "…"

RowKind = Literal["group", "post", "problem"]


@dataclass(frozen=True, slots=True)
class Group:
    name: str
    count: int


class Row(NamedTuple):
    """One line of the list: a group header, a post, or a file that could not be read (a
    tuple: the by-tag view of 10,000 posts with 40 tags each is 400,000 rows)."""

    kind: RowKind
    data: Post | FileProblem | Group
    indent: int = 0

    @property
    def selectable(self) -> bool:
        return self.kind != "group"


@dataclass(frozen=True, slots=True)
class RowText:
    """What a row says: ``label`` (cut with an ellipsis to fit) and ``marks`` (the fixed column
    on the right, never cut: comment counts, "new")."""

    label: Text
    marks: Text
    date: str = ""


def post_status(post: Post) -> str:
    """A short mark for posts Jekyll would not publish as they are (the core's Post.status)."""
    return post.status


def highlighted_title(post: Post, spans: Sequence[tuple[int, int]] = ()) -> Text:
    title = one_line(post.title) or post.slug
    label = Text(title, no_wrap=True, end="")  # never markup: titles are other people's text
    for start, end in spans:
        label.stylize("bold underline", start, end)
    return label


def row_text(
    post: Post,
    *,
    query: str = "",
    comments: int = 0,
    new: int = 0,
    spans: Callable[[str, str], list[tuple[int, int]]] | None = None,
    new_style: StyleType = "bold",
) -> RowText:
    """The label and marks of one post's row. ``spans(title, query)`` marks the query's matches;
    ``new_style``: the "new comments" mark's (the list's ``postlist--new``, from the theme)."""
    title = one_line(post.title) or post.slug
    label = highlighted_title(post, spans(title, query) if (query and spans) else ())
    status = post_status(post)
    if status:
        label = Text.assemble((f"[{status}] ", "italic dim"), label, no_wrap=True, end="")
    if post.problems:  # front matter that cannot be read, or that Jekyll refuses
        label = Text.assemble(("⚠ ", "bold"), label, no_wrap=True, end="")
    marks = Text(no_wrap=True, end="")
    if new:
        marks.append(f"●{new}", style=new_style)
    if comments:
        if marks:
            marks.append(" ")
        marks.append(f"💬{comments}", style="dim")
    when = f"{post.date:%Y-%m-%d}" if post.date is not None else ""
    return RowText(label, marks, when)


def marks_width(comments: int, new: int) -> int:
    """The cells ``row_text``'s marks take (the fixed column is as wide as the widest)."""
    width = 0
    if new:
        width += 1 + len(str(new))
    if comments:
        width += (1 if width else 0) + 2 + len(str(comments))
    return width


def problem_text(problem: FileProblem) -> RowText:
    return RowText(Text(one_line(problem.rel), style="dim", no_wrap=True, end=""), Text())


def group_text(group: Group) -> Text:
    label = Text(group.name, style="bold", no_wrap=True, end="")
    label.append(f" ({group.count})", style="dim")
    return label


def group_keys(post: Post, view: str, clean: dict[str, str] | None = None) -> list[str]:
    """The groups ``post`` is listed under in ``view``: its first ``MAX_LABELS`` tags or
    categories, and the group of posts with more than that (so a post with 10,000 tags costs
    what one with 100 does, and is listed 101 times, not 10,000). ``clean``: labels already
    made safe (``one_line``), shared across the posts of one view (labels repeat)."""
    if view == "month":
        return [f"{post.date:%Y-%m}" if post.date else UNDATED]
    if view == "tag":
        labels, none, more = post.tags, UNTAGGED, MORE_TAGS
    else:
        labels, none, more = post.categories, UNCATEGORISED, MORE_CATEGORIES
    if clean is None:
        clean = {}
    keys = []
    for label in labels[:MAX_LABELS]:
        key = clean.get(label)
        if key is None:
            key = clean[label] = one_line(label)
        keys.append(key)
    if not keys:
        return [none]
    if len(labels) > MAX_LABELS:
        keys.append(more)
    return keys


def build_rows(
    posts: Iterable[Post], problems: Sequence[FileProblem], view: str, *, ranked: bool = False
) -> list[Row]:
    """The rows of ``view`` over ``posts`` (given newest first, or best first when ``ranked``:
    then flat, in that order). The unreadable files come last, under their header."""
    # hundreds of thousands of small tuples and no cycles among them: without the collector
    # (which walked every object of the app a few times meanwhile) the by-tag view of 10,000
    # posts is built in half the time
    paused = gc.isenabled()
    gc.disable()
    try:
        return _build_rows(posts, problems, view, ranked)
    finally:
        if paused:
            gc.enable()


def _build_rows(
    posts: Iterable[Post], problems: Sequence[FileProblem], view: str, ranked: bool
) -> list[Row]:
    rows: list[Row]
    if ranked or view not in VIEWS[1:]:
        rows = [Row("post", p) for p in posts]
    else:
        groups: dict[str, list[Post]] = {}
        clean: dict[str, str] = {}
        for post in posts:
            for key in group_keys(post, view, clean):
                found = groups.get(key)
                if found is None:
                    groups[key] = [post]
                else:
                    found.append(post)
        if view == "month":
            order = sorted(groups, key=lambda k: (k != UNDATED, k), reverse=True)
        else:
            order = sorted(groups, key=lambda k: (k.startswith("("), k.casefold()))
        rows = []
        for key in order:
            members = groups[key]
            rows.append(Row("group", Group(key, len(members))))
            rows.extend([Row("post", p, 1) for p in members])
    if problems:
        rows.append(Row("group", Group(PROBLEMS, len(problems))))
        rows.extend(Row("problem", p, 1) for p in problems)
    return rows


def fit(text: Text, width: int) -> Text:
    """``text`` in at most ``width`` cells, cut with an ellipsis when it is longer."""
    if width <= 0:
        return Text("", end="")
    if text.cell_len <= width:
        return text
    cut = text.copy()
    cut.truncate(width, overflow="ellipsis")
    return cut

"""The post list: a Line API widget (a ScrollView drawing only the lines on screen).

Its rows are a flat list (postlist_rows.build_rows): newest first (the default view), or grouped by
category, tag or month (`v` cycles) with header rows that the cursor skips; while a filter query
is active, the matches best first (blogtui.blog.ranking), flat. Each row is its label cut with an
ellipsis to fit, then a fixed column on the right for comment counts and "new" marks that is never
cut. Rendered lines are cached per row, width and cursor; 10,000 posts cost a list of rows.

The list talks up with ``PostChosen`` (a post highlighted, or opened with enter/click) and
``ProblemChosen`` (an unreadable file opened).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, ClassVar

from rich.segment import Segment
from rich.text import Text
from textual import events, work
from textual.binding import Binding
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from blogtui.blog.post import FileProblem, Post
from blogtui.tui.widgets.postlist_rows import (
    PROBLEMS,
    VIEW_NAMES,
    VIEWS,
    Group,
    Row,
    build_rows,
    fit,
    group_text,
    marks_width,
    post_status,
    problem_text,
    row_text,
)
from blogtui.tui.workers import TellsFailedWorkers

if TYPE_CHECKING:  # the ranking module (rapidfuzz) is imported when first needed
    from blogtui.blog.ranking import PostRanker, Ranked

__all__ = ["PROBLEMS", "VIEWS", "PostList", "post_status"]

#: the date is shown before the marks when a row has at least this many cells
DATE_FROM_WIDTH = 40


class PostList(TellsFailedWorkers, ScrollView, can_focus=True):
    """Posts in rows; the cursor is always on a post (or an unreadable file), never on a header."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"postlist--group", "postlist--cursor", "postlist--new"}

    BINDINGS = [
        Binding("j,down", "cursor_down", "Down", show=False, id="list.down"),
        Binding("k,up", "cursor_up", "Up", show=False, id="list.up"),
        Binding("g,home", "scroll_top", "Top", show=False, id="list.top"),
        Binding("G,end", "scroll_bottom_post", "Bottom", show=False, id="list.bottom"),
        Binding("pagedown,space", "page_down", "Page down", show=False, id="list.page_down"),
        Binding("pageup,b", "page_up", "Page up", show=False, id="list.page_up"),
        Binding("enter", "select_cursor", "Open", show=False, id="list.select"),
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
        super().__init__(id=id)
        self.posts: list[Post] = []
        self.problems: list[FileProblem] = []
        self.view = VIEWS[0]
        self.show_drafts = True
        self.show_unpublished = True
        self.filter_text = ""  # the filter (`/`) as typed, stripped
        self.rows: list[Row] = []
        self.cursor = -1  # index into rows of the cursor's row, -1 for none
        self._ranker: PostRanker | None = None
        self._ranked: Ranked | None = None  # the current query's matches (all visible ones)
        self._ranked_key: tuple[str, bool, bool] = ("", True, True)
        self.comment_counts: dict[str, int] = {}  # thread key -> stored comments
        self.comment_new: dict[str, int] = {}  # thread key -> comments since the last read
        self._marks_w = 0
        self._lines: LRUCache[tuple[int, int, bool, bool], Strip] = LRUCache(1024)

    # data ----------------------------------------------------------------------------------
    class _RankerBuilt(Message):
        def __init__(self, posts: list[Post], ranker: PostRanker) -> None:
            super().__init__()
            self.posts = posts
            self.ranker = ranker

    def set_posts(self, posts: Iterable[Post], problems: Iterable[FileProblem] = ()) -> None:
        """New posts (a first paint from the cache, then the index revalidated): the rows are
        made again in place, the cursor stays on its post and on its line of the screen."""
        self.posts = list(posts)
        self.problems = list(problems)
        self._ranker = None
        old, self._ranked = self._ranked, None
        if len(self.posts) > 500:  # 0.45 s for 10,000 posts: not on the UI thread, and
            # not while the list is drawn (the thread would slow the frame down)
            self.call_after_refresh(self._build_ranker, self.posts)
            if self.filter_text and old is not None and self._ranked_key[0] == self.filter_text:
                # a query typed meanwhile: its matches, as the new posts, until the ranking is
                # built (then ranked again): never a ranking built on the UI thread here
                by_path = {p.path: p for p in self.posts}
                kept = [(by_path.get(p.path), s) for p, s in zip(old.posts, old.scores)]
                self._ranked = type(old)(
                    old.query, [p for p, _ in kept if p], [s for p, s in kept if p]
                )
        self.rebuild()

    # a description: without one Textual makes it from repr() of the arguments, 10,000 posts
    @work(
        thread=True,
        exclusive=True,
        group="ranker",
        exit_on_error=False,
        description="building the filter's ranking",
    )
    def _build_ranker(self, posts: list[Post]) -> None:
        from blogtui.blog.ranking import PostRanker

        self.post_message(self._RankerBuilt(posts, PostRanker(posts)))

    def on_post_list__ranker_built(self, event: _RankerBuilt) -> None:
        event.stop()
        if event.posts is self.posts and self._ranker is None:
            self._ranker = event.ranker
            if self.filter_text and self._ranked is not None:
                self._ranked = None  # the stand-in from set_posts: rank with the new posts
                self.rebuild()

    def ranker(self) -> PostRanker:
        """The ranked filter over ``posts`` (built here if the worker has not finished)."""
        if self._ranker is None:
            from blogtui.blog.ranking import PostRanker

            self._ranker = PostRanker(self.posts)
        return self._ranker

    def hides(self, post: Post) -> bool:
        """Hidden by the drafts / unpublished switches."""
        if post.draft:
            return not self.show_drafts
        return not self.show_unpublished and (not post.published or post.future)

    def visible_posts(self) -> list[Post]:
        if self.show_drafts and self.show_unpublished:
            return list(self.posts)
        return [p for p in self.posts if not self.hides(p)]

    def ranked(self) -> Ranked:
        """The visible posts matching the query, best first (computed once per query)."""
        key = (self.filter_text, self.show_drafts, self.show_unpublished)
        ranked = self._ranked
        if ranked is None or self._ranked_key != key:
            ranker = self.ranker()
            allowed = None
            if not (self.show_drafts and self.show_unpublished):
                allowed = {i for i, p in enumerate(ranker.posts) if not self.hides(p)}
            ranked = self._ranked = ranker.rank(self.filter_text, allowed)
            self._ranked_key = key
        return ranked

    def matching(self) -> list[Post]:
        """The posts the list holds: the visible ones, or the matches of the query, best first."""
        if not self.filter_text:
            return self.visible_posts()
        return self.ranked().posts

    def rebuild(self, keep: Post | None = None, *, announce: bool = False) -> None:
        """Make the rows again (view, switches or posts changed). The cursor stays on ``keep``
        (default: its post) if it is still listed, else the first post. ``announce``: post
        ``PostChosen`` when that leaves the cursor on another post."""
        before = self.current_post
        keep = keep or before
        old_cursor, old_top = self.cursor, self.scroll_offset.y
        self.rows = build_rows(
            self.matching(), self.problems, self.view, ranked=bool(self.filter_text)
        )
        self._lines.clear()
        self._measure_marks()
        self.cursor = -1
        if keep is not None:
            self.cursor = self._index_of(keep)
        if self.cursor < 0:
            self.cursor = self._next_selectable(-1, 1)
        self.virtual_size = Size(0, len(self.rows))
        if self.cursor >= 0 and old_cursor >= 0 and before is not None and self.is_mounted:
            # the same line of the screen (an update in place), else just visible
            self.scroll_to(y=max(0, old_top + self.cursor - old_cursor), animate=False, force=True)
        self._show_cursor()
        self.refresh()
        if announce:
            now = self.current_post
            if now is not None and (before is None or now.path != before.path):
                self.post_message(self.PostChosen(now, opened=False))

    def _index_of(self, post: Post) -> int:
        path = post.path
        for i, row in enumerate(self.rows):
            if row.kind == "post" and row.data.path == path:  # type: ignore[union-attr]
                return i
        return -1

    def _measure_marks(self) -> None:
        counts, new = self.comment_counts, self.comment_new
        width = 0
        if counts or new:
            for key in counts.keys() | new.keys():
                width = max(width, marks_width(counts.get(key, 0), new.get(key, 0)))
        self._marks_w = width

    def listed_posts(self) -> list[Post]:
        """The posts in the list, top to bottom (a post in two groups is there twice)."""
        return [row.data for row in self.rows if row.kind == "post"]  # type: ignore[misc]

    def group_labels(self) -> list[str]:
        """The header rows, top to bottom, as they read ("python (3)")."""
        return [str(group_text(r.data)) for r in self.rows if isinstance(r.data, Group)]

    def set_comment_counts(self, counts: dict[str, int], new: dict[str, int] | None = None) -> None:
        """Show how many comments each post has and how many are new since it was last read
        (from the comment store). The rows stay; the lines on screen are drawn again."""
        new = self.comment_new if new is None else new
        if counts == self.comment_counts and new == self.comment_new:
            return
        self.comment_counts, self.comment_new = dict(counts), dict(new)
        self._measure_marks()
        self._lines.clear()
        self.refresh()

    @property
    def current_post(self) -> Post | None:
        if 0 <= self.cursor < len(self.rows):
            data = self.rows[self.cursor].data
            return data if isinstance(data, Post) else None
        return None

    def select_post(self, post: Post) -> bool:
        """Move the cursor to ``post`` (its first row); False if the list does not show it."""
        index = self._index_of(post)
        if index < 0:
            return False
        self._move(index, announce=False)
        return True

    def first_post(self) -> Post | None:
        return next((r.data for r in self.rows if r.kind == "post"), None)  # type: ignore[return-value]

    def cycle_view(self) -> str:
        self.view = VIEWS[(VIEWS.index(self.view) + 1) % len(VIEWS)]
        self.rebuild()
        return self.view

    @property
    def view_name(self) -> str:
        return VIEW_NAMES.get(self.view, self.view)

    def set_query(self, query: str) -> None:
        self.filter_text = query.strip()
        self.rebuild()
        if self.filter_text:
            first = self._next_selectable(-1, 1)
            if first >= 0:
                self._move(first, announce=False)
                post = self.current_post
                # the cursor may land on the same row as before: say it ourselves, so the best
                # match is the post shown
                if post is not None:
                    self.post_message(self.PostChosen(post, opened=False))

    # cursor --------------------------------------------------------------------------------
    def _next_selectable(self, start: int, step: int) -> int:
        rows, i = self.rows, start + step
        while 0 <= i < len(rows):
            if rows[i].selectable:
                return i
            i += step
        return -1

    def _move(self, index: int, *, announce: bool = True) -> None:
        if index < 0 or index >= len(self.rows) or self.rows[index].kind == "group":
            return
        old, self.cursor = self.cursor, index
        if old != index:
            for line in (old, index):
                self._refresh_row(line)
        self._show_cursor()
        if announce and old != index:
            self._announce(opened=False)

    def _announce(self, *, opened: bool) -> None:
        if not 0 <= self.cursor < len(self.rows):
            return
        data = self.rows[self.cursor].data
        if isinstance(data, Post):
            self.post_message(self.PostChosen(data, opened=opened))
        elif isinstance(data, FileProblem) and opened:
            self.post_message(self.ProblemChosen(data))

    def _refresh_row(self, index: int) -> None:
        y = index - self.scroll_offset.y
        if 0 <= y < self.size.height:
            self.refresh_line(y)

    def _show_cursor(self) -> None:
        """Scroll so the cursor's row is on screen (with its group's header, when that fits)."""
        if self.cursor < 0:
            return
        if not self.size.height:  # not laid out yet: once it is
            self.call_after_refresh(self._show_cursor)
            return
        top = self.cursor
        if top > 0 and self.rows[top - 1].kind == "group":
            top -= 1
        self.scroll_to_region(
            Region(0, top, 1, self.cursor - top + 1), animate=False, force=True, immediate=True
        )

    def action_cursor_down(self) -> None:
        self._move(self._next_selectable(self.cursor, 1))

    def action_cursor_up(self) -> None:
        if self.cursor < 0:
            self._move(self._next_selectable(-1, 1))
            return
        self._move(self._next_selectable(self.cursor, -1))

    def action_scroll_top(self) -> None:
        self._move(self._next_selectable(-1, 1))
        if self.cursor >= 0:
            self.scroll_to(y=0, animate=False, force=True)

    def action_scroll_bottom_post(self) -> None:
        self._move(self._next_selectable(len(self.rows), -1))

    def _page(self, step: int) -> None:
        if not self.rows:
            return
        height = max(1, self.scrollable_content_region.height - 1)
        target = min(max(self.cursor + step * height, 0), len(self.rows) - 1)
        index = target if self.rows[target].kind != "group" else -1
        if index < 0:
            index = self._next_selectable(target, step)
        if index < 0:
            index = self._next_selectable(target, -step)
        self._move(index)

    def action_page_down(self) -> None:
        self._page(1)

    def action_page_up(self) -> None:
        self._page(-1)

    def action_select_cursor(self) -> None:
        self._announce(opened=True)

    async def _on_click(self, event: events.Click) -> None:
        index = event.style.meta.get("row")
        if isinstance(index, int) and 0 <= index < len(self.rows):
            if self.rows[index].kind == "group":
                return
            self._move(index, announce=False)
            self._announce(opened=True)

    def _on_focus(self, event: events.Focus) -> None:
        self._lines.clear()
        self.refresh()

    def _on_blur(self, event: events.Blur) -> None:
        self._lines.clear()
        self.refresh()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._lines.clear()

    # drawing -------------------------------------------------------------------------------
    def render_line(self, y: int) -> Strip:
        index = self.scroll_offset.y + y
        width = self.scrollable_content_region.width
        if not 0 <= index < len(self.rows):
            return Strip.blank(width, self.rich_style)
        key = (index, width, index == self.cursor, self.has_focus)
        strip = self._lines.get(key)
        if strip is None:
            strip = self._lines[key] = self._render_row(index, width)
        return strip

    def row_line(self, index: int, width: int) -> Text:
        """Row ``index`` as it reads in ``width`` cells (no widget styles): label, marks."""
        row = self.rows[index]
        data = row.data
        pad = "  " * row.indent
        if isinstance(data, Group):
            line = Text(pad, no_wrap=True, end="")
            line.append_text(fit(group_text(data), width - len(pad)))
            return line
        if isinstance(data, FileProblem):
            text = problem_text(data)
        else:
            text = row_text(
                data,
                query=self.filter_text,
                comments=self.comment_counts.get(data.thread_key, 0),
                new=self.comment_new.get(data.thread_key, 0),
                spans=_highlight_spans if self.filter_text else None,
                # on the cursor row the cursor's colours (the theme's green on its blue was
                # hard to read); elsewhere the theme's success colour
                new_style="bold"
                if index == self.cursor
                else self.get_component_rich_style("postlist--new", partial=True),
            )
        marks_w = self._marks_w
        right = marks_w + 1 if marks_w else 0
        date = text.date if text.date and width - len(pad) - right >= DATE_FROM_WIDTH else ""
        if date:
            right += len(date) + 1
        room = max(0, width - len(pad) - right)
        label = fit(text.label, room)
        line = Text(pad, no_wrap=True, end="")
        line.append_text(label)
        line.append(" " * (room - label.cell_len))
        if date:
            line.append(" " + date, style="dim")
        if marks_w:
            line.append(" " * (1 + marks_w - text.marks.cell_len))
            line.append_text(text.marks)
        return line

    def _render_row(self, index: int, width: int) -> Strip:
        row = self.rows[index]
        if index == self.cursor:
            base = self.get_component_rich_style("postlist--cursor")
        elif row.kind == "group":
            base = self.get_component_rich_style("postlist--group")
        else:
            base = self.rich_style
        line = self.row_line(index, width)
        line.stylize_before(base)
        segments = list(line.render(self.app.console))
        strip = Strip(segments).adjust_cell_length(width, base)
        return strip.apply_meta({"row": index})

    def rendered_lines(self) -> list[str]:
        """The lines on screen as plain text (what a user reads)."""
        return [
            "".join(seg.text for seg in self.render_line(y) if isinstance(seg, Segment))
            for y in range(self.size.height)
        ]

    def row_plain(self, post: Post, width: int = 60) -> str:
        """The first row of ``post`` as it reads in ``width`` cells ("" when not listed)."""
        index = self._index_of(post)
        return self.row_line(index, width).plain if index >= 0 else ""


def _highlight_spans(title: str, query: str) -> list[tuple[int, int]]:
    from blogtui.blog.ranking import highlight_spans

    return highlight_spans(title, query)

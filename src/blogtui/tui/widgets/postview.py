"""The post view: Markdown drawn with Textual's Line API, only what is on screen.

The text becomes width-independent ``Block`` objects (``postview_load``: a prefix at once, the
rest on a worker), wrapped for the width (``postview_layout``); ``render_line`` styles only the
visible lines, with an LRU cache (``postview_draw``). Resizing keeps the line being read on top.

API (reader, editor preview): ``show_markdown(markdown, *, source="")`` never blocks input
(``is_complete`` is False while the rest is laid out, then ``Loaded`` is posted); ``toc``,
``goto_anchor(anchor) -> bool``; ``LinkClicked(href)`` (the screen routes it), ``LinkFocused``.

Keys (with focus): ``j/k``, arrows, ``g/G``, ``home/end``, ``space/b``, ``pgup/pgdn`` scroll;
``]``/``[`` focus the next/previous link, ``enter`` follows it; ``/`` opens the search prompt
(``postview_search``), ``n``/``N`` go to the next/previous match, ``escape`` clears.
"""

from __future__ import annotations

from textual import events, work
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from blogtui.tui.render.blocks import Block, TableBlock
from blogtui.tui.render.builder import Builder
from blogtui.tui.widgets.postview_draw import STYLE_NAMES, LineDrawer
from blogtui.tui.widgets.postview_layout import Layout
from blogtui.tui.widgets.postview_load import GcFreeze, PostLoad
from blogtui.tui.widgets.postview_nav import Link, Match, TocEntry, find_anchor, links_from
from blogtui.tui.widgets.postview_search import InPostSearch
from blogtui.tui.workers import TellsFailedWorkers, hand_back, in_daemon_thread

__all__ = ["PostView", "TocEntry"]

FREEZE_AFTER = 200_000
"""Posts at least this long (characters) are ``gc.freeze``-d as they lay out (``GcFreeze`` in
``postview_load``); 0 turns this off."""


class _HrefMessage(Message):
    def __init__(self, href: str) -> None:
        super().__init__()
        self.href = href


class PostView(TellsFailedWorkers, ScrollView, can_focus=True):
    """A Markdown post, drawn line by line; see the module docstring."""

    COMPONENT_CLASSES = {f"postview--{name}" for name in STYLE_NAMES}

    BINDINGS = [
        Binding("j,down", "line_down", "Down", show=False, id="postview.down"),
        Binding("k,up", "line_up", "Up", show=False, id="postview.up"),
        Binding("g,home", "top", "Top", show=False, id="postview.top"),
        Binding("G,end", "bottom", "Bottom", show=False, id="postview.bottom"),
        Binding("space,pagedown", "page_down", "Page down", show=False, id="postview.page_down"),
        Binding("b,pageup", "page_up", "Page up", show=False, id="postview.page_up"),
        Binding("right_square_bracket", "next_link", "Next link", id="postview.next_link"),
        Binding("left_square_bracket", "prev_link", "Prev link", id="postview.prev_link"),
        Binding("enter", "follow_link", "Open link", id="postview.follow_link"),
        Binding("slash", "search", "Search", id="postview.search"),
        Binding("n", "search_next", "Next match", id="postview.search_next"),
        Binding("N", "search_prev", "Prev match", id="postview.search_prev"),
        Binding("escape", "clear", "Clear", show=False, id="postview.clear"),
    ]

    class LinkClicked(_HrefMessage):
        """The user followed a link (keyboard or mouse); ``href`` as written in the post."""

    class LinkFocused(_HrefMessage):
        """A link got the keyboard focus (``[``/``]``): the screen can show where it goes."""

    class Loaded(Message):
        """The whole post is laid out (the table of contents and footnotes are complete)."""

    def __init__(
        self,
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
        disabled: bool = False,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes, disabled=disabled)
        self._layout = Layout()
        self._gen = 0
        self._builder = Builder()
        self._complete = True
        self._source = ""
        self._drawer = LineDrawer(self)
        self._focus: Link | None = None
        self._search = InPostSearch()
        self._keys_for: tuple[bool, bool] = (False, False)  # (a link focused, a query)
        self._follow_end = False
        self._pending_anchor: str | None = None
        self._restore_y = 0
        self._progress = 0.0
        self._pending_show: tuple[str, str] | None = None
        self._ready = False
        self._gc = GcFreeze(self._drawer.lines.clear)

    # --- public API ---------------------------------------------------------------------------

    @property
    def is_complete(self) -> bool:
        """False while the rest of a long post is still being parsed on the worker."""
        return self._complete

    @property
    def source(self) -> str:
        return self._source

    @property
    def line_count(self) -> int:
        return self._layout.starts[-1]

    @property
    def toc(self) -> list[TocEntry]:
        return [TocEntry(h.level, h.text, h.anchor) for h in list(self._builder.headings)]

    def show_markdown(
        self, markdown: str, *, source: str = "", keep_position: bool = False
    ) -> None:
        """Show ``markdown``: the first chunk is laid out now, the rest on a worker thread.

        The view scrolls to the top, unless ``keep_position`` (the editor's live preview, which
        re-shows the text on every change) asks to stay on the same line.
        """
        if not (self._ready or self.is_mounted):  # not in the DOM yet: show it on mount
            self._pending_show = (markdown, source)
            return
        restore_y = int(self.scroll_y) if keep_position else 0
        self._gen += 1
        gen = self._gen
        self.workers.cancel_group(self, "postview-layout")
        self._source = source
        self._layout.clear()
        self._focus = None
        self._search.clear_matches()
        self._follow_end = False
        self._pending_anchor = None
        self._refresh_all()
        load = PostLoad(markdown)
        self._builder = load.builder
        self._gc.start(len(load.text), FREEZE_AFTER)
        self._complete = False
        self._progress = 0.0
        self._update_virtual_size()
        self._restore_y = restore_y
        if not restore_y:
            self.scroll_to(0, 0, animate=False, immediate=True)
        blocks, whole = load.first()
        self._append(gen, blocks)
        if whole:
            self._finish(gen, [], relayout=False)
        else:
            self._layout_rest(gen, load, self._layout.width or self._content_width())

    def goto_anchor(self, anchor: str) -> bool:
        """Scroll so the heading (or footnote) ``anchor`` is at the top.

        Returns False when the post has no such anchor. While a long post is still loading, an
        anchor not seen yet is remembered and reached when it arrives (returns True).
        """
        anchor = anchor.lstrip("#")
        found = self._find_anchor(anchor)
        if found is None:
            if not self._complete:
                self._pending_anchor = anchor
                return True
            return False
        self._follow_end = False
        self._jump(self._layout.y_of(*found))
        return True

    def line_strip(self, y: int) -> Strip:
        """Line ``y`` of the laid-out post (0 = first line, not the first visible), styled."""
        return self._build_strip(y)

    def rendered_lines(self, start: int = 0, end: int | None = None) -> list[str]:
        """The plain text of laid-out lines (tests, copy): prefixes included, no styles."""
        end = self.line_count if end is None else min(end, self.line_count)
        return [self._build_strip(y).text.rstrip() for y in range(start, end)]

    def on_unmount(self) -> None:
        self._gc.release()

    def on_mount(self) -> None:
        self._ready = True
        if self._pending_show is not None:
            markdown, source = self._pending_show
            self._pending_show = None
            self.show_markdown(markdown, source=source)

    @work(exclusive=True, group="postview-layout", exit_on_error=False)
    async def _layout_rest(self, gen: int, load: PostLoad, width: int) -> None:
        """Parse, build and wrap the rest of the post in a thread quitting does not wait for."""
        await in_daemon_thread(self._lay_out, gen, load, width)

    def _lay_out(self, gen: int, load: PostLoad, width: int) -> None:
        """Each piece is appended on the event loop (``call_from_thread`` waits for it: the
        thread never runs ahead of what is shown); a newer post (``gen``) or an ended app stops it."""
        for blocks, progress, replaces in load.rest(width):
            if gen != self._gen or not hand_back(
                self.app, self._append, gen, blocks, progress, replaces
            ):
                return
        if gen == self._gen:
            hand_back(self.app, self._finish, gen, load.tail(width))

    def _append(
        self,
        gen: int,
        blocks: list[Block],
        progress: float | None = None,
        new: Builder | None = None,
    ) -> None:
        if gen != self._gen:
            return
        if new is not None:
            self._replace_prefix(new)
        if progress is not None:
            self._progress = progress
            self._drawer.lines.discard(self._layout.starts[-1])  # the "laying out" note
        if not blocks:
            return
        first_new = self._layout.extend(blocks)
        self._gc.grown(len(self._layout.blocks))
        self._search.extend(self._layout.blocks, first_new)
        self._update_virtual_size()
        if self._pending_anchor and self._find_anchor(self._pending_anchor) is not None:
            anchor, self._pending_anchor = self._pending_anchor, None
            self.goto_anchor(anchor)
        if self._follow_end:
            self._jump(self.max_scroll_y)
        elif self._restore_y and self._layout.starts[-1] > self._restore_y:
            self._jump(self._restore_y)
            self._restore_y = 0
        top = int(self.scroll_y)
        if self._layout.starts[first_new] < top + self.size.height:
            self._drawer.lines.clear()
            self.refresh()

    def _replace_prefix(self, builder: Builder) -> None:
        """The whole post's first blocks arrive: they replace the prefix parse. All but its last
        block were the same, so the lines above it, a focused link and the position stay."""
        kept = len(self._layout.blocks) - 1
        self._builder = builder
        self._layout.clear()
        if self._focus is not None and self._focus[0] >= kept:
            self._focus = None
        self._search.clear_matches()
        self._refresh_all()

    def _finish(self, gen: int, tail: list[Block], *, relayout: bool = True) -> None:
        if gen != self._gen:
            return
        if relayout and self._builder.toc_blocks:
            self._builder.finish_tocs()
            top = self._position()
            self._reindex()
            self._restore(top)
        self._append(gen, tail)
        if self._restore_y:
            self._jump(self._restore_y)
            self._restore_y = 0
        self._complete = True
        self._gc.finish(len(self._layout.blocks))
        self._update_virtual_size()
        if self._pending_anchor:
            anchor, self._pending_anchor = self._pending_anchor, None
            self.goto_anchor(anchor)
        if self._follow_end:
            self._jump(self.max_scroll_y)
            self._follow_end = False
        self._drawer.lines.clear()
        self.refresh()
        self.post_message(self.Loaded())

    def _content_width(self) -> int:
        return max(0, self.scrollable_content_region.width)

    def _reindex(self, width: int | None = None) -> None:
        self._layout.rewrap(width)
        self._drawer.lines.clear()
        self._update_virtual_size()

    def _update_virtual_size(self) -> None:
        # while the rest is laid out, one more line says so
        self.virtual_size = Size(
            self._layout.width, self._layout.starts[-1] + (0 if self._complete else 1)
        )

    def _position(self) -> tuple[int, int] | None:
        """(block index, text offset) of the top line, to come back to after a re-wrap."""
        y = int(self.scroll_y)
        return self._layout.offset_at(y) if y < self._layout.line_count else None

    def _restore(self, position: tuple[int, int] | None) -> None:
        if position is not None:
            self._jump(self._layout.y_of(*position))

    def on_resize(self, event: events.Resize) -> None:
        width = self._content_width()
        if width and width != self._layout.width:
            position = self._position()
            if self._focus and isinstance(self._layout.blocks[self._focus[0]], TableBlock):
                self._focus = None
            self._reindex(width)
            self._restore(position)
        self._refresh_all()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._drawer.restyled()

    def render_lines(self, crop: Region) -> list[Strip]:
        self._drawer.set_base(self.rich_style)
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        region = self.scrollable_content_region
        search = self._search
        if search.prompt is not None and y == region.height - 1:
            count = search.count_text() if search.prompt else ""
            return self._drawer.prompt_strip(search.prompt, count, region.width)
        line_no = int(self.scroll_y) + y
        strip = self._drawer.lines.get(line_no)
        if strip is None:
            strip = self._build_strip(line_no)
            self._drawer.lines[line_no] = strip
        if strip.cell_length != region.width:
            strip = strip.crop_extend(0, region.width, self._drawer.base)
        return strip

    def _build_strip(self, y: int) -> Strip:
        note = (
            None if self._complete else f"… laying out the rest of the post ({self._progress:.0%})"
        )
        return self._drawer.strip(
            self._layout.blocks,
            self._layout.starts,
            y,
            self._layout.width or self._content_width(),
            note=note,
            matches=self._search.by_block,
            current=self._search.current,
            focus=self._focus,
        )

    def _refresh_all(self) -> None:
        self._drawer.lines.clear()
        self.refresh()
        keys_for = (self._focus is not None, bool(self._search.query))
        if keys_for != self._keys_for:  # enter / escape can do something else: the footer says
            self._keys_for = keys_for
            self.refresh_bindings()

    def _jump(self, y: float, *, up: bool = False) -> None:
        if up:  # the reader leaves the end: stop following it
            self._follow_end = False
        self.scroll_to(y=y, animate=False, immediate=True)

    def action_line_down(self) -> None:
        self._jump(self.scroll_y + 1)

    def action_line_up(self) -> None:
        self._jump(self.scroll_y - 1, up=True)

    def action_top(self) -> None:
        self._jump(0, up=True)

    def action_bottom(self) -> None:
        self._follow_end = not self._complete
        self._jump(self.max_scroll_y)

    def action_page_down(self) -> None:
        self._jump(self.scroll_y + max(1, self.scrollable_content_region.height))

    def action_page_up(self) -> None:
        self._jump(self.scroll_y - max(1, self.scrollable_content_region.height), up=True)

    def _show_line(self, y: int) -> None:
        """Scroll just enough (with some context) for line ``y`` to be visible."""
        height = max(
            1, self.scrollable_content_region.height - (1 if self._search.prompt is not None else 0)
        )
        top = int(self.scroll_y)
        if y < top or y >= top + height:
            self._jump(max(0, y - height // 3))

    def _y_of(self, idx: int, offset: int) -> int:
        return self._layout.y_of(idx, offset)

    def _view_position(self, bottom: bool = False) -> tuple[int, int]:
        y = int(self.scroll_y) + (self.scrollable_content_region.height - 1 if bottom else 0)
        y = max(0, min(y, self._layout.line_count - 1))
        return self._layout.offset_at(y, clamp=True)

    def _move_link(self, forward: bool) -> None:
        if not self._layout.blocks:
            return
        if self._focus is not None:
            idx, offset = self._focus[0], self._focus[1]
        else:
            idx, offset = self._view_position(bottom=not forward)
            offset = offset - 1 if forward else offset + 10**9
        found = links_from(self._layout.blocks, idx, offset, forward)
        if found is None:
            self.app.bell()
            return
        self._focus = found
        self._show_line(self._y_of(found[0], found[1]))
        self._refresh_all()
        self.post_message(self.LinkFocused(found[3]))

    def action_next_link(self) -> None:
        self._move_link(True)

    def action_prev_link(self) -> None:
        self._move_link(False)

    def action_follow_link(self) -> None:
        if self._focus is not None:
            self.post_message(self.LinkClicked(self._focus[3]))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        found = (
            None
            if offset is None
            else self._layout.link_at(int(self.scroll_y) + offset.y, offset.x)
        )
        if found:
            self._focus = found
            self._refresh_all()
            self.post_message(self.LinkClicked(found[3]))

    def action_search(self) -> None:
        self._search.prompt = self._search.query
        self.refresh()

    def on_key(self, event: events.Key) -> None:
        if self._search.prompt is None:
            return
        what, query = self._search.edit(event.key, event.character if event.is_printable else None)
        if what != "leave":  # tab leaves the view with the query kept: let the focus move
            event.stop()
            event.prevent_default()
        if query is not None:
            self.set_query(query)
        if what in ("submit", "typed"):
            self._goto_first_match()
        self._refresh_all()

    def set_query(self, query: str) -> None:
        """Highlight every match of ``query`` (case-insensitive unless it has capitals)."""
        self._search.set_query(query, self._layout.blocks)
        self._refresh_all()

    def _goto_first_match(self) -> None:
        if self._search.matches:
            self._show_match(self._search.goto(self._search.first_from(self._view_position())))

    def _show_match(self, match: Match) -> None:
        self._show_line(self._y_of(match[0], match[1]))
        self._refresh_all()

    def _step_match(self, step: int) -> None:
        if not self._search.matches:
            self.notify("No search: press / to search this post.", timeout=2)
            return
        self._show_match(self._search.step(step, self._view_position()))

    def action_search_next(self) -> None:
        self._step_match(1)

    def action_search_prev(self) -> None:
        self._step_match(-1)

    def action_clear(self) -> None:
        self._focus = None
        self.set_query("")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("search_next", "search_prev"):
            # n/N stay search keys with no search (less/vim): they never fall through to "New post"
            return True
        if action == "follow_link":
            return self._focus is not None
        if action == "clear":
            return bool(self._search.query) or self._focus is not None
        return True

    def _find_anchor(self, anchor: str) -> tuple[int, int] | None:
        return find_anchor(self._builder.anchors, self._layout.blocks, anchor)

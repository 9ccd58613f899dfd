"""What one row of the comments pane says, as Rich renderables, and its lines at a width.

Comment text is other people's: it is rendered from its Markdown with Rich's Markdown renderer
(no console markup, no hyperlink escapes: links are shown with their address) and stripped of
control sequences again here in case a backend forgot (``clean_text``/``clean_line``); names and
reasons go through ``rich.text.Text``, never through markup. A row's cost is bounded whatever the
server sent: at most ``BODY_CHARS`` of a comment are rendered and ``MAX_LINES`` lines kept.

Colours are not named here: the view passes a ``Palette`` of Rich styles taken from its component
classes (theme variables), so every theme colours the pane its own way.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import UTC, datetime

from rich.console import Console, ConsoleOptions, Group, RenderableType
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.color import Color
from textual.strip import Strip
from textual.widget import Widget

from blogtui.comments.model import Comment, Draft, DraftState
from blogtui.comments.sanitize import clean_line, clean_text
from blogtui.tui.widgets.comments_plan import Entry, ThreadTree

#: characters of one comment rendered (a hostile 100,000-character comment would take a second)
BODY_CHARS = 10_000
#: lines of one comment kept on screen; the rest is one line saying how many were cut
MAX_LINES = 300


_PLAIN, _BOLD, _DIM = Style(), Style(bold=True), Style(dim=True)
_ITALIC, _DIM_ITALIC = Style(italic=True), Style(dim=True, italic=True)


@dataclass(frozen=True, slots=True)
class Palette:
    """Rich styles for the parts of a row (the view's come from its component classes; these
    defaults, without colour, are for rendering outside the view)."""

    author: Style = _BOLD
    meta: Style = _DIM
    new: Style = _BOLD
    pending: Style = _PLAIN
    refused: Style = _PLAIN
    deleted: Style = _DIM_ITALIC
    more: Style = _ITALIC


def relative_time(when: datetime | None, now: datetime | None = None) -> str:
    """'just now', '5 min ago', '3 h ago', '2 days ago', else the date."""
    if when is None:
        return "never"
    now = now or datetime.now(UTC)
    try:
        seconds = (now - when).total_seconds()
    except TypeError:  # a naive date from a careless backend
        return "?"
    if seconds < 60:
        return "just now"
    if seconds < 3600:
        return f"{int(seconds // 60)} min ago"
    if seconds < 86400:
        return f"{int(seconds // 3600)} h ago"
    if seconds < 86400 * 30:
        days = int(seconds // 86400)
        return f"{days} day{'s' if days > 1 else ''} ago"
    return when.astimezone(UTC).strftime("%Y-%m-%d")


def plural(n: int, one: str, many: str) -> str:
    return f"{n:,} {one if n == 1 else many}"


def body(text: str) -> RenderableType:
    """A comment's text, from its Markdown (cut to ``BODY_CHARS``)."""
    from rich.markdown import Markdown  # markdown-it, Pygments: when a comment is first drawn

    text = clean_text(text)
    cut = len(text) - BODY_CHARS
    shown = Markdown(text[:BODY_CHARS], hyperlinks=False, inline_code_lexer=None)
    if cut <= 0:
        return shown
    return Group(shown, Text(f"… {cut:,} more characters not shown", style="dim italic"))


def comment_head(
    c: Comment, *, new: bool, folded: int = 0, now: datetime | None = None, p: Palette = Palette()
) -> Text:
    """The first line of a comment: who, when, and its marks."""
    head = Text(no_wrap=True, overflow="ellipsis")
    if c.deleted:
        head.append("[deleted]", style=p.deleted)
    else:
        head.append(clean_line(c.author) or "anonymous", style=p.author)
    head.append(f"  {relative_time(c.created, now)}", style=p.meta)
    if c.modified:
        head.append("  (edited)", style=p.meta)
    if c.pending:
        head.append("  awaiting moderation", style=p.pending)
    if new:
        head.append("  ● new", style=p.new)
    if folded:
        head.append(f"  ▸ {plural(folded, 'reply', 'replies')} folded", style=p.more)
    return head


def draft_status(d: Draft) -> tuple[str, str]:
    """A waiting reply's status: (what the pane says on one line, the reason in full)."""
    reason = clean_line(d.error, limit=2_000)
    if d.state == DraftState.REJECTED:
        return f"✗ refused: {reason}" if reason else "✗ refused", reason
    if d.state == DraftState.UNKNOWN:
        return "? sent, waiting for the server to confirm", reason
    short = "⏳ pending: will be posted on the next sync (r edits, x discards)"
    return (f"{short} · {reason}" if reason else short), reason


def draft_head(d: Draft, *, p: Palette = Palette()) -> Text:
    """The first line of a reply in the outbox: whose, and its status (one line)."""
    status, _ = draft_status(d)
    head = Text(no_wrap=True, overflow="ellipsis")
    head.append(clean_line(d.author) or "you", style=p.author)
    head.append(f"  {status}", style=p.refused if d.state == DraftState.REJECTED else p.pending)
    return head


def comment_renderable(
    c: Comment, *, new: bool, folded: int = 0, now: datetime | None = None, p: Palette = Palette()
) -> RenderableType:
    head = comment_head(c, new=new, folded=folded, now=now, p=p)
    if c.deleted:
        return Group(head, Text("This comment was deleted.", style=p.deleted))
    return Group(head, body(c.text))


def draft_renderable(d: Draft, *, expanded: bool = False, p: Palette = Palette()) -> RenderableType:
    """A waiting reply; ``expanded`` (enter): the reason in full under the status line."""
    parts: list[RenderableType] = [draft_head(d, p=p)]
    _, reason = draft_status(d)
    if expanded and reason:
        parts.append(Text(f"Reason: {reason}", style=p.refused))
    if expanded:
        parts.append(Text("r edits this reply, x discards it, enter hides this", style=p.meta))
    parts.append(body(d.text))
    return Group(*parts)


def special_renderable(entry: Entry, p: Palette = Palette()) -> Text:
    """The rows that are not comments: a depth limit, the end of a page, the way back up."""
    if entry.kind == "deeper":
        text = f"… {plural(entry.count, 'more reply', 'more replies')} (enter shows them)"
    elif entry.kind == "more":
        text = f"▾ Show more: {plural(entry.count, 'more comment', 'more comments')} (enter)"
    else:
        text = "↑ Back to the whole thread (enter)"
    return Text(text, style=p.more, no_wrap=True, overflow="ellipsis")


def entry_renderable(
    tree: ThreadTree,
    entry: Entry,
    folded: Collection[str],
    expanded: Collection[int],
    *,
    now: datetime | None = None,
    p: Palette = Palette(),
) -> RenderableType:
    """What one entry of the page says."""
    if entry.kind == "comment":
        c = tree.items[entry.row]
        assert isinstance(c, Comment)
        n = tree.replies(entry.row) if c.id in folded else 0
        return comment_renderable(c, new=bool(tree.new[entry.row]), folded=n, now=now, p=p)
    if entry.kind == "draft":
        d = tree.items[entry.row]
        assert isinstance(d, Draft)
        return draft_renderable(d, expanded=d.id in expanded, p=p)
    return special_renderable(entry, p)


def entry_key(
    tree: ThreadTree, entry: Entry, folded: Collection[str], expanded: Collection[int]
) -> tuple[object, ...]:
    """What an entry's lines depend on (besides the width and the clock): its cache key."""
    item = tree.items[entry.row] if 0 <= entry.row < len(tree) else None
    if entry.kind == "comment" and isinstance(item, Comment):
        return ("c", entry.row, tree.replies(entry.row) if item.id in folded else 0)
    if entry.kind == "draft" and isinstance(item, Draft):
        return ("d", entry.row, item.id in expanded)
    return (entry.kind, entry.row, entry.count)


def entry_tooltip(tree: ThreadTree, entry: Entry, folded: Collection[str]) -> str | None:
    """What hovering says about an entry: a waiting reply's reason in full, a fold's size."""
    item = tree.items[entry.row] if 0 <= entry.row < len(tree) else None
    if entry.kind == "draft" and isinstance(item, Draft):
        status, reason = draft_status(item)
        return f"{status.split(' · ')[0]}\n{reason}" if reason else status
    if entry.kind == "comment" and isinstance(item, Comment) and item.id in folded:
        return f"{plural(tree.replies(entry.row), 'reply', 'replies')} folded"
    return None


def estimate_height(tree: ThreadTree | None, entry: Entry, width: int) -> int:
    """An entry's height before it is drawn (its blank line after included): a guess from the
    length of its text, corrected when it is drawn."""
    if entry.kind not in ("comment", "draft") or tree is None:
        return 2
    item = tree.items[entry.row]
    text = "" if isinstance(item, Comment) and item.deleted else item.text
    lines = len(text) // max(10, width) + text.count("\n\n") + 1
    return 2 + min(lines, MAX_LINES)


def mark_of(
    tree: ThreadTree | None, entry: Entry, selected: bool, *, first: bool
) -> tuple[str, str]:
    """The mark at the left of an entry's line and the name of its style ("" for none): the
    cursor, else a waiting or refused reply of ours, else a new comment."""
    if selected:
        return ("▶ " if first else "▌ "), "mark-cursor"
    item = tree.items[entry.row] if tree is not None and 0 <= entry.row < len(tree) else None
    if entry.kind == "draft" and isinstance(item, Draft):
        return "▌ ", "mark-refused" if item.state == DraftState.REJECTED else "mark-draft"
    if entry.kind == "comment" and tree is not None and tree.new[entry.row]:
        return "▌ ", "mark-new"
    return "  ", ""


def render_strips(
    console: Console, options: ConsoleOptions, renderable: RenderableType, width: int
) -> list[Strip]:
    """The renderable's lines at ``width`` cells (at most ``MAX_LINES``), each a Strip of that
    exact width; a line that cannot hold a single cell is blank."""
    width = max(1, width)
    lines = console.render_lines(renderable, options.update(width=width, height=None), pad=True)
    if len(lines) > MAX_LINES:
        cut = len(lines) - MAX_LINES + 1
        lines = lines[: MAX_LINES - 1]
        note = Text(f"… {cut:,} more lines not shown", style="dim italic")
        lines += console.render_lines(note, options.update(width=width, height=None), pad=True)
    return [Strip(line, width).crop_extend(0, width, None) for line in lines]


def blank(width: int, style: Style | None = None) -> Strip:
    return Strip([Segment(" " * width, style)], width) if width > 0 else Strip([], 0)


def component_style(widget: Widget, name: str) -> Style:
    """A component class's Rich style with translucent colours (``$text-muted``, the blurred
    cursor's ``$primary 30%``) blended over the widget's background, as the theme means them."""
    styles = widget.get_component_styles(name)
    style = widget.get_component_rich_style(name, partial=True)
    ground = Color.from_rich_color(widget.rich_style.bgcolor)
    if styles.has_rule("background"):
        style += Style(bgcolor=(ground + styles.background).rich_color)
    if styles.has_rule("color"):
        style += Style(color=(ground + styles.color).rich_color)
    return style

"""What the comments pane shows, as plain data: a thread's tree in display order, and the rows
of it that are on screen now (folds, a depth limit and pages applied). No Textual here.

``build_tree`` is the slow part (a 100,000-comment thread takes a fraction of a second): the
pane runs it in a worker thread and applies the result on the event loop. It never recurses
(remote data decides how deep a thread goes: a 5,000-deep reply chain is a few bytes of JSON):
the tree is walked with an explicit stack, and every row knows where its subtree ends, so a fold
or a depth limit skips a whole subtree in one step.

``visible_entries`` is the fast part, run on the event loop after every fold: its cost is bounded
by ``limit`` (the rows shown, one page at a time), not by the size of the thread.
"""

from __future__ import annotations

from array import array
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from blogtui.comments.model import Comment, Draft, DraftState, Thread

#: replies deeper than this (under the top of what is shown) are one "… N more replies" row;
#: enter on it shows that comment's replies with the comment on top
DEPTH_LIMIT = 8
#: rows shown per page; the last row of a page says how many more there are ("show more")
PAGE = 200

Item = Comment | Draft


@dataclass(slots=True)
class ThreadTree:
    """A thread in display order: each comment after its parent, siblings oldest first, a waiting
    reply of ours after the replies of the comment it answers. Row ``i`` is ``items[i]`` at
    ``depths[i]``; its subtree is the rows ``i + 1 .. ends[i] - 1``."""

    key: str
    items: list[Item] = field(default_factory=list)
    depths: array[int] = field(default_factory=lambda: array("i"))
    ends: array[int] = field(default_factory=lambda: array("i"))
    parents: array[int] = field(default_factory=lambda: array("i"))  # row of the parent, or -1
    new: bytearray = field(default_factory=bytearray)  # 1: created since the last visit
    rows: dict[str, int] = field(default_factory=dict)  # comment id -> row
    draft_rows: dict[int, int] = field(default_factory=dict)  # outbox id -> row
    comments: int = 0

    def __len__(self) -> int:
        return len(self.items)

    def row_of(self, key: str) -> int | None:
        """The row of an item key ("comment:<id>", "draft:<outbox id>")."""
        kind, _, ident = key.partition(":")
        if kind == "comment":
            return self.rows.get(ident)
        if kind == "draft" and ident.isdigit():
            return self.draft_rows.get(int(ident))
        return None

    def key_of(self, row: int) -> str:
        item = self.items[row]
        return f"draft:{item.id}" if isinstance(item, Draft) else f"comment:{item.id}"

    def replies(self, row: int) -> int:
        """How many rows the subtree under ``row`` has."""
        return self.ends[row] - row - 1

    def ancestors(self, row: int) -> list[int]:
        """The rows above ``row`` up to the top level, nearest first."""
        out = []
        row = self.parents[row]
        while row >= 0:
            out.append(row)
            row = self.parents[row]
        return out


def _created(c: Comment) -> float:
    try:
        return c.created.timestamp()
    except (AttributeError, OverflowError, ValueError, OSError):
        return 0.0


def build_tree(
    key: str,
    comments: Sequence[Comment],
    drafts: Sequence[Draft] = (),
    *,
    last_read: datetime | None = None,
    own: Collection[str] = (),
) -> ThreadTree:
    """The thread in display order. A reply whose parent is not in the thread is shown at the
    top level, and so is a reply cycle (which no top-level comment reaches); a comment id that
    comes twice is shown once. ``last_read``: comments created later are "new", except ours
    (``own``: ids of our sent replies) and deleted ones."""
    known = {c.id for c in comments}
    children: dict[str | None, list[Comment]] = {}
    for c in comments:
        parent = c.parent if c.parent in known and c.parent != c.id else None
        children.setdefault(parent, []).append(c)
    for siblings in children.values():
        if len(siblings) > 1:
            siblings.sort(key=_created)  # stable: the store's order among equals
    waiting: dict[str | None, list[Draft]] = {}
    for d in drafts:
        if d.state != DraftState.SENT:
            waiting.setdefault(d.parent if d.parent in known else None, []).append(d)

    tree = ThreadTree(key)
    items, depths, parents = tree.items, tree.depths, tree.parents
    seen: set[str] = set()
    # the stack holds (item, depth, parent row); a comment's waiting drafts are pushed under its
    # children, so they come after all of its replies
    stack: list[tuple[Item, int, int]] = []

    def walk() -> None:
        while stack:
            item, depth, parent = stack.pop()
            if isinstance(item, Comment):
                if item.id in seen:
                    continue
                seen.add(item.id)
                tree.rows[item.id] = len(items)
            elif item.id is not None:
                tree.draft_rows[item.id] = len(items)
            row = len(items)
            items.append(item)
            depths.append(depth)
            parents.append(parent)
            if isinstance(item, Comment):
                stack.extend((d, depth + 1, row) for d in reversed(waiting.get(item.id, ())))
                stack.extend((k, depth + 1, row) for k in reversed(children.get(item.id, ())))

    stack.extend((d, 0, -1) for d in reversed(waiting.get(None, ())))
    stack.extend((c, 0, -1) for c in reversed(children.get(None, ())))
    walk()
    for c in comments:  # only in a cycle: never reached from the top level
        if c.id not in seen:
            stack.append((c, 0, -1))
            walk()
    tree.comments = len(seen)
    tree.ends = _subtree_ends(depths)
    mine = set(own)
    tree.new = bytearray(
        1
        if isinstance(item, Comment)
        and last_read is not None
        and not item.deleted
        and item.id not in mine
        and _is_after(item.created, last_read)
        else 0
        for item in items
    )
    return tree


def _is_after(when: datetime, mark: datetime) -> bool:
    try:
        return when > mark
    except TypeError:  # a naive date from a careless backend
        return False


def _subtree_ends(depths: Sequence[int]) -> array[int]:
    """For each row, the row after its last descendant (rows are in display order)."""
    ends = array("i", range(1, len(depths) + 1))
    open_rows: list[int] = []
    for i, depth in enumerate(depths):
        while open_rows and depths[open_rows[-1]] >= depth:
            ends[open_rows.pop()] = i
        open_rows.append(i)
    for row in open_rows:
        ends[row] = len(depths)
    return ends


@dataclass(frozen=True, slots=True)
class Entry:
    """One thing on screen. ``kind``:

    - ``comment`` / ``draft``: the item at ``row``;
    - ``deeper``: the replies under ``row`` go deeper than the pane draws (``count`` rows);
    - ``more``: the page ends; ``count`` rows from ``row`` on are not shown yet;
    - ``up``: the replies of ``row`` are shown with it on top; enter goes back.

    ``depth`` is the indentation, counted from the top of what is shown."""

    kind: str
    row: int
    depth: int
    count: int = 0


def visible_entries(
    tree: ThreadTree,
    folded: Collection[str] = (),
    *,
    top: int | None = None,
    limit: int = PAGE,
    depth_limit: int = DEPTH_LIMIT,
) -> list[Entry]:
    """The rows on screen: ``top`` (a row) shows that comment's subtree only, folded comment ids
    hide their replies, replies deeper than ``depth_limit`` are one row, and after ``limit`` rows
    one row says how many more there are. At most ``limit + 3`` entries, whatever the thread."""
    items, depths, ends = tree.items, tree.depths, tree.ends
    entries: list[Entry] = []
    if top is None or not 0 <= top < len(items):
        start, stop, base = 0, len(items), 0
    else:
        start, stop, base = top, ends[top], depths[top]
        entries.append(Entry("up", top, 0))
    shown = 0
    i = start
    while i < stop:
        if shown >= limit:
            entries.append(Entry("more", i, 0, count=stop - i))
            break
        item, depth, end = items[i], depths[i] - base, ends[i]
        shown += 1
        if isinstance(item, Draft):
            entries.append(Entry("draft", i, depth))
            i += 1
            continue
        entries.append(Entry("comment", i, depth))
        if end > i + 1 and item.id in folded:
            i = end
        elif end > i + 1 and depth >= depth_limit:
            entries.append(Entry("deeper", i, depth + 1, count=end - i - 1))
            i = end
        else:
            i += 1
    return entries


def page_to_show(
    tree: ThreadTree,
    row: int,
    folded: Collection[str] = (),
    *,
    top: int | None = None,
    depth_limit: int = DEPTH_LIMIT,
) -> int:
    """The page limit under which ``row`` is shown (with ``folded`` and ``top`` as they are):
    counts the rows before it the way ``visible_entries`` does. O(rows before it)."""
    items, depths, ends = tree.items, tree.depths, tree.ends
    start, base = (0, 0) if top is None else (top, depths[top])
    shown = 0
    i = start
    while i < row:
        item, depth, end = items[i], depths[i] - base, ends[i]
        shown += 1
        skip = (
            isinstance(item, Comment)
            and end > i + 1
            and (item.id in folded or depth >= depth_limit)
        )
        i = end if skip and end <= row else i + 1
    return shown + 1


def reveal(tree: ThreadTree, row: int, folded: set[str], tops: list[str], limit: int) -> int:
    """Make ``row`` one of the rows shown: unfold its ancestors (in ``folded``), leave a top that
    is not above it and, when it is deeper than the depth limit, show it with the comment
    ``DEPTH_LIMIT`` levels up on top (in ``tops``). Returns the page limit that shows it."""
    ancestors = tree.ancestors(row)
    folded.difference_update(str(tree.items[a].id) for a in ancestors)
    above = set(ancestors) | {row}
    while tops and tree.rows.get(tops[-1]) not in above:
        tops.pop()
    top = tree.rows.get(tops[-1]) if tops else None
    base = tree.depths[top] if top is not None else 0
    if tree.depths[row] - base > DEPTH_LIMIT:
        top = ancestors[DEPTH_LIMIT - 1]  # DEPTH_LIMIT levels up
        tops.append(str(tree.items[top].id))
    need = page_to_show(tree, row, folded, top=top)
    return max(limit, -(-need // PAGE) * PAGE)


def input_key(
    thread: Thread, drafts: Sequence[Draft], last_read: datetime | None, own: Collection[str]
) -> tuple[object, ...]:
    """What a tree is built from, to tell a repeat (``same_input``) without comparing comments."""
    waiting = tuple((d.id, d.state, d.error, d.text, d.parent) for d in drafts)
    return (thread, len(thread.comments), waiting, last_read, frozenset(own))


def same_input(before: tuple[object, ...] | None, after: tuple[object, ...]) -> bool:
    """The same Thread object (not an equal copy: that would compare every comment) and the
    same replies waiting, "new" mark and own ids."""
    return before is not None and before[0] is after[0] and before[1:] == after[1:]


def find_entry(
    tree: ThreadTree, entries: Sequence[Entry], positions: dict[int, int], key: tuple[str, str]
) -> int | None:
    """The index of the entry ``key`` names ((kind, item key), as the cursor remembers it)."""
    kind, ident = key
    if kind == "more":
        return next((i for i, e in enumerate(entries) if e.kind == "more"), None)
    row = tree.row_of(ident)
    if row is None:
        return None
    if kind in ("comment", "draft"):
        return positions.get(row)
    return next((i for i, e in enumerate(entries) if e.kind == kind and e.row == row), None)

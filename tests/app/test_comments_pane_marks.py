"""What the comments pane marks (issue 17): our own replies are not news, the selected comment
stands out in every theme (from the theme's variables), a waiting reply's status is one line
with its reason in full on hover or enter, the reply box quotes whom it answers."""

from __future__ import annotations

from datetime import timedelta

import pytest
from rich.color import Color as RichColor
from tests.app.test_comments_widget import KEY, NOW, THREAD, PaneApp, c
from textual.color import Color

from blogtui.comments.model import Draft, DraftState, Thread
from blogtui.tui.screens.reader_replies import reply_heading
from blogtui.tui.widgets.comments import CommentsPane

REASON = (
    "the server said 403 Forbidden: this repository does not take comments from accounts "
    "younger than a week; ask the owner to add you as a collaborator, or wait until "
    "2026-03-08 and try again (the reply stays in the outbox meanwhile)"
)


def row_lines(pane: CommentsPane, index: int) -> list[str]:
    view = pane.view
    start = view._starts[index] - int(view.scroll_y)
    return [view.render_line(y).text.rstrip() for y in range(start, start + view._heights[index])]


def backgrounds(pane: CommentsPane, index: int) -> set[RichColor | None]:
    """The background colours behind the text of an entry's first line."""
    view = pane.view
    strip = view.render_line(view._starts[index] - int(view.scroll_y))
    return {seg.style.bgcolor for seg in strip if seg.text.strip() and seg.style}


async def test_our_own_replies_are_not_new() -> None:
    thread = Thread(KEY, [*THREAD.comments, c("6", "Thanks Ann!", "1", hours=0.5, author="Me")])
    app = PaneApp()
    async with app.run_test(size=(100, 50)) as pilot:
        pane = app.query_one(CommentsPane)
        pane.show_thread(thread, last_read=NOW - timedelta(hours=3), own={"6"})
        await pilot.pause()
        marks = {i.comment_id: i.has_class("-new") for i in pane.items}
        assert marks == {"1": False, "2": False, "3": False, "4": True, "5": True, "6": False}
        ours = next(i for i in pane.items if i.comment_id == "6")
        assert "new" not in pane.view.render_line(pane.view._starts[ours.row]).text


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light", "nord", "gruvbox"])
async def test_the_selected_comment_stands_out_in_every_theme(theme: str) -> None:
    app = PaneApp()
    app.theme = theme
    async with app.run_test(size=(100, 50)) as pilot:
        pane = app.query_one(CommentsPane)
        pane.show_thread(THREAD)
        await pilot.pause()
        pane.focus_first()
        await pilot.press("j")
        await pilot.pause()
        assert pane.selected_id == "2"
        ground = Color.from_rich_color(pane.view.rich_style.bgcolor)
        primary = Color.parse(app.theme_variables["primary"])
        cursor = (ground + primary.with_alpha(0.35)).rich_color
        assert backgrounds(pane, 1) == {cursor}  # the whole row, tinted with the theme's primary
        plain = backgrounds(pane, 0)
        assert plain == {ground.rich_color}
        assert row_lines(pane, 1)[0].lstrip().startswith("▶")
        # the dim parts (the date) stay readable on the theme's background
        view = pane.view
        date = next(seg for seg in view.render_line(0) if "ago" in seg.text)
        assert date.style is not None and date.style.color is not None
        shade = Color.from_rich_color(date.style.color)
        assert abs(shade.brightness - ground.brightness) > 0.25
        app.set_focus(None)  # the thread loses the focus: the cursor still shows, lighter
        await pilot.pause()
        assert backgrounds(pane, 1) == {(ground + primary.with_alpha(0.15)).rich_color}


async def test_a_waiting_reply_says_its_status_on_one_line_and_why_in_full() -> None:
    drafts = [
        Draft(thread=KEY, text="my answer", parent="1", author="Me", id=1, error=REASON),
        Draft(
            thread=KEY,
            text="no",
            author="Me",
            id=2,
            state=DraftState.REJECTED,
            error=REASON,
        ),
    ]
    app = PaneApp()
    async with app.run_test(size=(80, 50)) as pilot:
        pane = app.query_one(CommentsPane)
        pane.show_thread(THREAD, drafts)
        await pilot.pause()
        pending = next(i for i in pane.items if i.draft is not None and i.draft.id == 1)
        refused = next(i for i in pane.items if i.draft is not None and i.draft.id == 2)
        for item, word in ((pending, "pending"), (refused, "refused")):
            index = pane.view.position_of(item.row)
            assert index is not None
            head, text = row_lines(pane, index)[:2]
            assert word in head and head.endswith("…") and len(head) <= 80
            assert text.endswith(f" {item.draft.text}")  # type: ignore[union-attr]
            assert REASON in (item.tooltip or "")  # hovering tells it all
        pane.select(refused)
        await pilot.press("enter")  # and so does enter
        await pilot.pause()
        index = pane.view.position_of(refused.row)
        assert index is not None
        shown = " ".join(" ".join(row_lines(pane, index)).replace("▌", " ").split())
        assert REASON in shown
        await pilot.press("enter")
        await pilot.pause()
        assert REASON not in " ".join(row_lines(pane, index))


def test_the_reply_box_title_quotes_the_comment_it_answers() -> None:
    ann = c("2", "\n\n**Great** roadmap, thanks for writing all of it down so clearly!\nMore.")
    title = reply_heading(ann, "2", "Post").plain
    assert title.startswith("Reply to Ann: **Great** roadmap, thanks") and title.endswith("…")
    assert "More." not in title and len(title) < 80
    gone = c("3", "", deleted=True)
    assert reply_heading(gone, "3", "Post").plain == "Reply to a deleted comment"
    assert reply_heading(None, "9", "Post").plain == "Reply to a comment"  # never "comment #9"
    assert reply_heading(None, None, "My post").plain == "Reply to My post"

"""The comments pane with threads no one would write but a server can send: thousands of
comments, reply chains thousands deep. Each must show at once or soon, answer keys, and cost
what a screenful costs (issues 15 and 16); the speed and memory numbers are in
benchmarks/bench_comments_pane.py."""

from __future__ import annotations

from datetime import timedelta

from tests.app.test_comments_widget import KEY, NOW, PaneApp, c
from tests.support.pilot import settle

from blogtui.comments.model import Comment, Thread
from blogtui.tui.widgets.comments import CommentsPane
from blogtui.tui.widgets.comments_plan import DEPTH_LIMIT, PAGE, build_tree, visible_entries
from blogtui.tui.widgets.comments_view import INLINE_LIMIT


def chain(n: int, key: str = KEY) -> Thread:
    return Thread(
        key,
        [
            Comment(
                id=str(i),
                thread=key,
                parent=str(i - 1) if i else None,
                author=f"user{i}",
                text=f"reply number {i}",
                created=NOW - timedelta(hours=n - i),
            )
            for i in range(n)
        ],
    )


def flat(n: int, key: str = KEY) -> Thread:
    return Thread(key, [c(str(i), f"comment {i}", hours=n - i) for i in range(n)])


def screen_text(pane: CommentsPane) -> str:
    view = pane.view
    return "\n".join(view.render_line(y).text for y in range(view.size.height))


def test_a_5000_deep_chain_is_arranged_without_recursion() -> None:
    tree = build_tree(KEY, chain(5_000).comments)
    assert len(tree) == 5_000 and tree.depths[-1] == 4_999 and tree.replies(0) == 4_999
    entries = visible_entries(tree)
    assert [e.kind for e in entries] == ["comment"] * (DEPTH_LIMIT + 1) + ["deeper"]
    assert entries[-1].count == 5_000 - DEPTH_LIMIT - 1


def test_a_reply_cycle_and_a_repeated_id_are_shown_once() -> None:
    comments = [
        c("a", "I answer b", "b"),
        c("b", "I answer a", "a"),
        c("x", "first"),
        c("x", "same id again"),
    ]
    tree = build_tree(KEY, comments)
    assert sorted(i.id for i in tree.items) == ["a", "b", "x"]


async def test_deep_replies_are_one_row_and_enter_goes_down_and_back() -> None:
    app = PaneApp()
    async with app.run_test(size=(100, 40)) as pilot:
        pane = app.query_one(CommentsPane)
        pane.show_thread(chain(5_000))  # above INLINE_LIMIT: arranged in a worker
        await settle(pilot)
        assert len(pane.items) == 5_000
        text = screen_text(pane)
        assert "user0" in text and "user8" in text
        pane.focus_first()
        await pilot.press(*["j"] * (DEPTH_LIMIT + 1))
        assert pane.cursor_item is None  # on the "… more replies" row
        await pilot.press("end")
        await pilot.pause()
        assert f"… {5_000 - DEPTH_LIMIT - 1:,} more replies" in screen_text(pane)
        await pilot.press("enter")  # shows the replies of user8, with user8 on top
        await pilot.pause()
        text = screen_text(pane)
        assert "Back to the whole thread" in text and "user16" in text
        assert pane.selected_id == str(DEPTH_LIMIT)
        await pilot.press("home", "enter")  # back up
        await pilot.pause()
        assert pane.selected_id == str(DEPTH_LIMIT) and "user0" in screen_text(pane)


async def test_a_long_thread_is_paged_and_only_what_is_on_screen_is_rendered() -> None:
    n = INLINE_LIMIT * 3
    app = PaneApp()
    async with app.run_test(size=(100, 30)) as pilot:
        pane = app.query_one(CommentsPane)
        pane.show_thread(flat(n))
        assert "Arranging 3,000 comments" in screen_text(pane)  # said at once
        await settle(pilot)
        assert len(pane.items) == n and pane.items[0].display and not pane.items[PAGE].display
        view = pane.view
        assert len(view._lines) < 20  # a screenful of rows rendered, not 3,000
        pane.focus_first()
        await pilot.press("end")
        await pilot.pause()
        assert f"Show more: {n - PAGE:,} more comments" in screen_text(pane)
        await pilot.press("enter")
        await pilot.pause()
        assert pane.items[PAGE].display and pane.selected_id == str(PAGE)
        await pilot.press("j", "j")
        assert pane.selected_id == str(PAGE + 2)


async def test_select_shows_a_comment_past_the_page_or_deep_down() -> None:
    app = PaneApp()
    async with app.run_test(size=(100, 30)) as pilot:
        pane = app.query_one(CommentsPane)
        pane.show_thread(chain(3_000))
        await settle(pilot)
        pane.select(pane.items[2_500])
        await pilot.pause()
        assert pane.selected_id == "2500" and "user2500" in screen_text(pane)
        assert pane.comment("2999") is not None  # known though not on the page


async def test_a_late_big_thread_never_replaces_a_newer_one() -> None:
    app = PaneApp()
    async with app.run_test(size=(100, 30)) as pilot:
        pane = app.query_one(CommentsPane)
        pane.show_thread(flat(INLINE_LIMIT * 5, key="/big.html"))
        pane.show_thread(Thread(KEY, [c("x", "the post now open")]))
        await settle(pilot)
        assert [i.comment_id for i in pane.items] == ["x"]
        assert "the post now open" in screen_text(pane)


async def test_hostile_text_deep_down_is_inert_and_bounded() -> None:
    comments = chain(20).comments + [
        c("evil", "\x1b]52;c;ZXZpbA==\x07[bold]x[/bold] " + "long " * 50_000, "19")
    ]
    app = PaneApp()
    async with app.run_test(size=(100, 30)) as pilot:
        pane = app.query_one(CommentsPane)
        pane.show_thread(Thread(KEY, comments))
        await pilot.pause()
        pane.select(next(i for i in pane.items if i.comment_id == "evil"))
        await pilot.pause()
        text = screen_text(pane)
        assert "[bold]x[/bold]" in text and "\x1b" not in text and "\x07" not in text
        lines = pane.view.entry_lines(pane.view.cursor or 0)
        assert len(lines) <= 300


async def test_a_thread_that_cannot_be_arranged_is_said_in_the_pane_not_raised() -> None:
    bad = c("x", "an id no store would give")
    object.__setattr__(bad, "id", ["not", "a", "string"])  # hostile data past the store
    app = PaneApp()
    async with app.run_test(size=(100, 30)) as pilot:
        pane = app.query_one(CommentsPane)
        for comments in ([bad], [*flat(INLINE_LIMIT * 2).comments, bad]):  # at once, in a worker
            pane.show_thread(Thread(KEY, comments))
            await settle(pilot)
            assert "This thread cannot be shown" in screen_text(pane)
            assert len(pane.items) == 0
        pane.show_thread(flat(3))  # the next thread shows as usual
        await pilot.pause()
        assert len(pane.items) == 3 and "comment 0" in screen_text(pane)

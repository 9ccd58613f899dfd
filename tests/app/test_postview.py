"""The post view in a running app: what is drawn, keys, links, anchors, search, safety."""

from __future__ import annotations

import asyncio

from rich.style import Style
from tests.conftest import SAMPLE_BLOG
from tests.support.pilot import wait_complete
from tests.support.postview_app import KITCHEN, ViewApp
from textual import events
from textual.message import Message

from blogtui.tui.app import STYLESHEET
from blogtui.tui.widgets.postview import PostView, TocEntry

SIZE = (72, 30)


def clicked(messages: list[Message]) -> list[str]:
    """Hrefs of LinkClicked messages (each once: the hook sees a message at every bubble step)."""
    unique = {id(m): m for m in messages if isinstance(m, PostView.LinkClicked)}
    return [m.href for m in unique.values()]


def lines_of(view: PostView) -> list[str]:
    return view.rendered_lines()


def find(lines: list[str], needle: str) -> int:
    for i, line in enumerate(lines):
        if needle in line:
            return i
    raise AssertionError(f"{needle!r} not drawn:\n" + "\n".join(lines))


def style_of(view: PostView, y: int, text: str) -> Style:
    """The style of the first segment of line ``y`` that contains ``text``."""
    for seg in view.line_strip(y):
        if text in seg.text:
            return seg.style or Style()
    raise AssertionError(f"{text!r} not on line {y}: {view.line_strip(y).text!r}")


async def test_every_element_is_drawn() -> None:
    app = ViewApp()
    async with app.run_test(size=SIZE) as pilot:
        view = app.query_one(PostView)
        await pilot.pause()
        lines = lines_of(view)
        text = "\n".join(lines)
        assert "title: Everything" not in text  # front matter never drawn
        assert lines[0] == "# Measuring Python"
        assert "## Lists" in lines
        # lists: bullets by depth (tab-indented nesting), ordered, task list
        assert lines[find(lines, "first")] == "• first"
        assert lines[find(lines, "tab-nested")] == "  ◦ tab-nested"
        assert lines[find(lines, "deeper")] == "    ▪ deeper"
        assert ["1. one", "2. two", "3. three"] == lines[
            find(lines, "1. one") : find(lines, "1. one") + 3
        ]
        assert lines[find(lines, "todo item")] == "• [ ] todo item"
        assert lines[find(lines, "done item")] == "• [x] done item"
        # block quotes, nested
        assert lines[find(lines, "A block quote")] == "▌ A block quote with two lines."
        assert lines[find(lines, "nested quote")] == "▌ ▌ nested quote"
        # fenced code, kept verbatim with its indentation
        assert lines[find(lines, "def fast")].strip() == "def fast(x):"
        assert lines[find(lines, "return x * 2")].strip() == "return x * 2  # cheap"
        # table with box drawing and right-aligned numbers
        top = find(lines, "┌")
        assert lines[top + 1] == "│ Setting │ Value │"
        assert lines[top + 3] == "│ cache   │   300 │"
        assert lines[top + 5].startswith("└")
        # definition list, rule, image (never fetched), HTML as the browser shows its text
        assert lines[find(lines, "Term")] == "Term"
        assert lines[find(lines, "The definition")] == "  : The definition of the term."
        assert any(set(line) == {"─"} and len(line) > 40 for line in lines)
        assert lines[find(lines, "[image:")] == "[image: a chart] (/assets/img/chart.png)"
        assert lines[find(lines, "raw html")] == "raw html block"  # as the browser shows it
        # footnotes: references numbered, the list at the end
        assert "stay.[1]" in text and "anchor.[2]" in text
        assert lines[-2:] == ["[1] Timings were taken on a laptop.", "[2] A second footnote."]
        # Liquid leftovers stay, as text
        assert "{{ site.url }}" in " ".join(lines)


async def test_inline_styles() -> None:
    app = ViewApp()
    async with app.run_test(size=(100, 30)) as pilot:
        view = app.query_one(PostView)
        await pilot.pause()
        lines = lines_of(view)
        y = find(lines, "Some emphasis")
        assert style_of(view, y, "emphasis").italic
        assert style_of(view, y, "strong").bold
        assert style_of(view, y, "gone").strike
        code = style_of(view, y, "inline code")
        plain = style_of(view, y, "Some ")
        assert code.bgcolor != plain.bgcolor or code.color != plain.color
        liquid = style_of(view, find(lines, "site.url"), "{{ site.url }}")
        assert liquid != code and liquid.bgcolor == plain.bgcolor  # dimmed text, not a code span
        link = style_of(view, find(lines, "link to docs"), "link to docs")
        assert link.underline
        heading = style_of(view, 0, "Measuring Python")
        assert heading.bold
        # syntax highlighting: the code line has several colours
        code_y = find(lines, "def fast")
        colours = {
            seg.style.color for seg in view.line_strip(code_y) if seg.text.strip() and seg.style
        }
        assert len(colours) >= 2


async def test_seed_post_tab_indented_lists() -> None:
    seed = SAMPLE_BLOG / "2020-10-25-introduction-to-the-blog-theme.md"
    app = ViewApp(seed.read_text(encoding="utf-8"))
    async with app.run_test(size=(82, 30)) as pilot:
        view = app.query_one(PostView)
        await pilot.pause()
        lines = lines_of(view)
        assert "categories" not in "\n".join(lines)
        y = find(lines, "Database")
        assert lines[y] == "• Database."
        assert lines[y + 1].startswith("  ◦ Nothing has changed here")
        assert lines[y + 2].startswith("    ")  # wrapped under the nested item's text
        assert (
            lines[find(lines, "[image: highload]")]
            == "[image: highload] (/assets/img/highload.png)"
        )


HOSTILE = (
    "# Title [bold]not bold[/bold]\n\n"
    "Text with [/] and [link=https://evil.example]markup[/link] and [red]colour[/].\n\n"
    "Escape \x1b[2J\x1b[31mred\x1b[0m, clipboard \x1b]52;c;ZXZpbA==\x07, "
    "hyperlink \x1b]8;;https://evil.example\x1b\\here\x1b]8;;\x1b\\, bell\x07 done.\n\n"
    "`code \x1b[5m blink`\n\n"
    "```\nfenced \x1b]0;title\x07 block\n```\n\n"
    "| a\x1b[1m | b |\n|---|---|\n| c | d\x07 |\n\n"
    "![alt\twith tab](/img.png) and an unused note[^a\tb].\n\n[^a\tb]: tabbed label\n"
)


async def test_post_text_is_never_markup_and_control_codes_are_stripped() -> None:
    app = ViewApp(HOSTILE)
    async with app.run_test(size=(100, 30)) as pilot:
        view = app.query_one(PostView)
        await pilot.pause()
        lines = lines_of(view)
        text = "\n".join(lines)
        assert "# Title [bold]not bold[/bold]" in lines
        assert "[/] and [link=https://evil.example]markup[/link] and [red]colour[/]." in text
        assert "Escape red, clipboard , hyperlink here, bell done." in text
        assert "code  blink" in text and "fenced  block" in text
        for y in range(view.line_count):
            for seg in view.line_strip(y):
                assert not any(ch in seg.text for ch in "\x1b\x07\x9b\x9d\t"), seg.text
                assert seg.style is None or seg.style.link is None  # no hyperlinks smuggled in
        # what reaches the terminal: the app's own screenshot holds no escape from the post
        screen = app.export_screenshot()
        assert "evil.example\x1b" not in screen and "52;c;" not in screen


async def test_links_are_followed_from_the_keyboard() -> None:
    messages: list[Message] = []
    app = ViewApp()
    async with app.run_test(size=SIZE, message_hook=messages.append) as pilot:
        view = app.query_one(PostView)
        await pilot.pause()
        await pilot.press("right_square_bracket")  # first link: the TOC entry for the title
        await pilot.press("enter")
        await pilot.press(
            "right_square_bracket", "right_square_bracket", "right_square_bracket"
        )  # TOC
        await pilot.press("right_square_bracket", "enter")  # docs link
        await pilot.press("right_square_bracket", "enter")  # link to another post
        await pilot.press("right_square_bracket", "enter")  # footnote reference
        await pilot.press("left_square_bracket", "enter")  # back to the post link
        await pilot.pause()
        assert clicked(messages) == [
            "#measuring-python",
            "https://docs.python.org/3/",
            "blogtui-post:2020-10-25-introduction.md",
            "#fn1",
            "blogtui-post:2020-10-25-introduction.md",
        ]
        focused = {id(m): m.href for m in messages if isinstance(m, PostView.LinkFocused)}
        assert list(focused.values())[:2] == ["#measuring-python", "#lists"]
        # the focused link is drawn differently from the other links
        lines = lines_of(view)
        y = find(lines, "another")
        assert style_of(view, y, "another") != style_of(
            view, find(lines, "link to docs"), "link to docs"
        )


async def test_link_keys_can_be_remapped_by_binding_id() -> None:
    messages: list[Message] = []
    app = ViewApp("See [the docs](https://docs.python.org/).\n")
    async with app.run_test(size=SIZE, message_hook=messages.append) as pilot:
        app.set_keymap({"postview.next_link": "ctrl+n"})
        await pilot.press("ctrl+n", "enter")
        await pilot.pause()
        assert clicked(messages) == ["https://docs.python.org/"]


async def test_theme_change_restyles_the_drawn_lines() -> None:
    app = ViewApp()
    async with app.run_test(size=SIZE) as pilot:
        view = app.query_one(PostView)
        await pilot.pause()
        before = view.render_line(0)
        app.theme = "textual-light"
        await pilot.pause()
        after = view.render_line(0)
        assert before.text == after.text
        assert [seg.style for seg in before] != [seg.style for seg in after]


async def test_enter_without_a_focused_link_does_nothing() -> None:
    messages: list[Message] = []
    app = ViewApp()
    async with app.run_test(size=SIZE, message_hook=messages.append) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        assert not clicked(messages)


async def test_click_on_a_link_posts_link_clicked() -> None:
    messages: list[Message] = []
    app = ViewApp("Intro line.\n\nSee [the docs](https://docs.python.org/) please.\n")
    async with app.run_test(size=SIZE, message_hook=messages.append) as pilot:
        view = app.query_one(PostView)
        await pilot.pause()
        y = find(lines_of(view), "the docs")
        x = lines_of(view)[y].index("docs")
        await pilot.click(PostView, offset=(x, y))
        await pilot.pause()
        assert clicked(messages) == ["https://docs.python.org/"]


async def test_toc_anchors_and_the_drawn_table_of_contents() -> None:
    app = ViewApp()
    async with app.run_test(size=(72, 12)) as pilot:
        view = app.query_one(PostView)
        await pilot.pause()
        assert view.toc == [
            TocEntry(1, "Measuring Python", "measuring-python"),
            TocEntry(2, "Lists", "lists"),
            TocEntry(2, "Code", "code"),
            TocEntry(2, "Code", "code-1"),
        ]
        lines = lines_of(view)
        y = find(lines, "Contents")
        assert lines[y + 1 : y + 5] == ["• Measuring Python", "  • Lists", "  • Code", "  • Code"]
        second_code = (
            find(lines[find(lines, "## Code") + 1 :], "## Code") + find(lines, "## Code") + 1
        )
        assert view.goto_anchor("#code-1")
        await pilot.pause()
        assert view.scroll_y == min(second_code, view.max_scroll_y)
        assert view.goto_anchor("lists")
        await pilot.pause()
        assert lines[int(view.scroll_y)] == "## Lists"
        assert view.goto_anchor("fn1")
        await pilot.pause()
        assert view.scroll_y == min(find(lines, "[1] Timings"), view.max_scroll_y)
        assert not view.goto_anchor("no-such-heading")


async def test_search_highlights_and_n_N_move_between_matches() -> None:
    app = ViewApp()
    async with app.run_test(size=(72, 12)) as pilot:
        view = app.query_one(PostView)
        await pilot.pause()
        await pilot.press("slash", "c", "o", "d", "e")
        await pilot.pause()
        assert "/code▏" in app.export_screenshot() or view._search.prompt == "code"
        await pilot.press("enter")
        lines = lines_of(view)
        matches = [(y, line) for y, line in enumerate(lines) if "code" in line.lower()]
        assert len(matches) >= 4
        first_y = view._search.matches and view._y_of(
            *view._search.matches[view._search.current][:2]
        )
        await pilot.press("n")
        second = view._y_of(*view._search.matches[view._search.current][:2])
        await pilot.press("n")
        third = view._y_of(*view._search.matches[view._search.current][:2])
        assert first_y <= second <= third and first_y < third
        await pilot.press("N")
        assert view._y_of(*view._search.matches[view._search.current][:2]) == second
        # the current match is drawn highlighted and visible on screen
        top = int(view.scroll_y)
        assert top <= second < top + 12
        seg_styles = {seg.style for seg in view.line_strip(second) if seg.text.lower() == "code"}
        assert seg_styles and all(s.bgcolor is not None for s in seg_styles)
        await pilot.press("escape")
        # without a search, `n` stays the view's search key (less/vim): it never opens "New post"
        await pilot.press("n")
        assert app.new_posts == 0


async def test_search_prompt_takes_keys_that_are_bindings_elsewhere() -> None:
    app = ViewApp()
    async with app.run_test(size=SIZE) as pilot:
        view = app.query_one(PostView)
        await pilot.pause()
        await pilot.press(
            "slash",
            "n",
            "o",
            "t",
            "backspace",
            "backspace",
            "backspace",
            "s",
            "t",
            "r",
            "o",
            "n",
            "g",
            "enter",
        )
        assert app.new_posts == 0
        assert view._search.query == "strong" and len(view._search.matches) == 1


async def test_less_like_scrolling_keys() -> None:
    app = ViewApp(KITCHEN * 4)
    async with app.run_test(size=(72, 20)) as pilot:
        view = app.query_one(PostView)
        await wait_complete(pilot, view)
        await pilot.press("j", "j", "down")
        assert view.scroll_y == 3
        await pilot.press("k")
        assert view.scroll_y == 2
        await pilot.press("space")
        page = view.scrollable_content_region.height
        assert view.scroll_y == 2 + page
        await pilot.press("b")
        assert view.scroll_y == 2
        await pilot.press("G")
        assert view.scroll_y == view.max_scroll_y > 0
        await pilot.press("g")
        assert view.scroll_y == 0
        await pilot.press("end")
        assert view.scroll_y == view.max_scroll_y
        await pilot.press("home", "pagedown")
        assert view.scroll_y == page


async def test_show_markdown_before_mount_shows_on_mount() -> None:
    from textual.app import App, ComposeResult

    class EarlyApp(App[None]):
        CSS_PATH = STYLESHEET  # the app's one stylesheet

        def compose(self) -> ComposeResult:
            view = PostView()
            view.show_markdown("# Early\n\nShown once mounted.\n", source="early.md")
            yield view

    app = EarlyApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        view = app.query_one(PostView)
        assert (
            lines_of(view) == ["# Early", "", "Shown once mounted."] and view.source == "early.md"
        )


async def test_mouse_wheel_scrolls() -> None:
    app = ViewApp(KITCHEN * 3)
    async with app.run_test(size=(72, 20)) as pilot:
        view = app.query_one(PostView)
        await wait_complete(pilot, view)
        for _ in range(3):
            view.post_message(events.MouseScrollDown(view, 5, 5, 0, 1, 0, False, False, False))
        await pilot.pause()
        assert view.scroll_y > 0
        down = view.scroll_y
        view.post_message(events.MouseScrollUp(view, 5, 5, 0, -1, 0, False, False, False))
        await pilot.pause()
        assert 0 <= view.scroll_y < down


async def test_resize_rewraps_and_keeps_the_reading_position() -> None:
    app = ViewApp(KITCHEN * 3)
    async with app.run_test(size=(100, 15)) as pilot:
        view = app.query_one(PostView)
        await wait_complete(pilot, view)
        assert view.goto_anchor("code-3")
        await pilot.pause()
        wide_lines = view.line_count
        await pilot.resize_terminal(40, 15)
        await pilot.pause()
        assert view.line_count > wide_lines  # paragraphs re-wrapped
        assert lines_of(view)[int(view.scroll_y)] == "## Code"
        assert all(len(line) <= 40 for line in lines_of(view))


def big_post(paragraphs: int) -> str:
    para = (
        "Profiling a Django view shows where the time goes: the ORM builds the query, "
        "the database answers, and templates render. Caching the `queryset` helps.\n"
    )
    parts = ["# A very long post\n\nFirst screen text.[^1]\n"]
    for i in range(paragraphs):
        parts.append(f"## Part {i}\n\n{para}\n* item {i}\n* another\n\n```python\nx = {i}\n```\n")
    parts.append("The last words.\n\n[^1]: Only defined at the end.\n")
    return "\n".join(parts)


async def test_huge_post_shows_at_once_and_keys_are_answered_while_it_lays_out() -> None:
    text = big_post(2500)  # about 600 KB
    app = ViewApp(text)
    async with app.run_test(size=(80, 24)) as pilot:
        view = app.query_one(PostView)
        assert lines_of(view)[0] == "# A very long post"
        assert not view.is_complete
        note = view.line_strip(view.line_count).text  # the line after the laid-out part says so
        assert note.startswith("… laying out the rest of the post")
        complete_when_handled: list[bool] = []
        line_down = view.action_line_down

        def spy() -> None:
            complete_when_handled.append(view.is_complete)
            line_down()

        view.action_line_down = spy  # type: ignore[method-assign]
        await pilot.press("j", "j", "j")
        assert view.scroll_y == 3
        assert complete_when_handled[0] is False  # answered while the rest was still being laid out
        await pilot.press("G")  # to the end, and stay there as lines arrive
        await wait_complete(pilot, view, timeout=120)
        lines = lines_of(view)
        assert lines[-1] == "[1] Only defined at the end."
        assert "First screen text.[1]" in lines  # reference resolved across chunks
        assert int(view.scroll_y) == view.max_scroll_y
        assert len(view.toc) == 2501


async def test_search_and_resize_while_a_long_post_lays_out() -> None:
    app = ViewApp(big_post(1500))
    async with app.run_test(size=(80, 24)) as pilot:
        view = app.query_one(PostView)
        view.set_query("another")
        assert not view.is_complete and len(view._search.matches) < 1500
        await pilot.resize_terminal(50, 20)
        await wait_complete(pilot, view, timeout=60)
        assert len(view._search.matches) == 1500  # blocks that arrived later were searched too
        assert max(len(line) for line in lines_of(view)) <= view.scrollable_content_region.width


async def test_long_post_toc_and_anchors_not_yet_laid_out() -> None:
    text = big_post(400).replace("First screen text.", "<!-- blogtui:toc -->\n\nFirst screen text.")
    app = ViewApp(text)
    async with app.run_test(size=(80, 24)) as pilot:
        view = app.query_one(PostView)
        assert not view.is_complete
        assert view.goto_anchor("part-390")  # not parsed yet: remembered
        await wait_complete(pilot, view, timeout=60)
        lines = lines_of(view)
        assert lines[int(view.scroll_y)] == "## Part 390"
        y = find(lines, "Contents")
        assert lines[y + 1] == "• A very long post" and lines[y + 401] == "  • Part 399"


async def test_a_huge_code_block_first_does_not_block_input() -> None:
    code = "\n".join(f"line_{i} = compute({i})  # a long generated listing" for i in range(12_000))
    app = ViewApp("# Dump\n\n```python\n" + code + "\n```\n\nAfter the dump.\n")
    async with app.run_test(size=(80, 24)) as pilot:
        view = app.query_one(PostView)
        assert not view.is_complete  # nothing was parsed on the event loop
        await wait_complete(pilot, view, timeout=120)
        lines = lines_of(view)
        assert lines[0] == "# Dump" and lines[-1] == "After the dump."
        assert lines[3].strip() == "line_1 = compute(1)  # a long generated listing"


async def test_show_markdown_replaces_a_post_that_is_still_loading() -> None:
    app = ViewApp(big_post(2000))
    async with app.run_test(size=(80, 24)) as pilot:
        view = app.query_one(PostView)
        await pilot.pause()
        view.show_markdown("# Short\n\nDone.\n")
        await wait_complete(pilot, view)
        await asyncio.sleep(0.3)
        assert lines_of(view) == ["# Short", "", "Done."]
        assert [e.text for e in view.toc] == ["Short"]


async def test_live_preview_keeps_its_place_when_the_text_changes() -> None:
    app = ViewApp(KITCHEN * 3)
    async with app.run_test(size=(72, 15)) as pilot:
        view = app.query_one(PostView)
        await wait_complete(pilot, view)
        view.scroll_to(y=40, animate=False, immediate=True)
        await pilot.pause()
        view.show_markdown(KITCHEN * 3 + "\nOne more line typed.\n", keep_position=True)
        await wait_complete(pilot, view)
        assert view.scroll_y == 40
        view.show_markdown("# Another post\n")
        await wait_complete(pilot, view)
        assert view.scroll_y == 0
        view.show_markdown("")
        await pilot.pause()
        assert view.line_count == 0 and view.virtual_size.height == 0 and view.toc == []


def test_snapshot_narrow(snap_compare) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(ViewApp(), terminal_size=(50, 60))


def test_snapshot_wide(snap_compare) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(ViewApp(), terminal_size=(100, 60))

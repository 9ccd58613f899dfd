"""Colours come from the theme, so a light theme stays readable (issues 11, 17): the post list's
"new comments" mark, the comments status line and the problems panel draw in the theme's
``$text-success`` / ``$text-warning`` / ``$text-error``, with enough contrast on their own
background in textual-dark and textual-light (ANSI "green" on a light grey did not have it)."""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from rich.segment import Segment
from tests.support.postview_app import ViewApp
from textual.app import App, ComposeResult
from textual.color import Color
from textual.strip import Strip

from blogtui.blog.post import Post
from blogtui.tui.app import STYLESHEET
from blogtui.tui.widgets.comments import CommentsPane, CommentsStatus
from blogtui.tui.widgets.postlist import PostList
from blogtui.tui.widgets.postview import PostView
from blogtui.tui.widgets.problems import ProblemsPanel

THEMES = ["textual-dark", "textual-light"]
SRC = Path(__file__).resolve().parents[2] / "src" / "blogtui" / "tui"


def contrast(a: Color, b: Color) -> float:
    """WCAG contrast ratio of two colours (1 to 21)."""

    def lum(c: Color) -> float:
        def ch(v: int) -> float:
            s = v / 255
            return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

        return 0.2126 * ch(c.r) + 0.7152 * ch(c.g) + 0.0722 * ch(c.b)

    hi, lo = sorted((lum(a), lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def segment_with(strips: list[Strip], text: str) -> Segment:
    for strip in strips:
        for seg in strip:
            if text in seg.text:
                return seg
    raise AssertionError(f"{text!r} is not drawn")


def check(app: App[None], seg: Segment, variable: str, least: float = 3.0) -> None:
    assert seg.style is not None and seg.style.color is not None
    colour = Color.from_rich_color(seg.style.color)
    assert colour == Color.parse(app.theme_variables[variable])  # the theme's, not a literal
    ground = seg.style.bgcolor or app.screen.rich_style.bgcolor
    assert ground is not None
    assert contrast(colour, Color.from_rich_color(ground)) >= least  # readable


class Widgets(App[None]):
    CSS_PATH = STYLESHEET  # the app's one stylesheet

    def compose(self) -> ComposeResult:
        yield PostList(id="posts")
        yield CommentsPane()
        yield ProblemsPanel()


def post(name: str) -> Post:
    return Post(
        path=Path(f"/blog/_posts/2024-01-01-{name}.md"),
        rel=f"_posts/2024-01-01-{name}.md",
        kind="post",
        title=f"Post {name}",
        date=None,
        categories=(),
        tags=(),
        slug=name,
        ext=".md",
        url=f"/{name}.html",
    )


@pytest.mark.parametrize("theme", THEMES)
async def test_marks_status_and_problems_use_the_themes_readable_colours(theme: str) -> None:
    app = Widgets()
    app.theme = theme
    async with app.run_test(size=(80, 30)) as pilot:
        posts = app.query_one(PostList)
        a, b = post("a"), post("b")
        posts.set_posts([a, b])
        posts.set_comment_counts(
            {a.thread_key: 5, b.thread_key: 4}, {a.thread_key: 2, b.thread_key: 3}
        )
        posts.focus()
        pane = app.query_one(CommentsPane)
        pane.set_status(CommentsStatus("offline", waiting=2, refused=1))
        panel = app.query_one(ProblemsPanel)
        panel.show(
            [
                SimpleNamespace(
                    line=3, column=1, severity="error", message="bad", rule="yaml", hint=""
                ),
                SimpleNamespace(
                    line=4, column=1, severity="warning", message="odd", rule="key", hint=""
                ),
            ]
        )
        await pilot.pause()
        check(app, segment_with([posts.render_line(1)], "●3"), "text-success")
        on_cursor = segment_with([posts.render_line(0)], "●2")  # the cursor's colours there
        assert on_cursor.style is not None and on_cursor.style.color and on_cursor.style.bgcolor
        ground = Color.from_rich_color(on_cursor.style.bgcolor)
        assert contrast(Color.from_rich_color(on_cursor.style.color), ground) >= 3.0
        status = pane.query_one("#comments-status")
        strips = status.render_lines(status.region.reset_offset)
        check(app, segment_with(strips, "offline"), "text-error")
        # (on the status line's $panel: 2.8 in textual-light, where ANSI yellow was 1.8)
        check(app, segment_with(strips, "waiting to be sent"), "text-warning", least=2.5)
        check(app, segment_with(strips, "refused"), "text-error")
        lines = [panel.render_line(y) for y in range(panel.size.height)]
        check(app, segment_with(lines, "error"), "text-error")
        check(app, segment_with(lines, "warning"), "text-warning")


@pytest.mark.parametrize("theme", THEMES)
async def test_the_post_views_headings_code_links_and_tasks_are_readable(theme: str) -> None:
    app = ViewApp("# Title\n\nSome `code` and [a link](https://example.org/).\n\n- [ ] to do\n")
    app.theme = theme
    async with app.run_test(size=(80, 12)) as pilot:
        await pilot.pause()
        view = app.query_one(PostView)
        lines = [view.render_line(y) for y in range(view.line_count)]
        check(app, segment_with(lines, "Title"), "text-accent")
        check(app, segment_with(lines, "code"), "text-warning")
        check(app, segment_with(lines, "a link"), "text-primary")
        check(app, segment_with(lines, "[ ]"), "text-warning")


# `blogtui show` draws without a theme (ANSI colours follow the terminal's palette)
ALLOWED = {"render/text.py"}
LITERAL = re.compile(
    r"""["'][^"'\n]*\b(?:red|green|yellow|blue|cyan|magenta|white|black)\b[^"'\n]*["']"""
    r"""|#[0-9a-fA-F]{6}\b|rgb\("""
)


def test_the_shell_has_no_colour_literals() -> None:
    found = []
    for path in sorted(SRC.rglob("*")):
        rel = path.relative_to(SRC).as_posix()
        if path.suffix not in (".py", ".tcss") or rel in ALLOWED:
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            code = line.split("#", 1)[0] if path.suffix == ".py" else line
            if path.suffix == ".py" and not code.strip():
                continue
            if LITERAL.search(code if path.suffix == ".py" else line.split("/*")[0]):
                found.append(f"{rel}:{n}: {line.strip()}")
    assert found == []

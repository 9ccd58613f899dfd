"""The reader and posts with problems: a post whose front matter cannot be read is still read.

Such a post (blog.broken) is listed with a ⚠; opening it shows its body with its problems above
it, and ``e``/``E`` open it in the editor, where the problems panel shows them. A file that cannot
be decoded stays under "unreadable files": choosing it says why, and ``e`` still tries to open it
(the editor says what it cannot open).

``BrokenPosts`` is an object the reader screen holds (``screen.broken``): the screen routes
``PostList.ProblemChosen`` to ``show`` and asks ``edit_path`` what ``e``/``E`` open.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text

from blogtui.blog.index import Index
from blogtui.blog.post import FileProblem, Post
from blogtui.safe import escape_markdown, one_line
from blogtui.tui.widgets.header import PostHeader
from blogtui.tui.widgets.postview import PostView

if TYPE_CHECKING:
    from blogtui.tui.screens.reader import ReaderScreen


def as_markdown(text: str) -> str:
    """A message on one line, shown as itself in Markdown (no emphasis, links or HTML)."""
    return escape_markdown(one_line(text))


def where(problem: FileProblem) -> str:
    return (
        f"line {problem.line}, column {problem.column}"
        if problem.line > 1 or problem.column > 1
        else "front matter"
    )


def problems_note(post: Post) -> str:
    """Markdown shown above the body of a post with problems (empty for a post without)."""
    if not post.problems:
        return ""
    lines = [
        "> **⚠ This post has problems.** Until they are fixed it is listed by its file name's"
        " date and slug. Press `e` to fix it here.",
        ">",
    ]
    for problem in post.problems:
        item = f"> - {as_markdown(where(problem))}: {as_markdown(problem.message)}"
        if problem.hint:
            item += f" — *{as_markdown(problem.hint)}*"
        lines.append(item)
    return "\n".join(lines) + "\n\n"


class BrokenPosts:
    """The reader's handling of unreadable files (posts with problems are read as posts)."""

    def __init__(self, screen: ReaderScreen) -> None:
        self.screen = screen
        #: the unreadable file last chosen under "unreadable files" (``e`` tries to open it)
        self.chosen_file: Path | None = None

    def show(self, problem: FileProblem) -> None:
        """An unreadable file was chosen in the list: say why it is not shown."""
        self.chosen_file = problem.path
        self.screen.query_one(PostHeader).update(
            Text.assemble((one_line(problem.rel), "bold"), "\n", ("could not be read", "dim"))
        )
        at = f"{where(problem)}: " if problem.line > 1 or problem.column > 1 else ""
        self.screen.query_one(PostView).show_markdown(
            "This file is not shown because it could not be read.\n\n"
            f"> {as_markdown(at + problem.message)}\n\n"
            "Press `e` to try it in the editor, or run `blogtui check` for details and hints."
        )

    def tell_index_problems(self, index: Index) -> None:
        """After a load: the site's warnings, and how many files could not be read."""
        for warning in index.site.warnings:
            self.screen.notify(one_line(warning), severity="warning", timeout=8, markup=False)
        if index.problems:
            self.screen.notify(
                f"{len(index.problems)} files could not be read; they are listed under “unreadable files”.",
                severity="warning",
                timeout=6,
            )

    def edit_path(self, current: Post | None) -> Path | None:
        """What ``e``/``E`` open: the open post, else the unreadable file chosen in the list."""
        if current is not None:
            return current.path
        if self.chosen_file is not None:
            return self.chosen_file
        self.screen.notify("Select a post first.", severity="warning")
        return None

"""The reader and posts with problems: a post whose front matter cannot be read is still read.

Such a post (blog.broken) is listed with a ⚠; opening it shows its body with its problems above
it, and ``e``/``E`` open it in the editor, where the problems panel shows them. A file that cannot
be decoded stays under "unreadable files": choosing it says why, and ``e`` still tries to open it
(the editor says what it cannot open).
"""

from __future__ import annotations

import re
from pathlib import Path

from rich.text import Text
from textual import on

from blogtui.blog.post import FileProblem, Post
from blogtui.safe import one_line, strip_controls
from blogtui.tui.screens.reader_authoring import AuthoringReaderScreen
from blogtui.tui.widgets.header import PostHeader
from blogtui.tui.widgets.postlist import PostList
from blogtui.tui.widgets.postview import PostView

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+\-.!|~])")


def escape_markdown(text: str) -> str:
    """``text`` shown as itself in Markdown (no emphasis, links or HTML from a message)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", one_line(strip_controls(text)))


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
        item = f"> - {escape_markdown(where(problem))}: {escape_markdown(problem.message)}"
        if problem.hint:
            item += f" — *{escape_markdown(problem.hint)}*"
        lines.append(item)
    return "\n".join(lines) + "\n\n"


class BrokenPostsReaderScreen(AuthoringReaderScreen):
    """The reader's handling of posts with problems and of unreadable files."""

    #: the unreadable file last chosen under "unreadable files" (``e`` tries to open it)
    chosen_file: Path | None = None

    @on(PostList.ProblemChosen)
    def problem_chosen(self, event: PostList.ProblemChosen) -> None:
        problem: FileProblem = event.problem
        self.current = None
        self.chosen_file = problem.path
        self.query_one(PostHeader).update(
            Text.assemble((one_line(problem.rel), "bold"), "\n", ("could not be read", "dim"))
        )
        at = f"{where(problem)}: " if problem.line > 1 or problem.column > 1 else ""
        self.query_one(PostView).show_markdown(
            "This file is not shown because it could not be read.\n\n"
            f"> {escape_markdown(at + problem.message)}\n\n"
            "Press `e` to try it in the editor, or run `blogtui check` for details and hints."
        )

    def edit_path(self) -> Path | None:
        """What ``e``/``E`` open: the open post, else the unreadable file chosen in the list."""
        if self.current is not None:
            return self.current.path
        if self.chosen_file is not None:
            return self.chosen_file
        self.notify("Select a post first.", severity="warning")
        return None

    def action_edit(self) -> None:
        path = self.edit_path()
        if path is not None:
            self._open_post_editor(path)

    def action_edit_external(self) -> None:
        path = self.edit_path()
        if path is not None:
            self._open_post_editor(path, external=True)

"""The problems panel: front-matter problems of the post being edited, one per row.

Selecting a row posts ``ProblemsPanel.Selected`` with the problem; the editor moves its cursor
there. Messages and hints come from the file being edited: assembled as plain strings into
``Content``, never parsed as markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from textual import on
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option


def problem_text(problem: Any) -> Content:
    """``12:3 error could not parse YAML … [yaml-syntax]`` and the hint on a second line; the
    severity in the theme's error or warning colour (readable in a light theme too)."""
    error = problem.severity == "error"
    parts: list[str | tuple[str, str]] = [
        (f"{problem.line}:{problem.column} ", "dim"),
        (problem.severity, "bold $text-error" if error else "bold $text-warning"),
        f" {problem.message} ",
        (f"[{problem.rule}]", "dim"),
    ]
    if getattr(problem, "hint", None):
        parts.append((f"\n    hint: {problem.hint}", "italic"))
    return Content.assemble(*parts)


class ProblemsPanel(OptionList):
    """Lists problems; hidden when there are none."""

    class Selected(Message):
        def __init__(self, problem: Any) -> None:
            super().__init__()
            self.problem = problem

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.problems: list[Any] = []
        self.add_class("-empty")

    def show(self, problems: Sequence[Any]) -> None:
        self.problems = list(problems)
        self.clear_options()
        self.add_options([Option(problem_text(p)) for p in self.problems])
        self.set_class(not self.problems, "-empty")
        self.border_title = f"{len(self.problems)} problem(s)" if self.problems else ""

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if 0 <= event.option_index < len(self.problems):
            self.post_message(self.Selected(self.problems[event.option_index]))

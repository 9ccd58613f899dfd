"""The editor's status line: the file, whether it is modified, where the cursor is, the problems.

``notes.md ● modified   Ln 12, Col 4   2 errors, 1 warning`` — one row, always visible (the
problems panel may be hidden or scrolled). The file name is other people's text: a ``Text``, its
controls stripped, never markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.text import Text
from textual.widget import Widget

from blogtui.safe import one_line


def _count(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def status_line(
    name: str, modified: bool, row: int, column: int, problems: Sequence[Any], width: int = 0
) -> Text:
    """The status line's text; ``row``/``column`` count from 0 (shown from 1, like vim). The file
    name is cut (with "…") so that the rest always fits in ``width`` (0: no limit)."""
    rest = Text(no_wrap=True)
    rest.append("  ● modified" if modified else "  saved", style="bold" if modified else "dim")
    rest.append(f"   Ln {row + 1}, Col {column + 1}")
    errors = sum(1 for p in problems if p.severity == "error")
    warnings = len(problems) - errors
    if errors or warnings:
        parts = [_count(errors, "error")] if errors else []
        parts += [_count(warnings, "warning")] if warnings else []
        rest.append("   " + ", ".join(parts), style="bold" if errors else "")
    else:
        rest.append("   no problems", style="dim")
    shown = one_line(name)
    if width and len(shown) + rest.cell_len > width:
        room = max(1, width - rest.cell_len)
        shown = shown[: room - 1] + "…" if room > 1 else "…"
    text = Text(shown, style="bold", no_wrap=True, overflow="ellipsis")
    return text + rest


class EditorStatus(Widget):
    """One row under the text; the editor calls ``show`` when one of its values changes."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._shown: tuple[Any, ...] = ("", False, 0, 0, ())

    def show(
        self, name: str, modified: bool, row: int, column: int, problems: Sequence[Any]
    ) -> None:
        key = (name, modified, row, column, tuple(problems))
        if key != self._shown:  # the cursor moves on every key: repaint only what changed
            self._shown = key
            self.refresh()

    def render(self) -> Text:
        name, modified, row, column, problems = self._shown
        return status_line(name, modified, row, column, problems, self.content_size.width)

"""The error a post file's bytes or front matter raise (blog.source, blog.yaml_load, blog.postfile)."""

from __future__ import annotations


class SourceError(Exception):
    """A file's bytes or front matter cannot be read. ``line``/``column`` are 1-based, of the file."""

    def __init__(
        self, rule: str, message: str, line: int = 1, column: int = 1, hint: str | None = None
    ):
        super().__init__(message)
        self.rule = rule
        self.message = message
        self.line = line
        self.column = column
        self.hint = hint

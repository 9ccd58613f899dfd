"""The error a post file's bytes or front matter raise (blog.source, blog.yaml_load, blog.postfile),
and the limits of what is read (here, without YAML: blog.postfile needs them at start-up)."""

from __future__ import annotations

#: A YAML document may expand to at most this many nodes (aliases counted each time used).
MAX_NODES = 100_000
#: Deeper nesting than this is refused (no real front matter comes close).
MAX_DEPTH = 200
#: Front matter larger than this is not read (real front matter is a few hundred bytes).
MAX_FRONT_MATTER_BYTES = 1_000_000


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

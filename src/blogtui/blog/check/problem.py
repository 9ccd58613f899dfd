"""A problem of a post (a value with its line, column, severity and rule) and the collector of one file's problems."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from typing import Any

from blogtui.blog import rubytime
from blogtui.blog.source import KeyPosition

ERROR, WARNING = "error", "warning"


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a post. ``line``/``column`` are 1-based, of the file."""

    path: str
    line: int
    column: int
    severity: str  # "error" | "warning"
    rule: str
    message: str
    hint: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "severity": self.severity,
            "rule": self.rule,
            "message": self.message,
            "hint": self.hint,
        }

    def __str__(self) -> str:
        return (
            f"{self.path}:{self.line}:{self.column}: {self.severity}: {self.message} [{self.rule}]"
        )


def sort_key(p: Problem) -> tuple[str, int, int, int, str]:
    return (p.path, p.line, p.column, 0 if p.severity == ERROR else 1, p.rule)


def kind_of(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, datetime):
        return "a date and time"
    if isinstance(value, date):
        return "a date"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, str):
        return "a string"
    return type(value).__name__


_CONTROL_RE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def quote(value: Any, limit: int = 60) -> str:
    """A value quoted in a message: control characters shown as escapes (never sent to a
    terminal as they are: front matter may come from anyone), long values cut short."""
    text = _CONTROL_RE.sub(
        lambda m: (
            f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100 else f"\\u{ord(m.group()):04x}"
        ),
        str(value),
    )
    return text if len(text) <= limit else text[: limit - 1] + "…"


def is_scalar(value: Any) -> bool:
    return isinstance(value, (str, int, float, bool, date))


class Checker:
    """Collects the problems of one file (small, so that each rule stays a few lines); knows the
    site's time zone (``zone``: its name for messages), in which Jekyll dates the post."""

    __slots__ = ("keys", "path", "problems", "tz", "zone")

    def __init__(self, path: str, zone: str | None = None):
        self.path = path
        self.problems: list[Problem] = []
        self.keys: dict[str, KeyPosition] = {}
        self.zone = zone or "UTC"
        self.tz: tzinfo = rubytime.get_timezone(zone)

    def add(
        self,
        line: int,
        column: int,
        severity: str,
        rule: str,
        message: str,
        hint: str | None = None,
    ) -> None:
        self.problems.append(Problem(self.path, line, column, severity, rule, message, hint))

    def at_value(
        self, key: str, severity: str, rule: str, message: str, hint: str | None = None
    ) -> None:
        pos = self.keys.get(key)
        line, col = (pos.value_line, pos.value_column) if pos else (1, 1)
        self.add(line, col, severity, rule, message, hint)

    def at_key(
        self, key: str, severity: str, rule: str, message: str, hint: str | None = None
    ) -> None:
        pos = self.keys.get(key)
        line, col = (pos.line, pos.column) if pos else (1, 1)
        self.add(line, col, severity, rule, message, hint)


@dataclass(frozen=True, slots=True)
class FileReport:
    """What one file yields: its problems and, when readable, the metadata (for cross-file rules)."""

    problems: list[Problem]
    metadata: dict[str, Any] | None
    keys: dict[str, KeyPosition]
    #: the URL path Jekyll publishes the post at (None: a draft, unpublished, or not a post)
    url: str | None = None

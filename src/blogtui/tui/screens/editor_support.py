"""The editor's plain helpers (no widgets): checking a buffer, the preview's text, $EDITOR.

Kept apart from the screen so they can be tested with plain strings and run on worker threads.
"""

from __future__ import annotations

import os
import re
import shlex
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from blogtui.blog.site import Site
from blogtui.blog.source import SourceError, parse_text, split
from blogtui.config import Settings

#: Bodies longer than this are previewed around the cursor only: the preview then costs the same
#: for any post (a 100 KB post laid out whole takes ~0.3 s of CPU, which would compete with typing).
PREVIEW_LIMIT = 16_000

_FENCE_RE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_HEADING_RE = re.compile(r"^ {0,3}#{1,6}(?:\s|$)")


@dataclass(frozen=True, slots=True)
class BasicProblem:
    """Same fields as ``blogtui.blog.check.problem.Problem`` (used if the checker itself fails)."""

    path: str
    line: int
    column: int
    severity: str
    rule: str
    message: str
    hint: str | None = None


def check_text(text: str, path: Path, site: Site | None, settings: Settings) -> list[Any]:
    """Problems of a post's text (the ``blogtui check`` rules), never an exception."""
    try:
        from blogtui.blog.check.config import SchemaConfig
        from blogtui.blog.check.file import validate_text
    except ImportError:  # pragma: no cover - the check rules not installed: YAML readability only
        try:
            parse_text(text)
        except SourceError as exc:
            return [
                BasicProblem(
                    str(path), exc.line, exc.column, "error", exc.rule, exc.message, exc.hint
                )
            ]
        return []
    try:
        config = SchemaConfig.from_settings(settings.schema)
        return list(validate_text(text, path=path, site=site, config=config))
    except Exception as exc:  # a checker bug must not lock the user's text in the editor
        return [
            BasicProblem(
                str(path), 1, 1, "warning", "checker-failed", f"the checker failed: {exc!r}"
            )
        ]


def _fenced_rows(lines: list[str]) -> list[bool]:
    """For each line: is it inside (or the opening/closing line of) a fenced code block?"""
    inside: list[bool] = []
    fence: str | None = None
    for line in lines:
        m = _FENCE_RE.match(line)
        if fence is None:
            if m:
                fence = m.group(1)[0] * len(m.group(1))
                inside.append(True)
            else:
                inside.append(False)
        else:
            inside.append(True)
            if (
                m
                and m.group(1)[0] == fence[0]
                and len(m.group(1)) >= len(fence)
                and not line.strip()[len(m.group(1)) :].strip()
            ):
                fence = None
    return inside


def preview_text(text: str, cursor_row: int, limit: int = PREVIEW_LIMIT) -> tuple[str, bool]:
    """The Markdown the live preview shows, and whether it is the whole body.

    A long body is cut to about ``limit`` characters around the cursor, starting at the heading
    above it (or a paragraph break), never inside a fenced code block, with a note saying so.
    """
    s = split(text)
    body = s.body
    if len(body) <= limit:
        return body, True
    lines = body.splitlines(keepends=True)
    fenced = _fenced_rows(lines)
    row = max(0, min(cursor_row - (s.body_line - 1), len(lines) - 1))

    def boundary(i: int) -> bool:  # a block may start here
        return not fenced[i] and (
            i == 0 or not lines[i - 1].strip() or _HEADING_RE.match(lines[i]) is not None
        )

    start, size = row, 0
    heading_found = False
    while start > 0 and size < limit // 3:
        if _HEADING_RE.match(lines[start]) and not fenced[start]:
            heading_found = True
            break
        start -= 1
        size += len(lines[start])
    if not heading_found:
        while start > 0 and not boundary(start):
            start -= 1
    end, size = start, 0
    while end < len(lines) and size < limit:
        size += len(lines[end])
        end += 1
    while end < len(lines) and fenced[end - 1] and fenced[end]:
        end += 1  # never stop inside a fenced code block
    first, last = s.body_line + start, s.body_line + end - 1
    note = f"*Preview of lines {first}–{last} (around the cursor); the reader shows the whole post.*\n\n"
    return note + "".join(lines[start:end]), False


def editor_command(settings: Settings) -> list[str]:
    """``editor`` from config, else $VISUAL, else $EDITOR, else vi (like git)."""
    raw = settings.editor or os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    return shlex.split(raw)

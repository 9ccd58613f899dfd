"""The repository's issue listing (every post's issue number and comment count in a few paged,
conditional requests), and the cache file that lets the next sync ask for it conditionally.

The API's items and the cache file are both other people's data (the cache can be damaged):
only rows of an int issue number, a title and a count SQLite can hold are kept.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from blogtui.atomic import atomic_write
from blogtui.comments.github_data import IssueInfo, Pages
from blogtui.comments.storable import storable_int

Row = list[Any]  # [number, title, comments]


def _row(number: Any, title: Any, count: Any) -> Row | None:
    if not (storable_int(number) and isinstance(title, str)):
        return None
    return [number, title, count if storable_int(count) and count >= 0 else 0]


def listing_rows(items: list[Any]) -> list[Row]:
    """The issues (not pull requests) of a listing as [number, title, comments] rows."""
    rows = []
    for i in items:
        if isinstance(i, dict) and "pull_request" not in i:
            row = _row(i.get("number"), str(i.get("title", "")), i.get("comments", 0))
            if row is not None:
                rows.append(row)
    return rows


def issues_by_title(rows: list[Row]) -> dict[str, IssueInfo]:
    """Lower-cased title -> the oldest issue with that title."""
    issues: dict[str, IssueInfo] = {}
    for number, title, count in sorted(rows, key=lambda r: r[0]):
        issues.setdefault(title.lower(), IssueInfo(number, title, count))
    return issues


def read_listing(path: Path, api: str) -> tuple[Pages | None, list[Row]]:
    """The pages and rows of the last listing of ``api`` (None, [] when there is none usable)."""
    try:
        data = json.loads(path.read_text("utf-8"))
        if data.get("api") != api:
            return None, []
        pages = Pages([str(u) for u in data["urls"]], [str(e) for e in data["etags"]])
        rows = [r for r in (_row(*row) for row in data["issues"]) if r is not None]
        return pages, rows
    except (OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError):
        return None, []


def write_listing(path: Path, api: str, pages: Pages, rows: list[Row]) -> None:
    """The cache file, written whole or not at all (temp file + rename; no fsync: a cache)."""
    data = {"api": api, "urls": pages.urls, "etags": pages.etags, "issues": rows}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, json.dumps(data).encode("utf-8"), durable=False)
    except OSError:
        pass  # a cache that cannot be written only costs one unconditional request next time

"""Text and time helpers shared by the GitHub, Mastodon and Staticman backends.

``blogtui.comments.sanitize`` is the one place that knows how to make other people's text safe
for a terminal (control sequences removed, markup never interpreted); this module re-exports what
these backends use from it and adds ``parse_time`` (their ISO 8601 timestamps) and ``find_reply``, which recognises our own reply in a thread
when the server changed its text on the way (sync's check after an unknown outcome).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from blogtui.comments.model import Comment, Draft
from blogtui.comments.sanitize import clean_line, clean_text, safe_url

__all__ = ["clean_line", "clean_text", "find_reply", "parse_time", "safe_url"]


def parse_time(value: Any) -> datetime | None:
    """An API timestamp (ISO 8601, ``Z`` allowed) as an aware datetime (UTC if it names no zone); None if it is not one."""
    if not isinstance(value, str):
        return None
    try:
        dt = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return dt if dt.tzinfo else dt.replace(tzinfo=UTC)


def _norm(text: str) -> str:
    return re.sub(r"\W+", "", text).lower()


def find_reply(
    comments: list[Comment], draft: Draft, *, skew_seconds: float = 600.0
) -> Comment | None:
    """Our reply among a thread's comments, when the server changed its text on the way.

    GitHub gets a quote of the comment replied to in front, Mastodon an @mention and HTML
    escaping; the author is the account's name, not the draft's. So: the newest comment whose
    letters and digits end with the draft's, created after the draft was written (minus skew).
    """
    wanted = _norm(draft.text)
    if not wanted:
        return None
    for c in sorted(comments, key=lambda c: c.created, reverse=True):
        if (
            draft.created is not None
            and (c.created - draft.created).total_seconds() < -skew_seconds
        ):
            break
        if _norm(c.text).endswith(wanted):
            return c
    return None

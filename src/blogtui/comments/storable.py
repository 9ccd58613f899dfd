"""Can a fetched thread be stored as it is? SQLite holds 64-bit integers and valid Unicode only.

A hostile or broken server can send numbers of any size (``likes: 2**64``) and JSON strings with
lone surrogates (``"\\ud800"``, which Python decodes but SQLite cannot encode). Such a thread is an
"unexpected answer" of that one thread (sync records it and keeps the stored copy), never an
exception out of the store. One flat pass over the comments: no recursion over remote data.
"""

from __future__ import annotations

import re
from datetime import datetime

from blogtui.comments.model import Comment, Thread

INT64 = (-(2**63), 2**63 - 1)
_SURROGATE = re.compile("[\ud800-\udfff]")

_TEXT_FIELDS = ("id", "thread", "author", "text", "website", "source", "url")


def storable_int(value: object) -> bool:
    """An int (not a bool) SQLite can hold."""
    return isinstance(value, int) and not isinstance(value, bool) and INT64[0] <= value <= INT64[1]


def _bad_int(value: object) -> bool:
    return not storable_int(value)


def _bad_text(value: object) -> str:
    if not isinstance(value, str):
        return f"is {type(value).__name__}, not text"
    if _SURROGATE.search(value):
        return "is not valid Unicode (a lone surrogate)"
    return ""


def _comment_problem(c: Comment) -> str:
    for name in _TEXT_FIELDS:
        why = _bad_text(getattr(c, name))
        if why:
            return f"a comment's {name} {why}"
    if c.parent is not None and _bad_text(c.parent):
        return f"a comment's parent {_bad_text(c.parent)}"
    if _bad_int(c.likes):
        return "a comment's likes is not a number SQLite can hold"
    if not isinstance(c.created, datetime) or (
        c.modified is not None and not isinstance(c.modified, datetime)
    ):
        return "a comment's date is not a date"
    return ""


def unstorable(thread: Thread) -> str:
    """Why ``thread`` cannot be stored ('' when it can)."""
    if _bad_int(thread.total):
        return "the thread's total is not a number SQLite can hold"
    if thread.etag is not None and _bad_text(thread.etag):
        return f"the thread's ETag {_bad_text(thread.etag)}"
    for w in thread.warnings:
        if _bad_text(w):
            return f"a warning {_bad_text(w)}"
    for c in thread.comments:
        why = _comment_problem(c)
        if why:
            return why
    return ""

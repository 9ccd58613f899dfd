"""What the comments pane says about a thread besides its comments: the status line (online,
offline, syncing, replies waiting) and the problems met reading the thread. Textual ``Content``
assembled from plain strings: a server's message is quoted, never parsed as markup; the colours
are theme variables.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from textual.content import Content

from blogtui.comments.sanitize import clean_line
from blogtui.tui.widgets.comments_lines import relative_time

__all__ = [
    "HOW_TO_CONFIGURE",
    "CommentsStatus",
    "relative_time",
    "status_text",
    "warnings_text",
]

#: the theme's colours for text that is good news, a wait, or a failure (readable on the
#: theme's background, light or dark: Textual derives them from $success, $warning, $error)
OK, WAIT, BAD = "$text-success", "$text-warning", "$text-error"

HOW_TO_CONFIGURE = 'No comment server configured. Add to config.toml:  [comments]  backend = "isso"  url = "https://comments.example.org/"'


@dataclass(frozen=True, slots=True)
class CommentsStatus:
    """What the status line says. ``state``: loading | online | offline | rate-limited |
    syncing | not-configured | error (``until``: rate-limited, when the server takes requests).

    ``source`` names where comments come from ("Isso at …", "comments from the site's
    _data/comments (no server)"); ``local``: they are files of the site, so there is no server to
    be online or offline with. ``waiting``/``refused``: replies in the outbox (all threads)."""

    state: str
    last_sync: datetime | None = None
    message: str = ""
    source: str = ""
    local: bool = False
    waiting: int = 0
    refused: int = 0
    until: datetime | None = None


def status_text(status: CommentsStatus, now: datetime | None = None) -> Content:
    """The status line (the message may quote a server: never markup). Most important first:
    the state and sync time, replies waiting, why a sync failed, then where comments come from,
    so a narrow pane cuts the least useful part (the line ends in an ellipsis). Colours are the
    theme's (``$text-success`` …), readable in a light theme too."""
    last = relative_time(status.last_sync, now)
    if status.state == "not-configured":
        return Content.styled(HOW_TO_CONFIGURE, "dim")
    if status.state == "loading":
        return Content.styled("Loading comments…", "dim")
    parts: list[str | tuple[str, str]]
    if status.state == "online" and status.local:
        parts = [("● local", OK), f" · read {last}"]
    elif status.state == "online":
        parts = [("● online", OK), f" · synced {last}"]
    elif status.state == "syncing":
        parts = [("⟳ syncing…", WAIT), f" · last synced {last}" if status.last_sync else ""]
    elif status.state == "rate-limited":  # reachable: it asks us to wait
        until = status.until.astimezone().strftime("%H:%M") if status.until else "later"
        parts = [("◔ rate-limited", WAIT), f" until {until} · synced {last}"]
    else:
        label = "○ offline" if status.state == "offline" else "✗ sync failed"
        parts = [(label, BAD), f" · last synced {last}"]
    if status.waiting:
        n = status.waiting
        parts.append((f" · {n} repl{'y' if n == 1 else 'ies'} waiting to be sent", f"bold {WAIT}"))
        if status.refused:
            parts.append((f" ({status.refused} refused)", BAD))
    if status.message and status.state in ("offline", "error", "rate-limited"):
        message = status.message
        if (
            message.startswith("thread ") and ": " in message
        ):  # "thread /a.html: why": the pane shows that thread
            message = message.split(": ", 1)[1]
        parts.append((f" · {clean_line(message, limit=160)}", "dim"))
    if status.source:
        parts.append((f" · {clean_line(status.source, limit=80)}", "dim"))
    return Content.assemble(*parts)


def warnings_text(warnings: list[str], limit: int = 3) -> Content:
    """Thread warnings (e.g. comment files skipped): at most ``limit`` lines."""
    s = "s" if len(warnings) != 1 else ""
    parts: list[str | tuple[str, str]] = [
        (f"⚠ {len(warnings)} problem{s} reading this thread:", WAIT)
    ]
    parts.extend("\n  " + clean_line(w, limit=200) for w in warnings[:limit])
    if len(warnings) > limit:
        parts.append((f"\n  … and {len(warnings) - limit} more (see `blogtui sync`)", "dim"))
    return Content.assemble(*parts)

"""What the comments pane says about a thread besides its comments: the status line (online,
offline, syncing, replies waiting) and the problems met reading the thread. Plain Rich Text:
a server's message is quoted, never parsed as markup.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from rich.text import Text

from blogtui.comments.sanitize import clean_line
from blogtui.tui.widgets.comments_lines import relative_time

__all__ = [
    "HOW_TO_CONFIGURE",
    "CommentsStatus",
    "relative_time",
    "status_text",
    "warnings_text",
]

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


def status_text(status: CommentsStatus, now: datetime | None = None) -> Text:
    """The status line as Text (the message may quote a server: never markup). Most important
    first: the state and sync time, replies waiting, why a sync failed, then where comments come
    from, so a narrow pane cuts the least useful part (the line ends in an ellipsis)."""
    last = relative_time(status.last_sync, now)
    if status.state == "not-configured":
        return Text(HOW_TO_CONFIGURE, style="dim")
    if status.state == "loading":
        return Text("Loading comments…", style="dim")
    if status.state == "online" and status.local:
        text = Text.assemble(("● local", "green"), f" · read {last}")
    elif status.state == "online":
        text = Text.assemble(("● online", "green"), f" · synced {last}")
    elif status.state == "syncing":
        text = Text.assemble(
            ("⟳ syncing…", "yellow"), f" · last synced {last}" if status.last_sync else ""
        )
    elif status.state == "rate-limited":  # reachable: it asks us to wait
        until = status.until.astimezone().strftime("%H:%M") if status.until else "later"
        text = Text.assemble(("◔ rate-limited", "yellow"), f" until {until} · synced {last}")
    else:
        label = "○ offline" if status.state == "offline" else "✗ sync failed"
        text = Text.assemble((label, "red"), f" · last synced {last}")
    if status.waiting:
        n = status.waiting
        text.append(
            f" · {n} repl{'y' if n == 1 else 'ies'} waiting to be sent", style="bold yellow"
        )
        if status.refused:
            text.append(f" ({status.refused} refused)", style="red")
    if status.message and status.state in ("offline", "error", "rate-limited"):
        message = status.message
        if (
            message.startswith("thread ") and ": " in message
        ):  # "thread /a.html: why": the pane shows that thread
            message = message.split(": ", 1)[1]
        text.append(f" · {clean_line(message, limit=160)}", style="dim")
    if status.source:
        text.append(f" · {clean_line(status.source, limit=80)}", style="dim")
    return text


def warnings_text(warnings: list[str], limit: int = 3) -> Text:
    """Thread warnings (e.g. comment files skipped) as Text: at most ``limit`` lines."""
    text = Text(
        f"⚠ {len(warnings)} problem{'s' if len(warnings) != 1 else ''} reading this thread:",
        style="yellow",
    )
    for w in warnings[:limit]:
        text.append("\n  " + clean_line(w, limit=200))
    if len(warnings) > limit:
        text.append(f"\n  … and {len(warnings) - limit} more (see `blogtui sync`)", style="dim")
    return text

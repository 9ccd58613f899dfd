"""`blogtui sync`: fetch the comments of every post into the offline store, then post the outbox.

A progress bar (Rich) when stderr is a terminal, a plain summary always; exit 0 when everything
synced, 1 when some threads or replies failed (listed), 2 when there is nothing to sync with
(no blog folder, no comment server configured). Never imports Textual.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from blogtui.commands._common import add_blog_argument, blog_arg, index_blog, open_blog
from blogtui.commands._output import err, out
from blogtui.config import Settings

HELP = "fetch comments for every post into the offline store and post waiting replies"

HOW_TO_CONFIGURE = (
    "no comment server configured. Add to your config.toml:\n"
    "  [comments]\n"
    '  backend = "isso"\n'
    '  url = "https://comments.example.org/"\n'
    '  author = "Your Name"  # used for your replies\n'
    'or backend = "github" / "mastodon" / "staticman" (comments in the site\'s _data/comments): see docs/comments.md'
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_blog_argument(parser, positional=True)
    parser.add_argument(
        "--force", action="store_true", help="refetch every thread, even those that look unchanged"
    )
    parser.add_argument(
        "--no-post",
        dest="post",
        action="store_false",
        help="only fetch; leave waiting replies in the outbox",
    )


def backend_settings(settings: Settings, site: Any = None) -> tuple[str, dict[str, Any]] | None:
    """The backend name and its table, or None when no comment server is configured (and the
    site keeps no comments of its own in _data/comments: see backend.backend_name)."""
    from blogtui.comments.backend import backend_name

    conf = dict(settings.comments)
    name = backend_name(conf, site)
    return (name, conf) if name else None


def thread_refs(posts: list[Any]) -> list[Any]:
    """One ThreadRef per post; drafts and unpublished posts are marked so (``public`` false),
    and the sync engine leaves them out."""
    from blogtui.comments.service import ref_for

    return [ref_for(p) for p in posts]


@contextmanager
def _progress(enabled: bool) -> Iterator[Callable[[int, int, str], None] | None]:
    if not enabled:
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    console = Console(stderr=True)
    with Progress(
        TextColumn("syncing comments"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as bar:
        task = bar.add_task("sync", total=None)

        def update(done: int, total: int, key: str) -> None:
            bar.update(task, completed=done, total=total)

        yield update


def run(args: argparse.Namespace, settings: Settings) -> int:
    site = open_blog(settings, blog_arg(args))
    if site is None:
        return 2
    configured = backend_settings(settings, site)
    if configured is None:
        err(f"blogtui: {HOW_TO_CONFIGURE}")
        return 2
    index = index_blog(settings, site, include_drafts=True)
    refs = thread_refs(index.posts)

    from blogtui.comments.backend import BackendError, create_backend
    from blogtui.comments.store import CommentStore, StoreError
    from blogtui.comments.sync import SyncEngine, SyncPolicy

    name, conf = configured
    try:
        store = CommentStore.from_settings(settings)
    except StoreError as exc:
        err(f"blogtui: {exc}")
        return 2
    try:
        backend = create_backend(name, conf, site=site)
    except BackendError as exc:
        store.close()
        err(f"blogtui: {exc.message}")
        return 2
    policy = SyncPolicy.from_settings(conf, interactive=False)

    async def go() -> Any:
        try:
            return await SyncEngine(backend, store, policy).sync(
                refs, force=args.force, progress=update, post=args.post
            )
        finally:
            await backend.aclose()

    try:
        with _progress(sys.stderr.isatty()) as update:
            report = asyncio.run(go())
    finally:
        store.close()
    print_summary(report, name)
    return 0 if report.ok else 1


#: what a reply's outbox state means, in the words the reader uses
STATE_WORDS = {
    "pending": "waiting",
    "sending": "being sent",
    "unknown": "not sure it was posted",
    "rejected": "refused",
}


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def print_summary(report: Any, backend: str) -> None:
    """Plain text for people and scripts: one summary line, then one line per problem.

    The thread counts add up to the threads asked about (drafts and unpublished posts are not
    asked about); a server that could not be asked at all is said once, as such."""
    connection = report.connection
    if report.error and report.not_asked == report.threads and report.threads:
        what = {"offline": "server unreachable", "rate-limited": "server rate-limited"}.get(
            connection.state, "sync stopped"
        )
        out(
            f"sync {backend}: {what}: {report.error}; "
            f"{_plural(report.threads, 'thread', 'threads')} not asked ({report.seconds:.1f} s)"
        )
    else:
        parts = [f"{report.fetched} fetched", f"{report.unchanged} unchanged"]
        parts.append(f"{len(report.failed)} failed")
        if report.not_asked:
            parts.append(f"{report.not_asked} not asked")
        line = (
            f"synced {backend}: {_plural(report.threads, 'thread', 'threads')} ({', '.join(parts)})"
        )
        line += f"; {_plural(report.new_comments, 'new comment', 'new comments')}"
        if report.posted:
            line += f"; {_plural(len(report.posted), 'reply', 'replies')} posted"
        if report.private:
            line += f"; {report.private} drafts/unpublished not asked about"
        out(f"{line} ({report.seconds:.1f} s)")
        if report.error:
            err(f"blogtui: sync stopped: {report.error}")
    for key, reason in sorted(report.failed.items()):
        err(f"failed\t{key}\t{reason}")
    for warning in getattr(report, "warnings", ()):
        err(f"warning\t{warning}")
    for d in report.unsent:
        err(
            f"not posted\treply #{d.id} on {d.thread}\t"
            f"{STATE_WORDS.get(d.state, d.state)}: {d.error or 'waiting'}"
        )

"""The reader follows the disk: files changed by another editor, ``git pull`` or a branch switch.

A watcher thread (watchfiles: inotify/FSEvents/ReadDirectoryChangesW, debounced) waits for changes
in the blog's posts and drafts folders, reads the changed files with the index's rules
(blog.follow) and posts a :class:`DiskChanged` message; it never touches the screen. The handler,
on the event loop, splices the changes into the index and the list, and the open post follows:
its body is read again at the same reading position, or, deleted, it says so and stays on screen.
A post open in blogtui's editor is the editor's business (its own check notices the change and
asks at save time). ``watch = false`` in config.toml turns this off.

The thread is a plain daemon thread, not a Textual worker: it runs for the whole session, and
``stop()`` (on unmount) ends it within one ``step``.

``DiskFollow`` is an object the reader screen holds (``screen.follow``): the screen starts it
once the index is loaded, routes ``DiskChanged`` to ``changed`` and stops it on unmount. The new
index goes back to the screen through ``ReaderScreen.index_changed``; a changed open post is read
again with ``ReaderScreen.reread``.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from textual.message import Message

from blogtui.blog.follow import Changes, apply_changes, read_changes, watched_folders
from blogtui.blog.index import BlogIndex, Index
from blogtui.blog.post import Post
from blogtui.safe import one_line
from blogtui.tui.services import ReaderServices
from blogtui.tui.widgets.header import PostHeader

if TYPE_CHECKING:
    from blogtui.tui.screens.reader import ReaderScreen

#: the longest a burst of changes is gathered (ms); a quiet ``STEP_MS`` ends a batch sooner
DEBOUNCE_MS = 800
STEP_MS = 100


class DiskChanged(Message):
    """Files of the blog changed on disk (read in the watcher thread)."""

    def __init__(self, changes: Changes) -> None:
        super().__init__()
        self.changes = changes


class DiskWatcher:
    """A daemon thread running watchfiles over ``folders``; each batch, read, goes to ``post``."""

    def __init__(
        self, builder: BlogIndex, folders: list[Path], post: Callable[[DiskChanged], object]
    ) -> None:
        self.builder, self.folders, self.post = builder, folders, post
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._run, name="blogtui-watch", daemon=True)

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        self.stopping.set()

    def _run(self) -> None:
        from watchfiles import watch  # deferred: `blogtui check` never loads it

        try:
            for batch in watch(
                *self.folders,
                debounce=DEBOUNCE_MS,
                step=STEP_MS,
                stop_event=self.stopping,
                raise_interrupt=False,
            ):
                if self.stopping.is_set():
                    return
                changes = read_changes(self.builder, {Path(p) for _change, p in batch})
                self.post(DiskChanged(changes))
        except Exception:  # a watcher that cannot run (no inotify left): the reader still works
            return


class DiskFollow:
    """The reader's part in following the disk."""

    def __init__(self, screen: ReaderScreen, services: ReaderServices) -> None:
        self.screen = screen
        self.services = services
        self.watcher: DiskWatcher | None = None
        #: the open post was deleted on disk (its text stays on screen until another is opened)
        self.deleted_on_disk: Path | None = None

    def start(self) -> None:
        """Start watching the blog's folders (once; not when config says ``watch = false``)."""
        services = self.services
        if self.watcher is not None or not services.settings.watch:
            return
        builder = BlogIndex(services.site, services.settings.cache_dir)
        folders = watched_folders(builder)
        if folders:
            self.watcher = DiskWatcher(builder, folders, self.screen.post_message)
            self.watcher.start()

    def stop(self) -> None:
        if self.watcher is not None:
            self.watcher.stop()

    def changed(self, changes: Changes, index: Index | None, current: Post | None) -> None:
        """Files changed on disk (on the event loop): the reader's ``index``, the list and the
        open post (``current``) follow."""
        screen = self.screen
        if index is None:
            return
        new = apply_changes(index, changes)
        now = (
            None
            if current is None
            else next((p for p in new.posts if p.path == current.path), None)
        )
        screen.index_changed(new, now)  # the list keeps ``now`` selected (rows match by path)
        if current is None or not changes.touches(current.path):
            return
        if now is None:
            self._deleted(current, any(q.path == current.path for q in new.problems))
        elif (now.mtime_ns, now.size) != (current.mtime_ns, current.size):
            self.deleted_on_disk = None
            screen.reread(now)

    def _deleted(self, post: Post, unreadable: bool) -> None:
        """The open post left the disk: its text stays, the header and a toast say so."""
        what = "can no longer be read" if unreadable else "deleted on disk"
        self.deleted_on_disk = post.path
        self.screen.query_one(PostHeader).show_gone(post, f"{what}: this is the text as it was")
        name = f"“{one_line(post.title)}” was" if not unreadable else one_line(post.rel)
        self.screen.notify(f"{name} {what}.", severity="warning", markup=False)

"""The post pane's reading flow: the open post's body read and prepared in a thread worker, then
shown at the right place (a heading's anchor, the reading position to return to, a search hit).

``PostReading`` is an object the reader screen holds (``screen.reading``): the screen calls
``open`` when a post opens, ``reread`` when its file changed on disk, and routes the worker's
``BodyLoaded`` back to ``loaded``, with the post open by then (the user may have moved on).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from textual.message import Message
from textual.worker import get_current_worker

from blogtui.blog.index import Index
from blogtui.blog.post import Post, read_error_message, reading_minutes
from blogtui.safe import strip_controls
from blogtui.tui.screens.reader_broken import problems_note
from blogtui.tui.widgets.header import PostHeader
from blogtui.tui.widgets.postview import PostView

if TYPE_CHECKING:
    from blogtui.tui.screens.reader import ReaderScreen


@dataclass
class LoadedBody:
    post: Post
    markdown: str
    minutes: int | None
    error: str | None = None


class BodyLoaded(Message):
    """The worker read (and prepared) a post's body, or says why it could not."""

    def __init__(self, loaded: LoadedBody) -> None:
        super().__init__()
        self.loaded = loaded


def read_body(post: Post, index: Index | None) -> LoadedBody | None:
    """In a thread: the body as the post view draws it (None: the worker was cancelled)."""
    try:
        body = post.read_body()
    except Exception as exc:  # OSError, SourceError: shown, never raised
        return LoadedBody(post, "", None, read_error_message(exc))
    if get_current_worker().is_cancelled:
        return None
    if index is None:
        markdown = body
    else:
        from blogtui.blog.pipeline import prepare_post  # Liquid, kramdown: when a post opens

        markdown = prepare_post(body, post=post, index=index)
    markdown = problems_note(post) + markdown  # after Liquid: the problems are text
    return LoadedBody(post, strip_controls(markdown), reading_minutes(body))


class PostReading:
    """Reading the open post into the post pane (PostHeader + PostView)."""

    def __init__(self, screen: ReaderScreen) -> None:
        self.screen = screen
        # what to do once the body is shown (set on the event loop, used by ``loaded``)
        self._anchor: str | None = None
        self._search: str = ""  # a full-text hit: find it in the post once it is shown
        self._y: int | None = None  # back/forward: the reading position to return to

    def return_to(self, y: int | None) -> None:
        """The next post shown opens at line ``y`` (back/forward; None: at its top)."""
        self._y = y

    def find_after_load(self, match: str) -> None:
        """The next post shown highlights ``match`` and goes to its first occurrence."""
        self._search = match

    def open(self, post: Post, index: Index | None, anchor: str | None = None) -> None:
        self._anchor = anchor
        self.screen.query_one(PostHeader).show_post(post)
        self._load(post, index)

    def reread(self, post: Post, index: Index | None) -> None:
        """The open post changed on disk: read it again, at the same reading position."""
        self._y = int(self.screen.query_one(PostView).scroll_y)
        self.screen.query_one(PostHeader).show_post(post)
        self._load(post, index)

    def _load(self, post: Post, index: Index | None) -> None:
        self.screen.run_worker(
            partial(self._read, post, index),
            thread=True,
            exclusive=True,
            group="body",
            exit_on_error=False,
            description="reading the post",
        )

    def _read(self, post: Post, index: Index | None) -> None:
        loaded = read_body(post, index)
        if loaded is not None:
            self.screen.post_message(BodyLoaded(loaded))

    def loaded(self, loaded: LoadedBody, current: Post | None) -> None:
        if current is None or loaded.post.path != current.path:
            return  # the user has moved on
        screen = self.screen
        view = screen.query_one(PostView)
        if loaded.error:
            screen.query_one(PostHeader).show_post(loaded.post)
            view.show_markdown(f"**Could not read this post:** {strip_controls(loaded.error)}")
            return
        screen.query_one(PostHeader).show_post(loaded.post, loaded.minutes)
        view.show_markdown(loaded.markdown, source=loaded.post.rel)
        if self._anchor:
            anchor, self._anchor = self._anchor, None
            screen.call_after_refresh(view.goto_anchor, anchor)
        elif self._y:
            y, self._y = self._y, None
            screen.call_after_refresh(view.scroll_to, y=y, animate=False, immediate=True)
        if self._search:
            found, self._search = self._search, ""
            view.set_query(found)  # highlighted; n/N step through the matches
            screen.call_after_refresh(view.action_search_next)

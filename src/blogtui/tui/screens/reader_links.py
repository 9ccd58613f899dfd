"""The reader's links: one decision chain for every link of a post (frogmouth style).

A ``#anchor`` scrolls to its heading, a link to a post of the blog (a ``post_url``, a relative
``.md`` link, the post's URL path or full URL) opens it, an outside link asks first (open or copy).

``LinkFlow`` is an object the reader screen holds (``screen.links``); the screen routes
``PostView.LinkClicked`` to ``follow`` and a post found is opened with ``ReaderScreen.show_post``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlparse

from blogtui.blog.index import Index
from blogtui.blog.post import Post
from blogtui.blog.posthref import parse_post_href
from blogtui.safe import one_line
from blogtui.tui.screens.choice import LinkChoice
from blogtui.tui.services import ReaderServices
from blogtui.tui.widgets.postview import PostView

if TYPE_CHECKING:
    from blogtui.tui.screens.reader import ReaderScreen


class LinkFlow:
    """Following the links of the open post."""

    def __init__(self, screen: ReaderScreen, services: ReaderServices) -> None:
        self.screen = screen
        self.services = services

    def follow(self, href: str, index: Index | None, current: Post | None) -> None:
        """One decision chain for every link (frogmouth style); ``index`` and ``current``: the
        reader's, to find the posts links name (relative to ``current``)."""
        href = href.strip()
        screen = self.screen
        view = screen.query_one(PostView)
        if href.startswith("#"):
            if not view.goto_anchor(unquote(href[1:])):
                screen.notify(
                    f"No heading “{one_line(href)}” in this post.", severity="warning", markup=False
                )
            return
        post_link = parse_post_href(href)
        if post_link is not None:
            target, anchor = post_link
            self.open_post_ref(target, index, anchor or None)
            return
        parsed = urlparse(href)
        if parsed.scheme in ("http", "https", "mailto"):
            site_url = (self.services.site.url or "").rstrip("/")
            if (
                site_url
                and href.startswith(site_url)
                and self._open_local(href[len(site_url) :], index, current)
            ):
                return
            self.confirm_external(href)
            return
        if parsed.scheme:
            self.screen.notify(
                f"Links of type “{one_line(parsed.scheme)}:” are not opened.",
                severity="warning",
                markup=False,
            )
            return
        if self._open_local(href, index, current):
            return
        self.screen.notify(
            f"“{one_line(href)}” is not a post of this blog.", severity="warning", markup=False
        )

    def _open_local(self, href: str, index: Index | None, current: Post | None) -> bool:
        path, _, anchor = href.partition("#")
        if index is None or not path:
            return False
        baseurl = (self.services.site.baseurl or "").rstrip("/")
        candidates = [unquote(path)]
        if baseurl and path.startswith(baseurl):
            candidates.append(unquote(path[len(baseurl) :]))
        if current is not None and not path.startswith("/"):
            candidates.append((Path(current.rel).parent / unquote(path)).as_posix())
        for ref in candidates:
            post = index.find(ref)
            if post is not None:
                self.screen.show_post(post, anchor or None)
                return True
        return False

    def open_post_ref(self, ref: str, index: Index | None, anchor: str | None = None) -> None:
        post = index.find(ref) if index else None
        if post is None:
            self.screen.notify(
                f"No post “{one_line(ref)}” in this blog.", severity="warning", markup=False
            )
            return
        self.screen.show_post(post, anchor)

    def confirm_external(self, url: str) -> None:
        clean = one_line(url)

        def answer(what: str | None) -> None:
            if what == "open":
                self.screen.app.open_url(clean)
                self.screen.notify(f"Opened {clean}", markup=False)
            elif what == "copy":  # OSC 52: the terminal's clipboard, because the user asked
                self.screen.app.copy_to_clipboard(clean)
                self.screen.notify(f"Copied {clean}", markup=False, timeout=3)

        self.screen.app.push_screen(LinkChoice(clean), answer)

"""The reader's links: one decision chain for every link of a post (frogmouth style).

A ``#anchor`` scrolls to its heading, a link to a post of the blog (a ``post_url``, a relative
``.md`` link, the post's URL path or full URL) opens it, an outside link asks first (open or copy).
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlparse

from textual import on

from blogtui.blog.index import Index
from blogtui.blog.post import Post
from blogtui.blog.posthref import parse_post_href
from blogtui.safe import one_line
from blogtui.tui.screens.choice import LinkChoice
from blogtui.tui.screens.reader_broken import BrokenPostsReaderScreen
from blogtui.tui.widgets.postview import PostView


class LinksReaderScreen(BrokenPostsReaderScreen):
    """Following the links of the open post."""

    # provided by ReaderScreen
    index: Index | None

    def show_post(self, post: Post, anchor: str | None = None) -> None:
        raise NotImplementedError

    @on(PostView.LinkClicked)
    def link_clicked(self, event: PostView.LinkClicked) -> None:
        self.follow_link(event.href)

    def follow_link(self, href: str) -> None:
        """One decision chain for every link (frogmouth style)."""
        href = href.strip()
        view = self.query_one(PostView)
        if href.startswith("#"):
            if not view.goto_anchor(unquote(href[1:])):
                self.notify(
                    f"No heading “{one_line(href)}” in this post.", severity="warning", markup=False
                )
            return
        post_link = parse_post_href(href)
        if post_link is not None:
            target, anchor = post_link
            self.open_post_ref(target, anchor or None)
            return
        parsed = urlparse(href)
        if parsed.scheme in ("http", "https", "mailto"):
            site_url = (self.services.site.url or "").rstrip("/")
            if site_url and href.startswith(site_url) and self._open_local(href[len(site_url) :]):
                return
            self.confirm_external(href)
            return
        if parsed.scheme:
            self.notify(
                f"Links of type “{one_line(parsed.scheme)}:” are not opened.",
                severity="warning",
                markup=False,
            )
            return
        if self._open_local(href):
            return
        self.notify(
            f"“{one_line(href)}” is not a post of this blog.", severity="warning", markup=False
        )

    def _open_local(self, href: str) -> bool:
        path, _, anchor = href.partition("#")
        index = self.index
        if index is None or not path:
            return False
        baseurl = (self.services.site.baseurl or "").rstrip("/")
        candidates = [unquote(path)]
        if baseurl and path.startswith(baseurl):
            candidates.append(unquote(path[len(baseurl) :]))
        if self.current is not None and not path.startswith("/"):
            candidates.append((Path(self.current.rel).parent / unquote(path)).as_posix())
        for ref in candidates:
            post = index.find(ref)
            if post is not None:
                self.show_post(post, anchor or None)
                return True
        return False

    def open_post_ref(self, ref: str, anchor: str | None = None) -> None:
        post = self.index.find(ref) if self.index else None
        if post is None:
            self.notify(
                f"No post “{one_line(ref)}” in this blog.", severity="warning", markup=False
            )
            return
        self.show_post(post, anchor)

    def confirm_external(self, url: str) -> None:
        clean = one_line(url)

        def answer(what: str | None) -> None:
            if what == "open":
                self.app.open_url(clean)
                self.notify(f"Opened {clean}", markup=False)
            elif what == "copy":  # OSC 52: the terminal's clipboard, because the user asked
                self.app.copy_to_clipboard(clean)
                self.notify(f"Copied {clean}", markup=False, timeout=3)

        self.app.push_screen(LinkChoice(clean), answer)

"""Command palette: "Open post…" fuzzy-searches every title; plus the reader's actions."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from rich.text import Text
from textual.command import DiscoveryHit, Hit, Hits, Provider

from blogtui.blog.post import MAX_LABELS, Post
from blogtui.safe import one_line

if TYPE_CHECKING:
    from blogtui.tui.screens.reader import ReaderScreen


class PostsProvider(Provider):
    """Jump to any post by (fuzzy) title, category or tag."""

    def _reader(self) -> ReaderScreen | None:
        from blogtui.tui.screens.reader import ReaderScreen

        if not self.app.is_screen_installed("reader"):
            return None
        screen = self.app.get_screen("reader")
        return screen if isinstance(screen, ReaderScreen) else None

    def _posts(self) -> list[Post]:
        screen = self._reader()
        index = screen.index if screen is not None else None
        return list(index.posts) if index is not None else []

    def _to_reader(self) -> ReaderScreen | None:
        screen = self._reader()
        if screen is not None and self.app.screen is not screen:
            self.app.switch_screen("reader")
        return screen

    def _open(self, post: Post) -> None:
        screen = self._to_reader()
        if screen is not None:
            screen.show_post(post)

    def _search_all(self) -> None:
        screen = self._to_reader()
        if screen is not None:
            screen.action_search_all()

    async def discover(self) -> Hits:
        yield DiscoveryHit("Search posts…", self._search_all, help="full-text search (ctrl+f)")
        for post in self._posts()[:30]:
            title = one_line(post.title)
            yield DiscoveryHit(
                Text(f"Open post… {title}"), partial(self._open, post), help=one_line(post.rel)
            )

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        score = matcher.match("Search posts…")
        if score > 0:
            yield Hit(score, matcher.highlight("Search posts…"), self._search_all, help="ctrl+f")
        for post in self._posts():
            title = one_line(post.title)
            haystack = f"Open post… {title}"
            score = matcher.match(haystack)
            if score <= 0:
                # the first labels only: Matcher's time grows fast with the text's length
                labels = [*post.categories[:MAX_LABELS], *post.tags[:MAX_LABELS]]
                extra = " ".join([*labels, post.slug])
                score = matcher.match(extra) * 0.5
            if score > 0:
                label = Text("Open post… ", style="dim")
                label.append(title)
                yield Hit(score, label, partial(self._open, post), help=one_line(post.rel))

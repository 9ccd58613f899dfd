"""The post header: title, date, categories, tags, reading time and the post's URL path.

Categories and tags take a line each at most (the first that fit, then "+N more"): a post with
10,000 tags has a header as small and as quick as any other."""

from __future__ import annotations

from rich.cells import cell_len, set_cell_size
from rich.text import Text
from textual.widgets import Static

from blogtui.blog.post import Post
from blogtui.safe import one_line
from blogtui.tui.render.wrap import first_that_fit
from blogtui.tui.widgets.postlist_rows import post_status


def cut(text: str, width: int | None) -> str:
    """``text`` in at most ``width`` cells, ending in an ellipsis when cut (None: whole)."""
    if width is None or width <= 0 or cell_len(text) <= width:
        return text
    return set_cell_size(text, max(width - 1, 0)) + "…"


def header_text(post: Post, minutes: int | None = None, width: int | None = None) -> Text:
    """The header; ``width``: the URL path is cut to it with an ellipsis, never wrapped."""
    text = Text(one_line(post.title) or post.slug, style="bold")
    status = post_status(post)
    if status:
        text.append(f"  [{status}]", style="italic")
    text.append("\n")
    parts: list[Text] = []
    written = post.date_as_written
    if written is not None:
        parts.append(Text(written.strftime("%Y-%m-%d %H:%M %z").strip()))
    if minutes is not None:
        parts.append(Text(f"{minutes} min read"))
    # each list in at most one line: the first labels that fit, then "+N more"
    room = width or 80
    if post.categories:
        parts.append(
            Text.assemble(("in ", "dim"), first_that_fit(post.categories, room - 3, sep=", "))
        )
    if post.tags:
        parts.append(Text(first_that_fit(post.tags, room, prefix="#")))
    text.append_text(Text("  ·  ", style="dim").join(parts))
    text.append("\n")
    text.append(cut(one_line(post.url), width), style="dim underline")
    return text


class PostHeader(Static):
    _shown: tuple[Post, int | None] | None = None

    def show_post(self, post: Post | None, minutes: int | None = None) -> None:
        self._shown = (post, minutes) if post is not None else None
        if post is None:
            self.update(Text("No post selected", style="dim"))
        else:
            self.update(header_text(post, minutes, self.content_size.width or None))

    def on_resize(self) -> None:
        if self._shown is not None:  # the URL line is cut to the width
            self.update(header_text(*self._shown, self.content_size.width or None))

    def show_gone(self, post: Post, note: str) -> None:
        """The header of a post that left the disk, with ``note`` saying so under it."""
        text = header_text(post, None, self.content_size.width or None)
        text.append(f"\n⚠ {one_line(note)}", style="bold")
        self._shown = None
        self.update(text)

    def show_message(self, message: str) -> None:
        self._shown = None
        self.update(Text(one_line(message), style="dim"))

"""The post header: title, date, categories, tags, reading time and the post's URL path."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from blogtui.blog.post import Post
from blogtui.safe import one_line
from blogtui.tui.widgets.postlist import post_status


def header_text(post: Post, minutes: int | None = None) -> Text:
    text = Text(one_line(post.title) or post.slug, style="bold")
    status = post_status(post)
    if status:
        text.append(f"  [{status}]", style="italic")
    text.append("\n")
    meta: list[tuple[str, str]] = []
    if post.date is not None:
        meta.append((post.date.strftime("%Y-%m-%d %H:%M %z").strip(), ""))
    if minutes is not None:
        meta.append((f"{minutes} min read", ""))
    for i, (value, style) in enumerate(meta):
        if i:
            text.append("  ·  ", style="dim")
        text.append(value, style=style)
    if post.categories:
        text.append("\nin ", style="dim")
        text.append(", ".join(one_line(c) for c in post.categories))
    if post.tags:
        text.append("\ntags ", style="dim")
        text.append(" ".join("#" + one_line(t) for t in post.tags))
    text.append("\n")
    text.append(one_line(post.url), style="dim underline")
    return text


class PostHeader(Static):
    DEFAULT_CSS = """
    PostHeader {
        padding: 0 1;
        border-bottom: solid $primary 50%;
        height: auto;
    }
    """

    def show_post(self, post: Post | None, minutes: int | None = None) -> None:
        if post is None:
            self.update(Text("No post selected", style="dim"))
        else:
            self.update(header_text(post, minutes))

    def show_message(self, message: str) -> None:
        self.update(Text(one_line(message), style="dim"))

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
    parts: list[Text] = []
    if post.date is not None:
        parts.append(Text(post.date.strftime("%Y-%m-%d %H:%M %z").strip()))
    if minutes is not None:
        parts.append(Text(f"{minutes} min read"))
    if post.categories:
        parts.append(Text.assemble(("in ", "dim"), ", ".join(one_line(c) for c in post.categories)))
    if post.tags:
        parts.append(Text(" ".join("#" + one_line(t) for t in post.tags)))
    text.append_text(Text("  ·  ", style="dim").join(parts))
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

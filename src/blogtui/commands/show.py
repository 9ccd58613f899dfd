"""`blogtui show POST`: print a post as the reader shows it (header and body), like `glow FILE`.

Colours and styles on a terminal; plain text (no escape sequences) when piped or with --plain.
The same pipeline as the reader (Liquid, kramdown, HTML -> blocks), drawn with Rich at a fixed
width; Textual's app loop never starts. Exit 2: no such file; 1: the file cannot be read.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from blogtui.commands._common import add_blog_argument, blog_arg
from blogtui.config import Settings
from blogtui.safe import one_line

if TYPE_CHECKING:
    from rich.text import Text

    from blogtui.blog.post import Post

HELP = "print a post as the reader shows it (colours on a terminal, plain text when piped)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("post", metavar="POST", help="the post's file")
    parser.add_argument("--width", type=int, metavar="N", help="line width (default: terminal)")
    parser.add_argument("--plain", action="store_true", help="no colours or styles")
    add_blog_argument(parser)  # the blog its links and site.* come from (default: the one it is in)


def _header(title: str, post: Post | None, minutes: int | None, width: int = 80) -> Text:
    """The reader's header; categories and tags a line each at most (then "+N more")."""
    from rich.text import Text

    from blogtui.tui.render.wrap import first_that_fit

    text = Text(one_line(title), style="bold")
    parts: list[str] = []
    written = post.date_as_written if post is not None else None
    if written is not None:
        parts.append(written.strftime("%Y-%m-%d %H:%M %z").strip())
    if minutes is not None:
        parts.append(f"{minutes} min read")
    if post is not None and post.categories:
        parts.append("in " + first_that_fit(post.categories, width - 3, sep=", "))
    if post is not None and post.tags:
        parts.append(first_that_fit(post.tags, width, prefix="#"))
    if parts:
        text.append("\n" + "  ·  ".join(parts), style="dim")
    if post is not None and post.url:  # cut as the reader does (10,000 categories are in it)
        url = one_line(post.url)
        if len(url) > width:
            url = url[: width - 1] + "…"
        text.append("\n" + url, style="dim underline")
    return text


def _load(
    path: Path, settings: Settings, blog: str | None
) -> tuple[str, dict[str, Any], Any, Any, Post | None]:
    """(body, metadata, site, index, post). Raises OSError / SourceError."""
    from blogtui.blog.post import build_post
    from blogtui.blog.site import find_blog, open_site
    from blogtui.blog.source import decode, parse_text

    text, _bom = decode(path.read_bytes())
    split, metadata = parse_text(text)
    site = index = post = None
    root = settings.blog_path(blog) if blog else find_blog(path)
    if root is not None:
        from blogtui.blog.index import load_index

        site = open_site(root).with_overrides(**settings.site)
        try:
            index = load_index(site, settings.cache_dir)
        except Exception:  # links to other posts are a nicety here
            index = None
        if index is not None:
            post = next((p for p in index.posts if p.path == path), None)
        if post is None:
            try:
                kind = "draft" if "_drafts" in path.parts else "post"
                post = build_post(site, path, kind, metadata)
            except Exception:
                post = None
    return split.body, metadata, site, index, post


def run(args: argparse.Namespace, settings: Settings) -> int:
    from blogtui.blog.pipeline import prepare_post
    from blogtui.blog.post import read_error_message, reading_minutes
    from blogtui.blog.source import SourceError

    path = Path(args.post).expanduser()
    if not path.is_file():
        what = "is a folder, not a post" if path.is_dir() else "no such file"
        print(f"blogtui: {one_line(str(path))}: {what}", file=sys.stderr)
        return 2
    path = path.resolve()
    try:
        body, metadata, site, index, post = _load(path, settings, blog_arg(args))
    except (OSError, SourceError) as exc:
        reason = one_line(read_error_message(exc))
        print(f"blogtui: {one_line(str(path))}: cannot be read: {reason}", file=sys.stderr)
        return 1
    markdown = prepare_post(body, site=site, post=post, index=index, metadata=metadata)
    title = post.title if post is not None else str(metadata.get("title") or path.stem)
    return _print(title, post, reading_minutes(body), markdown, args)


def _print(title: str, post: Post | None, minutes: int, markdown: str, args: Any) -> int:
    from rich.console import Console

    from blogtui.tui.render.text import render_lines

    tty = sys.stdout.isatty()
    width = args.width or (shutil.get_terminal_size((80, 24)).columns if tty else 80)
    width = max(20, width)
    styled = tty and not args.plain
    lines = [
        _header(title, post, minutes, width),
        *_blank(),
        *render_lines(markdown, width, styled=styled),
    ]
    if not styled:
        out = sys.stdout
        for line in lines:
            out.write(line.plain + "\n")
        return 0
    console = Console(width=width, highlight=False, soft_wrap=True, markup=False, emoji=False)
    for line in lines:
        console.print(line)
    return 0


def _blank() -> list[Text]:
    from rich.text import Text

    return [Text("")]

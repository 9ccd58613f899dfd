"""A post's body -> the Markdown the post view draws: one pipeline for the reader, the editor's
preview and ``blogtui show``.

Jekyll's order: Liquid first (``blogtui.blog.liquid``, with ``page``/``site``/``site.data``), then
what kramdown would do (``blogtui.blog.markup``: links to posts, code blocks, attribute lists).
HTML left in the result is turned into terminal text by the renderer. Never raises.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from blogtui.blog import markup

if TYPE_CHECKING:
    from blogtui.blog.index import Index
    from blogtui.blog.post import Post
    from blogtui.blog.site import Site

__all__ = ["prepare_post", "preview_post"]


def _resolver(index: Index | None) -> markup.Resolver | None:
    if index is None:
        return None

    def resolve(ref: str) -> str | None:
        post = index.find(ref)
        return post.rel if post else None

    return resolve


def prepare_post(
    body: str,
    *,
    site: Site | None = None,
    post: Post | None = None,
    index: Index | None = None,
    metadata: dict[str, Any] | None = None,
) -> str:
    """``body`` (front matter already removed) as Markdown for the post view."""
    if site is None and index is not None:
        site = index.site
    if "{{" in body or "{%" in body:
        from blogtui.blog import liquid, liquid_context

        posts = index.posts if index is not None and "site.posts" in body else ()
        variables = liquid_context.variables(site, post, posts, metadata=metadata)
        includes = site.root / "_includes" if site is not None else None
        body = liquid.render(body, variables, includes)
    return markup.prepare(body, _resolver(index))


def preview_post(
    text: str, body: str, *, site: Site | None, path: Path | None, index: Index | None = None
) -> str:
    """The editor's preview: ``body`` (all or part of the buffer ``text``) through the same
    pipeline, ``page`` taken from the buffer's front matter as it is now, links to posts
    resolved through ``index``. Never raises: half-typed text previews as it is."""
    from blogtui.blog.post import build_post
    from blogtui.blog.source import parse_text

    metadata: dict[str, Any] = {}
    post = None
    try:
        _split, metadata = parse_text(text)
        if site is not None and path is not None:
            kind = "draft" if "_drafts" in Path(path).parts else "post"
            post = build_post(site, Path(path), kind, metadata)
    except Exception:  # a half-typed front matter: the preview still shows the body
        post = None
    try:
        return prepare_post(body, site=site, post=post, index=index, metadata=metadata)
    except Exception:  # a Liquid tag half typed: the body as it is rather than nothing
        return body

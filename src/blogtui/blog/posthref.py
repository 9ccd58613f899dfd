"""Links between the posts of a blog: the ``blogtui-post:`` hrefs that ``{% post_url %}`` and
``{% link %}`` become, and the ``blogtui-missing:`` href of one that names no post."""

from __future__ import annotations

from urllib.parse import quote, unquote

#: Href scheme of a link to another post of the blog: ``blogtui-post:<relative path>[#anchor]``.
POST_SCHEME = "blogtui-post:"
#: Href of a link whose ``{% link %}``/``{% post_url %}`` names no post: drawn as its text + "(missing)".
MISSING_SCHEME = "blogtui-missing:"


def post_href(rel: str) -> str:
    """The href of a link to the post at ``rel`` (spaces and brackets quoted so links survive)."""
    return POST_SCHEME + quote(rel, safe="/-._~!$&'*+,;=:@")


def parse_post_href(href: str) -> tuple[str, str] | None:
    """``blogtui-post:`` href -> (relative path, anchor or ""); None for any other href."""
    if not href.startswith(POST_SCHEME):
        return None
    rel, _, anchor = href[len(POST_SCHEME) :].partition("#")
    return unquote(rel), unquote(anchor)

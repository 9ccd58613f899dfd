"""Index.find()'s table: every name a link or a Liquid tag may give a post, most exact first."""

from __future__ import annotations

import posixpath
from collections.abc import Iterator
from typing import TYPE_CHECKING
from urllib.parse import unquote

if TYPE_CHECKING:
    from blogtui.blog.post import Post


def _strip_ext(path: str) -> str:
    head, dot, ext = path.rpartition(".")
    return head if dot and "/" not in ext and head and not head.endswith("/") else path


def _url_forms(url: str) -> list[str]:
    """A URL path as links write it: as is, without the final "/", with "index.html", unescaped."""
    forms = [url]
    if url.endswith("/") and len(url) > 1:
        forms += [url.rstrip("/"), url + "index.html"]
    elif url.endswith("/index.html"):
        forms += [url[: -len("index.html")], url[: -len("/index.html")]]
    if "%" in url:
        forms += [unquote(f) for f in list(forms)]
    return forms


def _build_table(posts: list[Post]) -> dict[str, Post]:
    """Every name find() accepts -> post. Kinds of names are added in priority order (paths, then
    URLs, then ``post_url`` names, then bare file names), and the newest post wins within a kind
    (``posts`` is newest first): the same answers as comparing every post in that order."""
    table: dict[str, Post] = {}
    put = table.setdefault
    for p in posts:
        put("\0rel:" + p.rel, p)
    for p in posts:
        put(p.rel, p)
        put("/" + p.rel, p)
    for p in posts:
        for form in _url_forms(p.url):
            put(form, p)
    for p in posts:
        if p.page_path != p.url:
            for form in _url_forms(p.page_path):
                put(form, p)
    for p in posts:
        # post_url: "2020-10-25-name", "cat/2020-10-25-name" for _posts/cat/... and cat/_posts/...
        parts = [seg for seg in _strip_ext(p.rel).split("/") if seg not in ("_posts", "_drafts")]
        put("/".join(parts), p)
        put("/" + "/".join(parts), p)
        put(_strip_ext(p.rel), p)
    for p in posts:
        name = p.path.name
        put(name, p)
        put(_strip_ext(name), p)
    return table


def _candidates(ref: str) -> Iterator[str]:
    """The table keys to try for a reference, most exact first."""
    yield ref
    plain = unquote(ref) if "%" in ref else ref
    if plain != ref:
        yield plain
    norm = posixpath.normpath(plain)
    if norm != plain and norm != ".":
        yield norm
    if ref.endswith("/") and len(ref) > 1:
        yield ref.rstrip("/")
    if plain.startswith("/"):
        yield plain.lstrip("/")
    last = plain.rstrip("/").rsplit("/", 1)[-1]
    if last and last != plain:
        yield last
        yield _strip_ext(last)

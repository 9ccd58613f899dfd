"""kramdown syntax reads as the built page: attribute lists and extensions vanish, a link to a
post that does not exist keeps its text and says so."""

from __future__ import annotations

from pathlib import Path

from blogtui.blog.index import load_index
from blogtui.blog.pipeline import prepare_post
from blogtui.blog.site import open_site
from blogtui.tui.render.blocks import iter_links
from blogtui.tui.render.text import layout, render_text


def test_attribute_lists_after_links_images_and_spans_vanish() -> None:
    md = (
        '{::options parse_block_html="true" /}\n'
        'A [link](https://e.org){: target="_blank"} and ![chart](/c.png){: .center width="50%"}'
        " and *this*{: .red} end.\n{: .lead}\n\n"
        "{::comment}\nAuthor's note, never published.\n{:/comment}\n\nAfter.\n"
    )
    assert render_text(prepare_post(md)) == (
        "A link and [image: chart] (/c.png) and this end.\n\nAfter."
    )


def _blog(tmp_path: Path) -> Path:
    (tmp_path / "_posts").mkdir()
    (tmp_path / "_config.yml").write_text("title: T\n", encoding="utf-8")
    (tmp_path / "_posts" / "2024-01-02-hello.md").write_text("---\ntitle: Hi\n---\nx\n", "utf-8")
    return tmp_path


def test_a_link_to_a_missing_post_keeps_its_text_and_says_missing(tmp_path: Path) -> None:
    index = load_index(open_site(_blog(tmp_path)))
    md = (
        "See [the old post]({% link _posts/2000-01-01-gone.md %}) and "
        "{% post_url 2000-01-01-gone %}, but [hello]({% post_url 2024-01-02-hello %}).\n"
    )
    out = prepare_post(md, index=index)
    assert render_text(out) == (
        "See the old post (missing) and 2000-01-01-gone (missing), but hello."
    )
    hrefs = [href for block in layout(out) for *_, href in iter_links(block.links)]
    assert hrefs == ["blogtui-post:_posts/2024-01-02-hello.md"]

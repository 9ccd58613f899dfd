"""HTML in posts reads as the browser shows it: text, links, images, tables, never tags."""

from __future__ import annotations

import pytest

from blogtui.blog.html_text import html_to_markdown
from blogtui.tui.render.blocks import iter_links
from blogtui.tui.render.text import layout, render_text

CASES = [
    ("paragraphs and entities", "<p>A <b>bold</b> &eacute;t&eacute; &lt;tag&gt; *star*</p>",
     "A bold été <tag> *star*"),
    ("inline tags in Markdown", "Say <em>this</em>, <strong>that</strong>, <code>x()</code>,<br>"
     "then <kbd>Ctrl</kbd><!-- a note -->.", "Say this, that, x(),\nthen Ctrl."),
    ("image", '<img src="/img/cat.png" alt="A cat">', "[image: A cat] (/img/cat.png)"),
    ("figure and caption",
     '<figure><img src="/c.png" alt="Cat"><figcaption>Our cat.</figcaption></figure>',
     "[image: Cat] (/c.png)\n\nOur cat."),
    ("iframe", '<iframe src="https://www.youtube.com/embed/abc" title="The talk"></iframe>',
     "[video: The talk] (https://www.youtube.com/embed/abc)"),
    ("video with a source", '<video controls>\n<source src="/v.mp4" type="video/mp4">\n</video>',
     "[video] (/v.mp4)"),
    ("audio", '<audio src="/a.mp3" title="Episode 1"></audio>', "[audio: Episode 1] (/a.mp3)"),
    ("details", "<details><summary>Spoiler</summary><p>It was the butler.</p></details>",
     "Spoiler\n\nIt was the butler."),
    ("script and style vanish", "<script>alert('x')</script><style>p { color: red }</style>"
     "<p>Visible</p>", "Visible"),
    ("comment only", "<!-- nothing to see -->", ""),
    ("lists", "<ul><li>one</li><li>two<ol><li>sub</li></ol></li></ul>",
     "• one\n• two\n  1. sub"),
    ("heading", "<h2>Section</h2><p>Text</p>", "## Section\n\nText"),
    ("table", "<table><tr><th>Name</th><th>Role</th></tr><tr><td>Ann</td><td>a | b</td></tr>"
     "</table>",
     "┌──────┬───────┐\n│ Name │ Role  │\n├──────┼───────┤\n│ Ann  │ a | b │\n└──────┴───────┘"),
    ("pre", "<pre><code>if a &lt; b:\n    go()</code></pre>", " if a < b:\n     go()"),
    ("markup-looking text stays text", "<p>[bold]not markup[/bold] \x1b[31mred</p>",
     "[bold]not markup[/bold] red"),
]  # fmt: skip


@pytest.mark.parametrize(("html", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_html_reads_as_the_browser_shows_it(html: str, expected: str) -> None:
    assert render_text(html + "\n", 60) == expected


def test_links_in_html_are_links() -> None:
    md = '<p>Read <a href="https://example.org/x">the docs</a>.</p>\n\nOr <a href="/y">this</a>.\n'
    assert render_text(md) == "Read the docs.\n\nOr this."
    hrefs = [href for block in layout(md) for *_, href in iter_links(block.links)]
    assert hrefs == ["https://example.org/x", "/y"]


def test_no_control_characters_survive() -> None:
    out = html_to_markdown("<p>a\x07b\x1b]8;;x\x07c</p>")
    assert not any(ord(ch) < 32 and ch != "\n" for ch in out)


def test_kramdown_markdown_1_content_reads_as_markdown() -> None:
    quotes = "\n\n".join(
        f'<div class="quote" markdown="1">\n> *Quote {i}* said **someone**\n</div>'
        for i in range(3)
    )
    md = (
        quotes
        + '\n\n<span markdown="span">a `span`</span> and <section markdown="block">\n- x\n</section>\n'
    )
    assert render_text(md, 60) == (
        "▌ Quote 0 said someone\n\n▌ Quote 1 said someone\n\n▌ Quote 2 said someone\n\n"
        "a span and\n\n• x"
    )

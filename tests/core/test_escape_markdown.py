"""Someone else's words put into Markdown render as those words (blogtui.safe.escape_markdown).

The one escaper for a comment turned from HTML into Markdown, a problem's message in the post
view, the name of a missing link target: parsed by the app's own Markdown parser, the escaped text
is one paragraph whose text is the original, whatever Markdown it looked like.
"""

from __future__ import annotations

import pytest

from blogtui.blog.mdparse import make_parser
from blogtui.safe import escape_markdown

HOSTILE = [
    "*not emphasis* and _not either_ and **nor this**",
    "[a link](https://example.com) and ![an image](x.png) and <https://auto.link>",
    "<b>html</b> <script>alert(1)</script> <!-- comment -->",
    "&copy; &amp; &#42; entities stay as typed",
    "`code` and ``more code`` and ~~struck~~",
    "# not a heading",
    "## nor this\n- not a list\n+ nor this\n* nor this",
    "1. not an ordered list\n2) nor this",
    "a line\n===",
    "a line\n---",
    "---\ntitle: not front matter\n---",
    "Term\n: not a definition",
    "> not a quote",
    "| not | a table |\n|---|---|\n| x | y |",
    "[^1] not a footnote\n\n[^1]: nor its text",
    "- [ ] not a task",
    "{{ not liquid }} {% nor this %} {: .nor-kramdown}",
    "back\\slash \\* and a trailing \\",
    "a_b_c snake_case_words 2*3*4",
]


def text_of(markdown: str) -> str:
    """The text a reader sees (paragraphs apart by a blank line), or an AssertionError naming
    the Markdown that came out. A bare URL may become a link (linkify): its text stays."""
    tokens = make_parser().parse(markdown)
    paragraphs = []
    for opening, inline, closing in zip(tokens[::3], tokens[1::3], tokens[2::3], strict=True):
        assert (opening.type, inline.type, closing.type) == (
            "paragraph_open",
            "inline",
            "paragraph_close",
        ), [t.type for t in tokens]
        out = []
        for child in inline.children or []:
            if child.type in ("link_open", "link_close"):
                assert child.markup == "linkify", child
                continue
            assert child.type in ("text", "softbreak", "text_special"), child.type
            out.append("\n" if child.type == "softbreak" else child.content)
        paragraphs.append("".join(out))
    return "\n\n".join(paragraphs)


@pytest.mark.parametrize("text", HOSTILE)
def test_escaped_text_renders_as_itself(text: str) -> None:
    assert text_of(escape_markdown(text)) == text


@pytest.mark.parametrize(
    "text", ["e.g. 3.5 - fine", "a-b (c) 2+2 #hashtag", "Reply: yes!", "Tom & Jerry"]
)
def test_ordinary_punctuation_is_left_alone(text: str) -> None:
    """The escaped text is stored (comments): only what Markdown could read is escaped."""
    assert escape_markdown(text) == text

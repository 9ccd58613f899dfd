"""The split of a post is python-frontmatter's handler with Jekyll's rules (blog.source)."""

from __future__ import annotations

import frontmatter
import pytest

from blogtui.blog.source import FRONT_MATTER, SourceError, parse_text


def test_the_handler_splits_as_jekyll_does() -> None:
    text = "---\ntitle: Hello\ntags: [a, b]\n...\nBody line\n"
    yaml_text, body = FRONT_MATTER.split(text)
    assert (yaml_text, body) == ("title: Hello\ntags: [a, b]\n", "Body line\n")
    assert FRONT_MATTER.load(yaml_text) == {"title": "Hello", "tags": ["a", "b"]}
    # python-frontmatter itself, given our handler, reads the same metadata
    assert frontmatter.loads(text, handler=FRONT_MATTER).metadata["title"] == "Hello"


@pytest.mark.parametrize(
    "text",
    [
        "\n---\ntitle: x\n---\nbody",  # a blank line first: Jekyll sees no front matter
        "--- \ntitle: x\n",  # never closed
        "----\ntitle: x\n----\n",  # not the delimiter
        "title: x\n---\n",
    ],
)
def test_no_front_matter_where_jekyll_sees_none(text: str) -> None:
    assert not FRONT_MATTER.detect(text)
    found, metadata = parse_text(text)
    assert metadata == {} and found.body == text


def test_the_body_keeps_the_users_bytes() -> None:
    text = "---\r\ntitle: x\r\n---\r\n  indented first line\r\n\r\n\tend "
    found, _ = parse_text(text)
    assert found.body == "  indented first line\r\n\r\n\tend "
    assert found.body_line == 4


def test_unsafe_yaml_is_refused_with_its_line() -> None:
    with pytest.raises(SourceError) as err:
        parse_text("---\ntitle: x\nx: !!python/object/apply:os.system [ls]\n---\n")
    assert err.value.line == 3

"""Core Markdown parsing: control-sequence stripping, slugs, chunked parsing = whole parsing."""

from __future__ import annotations

import pytest
from tests.conftest import CORPUS, requires_corpus

from blogtui.blog.mdparse import (
    ChunkedParse,
    Slugger,
    heading_id,
    iter_chunks,
    make_parser,
    strip_controls,
)


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("a\x1b[31mred\x1b[0m b", "ared b"),  # CSI colour
        ("x\x1b]52;c;ZXZpbA==\x07y", "xy"),  # OSC 52 clipboard write, BEL-terminated
        ("x\x1b]52;c;ZXZpbA==\x1b\\y", "xy"),  # OSC 52, ST-terminated
        ("\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\", "click"),  # OSC 8 hyperlink
        ("ding\x07dong", "dingdong"),  # BEL
        ("a\x9b31mb", "ab"),  # 8-bit CSI
        ("a\x1bcb", "ab"),  # RIS (full reset)
        ("tab\tand\nnewline", "tab\tand\nnewline"),  # kept
        ("crlf\r\nline\rcr", "crlf\nline\ncr"),
        ("del\x7f nul\x00", "del nul"),
        ("[bold]literal[/]", "[bold]literal[/]"),  # markup is not our business here: kept verbatim
    ],
)
def test_strip_controls(raw: str, clean: str) -> None:
    assert strip_controls(raw) == clean


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Introduction To The Blog Theme", "introduction-to-the-blog-theme"),
        ("What's new in 3.12?", "whats-new-in-312"),
        ("Ünïcode straße", "ünïcode-straße"),
        ("  spaced  out ", "spaced--out"),
        ("C++ & Rust", "c--rust"),
    ],
)
def test_heading_id(text: str, slug: str) -> None:
    assert heading_id(text) == slug


def test_slugger_makes_anchors_unique() -> None:
    slug = Slugger()
    assert [slug("Code"), slug("Code"), slug("Code-1"), slug("!!!")] == [
        "code",
        "code-1",
        "code-1-1",
        "section",
    ]


def test_parser_has_the_plugins_the_view_draws() -> None:
    md = make_parser()
    text = "---\ntitle: x\n---\n# H\n\nTerm\n: def\n\n- [x] done\n\nA[^1] ~~s~~\n\n[^1]: note\n\n| a |\n|---|\n| b |\n"
    types = {t.type for t in md.parse(text)}
    assert {"front_matter", "dl_open", "footnote_reference_open", "table_open"} <= types
    inline = [c.type for t in md.parse(text) if t.children for c in t.children]
    assert (
        "footnote_ref" in inline and "s_open" in inline and "html_inline" in inline
    )  # task checkbox


def _html(tokens) -> str:  # type: ignore[no-untyped-def]
    md = make_parser()
    return md.renderer.render(tokens, md.options, {})


def _chunked(text: str, first: int, size: int) -> tuple[str, int]:
    parse = ChunkedParse(text, first=first, size=size)
    tokens = []
    chunks = 0
    while (part := parse.next_tokens()) is not None:
        tokens += part
        chunks += 1
    return _html(tokens), chunks


LONG = """# Title

Intro with a reference [link][ref] and a footnote.[^late]

```python
def f():

    return 1
```

<!--
a comment

Still in the comment
-->

* item one

* item two

1. first

2. second

Paragraph after lists.

> quote

> another quote

Term
: definition

| a | b |
|---|---|
| 1 | 2 |

Closing words.

[ref]: https://example.com/ref "Title"
[^late]: Defined at the very end.
"""


def test_chunks_concatenate_to_the_text() -> None:
    text = LONG * 5
    assert "".join(iter_chunks(text, first=50, size=50)) == text


def test_chunked_parse_equals_whole_parse() -> None:
    text = LONG * 3
    whole = _html(make_parser().parse(text))
    chunked, chunks = _chunked(text, first=40, size=40)
    assert chunks > 5
    assert chunked == whole
    assert 'href="https://example.com/ref"' in chunked  # reference defined after use, other chunk


def test_footnote_numbering_survives_chunks() -> None:
    text = (
        "A[^x] and B[^y].\n\n"
        + "Filler paragraph.\n\n" * 50
        + "[^y]: why\n[^x]: ex\n\nLater[^x].\n"
    )
    parse = ChunkedParse(text, first=30, size=30)
    refs = []
    while (tokens := parse.next_tokens()) is not None:
        refs += [
            c.meta["id"]
            for t in tokens
            if t.children
            for c in t.children
            if c.type == "footnote_ref"
        ]
    assert refs == [0, 1, 0]


@requires_corpus
def test_chunked_parse_matches_on_the_corpus() -> None:
    files = sorted(CORPUS.rglob("*.md"))[::10]
    assert files
    for path in files:
        text = strip_controls(path.read_text(encoding="utf-8", errors="replace"))
        whole = _html(make_parser().parse(text))
        chunked, _ = _chunked(text, first=300, size=300)
        assert chunked == whole, path


def test_mdparse_is_core_and_does_not_import_textual_or_rich() -> None:
    import os
    import subprocess
    import sys

    from tests.conftest import ROOT

    code = (
        "import sys, blogtui.blog.mdparse; print('textual' in sys.modules, 'rich' in sys.modules)"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )
    assert out.stdout.strip() == "False False"


def test_a_bare_link_in_a_huge_paragraph_is_still_a_link_wherever_it_sits() -> None:
    """linkify's pretest runs window by window over a long paragraph (one search over 2 MB held
    the GIL for 0.7 s): a link across a window's edge is still found."""
    from blogtui.blog.mdparse import PRETEST_WINDOW, parse

    for at in (PRETEST_WINDOW - 7, PRETEST_WINDOW * 2 - 3, PRETEST_WINDOW * 3):
        text = "a" * at + " www.example.com/x " + "word " * 40_000
        links = [t for t in parse(text) if t.type == "inline"][0].children or []
        assert [t.attrGet("href") for t in links if t.type == "link_open"] == [
            "http://www.example.com/x"
        ]
    assert not any(t.type == "link_open" for t in parse("word " * 60_000)[1].children or [])

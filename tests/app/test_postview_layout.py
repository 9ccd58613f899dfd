"""Layout without a terminal: tokens -> blocks -> lines, for every corpus post and a few rules."""

from __future__ import annotations

from tests.conftest import CORPUS, requires_corpus

from blogtui.blog.mdparse import ChunkedParse
from blogtui.tui.render.blocks import Block
from blogtui.tui.render.builder import Builder
from blogtui.tui.render.highlight import highlight_block
from blogtui.tui.render.paint import overlay, pieces


def layout(text: str, width: int = 60, chunk: int = 12_000) -> tuple[list[Block], Builder]:
    parse = ChunkedParse(text, first=chunk, size=chunk)
    builder = Builder()
    blocks: list[Block] = []
    while (tokens := parse.next_tokens()) is not None:
        blocks += builder.feed(tokens, parse.env)
    blocks += builder.finish(parse.env)
    builder.finish_tocs()
    for block in blocks:
        block.wrap(width)
    return blocks, builder


def plain(blocks: list[Block]) -> list[str]:
    out = []
    for block in blocks:
        out += ["".join(t for t, _ in block.gap_prefix).rstrip()] * block.gap
        for line in range(len(block.breaks)):
            prefix = "".join(t for t, _ in (block.first if line == 0 else block.rest))
            start, end = block.span(line)
            out.append((prefix + block.text[start:end]).rstrip())
    return out


def test_tight_and_loose_lists_and_gaps() -> None:
    blocks, _ = layout("Para.\n\n* a\n* b\n\n1. one\n\n2. two\n\nEnd.\n")
    assert plain(blocks) == ["Para.", "", "• a", "• b", "", "1. one", "", "2. two", "", "End."]


def test_code_in_a_list_keeps_indentation_and_background_prefix() -> None:
    blocks, _ = layout("* item\n\n  ```\n  code here\n  ```\n")
    assert plain(blocks) == ["• item", "", "   code here"]  # 2 for the item, 1 pad
    code = blocks[-1]
    assert code.fill and code.rest[-1][1] == code.fill  # the pad cell has the code background


def test_same_document_in_small_chunks_lays_out_the_same() -> None:
    text = "# T\n\n" + "\n\n".join(
        f"Paragraph {i} with a [ref] and a note.[^n]" for i in range(200)
    )
    text += "\n\n[ref]: https://example.com\n[^n]: The note.\n"
    whole, _ = layout(text, chunk=10**9)
    chunked, _ = layout(text, chunk=300)
    assert plain(whole) == plain(chunked)
    assert plain(chunked)[-1] == "[1] The note."


def test_overlay_splits_pieces() -> None:
    from array import array

    runs = array("I", [2, 6, 7])
    base = pieces(runs, 0, 10)
    assert base == [(0, 2, 0), (2, 6, 7), (6, 10, 0)]
    assert overlay(base, [(4, 8, "hl")]) == [
        (0, 2, 0, None),
        (2, 4, 7, None),
        (4, 6, 7, "hl"),
        (6, 8, 0, "hl"),
        (8, 10, 0, None),
    ]


@requires_corpus
def test_every_corpus_post_lays_out_at_two_widths() -> None:
    files = sorted(p for p in CORPUS.rglob("*") if p.suffix in {".md", ".markdown", ".html"})
    assert len(files) > 500
    for path in files[::6]:
        blocks, _ = layout(path.read_text(encoding="utf-8", errors="replace"), chunk=2000)
        for width in (80, 25):
            for block in blocks:
                block.wrap(width)
                if block.lang:
                    highlight_block(block)
                for line in range(len(block.breaks)):
                    start, end = block.span(line)
                    pieces(block.runs, start, end)

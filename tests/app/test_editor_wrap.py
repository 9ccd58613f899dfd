"""CompactWrappedDocument answers exactly as Textual's WrappedDocument (it only stores less)."""

from __future__ import annotations

import random

import pytest
from textual.document._document import Document
from textual.document._wrapped_document import WrappedDocument
from textual.geometry import Offset

from blogtui.tui.widgets.compactdoc import CompactDocument
from blogtui.tui.widgets.compactwrap import CompactWrappedDocument

TABS = ["a", "bb", "ccc\t", "dddd ", "\t", "é", "漢字", "  ", "x" * 30]
#: without a tab, only the lines long enough to need a break are measured
NO_TABS = ["a", "bb", "ccc ", "dddd ", "é", "漢字", "  ", "x" * 30, "\x1b"]


def same_answers(stock: WrappedDocument, compact: CompactWrappedDocument, why: object) -> None:
    assert compact.height == stock.height, why
    assert compact.wrapped == stock.wrapped, why
    assert list(compact._offset_to_line_info) == stock._offset_to_line_info, why
    assert list(compact._line_index_to_offsets) == stock._line_index_to_offsets, why
    assert compact.lines == stock.lines, why
    for line in range(stock.document.line_count):
        assert compact.get_offsets(line) == stock.get_offsets(line), (why, line)
        assert compact.get_tab_widths(line) == stock.get_tab_widths(line), (why, line)
        assert compact.get_sections(line) == stock.get_sections(line), (why, line)
        for column in range(len(stock.document[line]) + 1):
            location = (line, column)
            assert compact.location_to_offset(location) == stock.location_to_offset(location)
    for y in range(stock.height + 2):
        for x in (0, 1, 3, 7, 50):
            offset = Offset(x, y)
            assert compact.offset_to_location(offset) == stock.offset_to_location(offset), (
                why,
                offset,
            )


def random_text(rng: random.Random, words: list[str]) -> str:
    lines = (
        "".join(rng.choice(words) for _ in range(rng.randint(0, 25)))
        for _ in range(rng.randint(1, 8))
    )
    return "\n".join(lines)


@pytest.mark.parametrize("words", [TABS, NO_TABS], ids=["tabs", "no tabs"])
@pytest.mark.parametrize("seed", range(3))
def test_compact_wrap_is_textuals_wrap(seed: int, words: list[str]) -> None:
    rng = random.Random(seed)
    for _ in range(12):
        text = random_text(rng, words)
        for width in (0, 5, 13, 40):
            stock = WrappedDocument(Document(text), tab_width=4)
            stock.wrap(width)
            compact = CompactWrappedDocument(CompactDocument(text), tab_width=4)
            compact.wrap(width)
            same_answers(stock, compact, (text, width))


@pytest.mark.parametrize("words", [TABS, NO_TABS], ids=["tabs", "no tabs"])
@pytest.mark.parametrize("seed", range(3))
def test_compact_wrap_follows_edits_as_textuals(seed: int, words: list[str]) -> None:
    """Edits that add, remove and re-wrap lines: the incremental ``wrap_range`` of both, then
    a whole new wrap of the edited text (at another width)."""
    rng = random.Random(seed)
    for _ in range(10):
        text = random_text(rng, words)
        width = rng.choice((0, 6, 13))
        stock = WrappedDocument(Document(text), width=width, tab_width=4)
        compact = CompactWrappedDocument(CompactDocument(text), width=width, tab_width=4)
        for _ in range(8):
            document = stock.document
            locations = []
            for _ in range(2):
                row = rng.randrange(document.line_count)
                locations.append((row, rng.randint(0, len(document[row]))))
            top, bottom = sorted(locations)
            insert = "".join(rng.choice([*words, "\n", "\n\n"]) for _ in range(rng.randint(0, 5)))
            results = [
                wrapped.document.replace_range(top, bottom, insert) for wrapped in (stock, compact)
            ]
            assert results[0] == results[1]
            for wrapped in (stock, compact):
                wrapped.wrap_range(top, bottom, results[0].end_location)
            same_answers(stock, compact, (text, top, bottom, insert, width))
        for wrapped in (stock, compact):
            wrapped.wrap(width + 4)
        same_answers(stock, compact, (text, "rewrapped", width + 4))


@pytest.mark.parametrize("edited_row", [0, 1, 2])
def test_a_long_line_next_to_an_edited_one_is_still_wrapped(edited_row: int) -> None:
    """Unedited lines are measured only when long; an edited line's neighbours are measured."""
    text = "x" * 30 + "\nab\n" + "y" * 30 + "\ncd"
    stock = WrappedDocument(Document(text), tab_width=4)
    compact = CompactWrappedDocument(CompactDocument(text), tab_width=4)
    for wrapped in (stock, compact):
        wrapped.document.replace_range((edited_row, 0), (edited_row, 1), "Q")
        wrapped.wrap(10)
    same_answers(stock, compact, edited_row)

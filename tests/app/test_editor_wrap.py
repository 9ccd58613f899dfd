"""FastWrappedDocument.wrap builds exactly Textual's tables (it only skips lines that fit)."""

from __future__ import annotations

import random

import pytest
from textual.document._document import Document
from textual.document._wrapped_document import WrappedDocument

from blogtui.tui.widgets.fasttextarea import FastWrappedDocument

WORDS = ["a", "bb", "ccc\t", "dddd ", "\t", "é", "漢字", "  ", "x" * 30]


@pytest.mark.parametrize("seed", range(5))
def test_fast_wrap_is_textuals_wrap(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(60):
        lines = (
            "".join(rng.choice(WORDS) for _ in range(rng.randint(0, 25)))
            for _ in range(rng.randint(1, 8))
        )
        text = "\n".join(lines)
        for width in (0, 5, 13, 40):
            stock = WrappedDocument(Document(text), tab_width=4)
            stock.wrap(width)
            fast = FastWrappedDocument(Document(text), tab_width=4)
            fast.wrap(width)
            for table in (
                "_wrap_offsets",
                "_offset_to_line_info",
                "_line_index_to_offsets",
                "_tab_width_cache",
            ):
                assert getattr(fast, table) == getattr(stock, table), (table, text, width)

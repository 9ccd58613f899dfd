"""Line breaking: the regex fast path equals the general word-wrap loop; widths are respected."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from blogtui.tui.render.wrap import cell_len, hard_breaks, wrap_breaks


def slow_breaks(text: str, width: int) -> list[int]:
    """The general loop (what non-ASCII text uses), forced for ASCII text too."""
    # a trailing non-ASCII word forces the general loop; greedy breaks before it cannot change
    out = list(wrap_breaks(text + " \u00e9", width))
    return [b for b in out if b < len(text)] if out else [0]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.text(alphabet="abcdefghij", min_size=1, max_size=25), min_size=1, max_size=40),
    st.lists(st.integers(1, 3), min_size=40, max_size=40),
    st.integers(3, 60),
)
def test_fast_path_equals_general_loop(words: list[str], gaps: list[int], width: int) -> None:
    text = "".join(w + " " * g for w, g in zip(words, gaps)).rstrip()
    fast = list(wrap_breaks(text, width))
    general = slow_breaks(text, width)
    assert fast == general


def lines(text: str, width: int) -> list[str]:
    b = list(wrap_breaks(text, width)) + [len(text)]
    return [text[b[i] : b[i + 1]].rstrip(" \n") for i in range(len(b) - 1)]


def test_word_wrap_basics() -> None:
    assert lines("the quick brown fox jumps", 10) == ["the quick", "brown fox", "jumps"]
    assert lines("a averyveryverylongword b", 8) == ["a", "averyver", "yverylon", "gword b"]
    assert lines("hard\nbreak here", 40) == ["hard", "break here"]


def test_wide_characters_count_two_cells() -> None:
    text = "日本語のテキスト 日本語のテキスト"
    for line in lines(text, 10):
        assert cell_len(line) <= 10


def test_hard_breaks_cut_long_code_lines() -> None:
    text = "x" * 25 + "\nshort"
    b = list(hard_breaks(text, 10))
    assert b == [0, 10, 20, 26]

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


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="ab (),.=_\n日", max_size=200), st.integers(4, 40))
def test_code_lines_fit_with_their_continuation_mark(text: str, width: int) -> None:
    from blogtui.tui.render.wrap import CONT_MARK, code_breaks, cont_indent

    b = list(code_breaks(text, width)) + [len(text)]
    assert b == sorted(b) and "".join(text[b[i] : b[i + 1]] for i in range(len(b) - 1)) == text
    for i in range(len(b) - 1):
        piece = text[b[i] : b[i + 1]].rstrip("\n")
        if b[i] and text[b[i] - 1] != "\n":  # a continuation row: indentation + mark + piece
            start = text.rfind("\n", 0, b[i]) + 1
            piece = " " * cont_indent(text, start, width) + CONT_MARK + piece
        assert cell_len(piece) <= width


def test_code_is_cut_between_tokens_before_inside_a_name() -> None:
    from blogtui.tui.render.wrap import code_breaks

    text = "    result = some_function_with_a_long_name(argument_one, argument_two)"
    b = list(code_breaks(text, 40)) + [len(text)]
    assert [text[b[i] : b[i + 1]] for i in range(len(b) - 1)] == [
        "    result = ",
        "some_function_with_a_long_name",
        "(argument_one, argument_two)",
    ]

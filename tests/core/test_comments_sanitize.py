"""Other people's text is made harmless for the terminal: no control sequences, no markup parsing."""

from __future__ import annotations

import pytest
from rich.console import Console
from rich.text import Text

from blogtui.comments.sanitize import clean_line, clean_text, html_to_text, safe_url, strip_controls

HOSTILE = [
    # (what a commenter sent, what the reader must see)
    ("\x1b[31mred\x1b[0m text", "red text"),
    ("clear\x1b[2J\x1b[Hscreen", "clearscreen"),
    ("copy \x1b]52;c;cm0gLXJmIH4=\x07me", "copy me"),  # OSC 52 clipboard write (BEL)
    ("copy \x1b]52;c;cm0gLXJmIH4=\x1b\\me", "copy me"),  # OSC 52 (ST)
    ("\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\", "click"),  # OSC 8 hyperlink
    ("ding\x07\x07", "ding"),
    ("title\x1b]0;pwned\x07", "title"),
    ("8-bit \x9b31mCSI\x9d0;t\x9c", "8-bit CSI"),
    ("dcs \x1bPq#0;2;0;0;0\x1b\\done", "dcs done"),
    ("reset\x1bc!", "reset!"),
    ("cr\roverwrite", "cr\noverwrite"),
    ("bidi \u202eevil\u202c", "bidi evil"),
    ("nul\x00 and del\x7f", "nul and del"),
    ("unterminated \x1b]52;c;AAAA", "unterminated"),
    ("tab\tand\nnewline stay", "tab\tand\nnewline stay"),
    ("[bold]markup[/] stays literal [/]", "[bold]markup[/] stays literal [/]"),
]


@pytest.mark.parametrize(("raw", "shown"), HOSTILE)
def test_control_sequences_are_removed(raw: str, shown: str) -> None:
    out = clean_text(raw)
    assert out == shown
    assert not any(ch in out for ch in "\x1b\x07\x9b\x9d\x9c\x00")


@pytest.mark.parametrize(("raw", "_shown"), HOSTILE)
def test_rendered_output_has_no_escape_from_the_comment(raw: str, _shown: str) -> None:
    """Rendered as Text (markup never parsed), the only escapes are the console's own styling."""
    console = Console(width=80, color_system=None, force_terminal=False)
    with console.capture() as cap:
        console.print(Text(clean_text(raw)))
    assert "\x1b" not in cap.get() and "\x07" not in cap.get()


def test_markup_is_not_interpreted() -> None:
    text = Text(clean_text("[/] [bold red]x[/bold red] [link=https://e.x]y[/link]"))
    assert text.plain == "[/] [bold red]x[/bold red] [link=https://e.x]y[/link]"
    assert not text.spans


def test_one_line_fields() -> None:
    assert clean_line("Eve\n\x1b[2J  the   great") == "Eve the great"
    assert clean_line("&lt;b&gt;Eve&amp;co", unescape=True) == "<b>Eve&co"
    assert clean_line(None) == "" and clean_line(42) == ""
    assert len(clean_line("x" * 1000)) <= 201


@pytest.mark.parametrize(
    ("url", "kept"),
    [
        ("https://ann.example/blog", True),
        ("http://x.org", True),
        ("javascript:alert(1)", False),
        ("file:///etc/passwd", False),
        ("", False),
        ("https://a\x1b]8;;x", True),
    ],
)
def test_websites_are_only_http(url: str, kept: bool) -> None:
    out = safe_url(url)
    assert bool(out) is kept
    assert "\x1b" not in out


def test_html_becomes_safe_text() -> None:
    html = '<p>Hi <strong>there</strong> &amp; <a href="javascript:x()">bad</a> <a href="https://ok.example">good</a></p><script>alert(1)</script><p>two<br>lines</p>'
    assert html_to_text(html) == "Hi **there** & [bad] [good](https://ok.example)\n\ntwo\nlines"
    assert html_to_text("<p>\x1b[31mred</p>") == "red"
    assert html_to_text(None) == ""


def test_huge_text_is_cut() -> None:
    assert len(clean_text("a" * 1_000_000)) <= 100_001


def test_strip_controls_keeps_unicode() -> None:
    assert strip_controls("naïve — 日本語 🎉") == "naïve — 日本語 🎉"


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

#: text biased towards escape sequences and their pieces
_PIECES = st.sampled_from(
    [
        "\x1b",
        "[",
        "]",
        "\\",
        "\x07",
        "\x9b",
        "\x9d",
        "\x9c",
        "P",
        "_",
        "52;c;",
        "8;;",
        "31m",
        "\r",
        "\n",
        "\t",
        "a",
        "é",
        "[/]",
        "\u202e",
        "\x00",
        "\x7f",
    ]
)
HOSTILE_TEXT = st.lists(st.one_of(_PIECES, st.text(max_size=5)), max_size=40).map("".join)
FORBIDDEN = (
    set(chr(c) for c in range(0x20) if chr(c) not in "\t\n")
    | set(chr(c) for c in range(0x7F, 0xA0))
    | {"\u202e", "\u202a", "\u2066"}
)


@settings(max_examples=400, deadline=None)
@given(HOSTILE_TEXT)
def test_no_control_character_survives(raw: str) -> None:
    out = strip_controls(raw)
    assert not (set(out) & FORBIDDEN)
    assert strip_controls(out) == out  # idempotent: cleaning twice changes nothing
    line = clean_line(raw)
    assert "\n" not in line and not (set(line) & FORBIDDEN)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs")), max_size=200))
def test_ordinary_text_is_untouched(raw: str) -> None:
    raw = (
        raw.replace("\u202a", "")
        .replace("\u202b", "")
        .replace("\u202c", "")
        .replace("\u202d", "")
        .replace("\u202e", "")
    )
    raw = "".join(ch for ch in raw if not "\u2066" <= ch <= "\u2069")
    assert strip_controls(raw) == raw


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("see <https://x.org/a>", "see https://x.org/a"),
        ("see [https://x.org/a](https://x.org/a)", "see https://x.org/a"),
        ("see [https://x.org/a/](https://x.org/a)", "see https://x.org/a"),
        ("see [my site](https://x.org/a)", "see [my site](https://x.org/a)"),
        ("code `<https://x.org/a>` stays", "code `<https://x.org/a>` stays"),
        (
            "```\n<https://x.org/a>\n```\n<https://y.org>",
            "```\n<https://x.org/a>\n```\nhttps://y.org",
        ),
    ],
)
def test_a_link_whose_text_is_its_address_is_written_once(typed: str, stored: str) -> None:
    assert clean_text(typed) == stored

import pytest

from blogtui.safe import one_line, strip_controls

CASES = [
    ("plain", "plain"),
    ("red \x1b[31mtext\x1b[0m", "red text"),
    ("clip \x1b]52;c;ZXZpbA==\x07board", "clip board"),
    ("link \x1b]8;;http://evil\x1b\\here\x1b]8;;\x1b\\", "link here"),
    ("bell\x07", "bell"),
    ("title \x1b", "title "),
    ("c1 \x9b31m csi", "c1  csi"),
    ("keeps\ttabs\nand lines", "keeps\ttabs\nand lines"),
    ("[bold]not markup[/]", "[bold]not markup[/]"),
    ("cr\r\nlf", "cr\nlf"),
    ("back\x08space", "backspace"),
]


@pytest.mark.parametrize("raw,clean", CASES)
def test_strip_controls(raw: str, clean: str) -> None:
    assert strip_controls(raw) == clean


def test_one_line() -> None:
    assert one_line("  a\nb \x1b[1m c  ") == "a b c"

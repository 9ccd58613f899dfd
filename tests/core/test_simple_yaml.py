"""The fast path for flat front matter gives exactly what the YAML parser gives, or steps aside."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.conftest import CORPUS, requires_corpus

from blogtui.blog.source import _SIMPLE, SourceError, load_front_matter, split

KEYS = st.sampled_from(
    [
        "title",
        "date",
        "tags",
        "categories",
        "a-b",
        "_x",
        "yes",
        "null",
        "on",
        "k1",
        "Title",
        "title",
    ]
)
PIECES = st.sampled_from(
    [
        "",
        " ",
        "a",
        "b c",
        "2021",
        "2021-03-04",
        "2021-03-04 10:00:00",
        "2021-02-30",
        "1.5",
        "-1",
        "0x1F",
        "0o7",
        "1_000",
        "yes",
        "No",
        "off",
        "true",
        "~",
        "null",
        ".inf",
        ".nan",
        "x: y",
        "x:y",
        "a #b",
        "a#b",
        "#c",
        "'q'",
        '"q"',
        '"a\\"b"',
        "'it''s'",
        "[a, b]",
        "[a,b]",
        "[]",
        "[ ]",
        "[a, [b]]",
        "[a, b,]",
        "[1, yes, ~]",
        "{a: 1}",
        "&a x",
        "*a",
        "!t x",
        "|",
        ">",
        "-",
        "- a",
        "?",
        "%",
        "@x",
        "`x",
        ",",
        "é",
        "日本",
        "a\tb",
        "\u2028",
        "\x85",
        "\ufeff",
        "\x07",
        ":",
        "a:",
        "http://x",
        "C++",
        "a, b",
        '"a" b',
        "'a' b",
        "[a] b",
        "!!str 1",
        "Ünïcode: x",
    ]
)
LINES = st.one_of(
    st.builds(
        lambda k, sep, v, trail: f"{k}:{sep}{v}{trail}",
        KEYS,
        st.sampled_from(["", " ", "  ", "\t"]),
        PIECES,
        st.sampled_from(["", " ", "\r", " # c"]),
    ),
    st.sampled_from(
        ["", " ", "# comment", "  indented: x", "- item", "key", "---", "...", "%YAML 1.1"]
    ),
)


def outcome(text: str, fast: bool):
    try:
        loaded = load_front_matter(text, 2, fast=fast)
    except SourceError as exc:
        return ("error", exc.rule)
    return ("ok", repr(loaded.data), loaded.keys, loaded.duplicates)


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(LINES, min_size=0, max_size=6))
def test_fast_path_equals_yaml(lines: list[str]) -> None:
    text = "\n".join(lines) + "\n"
    assert outcome(text, True) == outcome(text, False), text


def test_typical_front_matter_takes_the_fast_path() -> None:
    text = 'layout: post\ntitle: "Rust 1.0: stable"\ndate: 2015-05-15 10:00:00 +0000\ncategories: [release, rust]\ntags: a b\n'
    assert _SIMPLE.load(text) is not None
    assert outcome(text, True) == outcome(text, False)


@requires_corpus
def test_fast_path_equals_yaml_on_the_corpus() -> None:
    taken = 0
    for path in sorted(CORPUS.rglob("*.md")) + sorted(CORPUS.rglob("*.markdown")):
        s = split(path.read_bytes().decode("utf-8", "replace").lstrip("\ufeff"))
        if s.has_front_matter:
            assert outcome(s.yaml_text, True) == outcome(s.yaml_text, False), path
            taken += _SIMPLE.load(s.yaml_text) is not None
    assert taken > 500  # most real front matter is flat

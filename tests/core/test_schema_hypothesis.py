"""Arbitrary text, YAML and bytes in: problems out, never an exception."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from blogtui.blog.check.config import SchemaConfig
from blogtui.blog.check.file import validate_bytes, validate_text
from blogtui.blog.check.problem import Problem

CONFIG = SchemaConfig.from_settings(
    {"required": ["title", "date"], "author": "string", "draft": "bool", "n": "number"}
)
SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

#: characters that mean something to YAML or to the front-matter split
YAML_ALPHABET = st.sampled_from(
    list("-:.[]{}!&*|>'\"#%@`,?~ \t\r\n\x07\ufeff\u2028\x85") + list("abtitledate0123456789+Z")
)
KEYS = st.sampled_from(
    [
        "title",
        "date",
        "categories",
        "category",
        "tags",
        "tag",
        "published",
        "permalink",
        "layout",
        "titel",
        "Tags",
        "author",
        "draft",
        "n",
        "x",
    ]
)
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True),
    st.text(max_size=20),
    st.dates(min_value=date(1, 1, 1)),
    st.datetimes(min_value=datetime(1, 1, 2)),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4)
    ),
    max_leaves=12,
)
NAMES = st.sampled_from(
    [
        "2021-03-04-x.md",
        "x.md",
        "2021-02-30-x.md",
        "2021-3-4-x.md",
        "_drafts/2021-03-04-x.md",
        "_drafts/x",
        "2021-03-04-.md",
    ]
)


def check(problems: list[Problem], text: str | None = None) -> None:
    assert isinstance(problems, list)
    for p in problems:
        assert isinstance(p, Problem)
        assert p.severity in ("error", "warning")
        assert p.line >= 1 and p.column >= 1
        assert p.rule and p.message
        if text is not None:
            assert p.line <= text.count("\n") + 2, (p, text)


@SETTINGS
@given(st.text(), NAMES)
def test_any_text(text: str, name: str) -> None:
    check(validate_text(text, path=Path("posts") / name, config=CONFIG), text)


@SETTINGS
@given(
    st.text(YAML_ALPHABET, max_size=200),
    st.sampled_from(["---\n", "---\r\n", "\n---\n", "+++\n", ""]),
    st.sampled_from(["\n---\n", "\n...\n", "\n", "---"]),
)
def test_yaml_looking_text(inner: str, opener: str, closer: str) -> None:
    text = opener + inner + closer + "body\n"
    check(validate_text(text, path=Path("posts/2021-03-04-x.md"), config=CONFIG), text)


@SETTINGS
@given(
    st.dictionaries(KEYS | st.text(max_size=8), VALUES, max_size=8),
    NAMES,
    st.sampled_from(["block", "flow", "canonical"]),
)
def test_any_yaml_document(data: dict, name: str, style: str) -> None:
    try:
        dumped = yaml.safe_dump(
            data,
            default_flow_style=(style == "flow"),
            canonical=(style == "canonical"),
            allow_unicode=True,
        )
    except (yaml.YAMLError, ValueError):
        return
    text = "---\n" + dumped + "---\nbody\n"
    problems = validate_text(text, path=Path("posts") / name, config=CONFIG)
    check(problems, text)
    # a document PyYAML itself wrote is never a YAML syntax error
    assert not [p for p in problems if p.rule in ("yaml-syntax", "yaml-tab", "yaml-unsafe-tag")], (
        problems
    )


@SETTINGS
@given(st.binary(max_size=300), NAMES)
def test_any_bytes(data: bytes, name: str) -> None:
    check(validate_bytes(data, path=Path("posts") / name, config=CONFIG))


@SETTINGS
@given(st.binary(max_size=100))
def test_bytes_after_valid_front_matter(tail: bytes) -> None:
    check(
        validate_bytes(b"---\ntitle: X\n" + tail + b"\n---\n", path=Path("posts/2021-03-04-x.md"))
    )


DATEISH = st.from_regex(
    r"\A\d{1,5}-\d{1,3}-\d{1,3}([ T]\d{1,2}:\d{1,2}(:\d{1,2}(\.\d{1,3})?)?)?( ?(Z|UTC|[+-]\d{1,4}(:\d\d)?))?\Z"
)


@SETTINGS
@given(DATEISH, DATEISH, st.booleans())
def test_date_like_values_and_names(value: str, name_date: str, quoted: bool) -> None:
    shown = f'"{value}"' if quoted else value
    text = f"---\ntitle: X\ndate: {shown}\n---\n"
    check(validate_text(text, path=Path("posts") / f"{name_date}-x.md", config=CONFIG), text)

"""Every front-matter rule of blogtui.blog.check, table-driven: text in, problems out."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.conftest import write_post

from blogtui.blog.check.config import SchemaConfig
from blogtui.blog.check.file import validate_bytes, validate_text
from blogtui.blog.check.files import validate_blog
from blogtui.blog.check.problem import Problem
from blogtui.blog.site import open_site

POST = Path("posts/2021-03-04-x.md")


def fm(*lines: str, body: str = "\nBody.\n") -> str:
    return "---\n" + "".join(line + "\n" for line in lines) + "---\n" + body


def found(problems: list[Problem]) -> set[tuple[str, str, int, int]]:
    return {(p.rule, p.severity, p.line, p.column) for p in problems}


# (id, file name, text, problems that must be reported: (rule, severity, line, column))
CASES: list[tuple[str, str, str, list[tuple[str, str, int, int]]]] = [
    # front matter present and first
    (
        "blank-line-first",
        "2021-03-04-x.md",
        "\n" + fm("title: X"),
        [("front-matter-not-first", "error", 2, 1)],
    ),
    (
        "space-first",
        "2021-03-04-x.md",
        " " + fm("title: X"),
        [("front-matter-not-first", "error", 1, 2)],
    ),
    (
        "no-opening",
        "2021-03-04-x.md",
        "title: X\nlayout: post\n---\n\nBody\n",
        [("front-matter-no-opening", "error", 1, 1)],
    ),
    (
        "unclosed",
        "2021-03-04-x.md",
        "---\ntitle: X\n\nBody\n",
        [("front-matter-unclosed", "error", 1, 1)],
    ),
    (
        "toml",
        "2021-03-04-x.md",
        '+++\ntitle = "X"\n+++\nBody\n',
        [("front-matter-toml", "error", 1, 1)],
    ),
    (
        "cr-only",
        "2021-03-04-x.md",
        fm("title: X").replace("\n", "\r"),
        [("line-endings", "error", 1, 1)],
    ),
    (
        "no-front-matter",
        "2021-03-04-x.md",
        "Just a body.\n",
        [("front-matter-missing", "warning", 1, 1)],
    ),
    (
        "list-front-matter",
        "2021-03-04-x.md",
        fm("- a", "- b"),
        [("front-matter-not-mapping", "error", 2, 1)],
    ),
    (
        "scalar-front-matter",
        "2021-03-04-x.md",
        fm("just words"),
        [("front-matter-not-mapping", "error", 2, 1)],
    ),
    # YAML syntax, with the file's line and column
    (
        "unclosed-flow",
        "2021-03-04-x.md",
        fm("title: X", "tags: [a, b"),
        [("yaml-syntax", "error", 3, 7)],
    ),
    (
        "unclosed-quote",
        "2021-03-04-x.md",
        fm('title: "X', "layout: post"),
        [("yaml-syntax", "error", 2, 8)],
    ),
    ("colon-in-value", "2021-03-04-x.md", fm("title: A: B"), [("yaml-syntax", "error", 2, 9)]),
    (
        "bad-indent",
        "2021-03-04-x.md",
        fm("title: X", "  layout: post", "tags: a"),
        [("yaml-syntax", "error", 3, 9)],
    ),
    (
        "tab-indent",
        "2021-03-04-x.md",
        fm("title: X", "tags:", "\t- a"),
        [("yaml-tab", "error", 4, 1)],
    ),
    ("control-char", "2021-03-04-x.md", fm("title: X\x07"), [("yaml-syntax", "error", 2, 9)]),
    ("bad-escape", "2021-03-04-x.md", fm('title: "\\xZZ"'), [("yaml-syntax", "error", 2, 11)]),
    (
        "crlf-error-line",
        "2021-03-04-x.md",
        fm("title: X", "tags: [a").replace("\n", "\r\n"),
        [("yaml-syntax", "error", 3, 7)],
    ),
    # safety
    (
        "python-tag",
        "2021-03-04-x.md",
        fm("title: X", "x: !!python/object/apply:os.system [ls]"),
        [("yaml-unsafe-tag", "error", 3, 4)],
    ),
    ("custom-tag", "2021-03-04-x.md", fm("title: !secret X"), [("yaml-unsafe-tag", "error", 2, 8)]),
    ("bad-int-tag", "2021-03-04-x.md", fm("n: !!int x"), [("yaml-syntax", "error", 2, 4)]),
    ("unhashable-key", "2021-03-04-x.md", fm("? [a]", ": b"), [("yaml-syntax", "error", 2, 3)]),
    # types
    ("title-list", "2021-03-04-x.md", fm("title: [a, b]"), [("title-type", "warning", 2, 8)]),
    ("title-number", "2021-03-04-x.md", fm("title: 404"), [("title-type", "warning", 2, 8)]),
    ("title-empty", "2021-03-04-x.md", fm("title:"), [("title-type", "warning", 2, 7)]),
    ("date-words", "2021-03-04-x.md", fm("date: next tuesday"), [("date-invalid", "error", 2, 7)]),
    ("date-month-13", "2021-03-04-x.md", fm("date: 2021-13-04"), [("date-invalid", "error", 2, 7)]),
    ("date-feb-30", "2021-03-04-x.md", fm("date: 2021-02-30"), [("date-rollover", "error", 2, 7)]),
    (
        "date-hour-25",
        "2021-03-04-x.md",
        fm("date: 2021-03-04 25:00:00"),
        [("date-invalid", "error", 2, 7)],
    ),
    (
        "date-year-twice",
        "2021-03-04-x.md",
        fm("date: 2021-03-04 18:30:22 2021 -0800"),
        [("date-offset", "error", 2, 7)],
    ),
    ("date-empty", "2021-03-04-x.md", fm("date:"), [("date-invalid", "error", 2, 6)]),
    ("date-number", "2021-03-04-x.md", fm("date: 2021"), [("date-invalid", "error", 2, 7)]),
    (
        "categories-map",
        "2021-03-04-x.md",
        fm("categories: {a: 1}"),
        [("categories-type", "error", 2, 13)],
    ),
    (
        "categories-nested",
        "2021-03-04-x.md",
        fm("categories: [a, [b]]"),
        [("categories-type", "error", 2, 13)],
    ),
    ("tags-map", "2021-03-04-x.md", fm("tags: {a: 1}"), [("tags-type", "warning", 2, 7)]),
    ("tags-number", "2021-03-04-x.md", fm("tags: [2021, rust]"), [("tags-type", "warning", 2, 7)]),
    (
        "category-map",
        "2021-03-04-x.md",
        fm("category: {a: 1}"),
        [("category-type", "error", 2, 11)],
    ),
    (
        "categories-bool",
        "2021-03-04-x.md",
        fm("categories: true"),
        [("categories-type", "error", 2, 13)],
    ),
    (
        "categories-number",
        "2021-03-04-x.md",
        fm("categories: 5"),
        [("categories-type", "error", 2, 13)],
    ),
    ("tags-scalar-number", "2021-03-04-x.md", fm("tags: 5"), [("tags-type", "warning", 2, 7)]),
    (
        "category-number",
        "2021-03-04-x.md",
        fm("category: 2013"),
        [("category-type", "warning", 2, 11)],
    ),
    ("slug-number", "2021-03-04-x.md", fm("slug: 5"), [("slug-type", "error", 2, 7)]),
    ("slug-list", "2021-03-04-x.md", fm("slug: [a]"), [("slug-type", "error", 2, 7)]),
    (
        "permalink-placeholder",
        "2021-03-04-x.md",
        fm("permalink: /:foo/:title/"),
        [("permalink-placeholder", "error", 2, 12)],
    ),
    (
        "permalink-colon",
        "2021-03-04-x.md",
        fm("permalink: /a:b/"),
        [("permalink-placeholder", "error", 2, 12)],
    ),
    ("layout-number", "2021-03-04-x.md", fm("layout: 5"), [("layout-type", "warning", 2, 9)]),
    (
        "date-offset-24h",
        "2021-03-04-x.md",
        fm("date: 2021-03-04 10:00:00 +2400"),
        [("date-invalid", "error", 2, 7)],
    ),
    (
        "date-second-60",
        "2021-03-04-x.md",
        fm("date: 2021-03-04 10:00:60"),
        [("date-rollover", "warning", 2, 7)],
    ),
    (
        "timestamp-feb-30",
        "2021-03-04-x.md",
        fm("date: 2021-02-30 10:00:00"),
        [("date-rollover", "error", 2, 7)],
    ),
    (
        "timestamp-24h",
        "2021-03-04-x.md",
        fm("date: 2021-03-04 24:00:00"),
        [("date-rollover", "error", 2, 7)],
    ),
    (
        "timestamp-block",
        "2021-03-04-x.md",
        fm("date:", "  2021-02-30 10:00:00"),
        [("date-rollover", "error", 3, 3)],
    ),
    (
        "date-unknown-zone",
        "2021-03-04-x.md",
        fm("date: 2021-03-04 10:00:00 CEST"),
        [("date-offset", "warning", 2, 7)],
    ),
    (
        "date-month-name",
        "2021-03-04-x.md",
        fm("date: March 4, 2021 9:15 PM"),
        [("date-format", "warning", 2, 7)],
    ),
    (
        "date-slashes",
        "2021-03-04-x.md",
        fm("date: 2021/03/04 10:00:00 +0100"),
        [("date-format", "warning", 2, 7)],
    ),
    (
        "date-rfc2822",
        "2021-03-04-x.md",
        fm("date: Thu, 04 Mar 2021 10:00:00 -0800"),
        [("date-format", "warning", 2, 7)],
    ),
    (
        "date-zone-name",
        "2021-03-04-x.md",
        fm("date: 2021-03-04 12:00 EST"),
        [("date-format", "warning", 2, 7)],
    ),
    ("date-year-0", "2021-03-04-x.md", fm("date: 0000-03-04"), [("date-range", "error", 2, 7)]),
    ("date-bool", "2021-03-04-x.md", fm("date: true"), [("date-invalid", "error", 2, 7)]),
    ("tag-map", "2021-03-04-x.md", fm("tag: {a: 1}"), [("tag-type", "warning", 2, 6)]),
    (
        "published-string",
        "2021-03-04-x.md",
        fm('published: "false"'),
        [("published-string", "error", 2, 12)],
    ),
    (
        "published-number",
        "2021-03-04-x.md",
        fm("published: 0"),
        [("published-type", "warning", 2, 12)],
    ),
    (
        "permalink-relative",
        "2021-03-04-x.md",
        fm("permalink: blog/x/"),
        [("permalink-slash", "warning", 2, 12)],
    ),
    (
        "permalink-list",
        "2021-03-04-x.md",
        fm("permalink: [a]"),
        [("permalink-type", "error", 2, 12)],
    ),
    ("layout-list", "2021-03-04-x.md", fm("layout: [a]"), [("layout-type", "warning", 2, 9)]),
    (
        "duplicate-key",
        "2021-03-04-x.md",
        fm("title: A", "title: B"),
        [("duplicate-key", "warning", 3, 1)],
    ),
    # helpfulness
    ("misspelt-titel", "2021-03-04-x.md", fm("titel: X"), [("misspelt-key", "warning", 2, 1)]),
    (
        "misspelt-categores",
        "2021-03-04-x.md",
        fm("categores: [a]"),
        [("misspelt-key", "warning", 2, 1)],
    ),
    ("misspelt-case", "2021-03-04-x.md", fm("Title: X"), [("misspelt-key", "warning", 2, 1)]),
    ("tag-with-list", "2021-03-04-x.md", fm("tag: [a, b]"), [("misspelt-key", "warning", 2, 1)]),
    # file names and dates
    ("undated-post", "x.md", fm("title: X"), [("filename", "warning", 1, 1)]),
    ("unpadded-name", "2021-3-4-x.md", fm("title: X"), [("filename", "warning", 1, 1)]),
    ("two-digit-year", "21-03-04-x.md", fm("title: X"), [("filename", "warning", 1, 1)]),
    ("impossible-name", "2021-02-30-x.md", fm("title: X"), [("filename", "error", 1, 1)]),
    (
        "date-mismatch",
        "2021-03-04-x.md",
        fm("date: 2021-03-05"),
        [("date-mismatch", "warning", 2, 7)],
    ),
    (
        "date-mismatch-tz",
        "2021-03-04-x.md",
        fm("date: 2021-03-04 22:00:00 -0400"),
        [("date-mismatch", "warning", 2, 7)],
    ),
    ("dated-draft", "_drafts/2021-03-04-x.md", fm("title: X"), [("draft-dated", "warning", 1, 1)]),
]

CLEAN: list[tuple[str, str, str]] = [
    ("simple", "2021-03-04-x.md", fm("title: X")),
    (
        "full",
        "2021-03-04-x.md",
        fm(
            "layout: post",
            'title: "A: B"',
            "date: 2021-03-04 10:00:00 +0100",
            "categories: [a, b]",
            "tags: t",
            "category: c",
            "tag: d",
            "published: true",
            "permalink: /x/",
            "author: me",
            "custom_key: {any: thing}",
        ),
    ),
    ("date-iso", "2021-03-04-x.md", fm("date: 2021-03-04T10:00:00Z")),
    ("date-hhmm", "2021-03-04-x.md", fm("date: 2021-03-04 10:00")),
    ("date-colon-offset", "2021-03-04-x.md", fm("date: 2021-03-04 10:00:00 +01:00")),
    ("date-quoted", "2021-03-04-x.md", fm('date: "2021-03-04"')),
    ("date-utc-name", "2021-03-04-x.md", fm("date: 2021-03-04 10:00:00 UTC")),
    ("date-offset-hours", "2021-03-04-x.md", fm("date: 2021-03-04 10:00:00 +05")),
    ("date-fraction", "2021-03-04-x.md", fm("date: 2021-03-04 10:00:00.123 +0100")),
    (
        "permalink-placeholders",
        "2021-03-04-x.md",
        fm("permalink: /:categories/:year/:month/:day/:title:output_ext"),
    ),
    ("permalink-title-underscore", "2021-03-04-x.md", fm("permalink: /:title_/")),
    ("merge-key", "2021-03-04-x.md", fm("base: &b {x: 1}", "other:", "  <<: *b")),
    ("dots-closer", "2021-03-04-x.md", "---\ntitle: X\n...\nBody\n"),
    ("empty-front-matter", "2021-03-04-x.md", "---\n---\nBody\n"),
    ("crlf", "2021-03-04-x.md", fm("title: X", "layout: post").replace("\n", "\r\n")),
    ("bom", "2021-03-04-x.md", "\ufeff" + fm("title: X")),
    ("trailing-blanks", "2021-03-04-x.md", "---  \ntitle: X\n---   \nBody\n"),
    ("tab-after-colon", "2021-03-04-x.md", fm("title:\tX")),
    ("small-alias", "2021-03-04-x.md", fm("base: &b [x, y]", "tags: *b")),
    ("empty-categories", "2021-03-04-x.md", fm("categories:", "tags:", "layout:")),
    ("draft", "_drafts/x.md", fm("title: X")),
    ("published-false", "2021-03-04-x.md", fm("published: false")),
    ("body-looks-like-yaml", "2021-03-04-x.md", fm("title: X", body="\nkey: [unclosed\n---\n")),
]


@pytest.mark.parametrize(("case", "name", "text", "expected"), CASES, ids=[c[0] for c in CASES])
def test_rule(case: str, name: str, text: str, expected: list[tuple[str, str, int, int]]) -> None:
    problems = validate_text(text, path=Path("posts") / name)
    assert set(expected) <= found(problems), [str(p) for p in problems]
    for p in problems:
        assert p.path == str(Path("posts") / name)
        assert p.severity in ("error", "warning")
        assert p.message


@pytest.mark.parametrize(("case", "name", "text"), CLEAN, ids=[c[0] for c in CLEAN])
def test_clean_posts_have_no_problems(case: str, name: str, text: str) -> None:
    assert validate_text(text, path=Path("posts") / name) == []


def test_yaml_message_is_plain_and_hint_given() -> None:
    [p] = validate_text(fm("title: X", "tags: [a, b"), path=POST)
    assert (
        str(p)
        == "posts/2021-03-04-x.md:3:7: error: could not parse YAML: unclosed flow sequence [yaml-syntax]"
    )
    assert p.hint and "]" in p.hint


def test_tab_has_its_own_message() -> None:
    [p] = validate_text(fm("tags:", "\t- a"), path=POST)
    assert "tab" in p.message and p.hint == "replace the tab with spaces"


def test_misspelt_key_says_did_you_mean() -> None:
    [p] = validate_text(fm("categores: [a]"), path=POST)
    assert "did you mean 'categories'" in p.message


def test_unknown_keys_are_fine() -> None:
    assert (
        validate_text(
            fm("team: Rust", "release: true", "header: {image: x.png}", "toc: true"), path=POST
        )
        == []
    )


def test_published_string_false_explains_jekyll() -> None:
    [p] = validate_text(fm('published: "false"'), path=POST)
    assert "publishes" in p.message and p.hint == "write published: false (no quotes)"


def test_billion_laughs_is_an_error_found_fast() -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        prev, cur = chr(96 + i), chr(97 + i)
        lines.append(f"{cur}: &{cur} [" + ",".join([f"*{prev}"] * 9) + "]")
    # 9**10 values if expanded: only finishing at all shows it is never expanded
    problems = validate_text(fm(*lines), path=POST)
    assert [p.rule for p in problems] == ["yaml-alias-bomb"]


def test_deep_nesting_is_an_error_not_a_crash() -> None:
    problems = validate_text(fm("x: " + "[" * 300 + "]" * 300), path=POST)
    assert [p.rule for p in problems] == ["yaml-nesting"]
    problems = validate_text(fm("x: " + "[" * 5000), path=POST)
    assert problems and problems[0].severity == "error"


def test_unsafe_tag_is_never_constructed(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    text = fm(f'x: !!python/object/apply:os.system ["touch {marker}"]')
    assert [p.rule for p in validate_text(text, path=POST)] == ["yaml-unsafe-tag"]
    assert not marker.exists()


# -- encoding (validate_bytes) ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "message", "line", "column"),
    [
        ("---\ntitle: Café\n---\n".encode("latin-1"), "byte 0xe9 at offset 14", 2, 11),
        (b"---\ntitle: X\n---\n\n\xff body", "offset 18", 5, 1),
        ("---\ntitle: X\n---\n".encode("utf-16"), "UTF-16LE", 1, 1),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file (NUL byte at offset 8)", 1, 1),
    ],
    ids=["latin1", "body-invalid", "utf16", "png"],
)
def test_encoding_errors_name_the_offset(data: bytes, message: str, line: int, column: int) -> None:
    [p] = validate_bytes(data, path=POST)
    assert (p.rule, p.severity, p.line, p.column) == ("encoding", "error", line, column)
    assert message in p.message


def test_bom_is_tolerated() -> None:
    assert validate_bytes(b"\xef\xbb\xbf" + fm("title: X").encode(), path=POST) == []


def test_bytes_and_text_agree_on_valid_utf8() -> None:
    text = fm("title: X", "tags: [a")
    assert validate_bytes(text.encode(), path=POST) == validate_text(text, path=POST)


# -- [schema] from config.toml ----------------------------------------------------------------


def test_required_keys() -> None:
    config = SchemaConfig.from_settings({"required": ["title", "date"]})
    problems = validate_text(fm("title: X"), path=POST, config=config)
    assert [(p.rule, p.severity) for p in problems] == [("required", "error")]
    assert "'date'" in problems[0].message
    assert validate_text(fm("title: X", "date: 2021-03-04"), path=POST, config=config) == []
    # a draft gets its date when it is published
    assert validate_text(fm("title: X"), path=Path("_drafts/x.md"), config=config) == []
    # a post without front matter misses every required key
    assert {p.rule for p in validate_text("Body\n", path=POST, config=config)} == {
        "required",
        "front-matter-missing",
    }


@pytest.mark.parametrize(
    ("type_name", "good", "bad"),
    [
        ("string", "me", "[a]"),
        ("bool", "true", '"yes"'),
        ("int", "3", "3.5"),
        ("number", "3.5", "x"),
        ("date", "2021-03-04", "soon"),
        ("list", "[a, 1]", "a"),
        ("list of strings", "[a, b]", "[a, [b]]"),
        ("strings", "[a, b]", "a"),
        ("string or list", "a", "{a: 1}"),
        ("boolean", "false", "0"),
    ],
)
def test_custom_field_types(type_name: str, good: str, bad: str) -> None:
    config = SchemaConfig.from_settings({"field": type_name})
    assert validate_text(fm(f"field: {good}"), path=POST, config=config) == []
    [p] = validate_text(fm(f"field: {bad}"), path=POST, config=config)
    assert (p.rule, p.severity, p.line, p.column) == ("field-type", "error", 2, 8)


def test_schema_config_reports_what_it_cannot_use() -> None:
    config = SchemaConfig.from_settings({"required": "title", "author": "strnig", "draft": "bool"})
    assert config.types == {"draft": "bool"}
    assert len(config.problems) == 2
    assert SchemaConfig.from_settings({}) == SchemaConfig()


def test_custom_key_is_not_called_a_misspelling() -> None:
    config = SchemaConfig.from_settings({"titel": "string"})
    assert validate_text(fm("titel: X"), path=POST, config=config) == []


# -- cross-file rules ----------------------------------------------------------------------------


def test_duplicate_url_names_both(tmp_path: Path) -> None:
    blog = tmp_path / "posts"
    write_post(blog, "2021-03-04-a.md", fm("title: A", "permalink: /same/"))
    write_post(blog, "2021-03-05-b.md", fm("title: B", "permalink: /same/"))
    write_post(blog, "2021-03-06-c.md", fm("title: C"))
    problems = validate_blog([blog], open_site(blog))
    dups = [p for p in problems if p.rule == "duplicate-url"]
    assert [(Path(p.path).name, p.line, p.column) for p in dups] == [
        ("2021-03-04-a.md", 3, 12),
        ("2021-03-05-b.md", 3, 12),
    ]
    assert "2021-03-05-b.md" in dups[0].message and "2021-03-04-a.md" in dups[1].message
    assert "/same/" in dups[0].message


def test_same_name_in_two_subfolders_is_a_duplicate_url(tmp_path: Path) -> None:
    site_root = tmp_path / "site"
    write_post(site_root / "_posts" / "a", "2021-03-04-x.md", fm("title: A"))
    write_post(site_root / "_posts" / "b", "2021-03-04-x.md", fm("title: B"))
    problems = validate_blog([site_root], open_site(site_root))
    assert sorted(p.rule for p in problems) == ["duplicate-url", "duplicate-url"]


def test_unpublished_and_drafts_do_not_collide(tmp_path: Path) -> None:
    site_root = tmp_path / "site"
    write_post(site_root / "_posts", "2021-03-04-a.md", fm("title: A", "permalink: /same/"))
    write_post(
        site_root / "_posts",
        "2021-03-05-b.md",
        fm("title: B", "permalink: /same/", "published: false"),
    )
    write_post(site_root / "_drafts", "c.md", fm("title: C", "permalink: /same/"))
    assert validate_blog([site_root], open_site(site_root)) == []


def test_site_timezone_decides_the_day(tmp_path: Path) -> None:
    site_root = tmp_path / "site"
    (site_root / "_posts").mkdir(parents=True)
    (site_root / "_config.yml").write_text("timezone: America/New_York\n")
    write_post(site_root / "_posts", "2021-03-04-x.md", fm("date: 2021-03-04 22:00:00 -0400"))
    assert validate_blog([site_root], open_site(site_root)) == []
    assert [p.rule for p in validate_text(fm("date: 2021-03-04 22:00:00 -0400"), path=POST)] == [
        "date-mismatch"
    ]


def test_validate_text_on_a_100kb_post_reads_only_the_front_matter() -> None:
    text = fm("title: X", "tags: [a, b]", body="Lorem: [ipsum\n---\n\tdolor sit amet. " * 3000)
    assert len(text) > 100_000
    assert validate_text(text, path=POST) == []


def test_jekyll_model_backstop_reports_what_no_rule_covers() -> None:
    """A category with ':' makes a URL Jekyll cannot parse (blog.post's model knows): an error."""
    problems = validate_text(fm("category: 2021-01-01 10:00:00 2021 -0800"), path=POST)
    assert [(p.rule, p.severity) for p in problems] == [("jekyll", "error")]
    assert "URL" in problems[0].message


def test_values_in_messages_are_escaped_and_cut_short() -> None:
    [p] = validate_text(fm('permalink: "x\\e[2J' + "y" * 200 + '"'), path=POST)
    assert "\x1b" not in p.message and "x\\x1b[2J" in p.message and len(p.message) < 200


def test_date_mismatch_uses_jekylls_reading_of_timestamps(tmp_path: Path) -> None:
    """Psych reads a YAML timestamp without an offset as UTC: 02:00 UTC is still the 4th in New York."""
    site_root = tmp_path / "site"
    (site_root / "_posts").mkdir(parents=True)
    (site_root / "_config.yml").write_text("timezone: America/New_York\n")
    site = open_site(site_root)
    path = site_root / "_posts" / "2021-03-04-x.md"
    assert validate_text(fm("date: 2021-03-05 02:00:00"), path=path, site=site) == []
    [p] = validate_text(fm("date: 2021-03-05 12:00:00"), path=path, site=site)
    assert p.rule == "date-mismatch"


def test_huge_front_matter_is_refused_not_parsed() -> None:
    problems = validate_text(
        fm("title: X", *[f"k{i}: {'v' * 100}" for i in range(12_000)]), path=POST
    )
    assert [(p.rule, p.severity) for p in problems] == [("yaml-size", "error")]


def test_two_digit_year_in_a_name_is_read_as_ruby_does() -> None:
    [p] = validate_text(fm("title: X"), path=Path("posts/21-03-04-x.md"))
    assert "2021-03-04" in p.message and p.hint == "rename it to 2021-03-04-x.md"


def test_parallel_check_gives_the_same_problems(monkeypatch: pytest.MonkeyPatch) -> None:
    """Big blogs are checked in forked workers: same problems, same order, same duplicate URLs."""
    from tests.integration.test_check_golden import BAD_POSTS

    from blogtui.blog.check import files as check_files

    site = open_site(BAD_POSTS.parent)
    pairs = [(f, str(f)) for f in check_files.iter_files([site.root], site)]
    one = check_files.validate_files(pairs, site, jobs=1)
    monkeypatch.setattr(check_files, "PARALLEL_MIN_FILES", 1)
    monkeypatch.setattr(check_files, "MIN_CHUNK", 5)  # many chunks: duplicates meet across them
    two = check_files.validate_files(pairs, site, jobs=2)
    assert two == one and any(p.rule == "duplicate-url" for p in two[0])

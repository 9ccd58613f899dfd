"""URL paths, placeholder by placeholder and style by style, as Jekyll 4.3.1 builds them.

The tables below are Jekyll's behaviour (jekyll/drops/url_drop.rb, jekyll/url.rb, Ruby's
Time.parse); the expected values of escape_path and parse_time were printed by Ruby with the
installed Jekyll 4.3.1 / Addressable 2.8.1. tests/integration/test_jekyll_golden.py checks whole posts
against real Jekyll builds.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from tests.conftest import write_post

from blogtui.blog import permalink as pl
from blogtui.blog import rubytime, rules
from blogtui.blog.index import load_index
from blogtui.blog.post import build_post
from blogtui.blog.site import Site, open_site

#: Sunday 3 January 2021, which is in ISO week 53 of 2020.
FACTS = pl.UrlFacts(
    date=datetime(2021, 1, 3, 4, 5, 6, tzinfo=UTC),
    slug="Hello World-Ünï!",
    basename="2021-01-03-hello",
    categories=("Perf", "Data Science", "perf"),
    ext=".md",
    cleaned_relative_path="/2021-01-03-hello",
)


@pytest.mark.parametrize(
    ("placeholder", "expected"),
    [
        ("year", "/2021"),
        ("month", "/01"),
        ("day", "/03"),
        ("hour", "/04"),
        ("minute", "/05"),
        ("second", "/06"),
        ("i_month", "/1"),
        ("i_day", "/3"),
        ("short_year", "/21"),
        ("y_day", "/003"),
        ("short_month", "/Jan"),
        ("long_month", "/January"),
        ("short_day", "/Sun"),
        ("long_day", "/Sunday"),
        ("week", "/53"),
        ("w_year", "/2020"),
        ("w_day", "/7"),
        # :title keeps case and "!" (slugify pretty, cased), :slug is lower-case, default mode
        ("title", "/Hello-World-%C3%9Cn%C3%AF!"),
        ("slug", "/hello-world-%C3%BCn%C3%AF"),
        ("name", "/2021-01-03-hello"),
        # categories are lower-cased and de-duplicated, not slugified; the space is escaped
        ("categories", "/perf/data%20science"),
        ("slugified_categories", "/perf/data-science"),
        ("output_ext", "/.html"),
        ("path", "/2021-01-03-hello"),
        ("collection", "/posts"),
    ],
)
def test_each_placeholder(placeholder: str, expected: str) -> None:
    assert pl.render(f"/:{placeholder}", FACTS) == expected


def test_every_placeholder_is_in_the_table() -> None:
    assert set(pl.PLACEHOLDERS) == {
        "year", "month", "day", "hour", "minute", "second", "i_month", "i_day", "short_year", "y_day",
        "short_month", "long_month", "short_day", "long_day", "week", "w_year", "w_day", "title", "slug",
        "name", "categories", "slugified_categories", "output_ext", "path", "collection",
    }  # fmt: skip


@pytest.mark.parametrize(
    ("style", "expected"),
    [
        ("date", "/perf/data%20science/2021/01/03/Hello-World-%C3%9Cn%C3%AF!.html"),
        ("pretty", "/perf/data%20science/2021/01/03/Hello-World-%C3%9Cn%C3%AF!/"),
        ("ordinal", "/perf/data%20science/2021/003/Hello-World-%C3%9Cn%C3%AF!.html"),
        ("weekdate", "/perf/data%20science/2021/W53/Sun/Hello-World-%C3%9Cn%C3%AF!.html"),
        ("none", "/perf/data%20science/Hello-World-%C3%9Cn%C3%AF!.html"),
        ("/:year_:month_:day/:title", "/2021_01_03/Hello-World-%C3%9Cn%C3%AF!"),
        ("/blog/:i_month-:i_day/:slug:output_ext", "/blog/1-3/hello-world-%C3%BCn%C3%AF.html"),
        ("/a/../b/./:year//", "/a/b/2021/"),
    ],
)
def test_styles_and_templates(style: str, expected: str) -> None:
    assert pl.url_for(FACTS, style) == expected


def test_no_categories_leave_no_empty_segment() -> None:
    facts = pl.UrlFacts(date=FACTS.date, slug="x", basename="x", categories=(), ext=".markdown")
    assert pl.url_for(facts, "date") == "/2021/01/03/x.html"


def test_unknown_placeholder_is_an_error_like_jekyll() -> None:
    with pytest.raises(pl.PermalinkError, match="doesn't have foo keys"):
        pl.url_for(FACTS, "/:foo/:title/")


def test_front_matter_permalink_wins_and_its_extension_is_the_output_ext() -> None:
    facts = pl.UrlFacts(date=FACTS.date, slug="x", basename="x", categories=(), ext=".md",
                        front_permalink="/custom/:title:output_ext.php")  # fmt: skip
    assert pl.url_for(facts, "pretty") == "/custom/x.php.php"
    assert pl.output_ext(".md", "/a/b/") == ".html"
    assert pl.output_ext(".txt") == ".txt" and pl.output_ext(".MD") == ".html"


@pytest.mark.parametrize(
    ("value", "escaped"),
    [
        ("a b", "a%20b"),
        ("c?d", "c?d"),  # "?" starts a query: Addressable leaves it
        ("e#f#g", "e%23f%23g"),
        ("Ünïcödé", "%C3%9Cn%C3%AFc%C3%B6d%C3%A9"),
        ("x%y", "x%25y"),
        ("foo:bar", "foo:bar"),
        ("a/b c", "a/b%20c"),
        ("(+)", "(+)"),
        ("[x]", "%5Bx%5D"),
        ("a|b^c", "a%7Cb%5Ec"),
        ("tab\tx", "tab%09x"),
        ('"<>`{}\\', "%22%3C%3E%60%7B%7D%5C"),
        ("日本語", "%E6%97%A5%E6%9C%AC%E8%AA%9E"),
        ("a?b?c#d", "a?b?c%23d"),
        ("x//y z", "x//y%20z"),
        ("a:b/c d", "a:b/c%20d"),
        ("a@b c", "a@b%20c"),
        ("üä/ö?x#y", "%C3%BC%C3%A4/%C3%B6?x%23y"),
        ("plain/path-1.0", "plain/path-1.0"),
    ],
)
def test_escape_path_matches_jekyll(value: str, escaped: str) -> None:
    assert pl.escape_path(value) == escaped


@pytest.mark.parametrize("value", ["10:30", ":", "~_.!$&'()*+,;=:@", "http://x y"])
def test_escape_path_refuses_what_addressable_refuses(value: str) -> None:
    with pytest.raises(pl.PermalinkError):
        pl.escape_path(value)


@pytest.mark.parametrize(
    ("mode", "text", "slug"),
    [
        ("default", "The _config.yml file", "the-config-yml-file"),
        ("pretty", "The _config.yml file", "the-_config.yml-file"),
        ("raw", "The _config.yml file", "the-_config.yml-file"),
        ("default", "--Ünï Cödé--", "ünï-cödé"),
        ("pretty", "special (+) [x] ?q #h", "special-(+)-x-q-h"),
        ("default", "hash-#1", "hash-1"),
    ],
)
def test_slugify_modes(mode: str, text: str, slug: str) -> None:
    assert pl.slugify(text, mode) == slug


TOKYO = rubytime.get_timezone("Asia/Tokyo")


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("2017-2-5", "2017-02-05T00:00:00+09:00"),
        ("08-1-2", "2008-01-02T00:00:00+09:00"),
        ("69-1-2", "1969-01-02T00:00:00+09:00"),
        ("2019-02-30", "2019-03-02T00:00:00+09:00"),  # Ruby rolls a day past the month's end over
        ("2019-04-31", "2019-05-01T00:00:00+09:00"),
        ("2010-01-10 13:07:09 +0300", "2010-01-10T19:07:09+09:00"),
        (
            "2023-01-29 18:30:22 2023 -0800",
            "2023-01-29T18:30:22+09:00",
        ),  # offset not after the time
        ("2010-01-10 13:07", "2010-01-10T13:07:00+09:00"),
        ("2010-01-10T13:07:09Z", "2010-01-10T22:07:09+09:00"),
        ("2010-01-10 13:07:09 -0730", "2010-01-11T05:37:09+09:00"),
        ("2010-01-10 13:07:09 PST", "2010-01-11T06:07:09+09:00"),
        ("2010-01-10 13:07:09 JST", "2010-01-10T13:07:09+09:00"),  # unknown to Ruby: local
        ("2010-01-10 13:07:09 +3", "2010-01-10T13:07:09+09:00"),  # one digit: ignored
        ("2020-01-01 10:00:00.5 +0100", "2020-01-01T18:00:00+09:00"),
        ("2010/1/10 13:07:09 +0300", "2010-01-10T19:07:09+09:00"),
        ("2021.03.05", "2021-03-05T00:00:00+09:00"),
        ("January 5, 2020", "2020-01-05T00:00:00+09:00"),
        ("5 January 2020 10:30", "2020-01-05T10:30:00+09:00"),
        ("Mar 5, 2021 10:00 PM", "2021-03-05T22:00:00+09:00"),
        ("2021-03-05 12:30 am", "2021-03-05T00:30:00+09:00"),
        ("Tue, 05 Mar 2021 10:00:00 +0000", "2021-03-05T19:00:00+09:00"),
        ("2021-03-05 10:00:00 UTC+3", "2021-03-05T10:00:00+09:00"),  # not a zone Ruby knows
        ("March 2021", "2021-03-01T00:00:00+09:00"),  # no day: the 1st
        ("Sat, Mar 2021 10:00 -0800", "2021-03-02T03:00:00+09:00"),
    ],
)
def test_dates_parse_like_ruby_time_parse(text: str, iso: str) -> None:
    assert rubytime.parse_time(text, TOKYO).isoformat(timespec="seconds") == iso


@pytest.mark.parametrize(
    "text",
    ["2019-02-32", "2019-13-01", "2019-00-10", "2019-01-00", "2010-01-10 25:00:00", "", "true"],
)
def test_invalid_dates_are_errors(text: str) -> None:
    with pytest.raises(rules.PostRuleError):
        rubytime.parse_time(text, TOKYO)


def test_yaml_dates_utc_when_naive_local_when_date_only() -> None:
    assert (
        rubytime.date_from_front_matter(datetime(2021, 3, 4, 23, 30), TOKYO).isoformat()
        == "2021-03-05T08:30:00+09:00"
    )
    assert (
        rubytime.date_from_front_matter(datetime(2021, 3, 4).date(), TOKYO).isoformat()
        == "2021-03-04T00:00:00+09:00"
    )


def test_time_zones_are_built_once() -> None:
    assert rubytime.get_timezone("Asia/Kolkata") is rubytime.get_timezone("Asia/Kolkata")
    assert rubytime.get_timezone("Not/AZone") is UTC and rubytime.get_timezone(None) is UTC


@pytest.mark.parametrize(
    ("slug", "title"),
    [
        ("mixedCase-post", "Mixedcase Post"),
        ("Rust-1.0", "Rust 1.0"),
        ("a--b-", "A  B"),
        ("ünï_x", "Ünï_x"),
    ],
)
def test_fallback_title_capitalises_like_ruby(slug: str, title: str) -> None:
    assert rules.titleize_slug(slug) == title


@pytest.mark.parametrize(
    ("meta", "path_cats", "expected"),
    [
        ({"categories": "Python Perf"}, [], ["Python", "Perf"]),
        ({"category": "Data Science"}, [], ["Data Science"]),  # singular: not split
        ({"categories": "a b", "category": "c"}, ["es"], ["es", "a", "b", "c"]),
        ({"categories": ["a", "a", 5]}, [], ["a", 5, "5"]),  # to_s'd copies join the originals
        ({"categories": None, "category": None}, ["es"], ["es"]),
        ({}, [], []),
    ],
)
def test_categories_merge_like_jekyll(meta: dict, path_cats: list[str], expected: list) -> None:
    assert rules.categories(path_cats, meta) == expected


def test_categories_of_the_wrong_type_are_a_read_error() -> None:
    with pytest.raises(rules.PostRuleError):
        rules.categories([], {"categories": 5})


@pytest.mark.parametrize(
    ("meta", "expected"),
    [
        ({"tags": "gc  memory"}, ["gc", "memory"]),
        ({"tag": "two words"}, ["two words"]),
        ({"tags": ["a", "a", None, 1]}, ["a", "a", 1]),
        ({"tag": None, "tags": "x"}, ["x"]),
    ],
)
def test_tags_like_jekyll(meta: dict, expected: list) -> None:
    assert rules.tags(meta) == expected


@pytest.mark.parametrize(
    ("folder", "special", "expected"),
    [
        ("_posts/es/2021-01-01-x.md", "_posts", []),
        ("es/_posts/2021-01-01-x.md", "_posts", ["es"]),
        ("a/b/_posts/2021-01-01-x.md", "_posts", ["a", "b"]),
        ("my_posts_archive/_posts/x.md", "_posts", ["my"]),  # Jekyll cuts at the first "_posts"
        ("es/_drafts/x.md", "_drafts", ["es"]),
    ],
)
def test_categories_from_folders(folder: str, special: str, expected: list[str]) -> None:
    assert rules.categories_from_path(folder, special) == expected


# -- the page path a browser sees, and the comment thread key ---------------------------------


@pytest.mark.parametrize(
    ("baseurl", "url", "path"),
    [
        ("", "/2021/01/03/x.html", "/2021/01/03/x.html"),
        ("/blog", "/2021/01/03/x.html", "/blog/2021/01/03/x.html"),
        ("blog/", "/x/", "/blog/x/"),
        ("", "/caf%C3%A9.html", "/caf%C3%A9.html"),  # escaped, as location.pathname is
        ("", "/a%20b/c?d/e%23f/x.html", "/a%20b/c"),  # the browser cuts at "?"
        ("", "/%2e%2e/%2e%2e/baddie.html", "/baddie.html"),  # and resolves dot segments
    ],
)
def test_browser_path(baseurl: str, url: str, path: str) -> None:
    assert pl.browser_path(baseurl, url) == path


def _site(tmp_path: Path, **kw: str) -> Site:
    return Site(root=tmp_path, posts_dir=tmp_path, drafts_dir=tmp_path / "_drafts", **kw)


def test_thread_key_is_the_browser_path_with_baseurl(tmp_path: Path) -> None:
    site = _site(tmp_path, baseurl="/blog", permalink="pretty")
    post = build_post(site, tmp_path / "2021-01-03-café.md", "post", {"title": "Café"})
    assert post is not None
    assert post.url == "/2021/01/03/caf%C3%A9/"
    assert post.url_unescaped == "/2021/01/03/café/"
    assert post.page_path == "/blog/2021/01/03/caf%C3%A9/"
    assert post.thread_key == "/blog/2021/01/03/caf%C3%A9/"
    override = build_post(site, tmp_path / "2021-01-03-x.md", "post", {"isso_id": "legacy-42"})
    assert override is not None and override.thread_key == "legacy-42"


def test_site_timezone_moves_the_day(tmp_path: Path) -> None:
    write_post(tmp_path, "2021-03-04-late.md", "---\ndate: 2021-03-04 23:30:00 +0300\n---\n")
    urls = {}
    for tz in ("UTC", "Asia/Tokyo", "America/Los_Angeles", "Asia/Kolkata"):
        urls[tz] = load_index(_site(tmp_path, timezone=tz)).posts[0].url
    assert urls == {
        "UTC": "/2021/03/04/late.html",
        "Asia/Tokyo": "/2021/03/05/late.html",
        "America/Los_Angeles": "/2021/03/04/late.html",
        "Asia/Kolkata": "/2021/03/05/late.html",
    }


def test_drafts_take_their_date_from_the_name_the_front_matter_or_the_mtime(tmp_path: Path) -> None:
    import os

    write_post(tmp_path, "_drafts/2021-05-06-named.md", "---\ntitle: N\n---\n")
    write_post(tmp_path, "_drafts/fm.md", "---\ntitle: F\ndate: 2021-07-08\n---\n")
    idea = write_post(tmp_path, "_drafts/idea.md", "---\ntitle: I\n---\n")
    stamp = datetime(2021, 8, 9, 10, 11, 12, tzinfo=UTC).timestamp()
    os.utime(idea, (stamp, stamp))
    by = {p.title: p for p in load_index(open_site(tmp_path)).posts}
    assert by["N"].url == "/2021/05/06/named.html" and by["N"].draft
    assert by["F"].url == "/2021/07/08/fm.html"
    assert by["I"].url == "/2021/08/09/idea.html"
    assert by["I"].date is not None and by["I"].date.isoformat() == "2021-08-09T10:11:12+00:00"


def test_published_and_future_follow_jekyll(tmp_path: Path) -> None:
    write_post(tmp_path, "2021-01-01-off.md", "---\npublished: false\n---\n")
    write_post(
        tmp_path, "2021-01-01-null.md", "---\npublished:\n---\n"
    )  # nil: not published either
    write_post(
        tmp_path, "2021-01-01-string.md", '---\npublished: "false"\n---\n'
    )  # a string is true
    write_post(tmp_path, "2030-01-01-later.md", "---\n---\n")
    index = load_index(_site(tmp_path))
    by = {p.slug: p for p in index.posts}
    assert by["off"].published is False and by["null"].published is False
    assert by["string"].published is True
    now = datetime(2026, 1, 1, tzinfo=UTC)
    later = build_post(_site(tmp_path), tmp_path / "2030-01-01-later.md", "post", {}, now=now)
    assert later is not None and later.future and not later.visible_on_site


def test_slug_front_matter_changes_url_but_not_title(tmp_path: Path) -> None:
    post = build_post(
        _site(tmp_path), tmp_path / "2021-03-04-empty-slug.md", "post", {"slug": "My Slug"}
    )
    assert post is not None
    assert post.url == "/2021/03/04/My-Slug.html"
    assert post.title == "Empty Slug" and post.slug == "My Slug"


@pytest.mark.parametrize(
    ("yaml_text", "iso"),
    [
        (
            "date: 2021-02-30",
            "2021-03-02T00:00:00+09:00",
        ),  # Psych keeps it as text; Time.parse rolls over
        ("date: 2021-02-30 22:00:00", "2021-03-03T07:00:00+09:00"),  # Psych's Time.utc rolls over
        ("date: 2021-03-06 24:00:00", "2021-03-07T09:00:00+09:00"),
    ],
)
def test_impossible_yaml_dates_do_not_crash_and_roll_over_like_psych(
    yaml_text: str, iso: str
) -> None:
    from blogtui.blog.source import load_yaml

    value = load_yaml(yaml_text)["date"]
    assert rubytime.date_from_front_matter(value, TOKYO).isoformat() == iso

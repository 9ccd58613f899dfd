"""A Jekyll site root's _config.yml: what config.toml overrides, and bad settings as warnings."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import write_post

from blogtui.blog.index import load_index
from blogtui.blog.site import open_site


def _site(tmp_path: Path, config: str) -> Path:
    tmp_path.mkdir(parents=True, exist_ok=True)
    (tmp_path / "_config.yml").write_text(config)
    write_post(tmp_path / "_posts", "2021-01-02-plain.md", "---\ntitle: Plain\n---\n")
    write_post(tmp_path / "_posts" / "travel", "2021-01-03-kyoto.md", "---\ntitle: Kyoto\n---\n")
    return tmp_path


CONFIG = """\
permalink: pretty
baseurl: /site
defaults:
  - scope: {path: _posts/travel}
    values: {permalink: "/trips/:title/", categories: travel}
"""


def test_config_toml_wins_over_config_yml_but_defaults_act_as_front_matter(tmp_path: Path) -> None:
    site = open_site(_site(tmp_path, CONFIG))
    urls = {p.title: p.url for p in load_index(site).posts}
    assert urls == {"Plain": "/2021/01/02/plain/", "Kyoto": "/trips/kyoto/"}
    # [site] in config.toml (Settings.site) overrides _config.yml's permalink and baseurl ...
    overridden = site.with_overrides(permalink="/:year/:title.html", baseurl="/other")
    posts = {p.title: p for p in load_index(overridden).posts}
    assert posts["Plain"].url == "/2021/plain.html"
    assert posts["Plain"].page_path == "/other/2021/plain.html"
    # ... but a default's permalink is front matter to Jekyll: it still wins over the site's
    assert posts["Kyoto"].url == "/trips/kyoto/" and posts["Kyoto"].categories == ("travel",)


def test_bad_defaults_and_lists_are_warnings_and_the_rest_applies(tmp_path: Path) -> None:
    config = CONFIG + "  - scope: {path: x}\n  - just a string\nexclude: _posts/travel\n"
    site = open_site(_site(tmp_path, config))
    assert len(site.warnings) == 3
    assert any("exclude" in w and "list" in w for w in site.warnings)
    assert {p.title: p.url for p in load_index(site).posts}["Kyoto"] == "/trips/kyoto/"


def test_exclude_keeps_posts_out_and_a_changed_config_is_not_served_from_the_cache(
    tmp_path: Path,
) -> None:
    cache = tmp_path / "cache"
    root = _site(tmp_path / "blog", CONFIG)
    assert len(load_index(open_site(root), cache).posts) == 2
    (root / "_config.yml").write_text(
        CONFIG.replace("permalink: pretty", "permalink: none") + "exclude: [_posts/travel]\n"
    )
    index = load_index(open_site(root), cache)
    assert [(p.title, p.url) for p in index.posts] == [("Plain", "/plain.html")]


def test_a_bad_default_is_a_problem_of_the_posts_it_reaches_saying_where_it_comes_from(
    tmp_path: Path,
) -> None:
    site = open_site(_site(tmp_path, CONFIG.replace("categories: travel", "categories: 5")))
    index = load_index(site)
    assert [p.title for p in index.posts] == ["Plain"]
    (problem,) = index.problems
    assert problem.rel == "_posts/travel/2021-01-03-kyoto.md"
    assert (
        "_config.yml defaults" in problem.message and "categories must be a list" in problem.message
    )

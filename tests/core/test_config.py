"""config.toml: locations follow XDG, overrides work, and mistakes are reported with their line."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import write_post

from blogtui import config
from blogtui.blog.site import open_site
from blogtui.config import load_settings


def test_locations_honour_xdg(isolated_dirs: dict[str, Path]) -> None:
    assert config.default_config_file() == isolated_dirs["config"] / "blogtui" / "config.toml"
    assert config.cache_dir() == isolated_dirs["cache"] / "blogtui"
    assert config.data_dir() == isolated_dirs["data"] / "blogtui"


def test_no_config_file_means_defaults() -> None:
    s = load_settings()
    assert s.problems == [] and s.blog is None and s.keys == {}
    assert s.blog_path(None, cwd=Path("/")) == Path("posts").resolve()  # ./posts, as its blog


def test_config_file_in_config_dir_is_read(isolated_dirs: dict[str, Path], tmp_path: Path) -> None:
    f = isolated_dirs["config"] / "blogtui" / "config.toml"
    f.parent.mkdir(parents=True)
    f.write_text(f'blog = "{tmp_path}"\ntheme = "nord"\n[site]\npermalink = "pretty"\n')
    s = load_settings()
    assert s.blog == tmp_path and s.theme == "nord" and s.site == {"permalink": "pretty"}
    assert s.blog_path(None) == tmp_path
    assert s.blog_path("other") == Path("other")  # the argument wins


def test_env_and_flag_override_the_file(tmp_path: Path, monkeypatch) -> None:
    f = tmp_path / "alt.toml"
    f.write_text('theme = "dracula"\n')
    monkeypatch.setenv("BLOGTUI_CONFIG", str(f))
    assert load_settings().theme == "dracula"
    g = tmp_path / "flag.toml"
    g.write_text('theme = "monokai"\n')
    assert load_settings(g).theme == "monokai"


def test_unknown_and_wrong_keys_are_reported_with_line(tmp_path: Path) -> None:
    f = tmp_path / "c.toml"
    f.write_text(
        'theme = "nord"\nblgo = "x"\n\n[site]\nurl = "https://x.org"\npermalnk = "pretty"\ntimezone = 3\n[colours]\na = 1\n'
    )
    s = load_settings(f)
    msgs = [(p.line, p.message) for p in s.problems]
    assert (2, "unknown key 'blgo' (did you mean 'blog'?)") in msgs
    assert (6, "unknown key 'permalnk' in [site] (did you mean 'permalink'?)") in msgs
    assert (7, "'site.timezone' must be a string") in msgs
    assert any(line == 8 and "unknown key 'colours'" in m for line, m in msgs)
    # the good values still apply
    assert s.theme == "nord" and s.site == {"url": "https://x.org"}


def test_invalid_toml_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    f = tmp_path / "c.toml"
    f.write_text('theme = "nord"\n[site\n')
    s = load_settings(f)
    assert (
        len(s.problems) == 1 and s.problems[0].line == 2 and "invalid TOML" in s.problems[0].message
    )


def test_missing_explicit_config_is_reported(tmp_path: Path) -> None:
    s = load_settings(tmp_path / "nope.toml")
    assert s.problems and "not found" in s.problems[0].message


def test_config_toml_wins_over_jekyll_config_yml(tmp_path: Path) -> None:
    (tmp_path / "_config.yml").write_text(
        "permalink: pretty\ntimezone: Asia/Tokyo\nurl: https://a.org\n"
    )
    write_post(tmp_path / "_posts", "2021-01-02-a.md", "---\ntitle: A\n---\n")
    f = tmp_path / "c.toml"
    f.write_text('[site]\npermalink = "none"\n')
    site = open_site(tmp_path).with_overrides(**load_settings(f).site)
    assert (
        site.permalink == "none" and site.timezone == "Asia/Tokyo" and site.url == "https://a.org"
    )


def test_broken_jekyll_config_is_a_warning(tmp_path: Path) -> None:
    (tmp_path / "_config.yml").write_text("permalink: [oops\n")
    (tmp_path / "_posts").mkdir()
    site = open_site(tmp_path)
    assert site.permalink == "date" and site.warnings and "_config.yml" in site.warnings[0]

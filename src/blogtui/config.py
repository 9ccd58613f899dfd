"""Settings: config.toml + environment + flags, and every folder the app uses (platformdirs).

Precedence: command-line flag > environment (``BLOGTUI_*``) > config.toml > the site's
``_config.yml`` > defaults. ``XDG_CONFIG_HOME``/``XDG_CACHE_HOME``/``XDG_DATA_HOME``/
``XDG_STATE_HOME`` are honoured, so tests isolate a run completely by pointing them at temporary folders.
"""

from __future__ import annotations

import os
import re
import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import platformdirs

APP_NAME = "blogtui"


# -- locations -----------------------------------------------------------------------------------


def config_dir() -> Path:
    return Path(
        os.environ.get("BLOGTUI_CONFIG_DIR")
        or platformdirs.user_config_dir(APP_NAME, appauthor=False)
    )


def cache_dir() -> Path:
    """May be deleted at any time: the front-matter index, fetched comments."""
    return Path(
        os.environ.get("BLOGTUI_CACHE_DIR")
        or platformdirs.user_cache_dir(APP_NAME, appauthor=False)
    )


def data_dir() -> Path:
    """Never deleted by us: the outbox of unsent replies, recovery copies of unsaved edits."""
    return Path(
        os.environ.get("BLOGTUI_DATA_DIR") or platformdirs.user_data_dir(APP_NAME, appauthor=False)
    )


def state_dir() -> Path:
    """Kept across runs, harmless to lose: what the reader last showed (view, switches, post)."""
    return Path(
        os.environ.get("BLOGTUI_STATE_DIR")
        or platformdirs.user_state_dir(APP_NAME, appauthor=False)
    )


def default_config_file() -> Path:
    return config_dir() / "config.toml"


# -- schema of config.toml -----------------------------------------------------------------------

#: section -> {key: expected type}; None as section key means top level.
_STR, _BOOL, _NUM, _LIST, _TABLE = "string", "boolean", "number", "list of strings", "table"
SCHEMA: dict[str | None, dict[str, str]] = {
    None: {"blog": _STR, "theme": _STR, "editor": _STR, "watch": _BOOL},
    "site": {"url": _STR, "baseurl": _STR, "permalink": _STR, "timezone": _STR},
    "keys": {},  # binding id -> key(s); any id accepted, checked against the app's bindings
    "comments": {
        "backend": _STR,
        "url": _STR,
        "author": _STR,
        "email": _STR,
        "website": _STR,
        "timeout": _NUM,
        "repo": _STR,
        "issue_term": _STR,
        "label": _STR,
        "token": _STR,
        "api_url": _STR,
        "concurrency": _NUM,
        "sync_interval": _NUM,  # seconds between the reader's background syncs (0: off)
    },
    "schema": {"required": _LIST},  # plus per-field types for custom keys
    "new": {"front_matter": _TABLE, "extension": _STR},
}
OPEN_SECTIONS = {"keys", "schema"}  # sections whose other keys are user-defined


@dataclass(frozen=True, slots=True)
class ConfigProblem:
    path: Path
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


@dataclass(slots=True)
class Settings:
    config_file: Path | None = None
    blog: Path | None = None
    theme: str | None = None
    editor: str | None = None
    #: the reader follows files changed on disk (another editor, git); false: only ctrl+r
    watch: bool = True
    site: dict[str, str] = field(default_factory=dict)
    keys: dict[str, str] = field(default_factory=dict)
    key_lines: dict[str, int] = field(default_factory=dict)  # binding id -> line in config.toml
    comments: dict[str, Any] = field(default_factory=dict)
    schema: dict[str, Any] = field(default_factory=dict)
    new: dict[str, Any] = field(default_factory=dict)
    problems: list[ConfigProblem] = field(default_factory=list)
    cache_dir: Path = field(default_factory=cache_dir)
    data_dir: Path = field(default_factory=data_dir)
    state_dir: Path = field(default_factory=state_dir)

    def blog_path(
        self, cli_value: str | os.PathLike[str] | None = None, *, cwd: Path | None = None
    ) -> Path:
        """The blog to open, found the way git finds a repository (:data:`HOW_THE_BLOG_IS_FOUND`).

        The argument, else ``BLOGTUI_BLOG``, else the blog the current folder is in, else config
        ``blog``, else ``./posts``. A named path is taken to the root of its blog (a site's
        ``_posts`` folder or a post in it names the site). A path that does not exist comes back
        as given: the caller says there is no blog there.
        """
        from blogtui.blog.site import blog_root, find_blog  # deferred: --help stays instant

        named = cli_value or os.environ.get("BLOGTUI_BLOG")
        if named:
            return blog_root(Path(named))
        found = find_blog(cwd or Path.cwd())
        if found is not None:
            return found
        return blog_root(self.blog or Path("posts"))


#: How blogtui chooses the blog (shown by ``--help`` and the README).
HOW_THE_BLOG_IS_FOUND = (
    "The blog is found the way git finds a repository: the BLOG argument (or --blog BLOG), else"
    " env BLOGTUI_BLOG, else the nearest folder at or above the current one that is a Jekyll site"
    " (it has _config.yml or _posts/) or a folder of dated posts (YYYY-MM-DD-slug.md), not"
    " above the top of a Git repository, else `blog` in config.toml, else ./posts. Any folder or"
    " file in a blog names that blog (a site's en/news/_posts names the site)."
)


def _line_of(text: str, key: str, section: str | None) -> int:
    """Best-effort line number of ``key`` (inside ``[section]``) in TOML text."""
    lines = text.splitlines()
    start = 0
    if section:
        pat = re.compile(r"^\s*\[\s*" + re.escape(section) + r"\s*\]")
        for i, line in enumerate(lines):
            if pat.match(line):
                start = i
                break
    key_pat = re.compile(r"^\s*(\"?)" + re.escape(key) + r"\1\s*=")
    for i in range(start, len(lines)):
        if key_pat.match(lines[i]):
            return i + 1
    pat2 = re.compile(r"^\s*\[\s*" + re.escape(key) + r"\s*\]")
    for i, line in enumerate(lines):
        if pat2.match(line):
            return i + 1
    return 1


def _type_ok(expected: str, value: Any) -> bool:
    if expected == _STR:
        return isinstance(value, str)
    if expected == _BOOL:
        return isinstance(value, bool)
    if expected == _NUM:
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if expected == _LIST:
        return isinstance(value, list) and all(isinstance(v, str) for v in value)
    if expected == _TABLE:
        return isinstance(value, dict)
    return True


def _suggest(key: str, known: list[str]) -> str:
    import difflib

    close = difflib.get_close_matches(key, known, n=1, cutoff=0.7)
    return f" (did you mean '{close[0]}'?)" if close else ""


def load_settings(config_file: str | os.PathLike[str] | None = None) -> Settings:
    """Read config.toml. Problems are collected, never raised: the app starts with defaults."""
    explicit = config_file or os.environ.get("BLOGTUI_CONFIG")
    path = Path(explicit).expanduser() if explicit else default_config_file()
    settings = Settings(config_file=path)
    if not path.exists():
        if explicit:
            settings.problems.append(ConfigProblem(path, 0, "config file not found"))
        return settings
    try:
        text = path.read_text("utf-8")
        data = tomllib.loads(text)
    except UnicodeDecodeError as exc:
        settings.problems.append(ConfigProblem(path, 1, f"not valid UTF-8 ({exc.reason})"))
        return settings
    except OSError as exc:
        settings.problems.append(ConfigProblem(path, 0, f"cannot read: {exc.strerror}"))
        return settings
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"line (\d+)", str(exc))
        settings.problems.append(
            ConfigProblem(path, int(m.group(1)) if m else 1, f"invalid TOML: {exc}")
        )
        return settings

    def problem(section: str | None, key: str, message: str) -> None:
        settings.problems.append(ConfigProblem(path, _line_of(text, key, section), message))

    sections = [s for s in SCHEMA if s is not None]
    for key, value in data.items():
        if key in SCHEMA[None]:
            if not _type_ok(SCHEMA[None][key], value):
                problem(None, key, f"'{key}' must be a {SCHEMA[None][key]}")
                continue
        elif key in SCHEMA and key is not None:
            if not isinstance(value, dict):
                problem(None, key, f"'{key}' must be a table ([{key}])")
                continue
            spec = SCHEMA[key]
            for sub, subvalue in value.items():
                if sub in spec:
                    if not _type_ok(spec[sub], subvalue):
                        problem(key, sub, f"'{key}.{sub}' must be a {spec[sub]}")
                elif key not in OPEN_SECTIONS:
                    problem(key, sub, f"unknown key '{sub}' in [{key}]{_suggest(sub, list(spec))}")
                elif key == "keys" and not isinstance(subvalue, str):
                    problem(
                        key, sub, f'\'keys.{sub}\' must be a string such as "ctrl+o" or "j,down"'
                    )
        else:
            problem(None, key, f"unknown key '{key}'{_suggest(key, list(SCHEMA[None]) + sections)}")

    def good(section: str | None, key: str) -> bool:
        return not any(
            p.message.startswith(f"'{section}.{key}'" if section else f"'{key}'")
            for p in settings.problems
        )

    if isinstance(data.get("blog"), str) and data["blog"].strip():
        settings.blog = (
            (path.parent / Path(data["blog"]).expanduser()).resolve()
            if not Path(data["blog"]).expanduser().is_absolute()
            else Path(data["blog"]).expanduser()
        )
    if isinstance(data.get("theme"), str):
        settings.theme = data["theme"]
    if isinstance(data.get("editor"), str):
        settings.editor = data["editor"]
    if isinstance(data.get("watch"), bool):
        settings.watch = data["watch"]
    for section, attr in (
        ("site", "site"),
        ("keys", "keys"),
        ("comments", "comments"),
        ("schema", "schema"),
        ("new", "new"),
    ):
        table = data.get(section)
        if isinstance(table, dict):
            clean = {
                k: v
                for k, v in table.items()
                if good(section, k) and (k in SCHEMA[section] or section in OPEN_SECTIONS)
            }
            setattr(settings, attr, clean)
    settings.key_lines = {k: _line_of(text, k, "keys") for k in settings.keys}
    return settings


def warn(problems: list[ConfigProblem]) -> None:
    for p in problems:
        print(f"blogtui: config: {p}", file=sys.stderr)

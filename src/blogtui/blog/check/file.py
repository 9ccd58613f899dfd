"""One file: its bytes or text -> its problems (the editor's check before a save).

:func:`validate_text` parses only the front matter (never the body), so a 100 KB post costs the
same as a small one. After the rules, the post is read as Jekyll would (blog.post.build_post):
where that says Jekyll stops or drops the front matter and no rule did, that is an error too.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from blogtui.blog import rules
from blogtui.blog.check.config import DEFAULT_CONFIG, SchemaConfig, required_keys
from blogtui.blog.check.filename import check_name, is_draft
from blogtui.blog.check.keys import check_keys
from blogtui.blog.check.problem import (
    ERROR,
    WARNING,
    Checker,
    FileReport,
    Problem,
    kind_of,
    quote,
    sort_key,
)
from blogtui.blog.site import Site
from blogtui.blog.source import BOM, Loaded, SourceError, decode, load_front_matter, split

if TYPE_CHECKING:
    from blogtui.blog.post import Post


def _front_matter_lost(c: Checker, text: str, is_post: bool = True) -> None:
    """The text has no front matter by Jekyll's rule: say why, if it looks like it meant one."""
    first_nl = text.find("\n")
    first = text[: first_nl if first_nl >= 0 else len(text)]
    if re.match(r"\+\+\+[ \t]*\r?$", first):
        c.add(
            1,
            1,
            ERROR,
            "front-matter-toml",
            "TOML front matter (+++) is not read by Jekyll: it publishes the post without it (the "
            "TOML in its text, the title from the file name)",
            "write the front matter as YAML between '---' lines",
        )
        return
    if first.startswith("---") and "\r" in first.rstrip("\r") and re.match(r"---[ \t]*\r", first):
        c.add(
            1,
            1,
            ERROR,
            "line-endings",
            "the file uses old Mac line endings (CR only): Jekyll sees no front matter",
            "save the file with LF (or CRLF) line endings",
        )
        return
    m = re.match(r"([ \t\r\n\f\v]+)(?=---[ \t\r\f\v]*(?:\n|\Z))", text)
    if m and m.group(1):
        line = text.count("\n", 0, m.end()) + 1
        col = m.end() - (text.rfind("\n", 0, m.end()) + 1) + 1
        what = "blank line" if "\n" in m.group(1) else "space"
        c.add(
            line,
            col,
            ERROR,
            "front-matter-not-first",
            f"a {what} before the opening '---': Jekyll ignores the front matter and publishes the post without it",
            f"delete everything before '---' on line {line}",
        )
        return
    if re.match(r"---[ \t\r\f\v]*\n", text):
        c.add(
            1,
            1,
            ERROR,
            "front-matter-unclosed",
            "the front matter is never closed: Jekyll ignores it and publishes the post without it",
            "add a line '---' after the last 'key: value' line",
        )
        return
    closing = re.search(r"^(?:---|\.\.\.)[ \t\r\f\v]*$", text[:20000], re.M)
    if closing and re.match(r"[A-Za-z_][\w-]*[ \t]*:", text):
        try:
            head = load_front_matter(text[: closing.start()], 1)
        except SourceError:
            head = None
        if head is not None and isinstance(head.data, dict) and head.data:
            c.add(
                1,
                1,
                ERROR,
                "front-matter-no-opening",
                "front matter without its opening '---': Jekyll ignores it and publishes the post without it",
                "add a line '---' before line 1",
            )
            return
    if not is_post:
        return  # not a post at all (the file-name rule says so): no front matter is expected
    c.add(
        1,
        1,
        WARNING,
        "front-matter-missing",
        "no front matter: Jekyll takes the title and date from the file name",
        "start the file with '---', 'title: ...', '---'",
    )


def check_text(
    text: str, path: Path, site: Site | None, config: SchemaConfig, display: str | None = None
) -> FileReport:
    c = Checker(display if display is not None else str(path), site.timezone if site else None)
    if text.startswith(BOM):
        text = text[1:]
    draft = is_draft(path, site)
    s = split(text)
    metadata: dict[str, Any] | None = None
    fm_date: datetime | None = None
    if not s.has_front_matter:
        name_ok = (rules.DATELESS_NAME_RE if draft else rules.DATE_NAME_RE).fullmatch(
            path.name
        ) is not None
        _front_matter_lost(c, text, name_ok)
        metadata = {}
        for key in required_keys(config, draft):
            c.add(
                1,
                1,
                ERROR,
                "required",
                f"'{key}' is required by this blog ([schema] required)",
                f"add '{key}: ...' to the front matter",
            )
    else:
        try:
            loaded: Loaded = load_front_matter(s.yaml_text, s.yaml_line)
        except SourceError as exc:
            c.add(exc.line, exc.column, ERROR, exc.rule, exc.message, exc.hint)
            loaded = Loaded(None, {})
            metadata = None
        else:
            data = loaded.data
            if data is None:
                metadata = {}
            elif not isinstance(data, dict):
                c.add(
                    s.yaml_line,
                    1,
                    ERROR,
                    "front-matter-not-mapping",
                    f"the front matter is {kind_of(data)}, not 'key: value' lines: Jekyll drops it",
                    "write one 'key: value' per line",
                )
            else:
                metadata = {str(k): v for k, v in data.items()}
                c.keys = loaded.keys
                for key, line, col in loaded.duplicates:
                    c.add(
                        line,
                        col,
                        WARNING,
                        "duplicate-key",
                        f"'{quote(key)}' is given twice; only the last value counts",
                        "delete one of them",
                    )
                fm_date = check_keys(c, metadata, config, draft)
    post = _jekyll_backstop(c, path, draft, metadata, site) if metadata is not None else None
    check_name(c, path, draft, fm_date, site, post.date if post is not None else None)
    url = post.url if post is not None and not draft and post.published else None
    return FileReport(c.problems, metadata, c.keys, url)


#: the key whose value a PostRuleError (blog.rules: Jekyll's own reading) is about
_RULE_KEYS = {
    "invalid-date": "date",
    "slug-type": "slug",
    "permalink-type": "permalink",
    "permalink": "permalink",
}


def _jekyll_backstop(
    c: Checker, path: Path, draft: bool, metadata: dict[str, Any], site: Site | None
) -> Post | None:
    """Read the post as Jekyll would (blog.post.build_post, the index's model of Jekyll 4.3.1).

    Where that model says Jekyll stops the build or drops the front matter and no rule above
    has said so already, that is an error too: the two views of Jekyll never disagree silently.
    Returns the post as Jekyll reads it (its URL for the duplicate-URL rule, its date for the
    date-mismatch rule), or None.
    """
    from blogtui.blog.post import build_post

    if site is None:
        folder = path.parent
        site = Site(root=folder, posts_dir=folder, drafts_dir=folder / "_drafts")
    try:
        post = build_post(site, path, "draft" if draft else "post", metadata, now=_NOW)
    except rules.PostRuleError as exc:
        if exc.rule == "date-range":  # Jekyll reads it; only blogtui cannot
            if not any(p.rule == "date-range" for p in c.problems):
                c.at_value("date", ERROR, "date-range", exc.message)
        elif not any(p.severity == ERROR for p in c.problems):
            key = _RULE_KEYS.get(exc.rule, exc.rule.split("-")[0])
            c.at_value(
                key,
                ERROR,
                "jekyll",
                f"{exc.message}: Jekyll stops the build or drops the front matter",
            )
        return None
    except Exception:
        return None
    return post


# -- the API ---------------------------------------------------------------------------------------


def validate_text(
    text: str, *, path: Path, site: Site | None = None, config: SchemaConfig | None = None
) -> list[Problem]:
    """All problems of one post's text (the editor's buffer). Never raises for any text."""
    problems = check_text(text, Path(path), site, config or DEFAULT_CONFIG).problems
    return sorted(problems, key=sort_key)


def bytes_report(
    data: bytes, path: Path, site: Site | None, config: SchemaConfig, display: str | None = None
) -> FileReport:
    try:
        text, _bom = decode(data)
    except SourceError as exc:
        shown = display if display is not None else str(path)
        return FileReport(
            [Problem(shown, exc.line, exc.column, ERROR, exc.rule, exc.message, exc.hint)], None, {}
        )
    return check_text(text, path, site, config, display)


def validate_bytes(
    data: bytes, *, path: Path, site: Site | None = None, config: SchemaConfig | None = None
) -> list[Problem]:
    """Like validate_text, for a file's bytes: adds the encoding rules (UTF-8, binary)."""
    return sorted(
        bytes_report(data, Path(path), site, config or DEFAULT_CONFIG).problems, key=sort_key
    )


#: 'now' for build_post: whether a post is in the future does not change its URL
_NOW = datetime(2000, 1, 1, tzinfo=UTC)

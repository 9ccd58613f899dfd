"""`blogtui check`: the front-matter rules of blogtui.blog.check, for scripts, hooks and CI.

Output (one line per problem, sorted by file, line and column), then a summary line::

    posts/2021-03-04-x.md:2:8: error: could not parse YAML: unclosed flow sequence [yaml-syntax]
    3 files, 1 errors, 0 warnings

Exit status: 0 no errors (warnings allowed), 1 errors found (or warnings with --strict),
2 usage error or a path that does not exist or cannot be read. Never imports Textual.

With no PATH it checks the blog (found as every command finds it); with ``--files`` exactly the
PATHs given, none meaning nothing to check (a pre-commit hook passes the staged posts).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from blogtui.blog import postfile
from blogtui.blog.check.config import SchemaConfig
from blogtui.blog.check.files import iter_files, validate_files
from blogtui.blog.check.problem import ERROR, Problem, sort_key
from blogtui.blog.index import BlogIndex
from blogtui.blog.site import (
    SPECIAL_DIRS,
    Site,
    blog_root,
    find_blog,
    is_blog_folder,
    open_site,
)
from blogtui.blog.source import SourceError
from blogtui.commands._common import add_blog_argument, blog_arg, rel
from blogtui.commands._output import err, json_text, out, visible
from blogtui.config import Settings

HELP = "check the front matter of posts (files or folders) and report problems with their line"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="files or folders to check (default: the blog, found as 'blogtui --help' says)",
    )
    parser.add_argument(
        "--files",
        action="store_true",
        help="check exactly the PATHs given, and nothing when none is given (exit 0): for hooks"
        " such as pre-commit, which pass the staged files",
    )
    add_blog_argument(parser)
    parser.add_argument("--strict", action="store_true", help="warnings fail too (exit status 1)")
    parser.add_argument(
        "--format", choices=("text", "json"), default="text", help="output format (default: text)"
    )
    parser.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        help="text format: also show the offending line and a hint under each problem",
    )


def blogs_below(folder: Path) -> list[Path]:
    """The blogs inside a folder that is in no blog (so that ``blogtui check ~/blogs`` checks
    each blog on its own: URLs only clash within a blog). A blog is what is one by its own
    content (:func:`is_blog_folder`); the folders inside a blog are not searched further."""
    found: list[Path] = []
    stack = [folder]
    while stack:
        current = stack.pop()
        try:
            entries = sorted(os.scandir(current), key=lambda e: e.name, reverse=True)
        except OSError:
            continue
        for entry in entries:
            if entry.name.startswith((".", "_")) or not entry.is_dir(follow_symlinks=False):
                continue
            sub = Path(entry.path)
            if is_blog_folder(sub):
                found.append(sub)
            else:
                stack.append(sub)
    return sorted(found)


def _in_site(folder: Path, site: Site) -> list[Path]:
    """What checking ``folder`` means in ``site``: the folder itself when it is the site, a posts
    or drafts folder, or any folder of a plain blog; in a Jekyll site, a folder such as ``en/``
    stands for the posts and drafts of the site below it (``en/news/_posts/...``)."""
    resolved = folder.resolve()
    if not site.is_jekyll_root or resolved == site.root or not resolved.is_relative_to(site.root):
        return [folder]
    if any(part in SPECIAL_DIRS for part in resolved.relative_to(site.root).parts):
        return [folder]
    return [f for f, _kind in BlogIndex(site, None).files() if f.is_relative_to(resolved)]


def _groups(
    given: list[Path], settings: Settings, blog: str | None
) -> dict[Path, tuple[Site, list[Path]]]:
    """The paths to check grouped by the blog they belong to (duplicate URLs are per blog):
    ``--blog``'s for all of them, else the blog each one is in (:func:`blog_root`); a folder in
    no blog stands for the blogs below it."""
    groups: dict[Path, tuple[Site, list[Path]]] = {}

    def add(root: Path, paths: list[Path]) -> None:
        if root not in groups:
            groups[root] = (open_site(root).with_overrides(**settings.site), [])
        site, group = groups[root]
        for p in paths:
            # absolute, as the site's root is (a file's own name kept: it may be a symlink)
            group.extend(
                _in_site(p.resolve(), site) if p.is_dir() else [p.parent.resolve() / p.name]
            )

    chosen = settings.blog_path(blog) if blog else None
    for path in given:
        if chosen is not None:
            add(chosen.resolve(), [path])
        elif path.is_dir() and find_blog(path) is None and (below := blogs_below(path)):
            for root in below:
                add(blog_root(root), [root])
        else:
            add(blog_root(path), [path])
    return groups


def _shown(path: Path, cwd: str) -> str:
    """How a file is named in the output: relative to the current folder when it is below it."""
    text = str(path)
    if not path.is_absolute():
        return text
    if text.startswith(cwd + os.sep):
        return text[len(cwd) + 1 :]
    return rel(path)


def _jobs() -> int:
    try:
        return max(1, min(len(os.sched_getaffinity(0)), 8))
    except (AttributeError, OSError):
        return max(1, min(os.cpu_count() or 1, 8))


def _source_line(path: Path, line: int) -> str | None:
    try:
        lines = postfile.read_bytes(path).decode("utf-8", "replace").split("\n")
    except SourceError:
        return None
    if 1 <= line <= len(lines):
        return lines[line - 1].rstrip("\r").replace("\t", "    ")
    return None


def _print_text(problems: list[Problem], files: dict[str, Path], verbose: bool) -> None:
    stream = sys.stdout
    for p in problems:
        stream.write(visible(str(p)) + "\n")
        if verbose:
            src = _source_line(files[p.path], p.line) if p.path in files else None
            if src is not None and src.strip():
                stream.write(f"    {visible(src)}\n    {' ' * (p.column - 1)}^\n")
            if p.hint:
                stream.write(f"    hint: {visible(p.hint)}\n")


def _json(problems: list[Problem]) -> str:
    return json_text([p.to_json() for p in problems])


def run(args: argparse.Namespace, settings: Settings) -> int:
    config = SchemaConfig.from_settings(settings.schema)
    for message in config.problems:
        err(f"blogtui: config: {message}")
    blog = blog_arg(args)
    if blog and not settings.blog_path(blog).is_dir():
        err(f"blogtui: no blog folder at {settings.blog_path(blog)}")
        return 2
    given = [Path(p).expanduser() for p in args.paths]
    if not given and not args.files:
        given = [settings.blog_path(blog)]
    missing = [p for p in given if not p.exists()]
    for p in missing:
        err(f"blogtui: no such file or folder: {p}")
    groups = _groups([p for p in given if p not in missing], settings, blog)
    cwd = os.getcwd()
    problems: list[Problem] = []
    shown_paths: dict[str, Path] = {}
    unreadable: list[Path] = []
    for site, paths in groups.values():
        for w in site.warnings:
            err(f"blogtui: warning: {w}")
        files = iter_files(paths, site)
        pairs = [(f, _shown(f, cwd)) for f in files]
        shown_paths.update((shown, f) for f, shown in pairs)
        found, bad = validate_files(pairs, site, config, jobs=_jobs())
        problems.extend(found)
        unreadable.extend(bad)
    problems.sort(key=sort_key)
    errors = sum(1 for p in problems if p.severity == ERROR)
    warnings = len(problems) - errors
    if args.format == "json":
        sys.stdout.write(_json(problems) + "\n")
        err(f"{len(shown_paths)} files, {errors} errors, {warnings} warnings")
    else:
        _print_text(problems, shown_paths, args.verbose)
        out(f"{len(shown_paths)} files, {errors} errors, {warnings} warnings")
    if missing or unreadable:
        return 2
    if errors or (args.strict and warnings):
        return 1
    return 0

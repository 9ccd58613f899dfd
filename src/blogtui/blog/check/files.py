"""Many files: the per-file check (in worker processes for large sets) and the cross-file rule
(two posts at one URL); which files a folder brings."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from blogtui.blog import postfile
from blogtui.blog.check.config import DEFAULT_CONFIG, SchemaConfig
from blogtui.blog.check.file import bytes_report
from blogtui.blog.check.problem import ERROR, Problem, sort_key
from blogtui.blog.site import Site
from blogtui.blog.source import SourceError

_Url = tuple[str, str, int, int]  # (url, shown path, line, column)
#: below this many files a second process costs more than it saves
PARALLEL_MIN_FILES = 2000
#: files per task given to a worker (at least)
MIN_CHUNK = 200


def _check_chunk(
    args: tuple[list[tuple[Path, str]], Site, SchemaConfig],
) -> tuple[list[Problem], list[Path], list[_Url]]:
    files, site, config = args
    problems: list[Problem] = []
    unreadable: list[Path] = []
    urls: list[_Url] = []
    roots = site.folders
    for path, shown in files:
        try:  # the one bounded reader: a FIFO, a device, a dangling or outward link is a problem
            data = postfile.read_bytes(path, roots)
        except SourceError as exc:  # not read (exit status 2)
            unreadable.append(path)
            problems.append(
                Problem(shown, exc.line, exc.column, ERROR, exc.rule, exc.message, exc.hint)
            )
            continue
        try:
            report = bytes_report(data, path, site, config, shown)
        except Exception as exc:  # no single file stops the check: a problem of that file
            problems.append(_internal(shown, exc))
            continue
        problems.extend(report.problems)
        if report.url:
            url = report.url
            if url:
                pos = report.keys.get("permalink")
                urls.append(
                    (url, shown, pos.value_line if pos else 1, pos.value_column if pos else 1)
                )
    return problems, unreadable, urls


def _internal(shown: str, exc: Exception) -> Problem:
    return Problem(
        shown,
        1,
        1,
        ERROR,
        "internal",
        f"blogtui could not check this file ({type(exc).__name__}: {exc})",
        "please report this as a blogtui bug, with the file",
    )


def _run_chunks(
    files: list[tuple[Path, str]], site: Site, config: SchemaConfig, jobs: int
) -> list[tuple[list[Problem], list[Path], list[_Url]]]:
    """Check the files in one process, or in ``jobs`` forked ones for a large set: each task is
    handed its own slice of the list with the site and config (no state shared through globals)."""
    if jobs > 1 and len(files) >= PARALLEL_MIN_FILES:
        import multiprocessing

        if "fork" in multiprocessing.get_all_start_methods():
            size = max(MIN_CHUNK, len(files) // (jobs * 4))
            tasks = [(files[i : i + size], site, config) for i in range(0, len(files), size)]
            with multiprocessing.get_context("fork").Pool(jobs) as pool:
                return pool.map(_check_chunk, tasks, chunksize=1)
    return [_check_chunk((files, site, config))]


def validate_files(
    files: Iterable[tuple[Path, str]],
    site: Site,
    config: SchemaConfig | None = None,
    *,
    jobs: int = 1,
) -> tuple[list[Problem], list[Path]]:
    """Problems of ``(path, display name)`` pairs plus the cross-file rules; also the unreadable paths.

    ``jobs`` > 1 checks large sets in that many forked processes (for the command line only:
    never from a program that runs threads, such as the TUI).
    """
    config = config or DEFAULT_CONFIG
    problems: list[Problem] = []
    unreadable: list[Path] = []
    urls: dict[str, list[tuple[str, int, int]]] = {}
    for found, bad, chunk_urls in _run_chunks(list(files), site, config, jobs):
        problems.extend(found)
        unreadable.extend(bad)
        for url, shown, line, col in chunk_urls:
            urls.setdefault(url, []).append((shown, line, col))
    for url, owners in urls.items():
        if len(owners) < 2:
            continue
        for shown, line, col in owners:
            others = ", ".join(o[0] for o in owners if o[0] != shown)
            problems.append(
                Problem(
                    shown,
                    line,
                    col,
                    ERROR,
                    "duplicate-url",
                    f"URL path {url} is also the URL of {others}",
                    "change the permalink or the file name of one of them",
                )
            )
    problems.sort(key=sort_key)
    return problems, unreadable


def iter_files(paths: Iterable[Path], site: Site) -> list[Path]:
    """Files to check: each file as given; each folder walked as Jekyll would (the site's own
    root or posts folder also brings its ``_drafts``). Missing paths are kept (they are reported)."""
    from blogtui.blog.index import BlogIndex, _walk

    out: list[Path] = []
    seen: set[Path] = set()
    for path in paths:
        path = Path(path)
        if path.is_dir():
            resolved = path.resolve()
            if resolved in (site.root, site.posts_dir):
                # the blog itself (with its drafts); a Jekyll site's _posts alone: just the posts
                with_drafts = resolved == site.root
                found = [
                    p for p, _kind in BlogIndex(site, None, include_drafts=with_drafts).files()
                ]
            else:
                found = list(_walk(path))
        else:
            found = [path]
        for f in found:
            if f not in seen:
                seen.add(f)
                out.append(f)
    return out


def validate_blog(
    paths: Iterable[Path], site: Site, config: SchemaConfig | None = None
) -> list[Problem]:
    """Check files (folders are walked as Jekyll would) and the cross-file rules (duplicate URLs)."""
    files = iter_files(paths, site)
    problems, _unreadable = validate_files(((f, str(f)) for f in files), site, config)
    return problems

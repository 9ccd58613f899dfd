"""Full-text search: an SQLite FTS5 index in the cache dir over posts, drafts and stored comments.

- ``<cache_dir>/search-<blog>.sqlite3``, a cache (``PRAGMA user_version``; another version, or a damaged
  file, is deleted and rebuilt). The trigram tokenizer indexes every run of three characters, so
  words are found in any script (Japanese and Chinese have no spaces between words), in the middle
  of words too, case-insensitively. Terms shorter than three characters are matched by a scan of
  the stored text.
- :meth:`FullTextIndex.update` brings it up to date from the blog's index: a post is read again
  only when its (mtime, size) changed; a thread of comments only when its stored count or newest
  comment changed. Writes are committed in batches, so a search on another connection (another
  thread) sees the posts indexed so far while indexing runs.
- :meth:`FullTextIndex.search` ranks by BM25 (title weighs most, then tags and categories, then
  the text) and gives each hit the line of the first match and a snippet with the match marked.

Comments are read through blogtui.comments' public API (``counts``, ``newest``, ``load_thread``)
and never written. No Textual here: the CLI and the TUI both use this module.
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from blogtui.blog.fulltext_query import Query, QueryError, Term, parse
from blogtui.blog.post import Post
from blogtui.blog.source import split
from blogtui.cachedb import open_cache_db
from blogtui.safe import one_line

__all__ = ["FullTextIndex", "Hit", "QueryError", "UpdateStats"]

VERSION = 1
BATCH = 200  # documents per transaction (a search sees them; progress is reported per batch)
WEIGHTS = (10.0, 5.0, 1.0)  # bm25 weights of the columns title, tags, body
SNIPPET = 100  # characters of a snippet

_SCHEMA = """
CREATE TABLE docs (
    id INTEGER PRIMARY KEY,
    key TEXT UNIQUE NOT NULL,      -- "post:<rel>" or "comment:<thread>:<id>"
    grp TEXT NOT NULL,             -- what is replaced together: the post, or the thread
    rel TEXT NOT NULL,             -- the post's path in the blog
    title TEXT NOT NULL,           -- the post's title
    kind TEXT NOT NULL,            -- "post" or "comment"
    stamp TEXT NOT NULL,           -- "mtime_ns:size" of the file, or "count:newest" of the thread
    first_line INTEGER NOT NULL    -- the file's line where the body starts (1 for comments)
);
CREATE INDEX docs_by_grp ON docs(grp);
CREATE VIRTUAL TABLE fts USING fts5(title, tags, body, tokenize='trigram');
"""


#: one document: its ``docs`` row (key, grp, rel, title, kind, stamp, first_line) and its
#: ``fts`` texts (title, tags, body)
Row = tuple[tuple[str, str, str, str, str, str, int], tuple[str, str, str]]


def _stored(value: str) -> str | bytes:
    """A key or path as SQLite can keep it: a file name that is not UTF-8 (``\\udc9b``, Python's
    surrogate escape) cannot be stored as TEXT; it is kept as the exact bytes of
    ``surrogatepass`` instead (a BLOB), and read back by ``_loaded``."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return value.encode("utf-8", "surrogatepass")
    return value


def _loaded(value: str | bytes) -> str:
    return value.decode("utf-8", "surrogatepass") if isinstance(value, bytes) else value


def _searchable(value: str) -> str:
    """Text for the FTS index: lone surrogates (which SQLite refuses) become U+FFFD."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return value.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
    return value


class CommentSource(Protocol):
    """What is read from the comment store (blogtui.comments.store.CommentStore has it)."""

    def counts(self) -> Mapping[str, int]: ...

    def newest(self) -> Mapping[str, object]: ...

    def load_thread(self, key: str) -> object: ...


@dataclass(frozen=True, slots=True)
class Hit:
    rel: str  # the post's path in the blog ("_posts/2024-01-02-x.md")
    title: str
    kind: str  # "post" or "comment"
    line: int  # the file's line of the first match (post), or the comment's line
    snippet: str  # one line around the match, controls removed
    marks: tuple[tuple[int, int], ...]  # where the match is in the snippet
    score: float  # higher is better

    def marked(self, left: str = "[[", right: str = "]]") -> str:
        """The snippet with each match between ``left`` and ``right``."""
        out, at = [], 0
        for start, end in self.marks:
            out += [self.snippet[at:start], left, self.snippet[start:end], right]
            at = end
        out.append(self.snippet[at:])
        return "".join(out)

    def to_json(self) -> dict[str, object]:
        return {
            "path": self.rel,
            "title": self.title,
            "kind": self.kind,
            "line": self.line,
            "snippet": self.marked(),
            "score": round(self.score, 4) + 0.0,  # never -0.0
        }


@dataclass(slots=True)
class UpdateStats:
    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    unreadable: int = 0

    @property
    def changed(self) -> int:
        return self.added + self.updated + self.removed


def _connect(path: Path) -> sqlite3.Connection:
    def prepare(conn: sqlite3.Connection) -> None:
        conn.execute("PRAGMA cache_size = -64000")  # 64 MB: a first index is 25% faster

    def created(conn: sqlite3.Connection) -> None:
        # fewer, later merges of the index's segments while a blog is indexed
        conn.execute("INSERT INTO fts(fts, rank) VALUES ('crisismerge', 64)")

    return open_cache_db(path, VERSION, _SCHEMA, prepare=prepare, created=created)


class FullTextIndex:
    """One connection to the search index. Use one instance per thread (SQLite connections are
    not shared here): the indexing worker has its own, each search its own or a shared reader."""

    def __init__(self, cache_dir: Path, root: Path) -> None:
        """The index of the blog at ``root`` (one file per blog in the cache dir)."""
        key = hashlib.sha1(str(Path(root).resolve()).encode("utf-8", "surrogatepass"))
        self.path = Path(cache_dir) / f"search-{key.hexdigest()[:16]}.sqlite3"
        self._db = _connect(self.path)

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> FullTextIndex:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def count(self) -> int:
        return int(self._db.execute("SELECT count(*) FROM docs").fetchone()[0])

    # indexing ---------------------------------------------------------------------------------
    def update(
        self,
        posts: Sequence[Post],
        comments: CommentSource | None = None,
        *,
        progress: Callable[[int, int], object] | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> UpdateStats:
        """Bring the index up to date with ``posts`` (and the stored comments). ``progress(done,
        total)`` is called after each batch; ``cancelled()`` true stops at the next batch."""
        stats = UpdateStats()
        known: dict[str, tuple[str, str]] = {
            _loaded(grp): (_loaded(stamp), kind)
            for grp, stamp, kind in self._db.execute("SELECT DISTINCT grp, stamp, kind FROM docs")
        }
        # (grp, stamp, post, thread?): what to read, in order
        work: list[tuple[str, str, Post, bool]] = []
        wanted: set[str] = set()
        for post in posts:
            grp = "post:" + post.rel
            stamp = f"{post.mtime_ns}:{post.size}"
            wanted.add(grp)
            if known.get(grp, ("",))[0] == stamp:
                stats.unchanged += 1
                continue
            work.append((grp, stamp, post, False))
        if comments is not None:
            by_thread = {p.thread_key: p for p in posts}
            counts, newest = comments.counts(), comments.newest()
            for key, count in counts.items():
                found = by_thread.get(key)
                if found is None or not count:
                    continue
                grp = "thread:" + key
                stamp = f"{count}:{newest.get(key)}:{found.rel}"
                wanted.add(grp)
                if known.get(grp, ("",))[0] == stamp:
                    stats.unchanged += 1
                    continue
                work.append((grp, stamp, found, True))
        gone = [grp for grp in known if grp not in wanted]
        total = len(work) + len(gone)
        done = 0
        if gone:
            with self._tx():
                for grp in gone:
                    self._delete(grp)
            stats.removed, done = len(gone), len(gone)
        for start in range(0, len(work), BATCH):
            if cancelled is not None and cancelled():
                break
            batch = work[start : start + BATCH]
            rows: list[tuple[str, list[Row]]] = []
            for grp, stamp, post, thread in batch:
                made = (
                    _comment_rows(comments, post, grp, stamp)
                    if thread and comments is not None
                    else _post_rows(post, grp, stamp)
                )
                if made is None:
                    stats.unreadable += 1
                    continue
                rows.append((grp, made))
            with self._tx():
                for grp, made in rows:
                    if grp in known:
                        self._delete(grp)
                        stats.updated += 1
                    else:
                        stats.added += 1
                    for doc, text in made:
                        cur = self._db.execute(
                            "INSERT INTO docs(key, grp, rel, title, kind, stamp, first_line)"
                            " VALUES (?,?,?,?,?,?,?)",
                            (*map(_stored, doc[:6]), doc[6]),
                        )
                        self._db.execute(
                            "INSERT INTO fts(rowid, title, tags, body) VALUES (?,?,?,?)",
                            (cur.lastrowid, *map(_searchable, text)),
                        )
            done += len(batch)
            if progress is not None:
                progress(done, total)
        if progress is not None and not work:
            progress(total, total)
        return stats

    def _delete(self, grp: str) -> None:
        key = _stored(grp)
        ids = [r[0] for r in self._db.execute("SELECT id FROM docs WHERE grp=?", (key,))]
        self._db.executemany("DELETE FROM fts WHERE rowid=?", [(i,) for i in ids])
        self._db.execute("DELETE FROM docs WHERE grp=?", (key,))

    def _tx(self) -> _Transaction:
        return _Transaction(self._db)

    # searching --------------------------------------------------------------------------------
    def search(
        self, text: str, *, limit: int = 50, cancelled: Callable[[], bool] | None = None
    ) -> list[Hit]:
        """Hits for the query ``text``, best first. Raises QueryError for a query that cannot
        be run (see blogtui.blog.fulltext_query). ``cancelled()`` is asked while SQLite works;
        once it is true the query stops and gives no hits (a search as you type drops the
        query of the previous key instead of letting it compete with the new one)."""
        query = parse(text)
        match = query.fts()
        where, params = [], []
        if match:
            where.append("fts MATCH ?")
            params.append(match)
        for term in query.short_terms:
            cols = term.columns or ("title", "tags", "body")
            where.append("(" + " OR ".join(f"instr(lower(fts.{c}), ?) > 0" for c in cols) + ")")
            params.extend([term.text.lower()] * len(cols))
        rank = f"bm25(fts, {', '.join(map(str, WEIGHTS))})" if match else "0.0"
        # rank the row ids alone, then fetch the texts of the best: sorting rows that carry
        # whole bodies made a common word on 10,000 posts several times slower
        sql = (
            "WITH best AS ("
            f" SELECT fts.rowid AS id, {rank} AS score FROM fts"
            f" WHERE {' AND '.join(where)} ORDER BY score, fts.rowid LIMIT ?)"
            " SELECT d.rel, d.title, d.kind, d.first_line, f.title, f.tags, f.body, best.score"
            " FROM best JOIN docs d ON d.id = best.id JOIN fts f ON f.rowid = best.id"
            " ORDER BY best.score, d.kind DESC, d.rel"
        )
        if cancelled is not None:
            self._db.set_progress_handler(lambda: 1 if cancelled() else 0, 2000)
        try:
            rows = self._db.execute(sql, (*params, max(1, limit))).fetchall()
        except sqlite3.OperationalError as exc:  # FTS5 refused it after all: say so
            if cancelled is not None and cancelled():
                return []
            raise QueryError("query", f"This query cannot be searched: {exc}.") from None
        finally:
            if cancelled is not None:
                self._db.set_progress_handler(None, 0)
        return [
            _hit(query, _loaded(rel), _loaded(title), kind, first, ftitle, tags, body, -score)
            for rel, title, kind, first, ftitle, tags, body, score in rows
        ]


class _Transaction:
    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def __enter__(self) -> sqlite3.Connection:
        self.db.execute("BEGIN IMMEDIATE")
        return self.db

    def __exit__(self, exc_type: object, *exc: object) -> None:
        self.db.execute("ROLLBACK" if exc_type else "COMMIT")


# rows ---------------------------------------------------------------------------------------
def _post_rows(post: Post, grp: str, stamp: str) -> list[Row] | None:
    try:
        parts = split(post.read_text())
    except Exception:  # OSError, SourceError: the index lists the file; search skips it
        return None
    doc = (grp, grp, post.rel, post.title, "post", stamp, parts.body_line)
    labels = " ".join([*post.tags, *post.categories])
    return [(doc, (post.title, labels, parts.body))]


def _comment_rows(comments: CommentSource, post: Post, grp: str, stamp: str) -> list[Row]:
    thread = comments.load_thread(post.thread_key)
    rows: list[Row] = []
    for c in getattr(thread, "comments", []):
        if getattr(c, "deleted", False) or not getattr(c, "text", ""):
            continue
        key = f"comment:{post.thread_key}:{c.id}"
        rows.append(((key, grp, post.rel, post.title, "comment", stamp, 1), ("", "", c.text)))
    return rows


# hits -----------------------------------------------------------------------------------------
def _pattern(term: Term) -> re.Pattern[str]:
    words = term.text.split()
    return re.compile(r"\s+".join(map(re.escape, words)), re.IGNORECASE)


def _hit(
    query: Query,
    rel: str,
    title: str,
    kind: str,
    first_line: int,
    ftitle: str,
    tags: str,
    body: str,
    score: float,
) -> Hit:
    patterns = [_pattern(t) for t in query.terms]
    body_patterns = [_pattern(t) for t in query.terms if not t.field]
    first = min(
        (m.start() for p in body_patterns for m in [p.search(body)] if m is not None),
        default=None,
    )
    if first is None:  # found in the title or the tags only: show the title
        line_no = 1 if kind == "post" else first_line
        text = one_line(title if kind == "post" else body[:SNIPPET])
        if not any(p.search(text) for p in patterns) and tags:
            text = one_line(tags)
    else:
        line_no = first_line + body.count("\n", 0, first)
        start = body.rfind("\n", 0, first) + 1
        end = body.find("\n", first)
        text = one_line(body[start : end if end >= 0 else len(body)])
    snippet, marks = _window(text, patterns)
    return Hit(rel, one_line(title), kind, line_no, snippet, marks, score)


def _window(
    text: str, patterns: Iterable[re.Pattern[str]]
) -> tuple[str, tuple[tuple[int, int], ...]]:
    """At most SNIPPET characters of ``text`` around the first match, and where the matches are."""
    spans = sorted({m.span() for p in patterns for m in p.finditer(text)})
    if len(text) > SNIPPET:
        at = spans[0][0] if spans else 0
        lo = max(0, min(at - SNIPPET // 3, len(text) - SNIPPET))
        hi = lo + SNIPPET
        prefix = "…" if lo else ""
        suffix = "…" if hi < len(text) else ""
        shift = len(prefix) - lo
        text = prefix + text[lo:hi] + suffix
        spans = [
            (max(a + shift, len(prefix)), min(b + shift, len(text) - len(suffix)))
            for a, b in spans
            if b > lo and a < hi
        ]
    merged: list[tuple[int, int]] = []
    for a, b in spans:
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    return text, tuple(merged)

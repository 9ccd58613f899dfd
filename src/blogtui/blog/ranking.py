"""The ranked filter behind `/`: best match first over title, slug, categories and tags.

Every word of the query must match some word of the post, as a prefix (``intro`` ->
``introduction``), inside a word for longer words (``sql`` -> ``postgresql``) or, for words of
five letters or more, with one typo (two from eight letters on). Where a word matches decides
its weight: the title weighs most, then the slug, the categories, the tags. Posts are ranked by
the sum over the query's words; ties keep the index order (newest first).

The work per query does not grow with the number of posts times their tags: a vocabulary of
distinct words is built once (:class:`PostRanker`), a query word is matched against the
vocabulary (bisect for prefixes, rapidfuzz's C++ scorer for typos) and the posts come from
posting sets with C-level set operations. 10,000 posts with 40-tag lists rank in a few
milliseconds (``benchmarks/bench_filter.py``), where Textual's ``Matcher`` takes seconds.
A post's first ``MAX_LABELS`` categories and tags are indexed, so one post with 10,000 tags
does not grow the vocabulary every keystroke walks (full-text search still finds the rest).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass
from operator import add

from rapidfuzz import process
from rapidfuzz.distance import OSA

from blogtui.blog.post import MAX_LABELS, Post

#: field -> weight of a match in it (title weighs most, then slug, categories, tags)
FIELDS = ("title", "slug", "categories", "tags")
WEIGHTS = (8.0, 4.0, 2.0, 1.0)

#: how good a match of one query word with one word of the post is
EXACT, PREFIX, INSIDE, FUZZY = 1.0, 0.8, 0.45, 0.35

_WORD = re.compile(r"\w+")
_EDGES = re.compile(r"\W*(.*?\w)\W*", re.S)


def words(text: str) -> list[str]:
    """The words of ``text`` for matching: casefolded runs of letters/digits (any script)."""
    return _WORD.findall(text.casefold())


def terms(text: str) -> list[str]:
    """Whitespace-separated pieces with punctuation inside them (``n+1``, ``python-3.13``,
    ``i/o-bound``), casefolded, punctuation at the ends dropped: matched whole, so that the
    query ``n+1`` finds the N+1 post and not every post with an "n…" and a "1…" word."""
    out = []
    for piece in text.casefold().split():
        m = _EDGES.fullmatch(piece)
        piece = m.group(1) if m else ""
        if piece and not _WORD.fullmatch(piece):
            out.append(piece)
    return out


def query_words(query: str) -> list[str]:
    """The query's terms, each of which must match (duplicates dropped, order kept): words, and
    pieces with punctuation inside (see :func:`terms`) kept whole."""
    out = []
    for piece in query.casefold().split():
        m = _EDGES.fullmatch(piece)
        piece = m.group(1) if m else ""
        if not piece:
            continue
        out.append(piece)
    return list(dict.fromkeys(out))


def _typos(word: str) -> int:
    """How many typos a query word may carry and still match."""
    if len(word) >= 8:
        return 2
    if len(word) >= 5:
        return 1
    return 0


def _inside_allowed(word: str) -> bool:
    # a short Latin fragment inside words matches nearly everything; CJK words have no spaces
    return len(word) >= 3 or not word.isascii()


@dataclass(frozen=True, slots=True)
class Ranked:
    """The outcome of one query: the matching posts, best first, and each one's score."""

    query: str
    posts: list[Post]
    scores: list[float]


class PostRanker:
    """A search structure over ``posts`` (built once per index, then a query costs little)."""

    def __init__(self, posts: Sequence[Post]) -> None:
        self.posts = list(posts)
        tokens: dict[str, list[str]] = {}  # a distinct string -> its words and terms

        def toks(text: str, whole: bool = True) -> list[str]:
            found = tokens.get(text)
            if found is None:
                found = tokens[text] = list(
                    dict.fromkeys(words(text) + (terms(text) if whole else []))
                )
            return found

        # title and slug: word -> posts; categories and tags (few distinct, repeated across
        # posts): label -> posts and word -> labels, so a 40-tag list costs 40 appends
        word_posts: dict[str, tuple[set[int], set[int]]] = {}
        label_lists: tuple[dict[str, list[int]], dict[str, list[int]]] = ({}, {})
        for i, post in enumerate(self.posts):
            for f, ws in enumerate((toks(post.title), toks(post.slug, whole=False))):
                for w in ws:
                    slot = word_posts.get(w)
                    if slot is None:
                        slot = word_posts[w] = (set(), set())
                    slot[f].add(i)
            for f, labels in enumerate((post.categories, post.tags)):
                table = label_lists[f]
                for label in labels[:MAX_LABELS]:  # bounded per post (10,000 tags happen)
                    ids = table.get(label)
                    if ids is None:
                        table[label] = [i]
                    else:
                        ids.append(i)
        # then word -> the posts having it in a category / in a tag (one set per word and field,
        # so a query unions a few sets, not the hundreds of labels a word is in)
        by_word: tuple[dict[str, set[int]], dict[str, set[int]]] = ({}, {})
        for f, table in enumerate(label_lists):
            for label, ids in table.items():
                for w in toks(label):
                    found = by_word[f].get(w)
                    if found is None:
                        by_word[f][w] = set(ids)
                    else:
                        found.update(ids)
        self._word_posts = word_posts
        self._word_labels = by_word
        self._vocab = sorted(word_posts.keys() | by_word[0].keys() | by_word[1].keys())
        # substring search runs over one string; word i starts at _starts[i]
        self._starts: list[int] = []
        at = 0
        for w in self._vocab:
            self._starts.append(at)
            at += len(w) + 1
        self._joined = "\n".join(self._vocab)
        # typos: only words with the same first letter are compared (a typo in the first
        # letter is rare, and this keeps the comparison to a few hundred words)
        self._by_first: dict[str, list[str]] = {}
        for w in self._vocab:
            self._by_first.setdefault(w[0], []).append(w)
        self._cut: dict[tuple[str, int], list[str]] = {}
        self._cache: dict[str, dict[int, float]] = {}  # term -> scores (typing extends a query)

    def __len__(self) -> int:
        return len(self.posts)

    # one query word -> {post: best score} ---------------------------------------------------
    def _word_matches(self, q: str) -> dict[str, float]:
        """Vocabulary words matching ``q`` -> match quality."""
        vocab = self._vocab
        found: dict[str, float] = {}
        lo = bisect.bisect_left(vocab, q)
        hi = bisect.bisect_left(vocab, q + "\U0010ffff", lo)
        for w in vocab[lo:hi]:
            found[w] = EXACT if w == q else PREFIX
        if _inside_allowed(q):
            starts, joined = self._starts, self._joined
            at = joined.find(q)
            while at >= 0:
                j = bisect.bisect_right(starts, at) - 1
                w = vocab[j]
                found.setdefault(w, INSIDE)
                at = joined.find(q, starts[j] + len(w))  # the next word that has it
        k = _typos(q)
        if k:
            # a typo in a whole word, or in the part of a longer word typed so far
            same = self._by_first.get(q[0], [])
            for choices in (same, self._vocab_cut(q[0], len(q))):
                for _c, _d, j in process.extract(
                    q, choices, scorer=OSA.distance, score_cutoff=k, limit=None
                ):
                    found.setdefault(same[j], FUZZY)
        return found

    def _vocab_cut(self, first: str, length: int) -> list[str]:
        cut = self._cut.get((first, length))
        if cut is None:
            cut = self._cut[first, length] = [w[:length] for w in self._by_first.get(first, [])]
        return cut

    def _term_scores(self, q: str) -> dict[int, float]:
        """Posts matching the query term ``q`` -> its best score in each. A term with
        punctuation inside is matched whole; if nothing has it whole, all its words must match
        (their mean score)."""
        cached = self._cache.get(q)
        if cached is not None:
            return cached
        scores = self._word_scores(q)
        if not scores and not _WORD.fullmatch(q):
            parts = [self._word_scores(w) for w in dict.fromkeys(words(q))]
            if parts:
                common = set.intersection(*(set(p) for p in parts))
                scores = {i: sum(p[i] for p in parts) / len(parts) for i in common}
        if len(self._cache) > 64:
            self._cache.clear()
        self._cache[q] = scores
        return scores

    def _word_scores(self, q: str) -> dict[int, float]:
        tiers: dict[float, list[set[int]]] = {}
        for w, quality in self._word_matches(q).items():
            slot = self._word_posts.get(w)
            if slot is not None:
                for f in (0, 1):
                    if slot[f]:
                        tiers.setdefault(WEIGHTS[f] * quality, []).append(slot[f])
            for f in (0, 1):
                ids = self._word_labels[f].get(w)
                if ids:
                    tiers.setdefault(WEIGHTS[2 + f] * quality, []).append(ids)
        best: dict[int, float] = {}
        seen: set[int] = set()
        for score in sorted(tiers, reverse=True):  # best tier first: a post keeps its best
            ids = set().union(*tiers[score])
            ids -= seen
            best.update(dict.fromkeys(ids, score))
            seen |= ids
        return best

    # the query ----------------------------------------------------------------------------
    def rank(self, query: str, allowed: set[int] | None = None) -> Ranked:
        """Posts matching every word of ``query``, best first. ``allowed`` (indexes into
        ``posts``) limits the answer, e.g. to the posts the list shows (drafts hidden)."""
        qs = query_words(query)
        if not qs:
            return Ranked(query, [], [])
        total: dict[int, float] | None = None
        for q in sorted(qs, key=len, reverse=True):  # the longest word narrows most
            scores = self._term_scores(q)
            if total is None:
                total = (
                    scores if allowed is None else {i: scores[i] for i in allowed & scores.keys()}
                )
            else:
                both = total.keys() & scores.keys()  # C-level: 10,000 posts in ~1 ms
                total = dict(
                    zip(both, map(add, map(total.__getitem__, both), map(scores.__getitem__, both)))
                )
            if not total:
                break
        total = total or {}
        # best first; equal scores in index order (newest first): sort is stable
        order = sorted(sorted(total), key=total.__getitem__, reverse=True)
        return Ranked(
            query, list(map(self.posts.__getitem__, order)), list(map(total.__getitem__, order))
        )


def highlight_spans(text: str, query: str) -> list[tuple[int, int]]:
    """Where the query's words start words of ``text`` (offsets into ``text``), to mark them."""
    spans: list[tuple[int, int]] = []
    for q in query_words(query):
        lead = "" if _inside_allowed(q) else r"(?<!\w)"  # as the matching does
        for m in re.finditer(lead + re.escape(q), text, re.IGNORECASE):
            spans.append(m.span())
    return sorted(set(spans))

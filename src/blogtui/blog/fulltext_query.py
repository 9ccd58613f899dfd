"""The full-text search's query language, parsed into plain data before SQLite sees it.

    memory leak          both words (anywhere: title, tags, body, comments)
    "memory leak"        the phrase
    title:kafka          in the title; title:"two words" too
    tag:postgres         in the tags or categories

Every term is passed to FTS5 as a quoted string, so what a user types (``AND``, ``NEAR(``, ``*``,
``-``, ``:``) is searched for, never run as FTS syntax. What cannot be understood is a
:class:`QueryError` with a kind and a message a user can act on, never a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass

#: prefix -> the FTS5 columns it searches
FIELDS = {"title": ("title",), "tag": ("tags",), "tags": ("tags",)}
#: the trigram tokenizer indexes runs of 3 characters: shorter terms are matched by a scan
MIN_INDEXED = 3


@dataclass(frozen=True, slots=True)
class QueryError(Exception):
    """A query that cannot be run. ``kind``: "empty", "unbalanced_quote", "empty_field"."""

    kind: str
    message: str

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True, slots=True)
class Term:
    text: str  # the word or phrase, as typed (no quotes)
    field: str = ""  # "" (anywhere), "title" or "tag"
    phrase: bool = False

    @property
    def columns(self) -> tuple[str, ...]:
        return FIELDS.get(self.field, ())

    @property
    def indexed(self) -> bool:
        return len(self.text) >= MIN_INDEXED


@dataclass(frozen=True, slots=True)
class Query:
    text: str
    terms: tuple[Term, ...]

    def fts(self) -> str:
        """The FTS5 MATCH expression of the terms long enough for the index ("" if none)."""
        parts = []
        for term in self.terms:
            if not term.indexed:
                continue
            quoted = '"' + term.text.replace('"', '""') + '"'
            cols = term.columns
            parts.append(f"{{{' '.join(cols)}}} : {quoted}" if cols else quoted)
        return " AND ".join(parts)

    @property
    def short_terms(self) -> tuple[Term, ...]:
        """Terms under 3 characters (``接続``, ``Go``): matched by a scan of the candidates."""
        return tuple(t for t in self.terms if not t.indexed)


def parse(text: str) -> Query:
    """``text`` -> Query, or raise QueryError."""
    terms: list[Term] = []
    i, n = 0, len(text)
    while i < n:
        if text[i].isspace():
            i += 1
            continue
        start = i
        field = ""
        # a field prefix: letters then ":" (title:, tag:); anything else with ":" is a word
        j = i
        while j < n and text[j].isalpha():
            j += 1
        if j < n and text[j] == ":" and text[i:j].casefold() in FIELDS:
            field = "tag" if text[i:j].casefold() in ("tag", "tags") else "title"
            i = j + 1
            if i >= n or text[i].isspace():
                raise QueryError(
                    "empty_field",
                    f"“{text[start:j]}:” needs something after it, e.g. {text[start:j]}:kafka"
                    f' or {text[start:j]}:"two words".',
                )
        if text[i] == '"':
            end = text.find('"', i + 1)
            if end < 0:
                raise QueryError(
                    "unbalanced_quote",
                    f'A quote is not closed (at character {i + 1}): put a " after the phrase,'
                    " or remove the quote to search for the words.",
                )
            phrase = " ".join(text[i + 1 : end].split())
            i = end + 1
            if phrase:
                terms.append(Term(phrase, field, phrase=True))
            continue
        end = i
        while end < n and not text[end].isspace() and text[end] != '"':
            end += 1
        if end < n and text[end] == '"':
            raise QueryError(
                "unbalanced_quote",
                f"A quote inside a word (at character {end + 1}): start a phrase with a space"
                ' before the quote, as in title:"two words".',
            )
        terms.append(Term(text[i:end], field))
        i = end
    if not terms:
        raise QueryError("empty", "Nothing to search for: type a word, or a phrase in quotes.")
    return Query(text, tuple(terms))

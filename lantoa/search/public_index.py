"""The public story index: a tantivy index on local disk, derived from live publications.

The database stays the truth: this index holds only what the public may see (the folded
title, shown name, summary and shown place of live publications, and their facets), stores
nothing but the publication id, and can be thrown away and rebuilt at any time
(`manage.py rebuild_story_index`). `lantoa.search.public` keeps it in step and queries it;
this module knows tantivy: the schema, the documents, the queries, and the per-process
handle on the index directory.

Text is folded with `lantoa.core.text.fold` before indexing and on the query, then split
by the same analyzer as tantivy's "default" tokenizer (split on non-alphanumerics, drop
tokens over 40 bytes, lower case), so index and query see the same words.

Fields, chosen for speed on very frequent syllables (a two-syllable topic can match half of
all stories, and every match is scored):

- `all`: the folded title, summary, shown name and shown place (`Publication.search_text`,
  folded at save). Every query word must be there: one term per word, intersected.
- `title`: the folded title. A query word in it adds to the score (title over summary).
- `pairs`: each two adjacent words as one token ("hien_mau"). Vietnamese words are
  usually two syllables, so the query's adjacent pairs score extra: a phrase boost at the
  price of a term lookup, where a phrase query would read positions for every match.

No field keeps positions; documents store only the publication id.

Each process keeps one handle on the index (opened once) and checks `meta.json` before
each search, a `stat()`: when another process committed, the reader reloads. Only one
writer may hold an index at a time (tantivy's lock file, plus a lock between the threads
of this process); `writing()` waits for it a bounded time, then gives up with `IndexBusy`.
"""

from __future__ import annotations

import itertools
import os
import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import tantivy
from django.conf import settings

from lantoa.core.text import fold

# Bump when the schema or the analysis changes: the new version builds in its own directory.
SCHEMA_VERSION = 1
BUILT_MARKER = "BUILT"

ID = "id"
ALL, TITLE, PAIRS = "all", "title", "pairs"
PUBLISHED = "published"  # microseconds since the epoch, for "newest first"
# Weights added to the BM25 score of `all`: a query word in the title, two query words side
# by side anywhere.
TITLE_BOOST = 2.0
PAIR_BOOST = 2.0
# A word matched only within one typo scores this share of an exact match.
FUZZY_WEIGHT = 0.5
FUZZY_MIN_LENGTH = 4
MAX_WORDS = 10
# Filters: name → type of the value; the integers are ids (or the year).
FILTER_FIELDS: dict[str, type] = {
    "kind": str,
    "province": int,
    "commune": int,
    "sector": int,
    "priority_group": int,
    "movement": int,
    "year": int,
}
# The columns of Publication that make a document (all of them public).
SOURCE_FIELDS = (
    "id",
    "title",
    "search_text",
    "summary",
    "display_name",
    "display_place",
    "kind",
    "province_id",
    "commune_id",
    "sector_id",
    "priority_group_id",
    "movement_id",
    "year",
    "featured",
    "published_at",
)

_ANALYZER = (
    tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
    .filter(tantivy.Filter.remove_long(40))
    .filter(tantivy.Filter.lowercase())
    .build()
)


class IndexBusy(Exception):
    """Another writer holds the index (a rebuild, or another process applying changes)."""


class UnknownFilter(ValueError):
    """A filter name the index does not have: a programming error."""


class InvalidFilterValue(ValueError):
    """A filter value of the wrong type (typed into a URL, say): nothing can match it."""


def rebuild_threads() -> int:
    return 1 if in_memory() else max(1, min(4, (os.cpu_count() or 1)))


def build_schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_unsigned_field(ID, stored=True, indexed=True, fast=True)
    builder.add_text_field(ALL, tokenizer_name="default", index_option="freq")
    builder.add_text_field(TITLE, tokenizer_name="default", index_option="freq")
    builder.add_text_field(PAIRS, tokenizer_name="whitespace", index_option="freq")
    builder.add_text_field("kind", tokenizer_name="raw", fast=True)
    for name, kind in FILTER_FIELDS.items():
        if kind is int:
            builder.add_unsigned_field(name, indexed=True, fast=True)
    builder.add_boolean_field("featured", indexed=True, fast=True)
    builder.add_integer_field(PUBLISHED, indexed=True, fast=True)
    return builder.build()


def query_words(text: str) -> list[str]:
    """The words of a query as the index knows them: folded, then tokenised."""
    return _ANALYZER.analyze(fold(text))[:MAX_WORDS]


def word_pairs(words: Sequence[str]) -> list[str]:
    """ "hien mau tinh nguyen" → hien_mau, mau_tinh, tinh_nguyen (tokens never hold "_")."""
    return list(map("_".join, itertools.pairwise(words)))


def _micros(moment: datetime) -> int:
    return int(moment.timestamp() * 1_000_000)


def story_document(row: Mapping[str, Any]) -> tantivy.Document:
    """The search document of one live publication (a `values(*SOURCE_FIELDS)` row)."""
    text = row["search_text"] or fold(
        " ".join([row["title"], row["summary"], row["display_name"], row["display_place"]])
    )
    doc = tantivy.Document()
    doc.add_unsigned(ID, row["id"])
    doc.add_text(ALL, text)
    doc.add_text(TITLE, fold(row["title"]))
    doc.add_text(PAIRS, " ".join(word_pairs(_ANALYZER.analyze(text))))
    if row["kind"]:
        doc.add_text("kind", row["kind"])
    for name, kind in FILTER_FIELDS.items():
        if kind is int:
            value = row["year"] if name == "year" else row[f"{name}_id"]
            if value is not None:
                doc.add_unsigned(name, value)
    doc.add_boolean("featured", bool(row["featured"]))
    doc.add_integer(PUBLISHED, _micros(row["published_at"]))
    return doc


# --- the per-process handle ----------------------------------------------------------------


@dataclass
class _Handle:
    path: Path | None  # None: in memory
    index: tantivy.Index
    schema: tantivy.Schema
    stamp: tuple[int, int, int] | None = None
    built: bool = False
    reload_lock: threading.Lock = field(default_factory=threading.Lock)


_handle_lock = threading.Lock()
_write_lock = threading.Lock()  # one writer per process; tantivy's lock file for the rest
_handle: _Handle | None = None


def in_memory() -> bool:
    """SEARCH_INDEX_DIR = None (the test settings): an index in memory, which
    `lantoa.search.public` rebuilds from the database before every search, so that tests
    which roll their database back never meet another test's stories."""
    return settings.SEARCH_INDEX_DIR is None


def index_path() -> Path | None:
    root = settings.SEARCH_INDEX_DIR
    return None if root is None else Path(root) / f"stories-v{SCHEMA_VERSION}"


def _stamp(path: Path | None) -> tuple[int, int, int] | None:
    if path is None:
        return None
    try:
        st = os.stat(path / "meta.json")  # replaced (new inode) at every commit
    except FileNotFoundError:
        return None
    return (st.st_mtime_ns, st.st_ino, st.st_size)


def handle() -> _Handle:
    """This process's handle on the current index directory, created empty if missing."""
    global _handle
    path = index_path()
    current = _handle
    if current is not None and current.path == path:
        return current
    with _handle_lock:
        if _handle is None or _handle.path != path:
            if path is None:
                index = tantivy.Index(build_schema())
            else:
                path.mkdir(parents=True, exist_ok=True)
                index = tantivy.Index(build_schema(), path=str(path), reuse=True)
            index.config_reader(reload_policy="manual")
            _handle = _Handle(path=path, index=index, schema=index.schema)
        return _handle


def is_built() -> bool:
    """Whether a full build from the database ever finished in this directory."""
    current = handle()
    if not current.built and current.path is not None:
        current.built = (current.path / BUILT_MARKER).exists()
    return current.built


def mark_built() -> None:
    current = handle()
    if current.path is not None:
        (current.path / BUILT_MARKER).write_text(time.strftime("%Y-%m-%dT%H:%M:%S%z\n"))
    current.built = True


def searcher() -> tuple[tantivy.Searcher, tantivy.Schema]:
    """A searcher on the latest commit (reloaded if `meta.json` changed since the last one)."""
    current = handle()
    stamp = _stamp(current.path)
    if stamp != current.stamp or current.path is None:
        with current.reload_lock:
            if stamp != current.stamp or current.path is None:
                current.index.reload()
                current.stamp = stamp
    return current.index.searcher(), current.schema


@contextmanager
def writing(*, heap_size: int, threads: int = 1, wait: float = 0.0) -> Iterator[Any]:
    """The index writer, exclusively. Commit inside; uncommitted work is rolled back.

    Waits up to `wait` seconds for another writer to finish, then raises `IndexBusy`.
    On the way out, waits for the merges the commits started (small, except in a rebuild)
    and releases the lock.
    """
    deadline = time.monotonic() + wait
    if not _write_lock.acquire(timeout=max(wait, 0.0)):
        raise IndexBusy()
    try:
        index = handle().index
        while True:
            try:
                writer = index.writer(heap_size=heap_size, num_threads=threads)
                break
            except ValueError as error:
                if "LockBusy" not in str(error):
                    raise
                if time.monotonic() >= deadline:
                    raise IndexBusy() from error
                time.sleep(0.05)
        try:
            yield writer
        except BaseException:
            writer.rollback()
            raise
        finally:
            writer.wait_merging_threads()  # consumes the writer: releases the lock file
    finally:
        _write_lock.release()


# --- queries -------------------------------------------------------------------------------


def filter_query(schema: tantivy.Schema, filters: Mapping[str, Any]) -> list[tantivy.Query]:
    """One query per filter (a value, or a list of values of which any will do).

    Raises UnknownFilter or InvalidFilterValue.
    """
    Query = tantivy.Query
    queries: list[tantivy.Query] = []
    for name, raw in filters.items():
        kind = FILTER_FIELDS.get(name)
        if kind is None:
            raise UnknownFilter(f"unknown story filter {name!r}")
        if raw is None or raw == "":
            continue
        values = list(raw) if isinstance(raw, list | tuple | set | frozenset) else [raw]
        typed: list[Any] = []
        for value in values:
            if kind is int:
                try:
                    number = int(value)
                except (TypeError, ValueError) as error:
                    raise InvalidFilterValue(f"{name}: {value!r}") from error
                if number < 0 or number >= 2**63:
                    raise InvalidFilterValue(f"{name}: {value!r}")
                typed.append(number)
            else:
                typed.append(str(value))
        if not typed:
            queries.append(Query.empty_query())
        elif len(typed) == 1:
            queries.append(Query.term_query(schema, name, typed[0]))
        else:
            queries.append(Query.term_set_query(schema, name, typed))
    return queries


def may_have_typos(words: Sequence[str]) -> bool:
    return any(len(word) >= FUZZY_MIN_LENGTH for word in words)


def text_query(
    searcher: tantivy.Searcher,
    schema: tantivy.Schema,
    words: Sequence[str],
    *,
    fuzzy_all: bool = False,
) -> tuple[tantivy.Query, bool]:
    """Every word must match; title words and adjacent pairs score extra.

    A word the index does not hold, of at least FUZZY_MIN_LENGTH letters, is matched
    within one typo (an edit or a transposition). With `fuzzy_all`, every such word is,
    the exact form still scoring higher. Returns the query and whether any word went fuzzy.
    """
    Query, Must, Should = tantivy.Query, tantivy.Occur.Must, tantivy.Occur.Should
    clauses: list[tuple[tantivy.Occur, tantivy.Query]] = []
    exact: list[bool] = []
    for word in words:
        fuzzy = len(word) >= FUZZY_MIN_LENGTH and (fuzzy_all or searcher.doc_freq(ALL, word) == 0)
        exact.append(not fuzzy)
        term = Query.term_query(schema, ALL, word)
        in_title = Query.term_query(schema, TITLE, word)
        if fuzzy:
            near = Query.fuzzy_term_query(
                schema, ALL, word, distance=1, transposition_cost_one=True
            )
            near_title = Query.fuzzy_term_query(
                schema, TITLE, word, distance=1, transposition_cost_one=True
            )
            term = Query.boolean_query(
                [(Should, term), (Should, Query.boost_query(near, FUZZY_WEIGHT))]
            )
            in_title = Query.boolean_query(
                [(Should, in_title), (Should, Query.boost_query(near_title, FUZZY_WEIGHT))]
            )
        clauses.append((Must, term))
        clauses.append((Should, Query.boost_query(in_title, TITLE_BOOST)))
    for i, pair in enumerate(word_pairs(words)):
        if exact[i] and exact[i + 1]:
            pair_query = Query.term_query(schema, PAIRS, pair)
            clauses.append((Should, Query.boost_query(pair_query, PAIR_BOOST)))
    return Query.boolean_query(clauses), not all(exact)


def ids_query(ids: Sequence[int]) -> tantivy.Query:
    """The documents of these publications."""
    return tantivy.Query.term_set_query(handle().schema, ID, list(ids))


def browse_query() -> tantivy.Query:
    """Every story (for "newest first" without words)."""
    return tantivy.Query.all_query()


def with_filters(query: tantivy.Query, filters: Sequence[tantivy.Query]) -> tantivy.Query:
    """`query` restricted by the filters, which do not change the score."""
    if not filters:
        return query
    Query, Must = tantivy.Query, tantivy.Occur.Must
    return Query.boolean_query(
        [(Must, query), *((Must, Query.const_score_query(f, 0.0)) for f in filters)]
    )

"""The tantivy adapter: embedded full-text indexes on local disk, derived from the database.

This module knows tantivy and nothing of what is indexed. A domain describes its index with
a `TantivyIndex` (a name, a schema version, a function that builds the schema) and builds
its documents and queries with the helpers below; `lantoa.search.outbox` keeps it in step.
The database stays the truth: an index can be thrown away and rebuilt at any time.

Text is folded with `lantoa.core.text.fold` before indexing and on the query, then split
by the same analyzer as tantivy's "default" tokenizer (split on non-alphanumerics, drop
tokens over 40 bytes, lower case), so index and query see the same words.

The query builders assume the layout that made ranked search fast on very frequent
Vietnamese syllables (`docs/search.md`): one text field that every query word must match,
a field whose words only add to the score (a title), and a field of adjacent word pairs
("hien_mau": a phrase boost for the price of a term lookup, without positions).

Each process keeps one handle per index (opened once) and checks `meta.json` before each
search, a `stat()`: when another process committed, the reader reloads. Only one writer may
hold an index at a time (tantivy's lock file, plus a lock between the threads of this
process); `writing()` waits for it a bounded time, then gives up with `IndexBusy`.
"""

from __future__ import annotations

import itertools
import json
import os
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import tantivy
from django.conf import settings

from lantoa.core.text import fold

BUILT_MARKER = "BUILT"
# A word matched only within one typo scores this share of an exact match.
FUZZY_WEIGHT = 0.5
FUZZY_MIN_LENGTH = 4

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


# --- words -----------------------------------------------------------------------------------


def analyze(folded: str) -> list[str]:
    """The tokens of already folded text, as the "default" tokenizer makes them."""
    return list(_ANALYZER.analyze(folded))


def query_words(text: str, *, limit: int) -> list[str]:
    """The words of a query as an index knows them: folded, then tokenised."""
    return analyze(fold(text))[:limit]


def word_pairs(words: Sequence[str]) -> list[str]:
    """ "hien mau tinh nguyen" → hien_mau, mau_tinh, tinh_nguyen (tokens never hold "_")."""
    return list(map("_".join, itertools.pairwise(words)))


def micros(moment: datetime) -> int:
    """A moment as an integer field value (microseconds since the epoch), for sorting."""
    return int(moment.timestamp() * 1_000_000)


# --- an index and its per-process handle -----------------------------------------------------


@dataclass
class _Handle:
    path: Path | None  # None: in memory
    index: tantivy.Index
    schema: tantivy.Schema
    stamp: tuple[int, int, int] | None = None
    built: bool = False
    reload_lock: threading.Lock = field(default_factory=threading.Lock)
    states: dict[str, dict[str, Any]] = field(default_factory=dict)  # in memory only


def in_memory() -> bool:
    """SEARCH_INDEX_DIR = None (the test settings): indexes in memory, which their owners
    rebuild from the database before every search, so that tests which roll their database
    back never meet another test's rows."""
    return settings.SEARCH_INDEX_DIR is None


def _stamp(path: Path | None) -> tuple[int, int, int] | None:
    if path is None:
        return None
    try:
        st = os.stat(path / "meta.json")  # replaced (new inode) at every commit
    except FileNotFoundError:
        return None
    return (st.st_mtime_ns, st.st_ino, st.st_size)


class TantivyIndex:
    """One named index: `<SEARCH_INDEX_DIR>/<name>-v<version>/`, or in memory.

    Bump `version` when the schema or the analysis changes: the new version builds in its
    own directory while the old one keeps answering until the deployment switches.
    """

    def __init__(self, name: str, *, version: int, build_schema: Callable[[], tantivy.Schema]):
        self.name = name
        self.version = version
        self.build_schema = build_schema
        self._handle: _Handle | None = None
        self._handle_lock = threading.Lock()
        self._write_lock = threading.Lock()  # one writer per process; tantivy's lock file else

    def __repr__(self) -> str:
        return f"<TantivyIndex {self.name} v{self.version}>"

    def path(self) -> Path | None:
        root = settings.SEARCH_INDEX_DIR
        return None if root is None else Path(root) / f"{self.name}-v{self.version}"

    def handle(self) -> _Handle:
        """This process's handle on the current directory, created empty if missing."""
        path = self.path()
        current = self._handle
        if current is not None and current.path == path:
            return current
        with self._handle_lock:
            if self._handle is None or self._handle.path != path:
                if path is None:
                    index = tantivy.Index(self.build_schema())
                else:
                    path.mkdir(parents=True, exist_ok=True)
                    index = tantivy.Index(self.build_schema(), path=str(path), reuse=True)
                index.config_reader(reload_policy="manual")
                self._handle = _Handle(path=path, index=index, schema=index.schema)
            return self._handle

    @property
    def schema(self) -> tantivy.Schema:
        return self.handle().schema

    def is_built(self) -> bool:
        """Whether a full build from the database ever finished in this directory."""
        current = self.handle()
        if not current.built and current.path is not None:
            current.built = (current.path / BUILT_MARKER).exists()
        return current.built

    def mark_built(self) -> None:
        current = self.handle()
        if current.path is not None:
            (current.path / BUILT_MARKER).write_text(time.strftime("%Y-%m-%dT%H:%M:%S%z\n"))
        current.built = True

    def read_state(self, name: str) -> dict[str, Any] | None:
        """A small JSON document kept next to the index files (`<name>.json`), or None.

        State that describes what this directory holds (the outbox's watermark) lives with
        it: another server's directory, or a fresh one, has its own or none."""
        current = self.handle()
        if current.path is None:
            return current.states.get(name)
        try:
            data = json.loads((current.path / f"{name}.json").read_text())
        except FileNotFoundError:
            return None
        except ValueError:
            return None  # torn or edited by hand: as good as missing (the owner rebuilds)
        return data if isinstance(data, dict) else None

    def write_state(self, name: str, data: dict[str, Any]) -> None:
        """Replace `<name>.json` atomically (written aside, synced, renamed over)."""
        current = self.handle()
        if current.path is None:
            current.states[name] = data
            return
        target = current.path / f"{name}.json"
        scratch = target.with_suffix(f".json.{os.getpid()}.{threading.get_ident()}")
        with open(scratch, "w") as file:
            json.dump(data, file, separators=(",", ":"))
            file.flush()
            os.fsync(file.fileno())
        os.replace(scratch, target)

    def searcher(self) -> tuple[tantivy.Searcher, tantivy.Schema]:
        """A searcher on the latest commit (reloaded if `meta.json` changed since)."""
        current = self.handle()
        stamp = _stamp(current.path)
        if stamp != current.stamp or current.path is None:
            with current.reload_lock:
                if stamp != current.stamp or current.path is None:
                    current.index.reload()
                    current.stamp = stamp
        return current.index.searcher(), current.schema

    @contextmanager
    def writing(self, *, heap_size: int, threads: int = 1, wait: float = 0.0) -> Iterator[Any]:
        """The index writer, exclusively. Commit inside; uncommitted work is rolled back.

        Waits up to `wait` seconds for another writer to finish, then raises `IndexBusy`.
        On the way out, waits for the merges the commits started (small, except in a
        rebuild) and releases the lock.
        """
        deadline = time.monotonic() + wait
        if not self._write_lock.acquire(timeout=max(wait, 0.0)):
            raise IndexBusy()
        try:
            index = self.handle().index
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
            self._write_lock.release()


def rebuild_threads() -> int:
    return 1 if in_memory() else max(1, min(4, (os.cpu_count() or 1)))


# --- queries ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class TextFields:
    """Where `text_query` looks: every word must be in `match`; a word in `title` and two
    words side by side in `pairs` (tokens "a_b") add these boosts to the BM25 score."""

    match: str
    title: str
    pairs: str
    title_boost: float = 2.0
    pair_boost: float = 2.0


def filter_query(
    schema: tantivy.Schema,
    filters: Mapping[str, Any],
    fields: Mapping[str, type],
    *,
    noun: str = "filter",
) -> list[tantivy.Query]:
    """One query per filter (a value, or a list of values of which any will do).

    `fields`: filter name → `int` (an unsigned field) or `str` (a raw text field).
    Raises UnknownFilter ("unknown <noun> 'name'") or InvalidFilterValue.
    """
    Query = tantivy.Query
    queries: list[tantivy.Query] = []
    for name, raw in filters.items():
        kind = fields.get(name)
        if kind is None:
            raise UnknownFilter(f"unknown {noun} {name!r}")
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
    fields: TextFields,
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
        fuzzy = len(word) >= FUZZY_MIN_LENGTH and (
            fuzzy_all or searcher.doc_freq(fields.match, word) == 0
        )
        exact.append(not fuzzy)
        term = Query.term_query(schema, fields.match, word)
        in_title = Query.term_query(schema, fields.title, word)
        if fuzzy:
            near = Query.fuzzy_term_query(
                schema, fields.match, word, distance=1, transposition_cost_one=True
            )
            near_title = Query.fuzzy_term_query(
                schema, fields.title, word, distance=1, transposition_cost_one=True
            )
            term = Query.boolean_query(
                [(Should, term), (Should, Query.boost_query(near, FUZZY_WEIGHT))]
            )
            in_title = Query.boolean_query(
                [(Should, in_title), (Should, Query.boost_query(near_title, FUZZY_WEIGHT))]
            )
        clauses.append((Must, term))
        clauses.append((Should, Query.boost_query(in_title, fields.title_boost)))
    for i, pair in enumerate(word_pairs(words)):
        if exact[i] and exact[i + 1]:
            pair_query = Query.term_query(schema, fields.pairs, pair)
            clauses.append((Should, Query.boost_query(pair_query, fields.pair_boost)))
    return Query.boolean_query(clauses), not all(exact)


def keys_query(schema: tantivy.Schema, field_name: str, keys: Sequence[int]) -> tantivy.Query:
    """The documents whose unsigned `field_name` is one of `keys`.

    A query, not `delete_documents_by_term`: that would look up an i64 term, not a u64."""
    return tantivy.Query.term_set_query(schema, field_name, list(keys))


def browse_query() -> tantivy.Query:
    """Every document (for "newest first" without words)."""
    return tantivy.Query.all_query()


def with_filters(query: tantivy.Query, filters: Sequence[tantivy.Query]) -> tantivy.Query:
    """`query` restricted by the filters, which do not change the score."""
    if not filters:
        return query
    Query, Must = tantivy.Query, tantivy.Occur.Must
    return Query.boolean_query(
        [(Must, query), *((Must, Query.const_score_query(f, 0.0)) for f in filters)]
    )

"""Record search: the records whose folded text holds every word of a query.

`matching_record_ids_q(query)` is a filter for `Record` querysets. The words of the query
are folded with the function that folded the stored text (`Record.search_text`); every
word must occur as a whole word, in any order, and the last one, from three letters on,
may also be the beginning of a longer word ("nguyen thi huo" finds "Nguyễn Thị Hương"). A word
with punctuation inside ("cứu-hộ") is its parts, next to each other. Input never reaches
an engine's query language: each word goes in as a quoted FTS5 string, through
`plainto_tsquery`, or as an escaped regular expression. Punctuation-only words are
dropped; a query left without words matches nothing.

Lists show the newest matches first, 50 to a page. Which plan is fast depends on how many
records match, and neither planner can tell: SQLite cannot see into a MATCH, and
PostgreSQL multiplies the frequencies of the words as if they were independent, while
"bệnh miễn phí" are nearly always together (estimated 2,600 rows, 66,000 found: it sorted
them all, 5 s). So the expression asks the full-text index first, for at most
`DENSE_MATCHES` ids (SQLite FTS5, or PostgreSQL's GIN index through `search_record_keys`),
and writes the plan into the SQL:

- fewer matches: `id IN (<those ids>)`, and the database sorts those few;
- more, for a page (a query with a LIMIT): the records newest first (index
  `search_record_newest`), each tested as the scan reaches it, until the page is full.
  SQLite: `instr` of each word first, which rejects most rows cheaply, then a regular
  expression with the FTS5 tokenizer's word boundaries. PostgreSQL: the stored
  `search_tsv @@ tsquery`, wrapped in `search_tsv_matches` so that the planner neither
  uses the index nor trusts its estimate there;
- more, without a LIMIT (a count, a full export): the full-text index
  (`id IN (SELECT rowid … MATCH …)` / `search_tsv @@ …`).

`RecordSearch(query)` makes the conditions of one request (the parts of the record list's
union, its page, its count) with one probe between them, and says how each is read where
the SQL alone cannot tell: `paged` (a union part read for a page: the newest-first test
though the part has no LIMIT), `narrow` (a subtree read through its own index, each row
looked up among the full-text matches). docs/search.md, "In the record list".

Any other engine: one `LIKE '%word%'` per word (a full scan). Measurements and query
plans: docs/search.md. Database objects: migrations 0001 and 0003, `lantoa.search.schema`.
"""

from __future__ import annotations

import re
import time
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import BooleanField, Expression, F, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.db.models.lookups import Contains

from lantoa.core.text import fold

MAX_WORDS = 8
# Shorter last words are matched whole: "vi" begins việc, viên, Việt… and merging all of
# them cost 100+ ms on either engine at 1M records.
PREFIX_MIN_LENGTH = 3
FTS_TABLE = "search_record_fts"
# Up to this many matches, sort them; beyond, walk the newest records. Where the two plans
# cost the same at 1M records (docs/search.md): the scan reads ~1 µs a row on SQLite (its
# index covers the test), ~5 µs on PostgreSQL (a heap fetch each).
DENSE_MATCHES = {"sqlite": 3000, "postgresql": 3000}
# PostgreSQL: skip the probe when the statistics expect this many times DENSE_MATCHES.
COMMON_FACTOR = 4
# PostgreSQL: the most ids a probe lists for words expected in more than DENSE_MATCHES
# rows (`_probe_limit`): past it, walking newest first to a page reads fewer rows than
# listing every match (50 matches in 882,000 shared records: ~5,500 rows at 8,000).
PROBE_MAX = 8000
# PostgreSQL: a part of the list with many matches is first read newest first, this many
# rows at most, each row's text tested: bounded work, whatever the size of the country
# (`RecordSearch.newest_in_window`). Not on SQLite: reading rows by id for their text
# cost more there than looking them up among the full-text matches (docs/search.md).
WINDOW_ROWS = {"postgresql": 4000, "sqlite": 0}
# PostgreSQL reads the windows before the probe, whatever the words: the probe reads every
# posting of its words through GIN and then a table page per match, up to DENSE_MATCHES
# (40-290 ms at a million records, on pages outside shared_buffers), and the words of a
# query go together far more often than their frequencies say: 75 of 80 of the
# benchmark's queries had 3,000 matches or more, 14 were expected to reach 2 % of the
# records (the old test for windows first; decision 136).
# A window is bounded work (WINDOW_ROWS rows), and exact when it holds the page.
# A window's rows: the part's newest first (the list's order, `(created_at, id)` unique).
NEWEST_FIRST = ("-created_at", "-id")
# The shared part's window (the shared states outside the actor's subtrees) walks
# `exm_record_shared_new` (its partial index, on these columns): the planner costs the
# table's newest-first index (filtering the states) the same, as if shared records were
# spread evenly in time, but the newest records are mostly still under review: 10,104 rows
# read for a window of 4,000 at a million records, against 4,000. No other index gives
# this order without a sort, and the rows come in the same order (decision 164).
WINDOW_ORDER_SHARED = (*NEWEST_FIRST, "-org_path", "-due_at")
STATS_TTL = 600.0  # seconds a process keeps PostgreSQL's word frequencies
# PostgreSQL: a prefix is written as the lexemes it begins (`'thu' | 'thuy' | …`, read from
# `search_record_word`, migration search 0006) when there are at most this many: GIN then
# skips through each word's postings instead of merging every lexeme the prefix begins
# into one bitmap (lossy past work_mem) before the other words can narrow it.
PREFIX_WORDS_MAX = 64

_TOKEN = re.compile(r"[^\W_]+")  # what unicode61 keeps as a token: letters and digits


@dataclass(frozen=True)
class ParsedQuery:
    words: tuple[str, ...]
    prefix: bool  # the last word also matches the longer words it begins

    def fts5_match(self, *, prefix: bool = True) -> str:
        """`"cuu" "nguoi"*`: quoted strings (implicit AND), quotes doubled inside."""
        parts = ['"' + word.replace('"', '""') + '"' for word in self.words]
        if prefix and self.prefix:
            parts[-1] += "*"
        return " ".join(parts)

    def tsquery_parts(self) -> tuple[str, str]:
        """(words for plainto_tsquery, `'word':*` for to_tsquery, or "")."""
        if self.prefix:
            # `prefix` implies an alphanumeric last word: nothing to escape inside the quotes.
            return " ".join(self.words[:-1]), f"'{self.words[-1]}':*"
        return " ".join(self.words), ""

    def tokens(self) -> list[str]:
        """Letters-and-digits runs of every word: each is in any matching text."""
        return [token for word in self.words for token in _TOKEN.findall(word)]

    def word_patterns(self) -> list[str]:
        """Per word, a regular expression matching it as FTS5 does: whole tokens, in a row,
        separated by anything that is not a token character."""
        out = []
        for i, word in enumerate(self.words):
            tokens = _TOKEN.findall(word)
            pattern = r"(?<![^\W_])" + r"[\W_]+".join(re.escape(t) for t in tokens)
            if not (self.prefix and i == len(self.words) - 1):
                pattern += r"(?![^\W_])"
            out.append(pattern)
        return out


def parse_query(query: str) -> ParsedQuery:
    words = tuple(w for w in fold(query).split() if any(ch.isalnum() for ch in w))[:MAX_WORDS]
    last = words[-1] if words else ""
    return ParsedQuery(words, prefix=len(last) >= PREFIX_MIN_LENGTH and last.isalnum())


class RecordTextMatch(Expression):
    """A boolean condition on a `Record` row: its search text holds every query word."""

    conditional = True

    def __init__(
        self,
        parsed: ParsedQuery,
        *,
        paged: bool = False,
        narrow: bool = False,
        small: bool = False,
        within: str = "",
        probes: dict[str, _Found | None] | None = None,
        prefixes: dict[str, str | None] | None = None,
    ) -> None:
        super().__init__(output_field=BooleanField())
        if not parsed.words:
            raise ValueError("An empty query matches nothing; filter with Q(pk__in=[]).")
        self.parsed = parsed
        # The rows are read newest first and the reading stops at a page, even where this
        # query has no LIMIT of its own: a part of a UNION ALL whose LIMIT is outside it.
        self.paged = paged
        # The rows are a narrow slice read through an index of their own (a subtree of
        # the organisation tree): with many matches, that index drives and each row it
        # gives is looked up among the full-text index's matches.
        self.narrow = narrow
        # SQLite: a narrow slice of a few thousand rows at most (a district or less): each
        # row's text is tested, where listing the full-text index's matches would read
        # every match of the country (77 ms for "tủ thuốc" at a million records, a commune's
        # 303 rows tested in ~1 ms). PostgreSQL reads such a part through its window.
        self.small = small
        # The path of the subtree the rows lie in ("" for none known): of the probe's
        # matches, only those under it are listed (PostgreSQL, whose probe reads the paths).
        self.within = within
        self.pk: Any = F("id")
        self.text: Any = F("search_text")
        # The probe's answer per connection alias: its matches, or None for "many". Copies
        # made by the ORM share this dict, and so does every condition made by one
        # `RecordSearch`: the parts of a union, a page and its count probe once, and write
        # the ids out once per subtree (3,000 ids, four times a page).
        self._probes: dict[str, _Found | None] = {} if probes is None else probes
        # PostgreSQL: the last word's lexemes as a tsquery per connection alias (None: keep
        # the prefix), read once for every condition sharing this dict.
        self._prefixes: dict[str, str | None] = {} if prefixes is None else prefixes

    def __repr__(self) -> str:
        return f"{self.__class__.__name__}({self.parsed!r})"

    def get_source_expressions(self) -> list[Any]:
        return [self.pk, self.text]

    def set_source_expressions(self, exprs: Any) -> None:
        self.pk, self.text = exprs

    def _planned(
        self,
        compiler: Any,
        connection: Any,
        index_sql: Callable[[Any], tuple[str, list[Any]]],
        row_test_sql: Callable[[Any], tuple[str, list[Any]]],
        narrow_sql: Callable[[Any], tuple[str, list[Any]]],
    ) -> tuple[str, list[Any]]:
        ids = self.probed(connection, self.within)
        if ids is not None:
            if not ids:
                raise EmptyResultSet
            pk_sql, pk_params = compiler.compile(self.pk)
            return f"{pk_sql} IN ({ids})", pk_params
        if self.narrow:
            return narrow_sql(compiler)
        if compiler.query.high_mark is None and not self.paged:
            return index_sql(compiler)
        return row_test_sql(compiler)

    def probed(self, connection: Any, within: str = "") -> str | None:
        """The probe's answer on `connection`, asked once for every condition sharing it:
        the matching ids as SQL ("1, 5, 9"; "" for none), those under the path `within`
        where the probe knows the paths, or None for many."""
        if connection.alias not in self._probes:
            self._probes[connection.alias] = self._probe(connection)
        found = self._probes[connection.alias]
        return None if found is None else found.ids_sql(within)

    def _probe(self, connection: Any) -> _Found | None:
        """Up to DENSE_MATCHES matching ids from the full-text index (on PostgreSQL more
        when the statistics expect more, `_probe_limit`, with their paths); None if
        more."""
        limit = DENSE_MATCHES[connection.vendor]
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                # Whole words first: cheap, and never more matches than with the prefix,
                # which makes FTS5 merge the lists of every word it begins.
                matches = [self.parsed.fts5_match(prefix=False)]
                if self.parsed.prefix:
                    matches.append(self.parsed.fts5_match())
                ids: list[tuple[int, str]] = []
                for match in matches:
                    cursor.execute(
                        f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s LIMIT %s",  # noqa: S608
                        [match, limit],
                    )
                    ids = [(row[0], "") for row in cursor.fetchall()]
                    if len(ids) >= limit:
                        return None
                return _Found(ids, paths=False)
            # GIN reads the postings of every word, however few ids are wanted: when the
            # statistics leave no doubt that the words are common, skip it.
            expected = _estimated_rows(_stats(connection), self.parsed)
            if expected >= _common_rows(connection):
                return None
            limit = _probe_limit(limit, expected)
            tsquery, params = self._tsquery(connection)
            cursor.execute(
                f"SELECT id, org_path FROM search_record_keys({tsquery}, %s)",  # noqa: S608
                [*params, limit],
            )
            keys = cursor.fetchall()
        return None if len(keys) >= limit else _Found(keys, paths=True)

    # -- SQLite ----------------------------------------------------------------------------

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list[Any]]:
        narrow_sql = self._regexp_sql if self.small else self._fts_filter_sql
        return self._planned(compiler, connection, self._fts_sql, self._regexp_sql, narrow_sql)

    def _fts_sql(self, compiler: Any, *, operator: str = "") -> tuple[str, list[Any]]:
        pk_sql, pk_params = compiler.compile(self.pk)
        sql = f"{operator}{pk_sql} IN (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s)"  # noqa: S608
        return sql, [*pk_params, self.parsed.fts5_match()]

    def _fts_filter_sql(self, compiler: Any) -> tuple[str, list[Any]]:
        # SQLite's unary `+` keeps the id out of the choice of index: the matches become
        # a list that each row of the part's own index is looked up in, instead of the
        # rows every match is fetched by (all the country's, for one province's page).
        return self._fts_sql(compiler, operator="+")

    def _regexp_sql(self, compiler: Any) -> tuple[str, list[Any]]:
        text_sql, text_params = compiler.compile(self.text)
        return _sqlite_row_test(self.parsed, text_sql, text_params)

    # -- PostgreSQL ------------------------------------------------------------------------

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list[Any]]:
        # Narrow: the planner sees both conditions and ANDs the GIN and path bitmaps.
        return self._planned(
            compiler, connection, self._gin_sql, self._row_test_pg_sql, self._gin_sql
        )

    def _tsquery(self, connection: Any) -> tuple[str, list[Any]]:
        plain, prefix = self.parsed.tsquery_parts()
        queries, params = [], []
        if plain:
            queries.append("plainto_tsquery('simple'::regconfig, %s)")
            params.append(plain)
        if prefix:
            spelled = self.prefix_lexemes(connection)
            if spelled is None:
                queries.append("to_tsquery('simple'::regconfig, %s)")
                params.append(prefix)
            else:
                queries.append("%s::tsquery")
                params.append(spelled)
        return "(" + " && ".join(queries) + ")", params

    def prefix_lexemes(self, connection: Any) -> str | None:
        """The last word's prefix as the lexemes of the records it begins, a tsquery's text
        (`'thu' | 'thuy'`), asked once for every condition sharing it; None to keep the
        prefix (`'thu':*`): too many lexemes, or a word that is not plain ASCII letters and
        digits (one token of the parser, the same bytes as its lexeme).

        Exact: `search_record_word` holds every lexeme of every record (triggers,
        migration search 0006), so the records holding a lexeme the prefix begins hold one
        of these. With none, the word itself: it is in no record, and neither is the
        prefix."""
        if connection.alias not in self._prefixes:
            word = self.parsed.words[-1]
            spelled = None
            if self.parsed.prefix and word.isascii():
                with connection.cursor() as cursor:
                    cursor.execute(
                        "SELECT word FROM search_record_word WHERE word LIKE %s "
                        "ORDER BY word LIMIT %s",
                        [word + "%", PREFIX_WORDS_MAX + 1],
                    )
                    lexemes = [row[0] for row in cursor.fetchall()] or [word]
                if len(lexemes) <= PREFIX_WORDS_MAX:
                    spelled = " | ".join(_tsquery_lexeme(lexeme) for lexeme in lexemes)
            self._prefixes[connection.alias] = spelled
        return self._prefixes[connection.alias]

    def _tsv_sql(self, compiler: Any) -> str:
        # The generated column beside search_text (migration 0001), under the same alias.
        table = compiler.quote_name_unless_alias(self.text.alias)
        return f"{table}.{compiler.connection.ops.quote_name('search_tsv')}"

    def _gin_sql(self, compiler: Any) -> tuple[str, list[Any]]:
        tsquery, params = self._tsquery(compiler.connection)
        return f"{self._tsv_sql(compiler)} @@ {tsquery}", params

    def _row_test_pg_sql(self, compiler: Any) -> tuple[str, list[Any]]:
        tsquery, params = self._tsquery(compiler.connection)
        return f"search_tsv_matches({self._tsv_sql(compiler)}, {tsquery})", params

    # -- anything else ---------------------------------------------------------------------

    def as_sql(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list[Any]]:
        clauses, params = [], []
        for word in self.parsed.words:
            sql, word_params = compiler.compile(Contains(self.text, word))
            clauses.append(sql)
            params.extend(word_params)
        return "(" + " AND ".join(clauses) + ")", params


class _Found:
    """The probe's matches: `(id, org_path)` rows (the path "" where the probe did not read
    it: SQLite's full-text index holds none), and their ids as SQL, written once per
    subtree.

    A part inside a subtree is asked only for the matches under its path: a province's
    part looked up all of a full name's 5,000 matches in the country by id (7,600 buffers
    at a million records, outside PostgreSQL's cache), where 140 of them are its own
    (decision 206)."""

    def __init__(self, keys: list[tuple[int, str]], *, paths: bool) -> None:
        self.keys = keys
        self.paths = paths
        self._listed: dict[str, str] = {}

    def ids_sql(self, within: str = "") -> str:
        """The ids as SQL ("1, 5, 9"; "" for none): those whose path begins with `within`
        when the paths were read, else all."""
        within = within if self.paths else ""
        if within not in self._listed:
            self._listed[within] = ", ".join(
                str(int(pk)) for pk, path in self.keys if path.startswith(within)
            )
        return self._listed[within]


@dataclass(frozen=True)
class _WordStats:
    rows: float
    frequencies: dict[str, float]  # the most common lexemes of search_tsv (ANALYZE)
    read_at: float

    @cached_property
    def lexemes(self) -> list[str]:
        """The lexemes sorted: those a prefix begins are a run of them (`bisect`)."""
        return sorted(self.frequencies)

    def prefix_frequency(self, prefix: str) -> float:
        """The frequencies of the lexemes `prefix` begins, added up."""
        lexemes, total = self.lexemes, 0.0
        for i in range(bisect_left(lexemes, prefix), len(lexemes)):
            if not lexemes[i].startswith(prefix):
                break
            total += self.frequencies[lexemes[i]]
        return total


_word_stats: dict[str, _WordStats] = {}


def _stats(connection: Any) -> _WordStats:
    """ANALYZE's word frequencies of `search_tsv`, read once every STATS_TTL seconds."""
    stats = _word_stats.get(connection.alias)
    if stats is None or time.monotonic() - stats.read_at > STATS_TTL:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT c.reltuples, s.most_common_elems::text::text[], "
                "s.most_common_elem_freqs FROM pg_class c LEFT JOIN pg_stats s "
                "ON s.tablename = c.relname AND s.attname = 'search_tsv' "
                "WHERE c.relname = 'exemplars_record' AND c.relkind = 'r'"
            )
            row = cursor.fetchone()
        reltuples, lexemes, freqs = row if row else (0, None, None)
        stats = _WordStats(
            float(reltuples or 0), dict(zip(lexemes or [], freqs or [], strict=False)),
            time.monotonic(),
        )  # fmt: skip
        _word_stats[connection.alias] = stats
    return stats


def _estimated_rows(stats: _WordStats, parsed: ParsedQuery) -> float:
    """The rows holding every word, the words taken as independent, by ANALYZE's
    frequencies (a prefix: those of the lexemes it begins, together); 0 for a word
    missing from the most common lexemes, or a table never analysed."""
    estimate = stats.rows if stats.frequencies else 0.0
    tokens = parsed.tokens()
    for i, token in enumerate(tokens):
        if parsed.prefix and i == len(tokens) - 1:
            estimate *= stats.prefix_frequency(token)
        else:
            estimate *= stats.frequencies.get(token, 0.0)
    return estimate


def _probe_limit(dense: int, expected: float) -> int:
    """How many ids PostgreSQL's probe lists before it calls the words dense: `dense`,
    or for words the statistics expect in more rows than that (but fewer than are
    common), up to twice as many as expected, at most PROBE_MAX. Such words (a full name:
    "Văn Khải", 3,752 rows at a million records) failed a probe of 3,000, then had the
    shared part walked newest first for its page, ~11,000 rows for 50 matches; their ids
    listed cost ~4,000 table rows, read in the table's order (decision 173)."""
    return dense if expected <= dense else int(min(PROBE_MAX, 2 * expected))


def _common_rows(connection: Any) -> int:
    """How many rows the words must be expected in for the probe to be skipped."""
    return DENSE_MATCHES[connection.vendor] * COMMON_FACTOR


def _surely_common(connection: Any, parsed: ParsedQuery, rows: float) -> bool:
    """True if the words, taken as independent, are in at least `rows` rows by ANALYZE's
    frequencies. Words that go together only make that more true; a word missing from the
    most common lexemes makes it false. Only words that avoid each other could make it
    wrong."""
    return _estimated_rows(_stats(connection), parsed) >= rows


class RecordSearch:
    """One query's search, for every queryset of a request that filters by it: the parts
    of a union, the page and its count share one probe of the full-text index."""

    def __init__(self, query: str) -> None:
        self.parsed = parse_query(query)
        self._probes: dict[str, _Found | None] = {}
        self._prefixes: dict[str, str | None] = {}

    def q(
        self, *, paged: bool = False, narrow: bool = False, small: bool = False, within: str = ""
    ) -> Q:
        """The condition on `Record` rows. With many matches (the probe found
        `DENSE_MATCHES`), how they are found:

        - `narrow`: the rows are a narrow slice with an index of its own (a subtree of
          the organisation tree): that index is read and each row checked against the
          full-text index's matches;
        - `paged`: the caller reads the rows newest first and stops at a page
          (`record_list`'s union, whose parts have no LIMIT of their own): each row's
          text is tested as it is read instead of listing every match first;
        - neither: a query with a LIMIT tests rows as it reads, one without goes through
          the full-text index.

        `within`: the path of a subtree that holds every row the condition is asked of
        (a part of the list): with few matches, only those under it are listed where the
        probe read their paths (PostgreSQL)."""
        if not self.parsed.words:
            return Q(pk__in=[])
        return Q(
            RecordTextMatch(
                self.parsed,
                paged=paged,
                narrow=narrow,
                small=small,
                within=within,
                probes=self._probes,
                prefixes=self._prefixes,
            )
        )

    def many(self, connection: Any) -> bool:
        """True when the probe found `DENSE_MATCHES` or more (asking it if not yet)."""
        if not self.parsed.words:
            return False
        return self._match().probed(connection) is None

    def prefix_lexemes(self, connection: Any) -> str | None:
        """PostgreSQL: the last word's prefix as a tsquery of the lexemes it begins, or
        None where it stays a prefix (`RecordTextMatch.prefix_lexemes`)."""
        if not self.parsed.words:
            return None
        return self._match().prefix_lexemes(connection)

    def _match(self) -> RecordTextMatch:
        return RecordTextMatch(self.parsed, probes=self._probes, prefixes=self._prefixes)

    def row_test_sql(self, connection: Any, column: str) -> tuple[str, list[Any]]:
        """The newest-first plan's test of one row, on `column`: SQL naming the row's
        `search_text` (SQLite) or `search_tsv` (PostgreSQL), for a query written by hand
        (`newest_in_window`)."""
        if connection.vendor == "postgresql":
            tsquery, params = self._match()._tsquery(connection)
            return f"{column} @@ {tsquery}", params
        if connection.vendor != "sqlite":
            raise NotImplementedError(connection.vendor)
        return _sqlite_row_test(self.parsed, column, [])

    def window_rows(self, connection: Any, *, wide: bool = False) -> int:
        """How many of a part's newest rows to test before asking the full-text index
        (0: no window): WINDOW_ROWS until the probe has run (a window came back without
        the page); after it, none if it found few (their ids are cheaper), and none for a
        `wide` part (not one subtree): its planned query with many matches walks the
        same rows newest first, testing each without a lookup by id, and stops at the
        page where a window, full without the page, would read them twice.

        Nor a window for a `wide` part when the statistics say the words are common: the
        probe is skipped then (`_surely_common`), so the part's planned query is that same
        walk, and a window would only read its first rows twice (decision 165)."""
        rows = WINDOW_ROWS.get(connection.vendor, 0)
        if not rows or not self.parsed.words:
            return 0
        if connection.alias not in self._probes:
            if wide and connection.vendor == "postgresql" and self._common(connection):
                return 0
            return rows  # no probe yet: the window first
        return rows if self.many(connection) and not wide else 0

    def _common(self, connection: Any) -> bool:
        """PostgreSQL: the statistics say the words are common (the probe is skipped)."""
        return _surely_common(connection, self.parsed, _common_rows(connection))

    def newest_in_window(
        self, keys: QuerySet[Any], limit: int, window: int, *, narrow: bool = False
    ) -> list[tuple[Any, Any]] | None:
        """The keys `(created_at, id)` of the `limit` newest matches of `keys` (a `Record`
        queryset of those keys, without this search), found among its `window` newest rows
        with each row's text tested as it is read (docs/search.md, "The window"); None when
        the window is full and holds fewer than `limit` matches: older ones may follow,
        ask the full-text index.

        Bounded work for a slice with many matches: at a million records one province
        holds 28,000 records, and looking them up among every match of the country (the
        full-text index's answer) grew with the country.

        A `narrow` part (a subtree) is counted first, up to the window (its path index
        alone, 0.3-1.3 ms): PostgreSQL estimates any path range at about 1 % of the
        records, so for a commune of 303 records it walked the whole newest-first index
        (a million keys, 7,300 buffers, 15-110 ms) to fill a window it could not fill.
        A part smaller than the window is read whole through its own range and sorted.

        `keys` ordered (newest first, then more columns): the window walks them in that
        order, the same rows as newest first where `(created_at, id)` is unique; the
        columns name the index that holds the part alone (`WINDOW_ORDER_SHARED`)."""
        connection = connections[keys.db]
        order = tuple(keys.query.order_by) or NEWEST_FIRST
        if order[: len(NEWEST_FIRST)] != NEWEST_FIRST:
            raise ValueError(f"A window is read newest first: {order}")
        part = keys.order_by()
        size = part[:window].count() if narrow else None
        # The window's keys come from the part's index alone (sorting them does not read
        # the table); only the window's rows are then read, by id, for their text.
        inner = keys.order_by(*NEWEST_FIRST).values_list("created_at", "id")[:window]
        inner_sql, inner_params = inner.query.sql_with_params()
        if size is not None and size < window and connection.vendor == "postgresql":
            whole_sql, inner_params = part.values_list("created_at", "id").query.sql_with_params()
            inner_sql = (
                f"WITH part AS MATERIALIZED ({whole_sql}) "  # noqa: S608
                "SELECT created_at, id FROM part ORDER BY 1 DESC, 2 DESC"
            )
        elif connection.vendor == "postgresql":
            # A window as large as the part's first rows: each row's text is tested as the
            # part's index gives it, in the same statement, from the row the scan fetches
            # (one table page a row, where a lookup by id first read the primary key's
            # three: 6,000 buffers for 4,000 rows of a province against 20,000). The test
            # is a column of the window, not a condition: no index can answer it there,
            # and a condition on a LIMIT's output is not pushed below the LIMIT.
            table = connection.ops.quote_name(keys.model._meta.db_table)
            test_sql, test_params = self.row_test_sql(connection, f"{table}.search_tsv")
            tested = (
                keys.annotate(window_match=RawSQL(test_sql, test_params))  # noqa: S611
                .order_by(*order)
                .values_list("created_at", "id", "window_match")[:window]
            )
            tested_sql, tested_params = tested.query.sql_with_params()
            rows = keys.model.objects.db_manager(keys.db).raw(
                f"SELECT w.id, w.created_at FROM ({tested_sql}) w "  # noqa: S608
                "WHERE w.window_match ORDER BY w.created_at DESC, w.id DESC LIMIT %s",
                [*tested_params, limit],
            )
            return self._window_answer(rows, part, limit, window, size)
        table = connection.ops.quote_name(keys.model._meta.db_table)
        column = "search_tsv" if connection.vendor == "postgresql" else "search_text"
        test_sql, test_params = self.row_test_sql(connection, f"r.{column}")
        # The test is a scalar subquery, by id, for each row of the window in its order:
        # never flattened into a join, so the full-text index is not used (as a join,
        # PostgreSQL read all 65,000 matches of "phu nu khong" through it: 780 ms), and
        # PostgreSQL stops reading the window at the `limit`-th match.
        rows = keys.model.objects.db_manager(keys.db).raw(
            f"SELECT w.id, w.created_at FROM ({inner_sql}) w "  # noqa: S608
            f"WHERE (SELECT {test_sql} FROM {table} r WHERE r.id = w.id) "
            "ORDER BY w.created_at DESC, w.id DESC LIMIT %s",
            [*inner_params, *test_params, limit],
        )
        return self._window_answer(rows, part, limit, window, size)

    @staticmethod
    def _window_answer(
        rows: Any, part: QuerySet[Any], limit: int, window: int, size: int | None
    ) -> list[tuple[Any, Any]] | None:
        """The window's matches if they answer (the page, or every match of a part no
        larger than the window), else None."""
        found = [(row.created_at, row.pk) for row in rows]
        if len(found) >= limit:
            return found
        if size is None:
            size = part[:window].count()
        return found if size < window else None


def _tsquery_lexeme(lexeme: str) -> str:
    """`lexeme` quoted for tsquery's input, which takes it as it is (no parser, no
    dictionary): a quote doubled, a backslash escaped."""
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


def _sqlite_row_test(
    parsed: ParsedQuery, text_sql: str, text_params: list[Any]
) -> tuple[str, list[Any]]:
    """`instr()` of each token (rejects most rows in C), then each word's regular expression
    with the tokenizer's word boundaries (Django registers REGEXP: Python's re)."""
    clauses, params = [], []
    for token in parsed.tokens():
        clauses.append(f"instr({text_sql}, %s) > 0")
        params.extend([*text_params, token])
    for pattern in parsed.word_patterns():
        clauses.append(f"{text_sql} REGEXP %s")
        params.extend([*text_params, pattern])
    return "(" + " AND ".join(clauses) + ")", params


def matching_record_ids_q(query: str, *, paged: bool = False) -> Q:
    """`Record.objects.filter(matching_record_ids_q("cuu nguoi"))`: rows whose folded text
    holds every word of `query` (the last one as a prefix too). Nothing for a query
    without words."""
    return RecordSearch(query).q(paged=paged)

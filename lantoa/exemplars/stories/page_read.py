"""The story page's one read: a live publication and its stored article, by key.

It is the most frequent read of a page that is not yet cached (a story page's miss), and
its SQL is the same for every story but the key. Building it through the ORM cost 390 µs
of a 1.5 ms miss at a million records, running it 45 µs (issue 15, decision 212). So the
ORM builds the statement once per process and database (`_statement`), with the key left
as a parameter, and each page runs it with its own key through the same connection the ORM
would use, converting the row with the converters the ORM itself chose for the columns
(dates, booleans, the article's JSON), as a `values_list` read would. What is read, and
from what, stays the queryset's (`_page_reads`), written once.

On PostgreSQL the statement is also prepared on the server, once per connection, so that
PostgreSQL does not plan it again for every page (~110 µs of a ~360 µs read at a million
records; decision 213). Only this statement: a prepared search could be given a generic
plan that knows nothing of the words searched (decision 207). The first read on a
connection prepares and runs it in one round trip; a read that fails forgets the name, and
the next read prepares the statement again under a new one.
"""

from __future__ import annotations

import itertools
import re
import weakref
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.utils import CursorWrapper
from django.db.models import QuerySet
from django.db.models.sql.compiler import SQLCompiler

from lantoa.exemplars.models import Publication, StoryArticle
from lantoa.exemplars.stories.live import live_publications

# What the story page reads of a publication besides its stored article
# (`stories.article.ARTICLE_FIELDS` are read only when the article must be rendered).
PAGE_FIELDS = (
    "id",
    "record_id",
    "share_id",
    "title",
    "summary",
    "show_photos",
    "place_display",
    "published_at",
    "year",
    *(f"{name}_id" for name in ("priority_group", "sector", "movement", "province", "commune")),
)
# The stored article's columns, read in the same row.
ARTICLE_COLUMNS = ("article__key", "article__parts")

# `PAGE_FIELDS` in the model's field order, as `Model.from_db` takes them.
_PAGE_COLUMNS = tuple(
    field.attname for field in Publication._meta.concrete_fields if field.attname in PAGE_FIELDS
)
_ARTICLE_ATTNAMES = ("publication_id", "key", "parts")
# Stands for the key while the statement is built: no publication has it.
_KEY_MARK = -7_300_417
# The name each PostgreSQL connection (psycopg's, which lives as long as its session) has
# the statement prepared under, and where new names come from.
_prepared: weakref.WeakKeyDictionary[Any, str] = weakref.WeakKeyDictionary()
_names = itertools.count(1)


def story_page(pk: int) -> Publication | None:
    """The live publication `pk` with what its page shows, and its stored article cached
    on it as `select_related` caches it, None included (no query later either way); None
    when `pk` is not live. The row becomes the model instance the ORM would have made
    (`Model.from_db`, the fields in the model's order)."""
    db = _page_reads().db
    row = _statement(db).run(pk)
    if row is None:
        return None
    *values, key, parts = row
    story = Publication.from_db(db, _PAGE_COLUMNS, values)
    article = None
    if key is not None:
        article = StoryArticle.from_db(db, _ARTICLE_ATTNAMES, (story.pk, key, parts))
    Publication.article.related.set_cached_value(story, article)
    return story


@cache
def _page_reads() -> QuerySet[Publication, tuple[Any, ...]]:
    """The page's read without its key: live publications, unordered, their page's
    columns and their article's, as one row of values (Django builds the SQL of a values
    read with ~600 fewer Python calls than that of `only()` with
    `select_related("article")`)."""
    return live_publications().order_by().values_list(*_PAGE_COLUMNS, *ARTICLE_COLUMNS)


@dataclass(frozen=True)
class _Statement:
    db: str
    sql: str
    params: tuple[Any, ...]  # `_KEY_MARK` where the key goes
    key_at: int
    converters: dict[int, Any]  # the ORM's, by column: {index: (functions, expression)}
    # The compiler that chose them, to apply them. They read the connection's settings
    # (its time zone), never its socket: a request on any thread may apply them.
    compiler: SQLCompiler
    # PostgreSQL: the statement with numbered parameters ($1…), to prepare; else None.
    to_prepare: str | None = None

    def run(self, pk: int) -> tuple[Any, ...] | None:
        params = list(self.params)
        params[self.key_at] = pk
        connection = connections[self.db]
        with connection.cursor() as cursor:
            if self.to_prepare is None:
                cursor.execute(self.sql, params)
            else:
                self._execute_prepared(connection, cursor, params)
            row = cursor.fetchone()
        if row is None or not self.converters:
            return row  # type: ignore[no-any-return]
        return tuple(next(iter(self.compiler.apply_converters([row], self.converters))))

    def _execute_prepared(
        self, connection: BaseDatabaseWrapper, cursor: CursorWrapper, params: list[Any]
    ) -> None:
        raw = connection.connection  # open: the cursor was made on it
        arguments = ", ".join(["%s"] * len(params))
        name = _prepared.get(raw)
        first = name is None
        if first:
            name = _prepared[raw] = f"lantoa_story_page_{next(_names)}"
            # One round trip: a client-side binding cursor (Django's default) sends both
            # as one query; PREPARE's result comes first, then the row's.
            sql = f"PREPARE {name} AS {self.to_prepare}; EXECUTE {name}({arguments})"
        else:
            sql = f"EXECUTE {name}({arguments})"
        try:
            cursor.execute(sql, params)
            if first:
                cursor.nextset()
        except BaseException:
            # Whether the statement is there or not (it failed, or was deallocated behind
            # this process's back), the next read prepares it again under a new name.
            _prepared.pop(raw, None)
            raise


@cache
def _statement(db: str) -> _Statement:
    """The page's read by key as SQL with its parameters, and the converters its columns
    need, as the ORM makes them for `db` (one per process and database)."""
    compiler = _page_reads().filter(pk=_KEY_MARK).query.get_compiler(using=db)
    sql, params = compiler.as_sql()
    if list(params).count(_KEY_MARK) != 1:  # pragma: no cover (a changed queryset)
        raise RuntimeError("The story page's read must take its key once.")
    columns = [selected[0] for selected in compiler.select[: compiler.col_count]]
    # PREPARE and EXECUTE go as one query, which a server-side binding cursor refuses.
    options = connections[db].settings_dict.get("OPTIONS", {})
    prepares = connections[db].vendor == "postgresql" and not options.get("server_side_binding")
    return _Statement(
        db=db,
        sql=sql,
        params=tuple(params),
        key_at=list(params).index(_KEY_MARK),
        converters=compiler.get_converters(columns),
        compiler=compiler,
        to_prepare=_numbered(sql) if prepares else None,
    )


def _numbered(sql: str) -> str:
    """`sql` with its parameters numbered as PREPARE takes them ($1, $2…). A literal `%`
    stays written `%%`: the statement is sent with parameters, which that escape is for."""
    numbers = itertools.count(1)
    return re.sub(r"%%|%s", lambda m: m.group() if m.group() == "%%" else f"${next(numbers)}", sql)

"""Writing generated rows fast: `COPY` on PostgreSQL (psycopg's `cursor.copy`),
`executemany` on SQLite, with the secondary indexes (PostgreSQL) and the full-text triggers
(SQLite) dropped during the load and recreated afterwards from their stored definitions
(`FastLoad`). Used by `bench/registry_generate.py`."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

from django.db import connection

BATCH = 20_000


def _batches(rows: Iterator[tuple[Any, ...]], size: int) -> Iterator[list[tuple[Any, ...]]]:
    batch: list[tuple[Any, ...]] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _copy_text(value: Any) -> str:
    if value is None:
        return "\\N"
    return str(value)


def write_rows(table: str, columns: list[str], rows: Iterator[tuple[Any, ...]]) -> int:
    count = 0
    column_list = ", ".join(columns)
    if connection.vendor == "postgresql":
        sql = f"COPY {table} ({column_list}) FROM STDIN"
        with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
            for batch in _batches(rows, BATCH):
                buffer = io.StringIO()
                for row in batch:
                    buffer.write("\t".join(map(_copy_text, row)))
                    buffer.write("\n")
                copy.write(buffer.getvalue())
                count += len(batch)
        return count
    marks = ", ".join("?" * len(columns))
    raw = connection.connection
    assert raw is not None
    for batch in _batches(rows, BATCH):
        raw.executemany(f"INSERT INTO {table} ({column_list}) VALUES ({marks})", batch)
        count += len(batch)
    return count


class FastLoad:
    """Drop what slows a bulk load and put it back afterwards, from stored definitions."""

    def __init__(self, tables: list[str]) -> None:
        self.tables = tables
        self.statements: list[str] = []
        self.fts = False

    def __enter__(self) -> FastLoad:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(
                    "SELECT i.indexname, i.indexdef FROM pg_indexes i "
                    "JOIN pg_class c ON c.relname = i.indexname "
                    "WHERE i.tablename = ANY(%s) "
                    "AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = c.oid)",
                    [self.tables],
                )
                for name, definition in cursor.fetchall():
                    self.statements.append(definition)
                    cursor.execute(f'DROP INDEX "{name}"')
                cursor.execute("SET session_replication_role = replica")
            else:
                # Indexes and the full-text triggers; autoindexes (sql NULL) back constraints.
                cursor.execute(
                    "SELECT type, name, sql FROM sqlite_master "
                    "WHERE type IN ('index', 'trigger') AND sql IS NOT NULL "
                    f"AND tbl_name IN ({', '.join('%s' for _ in self.tables)})",
                    self.tables,
                )
                for kind, name, definition in cursor.fetchall():
                    self.statements.append(definition)
                    cursor.execute(f'DROP {kind.upper()} "{name}"')
                cursor.execute("SELECT 1 FROM sqlite_master WHERE name = 'search_record_fts'")
                self.fts = cursor.fetchone() is not None
        return self

    def __exit__(self, *exc: Any) -> None:
        if exc[0] is not None:
            return
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SET session_replication_role = DEFAULT")
                cursor.execute("SET maintenance_work_mem = '512MB'")
            if self.fts:
                # The external-content index reads every row of exemplars_record again.
                cursor.execute(
                    "INSERT INTO search_record_fts(search_record_fts) VALUES ('rebuild')"
                )
            for statement in self.statements:
                cursor.execute(statement)
            if connection.vendor == "postgresql" and "exemplars_record" in self.tables:
                # The load ran as a replica: no trigger fired, and `search_record_words_insert`
                # (migration search 0006) did not list the new rows' lexemes. Without them a
                # query's last word was matched whole, not as a prefix.
                cursor.execute("SELECT to_regclass('search_record_word') IS NOT NULL")
                if cursor.fetchone()[0]:
                    cursor.execute(
                        "INSERT INTO search_record_word (word) "
                        "SELECT DISTINCT unnest(tsvector_to_array(search_tsv)) "
                        "FROM exemplars_record ON CONFLICT DO NOTHING"
                    )

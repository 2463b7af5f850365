"""The database objects behind record search, and their repair after a migration.

Migration 0001 creates them. On SQLite, a later migration that alters `exemplars_record`
can remake the table (create a copy, copy the rows, drop the original, rename): the
triggers and indexes that Django does not know about go with the dropped table, and the
full-text index would silently stop following the records. After every `migrate`,
`ensure_record_index` recreates whatever is missing and, if the triggers were gone,
rebuilds the full-text index from the table.
"""

from __future__ import annotations

from typing import Any

from django.db import connections
from django.db.migrations.recorder import MigrationRecorder

MIGRATION = ("search", "0001_record_fulltext_index")

COVERING = ("search", "0003_record_newest_index_covers_text")
NEWEST_INDEX = {
    "sqlite": "CREATE INDEX IF NOT EXISTS search_record_newest ON exemplars_record "
    "(created_at, id)",
    # From migration 0003: covering what a newest-first scan tests.
    "sqlite covering": "CREATE INDEX IF NOT EXISTS search_record_newest ON exemplars_record "
    "(created_at, id, state, org_path, search_text)",
    "postgresql": "CREATE INDEX IF NOT EXISTS search_record_newest ON exemplars_record "
    "(created_at, id)",
}

SQLITE_TABLE = """
CREATE VIRTUAL TABLE IF NOT EXISTS search_record_fts USING fts5(
    search_text,
    content='exemplars_record',
    content_rowid='id',
    tokenize='unicode61 remove_diacritics 2'
)
"""
# An external-content index must be told the old text to forget it: FTS5's 'delete' command.
SQLITE_TRIGGERS = {
    "search_record_fts_insert": """
CREATE TRIGGER IF NOT EXISTS search_record_fts_insert AFTER INSERT ON exemplars_record BEGIN
    INSERT INTO search_record_fts(rowid, search_text) VALUES (new.id, new.search_text);
END
""",
    "search_record_fts_delete": """
CREATE TRIGGER IF NOT EXISTS search_record_fts_delete AFTER DELETE ON exemplars_record BEGIN
    INSERT INTO search_record_fts(search_record_fts, rowid, search_text)
        VALUES ('delete', old.id, old.search_text);
END
""",
    # save() rewrites every column; re-index only when the text really changed.
    "search_record_fts_update": """
CREATE TRIGGER IF NOT EXISTS search_record_fts_update
AFTER UPDATE OF id, search_text ON exemplars_record
WHEN old.id IS NOT new.id OR old.search_text IS NOT new.search_text BEGIN
    INSERT INTO search_record_fts(search_record_fts, rowid, search_text)
        VALUES ('delete', old.id, old.search_text);
    INSERT INTO search_record_fts(rowid, search_text) VALUES (new.id, new.search_text);
END
""",
}
SQLITE_REBUILD = "INSERT INTO search_record_fts(search_record_fts) VALUES ('rebuild')"

# A stored column, not an expression index: to_tsvector costs ~50 µs a row, and rows get
# re-tested (lossy bitmap pages, newest-first scans). See migration 0001.
POSTGRESQL_COLUMN = """
ALTER TABLE exemplars_record ADD COLUMN IF NOT EXISTS search_tsv tsvector
GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, search_text)) STORED
"""
POSTGRESQL_INDEX = (
    "CREATE INDEX IF NOT EXISTS search_record_tsv ON exemplars_record USING gin (search_tsv)"
)
POSTGRESQL_FUNCTIONS = {
    # Up to k matching ids with their organisation paths (from the row the id is read
    # from), through the GIN index whatever the planner estimates: the settings apply
    # inside the function only. Migration 0007 (0001 listed ids alone).
    "search_record_keys(tsquery,integer)": """
CREATE OR REPLACE FUNCTION search_record_keys(q tsquery, k integer)
RETURNS TABLE (id bigint, org_path text)
LANGUAGE sql STABLE PARALLEL SAFE
SET enable_seqscan = off SET enable_indexscan = off
AS $$ SELECT id, org_path::text FROM exemplars_record WHERE search_tsv @@ q LIMIT k $$
""",
    # The same test, opaque to the planner (no index, no estimate from the statistics).
    "search_tsv_matches(tsvector,tsquery)": """
CREATE OR REPLACE FUNCTION search_tsv_matches(tsv tsvector, q tsquery) RETURNS boolean
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
AS $$ BEGIN RETURN tsv @@ q; END $$
""",
}


def ensure_record_index(using: str = "default") -> bool:
    """Recreate the search objects that are missing; True if something was."""
    connection = connections[using]
    if connection.vendor not in {"sqlite", "postgresql"}:
        return False
    applied = MigrationRecorder(connection).applied_migrations()
    if MIGRATION not in applied:
        return False  # not installed yet, or migrated back on purpose
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE name = 'search_record_fts' "
                "OR (type IN ('trigger', 'index') AND tbl_name = 'exemplars_record')"
            )
            present = {row[0] for row in cursor.fetchall()}
            missing = {"search_record_fts", "search_record_newest", *SQLITE_TRIGGERS} - present
            if missing:
                cursor.execute(SQLITE_TABLE)
                for sql in SQLITE_TRIGGERS.values():
                    cursor.execute(sql)
                cursor.execute(NEWEST_INDEX["sqlite covering" if COVERING in applied else "sqlite"])
                if missing - {"search_record_newest"}:
                    cursor.execute(SQLITE_REBUILD)
            return bool(missing)
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes "
            "WHERE tablename = 'exemplars_record' AND indexname LIKE 'search_record_%%'"
        )
        indexes = dict(cursor.fetchall())
        cursor.execute(
            "SELECT sig FROM unnest(%s::text[]) AS sig WHERE to_regprocedure(sig) IS NULL",
            [list(POSTGRESQL_FUNCTIONS)],
        )
        missing_functions = [row[0] for row in cursor.fetchall()]
        tsv = indexes.get("search_record_tsv", "")
        if "(search_tsv)" in tsv and "search_record_newest" in indexes and not missing_functions:
            return False
        cursor.execute(POSTGRESQL_COLUMN)
        if tsv and "(search_tsv)" not in tsv:
            # An earlier definition (an expression index), and functions written for it.
            cursor.execute("DROP INDEX search_record_tsv")
            missing_functions = list(POSTGRESQL_FUNCTIONS)
        cursor.execute(POSTGRESQL_INDEX)
        cursor.execute(NEWEST_INDEX["postgresql"])
        for signature in missing_functions:
            cursor.execute(POSTGRESQL_FUNCTIONS[signature])
        return True


def repair_after_migrate(sender: Any, using: str = "default", **kwargs: Any) -> None:
    ensure_record_index(using)

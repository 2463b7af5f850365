"""Full-text index over Record.search_text (already folded: lower case, no diacritics, đ→d).

SQLite: an FTS5 table with `exemplars_record` as its external content, filled by triggers.
`remove_diacritics 2` is kept although the text is folded before it arrives: it costs
nothing and folds whatever reaches the table another way.
PostgreSQL: a generated column `search_tsv` = to_tsvector('simple', search_text), stored,
with a GIN index; no extension needed. Stored rather than an expression index because
to_tsvector costs ~50 µs a row, and rows get re-tested: every row of a lossy bitmap page
(a count of "cuu" took 42 s), every row a newest-first scan reads. Two helpers:
search_record_ids(tsquery, k), up to k matching ids, always through the GIN index (the
function's own settings rule out other plans); search_tsv_matches(tsvector, tsquery), the
same test opaque to the planner, so that it is not tempted by the index where the query
wants the newest records first.
Both: a (created_at, id) index, so that a broad search reads the newest records first
instead of sorting every match. Other engines: nothing (search falls back to LIKE).
lantoa.search.records explains how the queries use them.
"""

from django.db import migrations

SQLITE_FORWARD = [
    """
    CREATE VIRTUAL TABLE search_record_fts USING fts5(
        search_text,
        content='exemplars_record',
        content_rowid='id',
        tokenize='unicode61 remove_diacritics 2'
    )
    """,
    """
    CREATE TRIGGER search_record_fts_insert AFTER INSERT ON exemplars_record BEGIN
        INSERT INTO search_record_fts(rowid, search_text) VALUES (new.id, new.search_text);
    END
    """,
    """
    CREATE TRIGGER search_record_fts_delete AFTER DELETE ON exemplars_record BEGIN
        INSERT INTO search_record_fts(search_record_fts, rowid, search_text)
            VALUES ('delete', old.id, old.search_text);
    END
    """,
    """
    CREATE TRIGGER search_record_fts_update
    AFTER UPDATE OF id, search_text ON exemplars_record
    WHEN old.id IS NOT new.id OR old.search_text IS NOT new.search_text BEGIN
        INSERT INTO search_record_fts(search_record_fts, rowid, search_text)
            VALUES ('delete', old.id, old.search_text);
        INSERT INTO search_record_fts(rowid, search_text) VALUES (new.id, new.search_text);
    END
    """,
    "INSERT INTO search_record_fts(search_record_fts) VALUES ('rebuild')",
    "CREATE INDEX search_record_newest ON exemplars_record (created_at, id)",
]
SQLITE_REVERSE = [
    "DROP INDEX IF EXISTS search_record_newest",
    "DROP TRIGGER IF EXISTS search_record_fts_update",
    "DROP TRIGGER IF EXISTS search_record_fts_delete",
    "DROP TRIGGER IF EXISTS search_record_fts_insert",
    "DROP TABLE IF EXISTS search_record_fts",
]
POSTGRESQL_FORWARD = [
    """
    ALTER TABLE exemplars_record ADD COLUMN search_tsv tsvector
    GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, search_text)) STORED
    """,
    "CREATE INDEX search_record_tsv ON exemplars_record USING gin (search_tsv)",
    "CREATE INDEX search_record_newest ON exemplars_record (created_at, id)",
    """
    CREATE FUNCTION search_record_ids(q tsquery, k integer) RETURNS SETOF bigint
    LANGUAGE sql STABLE PARALLEL SAFE
    SET enable_seqscan = off SET enable_indexscan = off
    AS $$ SELECT id FROM exemplars_record WHERE search_tsv @@ q LIMIT k $$
    """,
    """
    CREATE FUNCTION search_tsv_matches(tsv tsvector, q tsquery) RETURNS boolean
    LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
    AS $$ BEGIN RETURN tsv @@ q; END $$
    """,
]
POSTGRESQL_REVERSE = [
    "DROP FUNCTION IF EXISTS search_tsv_matches(tsvector, tsquery)",
    "DROP FUNCTION IF EXISTS search_record_ids(tsquery, integer)",
    "DROP INDEX IF EXISTS search_record_newest",
    "DROP INDEX IF EXISTS search_record_tsv",
    "ALTER TABLE exemplars_record DROP COLUMN IF EXISTS search_tsv",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("exemplars", "0001_records_subjects_consents")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRESQL_FORWARD}),
            _run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRESQL_REVERSE}),
            elidable=False,
        ),
    ]

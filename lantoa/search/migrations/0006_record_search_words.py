"""PostgreSQL: every lexeme of the records' `search_tsv`, so a prefix can be spelled out.

A query's last word is also a prefix (`'thu':*`). GIN answers a prefix by merging the
postings of every lexeme it begins into one bitmap before the other words can skip
anything, and the bitmap goes lossy past `work_mem`: "huynh & van:*" spent 182 ms in the
index and rechecked 5,199 rows at a million records, where the same words with the prefix
written as its lexemes ("huynh & (van | vang)") took 22 ms, exact (docs/performance.md,
"Session 9"). `search_record_word` lists the lexemes (`lantoa.search.records` reads those a
prefix begins); triggers add the lexemes of every inserted row and of every changed text,
in the statement that writes them, so a new word is searchable as its row is. Nothing is
removed: a lexeme no longer in any record matches nothing, which changes no result.

SQLite: nothing (FTS5 reads its prefixes from its own index).
"""

from django.db import migrations

POSTGRESQL_FORWARD = [
    # C collation: `LIKE 'thu%'` is a range of the primary key, bytewise as tsquery's
    # prefix match compares.
    'CREATE TABLE search_record_word (word text COLLATE "C" PRIMARY KEY)',
    """
    CREATE FUNCTION search_record_words_added() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO search_record_word (word)
        SELECT DISTINCT unnest(tsvector_to_array(n.search_tsv)) FROM new_rows n
        ON CONFLICT DO NOTHING;
        RETURN NULL;
    END $$
    """,
    """
    CREATE FUNCTION search_record_words_changed() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO search_record_word (word)
        SELECT DISTINCT unnest(tsvector_to_array(n.search_tsv))
        FROM new_rows n JOIN old_rows o ON o.id = n.id
        WHERE n.search_text IS DISTINCT FROM o.search_text
        ON CONFLICT DO NOTHING;
        RETURN NULL;
    END $$
    """,
    # Per statement: a bulk load adds its words in one INSERT, not one per row.
    """
    CREATE TRIGGER search_record_words_insert AFTER INSERT ON exemplars_record
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION search_record_words_added()
    """,
    """
    CREATE TRIGGER search_record_words_update AFTER UPDATE ON exemplars_record
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION search_record_words_changed()
    """,
    # The records already there (the trigger holds off writers until this commits).
    """
    INSERT INTO search_record_word (word)
    SELECT DISTINCT unnest(tsvector_to_array(search_tsv)) FROM exemplars_record
    ON CONFLICT DO NOTHING
    """,
]
POSTGRESQL_REVERSE = [
    "DROP TRIGGER IF EXISTS search_record_words_update ON exemplars_record",
    "DROP TRIGGER IF EXISTS search_record_words_insert ON exemplars_record",
    "DROP FUNCTION IF EXISTS search_record_words_changed()",
    "DROP FUNCTION IF EXISTS search_record_words_added()",
    "DROP TABLE IF EXISTS search_record_word",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for sql in statements:
                schema_editor.execute(sql, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0005_outbox_log_per_directory_watermarks")]

    operations = [
        migrations.RunPython(_run(POSTGRESQL_FORWARD), _run(POSTGRESQL_REVERSE), elidable=False),
    ]

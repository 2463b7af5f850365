"""The records' write stamp: one row that every write of a record (and of a subject's name,
or of an organisation's place in the tree: the inbox reads the handling unit's path)
replaces, so that a list's page read under a stamp can be kept until the next write
(`lantoa.exemplars.list_memo`, decision 159).

The stamp is written by triggers, in the transaction of the write, whatever wrote it: a
service, a bulk load, a raw statement, a test's fixture. It never repeats (SQLite: 16
random bytes; PostgreSQL: the writing transaction's id, unique for the cluster's life), so
a page kept under a stamp is never served for other data, even after a rollback.

PostgreSQL takes the stamp's row lock at commit (a deferred constraint trigger): taken with
each statement, a transaction holding the stamp could wait for a record another one had
locked before waiting for the stamp (a deadlock). A transaction's later rows find the
stamp already theirs and write nothing. A TRUNCATE (the test suite's flush) stamps too.

The table has no model: Django's flush leaves it alone, so its row outlives a test's flush.
"""

from django.db import migrations

SQLITE_FORWARD = [
    "CREATE TABLE exemplars_record_stamp (id integer PRIMARY KEY CHECK (id = 1), stamp text NOT NULL)",
    "INSERT INTO exemplars_record_stamp (id, stamp) VALUES (1, lower(hex(randomblob(16))))",
    *(
        f"""
        CREATE TRIGGER exm_record_stamp_{event.lower()} AFTER {event} ON {table}
        BEGIN UPDATE exemplars_record_stamp SET stamp = lower(hex(randomblob(16))); END
        """
        for event, table in (
            ("INSERT", "exemplars_record"),
            ("UPDATE", "exemplars_record"),
            ("DELETE", "exemplars_record"),
        )
    ),
    """
    CREATE TRIGGER exm_record_stamp_subject AFTER UPDATE OF full_name ON exemplars_subject
    BEGIN UPDATE exemplars_record_stamp SET stamp = lower(hex(randomblob(16))); END
    """,
    """
    CREATE TRIGGER exm_record_stamp_org AFTER UPDATE OF path ON orgs_organisation
    BEGIN UPDATE exemplars_record_stamp SET stamp = lower(hex(randomblob(16))); END
    """,
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS exm_record_stamp_org",
    "DROP TRIGGER IF EXISTS exm_record_stamp_subject",
    "DROP TRIGGER IF EXISTS exm_record_stamp_delete",
    "DROP TRIGGER IF EXISTS exm_record_stamp_update",
    "DROP TRIGGER IF EXISTS exm_record_stamp_insert",
    "DROP TABLE IF EXISTS exemplars_record_stamp",
]

POSTGRESQL_FORWARD = [
    "CREATE TABLE exemplars_record_stamp (id integer PRIMARY KEY CHECK (id = 1), stamp text NOT NULL)",
    "INSERT INTO exemplars_record_stamp (id, stamp) VALUES (1, 'created-' || txid_current())",
    """
    CREATE FUNCTION exemplars_record_stamped() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE exemplars_record_stamp SET stamp = txid_current()::text
        WHERE stamp IS DISTINCT FROM txid_current()::text;
        RETURN NULL;
    END $$
    """,
    """
    CREATE CONSTRAINT TRIGGER exm_record_stamp AFTER INSERT OR UPDATE OR DELETE
    ON exemplars_record DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION exemplars_record_stamped()
    """,
    """
    CREATE CONSTRAINT TRIGGER exm_record_stamp_subject AFTER UPDATE OF full_name
    ON exemplars_subject DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION exemplars_record_stamped()
    """,
    """
    CREATE CONSTRAINT TRIGGER exm_record_stamp_org AFTER UPDATE OF path
    ON orgs_organisation DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION exemplars_record_stamped()
    """,
    """
    CREATE TRIGGER exm_record_stamp_truncate AFTER TRUNCATE ON exemplars_record
    FOR EACH STATEMENT EXECUTE FUNCTION exemplars_record_stamped()
    """,
]
POSTGRESQL_REVERSE = [
    "DROP TRIGGER IF EXISTS exm_record_stamp_org ON orgs_organisation",
    "DROP TRIGGER IF EXISTS exm_record_stamp_truncate ON exemplars_record",
    "DROP TRIGGER IF EXISTS exm_record_stamp_subject ON exemplars_subject",
    "DROP TRIGGER IF EXISTS exm_record_stamp ON exemplars_record",
    "DROP FUNCTION IF EXISTS exemplars_record_stamped()",
    "DROP TABLE IF EXISTS exemplars_record_stamp",
]


def _run(sqlite, postgresql):
    def run(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        for sql in {"sqlite": sqlite, "postgresql": postgresql}.get(vendor, []):
            schema_editor.execute(sql, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("exemplars", "0017_merge_filter_indexes_story_article"),
        ("orgs", "0002_membership_confirmation"),
    ]

    operations = [
        migrations.RunPython(
            _run(SQLITE_FORWARD, POSTGRESQL_FORWARD),
            _run(SQLITE_REVERSE, POSTGRESQL_REVERSE),
            elidable=False,
        ),
    ]

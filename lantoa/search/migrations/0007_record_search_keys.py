"""PostgreSQL: the probe of record search also gives each match's organisation path.

`search_record_ids(tsquery, k)` listed up to k matching ids; `search_record_keys(tsquery,
k)` lists the same rows with their `org_path`, read from the table page the id already
came from (no more buffers). A part of the record list inside one subtree (a province,
a commune) is then asked only for the matches under its path, looked up by id, instead
of every match of the country (decision 206; `lantoa.search.records`).

SQLite: nothing (its probe reads the full-text index alone).
"""

from django.db import migrations

from lantoa.search.schema import POSTGRESQL_FUNCTIONS

KEYS = "search_record_keys(tsquery,integer)"
OLD_IDS = """
CREATE OR REPLACE FUNCTION search_record_ids(q tsquery, k integer) RETURNS SETOF bigint
LANGUAGE sql STABLE PARALLEL SAFE
SET enable_seqscan = off SET enable_indexscan = off
AS $$ SELECT id FROM exemplars_record WHERE search_tsv @@ q LIMIT k $$
"""

POSTGRESQL_FORWARD = [
    POSTGRESQL_FUNCTIONS[KEYS],
    "DROP FUNCTION IF EXISTS search_record_ids(tsquery, integer)",
]
POSTGRESQL_REVERSE = [
    OLD_IDS,
    "DROP FUNCTION IF EXISTS search_record_keys(tsquery, integer)",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for sql in statements:
                schema_editor.execute(sql, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0006_record_search_words")]

    operations = [
        migrations.RunPython(_run(POSTGRESQL_FORWARD), _run(POSTGRESQL_REVERSE), elidable=False),
    ]

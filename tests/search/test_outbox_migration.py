"""search.0004: the story outbox's pending rows survive the move to the generic outbox, in
order and with the time they were enqueued, and come back on the way down."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("search", "0003_record_newest_index_covers_text")]
AFTER = [("search", "0004_generic_index_outbox")]
ENQUEUED = datetime.datetime(2026, 11, 30, 8, 0, tzinfo=datetime.UTC)


def _migrate(target: list[tuple[str, str]]):
    executor = MigrationExecutor(connection)
    executor.migrate(target)
    executor.loader.build_graph()
    return executor.loader.project_state(target).apps


def _migrate_to_latest() -> None:
    # Leave the database as every other test expects it: at the app's newest migration.
    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes("search"))


@pytest.mark.django_db(transaction=True)
def test_pending_story_rows_are_carried_over_and_back() -> None:
    try:
        old = _migrate(BEFORE)
        Story = old.get_model("search", "StoryIndexOutbox")
        for publication_id in (42, 7, 42):
            row = Story.objects.create(publication_id=publication_id)
            Story.objects.filter(pk=row.pk).update(created_at=ENQUEUED)

        new = _migrate(AFTER)
        Outbox = new.get_model("search", "IndexOutbox")
        rows = list(Outbox.objects.order_by("pk").values_list("index", "key", "created_at"))
        assert rows == [
            ("stories", 42, ENQUEUED),
            ("stories", 7, ENQUEUED),
            ("stories", 42, ENQUEUED),
        ]
        Outbox.objects.create(index="other", key=1)  # not a story: not carried back

        old = _migrate(BEFORE)
        Story = old.get_model("search", "StoryIndexOutbox")
        back = list(Story.objects.order_by("pk").values_list("publication_id", "created_at"))
        assert back == [(42, ENQUEUED), (7, ENQUEUED), (42, ENQUEUED)]
        Story.objects.all().delete()
    finally:
        _migrate_to_latest()

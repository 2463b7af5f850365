"""search.0005: the outbox becomes a log read through per-directory watermarks; rows pending
at the upgrade stay (a directory without a watermark rebuilds once), and the way down works."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("search", "0004_generic_index_outbox")]
AFTER = [("search", "0005_outbox_log_per_directory_watermarks")]


def _migrate(target: list[tuple[str, str]]):
    executor = MigrationExecutor(connection)
    executor.migrate(target)
    executor.loader.build_graph()
    return executor.loader.project_state(target).apps


def _migrate_to_latest() -> None:
    # Leave the database as every other test expects it: at the app's newest migration.
    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes("search"))


@pytest.mark.django_db(transaction=True)
def test_pending_rows_survive_and_the_log_starts_unpruned() -> None:
    try:
        old = _migrate(BEFORE)
        Outbox = old.get_model("search", "IndexOutbox")
        Outbox.objects.create(index="stories", key=42)
        Outbox.objects.create(index="stories", key=7)

        new = _migrate(AFTER)
        Outbox = new.get_model("search", "IndexOutbox")
        assert list(Outbox.objects.order_by("pk").values_list("index", "key")) == [
            ("stories", 42),
            ("stories", 7),
        ]
        Log = new.get_model("search", "OutboxLog")
        log = Log.objects.create(index="stories")
        assert log.pruned_through == 0 and log.epoch is not None

        old = _migrate(BEFORE)
        Outbox = old.get_model("search", "IndexOutbox")
        assert Outbox.objects.count() == 2
        Outbox.objects.all().delete()
    finally:
        _migrate_to_latest()

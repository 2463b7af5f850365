"""search.0007: PostgreSQL's probe function lists each match's path with its id
(`search_record_keys`) in place of the ids alone (`search_record_ids`); the way down
brings the old function back, and search works at both ends."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from lantoa.exemplars.models import Record
from lantoa.search.records import matching_record_ids_q
from tests.personas import World
from tests.search.test_records import DROWNING, make_record

BEFORE = [("search", "0006_record_search_words")]
AFTER = [("search", "0007_record_search_keys")]


def _migrate(target: list[tuple[str, str]]) -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(target)
    executor.loader.build_graph()


def _functions() -> set[str]:
    if connection.vendor != "postgresql":
        return set()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT proname FROM pg_proc WHERE proname IN "
            "('search_record_ids', 'search_record_keys')"
        )
        return {row[0] for row in cursor.fetchall()}


@pytest.mark.django_db(transaction=True)
def test_the_probe_function_is_replaced_and_restored(world: World) -> None:
    drowning = make_record(world, DROWNING)
    try:
        _migrate(BEFORE)
        if connection.vendor == "postgresql":
            assert _functions() == {"search_record_ids"}
        _migrate(AFTER)
        if connection.vendor == "postgresql":
            assert _functions() == {"search_record_keys"}
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT id, org_path FROM search_record_keys("
                    "plainto_tsquery('simple'::regconfig, 'cuu nguoi'), 10)"
                )
                assert cursor.fetchall() == [(drowning.pk, drowning.org_path)]
        found = Record.objects.filter(matching_record_ids_q("cuu nguoi"))
        assert list(found.values_list("pk", flat=True)) == [drowning.pk]
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes("search"))

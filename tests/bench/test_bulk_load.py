"""The bench's bulk load (`bench.bulk_load.FastLoad`) leaves the search's tables as the
triggers would have."""

from __future__ import annotations

import pytest
from django.db import connection

from bench.bulk_load import FastLoad
from tests.personas import World
from tests.search.test_records import make_record


def _words() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT word FROM search_record_word")
        return {row[0] for row in cursor.fetchall()}


def test_a_postgresql_load_lists_the_lexemes_its_skipped_triggers_did_not(world: World) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("SQLite's prefixes come from FTS5, rebuilt after the load")
    make_record(world, "Cứu người đuối nước")
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM search_record_word")  # as after a load as a replica
        # The test's transaction defers the new row's foreign-key checks: run them now,
        # as a committed load would have (no index is built over pending trigger events).
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    assert _words() == set()
    with FastLoad(["exemplars_record"]):
        pass
    assert {"cuu", "nguoi", "duoi", "nuoc"} <= _words()

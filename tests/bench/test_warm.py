"""The bench reads a database's files once before measuring (bench/warm.py): every byte of
a SQLite database, every block of a PostgreSQL database's relations."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.db import connection

from bench.warm import warm_os_cache
from tests.personas import World
from tests.search.test_records import DROWNING, make_record


@pytest.mark.django_db
def test_the_whole_database_is_read_once(world: World) -> None:
    make_record(world, DROWNING)
    read, seconds = warm_os_cache(connection)
    assert seconds >= 0
    if connection.vendor == "sqlite":
        name = Path(str(connection.settings_dict["NAME"]))
        files = [name, name.with_name(name.name + "-wal")]
        assert read == sum(path.stat().st_size for path in files if path.exists())
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT sum(pg_relation_size(oid)) FROM pg_class "
            "WHERE relkind IN ('r', 'i', 't', 'm') AND relpersistence = 'p'"
        )
        (expected,) = cursor.fetchone()
        cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_prewarm'")
        assert cursor.fetchone() == (1,)
    assert read == expected > 0

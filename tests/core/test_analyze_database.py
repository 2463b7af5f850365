"""`manage.py analyze_database` gives the planner statistics for the registry's tables."""

from __future__ import annotations

import io

from django.core.management import call_command
from django.db import connection
from django.utils import translation

from tests.exemplars.helpers import report
from tests.personas import World


def _has_statistics(table: str) -> bool:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'")
            if cursor.fetchone() is None:
                return False
            cursor.execute("SELECT 1 FROM sqlite_stat1 WHERE tbl = %s", [table])
        else:
            cursor.execute("SELECT 1 FROM pg_stats WHERE tablename = %s LIMIT 1", [table])
        return cursor.fetchone() is not None


def test_the_command_writes_statistics_for_the_records(world: World) -> None:
    report(world)
    out = io.StringIO()
    with translation.override("en"):
        call_command("analyze_database", stdout=out)
    assert "Statistics refreshed in" in out.getvalue()
    assert _has_statistics("exemplars_record")


def test_the_nightly_task_writes_the_same_statistics(world: World) -> None:
    from lantoa.core.tasks import analyze_database

    report(world)
    result = analyze_database.enqueue()
    assert result.status == "SUCCESSFUL"
    assert isinstance(result.return_value, float)
    assert _has_statistics("exemplars_record")

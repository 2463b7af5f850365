"""Database upkeep: refresh the query planner's statistics.

SQLite keeps none until ANALYZE runs: without them it takes any index for a selective one,
and at a million records a staff search chose a union of two indexes and a sort (3 s)
instead of walking the newest records (5 ms) — docs/performance.md. PostgreSQL's
autovacuum analyses by itself; running it there too is harmless.
"""

from __future__ import annotations

import time

from django.db import connection


def analyze_database() -> float:
    """Run ANALYZE on the default database; returns the seconds it took."""
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return time.perf_counter() - started

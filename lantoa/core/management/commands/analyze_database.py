"""Refresh the query planner's statistics.

SQLite keeps none until ANALYZE runs: without them it takes any index for a selective one,
and at a million records a staff search chose a union of two indexes and a sort (3 s)
instead of walking the newest records (5 ms) — docs/performance.md. PostgreSQL's
autovacuum analyses by itself; running it there too is harmless. Run daily (cron) and
after loading much data.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand
from django.db import connection
from django.utils.translation import gettext as _


class Command(BaseCommand):
    help = "Refresh the database's query planner statistics (daily, and after bulk loads)."

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        if options["verbosity"]:
            self.stdout.write(
                _("Statistics refreshed in %(seconds).1f s.")
                % {"seconds": time.perf_counter() - started}
            )

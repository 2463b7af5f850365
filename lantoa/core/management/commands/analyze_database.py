"""Refresh the query planner's statistics (`lantoa.core.maintenance`).

Run nightly by the scheduler (or cron, docs/operations.md) and by hand after loading much
data.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from lantoa.core.maintenance import analyze_database


class Command(BaseCommand):
    help = "Refresh the database's query planner statistics (daily, and after bulk loads)."

    def handle(self, *args: Any, **options: Any) -> None:
        seconds = analyze_database()
        if options["verbosity"]:
            self.stdout.write(_("Statistics refreshed in %(seconds).1f s.") % {"seconds": seconds})

"""`manage.py run_scheduler`: enqueue the periodic jobs (settings.PERIODIC_JOBS) when due.

Runs beside `manage.py db_worker` (the Procfile, `make run`; a systemd unit in
production). `--once` checks once and exits (for a cron line or a test).
"""

from __future__ import annotations

import contextlib
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections
from django.utils.translation import gettext as _

from lantoa.jobs.scheduler import Scheduler


class Command(BaseCommand):
    help = "Enqueue the periodic jobs (overdue digest, database statistics) when they are due."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--interval", type=float, default=30.0, help="Seconds between checks.")
        parser.add_argument("--once", action="store_true", help="Check once, then exit.")

    def handle(self, *args: Any, **options: Any) -> None:
        scheduler = Scheduler(interval=options["interval"], sleep=self._sleep)
        if options["once"]:
            names = scheduler.tick()
            self.stdout.write(
                _("Periodic jobs enqueued: %(names)s") % {"names": ", ".join(names) or "-"}
            )
            return
        self.stdout.write(
            _("Scheduler started: %(count)d periodic jobs.") % {"count": len(scheduler.jobs)}
        )
        with contextlib.suppress(KeyboardInterrupt):
            scheduler.run()

    @staticmethod
    def _sleep(seconds: float) -> None:
        # Between ticks, give the connection back (a server restart must not break us).
        close_old_connections()
        time.sleep(seconds)

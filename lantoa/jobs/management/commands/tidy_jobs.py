"""Fail the jobs whose worker stopped and delete old task results (`lantoa.jobs.tasks.tidy_jobs`).

Run nightly by the scheduler (docs/operations.md); safe to run by hand at any time.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from lantoa.jobs.tasks import tidy_jobs


class Command(BaseCommand):
    help = "Fail jobs silent past JOBS_STALLED_AFTER_MINUTES; delete old task results (nightly)."

    def handle(self, *args: Any, **options: Any) -> None:
        count = tidy_jobs.call()
        if options["verbosity"]:
            self.stdout.write(f"Stalled jobs failed: {count}")

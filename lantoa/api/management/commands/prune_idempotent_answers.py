"""Delete the API's idempotent answers older than IDEMPOTENCY_KEEP_HOURS
(`lantoa.api.tasks.prune_idempotent_answers`).

Run nightly by the scheduler (docs/operations.md); safe to run by hand at any time.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from lantoa.api.tasks import prune_idempotent_answers


class Command(BaseCommand):
    help = "Delete Idempotency-Key answers older than IDEMPOTENCY_KEEP_HOURS (nightly)."

    def handle(self, *args: Any, **options: Any) -> None:
        count = prune_idempotent_answers.call()
        if options["verbosity"]:
            self.stdout.write(f"Idempotent answers deleted: {count}")

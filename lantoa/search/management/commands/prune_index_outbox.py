"""Delete search-index outbox rows older than SEARCH_OUTBOX_RETENTION_DAYS
(`lantoa.search.outbox.prune`).

Run nightly by the scheduler (or cron, docs/operations.md). An index directory that had not
applied the pruned rows rebuilds itself from the database at its next apply or search.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from lantoa.search.outbox import prune


class Command(BaseCommand):
    help = "Delete search index outbox rows older than the retention (nightly)."

    def handle(self, *args: Any, **options: Any) -> None:
        count = sum(prune().values())
        if options["verbosity"]:
            self.stdout.write(_("Search index outbox rows deleted: %(count)d") % {"count": count})

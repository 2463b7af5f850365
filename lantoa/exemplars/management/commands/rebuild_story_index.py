"""Rebuild the public story search index from the live publications in the database."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from lantoa.exemplars.stories.index import REBUILD_WAIT, STORY_INDEX, rebuild_story_index
from lantoa.search.engine import IndexBusy


class Command(BaseCommand):
    help = (
        "Rebuild this server's public story search index from the database "
        "(run at deployment, after a restore, or when the index is lost)."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--wait",
            type=float,
            default=REBUILD_WAIT,
            help="Seconds to wait for another writer of the index (default: %(default)s).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        try:
            count = rebuild_story_index(wait=options["wait"])
        except IndexBusy as error:
            raise CommandError(_("The search index is busy; try again later.")) from error
        self.stdout.write(
            _("Indexed %(count)d stories in %(seconds).1f s into %(path)s.")
            % {
                "count": count,
                "seconds": time.perf_counter() - started,
                "path": STORY_INDEX.path() or _("memory"),
            }
        )

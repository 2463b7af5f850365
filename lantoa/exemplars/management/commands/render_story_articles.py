"""Render the stored articles of the live stories that lack a current one."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from lantoa.exemplars.stories.article import stale_story_ids, store_articles

BATCH = 500


class Command(BaseCommand):
    help = (
        "Render the stored article of every live story whose article is missing or stale "
        "(run at deployment after the templates or translations change; until then those "
        "story pages are rendered on the fly)."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--all", action="store_true", help="Render every live story's article again."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        ids = stale_story_ids(every=options["all"])
        stored = 0
        for start in range(0, len(ids), BATCH):
            stored += store_articles(ids[start : start + BATCH])
        if options["verbosity"]:
            self.stdout.write(
                f"{stored} story articles rendered in {time.perf_counter() - started:.1f} s."
            )

"""Background tasks of the search app: thin wrappers over `lantoa.search.outbox`.

`apply_index_outbox` runs in the task worker and applies an index's outbox into the
*worker's own* index directory; web servers keep applying into theirs after each commit and
before a search. Each directory has its own watermark, so the worker's run never marks a
web server's index as up to date (docs/search.md).
"""

from __future__ import annotations

import logging

from django_tasks import task

from lantoa.search import outbox
from lantoa.search.engine import IndexBusy

logger = logging.getLogger(__name__)

# The worker can afford to wait for a web process's writer on the same directory.
WORKER_WAIT = 10.0


@task()
def apply_index_outbox(index: str) -> int:
    """Bring this worker's directory of `index` in step; how many rows it applied."""
    try:
        return outbox.apply_registered(index, wait=WORKER_WAIT)
    except IndexBusy:
        # Another process of this server is writing the same directory: it applies these
        # rows too (the watermark is per directory), so there is nothing to retry.
        logger.info("The %s index is busy; its writer applies the outbox.", index)
        return 0


@task()
def prune_index_outbox() -> int:
    """Nightly (settings.PERIODIC_JOBS): delete outbox rows past the retention; how many."""
    return sum(outbox.prune().values())

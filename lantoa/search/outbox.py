"""A generic outbox that keeps derived search indexes in step with the database.

    outbox.register("stories", apply_story_outbox)   # once, by the domain that owns the index
    outbox.enqueue("stories", publication.pk)         # in the transaction that changes it

- `enqueue(index, *keys)` writes one `IndexOutbox` row per key in the caller's transaction,
  and after the commit calls the index's registered applier;
- the applier (the domain's; it knows what a document is) opens its index writer and calls
  `drain(index, apply_batch)`, which claims the pending rows oldest first (SKIP LOCKED on
  PostgreSQL), hands their keys to `apply_batch` inside the claiming transaction, and
  deletes them once the batch is applied. A failure leaves the rows for the next apply.

The search app registers nothing itself: a domain registers its index (in its
`AppConfig.ready()`), so that `lantoa.search` never imports the domains it serves.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from functools import partial
from typing import Protocol

from django.db import transaction

from lantoa.search.engine import IndexBusy
from lantoa.search.models import IndexOutbox

logger = logging.getLogger(__name__)

APPLY_BATCH = 500
# How long the commit hook waits for another writer of the index (a search waits not at all).
ON_COMMIT_WAIT = 1.0


class Applier(Protocol):
    def __call__(self, *, wait: float) -> int:
        """Bring the index in step with its pending rows (through `drain`); how many."""
        ...


_appliers: dict[str, Applier] = {}
# index → when applying last failed in this process (searches then leave the outbox alone
# for a while: their page stays correct, and a broken disk is not hit on every request).
_last_failure: dict[str, float] = {}


def register(index: str, applier: Applier) -> None:
    """Declare how `index` applies its outbox; registering again replaces the applier."""
    _appliers[index] = applier


def enqueue(index: str, *keys: int | None) -> None:
    """Mark objects of `index` for re-indexing, in the caller's transaction; applied after
    commit by the index's applier."""
    unique = list(dict.fromkeys(int(key) for key in keys if key is not None))
    if not unique:
        return
    IndexOutbox.objects.bulk_create([IndexOutbox(index=index, key=key) for key in unique])
    transaction.on_commit(partial(_apply_after_commit, index))


def _apply_after_commit(index: str) -> None:
    applier = _appliers.get(index)
    if applier is None:
        logger.warning("No applier registered for the %s index; its outbox keeps its rows.", index)
        return
    try:
        applier(wait=ON_COMMIT_WAIT)
    except IndexBusy:
        logger.info("The %s index is busy; the outbox keeps its rows for the next apply.", index)
    except Exception:
        note_failure(index)
        logger.exception("Applying the %s index outbox failed; its rows are kept.", index)


def note_failure(index: str) -> None:
    _last_failure[index] = time.monotonic()


def failed_within(index: str, seconds: float) -> bool:
    """Whether applying `index` failed in this process less than `seconds` ago."""
    return time.monotonic() - _last_failure.get(index, float("-inf")) < seconds


def pending(index: str) -> bool:
    """One indexed query: is anything of `index` waiting to be applied?"""
    rows = IndexOutbox.objects.filter(index=index).order_by("pk").values_list("pk", flat=True)
    return rows.first() is not None


def drain(
    index: str, apply_batch: Callable[[list[int]], None], *, batch_size: int = APPLY_BATCH
) -> int:
    """Apply the pending rows of `index` in batches; returns how many rows were applied.

    `apply_batch(keys)` gets each batch's distinct keys, sorted, inside the transaction
    that claimed them, and must have committed the index when it returns: the rows are
    deleted right after. Safe from several threads, processes or (on PostgreSQL) servers
    sharing one index: rows are claimed with SKIP LOCKED (SQLite's IMMEDIATE transactions
    serialise anyway), and the caller holds the index's exclusive writer.
    """
    applied = 0
    while True:
        with transaction.atomic():
            rows = list(
                IndexOutbox.objects.select_for_update(skip_locked=True)
                .filter(index=index)
                .order_by("pk")
                .values_list("pk", "key")[:batch_size]
            )
            if not rows:
                break
            apply_batch(sorted({key for _, key in rows}))
            IndexOutbox.objects.filter(pk__in=[pk for pk, _ in rows]).delete()
        applied += len(rows)
        if len(rows) < batch_size:
            break
    return applied

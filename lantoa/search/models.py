"""Models of the search app."""

from __future__ import annotations

import uuid

from django.db import models


class IndexOutbox(models.Model):
    """An object whose document in a search index must be brought in step with the database.

    Written in the transaction that changes the object (`lantoa.search.outbox.enqueue`) and
    kept as a log: every index directory (one per server) applies the rows past its own
    watermark (`lantoa.search.outbox.drain`), so applying deletes nothing; the periodic
    `prune` removes rows older than the retention. Holds only the index's name and the
    object's key: the applier re-reads the object, so the database stays the truth. No
    foreign key, so that a row survives the object it names (and applying it deletes the
    document).
    """

    index = models.CharField(max_length=40)
    key = models.BigIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        indexes = [
            # "Anything past this watermark?" and the applier's oldest-first read.
            models.Index(fields=["index", "id"], name="search_outbox_pending"),
            # Rows that may have committed late (the look-behind) and pruning by age.
            models.Index(fields=["index", "created_at"], name="search_outbox_recent"),
        ]

    def __str__(self) -> str:
        return f"{self.index} {self.key}"


class OutboxLog(models.Model):
    """What the database says about one index's outbox log, for every directory to check.

    `epoch` names this database's log: a directory whose watermark carries another epoch
    (a new or re-created database) cannot trust its ids and rebuilds. `pruned_through` is
    the highest id pruning ever deleted: a directory whose watermark is below it has missed
    rows it can no longer read, and rebuilds instead of silently skipping them.
    """

    index = models.CharField(max_length=40, unique=True)
    epoch = models.UUIDField(default=uuid.uuid4, editable=False)
    pruned_through = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.index} (pruned through {self.pruned_through})"

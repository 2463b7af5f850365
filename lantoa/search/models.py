"""Models of the search app."""

from __future__ import annotations

from django.db import models


class IndexOutbox(models.Model):
    """An object whose document in a search index must be brought in step with the database.

    Written in the transaction that changes the object (`lantoa.search.outbox.enqueue`),
    applied and deleted by the index's registered applier (`lantoa.search.outbox.drain`).
    Holds only the index's name and the object's key: the applier re-reads the object, so
    the database stays the truth. No foreign key, so that a row survives the object it
    names (and applying it deletes the document).
    """

    index = models.CharField(max_length=40)
    key = models.BigIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        indexes = [
            # "Anything pending for this index?" and the applier's oldest-first claim.
            models.Index(fields=["index", "id"], name="search_outbox_pending"),
        ]

    def __str__(self) -> str:
        return f"{self.index} {self.key}"

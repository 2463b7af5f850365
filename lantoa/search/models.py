"""Models of the search app."""

from __future__ import annotations

from django.db import models


class StoryIndexOutbox(models.Model):
    """A publication whose public search document must be brought in step with the database.

    Written in the transaction that changes the publication (`lantoa.search.public.enqueue`),
    applied and deleted by `lantoa.search.public.apply_outbox`. Holds only an id: the
    applier re-reads the publication, so the database stays the truth. No foreign key, so
    that a row survives the publication it names (and applying it deletes the document).
    """

    publication_id = models.BigIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"story {self.publication_id}"

"""What the public may see: the root of every public read of a story."""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import Exists, OuterRef, QuerySet

from lantoa.exemplars.models import Publication


def live_publications() -> QuerySet[Publication]:
    """Every public surface reads through this: live story, live share."""
    return Publication.objects.filter(unpublished_at__isnull=True, share__revoked_at__isnull=True)


def live_among(ids: Sequence[int]) -> QuerySet[Publication]:
    """The publications among `ids` that `live_publications()` holds, looked up by key.

    Not simply `live_publications().filter(pk__in=ids)`: without statistics, SQLite reads
    that through the (unpublished_at, published_at) index, every live row (40 ms at 100k).
    """
    live = live_publications().filter(pk=OuterRef("pk"))
    return Publication.objects.filter(pk__in=list(ids)).filter(Exists(live)).order_by()

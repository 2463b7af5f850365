"""Page-number pagination: `{"items", "count", "page", "pages"}`."""

from __future__ import annotations

from typing import Any, TypeVar

from django.db.models import Model, QuerySet

M = TypeVar("M", bound=Model)

PAGE_SIZE = 50


def paginate(qs: QuerySet[M], *, page: int, size: int = PAGE_SIZE) -> dict[str, Any]:
    """One COUNT and one page of rows. A page past the end is empty, not an error."""
    count = qs.count()
    pages = max(1, -(-count // size))
    start = (page - 1) * size
    items = list(qs[start : start + size]) if start < count else []
    return {"items": items, "count": count, "page": page, "pages": pages}

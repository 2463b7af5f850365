"""A paginator that stops counting at a cap.

Counting every match of a common word among a million records costs more than the page
itself (311 ms on SQLite, over a second on PostgreSQL, docs/performance.md); nobody pages
through a thousand rows, they narrow the filter. So lists count at most `cap` rows, with
one `SELECT COUNT(*) FROM (… LIMIT cap + 1)`, and say "more than 1,000" beyond.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django.core.paginator import Paginator

COUNT_CAP = 1000


class CappedPaginator(Paginator[Any]):
    def __init__(
        self, object_list: Any, per_page: int, cap: int | None = None, **kwargs: Any
    ) -> None:
        super().__init__(object_list, per_page, **kwargs)
        self.cap = COUNT_CAP if cap is None else cap

    @cached_property
    def _capped_count(self) -> int:
        rows: Any = self.object_list
        if isinstance(rows, list | tuple):
            return len(rows)
        # A queryset, or a list that pages like one (`exemplars.selectors.RecordRows`).
        # Which rows make up the first cap + 1 does not change how many: no ORDER BY.
        return int(rows.order_by()[: self.cap + 1].count())

    @cached_property
    def count(self) -> int:
        """Rows that can be paged through: at most `cap`."""
        return min(self._capped_count, self.cap)

    @property
    def more(self) -> bool:
        """True when there are more rows than `cap` (the count is then "more than cap")."""
        return self._capped_count > self.cap

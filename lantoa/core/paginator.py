"""A paginator that stops counting at a cap.

Counting every match of a common word among a million records costs more than the page
itself (311 ms on SQLite, over a second on PostgreSQL, docs/performance.md); nobody pages
through a thousand rows, they narrow the filter. So lists count at most `cap` rows, with
one `SELECT COUNT(*) FROM (… LIMIT cap + 1)`, and say "more than 1,000" beyond.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Hashable
from functools import cached_property
from typing import Any, Protocol

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet

COUNT_CAP = 1000
# A search counts no further than the page it shows (and one more row, to know whether a
# next page exists): a match is tested as each row is read, so a count stops only at its
# cap, and people refine a search rather than page through it (counting 1,001 matches of
# "cứu người" took 88 ms at a million records on PostgreSQL, 51 took 4 ms: docs/search.md).
SEARCH_COUNT_CAP = 50


def search_count_cap(page: object, per_page: int) -> int:
    """The cap of a searched list's count on page `page` (as typed in the address): its
    rows up to that page, and one more."""
    try:
        number = max(1, int(str(page)))
    except ValueError:
        number = 1
    return min(number, COUNT_CAP // per_page) * per_page + 1


class Memo(Protocol):
    """Where a page may be kept (`exemplars.list_memo.ListMemo`)."""

    def get(self, what: Hashable, compute: Callable[[], Any]) -> Any: ...


class CappedPaginator(Paginator[Any]):
    def __init__(
        self,
        object_list: Any,
        per_page: int,
        cap: int | None = None,
        *,
        memo: Memo | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(object_list, per_page, **kwargs)
        self.cap = COUNT_CAP if cap is None else cap
        # With a memo, a page's rows and the capped count are kept there (copies handed out).
        self.memo = memo

    # A queryset's first page is read before anything is counted: shorter than a page, it
    # is the whole list and no COUNT is asked (an officer's inbox mostly fits on a page).
    reads_first_page = True

    def get_page(self, number: Any) -> Page[Any]:
        if self.memo is None:
            return self._read_page(number)

        def read() -> tuple[int, list[Any], int]:
            page = self._read_page(number)
            return page.number, list(page.object_list), self._capped_count

        what = ("page", self.per_page, self.cap, str(number))
        shown, rows, counted = self.memo.get(what, read)
        self.__dict__["_capped_count"] = counted  # the cached property's own slot
        return Page([copy.copy(row) for row in rows], shown, self)

    def _read_page(self, number: Any) -> Page[Any]:
        if not (
            self.reads_first_page and isinstance(self.object_list, QuerySet) and _first(number)
        ):
            return super().get_page(number)
        rows = list(self.object_list[: self.per_page])
        if len(rows) < self.per_page:
            self.__dict__["_capped_count"] = len(rows)  # the cached property's own slot
        return Page(rows, 1, self)

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


def _first(number: Any) -> bool:
    """Whether `get_page(number)` shows the first page: "1", or no number at all (Django's
    `get_page` shows the first page for what is not an integer)."""
    try:
        return int(str(number)) == 1
    except ValueError:
        return True


class KeysFirstPaginator(CappedPaginator):
    """Pages a queryset in two reads: the page's primary keys (the ORDER BY and the LIMIT
    over a narrow index), then the rows of those keys with their joins — a deferred join.
    Like the record lists, it counts no further than `cap` ("more than 1,000").

    Sorting 55,816 whole audit events of a province with two joins to keep 50 took 90 ms on
    SQLite at a million records; sorting their keys in the index, a few ms; counting them
    all, 13 ms more, which grows with the log (decision 116)."""

    reads_first_page = False  # its pages are read keys first

    def _get_page(self, *args: Any, **kwargs: Any) -> Any:
        object_list, number, paginator = args
        ids = list(object_list.values_list("pk", flat=True))
        rows: Any = self.object_list
        found = {row.pk: row for row in rows.filter(pk__in=ids).order_by()}
        return Page([found[pk] for pk in ids if pk in found], number, paginator)

"""A record list's pages and counts kept in this process's memory until a record is
written (decision 159).

Every write of a record, and of a subject's name, replaces the records' write stamp
(migration `exemplars/0018_record_stamp`: triggers, whatever wrote the row). A list read
without a search, for the same visible parts and filters, is the same while the stamp is:
officers of one province open the same first page all day. So a page's values and its
capped count are kept under the stamp read *before* them; a request asks the database for
the stamp (one primary-key row) instead of the page's keys, its rows and its count.
On PostgreSQL the stamp is replaced at the write's commit, so a transaction that has
written reads nothing kept (`STAMP_SQL`).

A stamp never repeats, so a page kept under an older stamp is never served again; a read
that overlaps a write's commit keeps at worst newer rows under the older stamp, which no
later request asks for. Values are handed out as copies of what is kept: callers may
change them.
"""

from __future__ import annotations

import copy
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar, cast

from django.db import connections

T = TypeVar("T")

# Most pages and counts kept per process (least recently used go first): a page of 50
# rows is ~20 KB, so ~40 MB at most.
MAX_KEPT = 2_000

_lock = threading.Lock()
_kept: OrderedDict[Hashable, Any] = OrderedDict()


STAMP_SQL = {
    # PostgreSQL stamps a write at its commit: a transaction that has written anything
    # (it has an id) reads its own writes under the stamp from before them, so it keeps
    # and reuses nothing.
    "postgresql": (
        "SELECT CASE WHEN txid_current_if_assigned() IS NULL THEN stamp END"
        " FROM exemplars_record_stamp WHERE id = 1"
    ),
    # SQLite stamps in the writing statement: its transaction reads the new stamp.
    "sqlite": "SELECT stamp FROM exemplars_record_stamp WHERE id = 1",
}


def stamp(using: str) -> str | None:
    """The records' write stamp on database `using`; None when nothing may be kept: this
    transaction wrote (PostgreSQL), or another engine."""
    connection = connections[using]
    sql = STAMP_SQL.get(connection.vendor)
    if sql is None:
        return None
    with connection.cursor() as cursor:
        cursor.execute(sql)
        row = cursor.fetchone()
    return str(row[0]) if row and row[0] is not None else None


def forget() -> None:
    """Forget every page kept (tests)."""
    with _lock:
        _kept.clear()


class ListMemo:
    """The pages of one list (its visible parts and filters, `signature`), kept under the
    stamp this request reads once, at its first question."""

    def __init__(self, signature: Hashable, using: str = "default") -> None:
        self.signature = signature
        self.using = using
        self._stamp: str | None = None
        self._read = False

    def current(self) -> str | None:
        if not self._read:
            self._stamp, self._read = stamp(self.using), True
        return self._stamp

    def get(self, what: Hashable, compute: Callable[[], T]) -> T:
        """`compute()`'s value for `what` (a count, a page), kept under the stamp."""
        current = self.current()
        if current is None:
            return compute()
        settings_name = connections[self.using].settings_dict["NAME"]
        key = (settings_name, current, self.signature, what)
        with _lock:
            found = _kept.get(key, _kept)
            if found is not _kept:
                _kept.move_to_end(key)
        if found is _kept:
            found = compute()
            with _lock:
                _kept[key] = found
                while len(_kept) > MAX_KEPT:
                    _kept.popitem(last=False)
        if isinstance(found, list):
            return cast(T, [copy.copy(value) for value in found])
        return cast(T, found)

"""A generic outbox that keeps derived search indexes in step with the database.

    outbox.register("stories", apply_story_outbox)   # once, by the domain that owns the index
    outbox.enqueue("stories", publication.pk)         # in the transaction that changes it

Every server keeps its own index directory, so the outbox is a **log** that each directory
reads through its own watermark, not a queue that the first reader empties:

- `enqueue(index, *keys)` writes one `IndexOutbox` row per key in the caller's transaction,
  and after the commit calls the index's registered applier;
- the applier (the domain's; it knows what a document is) opens its index writer and calls
  `drain(index, apply_batch, into=its_index)`, which hands the keys of the rows past the
  directory's watermark to `apply_batch` in batches, oldest first, and advances the
  watermark (a JSON file next to the index files) after each batch. The index's exclusive
  writer serialises the appliers of one directory; other directories have watermarks of
  their own, so a task worker applying into its directory leaves every web server's rows
  pending for them. A failure leaves the watermark, and the next apply retries.
- ids may commit out of order (on PostgreSQL a transaction that took id 7 can commit after
  the one that took id 8 was applied), so a watermark also remembers the ids it applied in
  the last `LATE_COMMIT_WINDOW`, and rows created within that window that it has not seen
  count as pending too;
- after each enqueue's commit the index's stamp in the shared cache is replaced, so that a
  process that found nothing pending may answer so again without a query while Redis
  reports no write of it (`pending_unless_quiet`, decision 194);
- `prune()` (a periodic task) deletes rows older than `SEARCH_OUTBOX_RETENTION_DAYS` and
  records the highest id it deleted in `OutboxLog`: a directory whose watermark is below it,
  or that belongs to another database (its epoch), cannot be brought in step by the log and
  must be rebuilt (`needs_rebuild`; `drain` raises `IndexBehind`), never skip changes.

The search app registers nothing itself: a domain registers its index (in its
`AppConfig.ready()`), so that `lantoa.search` never imports the domains it serves.
"""

from __future__ import annotations

import datetime
import logging
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial
from typing import Any, Protocol

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Max, Q, QuerySet
from django.utils import timezone

from lantoa.core.key_watch import WatchedValue
from lantoa.search.engine import IndexBusy
from lantoa.search.models import IndexOutbox, OutboxLog

logger = logging.getLogger(__name__)

APPLY_BATCH = 500
# How long the commit hook waits for another writer of the index (a search waits not at all).
ON_COMMIT_WAIT = 1.0
# Longer than any transaction that enqueues (plus the clock skew between servers): a row
# that commits after a higher id was applied is still picked up within this window.
LATE_COMMIT_WINDOW = datetime.timedelta(minutes=5)
WATERMARK_STATE = "outbox"
# The most ids a watermark remembers for the look-behind: it stays a small file and a short
# NOT IN list. Past that (a burst of thousands of changes within the window), the oldest
# fold into `Watermark.floor`, below which a late commit is no longer looked for.
MAX_REMEMBERED = 1000


class Applier(Protocol):
    def __call__(self, *, wait: float) -> int:
        """Bring the index in step with its pending rows (through `drain`); how many."""
        ...


class IndexState(Protocol):
    """Where an index directory keeps small state next to its files (`TantivyIndex`)."""

    def read_state(self, name: str) -> dict[str, Any] | None: ...

    def write_state(self, name: str, data: dict[str, Any]) -> None: ...


class IndexBehind(Exception):
    """The directory cannot be brought in step through the log: rebuild it from the database
    (never built here, built from another database, or rows it missed were pruned)."""


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
    try:
        _new_stamp(index)  # the other processes' searches look again (decision 194)
    except Exception:
        # Their trust in the old stamp ends within `key_watch.TRUST_SECONDS` anyway.
        logger.exception("Replacing the %s outbox's stamp failed.", index)
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


def apply_registered(index: str, *, wait: float) -> int:
    """Run `index`'s registered applier on this process's directory (the worker's task);
    raises LookupError if no app registered one, IndexBusy if the writer stays taken."""
    applier = _appliers.get(index)
    if applier is None:
        raise LookupError(f"No applier registered for the {index} index.")
    return applier(wait=wait)


def note_failure(index: str) -> None:
    _last_failure[index] = time.monotonic()


def failed_within(index: str, seconds: float) -> bool:
    """Whether applying `index` failed in this process less than `seconds` ago."""
    return time.monotonic() - _last_failure.get(index, float("-inf")) < seconds


# --- the watermark of one directory ------------------------------------------------------------


@dataclass(frozen=True)
class Watermark:
    """What one index directory has applied: every row up to `last_id` (of the database's
    log `epoch`), and which ids among those created lately it has seen (id → creation time,
    a POSIX timestamp), to catch the rows that commit late (those above `floor`)."""

    epoch: str
    last_id: int
    recent: dict[int, float]
    floor: int = 0

    def as_state(self) -> dict[str, Any]:
        return {
            "epoch": self.epoch,
            "last_id": self.last_id,
            "floor": self.floor,
            "recent": [[pk, stamp] for pk, stamp in sorted(self.recent.items())],
        }

    @classmethod
    def from_state(cls, data: dict[str, Any] | None) -> Watermark | None:
        if data is None:
            return None
        try:
            recent = {int(pk): float(stamp) for pk, stamp in data.get("recent", [])}
            return cls(
                epoch=str(data["epoch"]),
                last_id=int(data["last_id"]),
                recent=recent,
                floor=int(data.get("floor", 0)),
            )
        except (KeyError, TypeError, ValueError):
            return None  # unreadable: as good as missing, the directory rebuilds

    def advanced(
        self, rows: Iterable[tuple[int, datetime.datetime]], *, since: datetime.datetime
    ) -> Watermark:
        """The watermark after applying `rows` (id, created_at); forgets what is older than
        `since`, which no late commit can reach any more."""
        forget_before = since.timestamp()
        recent = {pk: stamp for pk, stamp in self.recent.items() if stamp >= forget_before}
        last_id, lowest = self.last_id, self.floor
        for pk, created_at in rows:
            last_id = max(last_id, pk)
            if created_at.timestamp() >= forget_before:
                recent[pk] = created_at.timestamp()
        if len(recent) > MAX_REMEMBERED:
            dropped = sorted(recent)[: len(recent) - MAX_REMEMBERED]
            lowest = max(lowest, dropped[-1])
            recent = {pk: stamp for pk, stamp in recent.items() if pk > lowest}
        return Watermark(epoch=self.epoch, last_id=last_id, recent=recent, floor=lowest)


def watermark(into: IndexState) -> Watermark | None:
    """The directory's watermark, if it has a readable one."""
    return Watermark.from_state(into.read_state(WATERMARK_STATE))


def _save(mark: Watermark, into: IndexState) -> None:
    into.write_state(WATERMARK_STATE, mark.as_state())


def _log(index: str) -> OutboxLog:
    log, _created = OutboxLog.objects.get_or_create(index=index)
    return log


def _late_since() -> datetime.datetime:
    return timezone.now() - LATE_COMMIT_WINDOW


def _unapplied(index: str, mark: Watermark, since: datetime.datetime) -> QuerySet[IndexOutbox]:
    late = (
        Q(created_at__gte=since)
        & Q(pk__gt=mark.floor, pk__lte=mark.last_id)
        & ~Q(pk__in=list(mark.recent))
    )
    return IndexOutbox.objects.filter(index=index).filter(Q(pk__gt=mark.last_id) | late)


def _behind(mark: Watermark | None, log: OutboxLog) -> bool:
    return mark is None or mark.epoch != str(log.epoch) or mark.last_id < log.pruned_through


def needs_rebuild(index: str, *, into: IndexState) -> bool:
    """Whether the directory must be rebuilt from the database rather than caught up from
    the log: no watermark, another database's, or one below what pruning deleted."""
    return _behind(watermark(into), _log(index))


def pending(index: str, *, into: IndexState) -> bool:
    """Is anything of `index` waiting to be applied into this directory (or must it be
    rebuilt)? Two indexed queries."""
    mark = watermark(into)
    if _behind(mark, _log(index)):
        return True
    assert mark is not None
    return _unapplied(index, mark, _late_since()).exists()


# --- knowing nothing is pending without asking (decision 194) -----------------------------
#
# Every enqueue replaces the index's stamp in the shared cache once its rows are committed. A
# process that found nothing pending for a directory under a stamp answers so again from its
# memory while Redis reports no write of the stamp (`core.key_watch`, at most `TRUST_SECONDS`
# a reading), instead of two queries before every search. Without the project's Redis cache
# (tests, a single process) every check asks the database, as before.

STAMP_KEY = "search:outbox:stamp:"
_stamps: dict[str, WatchedValue] = {}
# (index, directory) → the stamp under which the directory was found with nothing pending
_quiet: dict[tuple[str, str], str] = {}


def _stamp(index: str) -> WatchedValue:
    stamp = _stamps.get(index)
    if stamp is None:
        stamp = _stamps[index] = WatchedValue(STAMP_KEY + index)
    return stamp


def _new_stamp(index: str) -> None:
    cache.set(STAMP_KEY + index, uuid.uuid4().hex, timeout=None)


def _read_stamp(index: str) -> str | None:
    value = cache.get(STAMP_KEY + index)
    if value is None:
        cache.add(STAMP_KEY + index, uuid.uuid4().hex, timeout=None)
        value = cache.get(STAMP_KEY + index)
    return value if isinstance(value, str) else None


def pending_unless_quiet(index: str, *, into: IndexState, directory: str) -> bool:
    """`pending`, answered False without a query while nothing was enqueued since this
    process last found nothing pending in `directory` (the caller's name for `into`)."""
    stamp = _stamp(index)
    where = (index, directory)
    known = stamp.peek()
    if known is not None and _quiet.get(where) == known:
        return False
    mark = stamp.mark()  # before the stamp and the log are read
    value = _read_stamp(index) if mark is not None else None
    stamp.remember(mark, value)
    if pending(index, into=into):
        _quiet.pop(where, None)
        return True
    if value is not None:
        _quiet[where] = value
    return False


def drain(
    index: str,
    apply_batch: Callable[[list[int]], None],
    *,
    into: IndexState,
    batch_size: int = APPLY_BATCH,
) -> int:
    """Apply the rows of `index` past the directory's watermark, in batches; how many.

    `apply_batch(keys)` gets each batch's distinct keys, sorted, and must have committed the
    index when it returns: the watermark is advanced and written right after, so a crash in
    between applies the batch again (applying re-reads the database: harmless). The caller
    holds the index's exclusive writer, which serialises the appliers of one directory.
    Raises IndexBehind when the log cannot bring the directory in step.
    """
    mark = watermark(into)
    if _behind(mark, _log(index)):
        raise IndexBehind(index)
    assert mark is not None
    applied = 0
    cursor = 0  # within this call, so that a batch is never read twice
    while True:
        since = _late_since()
        rows = list(
            _unapplied(index, mark, since)
            .filter(pk__gt=cursor)
            .order_by("pk")
            .values_list("pk", "key", "created_at")[:batch_size]
        )
        if not rows:
            break
        apply_batch(sorted({key for _, key, _ in rows}))
        mark = mark.advanced(((pk, created) for pk, _, created in rows), since=since)
        _save(mark, into)
        applied += len(rows)
        cursor = rows[-1][0]
        if len(rows) < batch_size:
            break
    return applied


def start_rebuild(index: str) -> Watermark:
    """The watermark a rebuild starts from; take it before reading the database.

    Every row up to the highest id now is covered by what the rebuild will read, except
    rows still uncommitted, which the look-behind window catches."""
    log = _log(index)
    since = _late_since()
    rows = IndexOutbox.objects.filter(index=index)
    highest = rows.aggregate(highest=Max("pk"))["highest"] or 0
    recent = rows.filter(created_at__gte=since, pk__lte=highest).values_list("pk", "created_at")
    mark = Watermark(epoch=str(log.epoch), last_id=max(highest, log.pruned_through), recent={})
    return mark.advanced(recent, since=since)


def finish_rebuild(mark: Watermark, *, into: IndexState) -> None:
    """Record `start_rebuild`'s watermark once the rebuilt index is committed."""
    _save(mark, into)


# --- pruning -----------------------------------------------------------------------------------


def prune(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """Delete the rows older than `SEARCH_OUTBOX_RETENTION_DAYS`; rows deleted per index.

    The highest deleted id is recorded in the same transaction (`OutboxLog.pruned_through`),
    so no directory can read the log without the rows and without knowing they are gone.
    """
    retention = datetime.timedelta(days=settings.SEARCH_OUTBOX_RETENTION_DAYS)
    cutoff = (now or timezone.now()) - retention
    old = IndexOutbox.objects.filter(created_at__lt=cutoff)
    deleted: dict[str, int] = {}
    for index in old.order_by().values_list("index", flat=True).distinct():
        with transaction.atomic():
            _log(index)
            log = OutboxLog.objects.select_for_update().get(index=index)
            rows = old.filter(index=index)
            highest = rows.aggregate(highest=Max("pk"))["highest"]
            if highest is None:
                continue
            log.pruned_through = max(log.pruned_through, highest)
            log.save(update_fields=["pruned_through"])
            deleted[index], _by_model = rows.filter(pk__lte=highest).delete()
            transaction.on_commit(partial(_new_stamp, index))
    return deleted

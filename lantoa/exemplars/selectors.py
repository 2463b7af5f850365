"""Reads of the registry, scoped by the actor."""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import Any, overload

from django.db import connection, connections
from django.db.models import CharField, Count, F, Func, Q, QuerySet, Subquery
from django.utils import timezone

from lantoa.core import versioned
from lantoa.core.actors import Actor
from lantoa.core.errors import NotFound
from lantoa.core.paths import under_params
from lantoa.exemplars.access import can_view_record, visible_parts, visible_records_q
from lantoa.exemplars.list_memo import ListMemo
from lantoa.exemplars.models import (
    Evidence,
    Honour,
    Publication,
    Record,
    RecordState,
    RecordStep,
    Replication,
    Subject,
    spread_units,
)
from lantoa.exemplars.names import attach_record_names
from lantoa.exemplars.roles import RecordAction
from lantoa.exemplars.workflow import REGISTRY, REPORTER, At
from lantoa.orgs.access import GRANTS_VERSION, can, grants, scope_q
from lantoa.orgs.models import Organisation
from lantoa.search.records import WINDOW_ORDER_SHARED, RecordSearch

# What a row of a list shows (staff lists, the inbox, the API's list items): the rest of a
# record (its story, its search text) stays in the database until the record is opened,
# and the two names a row shows come as columns (`subject_name`, `handling_org_name`), not
# as related objects: a page of 50 builds 50 objects, not 150.
LIST_FIELDS = (
    "kind", "title", "summary", "state", "due_at", "created_at",
    "org_id", "org_name", "org_path", "handling_org_id", "subject_id",
)  # fmt: skip


# What a staff list row shows, read as values (`RecordRows.values`).
LIST_VALUES = (
    "pk", "kind", "title", "state", "due_at", "created_at", "org_name", "subject_name",
)  # fmt: skip


def _as_rows(qs: QuerySet[Record]) -> QuerySet[Record]:
    return qs.annotate(
        subject_name=F("subject__full_name"), handling_org_name=F("handling_org__name")
    ).only(*LIST_FIELDS)


def records_visible_to(actor: Actor) -> QuerySet[Record]:
    return Record.objects.filter(visible_records_q(actor))


@dataclass
class RecordFilters:
    q: str = ""
    state: str = ""
    kind: str = ""
    priority_group: int | None = None
    sector: int | None = None
    movement: int | None = None
    org: Organisation | None = None
    overdue: bool = False

    @cached_property
    def search(self) -> RecordSearch:
        """The search for `q`, made once: every list read with these filters (the parts,
        the page, its count, the API's cursor) asks the full-text index once."""
        return RecordSearch(self.q)

    @cached_property
    def small_parts(self) -> dict[str, bool]:
        """Whether the part under each path holds few records (`_is_small`), counted once
        for the page and its count."""
        return {}


# The list's order: newest first, the id breaking ties (a unique key for cursors).
LIST_ORDER = ("-created_at", "-id")


def record_list(
    actor: Actor, filters: RecordFilters | None = None, where: Q | None = None
) -> RecordRows:
    """The list page: visible records, filtered, newest first; search is
    diacritics-insensitive. `where` narrows further (the API's cursor position).

    The visible records are disjoint parts (`access.visible_parts`), each filtered on its
    own so that each can be read newest first through an index and stop at the page
    (`RecordRows`). A search plans each part by its width (`_searched`): for a page, a wide
    part tests rows as it reads newest first; for the capped count, the full-text index's
    matches are read, the shared part first (it fills the cap sooner)."""
    f = filters or RecordFilters()
    chosen = _parts(actor, f)

    searched = bool(f.q.strip())

    def rows_of(part: Q) -> QuerySet[Record]:
        # One filter() per condition actually asked: each call clones the query.
        return _narrowed(Record.objects.filter(part & where if where else part), f)

    def keys(*, counting: bool) -> list[QuerySet[Any]]:
        return [
            (
                rows_of(part).filter(_searched(f, within=within, paged=not counting))
                if searched
                else rows_of(part)
            ).values_list(*LIST_KEYS)
            for part, within in (reversed(chosen) if counting else chosen)
        ]

    # PostgreSQL: each part is first read through a window of its newest rows
    # (`RecordSearch.newest_in_window`), its planned query only if needed; with whether
    # the part is narrow (`RecordSearch.window_rows`).
    searching = bool(searched and f.search.parsed.words)
    windows: list[tuple[QuerySet[Record], bool] | None] = []
    if searching:
        only_searched = dataclasses.replace(f, q="") == RecordFilters()
        windows = [
            (
                _window_keys(rows_of(part), part, _is_narrow(within), only_searched),
                _is_narrow(within),
            )
            for part, within in chosen
        ]
    paged = keys(counting=False)
    return RecordRows(
        paged,
        LIST_ORDER,
        # Unsearched, a part is counted as it is paged, the shared part first: it holds the
        # shared states of the whole country, and fills the cap sooner.
        count_parts=keys(counting=True) if searched else list(reversed(paged)),
        count_in_order=searched,
        windows=(f.search, windows) if searching else None,
        recent_roots=_recent_roots(actor, f, where, len(chosen)),
        memo=None if searched or where is not None or f.overdue else _memo(chosen, f),
    )


def _memo(chosen: list[tuple[Q, str]], f: RecordFilters) -> ListMemo:
    """The memory of an unsearched list's pages (`list_memo`): the same for every actor who
    sees the same parts with the same filters (the organisation filter is in the parts).
    Not for "overdue", which changes with the clock."""
    parts = tuple(str(part) for part, _within in chosen)
    return ListMemo((parts, f.state, f.kind, f.priority_group, f.sector, f.movement))


# A window (`RecordSearch.newest_in_window`) is tried for pages up to this far.
WINDOW_MAX_LIMIT = 201


def _recent_roots(actor: Actor, f: RecordFilters, where: Q | None, parts: int) -> list[str]:
    """SQLite: the subtree root of each part of an unfiltered list ("" for the shared part),
    whose page is first looked for among the newest records (`_recent_keys`); else none.
    SQLite has no statistics of a path range's size: it takes the range on
    `org_path` and sorts it whole (a province's 28,000 keys, 2.9 ms), where walking
    `exm_record_newest_path` newest first stops at the page (0.2 ms). PostgreSQL weighs the
    two itself (decision 102)."""
    unfiltered = f == RecordFilters() and where is None
    if connection.vendor != "sqlite" or not unfiltered:
        return []
    roots = [root for _part, root in visible_parts(actor)]
    return roots if len(roots) == parts else []


# How many of the newest records, per row up to the page's end, a subtree's page is first
# looked for among (SQLite, `_recent_keys`): a subtree holding a fortieth of the records
# fills its first page there from 2,000 of them; a smaller one falls back to its range.
# Past the first pages the window would cost more than the sort: not tried.
RECENT_PER_ROW = 100
RECENT_MAX_WINDOW = 10_000


def _recent_keys(root: str, stop: int) -> list[tuple[Any, ...]] | None:
    """The newest `stop` keys under `root` if they are all among the newest
    `RECENT_PER_ROW × stop` records (then they are the subtree's newest: every record
    outside that window is older than every record inside it), else None. The path is
    compared through `+org_path`, which SQLite's planner reads from the index it walks
    (`created_at, id, org_path`) instead of taking the path's range."""
    window = stop * RECENT_PER_ROW
    if window > RECENT_MAX_WINDOW:
        return None
    floor = Record.objects.order_by(*LIST_ORDER).values("created_at")[window : window + 1]
    walked = Func(F("org_path"), template="+%(expressions)s", output_field=CharField())
    low, high = under_params(root, "sqlite")  # `org_path__under`, through the plus
    found = list(
        Record.objects.alias(walked_path=walked)
        .filter(walked_path__gte=low, walked_path__lt=high, created_at__gte=Subquery(floor))
        .order_by(*LIST_ORDER)
        .values_list(*LIST_KEYS)[:stop]
    )
    return found if len(found) == stop else None


# The columns a part reads: the sort key and nothing else.
LIST_KEYS = ("created_at", "id")


class RecordRows:
    """Visible records as a list pages them: slicing, `count()` and `order_by()`.

    Each part is asked for the keys of the rows up to the page's end (`LIST_KEYS`, read
    from its index alone, with its own ORDER BY and LIMIT), the parts' keys are merged, and
    the page's rows are read by id with the names a row shows (a deferred join). A
    province's 28,000 records sorted as whole rows with the names joined took 120 ms on
    SQLite and 2 s on PostgreSQL at a million records; neither engine pushes a LIMIT into
    the branches of a UNION ALL (docs/performance.md). Slicing is lazy, as on a queryset, so
    `rows[:1001].count()` counts: the parts are disjoint, so their counts add up."""

    model = Record

    def __init__(
        self,
        parts: list[QuerySet[Any]],
        order: tuple[str, ...],
        cut: slice = slice(None),
        *,
        count_parts: list[QuerySet[Any]] | None = None,
        count_in_order: bool = False,
        fetched: dict[tuple[int, tuple[str, ...]], tuple[int | None, list[Any]]] | None = None,
        windows: tuple[RecordSearch, list[tuple[QuerySet[Record], bool] | None]] | None = None,
        recent_roots: list[str] | None = None,
        memo: ListMemo | None = None,
    ) -> None:
        self.parts = parts
        self.order = order
        self.cut = cut
        # The same rows planned for counting (a search reads the full-text index there).
        self.count_parts = parts if count_parts is None else count_parts
        # A searched part's capped count tests rows as it reads them: read newest first
        # through the part's index (as its page does), not in the table's order, which
        # PostgreSQL's planner otherwise chose (a sequential scan stopped at the cap).
        self.count_in_order = count_in_order
        # Each part's keys as read, shared by every RecordRows derived from this one (by
        # slicing, `order_by`): (part, order) -> (the LIMIT read with, the keys). A search's
        # page and its capped count read the same keys in the same order, so the part is
        # read once (the count first, a row further than the page).
        self._fetched = {} if fetched is None else fetched
        # A search, and per part the part's rows without it where the part may be read
        # through a window of its newest rows first (`record_list`).
        self.windows = windows
        # SQLite, unfiltered: each part's subtree, looked for among the newest first.
        self.recent_roots = recent_roots or []
        # Unsearched: the page's values and the count, kept until a record is written.
        self.memo = memo
        self._cache: list[Record] | None = None

    @property
    def query(self) -> Any:
        return Record.objects.none().query

    @property
    def ordered(self) -> bool:
        return bool(self.order)

    def order_by(self, *fields: str) -> RecordRows:
        return RecordRows(
            self.parts,
            tuple(fields),
            self.cut,
            count_parts=self.count_parts,
            count_in_order=self.count_in_order,
            fetched=self._fetched,
            windows=self.windows,
            recent_roots=self.recent_roots,
            memo=self.memo,
        )

    @overload
    def __getitem__(self, key: int) -> Record: ...
    @overload
    def __getitem__(self, key: slice) -> RecordRows: ...
    def __getitem__(self, key: int | slice) -> Record | RecordRows:
        if isinstance(key, int):
            if key < 0:
                raise IndexError("RecordRows takes no negative index")
            found = list(self[key : key + 1])
            if not found:
                raise IndexError(key)
            return found[0]
        if key.step or self.cut != slice(None):
            raise TypeError("RecordRows takes one slice, without a step")
        return RecordRows(
            self.parts,
            self.order,
            key,
            count_parts=self.count_parts,
            count_in_order=self.count_in_order,
            fetched=self._fetched,
            windows=self.windows,
            recent_roots=self.recent_roots,
            memo=self.memo,
        )

    def count(self) -> int:
        if self._cache is not None:
            return len(self._cache)
        if self.memo is not None:
            return self.memo.get(("count", self.order, self.cut.start, self.cut.stop), self._count)
        return self._count()

    def _count(self) -> int:
        start, stop = self.cut.start or 0, self.cut.stop
        # The parts are disjoint: their counts add up, and once they reach the cap the
        # parts left are not counted (a province's own records fill it at a million).
        total = 0
        if self.count_in_order and stop is not None:
            # A searched count reads each part's keys newest first, as its page does (and
            # the page then reuses them): through the part's index, testing rows as it
            # reads, not in the table's order (PostgreSQL chose a sequential scan there).
            for i in range(len(self.parts)):
                total += len(self._part_keys(i, LIST_ORDER, stop))
                if total >= stop:
                    break
        else:
            for part in self.count_parts:
                counted = part.order_by()
                total += int((counted if stop is None else counted[:stop]).count())
                if stop is not None and total >= stop:
                    break
        if stop is not None:
            total = min(total, stop)
        return max(total - start, 0)

    def key_querysets(self) -> list[QuerySet[Any]]:
        """The query each part runs for the page's keys (plans are checked on these)."""
        stop = self.cut.stop
        ordered = [part.order_by(*self.order) for part in self.parts]
        return ordered if stop is None else [part[:stop] for part in ordered]

    def _keys(self) -> list[Any]:
        descending = {key.startswith("-") for key in self.order}
        if len(descending) > 1:
            raise ValueError("RecordRows sorts every key the same way")
        reverse = descending == {True}
        fields = [key.lstrip("-") for key in self.order]
        if fields and fields != list(LIST_KEYS):
            raise ValueError(f"RecordRows sorts by {LIST_KEYS}")
        found: list[tuple[Any, ...]] = []
        for i in range(len(self.parts)):
            found.extend(self._part_keys(i, self.order, self.cut.stop))
        if fields:
            found.sort(reverse=reverse)
        return [pk for _created, pk in found[self.cut]]

    def _part_keys(self, i: int, order: tuple[str, ...], limit: int | None) -> list[Any]:
        """Part `i`'s keys in `order`, up to `limit`, read once for every RecordRows that
        shares this one's reads: a read with a higher LIMIT, or one that came back short
        (the whole part), answers a lower one."""
        done = self._fetched.get((i, order))
        if done is not None:
            read_with, keys = done
            if (
                read_with is None
                or len(keys) < read_with
                or (limit is not None and read_with >= limit)
            ):
                return keys if limit is None else keys[:limit]
        read = self._windowed(i, order, limit)
        if read is None:
            read = self._recent(i, order, limit)
        if read is None:
            qs = self.parts[i].order_by(*order)
            read = list(qs if limit is None else qs[:limit])
        self._fetched[(i, order)] = (limit, read)
        return read

    def _windowed(self, i: int, order: tuple[str, ...], limit: int | None) -> list[Any] | None:
        """Part `i`'s keys read through a window of its newest rows, when it has one, the
        search has many matches (the probe) and a window can hold the page; else None."""
        if self.windows is None or limit is None or order != LIST_ORDER:
            return None
        search, windows = self.windows
        window = windows[i]
        if window is None or limit > WINDOW_MAX_LIMIT:
            return None
        rows, narrow = window
        size = search.window_rows(connections[rows.db], wide=not narrow)
        return search.newest_in_window(rows, limit, size, narrow=narrow) if size else None

    def _recent(self, i: int, order: tuple[str, ...], limit: int | None) -> list[Any] | None:
        """SQLite, unfiltered: part `i`'s first keys found among the newest records
        (`_recent_keys`), when its subtree is known and the page is newest first."""
        root = self.recent_roots[i] if self.recent_roots else ""
        if not root or limit is None or order != LIST_ORDER:
            return None
        return _recent_keys(root, limit)

    def _rows(self) -> list[Record]:
        if self._cache is None:
            ids = self._keys()
            found = {r.pk: r for r in _as_rows(Record.objects.filter(pk__in=ids))}
            self._cache = [found[pk] for pk in ids if pk in found]
        return self._cache

    def values(self) -> list[dict[str, Any]]:
        """The rows as dicts of `LIST_VALUES`, in order, without building records: a page
        that only shows them (the staff list) skips ~100 calls of model building per row."""
        if self._cache is not None:
            return [{name: getattr(r, name) for name in LIST_VALUES} for r in self._cache]
        if self.memo is not None:
            what = ("values", self.order, self.cut.start, self.cut.stop)
            return self.memo.get(what, self._values)
        return self._values()

    def _values(self) -> list[dict[str, Any]]:
        ids = self._keys()
        found = {
            row["pk"]: row
            for row in Record.objects.filter(pk__in=ids)
            .annotate(subject_name=F("subject__full_name"))
            .values(*LIST_VALUES)
        }
        return [found[pk] for pk in ids if pk in found]

    def __iter__(self) -> Iterator[Record]:
        return iter(self._rows())

    def __len__(self) -> int:
        return len(self._rows())


def _parts(actor: Actor, f: RecordFilters) -> list[tuple[Q, str]]:
    """The union's parts, each with the path of the subtree it lies in ("" for a part
    not inside one): its width (`_is_narrow`, `_is_small`) plans its search."""
    if f.org is not None and can(actor, RecordAction.VIEW_RECORDS, f.org):
        # Everything under an organisation of the actor's own tree is visible: one range
        # on the path.
        return [(Q(org_path__under=f.org.path), f.org.path)]
    parts = visible_parts(actor, f.state)
    if f.org is not None:
        within = Q(org_path__under=f.org.path)
        # Within both: the deeper of the two paths (they are nested, or the part is empty).
        parts = [(part & within, max(root, f.org.path, key=len)) for part, root in parts]
    return parts


def _window_keys(
    rows: QuerySet[Record], part: Q, narrow: bool, only_searched: bool
) -> QuerySet[Record]:
    """A part's rows as its search window reads them: the shared part of a list filtered by
    nothing but the search in the order of its own index (`WINDOW_ORDER_SHARED`, decision
    340); any other part newest first (the planner picks its index well there)."""
    shared = not narrow and bool(part)  # the whole tree (an administrator) is Q()
    return rows.order_by(*WINDOW_ORDER_SHARED) if shared and only_searched else rows


def _is_narrow(path: str) -> bool:
    """Inside one subtree below the top of the tree: a province or less, a few percent of
    the records. "/1/": the whole tree; "/1/32/": one province."""
    return path.count("/") > 2


# A part holding at most this many records is searched on SQLite by testing each of its
# rows' text (decision 172).
SMALL_PART_ROWS = 3_000


def _is_small(path: str) -> bool:
    """At most `SMALL_PART_ROWS` records under `path` (a commune's, a ward's), counted on
    the path's index up to one more. The depth says nothing of it: a province's Front sits
    as deep as a district's once did, and the communes are right under it."""
    under = Record.objects.filter(org_path__under=path).order_by().values("pk")
    return under[: SMALL_PART_ROWS + 1].count() <= SMALL_PART_ROWS


def _is_small_for(f: RecordFilters, path: str) -> bool:
    if path not in f.small_parts:
        f.small_parts[path] = _is_small(path)
    return f.small_parts[path]


def _searched(f: RecordFilters, *, within: str, paged: bool) -> Q:
    """The search condition of one part, in subtree `within` ("" for none). A narrow part
    is read through its own index and checked against the full-text index's matches (on
    SQLite a small one tests each of its rows' text instead); a wide one, for a page, tests
    each row as it reads newest first; for a count, it reads the full-text index's
    matches. Few matches (the probe): their ids, whatever the part."""
    if not f.q.strip():
        return Q()
    narrow = _is_narrow(within)
    # Only SQLite plans by it (`RecordTextMatch.small`).
    small = narrow and connection.vendor == "sqlite" and _is_small_for(f, within)
    # A narrow part is asked only for the probe's matches under its subtree (decision 206).
    return f.search.q(
        paged=paged and not narrow, narrow=narrow, small=small, within=within if narrow else ""
    )


def _narrowed(qs: QuerySet[Record], f: RecordFilters) -> QuerySet[Record]:
    """The filters other than the organisation and the search, on any set of records
    (list or inbox)."""
    if f.state:
        qs = qs.filter(state=f.state)
    if f.kind:
        qs = qs.filter(kind=f.kind)
    if f.priority_group:
        qs = qs.filter(priority_group_id=f.priority_group)
    if f.sector:
        qs = qs.filter(sector_id=f.sector)
    if f.movement:
        qs = qs.filter(movement_id=f.movement)
    if f.overdue:
        qs = qs.filter(due_at__lt=timezone.now())
    return qs


def get_record_for(actor: Actor, pk: Any) -> Record:
    try:
        record = (
            Record.objects.select_related(
                "org",
                "handling_org",
                "subject",
                "reporter",
                # The nurturing plan and its mentor unit (none for most records): the page
                # shows them and the mentor's seat is asked of them (`access.path_at`);
                # two joins cost less than a query of their own (issue 15).
                "nurture_plan__mentor_org",
            )
            .annotate(
                # as list rows have them (LIST_FIELDS)
                subject_name=F("subject__full_name"),
                handling_org_name=F("handling_org__name"),
            )
            .get(pk=int(pk))
        )
    except (Record.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None
    if not can_view_record(actor, record):
        raise NotFound()
    # Its field, movement, place and the subject's priority group from the per-process memo
    # of names (four joins cost ~0.4 ms of building SQL; decision 126's rule).
    attach_record_names(record)
    return record


def timeline_of(record: Record) -> list[RecordStep]:
    """The record's steps, oldest first. A step carries the names it shows (`actor_name`,
    `actor_org_name`, copied when it was taken): joining the user and the organisation cost
    the record page ~0.4 ms of building SQL for objects nobody read (issue 15)."""
    return list(record.steps.order_by("at", "id"))


@dataclass(frozen=True)
class RecordParts:
    """What the record page lists of a record besides its own row: its steps (oldest
    first), evidence, honours and replications (with the one each learned from), and
    whether it was ever published (a publication is never deleted: its state is read
    afresh where there is one)."""

    steps: list[RecordStep]
    evidence: list[Evidence]
    honours: list[Honour]
    replications: list[Replication]
    published: bool


# Part of the key: change it with `RecordParts`' fields, so that a deployment never reads
# the pickled parts an older release stored in the shared cache.
PARTS_FORMAT = 2


def parts_key(record: Record) -> str:
    """The cache key of a record's parts: its id and `updated_at`, which every service that
    adds a step, evidence, an honour or a replication, or confirms one, sets again
    (`services.transitions.parts_changed`; each of these writes a step), and so does the
    first publication (`publishing.publish_record`)."""
    stamp = record.updated_at.isoformat()
    return f"exemplars:record-parts:{PARTS_FORMAT}:{record.pk}:{stamp}"


def parts_of(record: Record) -> RecordParts:
    """The record's parts, read once per change of the record (issue 15: four queries of
    the record page's eight found the same rows on every view).

    Kept under the record's `updated_at` (`parts_key`) and under the grants' version: a
    replication carries its unit's path, which a move of the unit rewrites without
    touching the record (`orgs.services._rewrite_paths` replaces the grants' version).
    From the process's memory while Redis reports no change of that version (decision
    142). The rows are read without the record (no back reference to pickle) and are
    shared by every request of the process: callers must not change them."""

    def read() -> RecordParts:
        return RecordParts(
            steps=list(RecordStep.objects.filter(record_id=record.pk).order_by("at", "id")),
            evidence=list(
                Evidence.objects.filter(record_id=record.pk).order_by("created_at", "id")
            ),
            honours=list(Honour.objects.filter(record_id=record.pk)),
            replications=list(
                Replication.objects.filter(record_id=record.pk).select_related("learned_from")
            ),
            published=Publication.objects.filter(record_id=record.pk).exists(),
        )

    return versioned.cached(GRANTS_VERSION, parts_key(record), read, watch=GRANTS_VERSION)


def inbox_for(actor: Actor, filters: RecordFilters | None = None) -> QuerySet[Record]:
    """What waits for this person, overdue first, then by due date, narrowed by `filters`
    (the organisation filter keeps records reported under it)."""
    # The rows show the list fields and the subject's name, and carry the handling
    # organisation's path so that each row's available steps (the bulk choices) are path
    # arithmetic. The overdue have the earliest due dates: due date order puts them first.
    f = filters or RecordFilters()
    qs = Record.objects.filter(waiting_q(actor))
    if f.org is not None:
        # Only a narrowing of what already waits for the actor: no scope to check here.
        qs = qs.filter(org_path__under=f.org.path)
    if f.q.strip():
        qs = qs.filter(f.search.q())
    return (
        _narrowed(qs, f)
        .annotate(subject_name=F("subject__full_name"), handling_org_path=F("handling_org__path"))
        .only(*LIST_FIELDS)
        .order_by(F("due_at").asc(nulls_last=True), "id")
    )


def inbox_memo(actor: Actor, filters: RecordFilters | None = None) -> ListMemo | None:
    """Where the inbox's pages are kept until a record is written (`list_memo`), for this
    person's waits and these filters; none for a search or "overdue" (the clock's)."""
    f = filters or RecordFilters()
    if f.q.strip() or f.overdue:
        return None
    org = f.org.path if f.org is not None else ""
    return ListMemo(
        (
            "inbox",
            str(waiting_q(actor)),
            org,
            f.state,
            f.kind,
            f.priority_group,
            f.sector,
            f.movement,
        )
    )


def inbox_counts(actor: Actor) -> dict[str, int]:
    """The home page's summary of the inbox: waiting, overdue, returned (one query)."""
    return Record.objects.filter(waiting_q(actor)).aggregate(
        total=Count("pk"),
        overdue=Count("pk", filter=Q(due_at__lt=timezone.now())),
        returned=Count("pk", filter=Q(state=RecordState.RETURNED)),
    )


# Where the workflow table's places are on a record: the organisation column a waiting role
# must sit on exactly, and the path column a waiting person's role must sit above.
WAIT_ORG_COLUMN: dict[str, str] = {At.HANDLING: "handling_org_id", At.REPORTING: "org_id"}
WAIT_PATH_COLUMN: dict[str, str] = {At.HANDLING: "handling_org__path", At.REPORTING: "org_path"}
# The person a personal wait names (`Wait.person`).
WAIT_PERSON_COLUMN: dict[str, str] = {REPORTER: "reporter_id"}


def waiting_q(actor: Actor) -> Q:
    """The records that wait for this person, from the workflow table's waits: the inbox
    and the overdue digest both filter by it, so they agree on who waits. One branch per
    grant and wait, OR-ed."""
    query = Q(pk__in=[])
    seen: set[tuple[int, Any]] = set()
    for grant in grants(actor):
        for index, wait in enumerate(REGISTRY.waits):
            if grant.role not in wait.roles:
                continue
            if wait.person is None:
                # Exactly on the place: a province verifier is not chased for a commune's queue.
                key: tuple[int, Any] = (index, grant.org_id)
                branch = Q(**{WAIT_ORG_COLUMN[wait.at]: grant.org_id})
            else:
                # The person, while a role of theirs still covers the place (they may act).
                key = (index, grant.path)
                branch = Q(
                    **{
                        WAIT_PERSON_COLUMN[wait.person]: actor.pk,
                        f"{WAIT_PATH_COLUMN[wait.at]}__under": grant.path,
                    }
                )
            if key not in seen:
                seen.add(key)
                query |= branch & Q(state__in=sorted(wait.states))
    return query


def subjects_visible_to(actor: Actor) -> QuerySet[Subject]:
    return Subject.objects.filter(
        scope_q(actor, RecordAction.VIEW_RECORDS, field="org_path"), merged_into__isnull=True
    )


def get_subject_for(actor: Actor, pk: Any) -> Subject:
    try:
        return (
            subjects_visible_to(actor)
            .select_related("priority_group", "admin_unit")
            .get(pk=int(pk))
        )
    except (Subject.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None


def spread_of(record: Record) -> dict[str, int]:
    """How far the example travelled: units that learned from it and followed (confirmed by
    the unit, or outside the system), and every entry, confirmed or not."""
    agg = record.replications.aggregate(units=spread_units(), entries=Count("id"))
    return {"units": agg["units"] or 0, "entries": agg["entries"] or 0}


def spread_from(replications: list[Replication]) -> dict[str, int]:
    """`spread_of` from the record's replications already read (the record page lists
    them all): the same counts without asking again — the distinct confirmed units
    (`spread_units`' first count ignores a missing unit, as COUNT DISTINCT does) plus each
    unit outside the system."""
    units = units_followed([(r.org_id, r.confirmed_at) for r in replications])
    return {"units": units, "entries": len(replications)}


def units_followed(replications: Iterable[tuple[int | None, datetime.datetime | None]]) -> int:
    """`spread_units()` over one record's replications read as (unit id, confirmed at)."""
    confirmed: set[int] = set()
    outside = 0
    for org_id, confirmed_at in replications:
        if org_id is None:
            outside += 1
        elif confirmed_at is not None:
            confirmed.add(org_id)
    return len(confirmed) + outside


def replications_awaiting(actor: Actor) -> QuerySet[Replication]:
    """Replications naming a unit the actor speaks for that the unit has not confirmed."""
    return (
        Replication.objects.filter(
            scope_q(actor, RecordAction.REPLICATE, field="org_path"),
            org__isnull=False,
            confirmed_at__isnull=True,
        )
        .select_related("record")
        .order_by("created_at", "id")
    )


def records_of_subject(actor: Actor, subject: Subject) -> QuerySet[Record]:
    """The subject's records the actor may see, as list rows, newest first."""
    return _as_rows(records_visible_to(actor).filter(subject=subject)).order_by(
        "-created_at", "-id"
    )

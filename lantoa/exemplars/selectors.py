"""Reads of the registry, scoped by the actor."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.db import connection
from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from lantoa.core.actors import Actor
from lantoa.core.errors import NotFound
from lantoa.exemplars.access import can_view_record, visible_parts, visible_records_q
from lantoa.exemplars.models import (
    Record,
    RecordState,
    RecordStep,
    Replication,
    Subject,
    spread_units,
)
from lantoa.exemplars.roles import RecordAction
from lantoa.exemplars.workflow import REGISTRY, REPORTER, At
from lantoa.orgs.access import can, grants, scope_q
from lantoa.orgs.models import Organisation
from lantoa.search.records import RecordSearch

# What a row of a list shows (staff lists, the inbox, the API's list items): the rest of a
# record (its story, its search text) stays in the database until the record is opened,
# and the two names a row shows come as columns (`subject_name`, `handling_org_name`), not
# as related objects: a page of 50 builds 50 objects, not 150.
LIST_FIELDS = (
    "kind", "title", "summary", "state", "due_at", "created_at",
    "org_id", "org_name", "org_path", "handling_org_id", "subject_id",
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
        """The search for `q`, made once: every list read with these filters (the union's
        parts, the page, its count, the API's cursor) asks the full-text index once."""
        return RecordSearch(self.q)


# The list's order: newest first, the id breaking ties (a unique key for cursors).
LIST_ORDER = ("-created_at", "-id")


def record_list(
    actor: Actor,
    filters: RecordFilters | None = None,
    where: Q | None = None,
    *,
    counting: bool = False,
    upto: int | None = None,
    oldest_first: bool = False,
) -> QuerySet[Record]:
    """The list page: visible records, filtered, newest first; search is
    diacritics-insensitive. `where` narrows further (the API's cursor position).

    The visible records are a UNION ALL of disjoint parts (`access.visible_parts`), each
    filtered on its own, so that each can be read newest first through an index and stop
    at the page; the result takes slicing, `count()` and `order_by()`, not `filter()`.

    For pages only: a search tests rows as each part is read newest first when it matches
    many. `counting=True` gives the same rows planned for a capped count instead (no
    order to keep: the shared part, which holds most of what an officer sees, comes first
    and fills the cap sooner; a search goes through the full-text index).

    The rows are the records' own columns, without joins: `with_list_names` adds the two
    names a row shows to the page once it is cut (every row a part sorts or counts was
    joined before, 2,300 joined rows for a page of 50).

    `upto`: the reader takes no more than this many rows from the start of the list, in
    its order (`oldest_first`: the API going back from a cursor). Where the engine allows
    it (PostgreSQL), each part is then ordered and cut at `upto` inside the union:
    PostgreSQL 15 does not merge the parts' ordered index scans (no Merge Append under a
    UNION ALL), so without it every part was read whole and sorted."""
    f = filters or RecordFilters()
    chosen = _parts(actor, f)
    if counting:
        chosen.reverse()
    parts = [
        _narrowed(Record.objects.filter(part), f)
        .filter(_searched(f, narrow=narrow, paged=not counting), where or Q())
        .only(*LIST_FIELDS)
        .order_by()
        for part, narrow in chosen
    ]
    if not parts:
        return Record.objects.none()
    if len(parts) == 1:
        return parts[0].order_by(*LIST_ORDER)
    if upto is not None and connection.features.supports_slicing_ordering_in_compound:
        order = [key[1:] if key.startswith("-") else f"-{key}" for key in LIST_ORDER]
        parts = [part.order_by(*(order if oldest_first else LIST_ORDER))[:upto] for part in parts]
    return parts[0].union(*parts[1:], all=True).order_by(*LIST_ORDER)


def with_list_names(rows: Iterable[Record]) -> list[Record]:
    """`rows` (a page of `record_list`) with `subject_name` and `handling_org_name` set, as
    `_as_rows` gives them: one query for the page."""
    page = list(rows)
    if not page:
        return page
    names = {
        pk: (subject, handling)
        for pk, subject, handling in Record.objects.filter(pk__in=[r.pk for r in page]).values_list(
            "pk", "subject__full_name", "handling_org__name"
        )
    }
    for record in page:
        subject, handling = names[record.pk]
        # The attributes `_as_rows` would have annotated: the template and the API read them.
        setattr(record, "subject_name", subject)  # noqa: B010
        setattr(record, "handling_org_name", handling)  # noqa: B010
    return page


def _parts(actor: Actor, f: RecordFilters) -> list[tuple[Q, bool]]:
    """The union's parts, each with whether it is narrow: inside one subtree below the
    top of the tree (a province or less, a few percent of the records)."""
    if f.org is not None and can(actor, RecordAction.VIEW_RECORDS, f.org):
        # Everything under an organisation of the actor's own tree is visible: one range
        # on the path.
        return [(Q(org_path__under=f.org.path), _is_narrow(f.org.path))]
    parts = [(part, _is_narrow(root)) for part, root in visible_parts(actor, f.state)]
    if f.org is not None:
        within = Q(org_path__under=f.org.path)
        parts = [(part & within, narrow or _is_narrow(f.org.path)) for part, narrow in parts]
    return parts


def _is_narrow(path: str) -> bool:
    return path.count("/") > 2  # "/1/": the whole tree; "/1/32/": one province


def _searched(f: RecordFilters, *, narrow: bool, paged: bool) -> Q:
    """The search condition of one part. A narrow part (a subtree) is read through its
    own index and checked against the full-text index's matches; a wide one, for a page,
    tests each row as it reads newest first; for a count, it reads the full-text index's
    matches. Few matches (the probe): their ids, whatever the part."""
    if not f.q.strip():
        return Q()
    return f.search.q(paged=paged and not narrow, narrow=narrow)


def _narrowed(qs: QuerySet[Record], f: RecordFilters) -> QuerySet[Record]:
    """The filters other than the organisation and the search, on any set of records
    (list or inbox)."""
    if f.state:
        qs = qs.filter(state=f.state)
    if f.kind:
        qs = qs.filter(kind=f.kind)
    if f.priority_group:
        qs = qs.filter(subject__priority_group_id=f.priority_group)
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
                "subject__priority_group",
                "sector",
                "movement",
                "admin_unit",
                "reporter",
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
    return record


def timeline_of(record: Record) -> list[RecordStep]:
    return list(record.steps.select_related("actor", "actor_org").order_by("at", "id"))


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

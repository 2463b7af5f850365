"""Where nominations can be received: the communes the system serves (issue 11, part 5).

A commune is **served** when a Fatherland Front committee can receive its citizens' reports:
the commune's own active Front committee if someone waits for its new records, else the
province's active Front committee if someone waits for *its* new records. "Someone waits" is
read from the registry's workflow table: an active, confirmed membership, of an active user,
on that very organisation, with a role that waits for a `reported` record at the handling
organisation (today: verifier). A role held higher up does not count, as in the inbox: a
higher level is not chased for a lower level's queue.

The form offers only served communes; the service refuses the others (a crafted POST or the
API) with `NominationInvalid(code="commune_not_served")`.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q, QuerySet

from lantoa.exemplars.models import RecordState
from lantoa.exemplars.workflow import REGISTRY, At
from lantoa.orgs.models import AdminUnit, Membership, Organisation, OrgKind, OrgLevel

# The roles that wait for a new record at its handling organisation, from the workflow table.
HANDLING_ROLES: frozenset[str] = frozenset(
    role
    for wait in REGISTRY.waits
    if RecordState.REPORTED in wait.states and wait.at == At.HANDLING and wait.person is None
    for role in wait.roles
)


def _active_fronts() -> QuerySet[Organisation]:
    return Organisation.objects.filter(
        kind=OrgKind.FATHERLAND_FRONT, valid_to__isnull=True, merged_into__isnull=True
    ).order_by("depth", "path")


def _staffed(org_ids: Iterable[int]) -> set[int]:
    """Those of `org_ids` where someone holds a handling role (one query)."""
    return set(
        Membership.objects.filter(
            organisation_id__in=list(org_ids),
            role__in=HANDLING_ROLES,
            ended_at__isnull=True,
            confirmed_at__isnull=False,
            user__is_active=True,
        ).values_list("organisation_id", flat=True)
    )


def _communes(province: AdminUnit) -> QuerySet[AdminUnit]:
    return AdminUnit.objects.filter(
        scheme=AdminUnit.Scheme.CURRENT,
        level=AdminUnit.Level.COMMUNE,
        valid_to__isnull=True,
        parent=province,
    )


def receiving_front(commune: AdminUnit) -> Organisation | None:
    """The Front committee that receives the commune's nominations, or None (not served)."""
    fronts = list(_active_fronts().filter(admin_unit=commune))
    if commune.parent_id is not None:
        fronts += list(
            _active_fronts().filter(level=OrgLevel.PROVINCE, admin_unit_id=commune.parent_id)
        )
    staffed = _staffed(f.pk for f in fronts)
    return next((front for front in fronts if front.pk in staffed), None)


def served_communes(province: AdminUnit | None) -> QuerySet[AdminUnit]:
    """The current communes of `province` that are served, by name (three queries)."""
    if province is None:
        return AdminUnit.objects.none()
    communes = _communes(province)
    fronts = list(
        _active_fronts()
        .filter(Q(admin_unit__in=communes) | Q(level=OrgLevel.PROVINCE, admin_unit=province))
        .values_list("pk", "admin_unit_id")
    )
    staffed = _staffed(pk for pk, _unit in fronts)
    if any(unit == province.pk and pk in staffed for pk, unit in fronts):
        served = communes  # the province's Front receives whatever no commune's Front does
    else:
        served = communes.filter(pk__in={unit for pk, unit in fronts if pk in staffed})
    return served.order_by("folded_name", "code")


def served_provinces() -> QuerySet[AdminUnit]:
    """The current provinces with at least one served commune, by name (two queries)."""
    fronts = list(
        _active_fronts()
        .filter(admin_unit__scheme=AdminUnit.Scheme.CURRENT, admin_unit__valid_to__isnull=True)
        .filter(level__in=[OrgLevel.PROVINCE, OrgLevel.COMMUNE])
        .values_list("pk", "level", "admin_unit_id", "admin_unit__parent_id")
    )
    staffed = _staffed(row[0] for row in fronts)
    ids = {
        unit if level == OrgLevel.PROVINCE else parent
        for pk, level, unit, parent in fronts
        if pk in staffed
    }
    return AdminUnit.objects.filter(
        pk__in=ids,
        scheme=AdminUnit.Scheme.CURRENT,
        level=AdminUnit.Level.PROVINCE,
        valid_to__isnull=True,
    ).order_by("folded_name", "code")


def is_served(commune: AdminUnit) -> bool:
    return receiving_front(commune) is not None


def unserved_count(province: AdminUnit | None, *, served: QuerySet[AdminUnit] | None = None) -> int:
    """How many current communes of `province` are not served (for the explanation);
    `served` is `served_communes(province)` when the caller already has it."""
    if province is None:
        return 0
    served = served_communes(province) if served is None else served
    return _communes(province).count() - served.count()

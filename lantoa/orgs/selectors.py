"""Reads of organisations, memberships and units, always scoped by the actor."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import Count, Q, QuerySet

from lantoa.core import versioned
from lantoa.core.actors import Actor, signed_in
from lantoa.core.errors import NotFound
from lantoa.core.text import fold
from lantoa.orgs.access import GRANTS_VERSION, Action, can, grants, is_system_admin, scope_q
from lantoa.orgs.models import AdminUnit, Membership, Organisation, Role


def organisations_visible_to(actor: Actor, action: str = Action.VIEW_ORG) -> QuerySet[Organisation]:
    return Organisation.objects.filter(scope_q(actor, action))


def organisation_list(
    actor: Actor,
    *,
    parent: Organisation | None = None,
    q: str = "",
    kind: str = "",
    level: str = "",
    include_closed: bool = False,
) -> QuerySet[Organisation]:
    """Organisations the actor may see, optionally under `parent`, filtered; tree order."""
    if parent is not None:
        # A role covers the whole subtree: seeing `parent` means seeing everything under it,
        # so the scope filter is dropped (it only confused the planner's estimates).
        if not can(actor, Action.VIEW_ORG, parent):
            raise NotFound()
        qs = Organisation.objects.filter(path__under=parent.path).exclude(pk=parent.pk)
    else:
        qs = organisations_visible_to(actor)
    qs = qs.select_related("admin_unit", "parent")
    if q:
        qs = qs.filter(folded_name__contains=fold(q))
    if kind:
        qs = qs.filter(kind=kind)
    if level:
        qs = qs.filter(level=level)
    if not include_closed:
        qs = qs.filter(valid_to__isnull=True)
    return qs.order_by("path")


def get_organisation_for(actor: Actor, pk: Any, action: str = Action.VIEW_ORG) -> Organisation:
    try:
        org = Organisation.objects.select_related("admin_unit", "parent", "merged_into").get(
            pk=int(pk)
        )
    except (Organisation.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None
    if not can(actor, action, org):
        raise NotFound()
    return org


def organisation_kept(pk: int) -> Organisation:
    """Organisation `pk` (its own row, no relation read with it), kept under the grants'
    version (decision 128), which every save or delete of an organisation and every move
    replace (`orgs.signals`, `services._rewrite_paths`): with Redis, from this process's
    memory while Redis reports no change of that version (decision 142). For pages that
    name a unit on every view (the record page's handling unit). Shared by the process's
    requests: callers must not change it. Without a shared cache, read every time."""
    return versioned.cached(
        GRANTS_VERSION,
        f"orgs:organisation:{pk}",
        lambda: Organisation.objects.get(pk=pk),
        watch=GRANTS_VERSION,
    )


def children_of(actor: Actor, org: Organisation) -> QuerySet[Organisation]:
    return (
        organisations_visible_to(actor)
        .filter(parent=org)
        .select_related("admin_unit")
        .annotate(active_members=Count("memberships", filter=Q(memberships__ended_at__isnull=True)))
        .order_by("valid_to", "name")
    )


def members_of(actor: Actor, org: Organisation, *, subtree: bool = False) -> QuerySet[Membership]:
    if not can(actor, Action.VIEW_MEMBERS, org):
        raise NotFound()
    qs = Membership.objects.filter(ended_at__isnull=True).select_related("user", "organisation")
    qs = qs.filter(org_path__under=org.path) if subtree else qs.filter(organisation=org)
    return qs.order_by("user__full_name", "user__username", "role")


def get_membership_for(actor: Actor, pk: Any, action: Action = Action.MANAGE_MEMBERS) -> Membership:
    try:
        membership = Membership.objects.select_related("user", "organisation").get(pk=int(pk))
    except (Membership.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None
    if not can(actor, action, membership):
        raise NotFound()
    return membership


def memberships_of_user(user: Any) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(user=user, ended_at__isnull=True, confirmed_at__isnull=False)
        .select_related("organisation", "organisation__admin_unit")
        .order_by("organisation__path", "role")
    )


def admin_units_for_choice(*, under: AdminUnit | None = None) -> QuerySet[AdminUnit]:
    """Current units, optionally the communes of one province (for forms)."""
    qs = AdminUnit.objects.filter(valid_to__isnull=True)
    if under is not None:
        qs = qs.filter(Q(pk=under.pk) | Q(parent=under))
    return qs.order_by("level", "name")


ROW_FIELDS = ("id", "name", "kind", "level", "valid_to", "admin_unit__name", "parent__name")


def organisation_rows(qs: QuerySet[Organisation]) -> QuerySet[Organisation, dict[str, Any]]:
    """Only the columns a list page shows, as dicts: no model instances to build."""
    rows: QuerySet[Organisation, dict[str, Any]] = qs.values(*ROW_FIELDS)
    return rows


# Who may confirm a pending grant: a leader or org admin over its organisation (or a system
# administrator), who is neither the grantor nor the grantee.
CONFIRMER_ROLES = frozenset({Role.LEADER, Role.ORG_ADMIN})


def confirmer_paths(actor: Actor) -> list[str] | None:
    """Subtree roots where the actor may confirm grants; None means everywhere."""
    if is_system_admin(actor):
        return None
    return sorted({g.path for g in grants(actor) if g.role in CONFIRMER_ROLES})


def may_confirm_in(actor: Actor, membership: Membership) -> bool:
    roots = confirmer_paths(actor)
    return roots is None or any(membership.org_path.startswith(root) for root in roots)


def pending_grants_for(actor: Actor) -> QuerySet[Membership]:
    """Grants awaiting confirmation in the actor's confirming scope (their own excluded:
    nobody needs to see a request to confirm themselves)."""
    roots = confirmer_paths(actor)
    qs = Membership.objects.filter(ended_at__isnull=True, confirmed_at__isnull=True).exclude(
        user=signed_in(actor)
    )
    if roots is not None:
        if not roots:
            return qs.none()
        query = Q()
        for root in roots:
            query |= Q(org_path__under=root)
        qs = qs.filter(query)
    return qs.select_related("user", "organisation", "granted_by").order_by("created_at", "id")


def get_pending_grant_for(actor: Actor, pk: Any) -> Membership:
    try:
        return pending_grants_for(actor).get(pk=int(pk))
    except (Membership.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None


def organisations_named(q: str, *, limit: int = 20) -> list[Organisation]:
    """Active organisations of the whole system whose name holds `q` (folded), for pickers
    that may name any unit (a replication). Names only: what an organisation holds stays
    behind its scope. Nothing under two characters: too many to choose from."""
    folded = fold(q)
    if len(folded) < 2:
        return []
    return list(
        Organisation.objects.filter(folded_name__contains=folded, valid_to__isnull=True)
        .select_related("parent")
        .order_by("depth", "name")[:limit]
    )


PICK_LIMIT = 20


def organisations_matching(
    qs: QuerySet[Organisation], q: str, *, limit: int = PICK_LIMIT
) -> list[Organisation]:
    """At most `limit` organisations of `qs` (a queryset already scoped by the actor) whose
    folded name holds the folded `q`; names that start with it first, then the shallowest.

    `q` is matched anywhere in the name because names start with the kind of unit ("Đoàn
    TNCS Hồ Chí Minh xã Hàm Thuận"): people type the place. The scope's path prefix bounds
    the rows read; the folded column makes the match one comparison per row."""
    folded = fold(q)
    if not folded:
        return []
    rows = (
        qs.filter(folded_name__contains=folded)
        .select_related("parent")
        .order_by("depth", "folded_name", "pk")[: limit * 3]
    )
    found = list(rows)
    # Among the shallowest matches, the names that start with what was typed come first.
    found.sort(key=lambda o: (not o.folded_name.startswith(folded), o.depth, o.folded_name))
    return found[:limit]


def resolve_organisation(
    qs: QuerySet[Organisation], text: str, *, picked: str = ""
) -> tuple[Organisation | None, list[Organisation]]:
    """What a picker's typed `text` names within `qs`: (the organisation, []) when it names
    exactly one, (None, candidates) otherwise. `picked` (an id chosen from the list or the
    candidates) wins while its name still holds what the box shows (a box retyped without
    JavaScript leaves a stale id behind); a bare number is an organisation's id."""
    return resolve_named(qs.select_related("parent"), text, picked, organisations_matching)


def units_matching(qs: QuerySet[AdminUnit], q: str, *, limit: int = PICK_LIMIT) -> list[AdminUnit]:
    """At most `limit` administrative units of `qs` whose folded name holds the folded `q`:
    names that start with it first, then the province before its communes ("Xã Hàm Thuận"
    is found by "ham thuan")."""
    folded = fold(q)
    if not folded:
        return []
    rows = list(
        qs.filter(folded_name__contains=folded)
        .select_related("parent")
        .order_by("level", "folded_name", "pk")[: limit * 3]
    )
    order: dict[str, int] = {AdminUnit.Level.PROVINCE: 0, AdminUnit.Level.DISTRICT: 1}
    rows.sort(key=lambda u: (not u.folded_name.startswith(folded), order.get(u.level, 2)))
    return rows[:limit]


def resolve_unit(
    qs: QuerySet[AdminUnit], text: str, *, picked: str = ""
) -> tuple[AdminUnit | None, list[AdminUnit]]:
    """`resolve_organisation` for the administrative units of `qs`."""
    return resolve_named(qs.select_related("parent"), text, picked, units_matching)


def resolve_named(
    qs: QuerySet[Any],
    text: str,
    picked: str,
    matching: Callable[[QuerySet[Any], str], list[Any]],
) -> tuple[Any | None, list[Any]]:
    """The one resolution of every picker (organisations, administrative units): the picked
    id while its folded name still holds the typed text, a bare number as an id, a unique
    exact folded name, then a unique match among `matching`'s; else the candidates."""
    text = text.strip()
    folded = fold(text)
    if picked.isdigit():
        found = qs.filter(pk=int(picked)).first()
        if found is not None and folded in found.folded_name:
            return found, []
    if not folded:
        return None, []
    if folded.isdigit():
        found = qs.filter(pk=int(folded)).first()
        return (found, []) if found is not None else (None, [])
    exact = list(qs.filter(folded_name=folded)[:PICK_LIMIT])
    if len(exact) == 1:
        return exact[0], []
    if exact:
        return None, exact
    candidates = matching(qs, text)
    if len(candidates) == 1:
        return candidates[0], []
    return None, candidates

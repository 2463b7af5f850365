"""The one place that answers "may this actor do this action on this object?".

A role applies to the organisation of the membership and to its whole subtree. The table
`ROLE_ACTIONS` says which actions each role grants; `system_admin` grants everything,
everywhere. A propaganda board's leaders and verifiers also *read* their Party committee's
whole subtree: the board watches the province (mission.md), it does not manage it.

Anything the actor may not do is answered as "not found" by the surfaces: existence of
objects outside one's scope never leaks.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from django.db.models import Q

from lantoa.core.errors import NotFound
from lantoa.orgs.models import Membership, OrgKind, Role


class Action(StrEnum):
    VIEW_ORG = "orgs.view"
    MANAGE_ORG = "orgs.manage"
    VIEW_MEMBERS = "orgs.members.view"
    MANAGE_MEMBERS = "orgs.members.manage"
    VIEW_AUDIT = "audit.view"
    # Exemplar registry
    VIEW_RECORDS = "records.view"
    REPORT = "records.report"
    VERIFY = "records.verify"
    DECIDE = "records.decide"
    REPLICATE = "records.replicate"
    MANAGE_CONSENT = "subjects.consent"
    MERGE_SUBJECTS = "subjects.merge"


READ_ACTIONS = frozenset({Action.VIEW_ORG, Action.VIEW_MEMBERS, Action.VIEW_RECORDS})

_OFFICER = frozenset(
    {Action.VIEW_ORG, Action.VIEW_RECORDS, Action.REPORT, Action.REPLICATE, Action.MANAGE_CONSENT}
)

ROLE_ACTIONS: dict[str, frozenset[Action]] = {
    Role.REPORTER: _OFFICER,
    Role.VERIFIER: _OFFICER | {Action.VERIFY, Action.MERGE_SUBJECTS},
    Role.LEADER: _OFFICER | {Action.VIEW_MEMBERS, Action.DECIDE},
    Role.EDITOR: frozenset({Action.VIEW_ORG}),
    Role.ORG_ADMIN: frozenset(
        {
            Action.VIEW_ORG,
            Action.MANAGE_ORG,
            Action.VIEW_MEMBERS,
            Action.MANAGE_MEMBERS,
            Action.VIEW_AUDIT,
            Action.VIEW_RECORDS,
        }
    ),
    Role.SYSTEM_ADMIN: frozenset(Action),
}

# Roles of a propaganda board whose read scope widens to the parent's subtree.
BOARD_WATCH_ROLES = frozenset({Role.LEADER, Role.VERIFIER})


class Grant:
    __slots__ = ("org_id", "org_kind", "path", "role")

    def __init__(self, *, role: str, path: str, org_id: int, org_kind: str) -> None:
        self.role = role
        self.path = path
        self.org_id = org_id
        self.org_kind = org_kind


def grants(actor: Any) -> list[Grant]:
    """The actor's active, confirmed memberships, loaded once per actor object (one query).
    A grant awaiting confirmation gives no right at all."""
    if actor is None or not getattr(actor, "is_authenticated", False) or not actor.is_active:
        return []
    cached = getattr(actor, "_lantoa_grants", None)
    if cached is None:
        rows = Membership.objects.filter(
            user_id=actor.pk,
            ended_at__isnull=True,
            confirmed_at__isnull=False,
            organisation__valid_to__isnull=True,
        ).values_list("role", "org_path", "organisation_id", "organisation__kind")
        cached = [Grant(role=r, path=p, org_id=o, org_kind=k) for r, p, o, k in rows]
        actor._lantoa_grants = cached
    return cached


def forget(actor: Any) -> None:
    """Drop the cached grants (after the actor's own memberships changed)."""
    if actor is not None and hasattr(actor, "_lantoa_grants"):
        del actor._lantoa_grants


def is_system_admin(actor: Any) -> bool:
    return any(g.role == Role.SYSTEM_ADMIN for g in grants(actor))


def _parent_path(path: str) -> str:
    parts = path.strip("/").split("/")
    return "/" + "/".join(parts[:-1]) + "/" if len(parts) > 1 else path


def paths_for(actor: Any, action: Action) -> list[str] | None:
    """Subtree roots where `action` is allowed; None means everywhere."""
    if is_system_admin(actor):
        return None
    paths: set[str] = set()
    for grant in grants(actor):
        if action in ROLE_ACTIONS.get(grant.role, frozenset()):
            paths.add(grant.path)
            if (
                action in READ_ACTIONS
                and grant.org_kind == OrgKind.PROPAGANDA_BOARD
                and grant.role in BOARD_WATCH_ROLES
            ):
                paths.add(_parent_path(grant.path))
    # Keep only the outermost roots: "/1/" already covers "/1/2/".
    ordered = sorted(paths, key=len)
    roots: list[str] = []
    for path in ordered:
        if not any(path.startswith(root) for root in roots):
            roots.append(path)
    return roots


def scope_q(actor: Any, action: Action, field: str = "path") -> Q:
    """A filter for rows (by their path column `field`) on which `action` is allowed."""
    roots = paths_for(actor, action)
    if roots is None:
        return Q()
    if not roots:
        return Q(pk__in=[])
    query = Q()
    for root in roots:
        query |= Q(**{f"{field}__under": root})
    return query


def path_of(obj: Any) -> str:
    path = getattr(obj, "org_path", None) or getattr(obj, "path", None)
    if not path:
        raise ValueError(f"{obj!r} has no organisation path")
    return str(path)


def can(actor: Any, action: Action, obj: Any) -> bool:
    roots = paths_for(actor, action)
    if roots is None:
        return True
    path = path_of(obj)
    return any(path.startswith(root) for root in roots)


def require(actor: Any, action: Action, obj: Any) -> None:
    if not can(actor, action, obj):
        raise NotFound()


def roles_of(actor: Any) -> set[str]:
    return {g.role for g in grants(actor)}


def can_anywhere(actor: Any, action: Action) -> bool:
    roots = paths_for(actor, action)
    return roots is None or bool(roots)

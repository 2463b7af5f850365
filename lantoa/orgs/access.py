"""The one place that answers "may this actor do this action on this object?".

A role applies to the organisation of the membership and to its whole subtree. Each app
declares which of its actions each role grants (`declare_actions`); `system_admin` grants
everything, everywhere. A propaganda board's leaders and verifiers also *read* their Party
committee's whole subtree: the board watches the province (mission.md), it does not manage it.

Anything the actor may not do is answered as "not found" by the surfaces: existence of
objects outside one's scope never leaks.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from enum import StrEnum
from typing import Any

from django.db.models import Q

from lantoa.core import versioned
from lantoa.core.actors import Actor
from lantoa.core.errors import NotFound
from lantoa.orgs.models import Membership, OrgKind, Role


class Action(StrEnum):
    """What `orgs` itself guards. Every other app declares its own actions and the roles that
    grant them (`declare_actions`, from its AppConfig.ready): `orgs` names none of them."""

    VIEW_ORG = "orgs.view"
    MANAGE_ORG = "orgs.manage"
    VIEW_MEMBERS = "orgs.members.view"
    MANAGE_MEMBERS = "orgs.members.manage"
    VIEW_AUDIT = "audit.view"


# role → the actions it grants, and the actions that only read (collected from every app).
_ROLE_ACTIONS: dict[str, set[str]] = {}
_READ_ACTIONS: set[str] = set()


def declare_actions(role_actions: Mapping[str, Iterable[str]], *, read: Iterable[str] = ()) -> None:
    """Add an app's actions: which roles grant them, and which of them only read (a
    propaganda board's watchers get those over their Party committee's subtree)."""
    for role, actions in role_actions.items():
        _ROLE_ACTIONS.setdefault(str(role), set()).update(str(a) for a in actions)
    _READ_ACTIONS.update(str(a) for a in read)


def role_allows(role: str, action: str) -> bool:
    """`system_admin` grants everything, everywhere; other roles what the apps declared."""
    return role == Role.SYSTEM_ADMIN or action in _ROLE_ACTIONS.get(role, ())


declare_actions(
    {
        Role.REPORTER: {Action.VIEW_ORG},
        Role.VERIFIER: {Action.VIEW_ORG},
        Role.LEADER: {Action.VIEW_ORG, Action.VIEW_MEMBERS},
        Role.EDITOR: {Action.VIEW_ORG},
        Role.ORG_ADMIN: set(Action),
    },
    read={Action.VIEW_ORG, Action.VIEW_MEMBERS},
)

# Roles of a propaganda board whose read scope widens to the parent's subtree.
BOARD_WATCH_ROLES = frozenset({Role.LEADER, Role.VERIFIER})


class Grant:
    __slots__ = ("org_id", "org_kind", "path", "role")

    def __init__(self, *, role: str, path: str, org_id: int, org_kind: str) -> None:
        self.role = role
        self.path = path
        self.org_id = org_id
        self.org_kind = org_kind


# The version of every actor's cached grants: replaced whenever a membership or an
# organisation is written (orgs/signals.py) or the tree's paths are rewritten.
GRANTS_VERSION = "orgs:grants:v"


def grants_changed() -> None:
    """A membership or an organisation changed: every actor's grants are read afresh."""
    versioned.changed(GRANTS_VERSION)


def grants(actor: Actor) -> list[Grant]:
    """The actor's active, confirmed memberships, loaded once per actor object (one query).
    A grant awaiting confirmation gives no right at all."""
    if actor is None or not getattr(actor, "is_authenticated", False) or not actor.is_active:
        return []
    cached = getattr(actor, "_lantoa_grants", None)
    if cached is None:
        user_id = actor.pk

        def read() -> list[tuple[str, str, int, str]]:
            return list(
                Membership.objects.filter(
                    user_id=user_id,
                    ended_at__isnull=True,
                    confirmed_at__isnull=False,
                    organisation__valid_to__isnull=True,
                ).values_list("role", "org_path", "organisation_id", "organisation__kind")
            )

        # With a shared cache, kept per user until any membership or organisation changes
        # (`grants_changed`, decision 128); with Redis, in this process's memory while
        # Redis reports no write of the version (decision 142).
        rows = versioned.cached(
            GRANTS_VERSION, f"orgs:grants:{user_id}", read, watch=GRANTS_VERSION
        )
        cached = [Grant(role=r, path=p, org_id=o, org_kind=k) for r, p, o, k in rows]
        setattr(actor, "_lantoa_grants", cached)  # noqa: B010  (a per-object cache)
    return cached


def forget(actor: Actor) -> None:
    """Drop the cached grants (after the actor's own memberships changed)."""
    if actor is not None and hasattr(actor, "_lantoa_grants"):
        delattr(actor, "_lantoa_grants")


def is_system_admin(actor: Actor) -> bool:
    return any(g.role == Role.SYSTEM_ADMIN for g in grants(actor))


def _parent_path(path: str) -> str:
    parts = path.strip("/").split("/")
    return "/" + "/".join(parts[:-1]) + "/" if len(parts) > 1 else path


def paths_for(actor: Actor, action: str) -> list[str] | None:
    """Subtree roots where `action` is allowed; None means everywhere."""
    if is_system_admin(actor):
        return None
    paths: set[str] = set()
    for grant in grants(actor):
        if role_allows(grant.role, action):
            paths.add(grant.path)
            if (
                action in _READ_ACTIONS
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


def scope_q(actor: Actor, action: str, field: str = "path") -> Q:
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


def can(actor: Actor, action: str, obj: Any) -> bool:
    roots = paths_for(actor, action)
    if roots is None:
        return True
    path = path_of(obj)
    return any(path.startswith(root) for root in roots)


def require(actor: Actor, action: str, obj: Any) -> None:
    if not can(actor, action, obj):
        raise NotFound()


def roles_of(actor: Actor) -> set[str]:
    return {g.role for g in grants(actor)}


def can_anywhere(actor: Actor, action: str) -> bool:
    roots = paths_for(actor, action)
    return roots is None or bool(roots)

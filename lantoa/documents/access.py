"""Who may read and act on an issuer's documents.

A role held on the issuer's acting organisation, or on any organisation above it, applies
(as everywhere: a role covers its subtree). A system admin may do everything. Anything else
is answered as "not found" by the surfaces.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q

from lantoa.core.actors import Actor
from lantoa.orgs.access import grants, is_system_admin


def roots_for(actor: Actor, roles: Iterable[str]) -> list[str] | None:
    """Subtree roots where the actor holds one of `roles`; None means everywhere."""
    if is_system_admin(actor):
        return None
    wanted = set(roles)
    return sorted({g.path for g in grants(actor) if g.role in wanted})


def scope_q(actor: Actor, roles: Iterable[str], field: str = "org_path") -> Q:
    roots = roots_for(actor, roles)
    if roots is None:
        return Q()
    if not roots:
        return Q(pk__in=[])
    query = Q()
    for root in roots:
        query |= Q(**{f"{field}__under": root})
    return query


def holds(actor: Actor, roles: Iterable[str], org_path: str) -> bool:
    roots = roots_for(actor, roles)
    return roots is None or any(org_path.startswith(root) for root in roots)

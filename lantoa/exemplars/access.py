"""Record-level rules on top of `lantoa.orgs.access`: who may see a record, who may take a
transition. Every check here is path arithmetic on the actor's grants (no extra query)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from lantoa.exemplars.models import Record, Subject
from lantoa.exemplars.workflow import SHAREABLE_STATES, At, Transition
from lantoa.orgs.access import Action, can, can_anywhere, grants, is_system_admin, scope_q


def visible_records_q(actor: Any) -> Q:
    """Own tree: everything; elsewhere: verified records only (to learn from and replicate)."""
    if not can_anywhere(actor, Action.VIEW_RECORDS):
        return Q(pk__in=[])
    if is_system_admin(actor):
        # `Q() | Q(…)` is the right-hand side alone: everything must not become the shared.
        return Q()
    own = scope_q(actor, Action.VIEW_RECORDS, field="org_path")
    return own | Q(state__in=SHAREABLE_STATES)


def can_view_record(actor: Any, record: Record) -> bool:
    if not can_anywhere(actor, Action.VIEW_RECORDS):
        return False
    return record.state in SHAREABLE_STATES or can(actor, Action.VIEW_RECORDS, record)


def can_view_personal_data(actor: Any, subject: Subject) -> bool:
    """Contact and sensitive data stay inside the tree of the organisation that holds them."""
    return can(actor, Action.VIEW_RECORDS, subject)


def _holds_role_over(actor: Any, roles: frozenset[str], path: str) -> bool:
    if is_system_admin(actor):
        return True
    return any(g.role in roles and path.startswith(g.path) for g in grants(actor))


def may_take(actor: Any, record: Record, transition: Transition) -> bool:
    """Right role at the right level; the state and kind are checked by the caller."""
    path = record.handling_org.path if transition.at == At.HANDLING else record.org_path
    return _holds_role_over(actor, transition.roles, path)


def acting_org_id(actor: Any, roles: frozenset[str], path: str) -> int | None:
    """The organisation through which the actor acts (deepest matching grant)."""
    best = None
    for g in grants(actor):
        if (
            g.role in roles
            and path.startswith(g.path)
            and (best is None or len(g.path) > len(best.path))
        ):
            best = g
    return best.org_id if best else None

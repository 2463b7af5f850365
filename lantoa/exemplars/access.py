"""Record-level rules on top of `lantoa.orgs.access`: who may see a record, which steps of
the workflow table an actor may take on it. Every check here is path arithmetic on the
actor's grants (no extra query), except the mentor unit of a nurturing plan."""

from __future__ import annotations

from collections.abc import Collection

from django.db.models import Q

from lantoa.core.actors import Actor
from lantoa.core.workflow import Seat, Transition
from lantoa.exemplars.models import Record, Subject
from lantoa.exemplars.roles import RecordAction
from lantoa.exemplars.workflow import REGISTRY, SHAREABLE_STATES, At
from lantoa.orgs.access import can, can_anywhere, grants, is_system_admin, paths_for, scope_q
from lantoa.orgs.models import Role


def visible_records_q(actor: Actor) -> Q:
    """Own tree: everything; elsewhere: verified records only (to learn from and replicate)."""
    if not can_anywhere(actor, RecordAction.VIEW_RECORDS):
        return Q(pk__in=[])
    if is_system_admin(actor):
        # `Q() | Q(…)` is the right-hand side alone: everything must not become the shared.
        return Q()
    own = scope_q(actor, RecordAction.VIEW_RECORDS, field="org_path")
    return own | Q(state__in=SHAREABLE_STATES)


def visible_parts(actor: Actor, state: str = "") -> list[tuple[Q, str]]:
    """`visible_records_q` as disjoint conditions, each of which one index can serve: one
    per subtree the actor sees whole (a prefix of `org_path`), and the shared states outside
    those subtrees. A list is the UNION ALL of its parts, each walked newest first through
    its own index and cut at the page (`selectors.record_list`); the OR of the two in one
    WHERE made PostgreSQL filter hundreds of thousands of rows (issue 15).

    Given a `state`, the parts are simpler still: a shared state is visible everywhere (one
    part, no path condition), any other only inside the actor's subtrees. No part: nothing
    visible.

    Each part comes with the path of the subtree it lies in ("" for a part not inside one
    subtree): a search plans a subtree's part differently (`selectors.record_list`)."""
    if not can_anywhere(actor, RecordAction.VIEW_RECORDS):
        return []
    roots = paths_for(actor, RecordAction.VIEW_RECORDS)
    if roots is None:  # a system administrator sees everything
        return [(Q(), "")]
    if state in SHAREABLE_STATES:
        return [(Q(), "")]
    # `paths_for` keeps only the outermost roots, so these parts never overlap.
    own = [(Q(org_path__under=root), root) for root in roots]
    if state:
        return own
    anywhere_own = scope_q(actor, RecordAction.VIEW_RECORDS, field="org_path")
    return [*own, (Q(state__in=sorted(SHAREABLE_STATES)) & ~anywhere_own, "")]


def can_view_record(actor: Actor, record: Record) -> bool:
    if not can_anywhere(actor, RecordAction.VIEW_RECORDS):
        return False
    return record.state in SHAREABLE_STATES or can(actor, RecordAction.VIEW_RECORDS, record)


def can_view_personal_data(actor: Actor, subject: Subject) -> bool:
    """Contact and sensitive data stay inside the tree of the organisation that holds them."""
    return can(actor, RecordAction.VIEW_RECORDS, subject)


def path_at(record: Record, at: str) -> str | None:
    """The path of the organisation the workflow table's `at` names for this record (None:
    no such place, e.g. no nurturing plan, or "anywhere", which is no one place)."""
    if at == At.HANDLING:
        # List rows carry the path as a column (`selectors.inbox_for`), pages the object.
        row_path: str | None = getattr(record, "handling_org_path", None)
        return row_path or record.handling_org.path
    if at == At.REPORTING:
        return str(record.org_path)
    if at == At.MENTOR:
        plan = getattr(record, "nurture_plan", None)
        return plan.mentor_org.path if plan is not None else None
    if at == At.ANYWHERE:
        return None
    raise ValueError(f"unknown place {at!r}")


class RecordSeats:
    """The workflow table's resolver for records: the roles an actor holds at a place."""

    def state_of(self, obj: Record) -> str:
        return obj.state

    def kind_of(self, obj: Record) -> str | None:
        return obj.kind

    def roles_at(self, actor: Actor, obj: Record, at: str) -> Collection[str]:
        if is_system_admin(actor):
            return frozenset(Role.values)
        if at == At.ANYWHERE:
            return {g.role for g in grants(actor)}
        path = path_at(obj, at)
        if path is None:
            return set()
        return {g.role for g in grants(actor) if path.startswith(g.path)}


SEATS = RecordSeats()


def may_take(actor: Actor, record: Record, transition: Transition) -> bool:
    """Right role at the right level; the state and kind are checked by the caller."""
    return REGISTRY.may_take(actor, record, transition, SEATS)


def available_actions(actor: Actor, record: Record) -> list[Transition]:
    """The transitions the actor may take on the record now: the staff page's buttons, the
    inbox's bulk choices and the API's `available_actions` all come from here."""
    return REGISTRY.available_actions(actor, record, SEATS)


def side_seat(actor: Actor, record: Record, action: str) -> Seat | None:
    """The seat through which the actor may do side action `action` (honour, replicate,
    progress, milestone) on the record in its current state, or None."""
    return REGISTRY.seat_for(actor, record, action, SEATS)


def may_do(actor: Actor, record: Record, action: str) -> bool:
    return side_seat(actor, record, action) is not None


def acting_org_id(actor: Actor, roles: frozenset[str], path: str) -> int | None:
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


def acting_org_for(actor: Actor, record: Record, seat: Seat) -> int | None:
    """The organisation through which the actor holds `seat` on the record (None for a
    system administrator acting without a membership there)."""
    path = path_at(record, seat.at)
    if path is None:
        return None
    return acting_org_id(actor, seat.roles, path)

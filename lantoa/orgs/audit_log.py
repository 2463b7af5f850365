"""Reads of the audit log, scoped by the actor: an org admin reads their subtree's events."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from lantoa.audit.models import AuditEvent
from lantoa.core.actors import Actor
from lantoa.core.errors import NotFound
from lantoa.orgs.access import Action, can, scope_q


def _local_midnight(day: datetime.date) -> datetime.datetime:
    # The settings' zone (Asia/Ho_Chi_Minh): "from 3 March" means from local midnight.
    return timezone.make_aware(
        datetime.datetime.combine(day, datetime.time.min), timezone.get_default_timezone()
    )


def events_visible_to(
    actor: Actor,
    *,
    actor_q: str = "",
    action: str = "",
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
    org: Any = None,
) -> QuerySet[AuditEvent]:
    """Events whose organisation lies in the actor's VIEW_AUDIT scope, newest first.

    `actor_q` matches part of the actor's username (any case); `action` an exact code or a
    dotted prefix ("orgs.membership" → "orgs.membership.added", …); the dates are local days,
    both inclusive; `org` narrows to that organisation's subtree (NotFound outside the scope).
    Events without an organisation (e.g. a sign-in) are read by system administrators only.
    """
    qs = AuditEvent.objects.filter(scope_q(actor, Action.VIEW_AUDIT, field="org_path"))
    if org is not None:
        if not can(actor, Action.VIEW_AUDIT, org):
            raise NotFound()
        qs = qs.filter(org_path__under=org.path)
    actor_q = actor_q.strip()
    if actor_q:
        qs = qs.filter(actor_label__icontains=actor_q)
    action = action.strip().rstrip(".")
    if action:
        qs = qs.filter(Q(action=action) | Q(action__startswith=f"{action}."))
    if date_from is not None:
        qs = qs.filter(at__gte=_local_midnight(date_from))
    if date_to is not None:
        qs = qs.filter(at__lt=_local_midnight(date_to + datetime.timedelta(days=1)))
    return qs.select_related("actor", "org").order_by("-at", "-id")


def action_choices_for(actor: Actor) -> list[str]:
    """The distinct action codes among the events the actor may read (for a filter list)."""
    return list(
        AuditEvent.objects.filter(scope_q(actor, Action.VIEW_AUDIT, field="org_path"))
        .order_by("action")
        .values_list("action", flat=True)
        .distinct()
    )


def get_event_for(actor: Actor, pk: Any) -> AuditEvent:
    try:
        return events_visible_to(actor).get(pk=int(pk))
    except (AuditEvent.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None

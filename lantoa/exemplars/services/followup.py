"""Follow-up on a verified record: honours and the nurturing plan (replication: `replication`).

These writes do not change the record's state: each adds a row (replication, honour, progress
note, completed milestone) and a side step on the record's timeline, with its audit event.
In which states each is allowed, and to whom, is the workflow table's side actions.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lantoa.audit import services as audit
from lantoa.core.actors import Actor, signed_in
from lantoa.core.errors import DomainError, NotFound
from lantoa.exemplars.access import acting_org_for, can_view_record, side_seat
from lantoa.exemplars.models import (
    Honour,
    Milestone,
    ProgressNote,
    Record,
    RecordStep,
)
from lantoa.exemplars.services.transitions import _locked, _next_milestone_due, parts_changed
from lantoa.exemplars.workflow import REGISTRY
from lantoa.orgs.models import Organisation


def side_step(
    record: Record,
    *,
    actor: Actor,
    action: str,
    note: str,
    org_id: int | None,
    audit_action: str,
    changes: dict[str, Any],
) -> None:
    user = signed_in(actor)
    org_name = ""
    if org_id is not None:
        org_name = Organisation.objects.filter(pk=org_id).values_list("name", flat=True).get()
    parts_changed(record)
    RecordStep.objects.create(
        record=record,
        action=action,
        from_state=record.state,
        to_state=record.state,
        actor=user,
        actor_name=user.display_name,
        actor_org_id=org_id,
        actor_org_name=org_name,
        at=timezone.now(),
        note=note,
    )
    audit.record(actor=actor, action=audit_action, obj=record, org=record.org, changes=changes)


def add_honour(
    *, actor: Actor, record: Record, text: str, date: datetime.date | None = None
) -> Honour:
    text = " ".join(text.split())
    if not text:
        raise DomainError(_("Describe the honour."), code="required")
    with transaction.atomic():
        record = _locked(record)
        if not can_view_record(actor, record):
            raise NotFound()
        if record.state not in REGISTRY.side_action("honour").states:
            raise DomainError(_("Only a verified example can be honoured."), code="not_verified")
        org_id = _require_seat(actor, record, "honour")
        honour = Honour.objects.create(
            record=record, text=text, date=date, recorded_by=signed_in(actor)
        )
        side_step(
            record,
            actor=actor,
            action="honour",
            note=text,
            org_id=org_id,
            audit_action="exemplars.record.honoured",
            changes={"honour": [None, text]},
        )
    return honour


def _require_seat(actor: Actor, record: Record, action: str) -> int | None:
    """The organisation the actor does side action `action` through (None for a system
    administrator without a membership there); refused if they hold none of its seats."""
    seat = side_seat(actor, record, action)
    if seat is None:
        raise DomainError(_("Your role does not allow this step on this record."), code="forbidden")
    return acting_org_for(actor, record, seat)


def add_progress_note(*, actor: Actor, record: Record, text: str) -> ProgressNote:
    if not text.strip():
        raise DomainError(_("Write the progress."), code="required")
    with transaction.atomic():
        record = _locked(record)
        if record.state not in REGISTRY.side_action("progress").states or not hasattr(
            record, "nurture_plan"
        ):
            raise DomainError(_("This record is not being nurtured."), code="not_nurturing")
        org_id = _require_seat(actor, record, "progress")
        note = ProgressNote.objects.create(
            plan=record.nurture_plan, text=text.strip(), author=signed_in(actor)
        )
        side_step(
            record,
            actor=actor,
            action="progress",
            note=text.strip(),
            org_id=org_id,
            audit_action="exemplars.record.progress",
            changes={},
        )
    return note


def complete_milestone(
    *, actor: Actor, milestone: Milestone, done_on: datetime.date | None = None
) -> Milestone:
    with transaction.atomic():
        record = _locked(milestone.plan.record)
        milestone = Milestone.objects.select_for_update().get(pk=milestone.pk)
        if milestone.done_on is not None:
            raise DomainError(_("This milestone is already done."), code="already_done")
        if record.state not in REGISTRY.side_action("milestone").states:
            raise DomainError(_("This record is not being nurtured."), code="not_nurturing")
        org_id = _require_seat(actor, record, "milestone")
        milestone.done_on = done_on or timezone.localdate()
        milestone.save(update_fields=["done_on"])
        record.due_at = _next_milestone_due(record)
        record.save(update_fields=["due_at", "updated_at"])
        side_step(
            record,
            actor=actor,
            action="milestone",
            note=milestone.title,
            org_id=org_id,
            audit_action="exemplars.record.milestone_done",
            changes={"milestone": [None, milestone.title]},
        )
    return milestone

"""Workflow transitions on records, and the helpers every write on a record shares.

`transition_record` takes an action from `workflow.TRANSITIONS` on a locked record: it checks
the actor's role and the source state, applies the side effects of the action (proposal to a
higher level, nurturing plan, a returned record's completion), sets the next due time, and
writes the timeline step and the audit event. `_locked`, `_step` and `parts_changed` are used
by the other service modules.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lantoa.audit import services as audit
from lantoa.core.actors import Actor, signed_in, user_or_none
from lantoa.core.errors import DomainError, NotFound
from lantoa.core.workflow import Transition
from lantoa.exemplars.access import acting_org_id, can_view_record, may_take, path_at
from lantoa.exemplars.models import Milestone, NurturePlan, Record, RecordState, RecordStep
from lantoa.exemplars.services.completion import ReportChanges, complete_report
from lantoa.exemplars.workflow import BY_ACTION
from lantoa.orgs.models import Organisation
from lantoa.timeliness.calendar import due_for


@dataclass
class MilestoneInput:
    title: str
    due_date: datetime.date


@dataclass
class PlanInput:
    mentor_org: Organisation
    goal: str = ""
    milestones: list[MilestoneInput] = field(default_factory=list)


def parts_changed(record: Record) -> None:
    """The record's steps, evidence, honours or replications changed: set its `updated_at`
    again, the version under which the record page keeps them (`selectors.parts_key`).
    Called by every writer of a step (`_step`, `followup.side_step`), and every service that
    adds evidence, an honour or a replication, or confirms one, writes a step in the same
    transaction. Call it on the locked record; the stamp only moves forward (a clock set
    back, two changes in one microsecond)."""
    stamp = max(timezone.now(), record.updated_at + datetime.timedelta(microseconds=1))
    record.updated_at = stamp
    Record.objects.filter(pk=record.pk).update(updated_at=stamp)


def _step(
    record: Record,
    *,
    actor: Actor | None,
    action: str,
    from_state: str,
    note: str = "",
    actor_org_id: int | None = None,
    actor_name: str = "",
    now: datetime.datetime,
) -> RecordStep:
    """Append a timeline step. `actor_name` names who acted when no user did (it is stored as
    written, in the language of the records, not the visitor's)."""
    seconds = int((now - record.state_since).total_seconds()) if from_state else None
    overdue = bool(from_state and record.due_at and now > record.due_at)
    actor_org = Organisation.objects.filter(pk=actor_org_id).first() if actor_org_id else None
    user = user_or_none(actor)
    parts_changed(record)
    return RecordStep.objects.create(
        record=record,
        action=action,
        from_state=from_state,
        to_state=record.state,
        actor=user,
        actor_name=(user.display_name if user is not None else "") or actor_name or _("Citizen"),
        actor_org=actor_org,
        actor_org_name=actor_org.name if actor_org else "",
        at=now,
        note=note,
        seconds_in_previous=seconds,
        previous_due_at=record.due_at if from_state else None,
        was_overdue=overdue,
    )


def _locked(record: Record) -> Record:
    return (
        Record.objects.select_for_update(of=("self",))
        .select_related("handling_org")
        .get(pk=record.pk)
    )


def transition_record(
    *,
    actor: Actor,
    record: Record,
    action: str,
    note: str = "",
    target_org: Organisation | None = None,
    plan: PlanInput | None = None,
    changes: ReportChanges | Mapping[str, Any] | None = None,
) -> Record:
    """Take `action` on `record` if the workflow table allows it from the current state and
    the actor holds the right role at the right level. `changes` completes a returned
    record on "resubmit" (`completion.complete_report`: the checks of a new report); a
    mapping of the same names is accepted (the API's JSON)."""
    transition: Transition | None = BY_ACTION.get(action)
    if transition is None:
        raise DomainError(_("Unknown action."), code="invalid_action")
    note = note.strip()
    with transaction.atomic():
        record = _locked(record)
        if not can_view_record(actor, record):
            raise NotFound()
        if not may_take(actor, record, transition):
            raise DomainError(
                _("Your role does not allow this step on this record."), code="forbidden"
            )
        if not transition.applies_to(record.state, record.kind):
            raise DomainError(
                _("This record is “%(state)s”: “%(action)s” is not possible now.")
                % {"state": record.get_state_display(), "action": transition.label},
                code="invalid_transition",
            )
        if transition.note_required and not note:
            raise DomainError(_("Please give a reason."), code="note_required")
        now = timezone.now()
        from_state = record.state
        before = {"state": from_state, "handling_org": record.handling_org_id}
        actor_org = acting_org_id(actor, transition.roles, path_at(record, transition.at) or "")
        _apply(record, transition, actor=actor, target_org=target_org, plan=plan, now=now)
        completed: dict[str, Any] = {}
        if action == "resubmit" and changes:
            if not isinstance(changes, ReportChanges):
                changes = ReportChanges.from_mapping(changes)
            completed = complete_report(actor=actor, record=record, changes=changes)
        # "Back to where it came from" needs the state before this one, kept on the record.
        record.state = transition.target_from(record.previous_state or None)
        record.previous_state = from_state
        _set_due(record, transition, now)
        step = _step(
            record,
            actor=actor,
            action=action,
            from_state=from_state,
            note=note,
            actor_org_id=actor_org,
            now=now,
        )
        record.state_since = now
        record.save()
        after = {"state": record.state, "handling_org": record.handling_org_id}
        changes_log = audit.diff(before, after)
        if note:
            changes_log["note"] = [None, note]
        changes_log["seconds_in_previous"] = [None, step.seconds_in_previous]
        changes_log.update(completed)
        audit.record(
            actor=actor,
            action=f"exemplars.record.{action}",
            obj=record,
            org=record.org,
            changes=changes_log,
        )
    return record


def _apply(
    record: Record,
    transition: Transition,
    *,
    actor: Actor,
    target_org: Organisation | None,
    plan: PlanInput | None,
    now: datetime.datetime,
) -> None:
    action = transition.action
    if action == "propose":
        current = record.handling_org
        target = target_org or current.parent
        if target is None or not current.path.startswith(target.path) or target == current:
            raise DomainError(_("Choose a higher level to propose to."), code="invalid_target")
        record.previous_handling_org = current
        record.handling_org = target
    elif action == "decline_proposal":
        record.handling_org = record.previous_handling_org or record.handling_org
        record.previous_handling_org = None
    elif action == "start_nurturing":
        if plan is None or not plan.milestones:
            raise DomainError(
                _("A nurturing plan needs a mentor unit and at least one milestone."),
                code="plan_required",
            )
        nurture = NurturePlan.objects.create(
            record=record,
            mentor_org=plan.mentor_org,
            goal=plan.goal.strip(),
            created_by=signed_in(actor),
        )
        for milestone in plan.milestones:
            Milestone.objects.create(
                plan=nurture, title=milestone.title.strip(), due_date=milestone.due_date
            )


def _set_due(record: Record, transition: Transition, now: datetime.datetime) -> None:
    if record.state == RecordState.NURTURING:
        record.due_at = _next_milestone_due(record)
    elif transition.action == "start_verification":
        pass  # the 10 working days count from the report, not from the start of the check
    elif transition.due_step:
        record.due_at = due_for(transition.due_step, now)
    else:
        record.due_at = None


def _next_milestone_due(record: Record) -> datetime.datetime | None:
    milestone = (
        Milestone.objects.filter(plan__record=record, done_on__isnull=True)
        .order_by("due_date")
        .first()
    )
    if milestone is None:
        return None
    end = datetime.datetime.combine(milestone.due_date, datetime.time(23, 59, 59))
    return timezone.make_aware(end)
